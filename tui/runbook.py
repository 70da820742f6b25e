"""``relman segment …``: the Segment page's actions as commands, for runbooks (a cron job,
a monthly shell script) that rebuild the same segments without the app.

Every command calls the models function the Segment page calls, so the rules are the
same. The filters of add/reduce/refine are the text the Segment Criteria view shows
(``Contact: City=L*; Mailing Group: Code=NEWS``, read by
models.segments.criteria_text), and :func:`runbook_lines` writes a segment's criteria
as these commands (the view's "Copy as Text").

A question the app would ask (models.base.ask) is answered Yes by ``--yes``; without it
the command stops, before anything is written, with one line naming the question
(exit 2). What happens goes to stderr, one line a step (with a progress line on a
terminal); stdout holds only data: a new segment's number, lines, lists, or with
``--json`` one JSON document. This module imports no textual: the CLI starts quickly.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from models.base.errors import UserError

SEGMENT_VARIABLE = '"$SEGMENT"'  # what runbook_lines put for the segment's number
LOG_QUESTION = ("Log segment {no}? Every line with a contact becomes an Interaction Log Entry; "
                "the segment moves to Logged Segments.")

# The Add Contacts options: flag -> AddOptions field (the dialog's check boxes)
ADD_FLAGS = {
    "--allow-existing": ("allow_existing_contacts", "Allow Existing Contacts: add contacts already on the segment"),
    "--expand-companies": ("expand_companies", "Expand Companies: a selected contact brings its whole company"),
    "--allow-related-companies": ("allow_related_companies",
                                  "Allow Related Companies: a selected person brings its company"),
    "--ignore-exclusion": ("ignore_exclusion", "Ignore Exclusion: add contacts marked Exclude from Segment"),
}
ENTIRE_FLAG = "--entire-companies"

# Header fields as options: flag -> (field of the Segment Header, help). The first three
# are New Segment's own; the others go through the header card's rules (update_header).
HEADER_OPTIONS = {
    "--description": ("description", "Description"),
    "--salesperson": ("salesperson_code", "Salesperson Code (default: the user's, from User Setup)"),
    "--campaign": ("campaign_no", "Campaign No."),
    "--template": ("interaction_template_code", "Interaction Template Code: its defaults fill the header"),
    "--language": ("language_code_default", "Language Code (Default)"),
    "--subject": ("subject_default", "Subject (Default)"),
    "--date": ("date", "Date (YYYY-MM-DD, t for today, w for the work date)"),
    "--correspondence-type": ("correspondence_type_default",
                              "Correspondence Type (Default): Hard Copy or Email (with --ignore-contact-corres-type Yes)"),
    "--ignore-contact-corres-type": ("ignore_contact_corres_type", "Ignore Contact Corres. Type: Yes/No"),
    "--information-flow": ("information_flow", "Information Flow: Outbound or Inbound"),
    "--initiated-by": ("initiated_by", "Initiated By: Us or Them"),
    "--unit-cost": ("unit_cost", "Unit Cost (LCY)"),
    "--unit-duration": ("unit_duration", "Unit Duration (Min.)"),
    "--send-word-docs-as-attmt": ("send_word_docs_as_attmt", "Send Word Docs. as Attmt.: Yes/No"),
    "--campaign-target": ("campaign_target", "Campaign Target: Yes/No"),
    "--campaign-response": ("campaign_response", "Campaign Response: Yes/No"),
}
NEW_FIELDS = ("description", "salesperson_code", "campaign_no")  # what create_segment takes

LINE_CAPTIONS = ("Line No.", "Contact No.", "Contact Name", "Company Name", "Description", "Salesperson Code",
                 "Interaction Template Code", "Language Code", "Correspondence Type", "Subject", "Evaluation",
                 "Attachment", "Cost (LCY)", "Duration (Min.)")  # the fields of a LineRow, in order
PAGE = 2000  # rows read at a time by lines and list


# ---------------------------------------------------------------------------
# The parser


def _entry_no(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an entry number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is not an entry number")
    return value


def add_segment_parser(commands, common: argparse.ArgumentParser, *, open_db: Callable[[argparse.Namespace], None],
                       progress: type) -> None:
    """Add ``segment`` and its commands to the CLI's subparsers. ``open_db(args)`` opens the
    database the CLI's way; ``progress`` is its progress printer class (tui.cli.Progress)."""
    answers = argparse.ArgumentParser(add_help=False)
    answers.add_argument("--yes", "-y", action="store_true",
                         help="answer Yes to every question the app would ask (without it a question stops "
                              "the command before anything is written)")
    answers.add_argument("--json", action="store_true", help="write the result as JSON on standard output")
    parents = [common, answers]

    segment = commands.add_parser(
        "segment", parents=[common], help="segment runbooks: build, log and resend segments without the app",
        description="The Segment page's actions as commands, with the app's rules. Filters are written as "
        "the Segment Criteria view shows them: 'Contact: City=L*, Type=Person; Mailing Group: Code=NEWS'. "
        "A question the app would ask needs --yes. Steps are reported on stderr; data (and --json) on stdout.",
    )
    sub = segment.add_subparsers(dest="segment_command", metavar="ACTION", title="actions")
    sub.required = True

    def command(name: str, func, help_text: str, description: str = "") -> argparse.ArgumentParser:
        parser = sub.add_parser(name, parents=parents, help=help_text, description=description or help_text)
        parser.set_defaults(run=lambda args: _execute(args, func, open_db, progress))
        return parser

    def segment_no(parser) -> None:
        parser.add_argument("segment_no", metavar="SEGMENT_NO", help="the segment's No.")

    def header_options(parser) -> None:
        group = parser.add_argument_group("header fields (as on the Segment page's header)")
        for flag, (name, help_text) in HEADER_OPTIONS.items():
            group.add_argument(flag, dest=f"h_{name}", metavar="VALUE", help=help_text)

    def filter_option(parser, verb: str) -> None:
        parser.add_argument("--filter", default="", metavar="TEXT",
                            help=f"the contacts to {verb}, as the Segment Criteria view prints them, "
                                 "e.g. 'Contact: City=L*; Mailing Group: Code=NEWS' (none: every contact)")

    new = command("new", cmd_new, "New Segment: prints its number",
                  "New Segment: a number from Segment Nos. (or --no), the header fields given, "
                  "in one transaction; prints the new segment's No. on stdout.")
    new.add_argument("--no", default="", metavar="NO", help="the No. (when Segment Nos. allows manual numbers)")
    header_options(new)

    changed = command("set", cmd_set, "change header fields of a segment (the header card's rules)")
    segment_no(changed)
    header_options(changed)

    add = command("add", cmd_add, "Add Contacts")
    segment_no(add)
    filter_option(add, "add")
    for flag, (name, help_text) in ADD_FLAGS.items():
        add.add_argument(flag, dest=name, action="store_true", help=help_text)
    for name, verb, what in (("reduce", "remove", "Reduce Contacts: remove the lines whose contact matches"),
                             ("refine", "keep", "Refine Contacts: keep only the lines whose contact matches")):
        parser = command(name, cmd_remove, what)
        segment_no(parser)
        filter_option(parser, verb)
        parser.add_argument(ENTIRE_FLAG, action="store_true",
                            help="Entire Companies: a matching contact takes its whole company along")

    back = command("go-back", cmd_go_back, "Go Back: undo the last criteria action")
    segment_no(back)
    save = command("save-criteria", cmd_save_criteria, "Save Criteria under a new code")
    segment_no(save)
    save.add_argument("code", metavar="CODE", help="the new Saved Segment Criteria code")
    save.add_argument("--description", default="", help="its description")
    reuse_c = command("reuse-criteria", cmd_reuse_criteria, "Reuse Criteria: replay saved criteria")
    segment_no(reuse_c)
    reuse_c.add_argument("code", metavar="CODE", help="the Saved Segment Criteria code")
    reuse_s = command("reuse-segment", cmd_reuse_segment, "Reuse Segment: the contacts of a logged segment")
    segment_no(reuse_s)
    reuse_s.add_argument("logged_no", metavar="LOGGED_NO", type=_entry_no, help="the logged segment's Entry No.")
    crit = command("criteria", cmd_criteria, "the criteria actions as relman commands (as Copy as Text)",
                   "A segment's criteria actions, or with --saved a Saved Segment Criteria's, as relman commands "
                   "on $SEGMENT: the text the Segment Criteria view copies.")
    crit.add_argument("segment_no", metavar="SEGMENT_NO", nargs="?", help="the segment's No.")
    crit.add_argument("--saved", metavar="CODE", help="show Saved Segment Criteria CODE instead of a segment's")
    lines = command("lines", cmd_lines, "the segment's lines as CSV or JSON")
    segment_no(lines)
    lines.add_argument("--format", choices=("csv", "json"), default="csv", help="csv (default) or json")
    export = command("export-letters", cmd_export_letters,
                     "Export Letters: a .docx per line and a print file, into a folder")
    segment_no(export)
    export.add_argument("folder", metavar="DIR", help="the folder (made when missing)")
    log = command("log", cmd_log, "Log: an Interaction Log Entry per line; the segment moves to Logged Segments")
    segment_no(log)
    log.add_argument("--send", action="store_true", help="Send Attachments: deliver the letters and e-mails")
    log.add_argument("--follow-up", action="store_true", help="Create Follow-up Segment with the same contacts")
    resend = command("resend", cmd_resend, "Resend: deliver logged entries again",
                     "Resend Attachments: the entries of a logged segment whose Delivery Status is Error "
                     "(as the Logged Segments page's Resend), or the entries given with --entry.")
    resend.add_argument("logged_no", metavar="LOGGED_NO", type=_entry_no, nargs="?",
                        help="the logged segment's Entry No.")
    resend.add_argument("--entry", dest="entries", metavar="N", type=_entry_no, action="append",
                        help="an Interaction Log Entry No. (repeat for more)")
    resend.add_argument("--delivery-status", metavar="FILTER", default=None,
                        help="which entries of LOGGED_NO (default Error; '' for all)")
    resend.add_argument("--correspondence-type", metavar="TYPE", default="",
                        help="Hard Copy or Email (default: the entry's own)")
    resend.add_argument("--update-merge-fields", action="store_true",
                        help="log a copy of each entry with the letter merged again")
    listing = command("list", cmd_list, "the open segments (--logged: the logged segments)")
    listing.add_argument("--logged", action="store_true", help="list the logged segments")


