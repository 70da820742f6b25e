"""Business Central filter expressions, parsed into peewee expressions.

One grammar for every filter a person types (the Add/Reduce/Refine dialogs, the
criteria that replay them, a Date Filter). User text never becomes SQL text:
each value is bound as a parameter.

Grammar (as in Business Central)::

    filter  := or
    or      := and ('|' and)*
    and     := factor ('&' factor)*
    factor  := '(' or ')' | atom
    atom    := ['@'] [ '=' | '<>' | '<' | '<=' | '>' | '>=' ] value
             | ['@'] [value] '..' [value]
    value   := characters, with * (any run) and ? (one character) as wildcards,
               and 'quoted text' taken literally ('' inside quotes is one quote;
               '' alone is the empty value)

* ``@`` ignores case (text fields; Code fields are upper-case anyway).
* ``''`` matches a blank value: '' and NULL for text, no date for dates.
  A blank (NULL) value behaves as Business Central's blank: it is less than
  every other value, so ``<>X``, ``<X`` and ``..X`` match it.
* Kinds: ``code`` (compared upper-case), ``text``, ``date`` (YYYY-MM-DD,
  ``t``/``today``, ``w``/``workdate`` from models.base.context), ``integer``,
  ``decimal``, ``boolean`` (Yes/No), ``enum`` (by label, e.g. ``Positive|Neutral``;
  wildcards pick labels).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import operator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import reduce

import peewee as pw

from models.base import context
from models.base.db import is_sqlite
from models.base.errors import UserError

KINDS = ("code", "text", "date", "integer", "decimal", "boolean", "enum")


class FilterError(UserError):
    """A filter text that cannot be read; the message says why, for a person."""


# ---------------------------------------------------------------------------
# Date Filter (the statistics pages)


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
    start, dots, end = text.partition("..")
    first = _date(start) if start.strip() else None
    last = (_date(end) if end.strip() else None) if dots else first
    if first and last and first > last:
        raise UserError(f"The date filter {text} ends before it starts.")
    return first, last


# ---------------------------------------------------------------------------
# Scanning: operators, and atoms as (character, quoted) pairs


@dataclass
class _Atom:
    chars: list[tuple[str, bool]]  # (character, came from inside quotes)
    quoted: bool  # the atom had a quoted part (so '' is a value, not nothing)
    raw: str  # the text as typed, for messages

    def is_empty(self) -> bool:
        return not self.quoted and not "".join(c for c, _ in self.chars).strip()


def _scan(text: str) -> list:
    tokens: list = []
    chars: list[tuple[str, bool]] = []
    quoted = False
    start = 0
    i, n = 0, len(text)

    def flush(end: int) -> None:
        nonlocal chars, quoted
        tokens.append(_Atom(chars, quoted, text[start:end].strip()))
        chars, quoted = [], False

    while i < n:
        ch = text[i]
        if ch == "'":
            quoted = True
            j = i + 1
            while True:
                if j >= n:
                    raise FilterError(f"'{text}' has a quote (') that is not closed.")
                if text[j] == "'":
                    if j + 1 < n and text[j + 1] == "'":
                        chars.append(("'", True))
                        j += 2
                        continue
                    break
                chars.append((text[j], True))
                j += 1
            i = j + 1
            continue
        if ch in "|&()":
            flush(i)
            tokens.append(ch)
            start = i + 1
        else:
            chars.append((ch, False))
        i += 1
    flush(n)
    return tokens


class _Parser:
    """Recursive descent over the scanned tokens; yields a tree of ('or'|'and', parts) / _Atom."""

    def __init__(self, text: str):
        self.text = text
        self.tokens = _scan(text)
        self.pos = 0
        depth = 0
        for token in self.tokens:
            if token == "(":
                depth += 1
            elif token == ")":
                depth -= 1
                if depth < 0:
                    raise FilterError(f"'{text}' has a ')' without its '('.")
        if depth:
            raise FilterError(f"'{text}' has a '(' without its ')'.")

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self):
        tree = self._or()
        if self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if token == ")":
                raise FilterError(f"'{self.text}' has a ')' without its '('.")
            raise FilterError(f"'{self.text}' cannot be read.")  # pragma: no cover - defensive
        return tree

    def _or(self):
        parts = [self._and()]
        while self._peek() == "|":
            self.pos += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else ("or", parts)

    def _and(self):
        parts = [self._factor()]
        while self._peek() == "&":
            self.pos += 1
            parts.append(self._factor())
        return parts[0] if len(parts) == 1 else ("and", parts)

    def _factor(self):
        token = self._peek()
        if isinstance(token, _Atom) and token.is_empty() and self.pos + 1 < len(self.tokens) \
                and self.tokens[self.pos + 1] == "(":
            self.pos += 1  # blank text before a '('
            token = self._peek()
        if token == "(":
            self.pos += 1
            tree = self._or()
            if self._peek() != ")":
                raise FilterError(f"'{self.text}' has a '(' without its ')'.")
            self.pos += 1
            after = self._peek()
            if isinstance(after, _Atom):
                if not after.is_empty():
                    raise FilterError(f"'{self.text}' has text right after a ')': use | or & before it.")
                self.pos += 1
            return tree
        if isinstance(token, _Atom):
            self.pos += 1
            if token.is_empty():
                raise FilterError(self._missing())
            after = self._peek()
            if after == "(":
                raise FilterError(f"'{self.text}' has text right before a '(': use | or & after it.")
            return token
        raise FilterError(self._missing())  # pragma: no cover - the scanner always yields atoms

    def _missing(self) -> str:
        if not self.text.strip():
            return "The filter is empty."
        return (f"'{self.text}' is missing a value (next to a |, & or parenthesis); "
                "write '' for a blank value.")


# ---------------------------------------------------------------------------
# Values by kind


_OPS = ("<>", "<=", ">=", "<", ">", "=")


@dataclass
class _Value:
    chars: list[tuple[str, bool]]  # (character, is a wildcard)
    quoted: bool

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)

    @property
    def wild(self) -> bool:
        return any(w for _, w in self.chars)

    @property
    def blank(self) -> bool:
        return not self.chars


def _split_atom(atom: _Atom):
    """(ignore_case, op, low _Value|None, high _Value|None, is_range) of one atom."""
    chars = list(atom.chars)
    while chars and not chars[0][1] and chars[0][0].isspace():
        chars.pop(0)
    ignore_case = False
    if chars and chars[0] == ("@", False):
        ignore_case = True
        chars.pop(0)
    op = ""
    for candidate in _OPS:
        if len(chars) >= len(candidate) and all(
            chars[k] == (candidate[k], False) for k in range(len(candidate))
        ):
            op = candidate
            chars = chars[len(candidate):]
            break
    dots = [k for k in range(len(chars) - 1) if chars[k] == (".", False) and chars[k + 1] == (".", False)]
    if dots:
        if op:
            raise FilterError(f"'{atom.raw}' mixes '{op}' with a range (..): use one or the other.")
        k = dots[0]
        rest = chars[k + 2:]
        if any(rest[m] == (".", False) and rest[m + 1] == (".", False) for m in range(len(rest) - 1)):
            raise FilterError(f"'{atom.raw}' is not a valid range: it has more than one '..'.")
        low = _value(chars[:k])
        high = _value(rest)
        if low is None and high is None:
            raise FilterError(f"'{atom.raw}' is not a valid range: give a start, an end or both.")
        return ignore_case, "..", low, high
    value = _value(chars)
    if value is None:
        value = _Value([], atom.quoted)
        if not atom.quoted:
            shown = op or atom.raw
            raise FilterError(f"'{atom.raw}' needs a value after '{shown}'; write '' for a blank value.")
    return ignore_case, op or "=", value, None


def _value(chars: list[tuple[str, bool]]) -> _Value | None:
    """The value of some atom characters; None when there is none (not even '')."""
    while chars and not chars[0][1] and chars[0][0].isspace():
        chars = chars[1:]
    while chars and not chars[-1][1] and chars[-1][0].isspace():
        chars = chars[:-1]
    if not chars:
        return None
    quoted = any(q for _, q in chars)
    out = [(c, not q and c in "*?") for c, q in chars]
    return _Value(out, quoted)


class _Kind:
    """How one kind of field reads a value and what its blank value is."""

    name = ""
    blank = ""
    ordered = True
    words = "a value"

    def __init__(self, field: pw.Field):
        self.field = field

    def convert(self, value: _Value):
        if value.wild:
            raise FilterError(
                f"'{value.text}' is not {self.words}: wildcards (* and ?) only work on text and code fields."
            )
        if value.blank:
            return self.blank
        return self.read(value.text.strip())

    def read(self, text: str):  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def sort_key(self, value):
        return value


class _Text(_Kind):
    name = "text"

    def convert(self, value: _Value):
        return value.text


class _Code(_Text):
    name = "code"

    def convert(self, value: _Value):
        return value.text.upper()


class _Date(_Kind):
    name = "date"
    blank = None
    words = "a date"

    def read(self, text: str):
        word = text.lower()
        if word in ("t", "today"):
            return context.today()
        if word in ("w", "workdate"):
            return context.work_date()
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise FilterError(
                f"'{text}' is not a date: write YYYY-MM-DD, t (today) or w (the work date)."
            ) from None

    def sort_key(self, value):
        return dt.date.min if value is None else value


class _Integer(_Kind):
    name = "integer"
    blank = 0
    words = "a number"

    def read(self, text: str):
        try:
            return int(text)
        except ValueError:
            pass
        try:
            Decimal(text)
        except InvalidOperation:
            raise FilterError(f"'{text}' is not a number.") from None
        raise FilterError(f"'{text}' is not a whole number.")


class _Decimal(_Kind):
    name = "decimal"
    blank = Decimal(0)
    words = "a number"

    def read(self, text: str):
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise FilterError(f"'{text}' is not a number.") from None
        if not number.is_finite():
            raise FilterError(f"'{text}' is not a number.")
        return number


_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


class _Boolean(_Kind):
    name = "boolean"
    blank = False
    words = "Yes or No"

    def read(self, text: str):
        word = text.lower()
        if word in _YES:
            return True
        if word in _NO:
            return False
        raise FilterError(f"'{text}' is not Yes or No.")


class _Enum(_Kind):
    name = "enum"
    words = "an option"

    def __init__(self, field: pw.Field):
        super().__init__(field)
        self.enum_cls = getattr(field, "enum_cls", None)
        if self.enum_cls is None:
            raise TypeError(f"{field} has no enum class for an enum filter")
        self.blank = int(self.enum_cls(0))

    def read(self, text: str):
        try:
            return int(self.enum_cls.from_label(text))
        except ValueError as exc:
            raise FilterError(str(exc)) from None

    def labels(self, value: _Value) -> list[int]:
        """The members whose label matches a wildcard pattern (case ignored)."""
        pattern = "".join(c if w else ("[" + c + "]" if c in "[]*?" else c) for c, w in value.chars)
        return [int(m) for m in self.enum_cls if fnmatch.fnmatchcase(m.label.lower(), pattern.lower())]


_KINDS = {k.name: k for k in (_Text, _Code, _Date, _Integer, _Decimal, _Boolean, _Enum)}


# ---------------------------------------------------------------------------
# Building SQL


def _like_pattern(chars: list[tuple[str, bool]], upper: bool) -> str:
    out = []
    for c, wild in chars:
        if upper:
            c = c.upper()
        if wild:
            out.append("%" if c == "*" else "_")
        elif c in "%_\\":
            out.append("\\" + c)
        else:
            out.append(c)
    return "".join(out)


def _glob_pattern(chars: list[tuple[str, bool]], upper: bool) -> str:
    out = []
    for c, wild in chars:
        if upper:
            c = c.upper()
        if wild:
            out.append(c)
        elif c in "*?[":
            out.append("[" + c + "]")
        else:
            out.append(c)
    return "".join(out)


def _matches(field: pw.Field, value: _Value, ignore_case: bool, upper: bool) -> pw.Node:
    """field matches a pattern (wildcards, or a case-insensitive equality)."""
    if is_sqlite():
        if ignore_case:
            return pw.NodeList((field, pw.SQL("LIKE"), pw.Value(_like_pattern(value.chars, upper)),
                                pw.SQL("ESCAPE '\\'")))
        return pw.NodeList((field, pw.SQL("GLOB"), pw.Value(_glob_pattern(value.chars, upper))))
    op = "ILIKE" if ignore_case else "LIKE"
    return pw.NodeList((field, pw.SQL(op), pw.Value(_like_pattern(value.chars, upper)),
                        pw.SQL("ESCAPE '\\'")))


def _blank_matches_pattern(value: _Value) -> bool:
    return all(w and c == "*" for c, w in value.chars)


_COMPARE = {
    "=": operator.eq, "<>": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}


class _Builder:
    def __init__(self, field: pw.Field, kind: str, text: str, column: pw.Node | None = None):
        if kind not in _KINDS:
            raise ValueError(f"unknown filter kind {kind!r}; one of {', '.join(KINDS)}")
        self.field = field
        self.column = field if column is None else column  # what the SQL compares
        self.kind = _KINDS[kind](field)
        self.text = text
        self.nullable = bool(getattr(field, "null", False))

    def _bind(self, value):
        """A value for the right-hand side, as the field stores it."""
        if isinstance(self.kind, _Text):  # already as stored; a Code reference would turn '' into NULL
            return pw.Value(value, converter=False)
        if self.column is not self.field:  # no field on the left to convert it
            return pw.Value(self.field.db_value(value), converter=False)
        return value

    def tree(self, node) -> pw.Node:
        if isinstance(node, _Atom):
            return self.atom(node)
        kind, parts = node
        joined = operator.or_ if kind == "or" else operator.and_
        return reduce(joined, (self.tree(p) for p in parts))

    def _with_blank(self, expr: pw.Node, blank_ok: bool) -> pw.Node:
        """A NULL column holds Business Central's blank value: match it where blank matches."""
        if self.nullable and blank_ok:
            return expr | self.column.is_null()
        return expr

    def _blank_ok(self, op: str, value) -> bool:
        key = self.kind.sort_key
        return _COMPARE[op](key(self.kind.blank), key(value))

    def atom(self, atom: _Atom) -> pw.Node:
        ignore_case, op, value, high = _split_atom(atom)
        kind = self.kind
        if op == "..":
            return self.range(atom, ignore_case, value, high)
        if isinstance(kind, _Enum) and value.wild:
            if op not in ("=", "<>"):
                raise FilterError(f"'{atom.raw}': wildcards (* ?) cannot be combined with '{op}'.")
            members = kind.labels(value)
            expr = self.column.in_(members) if op == "=" else self.column.not_in(members)
            return self._with_blank(expr, (kind.blank in members) == (op == "="))
        is_code = isinstance(kind, _Code)
        if isinstance(kind, _Text) and not value.blank and (value.wild or (ignore_case and not is_code)):
            if op not in ("=", "<>"):
                if value.wild:
                    raise FilterError(f"'{atom.raw}': wildcards (* ?) cannot be combined with '{op}'.")
                text = value.text.lower()
                expr = pw.Expression(pw.fn.LOWER(self.column), "!=" if op == "<>" else op, text)
                return self._with_blank(expr, _COMPARE[op]("", text))
            expr = _matches(self.column, value, ignore_case and not is_code, is_code)
            blank_ok = _blank_matches_pattern(value)
            if op == "<>":
                expr, blank_ok = ~expr, not blank_ok
            return self._with_blank(expr, blank_ok)
        return self.compare(op, kind.convert(value))

    def compare(self, op: str, value) -> pw.Node:
        if value is None:  # the blank date: less than every date
            if op in ("=", "<="):
                return self.column.is_null()
            if op in ("<>", ">"):
                return self.column.is_null(False)
            return pw.SQL("1 = 1") if op == ">=" else pw.SQL("1 = 0")
        expr = pw.Expression(self.column, "!=" if op == "<>" else op, self._bind(value))
        return self._with_blank(expr, self._blank_ok(op, value))

    def range(self, atom: _Atom, ignore_case: bool, low: _Value | None, high: _Value | None) -> pw.Node:
        kind = self.kind
        lower_case = isinstance(kind, _Text) and ignore_case and not isinstance(kind, _Code)
        bounds = []
        for v in (low, high):
            if v is None:
                bounds.append(_NONE)
            elif v.wild:
                raise FilterError(f"'{atom.raw}' is not a valid range: wildcards (* ?) cannot be used in a range.")
            else:
                try:
                    bounds.append(v.text.lower() if lower_case else kind.convert(v))
                except FilterError as exc:
                    raise FilterError(f"'{atom.raw}' is not a valid range: {exc}") from None
        lo, hi = bounds
        key = kind.sort_key
        if lo is not _NONE and hi is not _NONE and not isinstance(kind, _Text) and key(lo) > key(hi):
            raise FilterError(f"'{atom.raw}' is not a valid range: it ends before it starts.")
        if hi is None:  # .. '' on a date: only the blank date
            return self.column.is_null()
        column = pw.fn.LOWER(self.column) if lower_case else self.column
        parts = []
        blank_ok = True
        if lo is not _NONE and lo is not None:  # from the blank date = no lower bound
            parts.append(column >= self._bind(lo))
            blank_ok = self._blank_ok(">=", lo)
        if hi is not _NONE:
            parts.append(column <= self._bind(hi))
            blank_ok = blank_ok and self._blank_ok("<=", hi)
        if not parts:
            return pw.SQL("1 = 1")
        return self._with_blank(reduce(operator.and_, parts), blank_ok)


_NONE = object()  # a range without this bound


def parse_filter(field: pw.Field, text: str, kind: str, *, column: pw.Node | None = None) -> pw.Node | None:
    """The peewee expression for a filter text on a field; None for a blank text (no filter).

    ``kind`` is one of :data:`KINDS`. Raises :class:`FilterError` with a reason a
    person understands, e.g. "'10..x' is not a valid range: 'x' is not a number."
    ``column``: an expression of the field to compare instead of the field itself
    (values are still converted as the field stores them).
    """
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    tree = _Parser(text).parse()
    return _Builder(field, kind, text, column).tree(tree)
