"""Actions on several marked rows: one transaction each, set work in SQL (issue 13, part 6)."""

from __future__ import annotations

import json

import pytest

from models.base.enums import CriteriaAction, CriteriaLineType, DeliveryStatus, HistoryAction
from models.base.errors import UserError
from models.interactions import resend as rs
from models.interactions.postponed import delete_postponed
from models.segments import lines
from models.segments.criteria import no_of_criteria_actions
from models.segments.lines import add_line, delete_line_nos
from models.segments.segment import create_segment
from models.tables.interactions import InteractionLogEntry as ILE
from models.tables.segments import LoggedSegment, SegmentCriteriaLine
from tests.helpers import Asked, line_contacts, segment_history
from tests.models import segment_builders as sb


@pytest.fixture
def three_lines(any_db):
    """Segment S1 with lines for A (10000), B'X (20000) and C (30000), each added by hand."""
    create_segment("S1")
    for no in ("A", "B'X", "C"):
        sb.company(no)
        add_line("S1", no)


def test_delete_marked_lines_is_one_reduce_action(three_lines):
    """Two marked lines: both go, with one Reduce action whose Contact filter names both
    contacts (a quote in a number quoted) and a history Deletion each."""
    assert delete_line_nos("S1", [20000, 10000], Asked()) == 2
    assert line_contacts() == ["C"]
    reduce = SegmentCriteriaLine.select().where(SegmentCriteriaLine.segment == "S1").order_by(
        SegmentCriteriaLine.line_no.desc()).limit(2)
    flt, action = list(reduce)
    assert (action.type, action.action, action.no_of_filters) == (CriteriaLineType.ACTION, CriteriaAction.REDUCE, 1)
    assert json.loads(flt.table_view) == {"No.": "A|'B''X'"}
    assert segment_history()[-2:] == [(4, 10000, "A", HistoryAction.DELETION),
                                      (4, 20000, "B'X", HistoryAction.DELETION)]
    with pytest.raises(UserError, match="Segment Line S1 10000 does not exist"):
        delete_line_nos("S1", [10000, 30000])
    assert line_contacts() == ["C"]  # a missing line: nothing deleted


def test_a_failure_midway_leaves_every_line(three_lines, monkeypatch):
    """The action and history are written, then the delete fails: the transaction rolls back
    and every line, action and history row is as before."""
    def broken(condition):
        raise RuntimeError("disk full")

    monkeypatch.setattr(lines, "delete_language_records", broken)
    with pytest.raises(RuntimeError):
        delete_line_nos("S1", [10000, 20000, 30000], Asked(always=False))
    assert line_contacts() == ["A", "B'X", "C"]
    assert no_of_criteria_actions("S1") == 3 and len(segment_history()) == 3


def test_resend_on_several_logged_segments(any_db):
    """Resend on two marked logged segments queues the Error entries of both in one go; a
    third logged segment's and a delivered entry stay; a missing number is refused."""
    for no in "ABCD":
        sb.company(no)
    one, two, other = (LoggedSegment.create(segment_no=no).entry_no for no in ("S1", "S2", "S3"))
    error = dict(delivery_status=DeliveryStatus.ERROR, word_template_code="WT1", correspondence_type=1)
    e1 = ILE.create(contact="A", logged_segment_entry_no=one, **error).entry_no
    ILE.create(contact="B", logged_segment_entry_no=one, word_template_code="WT1", correspondence_type=1)
    e2 = ILE.create(contact="C", logged_segment_entry_no=two, **error).entry_no
    ILE.create(contact="D", logged_segment_entry_no=other, **error)
    assert rs.prepare_resend_logged([two, one]) == [e1, e2]
    queued = {e.entry_no for e in ILE.select().where(ILE.delivery_status == DeliveryStatus.IN_PROGRESS)}
    assert queued == {e1, e2}
    with pytest.raises(UserError, match="Logged Segment 99 does not exist"):
        rs.prepare_resend_logged([one, 99])


def test_delete_several_postponed_says_how_many(any_db):
    for no in "ABC":
        sb.company(no)
    drafts = [ILE.create(contact=c, postponed=True).entry_no for c in "ABC"]
    asked = Asked(True)
    assert delete_postponed(drafts[:2], asked) == 2
    assert asked.questions == [("Delete the 2 selected lines?", False)]
    assert [e.entry_no for e in ILE.select()] == drafts[2:]
