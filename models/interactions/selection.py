"""Selections of logged entries: entry numbers as typed, IN (…) lists a driver accepts,
and Business Central filter texts by field caption turned into one condition."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from functools import reduce

import peewee as pw

from models.base.errors import UserError
from models.filters import FilterError, parse_filter

LOGGED_CAPTION = "Logged Segment"
ENTRY_CAPTION = "Interaction Log Entry"
CHUNK = 5000  # ids per IN (…) list: far below every driver's parameter limit
REMOVE_CHECKMARK_Q = "{table} {no} is marked Canceled. Remove the checkmark?"
MARK_CANCELED_Q = "Mark {table} {no} as Canceled?"
REMOVE_CHECKMARKS_Q = "Remove the checkmark from the {n} selected {table} lines?"
MARK_SELECTED_Q = "Mark the {n} selected {table} lines as Canceled?"
DELETED = "{n} {table} has been deleted."


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def entry_numbers(entry_nos: Iterable) -> list[int]:
    """The selected numbers, sorted and once each; a UserError for one that is not a number."""
    try:
        return sorted({int(n) for n in entry_nos})
    except (TypeError, ValueError):
        raise UserError("Entry numbers must be whole numbers.") from None


def filter_condition(source, table: Mapping[str, tuple[str, str]], filters: Mapping | None,
                     caption: str = ENTRY_CAPTION) -> pw.Node | None:
    """AND of BC filter texts by field caption on a model (or alias); ``table`` maps a
    caption to (field name, filter kind). FilterError for an unknown caption or an
    unreadable text."""
    parts = []
    for name_given, text in (filters or {}).items():
        key = next((k for k in table if k.lower() == str(name_given).strip().lower()), None)
        if key is None:
            raise FilterError(f"{caption} has no field '{name_given}' to filter on.")
        name, kind = table[key]
        expr = parse_filter(getattr(source, name), "" if text is None else str(text), kind)
        if expr is not None:
            parts.append(expr)
    return reduce(operator.and_, parts) if parts else None


def all_of(*parts) -> pw.Node:
    """AND of the conditions given (None ones left out); true without any."""
    parts = [p for p in parts if p is not None]
    return reduce(operator.and_, parts) if parts else pw.SQL("1 = 1")


def toggle_question(table: str, count: int, first_no: int, canceled: bool) -> str:
    """Switch Checkmark in Canceled's question, for one record or for several."""
    if count == 1:
        return (REMOVE_CHECKMARK_Q if canceled else MARK_CANCELED_Q).format(table=table, no=first_no)
    return (REMOVE_CHECKMARKS_Q if canceled else MARK_SELECTED_Q).format(table=table, n=f"{count:,}")

