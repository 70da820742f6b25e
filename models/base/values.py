"""The one text -> value rule: what a person may type into a field of each kind.

Page cards, the template, header and line rules, CSV import and the Create Interaction
wizard all call these, so a field of one kind accepts the same texts everywhere and
refuses the rest with the same words. Each function takes the field's name (FieldError
marks it) and caption (the message names it); a value that is already typed (a bool, a
Decimal, an option, a date) goes through the same checks as its text.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from models.base.enums import LabeledEnum
from models.base.errors import FieldError

YES = frozenset({"yes", "y", "true", "1", "x"})
NO = frozenset({"no", "n", "false", "0", ""})
LARGEST_INTEGER = 2**31 - 1  # an INTEGER column on PostgreSQL
LARGEST_DECIMAL = Decimal(10) ** 16  # a Decimal(18, 2) column: 16 digits before the point
KEPT_DIGITS = 15  # the digits of an amount every database keeps exactly (SQLite stores a REAL)


def _clean(value) -> str:
    return "" if value is None else str(value).strip()


def text(field: str, caption: str, value, max_length: int | None = None) -> str:
    result = _clean(value)
    if max_length is not None and len(result) > max_length:
        raise FieldError(field, f"{caption} is longer than {max_length} characters.")
    return result


def code(field: str, caption: str, value, max_length: int | None = None) -> str:
    """Business Central Code: trimmed and upper-case."""
    result = _clean(value).upper()
    if max_length is not None and len(result) > max_length:
        raise FieldError(field, f"{caption} '{result}' is longer than {max_length} characters.")
    return result


def yes_no(field: str, caption: str, value) -> bool:
    """Yes/No: blank is No; anything but the words of YES and NO ("maybe") is refused."""
    if isinstance(value, bool):
        return value
    word = _clean(value)
    if word.lower() in YES:
        return True
    if word.lower() in NO:
        return False
    raise FieldError(field, f"{caption}: '{word}' is not Yes or No.")


def option(field: str, caption: str, enum_cls: type[LabeledEnum], value) -> LabeledEnum:
    """An option by its label or its number; blank is the option numbered 0."""
    if isinstance(value, enum_cls):
        return value
    word = str(int(value)) if isinstance(value, int) else _clean(value)
    if not word:
        return enum_cls(0)
    try:
        return enum_cls.from_label(word)
    except ValueError as exc:
        raise FieldError(field, f"{caption}: {exc}.") from None


def date(field: str, caption: str, value) -> dt.date | None:
    """A date as YYYY-MM-DD; blank is no date."""
    if value is None or isinstance(value, dt.date):
        return value
    word = _clean(value)
    if not word:
        return None
    try:
        return dt.date.fromisoformat(word)
    except ValueError:
        raise FieldError(field, f"{caption}: '{word}' is not a date (YYYY-MM-DD).") from None


def time(field: str, caption: str, value) -> dt.time | None:
    """A time as HH:MM; blank is no time."""
    if value is None or isinstance(value, dt.time):
        return value
    word = _clean(value)
    if not word:
        return None
    try:
        return dt.time.fromisoformat(word)
    except ValueError:
        raise FieldError(field, f"{caption}: '{word}' is not a time (HH:MM).") from None


def _number(field: str, caption: str, value, largest: Decimal | int, allow_negative: bool
            ) -> tuple[Decimal, str]:
    """(the number, its text): blank is 0, commas are thousands separators."""
    word = _clean(value)
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(word.replace(",", "") or "0")
        except InvalidOperation:
            raise FieldError(field, f"{caption}: '{word}' is not a number.") from None
    if not number.is_finite():
        raise FieldError(field, f"{caption}: '{word}' is not a number.")
    if number < 0 and not allow_negative:
        raise FieldError(field, f"{caption} must not be negative.")
    if abs(number) > largest:
        raise FieldError(field, f"{caption}: '{word}' is too large.")
    return number, word


def decimal(field: str, caption: str, value, *, allow_negative: bool = True) -> Decimal:
    """An amount (Decimal(18, 2)), rounded to cents with halves away from zero, as BC does;
    refused when it has more digits than every database keeps (never silently rounded)."""
    number, word = _number(field, caption, value, LARGEST_DECIMAL - Decimal("0.01"), allow_negative)
    amount = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if len(amount.as_tuple().digits) > KEPT_DIGITS:
        raise FieldError(field, f"{caption}: '{word}' is too large: at most {KEPT_DIGITS} digits "
                                "(9,999,999,999,999.99).")
    return amount


def integer(field: str, caption: str, value, *, allow_negative: bool = True) -> int:
    number, word = _number(field, caption, value, LARGEST_INTEGER, allow_negative)
    if number != number.to_integral_value():
        raise FieldError(field, f"{caption}: '{word}' is not a whole number.")
    return int(number)


def duration(field: str, caption: str, value) -> int:
    """A Duration (Min.): a whole number of minutes, not negative."""
    number, _word = _number(field, caption, value, LARGEST_INTEGER, allow_negative=False)
    if number != number.to_integral_value():
        raise FieldError(field, f"{caption} must be a whole number of minutes.")
    return int(number)


def parse(kind: str | type[LabeledEnum], field: str, caption: str, value):
    """A value by its kind's name (text, code, bool, date, time, money, int, duration) or,
    for an option, its enum class: for pages that describe their fields as data."""
    if isinstance(kind, type) and issubclass(kind, LabeledEnum):
        return option(field, caption, kind, value)
    return _KINDS[kind](field, caption, value)


_KINDS = {
    "text": text,
    "code": code,
    "bool": yes_no,
    "date": date,
    "time": time,
    "money": decimal,
    "int": integer,
    "duration": duration,
}