# ---------------------------------------------------------------------------
# Running a command


class Run:
    """What a command needs besides its arguments: the questions, progress and step lines."""

    def __init__(self, args: argparse.Namespace, progress_class: type):
        self.args = args
        self.progress_class = progress_class

    def confirm(self, question: str, default: bool) -> bool:
        """models.base.ask's confirm: Yes with --yes, else stop (nothing is written yet)."""
        if not self.args.yes:
            raise UserError(f"\"{question}\" needs an answer: run again with --yes to answer Yes.")
        self.step(f"{question} Yes (--yes).")
        return True

    @staticmethod
    def step(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    @contextmanager
    def progress(self, title: str) -> Iterator[Callable[[float, str], None] | None]:
        """A progress line while the work runs, on a terminal only (a log file gets the steps)."""
        try:
            tty = sys.stderr.isatty()
        except (AttributeError, ValueError):
            tty = False
        if not tty:
            yield None
            return
        shown = self.progress_class(sys.stderr, tty=True)
        try:
            yield lambda fraction, text="": shown(fraction, text or title)
        finally:
            shown.finish()


def _execute(args: argparse.Namespace, func, open_db, progress_class) -> int:
    open_db(args)
    func(Run(args, progress_class))
    return 0


def _emit(run: Run, message: str, data: dict) -> None:
    """The step's line on stderr; with --json the data on stdout."""
    if message:
        run.step(message)
    if run.args.json:
        print(json.dumps(data, ensure_ascii=False, default=str))


def _filter_views(text: str) -> dict:
    from models.filters import FilterError
    from models.segments.criteria_text import views_from_text

    try:
        return views_from_text(text)
    except FilterError as exc:
        raise UserError(f"--filter: {exc}") from None


def _lines_now(no: str) -> int:
    from models.segments.lookups import line_count

    return line_count(no)


def _header_texts(args: argparse.Namespace, skip: tuple[str, ...] = ()) -> dict[str, str]:
    return {name: getattr(args, f"h_{name}") for name, _help in HEADER_OPTIONS.values()
            if name not in skip and getattr(args, f"h_{name}") is not None}


# ---------------------------------------------------------------------------
# The commands


def cmd_new(run: Run) -> None:
    from models.base.db import transaction
    from models.pages.registry import entity
    from models.segments.segment import create_segment

    args = run.args
    given = {name: getattr(args, f"h_{name}") or "" for name in NEW_FIELDS}
    rest = _header_texts(args, NEW_FIELDS)

    def work() -> str:  # one transaction: a refused field leaves no half-made segment
        header = create_segment(args.no, **given)
        if rest:
            entity("segment_header").save(header.no, rest, run.confirm)
        return header.no

    no = transaction(work)
    run.step(f"New segment {no}" + (f" ({given['description']})." if given["description"] else "."))
    print(json.dumps({"segment_no": no}) if args.json else no)


def cmd_set(run: Run) -> None:
    from models.pages.registry import entity
    from models.segments.header import HEADER_FIELDS
    from models.segments.lookups import normalize_no

    no = normalize_no(run.args.segment_no)
    texts = _header_texts(run.args)
    if not texts:
        raise UserError("Give at least one header field to change (see 'relman segment set --help').")
    entity("segment_header").save(no, texts, run.confirm)
    captions = [HEADER_FIELDS[name] for name in HEADER_FIELDS if name in texts]
    _emit(run, f"Segment {no}: {', '.join(captions)} set.", {"segment_no": no, "changed": captions})


def cmd_add(run: Run) -> None:
    from models.segments.actions import add_contacts
    from models.segments.lookups import normalize_no
    from models.segments.selection import AddOptions

    args = run.args
    no = normalize_no(args.segment_no)
    views = _filter_views(args.filter)
    options = AddOptions(**{name: getattr(args, name) for name, _help in ADD_FLAGS.values()})
    with run.progress("Add Contacts") as progress:
        added = add_contacts(no, views, options, progress)
    lines = _lines_now(no)
    _emit(run, f"Add Contacts on {no}: {added:,} contacts added; {lines:,} lines.",
          {"segment_no": no, "action": "Add Contacts", "added": added, "lines": lines})


def cmd_remove(run: Run) -> None:
    from models.segments import actions
    from models.segments.lookups import normalize_no

    args = run.args
    no = normalize_no(args.segment_no)
    views = _filter_views(args.filter)
    reduce = args.segment_command == "reduce"
    title = "Reduce Contacts" if reduce else "Refine Contacts"
    act = actions.reduce_contacts if reduce else actions.refine_contacts
    with run.progress(title) as progress:
        removed = act(no, views, args.entire_companies, run.confirm, progress)
    lines = _lines_now(no)
    _emit(run, f"{title} on {no}: {removed:,} lines removed; {lines:,} lines.",
          {"segment_no": no, "action": title, "removed": removed, "lines": lines})


def cmd_go_back(run: Run) -> None:
    from models.segments.go_back import go_back
    from models.segments.lookups import normalize_no

    no = normalize_no(run.args.segment_no)
    with run.progress("Go Back") as progress:
        changed = go_back(no, run.confirm, progress)
    lines = _lines_now(no)
    _emit(run, f"Go Back on {no}: the last criteria action was undone ({changed:,} lines changed); "
          f"{lines:,} lines.", {"segment_no": no, "action": "Go Back", "changed": changed, "lines": lines})


def cmd_save_criteria(run: Run) -> None:
    from models.segments.lookups import normalize_no
    from models.segments.reuse import save_criteria

    no = normalize_no(run.args.segment_no)
    saved = save_criteria(no, run.args.code, run.args.description)
    _emit(run, f"Criteria of {no} saved as {saved.code}.", {"segment_no": no, "code": saved.code})


def cmd_reuse_criteria(run: Run) -> None:
    from models.segments.lookups import normalize_no
    from models.segments.reuse import reuse_criteria

    no = normalize_no(run.args.segment_no)
    with run.progress("Reuse Criteria") as progress:
        replayed = reuse_criteria(no, run.args.code, run.confirm, progress)
    lines = _lines_now(no)
    _emit(run, f"Reuse Criteria on {no}: {replayed:,} action{'' if replayed == 1 else 's'} of {run.args.code.upper()} replayed; {lines:,} lines.",
          {"segment_no": no, "action": "Reuse Criteria", "actions": replayed, "lines": lines})


def cmd_reuse_segment(run: Run) -> None:
    from models.segments.lookups import normalize_no
    from models.segments.reuse import reuse_segment

    no = normalize_no(run.args.segment_no)
    with run.progress("Reuse Segment") as progress:
        added = reuse_segment(no, run.args.logged_no, run.confirm, progress)
    lines = _lines_now(no)
    _emit(run, f"Reuse Segment on {no}: {added:,} lines added from logged segment {run.args.logged_no}; "
          f"{lines:,} lines.", {"segment_no": no, "action": "Reuse Segment", "added": added, "lines": lines})


def cmd_criteria(run: Run) -> None:
    from models.segments.criteria_text import criteria_texts, saved_criteria_texts

    if (run.args.segment_no is None) == (run.args.saved is None):
        raise UserError("Name a segment (SEGMENT_NO) or saved criteria (--saved CODE), not both.")
    texts = saved_criteria_texts(run.args.saved) if run.args.saved else criteria_texts(run.args.segment_no)
    if run.args.json:
        print(json.dumps([{"action": t.action.label, "options": [caption for _n, caption in t.options],
                           "filter": t.filters} for t in texts], ensure_ascii=False))
        return
    for line in command_lines(texts):
        print(line)


def cmd_lines(run: Run) -> None:
    from models.segments.lines import line_rows

    no = run.args.segment_no
    as_json = run.args.json or run.args.format == "json"
    out = sys.stdout
    rows = line_rows(no, 0, PAGE)  # a missing segment fails before anything is written
    writer = None if as_json else csv.writer(out, lineterminator="\n")
    if writer:
        writer.writerow(LINE_CAPTIONS)
    else:
        out.write("[")
    offset = 0
    while True:
        for index, row in enumerate(rows):
            values = ["" if v is None else str(v) for v in row]
            if writer:
                writer.writerow(values)
            else:
                record = dict(zip(LINE_CAPTIONS, values))
                record["Line No."] = row.line_no
                record["Duration (Min.)"] = row.duration
                out.write(("," if offset + index else "") + "\n" + json.dumps(record, ensure_ascii=False))
        offset += len(rows)
        if len(rows) < PAGE:
            break
        rows = line_rows(no, offset, PAGE)
    if not writer:
        out.write("\n]\n")
    out.flush()
    run.step(f"Segment {no.upper()}: {offset:,} lines.")


def cmd_export_letters(run: Run) -> None:
    from models.merge.segment_letters import export_segment_letters
    from models.segments.lookups import normalize_no

    no = normalize_no(run.args.segment_no)
    folder = Path(run.args.folder).expanduser()
    with run.progress("Export Letters") as progress:
        result = export_segment_letters(no, folder, progress)
    prints = len(result.print_files)
    _emit(run, f"Export Letters of {no}: {len(result.files):,} letters and "
          f"{'a print file' if prints == 1 else f'{prints} print files'} in {folder}.",
          {"segment_no": no, "files": [str(p) for p in result.files],
           "print_files": [str(p) for p in result.print_files]})


def cmd_log(run: Run) -> None:
    from models.interactions.send import log_segment_and_send
    from models.segments.log import log_options
    from models.segments.lookups import normalize_no

    args = run.args
    no = normalize_no(args.segment_no)
    if not log_options(no).deliver_enabled and args.send:  # log_options: the segment must exist
        raise UserError(f"No line of segment {no} has a correspondence type: there is nothing to send "
                        "(leave out --send).")
    run.confirm(LOG_QUESTION.format(no=no), True)  # the app's Log dialog: its OK
    with run.progress("Log") as progress:
        logged, sent = log_segment_and_send(no, deliver=args.send, follow_up=args.follow_up, progress=progress)
    entry = logged.logged_segment_entry_no
    message = (f"{logged.message} {logged.entries:,} interaction log entries are on Logged Segments "
               f"(entry {entry}).")
    _emit(run, " ".join(filter(None, [message, sent.message])), {
        "segment_no": no, "logged_segment_entry_no": entry, "entries": logged.entries,
        "follow_up_segment_no": logged.follow_up_segment_no, "queued": logged.queued,
        "delivered": sent.report.sent, "failed": sent.report.failed, "delivery": sent.message,
    })
    _delivery_failed(sent, entry)


def _delivery_failed(sent, logged_no: int | None) -> None:
    """A delivery that failed is an error for the runbook (exit 2); the log stands."""
    if sent.error is not None or sent.report.failed:
        again = f"relman segment resend {logged_no}" if logged_no else "relman segment resend"
        raise UserError(f"Delivery failed for {max(1, sent.report.failed):,} entries; send them again with "
                        f"'{again}'.")


def cmd_resend(run: Run) -> None:
    from models.interactions.send import resend

    args = run.args
    filters = {}
    if args.logged_no:
        filters["Logged Segment Entry No."] = str(args.logged_no)
        status = args.delivery_status if args.delivery_status is not None else ("" if args.entries else "Error")
        filters["Delivery Status"] = status
    elif args.delivery_status:
        filters["Delivery Status"] = args.delivery_status
    with run.progress("Resend") as progress:
        sent = resend(args.entries, filters, _correspondence_type(args.correspondence_type),
                      args.update_merge_fields, progress)
    _emit(run, f"Resend: {len(sent.queued):,} entries queued. {sent.message}".strip(),
          {"queued": sent.queued, "delivered": sent.report.sent, "failed": sent.report.failed,
           "delivery": sent.message})
    _delivery_failed(sent, args.logged_no)


def _correspondence_type(text: str):
    from models.base.enums import CorrespondenceType

    wanted = " ".join(text.split()).lower()
    if wanted in ("", "same", "same as entry"):
        return None
    for kind in CorrespondenceType:
        if kind and kind.label.lower() == wanted:
            return kind
    choices = ", ".join(k.label for k in CorrespondenceType if k)
    raise UserError(f"--correspondence-type: '{text}' is not one of {choices} (or leave it out: "
                    "the entry's own).")


def cmd_list(run: Run) -> None:
    from models.pages.registry import entity

    page = entity("logged_segments" if run.args.logged else "segments")
    columns = page.list_columns
    rows: list[list[str]] = []
    while True:
        batch = page.rows("", len(rows), PAGE)
        rows += [list(row[1:]) for row in batch]
        if len(batch) < PAGE:
            break
    if run.args.json:
        print(json.dumps([dict(zip((c.caption for c in columns), row)) for row in rows], ensure_ascii=False))
        return
    headers = [c.caption for c in columns]
    widths = [max([len(h)] + [len(row[i]) for row in rows]) for i, h in enumerate(headers)]
    for row in [headers, *rows]:
        print("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())
    run.step(f"{len(rows):,} {'logged segments' if run.args.logged else 'segments'}.")


# ---------------------------------------------------------------------------
# A segment's criteria as commands


def shell_quote(text: str) -> str:
    """``text`` as one shell word: in double quotes when nothing in it is special there."""
    if re.search(r'["$`\\!]', text):
        return shlex.quote(text)
    return f'"{text}"'


def runbook_lines(segment_no: str, segment: str = SEGMENT_VARIABLE) -> list[str]:
    """The segment's criteria actions as ``relman segment`` commands on ``segment`` (by
    default the shell variable $SEGMENT): the text the Segment Criteria view copies."""
    from models.segments.criteria_text import criteria_texts

    return command_lines(criteria_texts(segment_no), segment)


def command_lines(texts, segment: str = SEGMENT_VARIABLE) -> list[str]:
    """Criteria actions (models.segments.criteria_text.ActionText) as ``relman segment`` commands."""
    from models.base.enums import CriteriaAction

    verbs = {CriteriaAction.ADD_CONTACTS: "add", CriteriaAction.REDUCE: "reduce", CriteriaAction.REFINE: "refine"}
    flags = {name: flag for flag, (name, _help) in ADD_FLAGS.items()} | {"entire_companies": ENTIRE_FLAG}
    lines = []
    for text in texts:
        words = ["relman", "segment", verbs[text.action], segment]
        words += [flags[name] for name, _caption in text.options]
        if text.filters:
            words += ["--filter", shell_quote(text.filters)]
        lines.append(" ".join(words))
    return lines


__all__ = ["LOG_QUESTION", "add_segment_parser", "runbook_lines", "shell_quote"]
