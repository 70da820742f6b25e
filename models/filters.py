"""Business Central filter expressions. (For now: the date range of a Date Filter.)"""

from __future__ import annotations

import datetime as dt

from models.errors import UserError


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"'{text.strip()}' is not a date (YYYY-MM-DD).") from None


def date_range(text: str) -> tuple[dt.date | None, dt.date | None]:
    """A Date Filter: '' (all), 'D' (one day), 'D1..D2', '..D2', 'D1..' -> (from, to)."""
    text = (text or "").strip()
    if not text:
        return None, None
    if ".." not in text:
        day = _date(text)
        return day, day
    start, end = text.split("..", 1)
    first = _date(start) if start.strip() else None
    last = _date(end) if end.strip() else None
    if first and last and first > last:
        raise UserError(f"The date filter {text} ends before it starts.")
    return first, last
