"""Save Criteria, Reuse Criteria and Reuse Segment (SPEC 2.12–2.14; checklist 8.E): a segment
built again from saved criteria or from the entries of a logged segment.

Reusing onto a segment that already has criteria actions first asks
:func:`reuse_criteria_question` / :func:`reuse_segment_question` (default No). A screen
that asks it before the user picks what to reuse passes ``anyway=True``, so the
question is never asked twice and no caller has to recognise it by its text.
"""

from __future__ import annotations

import peewee as pw

from models.base.ask import Confirm, Progress, report
from models.base.db import db
from models.base.enums import CriteriaAction, HistoryAction
from models.base.errors import FieldError, UserError
from models.segments.actions import add_step, answer_no, remove_step
from models.segments.criteria import (
    action_steps,
    filter_lines,
    next_action,
    no_of_criteria_actions,
    write_history,
)
from models.segments.defaults import insert_contacts
from models.segments.lookups import get_header, normalize_no, write_segment
from models.segments.selection import AddOptions, check_filters
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import (
    LoggedSegment,
    SavedSegmentCriteria,
    SavedSegmentCriteriaLine,
    SegmentCriteriaLine,
    SegmentLine,
)

REUSE_QUESTION = "Segment {no} already contains {n} No. of Criteria Actions. Reuse a {what} anyway?"

_CRITERIA_FIELDS = ("type", "action", "table_no", "table_view", "allow_existing_contacts", "expand_contact",
                    "allow_company_with_persons", "ignore_exclusion", "entire_companies", "no_of_filters")


# ---------------------------------------------------------------------------
# Save Criteria (SPEC 2.12)


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
        taken = FieldError("code", f"Saved Segment Criteria {code} already exists.")
        if SavedSegmentCriteria.get_or_none(SavedSegmentCriteria.code == code) is not None:
            raise taken
        try:
            with db.atomic():  # another user saving the same code at this moment
                saved = SavedSegmentCriteria.create(code=code, description=description)
        except pw.IntegrityError:
            raise taken from None
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


# ---------------------------------------------------------------------------
# The question both reuses ask


def _question(segment_no: str, what: str) -> str | None:
    segment_no = normalize_no(segment_no)
    n = no_of_criteria_actions(segment_no)
    return REUSE_QUESTION.format(no=segment_no, n=n, what=what) if n else None


def reuse_criteria_question(segment_no: str) -> str | None:
    """The question Reuse Criteria asks first (default No): "Segment <no> already contains <n>
    No. of Criteria Actions. Reuse a Saved Segment Criteria anyway?"; None without actions."""
    return _question(segment_no, "Saved Segment Criteria")


def reuse_segment_question(segment_no: str) -> str | None:
    """As :func:`reuse_criteria_question`, ending "Reuse a Logged Segment anyway?"."""
    return _question(segment_no, "Logged Segment")


def _go_on(question: str | None, confirm: Confirm | None, anyway: bool) -> bool:
    """Reuse when there is nothing to ask, the caller has asked (``anyway``), or ``confirm`` says Yes."""
    if question is None or anyway:
        return True
    return bool(confirm(question, False)) if confirm is not None else False


# ---------------------------------------------------------------------------
# Reuse Criteria (SPEC 2.13)


def reuse_criteria(segment_no: str, code: str, confirm: Confirm | None = None, progress: Progress | None = None,
                   *, anyway: bool = False) -> int:
    """Reuse Criteria (SPEC 2.13): replay a saved criteria's actions in order; the number replayed.

    When the segment already has actions, asks :func:`reuse_criteria_question`
    (default No; without ``confirm``: No) unless ``anyway`` says the caller asked it
    and the user said Yes. Each action runs as the batch job does, writing its own
    criteria and history (Go Back undoes one replayed action at a time). Refine runs
    with its stored Entire Companies (Business Central ignores the flag on Refine
    replays — a bug we do not copy). A replay that empties the segment keeps the
    criteria (nobody is asked mid-replay).
    """
    segment_no = normalize_no(segment_no)
    code = normalize_no(code)
    get_header(segment_no)
    saved = SavedSegmentCriteria.get_or_none(SavedSegmentCriteria.code == code)
    if saved is None:
        raise UserError(f"Saved Segment Criteria {code} does not exist.")
    if not _go_on(reuse_criteria_question(segment_no), confirm, anyway):
        return 0
    lines = (SavedSegmentCriteriaLine.select()
             .where(SavedSegmentCriteriaLine.segment_criteria == code)
             .order_by(SavedSegmentCriteriaLine.line_no))
    steps = action_steps(lines)
    for step in steps:
        check_filters(step.views)
    report(progress, 0.0)

    def replay() -> None:
        for i, step in enumerate(steps):
            action = step.line.action
            if action == CriteriaAction.ADD_CONTACTS:
                add_step(segment_no, step.views, AddOptions.from_criteria(step.line), None)
            elif action in (CriteriaAction.REDUCE, CriteriaAction.REFINE):
                remove_step(segment_no, action, step.views, bool(step.line.entire_companies), answer_no, None)
            report(progress, (i + 1) / max(1, len(steps)))

    write_segment(segment_no, replay)
    report(progress, 1.0)
    return len(steps)


# ---------------------------------------------------------------------------
# Reuse Segment (SPEC 2.14)


def reuse_segment(segment_no: str, logged_segment_entry_no: int, confirm: Confirm | None = None,
                  progress: Progress | None = None, *, anyway: bool = False) -> int:
    """Reuse Segment: one line per Interaction Log Entry of a logged segment; the number added.

    Asks (when the segment has actions) :func:`reuse_segment_question` (default No),
    unless ``anyway``, as Reuse Criteria does. Writes an Add Contacts action with
    Allow Existing Contacts and one Interaction filter "Logged Segment Entry No.=<n>",
    then a line per entry (no duplicate filtering; postponed drafts are not entries
    of a logged segment) carrying the entry's Campaign No., and a history Insertion
    per line. The new lines are numbered in Add Contacts' order (Company Name,
    Company No., Type, Name), not in entry order: one rule for the order of inserted lines.
    """
    segment_no = normalize_no(segment_no)
    entry_no = int(logged_segment_entry_no)
    get_header(segment_no)
    if LoggedSegment.get_or_none(LoggedSegment.entry_no == entry_no) is None:
        raise UserError(f"Logged Segment {entry_no} does not exist.")
    if not _go_on(reuse_segment_question(segment_no), confirm, anyway):
        return 0
    report(progress, 0.0)
    count = write_segment(segment_no, lambda: _reuse_segment(segment_no, entry_no))
    report(progress, 1.0)
    return count


def _reuse_segment(segment_no: str, entry_no: int) -> int:
    views = {"Interaction": {"Logged Segment Entry No.": str(entry_no)}}
    options = AddOptions(allow_existing_contacts=True)
    action_no = next_action(
        segment_no, CriteriaAction.ADD_CONTACTS, options.criteria_fields(), filter_lines(views))
    ile = InteractionLogEntry
    entries = (ile.select(ile.contact, ile.campaign_no)
               .where((ile.logged_segment_entry_no == entry_no) & (ile.postponed == False))  # noqa: E712
               .order_by(ile.entry_no))
    first, count = insert_contacts(segment_no, entries)
    if count:
        write_history(segment_no, action_no, SegmentLine.line_no >= first, HistoryAction.INSERTION)
    return count
