"""next_numbers: a block of numbers in one draw, by the same rules as next_number."""

from __future__ import annotations

import pytest

from models.base.errors import UserError
from models.tables.setup import NoSeries, NoSeriesLine, next_number, next_numbers


def _series(**line) -> None:
    NoSeries.create(code="CONT")
    NoSeriesLine.create(series="CONT", **line)


def test_block_continues_the_series(sqlite_db):
    _series(starting_no="CT000098")
    assert next_numbers("CONT", 3) == ["CT000098", "CT000099", "CT000100"]
    assert next_number("CONT") == "CT000101"
    assert next_numbers("CONT", 2) == ["CT000102", "CT000103"]
    assert next_numbers("CONT", 0) == []
    assert NoSeriesLine.get().last_no_used == "CT000103"


def test_increment_and_ending_no(sqlite_db):
    _series(starting_no="K10-A", increment_by=10, ending_no="K50-A")
    assert next_numbers("CONT", 2) == ["K10-A", "K20-A"]
    with pytest.raises(UserError, match="Ending No. K50-A"):
        next_numbers("CONT", 4)
    assert next_numbers("CONT", 3) == ["K30-A", "K40-A", "K50-A"]
