"""Building a segment's contact list (SPEC 2.9–2.14, 2.16; checklist 8.D and 8.E).

Add Contacts, Reduce Contacts, Refine Contacts, Go Back, Save Criteria, Reuse
Criteria, Reuse Segment, the Segment Criteria view, "why is this contact here?",
Apply Mailing Group and Export Contacts.

Every action is one ``db.atomic()`` transaction and does its set work in SQL:
the contacts an Add selects are ONE query (:func:`matching_contacts`), inserted
by ``insert_contacts`` as one ``INSERT … SELECT``; the history is
an ``INSERT … SELECT`` from the new line range; Reduce/Refine delete with one
``DELETE … WHERE EXISTS``. Questions are asked through ``confirm(question,
default) -> bool`` before the write transaction opens.

Views and filters are those of :mod:`models.filters`: ``views`` is
``{table caption: {field caption: filter text}}``.
"""

from __future__ import annotations

import csv
import operator
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from typing import IO

import peewee as pw

from models.base.db import db
from models.base.enums import (
    ContactType,
    CriteriaAction,
    CriteriaLineType,
    HistoryAction,
)
from models.base.errors import FieldError, UserError
from models.filters import FilterError
from models.segments.criteria import (
    TABLES,
    clean_views,
    describe_views,
    next_action,
    no_of_criteria_actions,
    view_condition,
    view_from_text,
    view_to_text,
    write_history,
)
from models.segments.defaults import insert_contacts
from models.segments.lines import RESET_CRITERIA_Q, delete_lines
from models.segments.lookups import get_header, normalize_no
from models.tables.contacts import Contact, ContactMailingGroup, MailingGroup
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import (
    LoggedSegment,
    SavedSegmentCriteria,
    SavedSegmentCriteriaLine,
    SegmentCriteriaLine,
    SegmentHistory,
    SegmentLine,
)

Confirm = Callable[[str, bool], bool]
Progress = Callable[[float], None] | None

GO_BACK_QUESTION = "This undoes the last criteria action. Continue?"
SPECIFY_MAILING_GROUP = "Specify a Mailing Group Code."

_TRUE = pw.SQL("1 = 1")


def _report(progress: Progress, fraction: float) -> None:
    if progress is not None:
        progress(fraction)


def _all(parts) -> pw.Node:
    parts = [p for p in parts if p is not None]
    return reduce(operator.and_, parts) if parts else _TRUE


# ---------------------------------------------------------------------------
# Options


@dataclass(frozen=True)
class AddOptions:
    """The options of Add Contacts (SPEC 2.9)."""

    allow_existing_contacts: bool = False  # duplicates allowed
    expand_companies: bool = False  # a selected contact brings its whole company
    allow_related_companies: bool = False  # a selected person brings its company
    ignore_exclusion: bool = False  # "Exclude from Segment" contacts are added too

    def criteria_fields(self) -> dict[str, bool]:
        """The option fields of the Action criteria line."""
        return {
            "allow_existing_contacts": bool(self.allow_existing_contacts),
            "expand_contact": bool(self.expand_companies),
            "allow_company_with_persons": bool(self.allow_related_companies),
            "ignore_exclusion": bool(self.ignore_exclusion),
        }

    @classmethod
    def from_criteria(cls, line) -> "AddOptions":
        return cls(
            allow_existing_contacts=bool(line.allow_existing_contacts),
            expand_companies=bool(line.expand_contact),
            allow_related_companies=bool(line.allow_company_with_persons),
            ignore_exclusion=bool(line.ignore_exclusion),
        )

    def labels(self) -> list[str]:
        names = [("allow_existing_contacts", "Allow Existing Contacts"),
                 ("expand_companies", "Expand Companies"),
                 ("allow_related_companies", "Allow Related Companies"),
                 ("ignore_exclusion", "Ignore Exclusion")]
        return [label for name, label in names if getattr(self, name)]


def _options(options) -> AddOptions:
    if options is None:
        return AddOptions()
    if isinstance(options, AddOptions):
        return options
    if isinstance(options, dict):
        return AddOptions(**options)
    raise TypeError(f"options must be AddOptions, not {type(options).__name__}")


