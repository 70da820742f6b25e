"""Reading a segment's criteria back to a person: the Segment Criteria view's rows, and
"why is this contact here?" for a line, from the criteria lines and the history."""

from __future__ import annotations

from typing import NamedTuple

from models.base.enums import CriteriaAction, CriteriaLineType, HistoryAction
from models.base.errors import UserError
from models.filters import FilterError
from models.segments.criteria import (
    ActionStep,
    action_steps,
    clean_views,
    describe_views,
    view_from_text,
)
from models.segments.lookups import normalize_no
from models.segments.selection import ENTIRE_COMPANIES, AddOptions
from models.tables.segments import SegmentCriteriaLine, SegmentHistory, SegmentLine


class CriteriaRow(NamedTuple):
    """One row of the Segment Criteria view: an action, or a filter shown under its action."""

    is_filter: bool
    text: str


def _action_text(line) -> str:
    """'Add Contacts (Expand Companies)': the action of a criteria line with its options set."""
    label = CriteriaAction(line.action).label
    if line.action == CriteriaAction.ADD_CONTACTS:
        options = AddOptions.from_criteria(line).labels()
    else:
        options = [ENTIRE_COMPANIES] if line.entire_companies else []
    return f"{label} ({', '.join(options)})" if options else label


def _filter_text(table_no: str, table_view: str) -> str:
    try:
        return describe_views({table_no: view_from_text(table_view)}) or f"{table_no}: (no filter)"
    except FilterError:
        return f"{table_no}: {table_view}"


def criteria_rows(segment_no: str) -> list[CriteriaRow]:
    """The Segment Criteria view: an action row, then a filter row per table it filtered.

    e.g. (False, "Add Contacts (Expand Companies)"), (True, "Contact: City=LONDON|PARIS").
    """
    segment_no = normalize_no(segment_no)
    c = SegmentCriteriaLine
    rows = []
    for line in c.select().where(c.segment == segment_no).order_by(c.line_no):
        if line.type == CriteriaLineType.ACTION:
            rows.append(CriteriaRow(False, _action_text(line)))
        else:
            rows.append(CriteriaRow(True, _filter_text(line.table_no, line.table_view)))
    return rows


def _action_step(segment_no: str, action_no: int) -> ActionStep | None:
    c = SegmentCriteriaLine
    lines = c.select().where(c.segment == segment_no).order_by(c.line_no)
    steps = action_steps(lines)
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
