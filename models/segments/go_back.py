"""Go Back (SPEC 2.11): undo the last criteria action from its history, in one transaction."""

from __future__ import annotations

import peewee as pw

from models.base.ask import Confirm, Progress, report
from models.base.enums import CriteriaLineType, HistoryAction
from models.base.errors import UserError
from models.segments.actions import answer_no
from models.segments.criteria import no_of_criteria_actions
from models.segments.defaults import insert_contacts
from models.segments.lines import delete_lines
from models.segments.lookups import get_header, normalize_no, write_segment
from models.tables.segments import SegmentCriteriaLine, SegmentHistory, SegmentLine

GO_BACK_QUESTION = "This undoes the last criteria action. Continue?"


def go_back(segment_no: str, confirm: Confirm | None = None, progress: Progress | None = None) -> int:
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
    report(progress, 0.0)
    changed = write_segment(segment_no, lambda: _go_back(segment_no, progress))
    report(progress, 1.0)
    return changed


def _go_back(segment_no: str, progress: Progress | None) -> int:
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
            segment_no, SegmentLine.contact.in_(inserted), answer_no, 0)
    report(progress, 0.5)
    added = 0
    if deleted.exists():
        _first, added = insert_contacts(segment_no, deleted)
    report(progress, 0.8)
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