# ---------------------------------------------------------------------------
# Selection (SPEC 2.9): one SQL query


def contact_condition(views: dict | None, x=Contact) -> pw.Node:
    """The contacts (``x``: Contact or an alias of it) that pass every non-empty tab.

    AND across tabs; within a tab, "exists": Contact filters apply to the contact
    itself; Mailing Group and Job Responsibility need ≥1 matching link row of the
    contact; Industry Group and Business Relation ≥1 of the contact's company (a
    company's Company No. is its own No., so persons inherit and a person without
    a company has none); Interaction ≥1 matching non-postponed Interaction Log
    Entry of the contact. No filters at all: every contact.
    """
    parts = []
    for caption, view in clean_views(views).items():
        tbl = TABLES[caption]
        if tbl.match == "self":
            parts.append(view_condition(tbl, view, x))
            continue
        link = tbl.model.alias()
        where = view_condition(tbl, view, link)
        if tbl.match == "interaction":
            where = _all([where, link.postponed == False])  # noqa: E712
        owners = link.select(link.contact).where(where)
        parts.append((x.company if tbl.match == "company" else x.no).in_(owners))
    return _all(parts)


def _not_excluded(x, options: AddOptions):
    # "!= True", not "= False": the flag is far from selective, so no index should be read for it
    return None if options.ignore_exclusion else (x.exclude_from_segment != True)  # noqa: E712


def _selected(views, options: AddOptions, x) -> pw.Node:
    """The candidate set of Add Contacts for a contact alias ``x`` (no allow-existing rule).

    Exclusion is checked on every contact that enters the set (as Business
    Central checks each insert into its candidate list): an excluded person is
    not a candidate, so it brings neither its company nor (when expanding) its
    colleagues through itself.
    """
    def matched(y):
        return _all([contact_condition(views, y), _not_excluded(y, options)])

    def expanded(y):
        if not options.expand_companies:
            return matched(y)
        s = Contact.alias()
        companies = s.select(s.company).where(matched(s) & s.company.is_null(False))
        return _all([
            _not_excluded(y, options),
            (y.company.is_null() & matched(y)) | y.company.in_(companies),
        ])

    if not options.allow_related_companies:
        return expanded(x)
    e = Contact.alias()
    employers = e.select(e.company).where(
        expanded(e) & (e.type == ContactType.PERSON) & e.company.is_null(False))
    return expanded(x) | _all([_not_excluded(x, options), x.no.in_(employers)])


def _on_segment(segment_no: str, x) -> pw.Node:
    line = SegmentLine.alias()
    return pw.fn.EXISTS(line.select(pw.SQL("1")).where((line.segment == segment_no) & (line.contact == x.no)))


def matching_contacts(views: dict | None, options: AddOptions | None = None,
                      segment_no: str = "") -> pw.SelectQuery:
    """``SELECT contact.no`` of the contacts Add Contacts would insert (SPEC 2.9).

    Filters (AND across tabs, exists within a tab), Expand Companies, then Allow
    Related Companies, exclusion, and — unless Allow Existing Contacts — not
    already on a line of ``segment_no``. One row per contact (set semantics).
    Raises FilterError for an invalid filter.
    """
    options = _options(options)
    segment_no = normalize_no(segment_no)
    where = _selected(views, options, Contact)
    if not options.allow_existing_contacts and segment_no:
        where = where & ~_on_segment(segment_no, Contact)
    return Contact.select(Contact.no).where(where)


def _line_count(segment_no: str) -> int:
    return SegmentLine.select().where(SegmentLine.segment == segment_no).count()


# Below this many lines, "would be added" is counted by subtracting the selected contacts
# already on the segment (a query over its lines); above it, by testing every selected
# contact against the lines in the one scan (a probe per contact).
SUBTRACT_BELOW_LINES = 20_000


