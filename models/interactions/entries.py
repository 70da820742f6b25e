"""Logged Segments and Interaction Log Entries (SPEC 4.1–4.3, 1.12, 1.13, 6.6; checklist 8.I).

A logged entry is history: its fields are never edited. It can only be canceled
(and un-canceled), evaluated and commented; canceled entries (and canceled logged
segments) can be deleted. Everything else here reads.

* Logged Segments: ``logged_segments_query`` (the list with its FlowFields),
  ``switch_canceled_logged`` (cascades to the campaign entries and the entries),
  ``delete_canceled_logged``; Create Follow-up Segment is
  ``models.segments.log.follow_up_segment``.
* Interaction Log Entries: ``entries_query`` (Business Central filter texts by field
  caption, postponed drafts never shown), ``get_entry``, ``switch_canceled_entries``,
  ``evaluate_entries``, ``delete_canceled_entries``, ``entry_comments`` /
  ``set_entry_comments``, ``entry_attachment`` (Show Attachment).
* Resend (SPEC 4.3) up to the delivery: ``resend_candidates`` applies its filters and
  errors, ``prepare_resend`` re-queues the entries (or logs "Resend:" copies) with
  Delivery Status In Progress; the delivery then sends them and records the outcome
  with ``record_delivery``.

Confirmations follow models/templates.py: ``confirm(question, default) -> bool``,
every question asked before the one write transaction opens. Set work in SQL: a
selection of entries is written by UPDATE/DELETE … WHERE entry_no IN (…).

Decisions:

* "The first selected line" whose Canceled value decides the new value (Business
  Central's ``Find('-')``) is the selected record with the lowest Entry No.
* An attachment is *unique* to an entry when no other Interaction Log Entry refers to
  it (by Attachment No. or Modified Word Template). Removing a unique attachment
  deletes it even when read-only (SPEC 5.4: read-only attachments go with the last
  entry that uses them) — but never one that a template language or a segment
  language still refers to.
* Campaign target groups are not maintained by Relman, so deleting an entry does not
  touch them (Business Central's DeleteContfromTargetGr).
* Opportunities are out of scope (SPEC scope note): no Create Opportunity here.
* Resend also accepts entries whose letter is a Word template without a stored
  document (a delivery that failed before storing one): the merge engine can merge
  them again. Business Central only resends entries with an attachment.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Mapping
from functools import reduce

import peewee as pw

from models.base import context
from models.base.db import db
from models.base.enums import (
    ContactType,
    CorrespondenceType,
    DeliveryStatus,
    DocumentType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
)
from models.base.errors import UserError
from models.filters import FilterError, parse_filter
from models.tables.contacts import CampaignEntry, Contact
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InteractionTmplLanguage,
    InterLogEntryCommentLine,
)
from models.tables.segments import LoggedSegment, SegmentInteractionLanguage

Confirm = Callable[[str, bool], bool]

ILE = InteractionLogEntry
LOGGED_CAPTION = "Logged Segment"
ENTRY_CAPTION = "Interaction Log Entry"

REMOVE_CHECKMARK_Q = "{table} {no} is marked Canceled. Remove the checkmark?"
MARK_CANCELED_Q = "Mark {table} {no} as Canceled?"
REMOVE_CHECKMARKS_Q = "Remove the checkmark from the selected {table} lines?"
MARK_SELECTED_Q = "Mark the selected {table} lines as Canceled?"
REMOVE_ATTACHMENT_Q = "Remove the attachment?"
REMOVE_ATTACHMENTS_Q = "Remove the unique attachments of the selected lines?"
DELETED = "{n} {table} has been deleted."
EMPTY_ATTACHMENT = "The attachment is empty."
COVER_SHEET_PRINTED = "It is not possible to show cover sheets after they have been printed."
RESEND_PREFIX = "Resend:"
LOGGED_FILTER_MISSING = "Logged Segment Entry No. must be specified."
NOT_ONE_LOGGED = "Entries must all belong to the same Logged Segment."
NOTHING_TO_RESEND = "Nothing to send – only Word documents can be resent."
COMMENT_LENGTH = 80

# Interaction Log Entries filters: field caption -> (model field name, filter kind)
ENTRY_FILTERS: dict[str, tuple[str, str]] = {
    "Entry No.": ("entry_no", "integer"),
    "Contact No.": ("contact", "code"),
    "Contact Company No.": ("contact_company_no", "code"),
    "Date": ("date", "date"),
    "Segment No.": ("segment_no", "code"),
    "Logged Segment Entry No.": ("logged_segment_entry_no", "integer"),
    "Interaction Template Code": ("interaction_template_code", "code"),
    "Interaction Group Code": ("interaction_group_code", "code"),
    "Salesperson Code": ("salesperson_code", "code"),
    "Campaign No.": ("campaign_no", "code"),
    "Canceled": ("canceled", "boolean"),
    "Evaluation": ("evaluation", "enum"),
    "Delivery Status": ("delivery_status", "enum"),
    "Correspondence Type": ("correspondence_type", "enum"),
}
# Delete Canceled Segments (report 5191) filters
LOGGED_FILTERS: dict[str, tuple[str, str]] = {
    "Entry No.": ("entry_no", "integer"),
    "Segment No.": ("segment_no", "code"),
}
# Resend Attachments (report 5183) filters
RESEND_FILTERS = ("Logged Segment Entry No.", "Entry No.", "Delivery Status", "Correspondence Type",
                  "Contact No.", "Campaign No.")

_CHUNK = 5000  # ids per IN (…) list: far below every driver's parameter limit


def _chunks(numbers: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(numbers), _CHUNK):
        yield numbers[i:i + _CHUNK]


def _numbers(entry_nos: Iterable) -> list[int]:
    try:
        return sorted({int(n) for n in entry_nos})
    except (TypeError, ValueError):
        raise UserError("Entry numbers must be whole numbers.") from None


def _condition(source, table: Mapping[str, tuple[str, str]], filters: Mapping | None,
               caption: str = ENTRY_CAPTION) -> pw.Node | None:
    """AND of BC filter texts by field caption on a model (or alias); FilterError for an
    unknown caption or an unreadable text."""
    parts = []
    for name_given, text in (filters or {}).items():
        key = next((k for k in table if k.lower() == str(name_given).strip().lower()), None)
        if key is None:
            raise FilterError(f"{caption} has no field '{name_given}' to filter on.")
        name, kind = table[key]
        expr = parse_filter(getattr(source, name), "" if text is None else str(text), kind)
        if expr is not None:
            parts.append(expr)
    return reduce(operator.and_, parts) if parts else None


def _and(*parts) -> pw.Node:
    parts = [p for p in parts if p is not None]
    return reduce(operator.and_, parts) if parts else pw.SQL("1 = 1")


# ---------------------------------------------------------------- Logged Segments (SPEC 4.1)

def logged_segments_query() -> pw.SelectQuery:
    """The Logged Segments list, newest first: Canceled, Entry No., Creation Date, User ID,
    Segment No., Description and the FlowFields No. of Interactions (entries with this
    Logged Segment Entry No. and the same Canceled value) and No. of Campaign Entries
    (Register No. = Entry No., same Canceled), as ``no_of_interactions`` and
    ``no_of_campaign_entries``."""
    ls = LoggedSegment
    e = ILE.alias("ne")
    ce = CampaignEntry.alias("nce")
    interactions = (e.select(pw.fn.COUNT(e.entry_no))
                    .where((e.logged_segment_entry_no == ls.entry_no) & (e.canceled == ls.canceled)))
    campaign_entries = (ce.select(pw.fn.COUNT(ce.entry_no))
                        .where((ce.register_no == ls.entry_no) & (ce.canceled == ls.canceled)))
    return (ls.select(ls, interactions.alias("no_of_interactions"),
                      campaign_entries.alias("no_of_campaign_entries"))
            .order_by(ls.entry_no.desc()))


def logged_segment_counts(entry_no: int) -> tuple[int, int]:
    """(No. of Interactions, No. of Campaign Entries) of one logged segment (checklist 8.I 89)."""
    row = (logged_segments_query().where(LoggedSegment.entry_no == int(entry_no)).dicts().first())
    if row is None:
        raise UserError(f"{LOGGED_CAPTION} {entry_no} does not exist.")
    return int(row["no_of_interactions"]), int(row["no_of_campaign_entries"])


def campaign_entries_query(logged_segment_entry_no: int) -> pw.SelectQuery:
    """The Campaign Entries of a logged segment (Register No.), in entry order."""
    return (CampaignEntry.select().where(CampaignEntry.register_no == int(logged_segment_entry_no))
            .order_by(CampaignEntry.entry_no))


def _toggle_question(table: str, count: int, first_no: int, canceled: bool) -> str:
    if count == 1:
        return (REMOVE_CHECKMARK_Q if canceled else MARK_CANCELED_Q).format(table=table, no=first_no)
    return (REMOVE_CHECKMARKS_Q if canceled else MARK_SELECTED_Q).format(table=table)


def switch_canceled_logged(entry_nos: Iterable[int], confirm: Confirm) -> bool:
    """Switch Checkmark in Canceled on logged segments (SPEC 4.1, checklist 8.I 88).

    Asks "Logged Segment <n> is marked Canceled. Remove the checkmark?" / "Mark Logged
    Segment <n> as Canceled?" for one, "Remove the checkmark from the selected Logged
    Segment lines?" / "Mark the selected Logged Segment lines as Canceled?" for several
    (default Yes). The new value = not the Canceled of the first (lowest Entry No.), for
    every selected logged segment, their campaign entries (Register No.) and their
    entries. False when nothing was selected or the user said No."""
    numbers = _numbers(entry_nos)
    if not numbers:
        return False
    ls = LoggedSegment
    found = {n: c for n, c in ls.select(ls.entry_no, ls.canceled).where(ls.entry_no.in_(numbers)).tuples()}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise UserError(f"{LOGGED_CAPTION} {missing[0]} does not exist.")
    first = numbers[0]
    if not confirm(_toggle_question(LOGGED_CAPTION, len(numbers), first, bool(found[first])), True):
        return False
    new = not found[first]
    with db.atomic():
        for chunk in _chunks(numbers):
            ls.update(canceled=new).where(ls.entry_no.in_(chunk)).execute()
            CampaignEntry.update(canceled=new).where(CampaignEntry.register_no.in_(chunk)).execute()
            ILE.update(canceled=new).where(ILE.logged_segment_entry_no.in_(chunk)).execute()
    return True


def delete_canceled_logged(entry_no_filter: str | None = None, segment_no_filter: str | None = None) -> str:
    """Delete Canceled Segments (report 5191; SPEC 4.1, checklist 8.I 90): the canceled
    logged segments matching the filters (BC filter texts on Entry No. and Segment No.)
    are deleted; their entries and campaign entries stay, unlinked (Logged Segment Entry
    No. / Register No. := 0). Returns "<n> Logged Segment has been deleted."."""
    ls = LoggedSegment
    where = _and(ls.canceled == True,  # noqa: E712
                 _condition(ls, LOGGED_FILTERS, {"Entry No.": entry_no_filter, "Segment No.": segment_no_filter},
                            LOGGED_CAPTION))
    with db.atomic():
        doomed = ls.select(ls.entry_no).where(where)
        ILE.update(logged_segment_entry_no=0).where(ILE.logged_segment_entry_no.in_(doomed)).execute()
        CampaignEntry.update(register_no=0).where(CampaignEntry.register_no.in_(doomed)).execute()
        count = ls.delete().where(where).execute()
    return DELETED.format(n=count, table=LOGGED_CAPTION)


# ---------------------------------------------------------------- Interaction Log Entries (SPEC 4.2)

def entries_query(filters: Mapping[str, str] | None = None) -> pw.SelectQuery:
    """The Interaction Log Entries page: non-postponed entries matching BC filter texts by
    field caption (``ENTRY_FILTERS``: Contact No., Contact Company No., Segment No.,
    Interaction Template Code, Salesperson Code, Campaign No., Date, …), newest first, with
    the FlowFields ``contact_name``, ``contact_company_name`` and ``comment`` (Yes when
    comment lines exist). An unknown caption or an unreadable text raises FilterError."""
    condition = _and(ILE.postponed == False, _condition(ILE, ENTRY_FILTERS, filters))  # noqa: E712
    c = Contact.alias("cn")
    cc = Contact.alias("ccn")
    cl = InterLogEntryCommentLine.alias("cl")
    name = c.select(c.name).where(c.no == ILE.contact)
    company_name = cc.select(cc.name).where((cc.no == ILE.contact_company_no) & (cc.type == ContactType.COMPANY))
    comment = pw.fn.EXISTS(cl.select(cl.line_no).where(cl.entry == ILE.entry_no))
    return (ILE.select(ILE, name.alias("contact_name"), company_name.alias("contact_company_name"),
                       comment.alias("comment"))
            .where(condition)
            .order_by(ILE.entry_no.desc()))


def get_entry(entry_no: int) -> InteractionLogEntry:
    """A logged (not postponed) entry; UserError when there is none."""
    entry = ILE.get_or_none((ILE.entry_no == int(entry_no)) & (ILE.postponed == False))  # noqa: E712
    if entry is None:
        raise UserError(f"{ENTRY_CAPTION} {entry_no} does not exist.")
    return entry


def _logged_entries(numbers: list[int]) -> dict[int, tuple]:
    """{entry no.: (canceled, logged segment entry no., campaign entry no., attachment no.)}."""
    found = {}
    for chunk in _chunks(numbers):
        for n, canceled, logged, campaign_entry, attachment in (
                ILE.select(ILE.entry_no, ILE.canceled, ILE.logged_segment_entry_no, ILE.campaign_entry_no,
                           ILE.attachment_no)
                .where(ILE.entry_no.in_(chunk) & (ILE.postponed == False)).tuples()):  # noqa: E712
            found[n] = (bool(canceled), logged, campaign_entry, attachment)
    missing = [n for n in numbers if n not in found]
    if missing:
        raise UserError(f"{ENTRY_CAPTION} {missing[0]} does not exist.")
    return found


def _not_held_by_languages() -> pw.Node:
    tl = InteractionTmplLanguage
    sil = SegmentInteractionLanguage
    return (Attachment.no.not_in(tl.select(tl.attachment).where(tl.attachment.is_null(False)))
            & Attachment.no.not_in(sil.select(sil.attachment_no).where(sil.attachment_no != 0)))


def _refs_per_attachment(numbers: list[int]) -> dict[int, int]:
    """How many entries in total refer to each attachment of these entries (Attachment No.)."""
    own = set()
    for chunk in _chunks(numbers):
        own |= {a for (a,) in ILE.select(ILE.attachment_no)
                .where(ILE.entry_no.in_(chunk) & (ILE.attachment_no != 0)).tuples()}
    counts: dict[int, int] = {}
    for chunk in _chunks(sorted(own)):
        for a, n in (ILE.select(ILE.attachment_no, pw.fn.COUNT(ILE.entry_no))
                     .where(ILE.attachment_no.in_(chunk)).group_by(ILE.attachment_no).tuples()):
            counts[a] = int(n)
        for a, n in (ILE.select(ILE.modified_word_template, pw.fn.COUNT(ILE.entry_no))
                     .where(ILE.modified_word_template.in_(chunk)).group_by(ILE.modified_word_template).tuples()):
            counts[a] = counts.get(a, 0) + int(n)
    return counts


def _attachments_unique_to_each(numbers: list[int]) -> dict[int, int]:
    """{entry no.: attachment no.} for entries whose attachment no other entry refers to
    (Business Central's UniqueAttachment, judged on each entry alone) and no language holds."""
    counts = _refs_per_attachment(numbers)
    candidates = [a for a, n in counts.items() if n == 1]
    if not candidates:
        return {}
    held = set()
    for chunk in _chunks(candidates):
        free = {n for (n,) in Attachment.select(Attachment.no)
                .where(Attachment.no.in_(chunk) & _not_held_by_languages()).tuples()}
        held |= set(chunk) - free
    result = {}
    for chunk in _chunks(numbers):
        for entry_no, attachment in (ILE.select(ILE.entry_no, ILE.attachment_no)
                                     .where(ILE.entry_no.in_(chunk) & (ILE.attachment_no != 0)).tuples()):
            if counts.get(attachment) == 1 and attachment not in held:
                result[entry_no] = attachment
    return result


def _check_uncancel(found: dict[int, tuple]) -> None:
    """Un-cancelling is refused for an entry whose logged segment or campaign entry is
    canceled (SPEC 4.2, 6.6; checklist 8.I 92); the first such entry in Entry No. order."""
    canceled = [n for n, (c, *_rest) in found.items() if c]
    logged_nos = sorted({found[n][1] for n in canceled if found[n][1]})
    campaign_nos = sorted({found[n][2] for n in canceled if found[n][2]})
    canceled_logged = set()
    for chunk in _chunks(logged_nos):
        canceled_logged |= {n for (n,) in LoggedSegment.select(LoggedSegment.entry_no)
                            .where(LoggedSegment.entry_no.in_(chunk) & LoggedSegment.canceled).tuples()}
    canceled_campaign = set()
    for chunk in _chunks(campaign_nos):
        canceled_campaign |= {n for (n,) in CampaignEntry.select(CampaignEntry.entry_no)
                              .where(CampaignEntry.entry_no.in_(chunk) & CampaignEntry.canceled).tuples()}
    for n in sorted(canceled):
        _c, logged, campaign_entry, _a = found[n]
        if logged in canceled_logged:
            raise UserError(f"Canceled must be No in {LOGGED_CAPTION}: Entry No.={logged}.")
        if campaign_entry in canceled_campaign:
            raise UserError(f"Canceled must be No in Campaign Entry: Entry No.={campaign_entry}.")


def switch_canceled_entries(entry_nos: Iterable[int], confirm: Confirm) -> bool:
    """Switch Checkmark in Canceled on entries (SPEC 4.2, checklist 8.I 91–92).

    The question names the Interaction Log Entry ("… <n> is marked Canceled. Remove the
    checkmark?" / "Mark Interaction Log Entry <n> as Canceled?", plural forms for several;
    default Yes); the new value = not the first's (lowest Entry No.). Cancelling, when a
    selected entry has a unique attachment, asks a second question "Remove the
    attachment?" (one line) / "Remove the unique attachments of the selected lines?"
    (default No): Yes deletes the unique attachments of the entries being canceled and
    clears their Attachment No. Un-cancelling is refused ("Canceled must be No in Logged
    Segment: Entry No.=<n>." / "… in Campaign Entry …") when an entry's logged segment or
    campaign entry is canceled. False when nothing was selected or the user said No."""
    numbers = _numbers(entry_nos)
    if not numbers:
        return False
    found = _logged_entries(numbers)
    first = numbers[0]
    new = not found[first][0]
    if not new:
        _check_uncancel(found)
    if not confirm(_toggle_question(ENTRY_CAPTION, len(numbers), first, found[first][0]), True):
        return False
    remove = {}
    if new:
        unique = _attachments_unique_to_each(numbers)
        if unique:
            question = REMOVE_ATTACHMENT_Q if len(numbers) == 1 else REMOVE_ATTACHMENTS_Q
            if confirm(question, False):
                remove = {n: a for n, a in unique.items() if not found[n][0]}  # those being canceled
    with db.atomic():
        if not new:
            _check_uncancel(_logged_entries(numbers))
        if remove:
            removed = sorted(remove)
            for chunk in _chunks(removed):
                ILE.update(attachment_no=0).where(ILE.entry_no.in_(chunk)).execute()
            for chunk in _chunks(sorted(set(remove.values()))):
                Attachment.delete().where(Attachment.no.in_(chunk)).execute()
        for chunk in _chunks(numbers):
            ILE.update(canceled=new).where(ILE.entry_no.in_(chunk)).execute()
    return True


def evaluate_entries(entry_nos: Iterable[int], evaluation: Evaluation | str | int) -> int:
    """Evaluate Interaction (checklist 8.I 93): the chosen evaluation (Very Positive …
    Very Negative) on every selected entry; the number of entries changed."""
    try:
        value = (Evaluation.from_label(evaluation) if isinstance(evaluation, str)
                 else Evaluation(int(evaluation)))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if value == Evaluation.BLANK:
        raise UserError("Choose an evaluation: Very Positive, Positive, Neutral, Negative or Very Negative.")
    numbers = _numbers(entry_nos)
    _logged_entries(numbers)
    count = 0
    with db.atomic():
        for chunk in _chunks(numbers):
            count += ILE.update(evaluation=value).where(ILE.entry_no.in_(chunk)).execute()
    return count


def delete_canceled_entries(filters: Mapping[str, str] | None = None) -> str:
    """Delete Canceled Entries (report 5190; SPEC 4.2, checklist 8.I 94): every canceled
    entry matching the filters (BC filter texts by caption: Entry No., Contact No., Date,
    Campaign No., Interaction Group Code, Interaction Template Code, Salesperson Code …)
    is deleted with its comment lines; the attachments they referred to go too unless an
    entry that stays still refers to them (or a language record holds them). Returns
    "<n> Interaction Log Entry has been deleted."."""
    where = _and(ILE.canceled == True, ILE.postponed == False,  # noqa: E712
                 _condition(ILE, ENTRY_FILTERS, filters))
    with db.atomic():
        doomed = ILE.select(ILE.entry_no).where(where)
        own = ILE.select(ILE.attachment_no).where(where & (ILE.attachment_no != 0))
        staying = ILE.alias("staying")
        kept = staying.select(staying.attachment_no).where(staying.entry_no.not_in(doomed))
        kept_mwt = staying.select(staying.modified_word_template).where(
            staying.entry_no.not_in(doomed) & (staying.modified_word_template != 0))
        attachments = [n for (n,) in Attachment.select(Attachment.no)
                       .where(Attachment.no.in_(own) & Attachment.no.not_in(kept)
                              & Attachment.no.not_in(kept_mwt) & _not_held_by_languages()).tuples()]
        InterLogEntryCommentLine.delete().where(InterLogEntryCommentLine.entry.in_(doomed)).execute()
        count = ILE.delete().where(where).execute()
        for chunk in _chunks(attachments):
            Attachment.delete().where(Attachment.no.in_(chunk)).execute()
    return DELETED.format(n=count, table=ENTRY_CAPTION)


# ---------------------------------------------------------------- comments

def entry_comments(entry_no: int) -> list[tuple[dt.date | None, str]]:
    """The comment sheet of an entry: (Date, Comment) per line, in line order."""
    get_entry(entry_no)
    cl = InterLogEntryCommentLine
    return [(d, text) for d, text in cl.select(cl.date, cl.comment)
            .where(cl.entry == int(entry_no)).order_by(cl.line_no).tuples()]


def check_comments(lines: list[str]) -> list[str]:
    """Comment lines as stored: right-trimmed, trailing blank lines dropped; a line longer
    than 80 characters is refused (UserError naming it)."""
    texts = [("" if t is None else str(t)).rstrip() for t in lines]
    while texts and not texts[-1].strip():
        texts.pop()
    for i, text in enumerate(texts, 1):
        if len(text) > COMMENT_LENGTH:
            raise UserError(f"Comment line {i} is longer than {COMMENT_LENGTH} characters.")
    return texts


def set_entry_comments(entry_no: int, lines: list[str]) -> None:
    """Replace an entry's comment lines (Line No. 10000, 20000 …). A line that is unchanged
    at its position keeps its Date; new or changed lines get the work date. Trailing blank
    lines are dropped; a line longer than 80 characters is refused."""
    get_entry(entry_no)
    texts = check_comments(lines)
    old = entry_comments(entry_no)
    cl = InterLogEntryCommentLine
    rows = []
    for i, text in enumerate(texts):
        same = i < len(old) and old[i][1] == text
        rows.append({"entry": int(entry_no), "line_no": (i + 1) * 10000,
                     "date": old[i][0] if same else context.work_date(), "comment": text})
    with db.atomic():
        cl.delete().where(cl.entry == int(entry_no)).execute()
        if rows:
            cl.insert_many(rows).execute()


# ---------------------------------------------------------------- Show Attachment

def entry_attachment(entry_no: int) -> tuple[bytes, str]:
    """Show Attachment: (content, extension) of the entry's document — its attachment, else
    the Modified Word Template it was logged with. "The attachment is empty." when there is
    none or it has no content; cover sheets cannot be shown after printing."""
    entry = get_entry(entry_no)
    number = entry.attachment_no or entry.modified_word_template
    attachment = Attachment.get_or_none(Attachment.no == number) if number else None
    if attachment is None and entry.document_type == DocumentType.COVER_SHEET:
        raise UserError(COVER_SHEET_PRINTED)
    content = attachment.content if attachment is not None else b""
    if not content:
        raise UserError(EMPTY_ATTACHMENT)
    return content, (attachment.file_extension or "").lower()


# ---------------------------------------------------------------- the pages' rows

def _yes(value) -> str:
    return "Yes" if value else "No"


def _label(enum, value) -> str:
    return enum(value or 0).label if value else ""


LOGGED_SEGMENT_COLUMNS = [("Entry No.", 9), ("Segment No.", 11), ("Description", 23), ("Created", 10),
                          ("User ID", 10), ("Interactions", 12), ("Camp. Entries", 13), ("Canceled", 8)]


def logged_segment_rows(offset: int, limit: int) -> list[tuple]:
    """A window of the Logged Segments list as texts, the Entry No. first (its key)."""
    query = logged_segments_query().offset(offset).limit(limit).dicts()
    return [(r["entry_no"], str(r["entry_no"]), r["segment_no"], r["description"],
             r["creation_date"].isoformat() if r["creation_date"] else "", r["user_id"],
             f"{int(r['no_of_interactions']):,}", f"{int(r['no_of_campaign_entries']):,}", _yes(r["canceled"]))
            for r in query]


def logged_segment_count() -> int:
    return LoggedSegment.select().count()


ENTRY_COLUMNS = [("Entry No.", 9), ("Date", 10), ("Contact No.", 11), ("Contact Name", 17),
                 ("Description", 21), ("Template", 8), ("Canceled", 8), ("Evaluation", 13), ("Delivery", 11),
                 ("Corr. Type", 10), ("Segment No.", 11), ("Campaign No.", 12), ("Salesperson", 11),
                 ("Company Name", 20), ("Subject", 24), ("Comment", 7)]


def entry_rows(filters: Mapping[str, str] | None, offset: int, limit: int) -> list[tuple]:
    """A window of the Interaction Log Entries page (``entries_query``) as texts, the Entry No.
    first (its key)."""
    query = entries_query(filters).offset(offset).limit(limit)
    return [(e.entry_no, str(e.entry_no), e.date.isoformat() if e.date else "", e.contact_no,
             e.contact_name or "", e.description, e.interaction_template_code, _yes(e.canceled),
             _label(Evaluation, e.evaluation), _label(DeliveryStatus, e.delivery_status),
             _label(CorrespondenceType, e.correspondence_type), e.segment_no, e.campaign_no, e.salesperson_code,
             e.contact_company_name or "", e.subject, _yes(e.comment)) for e in query]


def entry_count(filters: Mapping[str, str] | None = None) -> int:
    return entries_query(filters).order_by().count()


def entry_card(entry_no: int) -> list[tuple[str, str]]:
    """Every field of one entry as (caption, text), for the read-only entry card."""
    e = get_entry(entry_no)
    ce = e.contact_company_no
    company = Contact.select(Contact.name).where(Contact.no == ce).scalar() if ce else ""
    name = Contact.select(Contact.name).where(Contact.no == e.contact_no).scalar() or ""
    return [
        ("Entry No.", str(e.entry_no)), ("Contact No.", f"{e.contact_no} {name}".strip()),
        ("Contact Company No.", f"{ce} {company or ''}".strip()), ("Date", e.date.isoformat() if e.date else ""),
        ("Time of Interaction", e.time_of_interaction.strftime("%H:%M") if e.time_of_interaction else ""),
        ("Description", e.description), ("Subject", e.subject),
        ("Interaction Group Code", e.interaction_group_code),
        ("Interaction Template Code", e.interaction_template_code),
        ("Language Code", e.interaction_language_code), ("Salesperson Code", e.salesperson_code),
        ("Initiated By", _label(InitiatedBy, e.initiated_by)),
        ("Information Flow", _label(InformationFlow, e.information_flow)),
        ("Correspondence Type", _label(CorrespondenceType, e.correspondence_type)),
        ("Send Word Docs. as Attmt.", _yes(e.send_word_docs_as_attmt)),
        ("Contact Alt. Address Code", e.contact_alt_address_code),
        ("Evaluation", _label(Evaluation, e.evaluation)), ("Attempt Failed", _yes(e.attempt_failed)),
        ("Cost (LCY)", f"{e.cost:,.2f}"), ("Duration (Min.)", str(e.duration)),
        ("Campaign No.", e.campaign_no), ("Campaign Entry No.", str(e.campaign_entry_no or "")),
        ("Campaign Target", _yes(e.campaign_target)), ("Campaign Response", _yes(e.campaign_response)),
        ("Segment No.", e.segment_no), ("Logged Segment Entry No.", str(e.logged_segment_entry_no or "")),
        ("Attachment No.", str(e.attachment_no or "")), ("Word Template Code", e.word_template_code),
        ("Delivery Status", _label(DeliveryStatus, e.delivery_status)), ("Delivery Error", e.delivery_error),
        ("E-Mail Logged", _yes(e.e_mail_logged)), ("Canceled", _yes(e.canceled)), ("User ID", e.user_id),
    ]


# ---------------------------------------------------------------- delivery status

def record_delivery(entry_no: int, error: str | None = None) -> None:
    """The outcome of one delivery (SPEC 5.3, checklist 8.F 66): Delivery Status blank when
    sent, Error with the reason (cut to 250 characters) when not."""
    status = DeliveryStatus.ERROR if error else DeliveryStatus.BLANK
    ILE.update(delivery_status=status, delivery_error=(error or "")[:250]).where(
        ILE.entry_no == int(entry_no)).execute()


# ---------------------------------------------------------------- Resend (SPEC 4.3)

def _resend_condition(entry_nos: Iterable[int] | None, filters: Mapping[str, str] | None) -> pw.Node:
    filters = {k: v for k, v in (filters or {}).items() if v is not None and str(v).strip()}
    for caption in filters:
        if caption not in RESEND_FILTERS:
            raise FilterError(f"Resend Attachments has no filter '{caption}'.")
    numbers = _numbers(entry_nos) if entry_nos is not None else None
    if "Logged Segment Entry No." not in filters and numbers:
        logged = set()
        for chunk in _chunks(numbers):
            logged |= {n for (n,) in ILE.select(ILE.logged_segment_entry_no)
                       .where(ILE.entry_no.in_(chunk)).distinct().tuples()}
        if len(logged) > 1:
            raise UserError(NOT_ONE_LOGGED)
        if logged:
            filters["Logged Segment Entry No."] = str(logged.pop())
    text = filters.get("Logged Segment Entry No.")
    if not text:
        raise UserError(LOGGED_FILTER_MISSING)
    if text.strip() != "0":
        ls = LoggedSegment
        matches = ls.select().where(parse_filter(ls.entry_no, text, "integer")).count()
        if matches != 1:
            raise UserError(NOT_ONE_LOGGED)
    condition = _and(ILE.postponed == False, _condition(ILE, ENTRY_FILTERS, filters))  # noqa: E712
    if numbers is not None:
        condition &= ILE.entry_no.in_(numbers) if len(numbers) <= _CHUNK else pw.SQL("1 = 1")
    return condition


def _has_document() -> pw.Node:
    """An entry with something to send: an existing attachment (or Modified Word Template),
    or a Word template the merge engine can merge again."""
    found = Attachment.select(Attachment.no).where(
        (Attachment.no == ILE.attachment_no) | (Attachment.no == ILE.modified_word_template))
    return pw.fn.EXISTS(found) | (ILE.word_template_code != "")


def resend_candidates(entry_nos: Iterable[int] | None = None, filters: Mapping[str, str] | None = None,
                      correspondence_type: CorrespondenceType | None = None) -> list[int]:
    """The entries Resend Attachments would send (SPEC 4.3), in Entry No. order.

    ``filters`` are BC filter texts on Logged Segment Entry No. (mandatory), Entry No.,
    Delivery Status, Correspondence Type, Contact No., Campaign No.; ``entry_nos`` (the
    selected entries) restricts them and, without a Logged Segment Entry No. filter,
    gives it (all from one logged segment, else "Entries must all belong to the same
    Logged Segment."). Errors: "Logged Segment Entry No. must be specified."; a filter
    not naming exactly one logged segment (other than 0) → "Entries must all belong to the
    same Logged Segment."; ``correspondence_type`` None ("Same as Entry") needs every
    entry to have one ("Correspondence Type must have a value in Interaction Log Entry:
    Entry No.=<n>."); nothing to send → "Nothing to send – only Word documents can be
    resent."."""
    condition = _resend_condition(entry_nos, filters) & _has_document()
    numbers = [n for (n,) in ILE.select(ILE.entry_no).where(condition).order_by(ILE.entry_no).tuples()]
    if entry_nos is not None:
        wanted = set(_numbers(entry_nos))
        numbers = [n for n in numbers if n in wanted]
    if not numbers:
        raise UserError(NOTHING_TO_RESEND)
    if correspondence_type is None:
        for chunk in _chunks(numbers):
            row = (ILE.select(ILE.entry_no).where(ILE.entry_no.in_(chunk) & (ILE.correspondence_type == 0))
                   .order_by(ILE.entry_no).tuples().first())
            if row:
                raise UserError(f"Correspondence Type must have a value in {ENTRY_CAPTION}: Entry No.={row[0]}.")
    return numbers


def prepare_resend(entry_nos: Iterable[int] | None = None, filters: Mapping[str, str] | None = None,
                   correspondence_type: CorrespondenceType | None = None,
                   update_merge_fields: bool = False) -> list[int]:
    """Resend Attachments up to the delivery (SPEC 4.3, checklist 8.I 96): the entry nos. to
    send now, each with Delivery Status In Progress (``models.segments.log.delivery_queue``
    reads them). One transaction.

    * Without Update Merge Fields the entries themselves are re-queued (their
      Correspondence Type replaced when one is chosen; E-Mail Logged := No).
    * With Update Merge Fields a copy of each is logged as a new entry: date = work date,
      time = now, Description prefixed "Resend:" (unless it already is; cut to 100), the
      chosen Correspondence Type, the same logged segment and campaign entry, the current
      user, a read-only copy of the attachment and of the comment lines; the copies are
      queued."""
    numbers = resend_candidates(entry_nos, filters, correspondence_type)
    with db.atomic():
        if not update_merge_fields:
            values = {ILE.delivery_status: DeliveryStatus.IN_PROGRESS, ILE.e_mail_logged: False,
                      ILE.delivery_error: ""}
            if correspondence_type is not None:
                values[ILE.correspondence_type] = correspondence_type
            for chunk in _chunks(numbers):
                ILE.update(values).where(ILE.entry_no.in_(chunk)).execute()
            return numbers
        return [_resend_copy(n, correspondence_type) for n in numbers]


def _resend_copy(entry_no: int, correspondence_type: CorrespondenceType | None) -> int:
    from models.tables import attachments

    old = ILE.get(ILE.entry_no == entry_no)
    values = {name: value for name, value in old.__data__.items() if name != "entry_no"}
    description = old.description or ""
    if not description.startswith(RESEND_PREFIX):
        description = (RESEND_PREFIX + description)[:100]
    attachment_no = 0
    if old.attachment_no and Attachment.select().where(Attachment.no == old.attachment_no).exists():
        attachment_no = attachments.copy_attachment(old.attachment_no, read_only=True).no
    values.update(
        date=context.work_date(), time_of_interaction=context.now().time(), description=description,
        user_id=context.user_id(), attachment_no=attachment_no, canceled=False, postponed=False,
        delivery_status=DeliveryStatus.IN_PROGRESS, delivery_error="", e_mail_logged=False,
    )
    if correspondence_type is not None:
        values["correspondence_type"] = correspondence_type
    new_no = int(ILE.insert(**values).execute())
    cl = InterLogEntryCommentLine
    comments = list(cl.select(cl.line_no, cl.date, cl.comment).where(cl.entry == entry_no).tuples())
    if comments:
        cl.insert_many([{"entry": new_no, "line_no": n, "date": d, "comment": c} for n, d, c in comments]).execute()
    return new_no


__all__ = [
    "ENTRY_FILTERS", "logged_segments_query", "logged_segment_counts", "campaign_entries_query",
    "switch_canceled_logged", "delete_canceled_logged", "entries_query", "get_entry",
    "switch_canceled_entries", "evaluate_entries", "delete_canceled_entries", "entry_comments",
    "set_entry_comments", "check_comments", "entry_attachment", "record_delivery", "resend_candidates", "prepare_resend",
    "LOGGED_SEGMENT_COLUMNS", "logged_segment_rows", "logged_segment_count", "ENTRY_COLUMNS", "entry_rows",
    "entry_count", "entry_card",
]
