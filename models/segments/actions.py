"""Add Contacts, Reduce Contacts and Refine Contacts (SPEC 2.9, 2.10; checklist 8.D).

Every action is one transaction holding the segment's lock (``lookups.write_segment``)
and does its set work in SQL: the contacts an Add selects are ONE query
(models.segments.selection), inserted as one ``INSERT … SELECT``; the history is an
``INSERT … SELECT`` from the new line range; Reduce/Refine delete with one
``DELETE … WHERE EXISTS``. Questions are asked through ``confirm(question, default) ->
bool`` before the write transaction opens.
"""

from __future__ import annotations

from models.base.ask import Confirm, Progress, report
from models.base.enums import CriteriaAction, HistoryAction
from models.segments.criteria import (
    filter_lines,
    next_action,
    no_of_criteria_actions,
    write_history,
)
from models.segments.defaults import insert_contacts
from models.segments.lines import RESET_CRITERIA_Q, delete_lines
from models.segments.lookups import get_header, line_count, normalize_no, write_segment
from models.segments.selection import (
    AddOptions,
    as_add_options,
    check_filters,
    matching_contacts,
    removal_condition,
)
from models.tables.segments import SegmentLine


def answer_no(_question: str, _default: bool) -> bool:
    """A confirm that answers every question No (replays and undos ask nobody)."""
    return False


def add_step(segment_no: str, views: dict | None, options: AddOptions, progress: Progress | None) -> int:
    """Add Contacts inside the caller's transaction; the number of lines added."""
    action_no = next_action(
        segment_no, CriteriaAction.ADD_CONTACTS, options.criteria_fields(), filter_lines(views))
    report(progress, 0.1)
    # an empty segment holds nobody already: no need to test each contact against its lines
    on = segment_no if line_count(segment_no) else ""
    first, count = insert_contacts(segment_no, matching_contacts(views, options, on))
    report(progress, 0.8)
    if count:
        write_history(segment_no, action_no, SegmentLine.line_no >= first, HistoryAction.INSERTION)
    return count


def add_contacts(segment_no: str, views: dict | None, options: AddOptions | None = None,
                 progress: Progress | None = None) -> int:
    """Add Contacts (SPEC 2.9): the number of lines added.

    Writes the Action criteria line with the four options and one Filter line per
    tab with filters (even when nothing is added), inserts the selected contacts
    as lines (last Line No. + 10000 …, ordered Company Name, Company No., Type,
    Name, defaulted from the header) and a history Insertion per new line.
    """
    segment_no = normalize_no(segment_no)
    options = as_add_options(options)
    check_filters(views)
    report(progress, 0.0)
    count = write_segment(segment_no, lambda: add_step(segment_no, views, options, progress))
    report(progress, 1.0)
    return count


def remove_step(segment_no: str, action: CriteriaAction, views, entire_companies: bool, confirm: Confirm,
                progress: Progress | None) -> int:
    """Reduce or Refine inside the caller's transaction; the number of lines deleted."""
    action_no = next_action(
        segment_no, action, {"entire_companies": bool(entire_companies)}, filter_lines(views))
    report(progress, 0.1)
    removed = delete_lines(
        segment_no, removal_condition(action, views, entire_companies), confirm, action_no)
    report(progress, 0.9)
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
    if not lines.exists() or lines.where(~removal_condition(action, views, entire_companies)).exists():
        return as_default  # nothing to delete, or some line stays
    answer = confirm(RESET_CRITERIA_Q, True) if confirm is not None else True
    return lambda _question, _default: answer


def _reduce_or_refine(action: CriteriaAction, segment_no, views, entire_companies, confirm, progress) -> int:
    segment_no = normalize_no(segment_no)
    check_filters(views)
    report(progress, 0.0)
    get_header(segment_no)
    answer = _pre_answer(segment_no, action, views, bool(entire_companies), confirm)
    removed = write_segment(
        segment_no, lambda: remove_step(segment_no, action, views, bool(entire_companies), answer, progress))
    report(progress, 1.0)
    return removed


def reduce_contacts(segment_no: str, views: dict | None, entire_companies: bool = False,
                    confirm: Confirm | None = None, progress: Progress | None = None) -> int:
    """Reduce Contacts (SPEC 2.10): delete the lines whose contact matches; the number deleted.

    Writes a "Remove Contacts (Reduce)" action (Entire Companies) with its filters
    and a history Deletion per deleted line. When it empties a segment that then
    has more than one action, ``confirm`` is asked "The segment is now empty.
    Reset the number of criteria actions?" (default Yes) before anything is written.
    Lines without a contact are left alone.
    """
    return _reduce_or_refine(CriteriaAction.REDUCE, segment_no, views, entire_companies, confirm, progress)


def refine_contacts(segment_no: str, views: dict | None, entire_companies: bool = False,
                    confirm: Confirm | None = None, progress: Progress | None = None) -> int:
    """Refine Contacts (SPEC 2.10): delete the lines whose contact does NOT match; the number deleted.

    As :func:`reduce_contacts`, with a "Remove Contacts (Refine)" action.
    """
    return _reduce_or_refine(CriteriaAction.REFINE, segment_no, views, entire_companies, confirm, progress)