def count_matches(segment_no: str, views: dict | None, options: AddOptions | None = None) -> tuple[int, int]:
    """(contacts selected, of which Add Contacts would add) for the dialog's live count.

    The second number leaves out contacts already on the segment unless Allow
    Existing Contacts is set. One scan of the selected contacts, plus for a
    segment with lines either a count over its lines or a probe per contact.
    """
    options = _options(options)
    segment_no = normalize_no(segment_no)
    where = _selected(views, options, Contact)
    count = pw.fn.COUNT(pw.SQL("*"))
    lines = 0 if options.allow_existing_contacts else _line_count(segment_no)
    if not lines or lines < SUBTRACT_BELOW_LINES:
        total = int(Contact.select(count).where(where).scalar() or 0)
        if not lines:
            return total, total
        y = Contact.alias()
        present = (SegmentLine.select(pw.fn.COUNT(SegmentLine.contact.distinct()))
                   .join(y, on=(y.no == SegmentLine.contact))
                   .where((SegmentLine.segment == segment_no) & _selected(views, options, y))
                   .scalar())
        return total, total - int(present or 0)
    new = pw.Case(None, [(_on_segment(segment_no, Contact), 0)], 1)
    total, adding = Contact.select(count, pw.fn.SUM(new)).where(where).tuples().get()
    return int(total or 0), int(adding or 0)


# ---------------------------------------------------------------------------
# Criteria and history


def _filters(views: dict | None) -> list[tuple[str, str]]:
    """(table_no, table_view) of each tab with filters, in tab order."""
    return [(caption, view_to_text(view)) for caption, view in clean_views(views).items()]


def _check(views: dict | None) -> None:
    """Every filter must read before anything is written (the first error is raised)."""
    contact_condition(views)


def _add(segment_no: str, views: dict | None, options: AddOptions, progress: Progress) -> int:
    """Add Contacts inside the caller's transaction."""
    action_no = next_action(
        segment_no, CriteriaAction.ADD_CONTACTS, options.criteria_fields(), _filters(views))
    _report(progress, 0.1)
    # an empty segment holds nobody already: no need to test each contact against its lines
    on = segment_no if _line_count(segment_no) else ""
    first, count = insert_contacts(segment_no, matching_contacts(views, options, on))
    _report(progress, 0.8)
    if count:
        write_history(segment_no, action_no, SegmentLine.line_no >= first, HistoryAction.INSERTION)
    return count


def add_contacts(segment_no: str, views: dict | None, options: AddOptions | None = None,
                 progress: Progress = None) -> int:
    """Add Contacts (SPEC 2.9): the number of lines added.

    Writes the Action criteria line with the four options and one Filter line per
    tab with filters (even when nothing is added), inserts the selected contacts
    as lines (last Line No. + 10000 …, ordered Company Name, Company No., Type,
    Name, defaulted from the header) and a history Insertion per new line.
    """
    segment_no = normalize_no(segment_no)
    options = _options(options)
    _check(views)
    _report(progress, 0.0)
    with db.atomic():
        get_header(segment_no)
        count = _add(segment_no, views, options, progress)
    _report(progress, 1.0)
    return count


def _hit_condition(views: dict | None, entire_companies: bool) -> pw.Node:
    """Segment lines whose contact is in the "hit set" of Reduce/Refine (SPEC 2.10).

    Evaluated over the lines' contacts. With Entire Companies a line is hit when
    any contact of its contact's company matches (the hit set expanded to whole
    companies); a contact without a company is hit when it matches itself. The
    companies with a matching contact are one uncorrelated subquery (read once),
    so each line costs a primary-key look-up and a set probe.
    """
    y = Contact.alias()
    if not entire_companies:
        hits = y.select(pw.SQL("1")).where((y.no == SegmentLine.contact) & contact_condition(views, y))
        return pw.fn.EXISTS(hits)
    z = Contact.alias()
    matched_companies = z.select(z.company).where(z.company.is_null(False) & contact_condition(views, z))
    hits = y.select(pw.SQL("1")).where(
        (y.no == SegmentLine.contact)
        & ((y.company.is_null() & contact_condition(views, y))
           | (y.company.is_null(False) & y.company.in_(matched_companies)))
    )
    return pw.fn.EXISTS(hits)


def _removal(action: CriteriaAction, views, entire_companies: bool) -> pw.Node:
    hit = _hit_condition(views, entire_companies)
    has_contact = SegmentLine.contact.is_null(False)
    return has_contact & (hit if action == CriteriaAction.REDUCE else ~hit)


