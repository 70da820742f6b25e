import datetime as dt

import pytest

from models.errors import UserError
from models.filters import date_range

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("", (None, None)),
    ("2026-01-05", (D(2026, 1, 5), D(2026, 1, 5))),
    ("2026-01-01..2026-01-31", (D(2026, 1, 1), D(2026, 1, 31))),
    ("..2026-01-31", (None, D(2026, 1, 31))),
    ("2026-01-01..", (D(2026, 1, 1), None)),
])
def test_date_filter(text, expected):
    assert date_range(text) == expected


@pytest.mark.parametrize("text, message", [
    ("x", "is not a date"),
    ("2026-02-01..2026-01-01", "ends before it starts"),
    ("2026-13-01..", "is not a date"),
])
def test_bad_date_filter(text, message):
    with pytest.raises(UserError, match=message):
        date_range(text)
