"""Number series (SPEC 1.2, 1.6 #1, 6.1): IncStr, Ending No., dated lines, manual numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base.errors import FieldError, UserError
from models.segments.segment import create_segment
from models.tables.segments import SegmentHeader
from models.tables.setup import (
    NoSeries,
    NoSeriesLine,
    increment_no,
    next_number,
    number_for,
)
from tests.models import builders as b


@pytest.mark.parametrize("before, after", [
    ("SEG00009", "SEG00010"),  # the width of a zero-padded run is kept
    ("SEG00001", "SEG00002"),
    ("CT000123", "CT000124"),
    ("SEG99", "SEG100"),  # a full run grows, as BC's IncStr: 'a12b99c' -> 'a12b100c'
    ("A-99-X", "A-100-X"),  # the last run of digits is the one that counts
    ("A10B20", "A10B21"),
    ("2026-0009", "2026-0010"),
    ("0", "1"),
])
def test_increment_keeps_width_of_last_digit_run(before, after):
    """BC IncStr: add one to the run of digits closest to the end, keeping its width when it fits."""
    assert increment_no(before) == after


def test_increment_by_and_no_digits():
    assert increment_no("SEG00010", 10) == "SEG00020"
    with pytest.raises(UserError, match="has no digits"):
        increment_no("ABC")


def test_series_starts_at_starting_no_and_records_last_no_and_date(any_db):
    b.series("SEG", "SEG00001", setup_field=None)
    assert [next_number("SEG") for _ in range(3)] == ["SEG00001", "SEG00002", "SEG00003"]
    line = NoSeriesLine.get(NoSeriesLine.series == "SEG")
    assert (line.last_no_used, line.last_date_used) == ("SEG00003", dt.date(2026, 1, 26))


def test_series_continues_after_last_no_used_with_increment(any_db):
    b.series("SEG", "SEG00001", last_no_used="SEG00009", setup_field=None)
    NoSeriesLine.update(increment_by=5).execute()
    assert next_number("SEG") == "SEG00014"


def test_ending_no_stops_the_series(any_db):
    b.series("SEG", "S1", ending_no="S3", setup_field=None)
    assert [next_number("SEG") for _ in range(3)] == ["S1", "S2", "S3"]
    with pytest.raises(UserError, match="You cannot assign new numbers from the No. Series SEG"):
        next_number("SEG")
    assert NoSeriesLine.get().last_no_used == "S3"  # the failed draw changed nothing


def test_dated_lines_choose_the_latest_started(any_db):
    """A series line applies from its Starting Date; the latest line started on the date wins."""
    b.series("SEG", "A0001", starting_date=dt.date(2026, 1, 1), setup_field=None)
    b.series("SEG", "B0001", starting_date=dt.date(2026, 2, 1), setup_field=None)
    assert next_number("SEG") == "A0001"  # work date 2026-01-26
    assert next_number("SEG", dt.date(2026, 2, 1)) == "B0001"
    assert next_number("SEG", dt.date(2026, 1, 31)) == "A0002"
    with pytest.raises(UserError, match="No. Series SEG has no open line for 2025-12-31"):
        next_number("SEG", dt.date(2025, 12, 31))


def test_missing_or_broken_series(any_db):
    with pytest.raises(UserError, match=r"^The No. Series NOPE does not exist\.$"):
        next_number("NOPE")
    NoSeries.create(code="EMPTY")
    with pytest.raises(UserError, match="No. Series EMPTY has no open line"):
        next_number("EMPTY")
    b.series("BLANK", "", setup_field=None)
    with pytest.raises(UserError, match="No. Series BLANK has no Starting No."):
        next_number("BLANK")
    with pytest.raises(UserError, match=r"^Contact Nos\. must have a value in Marketing Setup\.$"):
        number_for("contact_nos")


def test_manual_numbers_refused_when_the_series_forbids_them(any_db):
    """SPEC 1.6 #1 / 6.1: a typed No. needs Manual Nos. on the setup's series; it leaves No. Series blank."""
    b.series("SEG", "SEG00001", manual=False)
    with pytest.raises(UserError, match="You may not enter numbers manually"):
        create_segment("MY-SEG")
    assert SegmentHeader.select().count() == 0

    NoSeries.update(manual_nos=True).execute()
    typed = create_segment("my-seg")
    assert (typed.no, typed.no_series) == ("MY-SEG", "")
    assert NoSeriesLine.get().last_no_used == ""  # typing a number draws none
    with pytest.raises(FieldError, match="Segment MY-SEG already exists"):
        create_segment("MY-SEG")


def test_typed_number_allowed_without_a_series(any_db):
    assert create_segment("S-1").no == "S-1"


def test_a_drawn_number_already_typed_by_hand_is_an_error(any_db):
    b.series("SEG", "SEG00001", manual=True)
    create_segment("SEG00001")
    with pytest.raises(UserError, match="Segment SEG00001 already exists"):
        create_segment()
    assert NoSeriesLine.get().last_no_used == ""  # rolled back with the failed insert