def count_removals(segment_no: str, views: dict | None, entire_companies: bool = False, *,
                   refine: bool = False) -> tuple[int, int]:
    """(lines whose contact is hit, lines Reduce — or with ``refine`` Refine — would delete)
    for the dialog's live count; the same rule as :func:`reduce_contacts`."""
    segment_no = normalize_no(segment_no)
    hit = _hit_condition(views, bool(entire_companies))
    with_contact = (SegmentLine.segment == segment_no) & SegmentLine.contact.is_null(False)
    hits = pw.fn.SUM(pw.Case(None, [(hit, 1)], 0))
    total, matching = SegmentLine.select(pw.fn.COUNT(pw.SQL("*")), hits).where(with_contact).tuples().get()
    total, matching = int(total or 0), int(matching or 0)
    return matching, (total - matching) if refine else matching


def _remove(segment_no: str, action: CriteriaAction, views, entire_companies: bool, confirm: Confirm,
            progress: Progress) -> int:
    """Reduce/Refine inside the caller's transaction."""
    action_no = next_action(
        segment_no, action, {"entire_companies": bool(entire_companies)}, _filters(views))
    _report(progress, 0.1)
    removed = delete_lines(
        segment_no, _removal(action, views, entire_companies), confirm, action_no)
    _report(progress, 0.9)
    return int(removed or 0)


def _pre_answer(segment_no: str, action: CriteriaAction, views, entire_companies: bool,
                confirm: Confirm | None) -> Confirm:
    """Ask "The segment is now empty…" before the transaction, when the removal will empty it.

    The answer is handed to the line delete rules as a fixed confirm.
    """
    as_default = lambda question, default: default  # noqa: E731
    if no_of_criteria_actions(segment_no) + 1 <= 1:
        return as_default  # the question needs more than one action
    lines = SegmentLine.select().where(SegmentLine.segment == segment_no)
    if not lines.exists() or lines.where(~_removal(action, views, entire_companies)).exists():
        return as_default  # nothing to delete, or some line stays
    answer = confirm(RESET_CRITERIA_Q, True) if confirm is not None else True
    return lambda _question, _default: answer


def _reduce_or_refine(action: CriteriaAction, segment_no, views, entire_companies, confirm, progress) -> int:
    segment_no = normalize_no(segment_no)
    _check(views)
    _report(progress, 0.0)
    get_header(segment_no)
    answer = _pre_answer(segment_no, action, views, bool(entire_companies), confirm)
    with db.atomic():
        get_header(segment_no)
        removed = _remove(segment_no, action, views, bool(entire_companies), answer, progress)
    _report(progress, 1.0)
    return removed


def reduce_contacts(segment_no: str, views: dict | None, entire_companies: bool = False,
                    confirm: Confirm | None = None, progress: Progress = None) -> int:
    """Reduce Contacts (SPEC 2.10): delete the lines whose contact matches; the number deleted.

    Writes a "Remove Contacts (Reduce)" action (Entire Companies) with its filters
    and a history Deletion per deleted line. When it empties a segment that then
    has more than one action, ``confirm`` is asked "The segment is now empty.
    Reset the number of criteria actions?" (default Yes) before anything is written.
    Lines without a contact are left alone.
    """
    return _reduce_or_refine(CriteriaAction.REDUCE, segment_no, views, entire_companies, confirm, progress)


def refine_contacts(segment_no: str, views: dict | None, entire_companies: bool = False,
                    confirm: Confirm | None = None, progress: Progress = None) -> int:
    """Refine Contacts (SPEC 2.10): delete the lines whose contact does NOT match; the number deleted.

    As :func:`reduce_contacts`, with a "Remove Contacts (Refine)" action.
    """
    return _reduce_or_refine(CriteriaAction.REFINE, segment_no, views, entire_companies, confirm, progress)


# ---------------------------------------------------------------------------
# Go Back (SPEC 2.11)


def _no_question(_question: str, default: bool) -> bool:
    return False


def go_back(segment_no: str, confirm: Confirm | None = None, progress: Progress = None) -> int:
    """Undo the last criteria action; the number of lines removed plus lines brought back.

    With ``confirm`` it first asks "This undoes the last criteria action.
    Continue?" (default No) and does nothing on No; without it the caller has
    asked. Lines the action inserted go (every line of the segment with such a
    contact, as Business Central does); lines it deleted come back at the end with
    the header's current defaults (the Quirk of SPEC 2.11), in the order Company
    Name, Company No., Type, Name; its history rows, its Action line and its
    Filter lines are deleted. Undoing never asks to reset the criteria.
    """
    segment_no = normalize_no(segment_no)
    get_header(segment_no)
    n = no_of_criteria_actions(segment_no)
    if n == 0:
        raise UserError(f"Segment {segment_no} has no criteria action to undo.")
    if confirm is not None and not confirm(GO_BACK_QUESTION, False):
        return 0
    _report(progress, 0.0)
    with db.atomic():
        changed = _go_back(segment_no, progress)
    _report(progress, 1.0)
    return changed


def _go_back(segment_no: str, progress: Progress) -> int:
    n = no_of_criteria_actions(segment_no)
    if n == 0:
        return 0
    h = SegmentHistory
    of_action = (h.segment == segment_no) & (h.segment_action_no == n)
    inserted = h.select(h.contact_no).where(of_action & (h.action_taken == HistoryAction.INSERTION))
    deleted = (h.select(h.contact_no).where(of_action & (h.action_taken == HistoryAction.DELETION))
               .order_by(h.segment_line_no.desc()))
    removed = 0
    if inserted.exists():
        removed = delete_lines(
            segment_no, SegmentLine.contact.in_(inserted), _no_question, 0)
    _report(progress, 0.5)
    added = 0
    if deleted.exists():
        _first, added = insert_contacts(segment_no, deleted)
    _report(progress, 0.8)
    h.delete().where(of_action).execute()
    _delete_last_action(segment_no)
    return int(removed or 0) + int(added or 0)


def _delete_last_action(segment_no: str) -> None:
    """Delete the criteria lines from the last one back to and including the last Action line."""
    c = SegmentCriteriaLine
    last_action = (c.select(pw.fn.MAX(c.line_no))
                   .where((c.segment == segment_no) & (c.type == CriteriaLineType.ACTION)).scalar())
    if last_action is None:
        return
    c.delete().where((c.segment == segment_no) & (c.line_no >= last_action)).execute()


# ---------------------------------------------------------------------------
# Save / Reuse Criteria (SPEC 2.12, 2.13)


_CRITERIA_FIELDS = ("type", "action", "table_no", "table_view", "allow_existing_contacts", "expand_contact",
                    "allow_company_with_persons", "ignore_exclusion", "entire_companies", "no_of_filters")


def save_criteria(segment_no: str, code: str, description: str = "") -> SavedSegmentCriteria:
    """Save Criteria: copy every criteria line of the segment under a new code (User ID = current user).

    Errors: no criteria actions; Code blank, too long or already used (FieldError "code").
    """
    segment_no = normalize_no(segment_no)
    code = normalize_no(code)
    description = (description or "").strip()
    if not code:
        raise FieldError("code", "Code must have a value.")
    if len(code) > 10:
        raise FieldError("code", f"Code '{code}' is longer than 10 characters.")
    if len(description) > 100:
        raise FieldError("description", "Description is longer than 100 characters.")
    with db.atomic():
        get_header(segment_no)
        if no_of_criteria_actions(segment_no) == 0:
            raise UserError(
                f"No. of Criteria Actions must have a value in Segment Header: No.={segment_no}. "
                "It cannot be zero or empty."
            )
        if SavedSegmentCriteria.get_or_none(SavedSegmentCriteria.code == code) is not None:
            raise FieldError("code", f"Saved Segment Criteria {code} already exists.")
        saved = SavedSegmentCriteria.create(code=code, description=description)
        c = SegmentCriteriaLine
        s = SavedSegmentCriteriaLine
        rows = c.select(pw.Value(code), c.line_no, *[getattr(c, f) for f in _CRITERIA_FIELDS]).where(
            c.segment == segment_no)
        s.insert_from(rows, [s.segment_criteria, s.line_no, *[getattr(s, f) for f in _CRITERIA_FIELDS]]).execute()
    return saved


def delete_saved_criteria(code: str) -> None:
    """Delete a Saved Segment Criteria and its lines."""
    code = normalize_no(code)
    with db.atomic():
        if SavedSegmentCriteria.get_or_none(SavedSegmentCriteria.code == code) is None:
            raise UserError(f"Saved Segment Criteria {code} does not exist.")
        SavedSegmentCriteriaLine.delete().where(SavedSegmentCriteriaLine.segment_criteria == code).execute()
        SavedSegmentCriteria.delete().where(SavedSegmentCriteria.code == code).execute()


@dataclass
class _Step:
    line: object  # the Action criteria line (segment or saved)
    views: dict


def _steps(lines) -> list[_Step]:
    """Actions in order, each with the views of the "No. of Filters" lines that follow it."""
    steps: list[_Step] = []
    pending = 0
    for line in lines:
        if line.type == CriteriaLineType.ACTION:
            steps.append(_Step(line, {}))
            pending = line.no_of_filters
        elif steps and pending > 0:
            pending -= 1
            steps[-1].views[line.table_no] = view_from_text(line.table_view)
    return steps


def _reuse_question(segment_no: str, what: str, confirm: Confirm | None) -> bool:
    n = no_of_criteria_actions(segment_no)
    if not n:
        return True
    question = f"Segment {segment_no} already contains {n} No. of Criteria Actions. Reuse a {what} anyway?"
    return bool(confirm(question, False)) if confirm is not None else False


def reuse_criteria(segment_no: str, code: str, confirm: Confirm | None = None, progress: Progress = None) -> int:
    """Reuse Criteria (SPEC 2.13): replay a saved criteria's actions in order; the number replayed.

    When the segment already has actions, asks "Segment <no> already contains <n>
    No. of Criteria Actions. Reuse a Saved Segment Criteria anyway?" (default No;
    without ``confirm``: No). Each action runs as the batch job does, writing its
    own criteria and history (Go Back undoes one replayed action at a time).
    Refine runs with its stored Entire Companies (Business Central ignores the flag
    on Refine replays — a bug we do not copy). A replay that empties the segment
    keeps the criteria (nobody is asked mid-replay).
    """
    segment_no = normalize_no(segment_no)
    code = normalize_no(code)
    get_header(segment_no)
    saved = SavedSegmentCriteria.get_or_none(SavedSegmentCriteria.code == code)
    if saved is None:
        raise UserError(f"Saved Segment Criteria {code} does not exist.")
    if not _reuse_question(segment_no, "Saved Segment Criteria", confirm):
        return 0
    lines = (SavedSegmentCriteriaLine.select()
             .where(SavedSegmentCriteriaLine.segment_criteria == code)
             .order_by(SavedSegmentCriteriaLine.line_no))
    steps = _steps(lines)
    for step in steps:
        _check(step.views)
    _report(progress, 0.0)
    with db.atomic():
        for i, step in enumerate(steps):
            action = step.line.action
            if action == CriteriaAction.ADD_CONTACTS:
                _add(segment_no, step.views, AddOptions.from_criteria(step.line), None)
            elif action in (CriteriaAction.REDUCE, CriteriaAction.REFINE):
                _remove(segment_no, action, step.views, bool(step.line.entire_companies), _no_question, None)
            _report(progress, (i + 1) / max(1, len(steps)))
    _report(progress, 1.0)
    return len(steps)


# ---------------------------------------------------------------------------
# Reuse Segment (SPEC 2.14)


def reuse_segment(segment_no: str, logged_segment_entry_no: int, confirm: Confirm | None = None,
                  progress: Progress = None) -> int:
    """Reuse Segment: one line per Interaction Log Entry of a logged segment; the number added.

    Asks (when the segment has actions) "… Reuse a Logged Segment anyway?" (default
    No). Writes an Add Contacts action with Allow Existing Contacts and one
    Interaction filter "Logged Segment Entry No.=<n>", then a line per entry (no
    duplicate filtering; postponed drafts are not entries of a logged segment)
    carrying the entry's Campaign No., and a history Insertion per line. The new
    lines are numbered in Add Contacts' order (Company Name, Company No., Type,
    Name), not in entry order: one rule for the order of inserted lines.
    """
    segment_no = normalize_no(segment_no)
    entry_no = int(logged_segment_entry_no)
    get_header(segment_no)
    if LoggedSegment.get_or_none(LoggedSegment.entry_no == entry_no) is None:
        raise UserError(f"Logged Segment {entry_no} does not exist.")
    if not _reuse_question(segment_no, "Logged Segment", confirm):
        return 0
    _report(progress, 0.0)
    with db.atomic():
        count = _reuse_segment(segment_no, entry_no)
    _report(progress, 1.0)
    return count


def _reuse_segment(segment_no: str, entry_no: int) -> int:
    views = {"Interaction": {"Logged Segment Entry No.": str(entry_no)}}
    options = AddOptions(allow_existing_contacts=True)
    action_no = next_action(
        segment_no, CriteriaAction.ADD_CONTACTS, options.criteria_fields(), _filters(views))
    ile = InteractionLogEntry
    entries = (ile.select(ile.contact, ile.campaign_no)
               .where((ile.logged_segment_entry_no == entry_no) & (ile.postponed == False))  # noqa: E712
               .order_by(ile.entry_no))
    first, count = insert_contacts(segment_no, entries)
    if count:
        write_history(segment_no, action_no, SegmentLine.line_no >= first, HistoryAction.INSERTION)
    return count


# ---------------------------------------------------------------------------
# Reading the criteria


def _action_text(line) -> str:
    label = CriteriaAction(line.action).label
    if line.action == CriteriaAction.ADD_CONTACTS:
        options = AddOptions.from_criteria(line).labels()
    else:
        options = ["Entire Companies"] if line.entire_companies else []
    return f"{label} ({', '.join(options)})" if options else label


def _filter_text(table_no: str, table_view: str) -> str:
    try:
        return describe_views({table_no: view_from_text(table_view)}) or f"{table_no}: (no filter)"
    except FilterError:
        return f"{table_no}: {table_view}"


def criteria_rows(segment_no: str) -> list[tuple[int, str]]:
    """The Segment Criteria view: (0, action text) rows, each followed by (1, filter text) rows.

    e.g. (0, "Add Contacts (Expand Companies)"), (1, "Contact: City=LONDON|PARIS").
    """
    segment_no = normalize_no(segment_no)
    c = SegmentCriteriaLine
    rows = []
    for line in c.select().where(c.segment == segment_no).order_by(c.line_no):
        if line.type == CriteriaLineType.ACTION:
            rows.append((0, _action_text(line)))
        else:
            rows.append((1, _filter_text(line.table_no, line.table_view)))
    return rows


def _action_step(segment_no: str, action_no: int) -> _Step | None:
    c = SegmentCriteriaLine
    lines = c.select().where(c.segment == segment_no).order_by(c.line_no)
    steps = _steps(lines)
    return steps[action_no - 1] if 0 < action_no <= len(steps) else None


def why_here(segment_no: str, line_no: int) -> str:
    """Why a line is on the segment, from the history:

    "Added by action 3: Add Contacts — Contact: City=LONDON"; a line entered on the
    page says "Entered by hand (action 2: …)"; a line no action accounts for (came
    back by Go Back, or the criteria were reset) says so.
    """
    segment_no = normalize_no(segment_no)
    line = SegmentLine.get_or_none((SegmentLine.segment == segment_no) & (SegmentLine.line_no == int(line_no)))
    if line is None:
        raise UserError(f"Segment {segment_no} has no line {line_no}.")
    contact = line.contact_no or ""
    h = SegmentHistory
    row = (h.select(h.segment_action_no)
           .where((h.segment == segment_no) & (h.segment_line_no == int(line_no))
                  & (h.action_taken == HistoryAction.INSERTION))
           .order_by(h.segment_action_no.desc()).tuples().first())
    if row is None:
        return (f"Line {line_no} ({contact or 'no contact'}) is not from any criteria action: it was "
                "entered by hand, brought back by Go Back, or the criteria were reset.")
    action_no = row[0]
    step = _action_step(segment_no, action_no)
    if step is None:
        return f"Added by action {action_no}."
    described = describe_views(step.views) or "no filters (every contact)"
    text = f"{_action_text(step.line)} — {described}"
    options = AddOptions.from_criteria(step.line)
    if (step.line.action == CriteriaAction.ADD_CONTACTS and options == AddOptions()
            and clean_views(step.views) == {"Contact": {"No.": contact}}):
        return f"Entered by hand (action {action_no}: {text})"
    return f"Added by action {action_no}: {text}"


# ---------------------------------------------------------------------------
# Apply Mailing Group, Export Contacts (SPEC 2.16)


def apply_mailing_group(segment_no: str, code: str, delete_old: bool = False) -> str:
    """Put every line's contact into a mailing group; the message to show.

    ``code`` must be exactly one Mailing Group Code ("Specify a Mailing Group
    Code." otherwise). Delete Old Assignments first removes every member of the
    group. Contacts already in the group stay once.
    """
    segment_no = normalize_no(segment_no)
    text = (code or "").strip()
    if not text or any(ch in text for ch in "|&*?()<>=@'") or ".." in text:
        raise FieldError("mailing_group_code", SPECIFY_MAILING_GROUP)
    code = text.upper()
    with db.atomic():
        get_header(segment_no)
        if MailingGroup.get_or_none(MailingGroup.code == code) is None:
            raise FieldError("mailing_group_code", f"Mailing Group {code} does not exist.")
        link = ContactMailingGroup
        if delete_old:
            link.delete().where(link.target == code).execute()
        member = link.alias()
        already = member.select(pw.SQL("1")).where((member.target == code) & (member.contact == SegmentLine.contact))
        rows = (SegmentLine.select(SegmentLine.contact, pw.Value(code)).distinct()
                .where((SegmentLine.segment == segment_no) & SegmentLine.contact.is_null(False)
                       & ~pw.fn.EXISTS(already)))
        link.insert_from(rows, [link.contact, link.target]).execute()
    return f"Mailing Group {code} is now applied to Segment {segment_no}."


# The columns of Business Central's Export Contacts that our Contact has, in its order.
EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("No.", "no"), ("Name", "name"), ("Name 2", "name_2"), ("Address", "address"),
    ("Address 2", "address_2"), ("County", "county"), ("Post Code", "post_code"), ("City", "city"),
    ("Country/Region Code", "country"), ("Phone No.", "phone_no"), ("Fax No.", "fax_no"),
    ("Territory Code", "territory_code"), ("Language Code", "language"),
    ("Salesperson Code", "salesperson"), ("VAT Registration No.", "vat_registration_no"),
    ("E-Mail", "e_mail"), ("Home Page", "home_page"), ("Type", "type"), ("Company Name", "company_name"),
    ("Company No.", "company"), ("First Name", "first_name"), ("Middle Name", "middle_name"),
    ("Surname", "surname"), ("Job Title", "job_title"), ("Initials", "initials"),
    ("Mobile Phone No.", "mobile_phone_no"), ("Exclude from Segment", "exclude_from_segment"),
    ("Correspondence Type", "correspondence_type"), ("Salutation Code", "salutation"),
]


def export_contacts(segment_no: str, out: IO[str]) -> int:
    """Export Contacts: CSV of the lines' contacts (a header row of captions, a row per line
    with a contact, in line order) to a text stream; the number of rows written."""
    from models.contacts import csv_io

    segment_no = normalize_no(segment_no)
    get_header(segment_no)
    fields = [getattr(Contact, name) for _caption, name in EXPORT_COLUMNS]
    formatters = [csv_io._formatter(f) for f in fields]
    query = (SegmentLine.select(*fields)
             .join(Contact, on=(Contact.no == SegmentLine.contact))
             .where(SegmentLine.segment == segment_no)
             .order_by(SegmentLine.line_no))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([caption for caption, _name in EXPORT_COLUMNS])
    count = 0
    for raw in csv_io._stream(query):
        writer.writerow([fmt(value) for fmt, value in zip(formatters, raw)])
        count += 1
    return count
