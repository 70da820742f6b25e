"""Business Central filter expressions, parsed into peewee expressions.

One grammar for every filter a person types (the Add/Reduce/Refine dialogs, the
criteria that replay them, the Interaction Log Entries filters, a Date Filter).
User text never becomes SQL text: each value is bound as a parameter.

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

* ``@`` ignores case, for every letter, alike on both databases: PostgreSQL's ``lower()``
  (as its ILIKE), and on SQLite, whose LOWER folds only A-Z, the same mapping from
  models.base.db. Not casefold, which PostgreSQL lacks: ``@strasse`` finds no ``Straße``.
* ``''`` matches a blank value: '' and NULL for text, no date for dates.
  A blank (NULL) value behaves as Business Central's blank: it is less than
  every other value, so ``<>X``, ``<X`` and ``..X`` match it.
* Kinds: ``code`` (compared upper-case), ``text``, ``date`` (YYYY-MM-DD,
  ``t``/``today``, ``w``/``workdate`` from models.base.context), ``integer``,
  ``decimal``, ``boolean`` (Yes/No), ``enum`` (by label, e.g. ``Positive|Neutral``;
  wildcards pick labels).
* Any text ends in an expression or a FilterError, in time linear in its length:
  the parser keeps its own stack, plain values joined by ``|`` become one ``IN (…)``,
  and the limits below (length, nesting, values, terms, pattern length, the column's
  range) are named in the message. The SQL stays as flat as SQLite's parser needs.

Long because the grammar is one piece: scanning, values by kind and the SQL they
become change together (a new form touches all three).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import operator
import re
import sqlite3
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import peewee as pw

from models.base import context
from models.base.db import db, is_sqlite, unicode_lower
from models.base.errors import UserError
from models.base.values import LARGEST_DECIMAL, LARGEST_INTEGER

KINDS = ("code", "text", "date", "integer", "decimal", "boolean", "enum")

MAX_LENGTH = 250_000  # characters: a pasted list of 10,000 twenty-character codes fits
MAX_DEPTH = 6  # parentheses inside parentheses (SQLite's parser has room for few more in a segment query)
MAX_VALUES = 10_000  # values in one filter
MAX_TERMS = 500  # of them, ones with wildcards, comparisons or ranges (SQLite plans them in squared time)
MAX_PATTERN = 2_000  # characters of one value with wildcards or @


class FilterError(UserError):
    """A filter text that cannot be read; the message says why, for a person."""


def _q(text: str) -> str:
    """A text quoted for a message, cut short."""
    return f"'{text}'" if len(text) <= 60 else f"'{text[:57]}…'"


# ---------------------------------------------------------------------------
# Date Filter (the statistics pages)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"{_q(text.strip())} is not a date (YYYY-MM-DD).") from None


def date_range(text: str) -> tuple[dt.date | None, dt.date | None]:
    """A Date Filter: '' (all), 'D' (one day), 'D1..D2', '..D2', 'D1..' -> (from, to)."""
    text = (text or "").strip()
    if not text:
        return None, None
    start, dots, end = text.partition("..")
    first = _date(start) if start.strip() else None
    last = (_date(end) if end.strip() else None) if dots else first
    if first and last and first > last:
        raise UserError(f"The date filter {_q(text)} ends before it starts.")
    return first, last


# ---------------------------------------------------------------------------
# Scanning and parsing (an explicit stack: no recursion, whatever the input)


@dataclass
class _Atom:
    text: str  # its characters
    plain: str  # the same with every quoted one as NUL (no filter holds one): the grammar reads this
    quoted: bool  # the atom had a quoted part (so '' is a value, not nothing)
    raw: str  # the text as typed, for messages

    def is_empty(self) -> bool:
        return not self.quoted and not self.plain.strip()


_TOKEN = re.compile(r"'((?:[^']|'')*)'|([|&()])|([^'|&()]+)|'")


def _scan(text: str) -> list:
    """Atoms and the operators | & ( ), alternating: atom (operator atom)*."""
    if "'" not in text:  # the usual case, at C speed
        parts = re.split(r"([|&()])", text)
        return [_Atom(p, p, False, p.strip()) if k % 2 == 0 else p for k, p in enumerate(parts)]
    tokens: list = []
    texts: list[str] = []
    plains: list[str] = []
    start = 0
    quoted_part = False
    for match in _TOKEN.finditer(text):
        quoted, op, run = match.groups()
        if op:
            tokens += [_Atom("".join(texts), "".join(plains), quoted_part, text[start:match.start()].strip()), op]
            texts, plains, start, quoted_part = [], [], match.end(), False
        elif run is not None:
            texts.append(run)
            plains.append(run)
        elif quoted is not None:
            texts.append(quoted.replace("''", "'"))
            plains.append("\x00" * len(texts[-1]))
            quoted_part = True
        else:
            raise FilterError(f"{_q(text)} has a quote (') that is not closed.")
    tokens.append(_Atom("".join(texts), "".join(plains), quoted_part, text[start:].strip()))
    return tokens


def _node(kind: str, parts: list):
    """An 'or'/'and' node with same-kind children merged in; one part is itself."""
    flat: list = []
    for part in parts:
        flat.extend(part[1] if isinstance(part, tuple) and part[0] == kind else [part])
    return flat[0] if len(flat) == 1 else (kind, flat)


def _parse(text: str):
    """A tree of ('or'|'and', parts) and _Atom leaves."""
    tokens = _scan(text)
    depth = deepest = 0
    for token in tokens:
        if token == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif token == ")":
            depth -= 1
            if depth < 0:
                raise FilterError(f"{_q(text)} has a ')' without its '('.")
    if depth:
        raise FilterError(f"{_q(text)} has a '(' without its ')'.")
    if deepest > MAX_DEPTH:
        raise FilterError(f"{_q(text)} is nested too deeply: at most {MAX_DEPTH} parentheses "
                          "inside each other.")
    missing = (f"{_q(text)} is missing a value (next to a |, & or parenthesis); "
               "write '' for a blank value.")
    stack: list = []
    ors: list = []
    ands: list = []
    i = values = 0
    while True:
        atom = tokens[i]  # an operand: an atom, or '(' after a blank atom
        if i + 1 < len(tokens) and tokens[i + 1] == "(":
            if not atom.is_empty():
                raise FilterError(f"{_q(text)} has text right before a '(': use | or & after it.")
            stack.append((ors, ands))
            ors, ands = [], []
            i += 2
            continue
        if atom.is_empty():
            raise FilterError(missing)
        values += 1
        if values > MAX_VALUES:
            raise FilterError(f"{_q(text)} has more than {MAX_VALUES:,} values: split it.")
        value = atom
        i += 1
        while i < len(tokens) and tokens[i] == ")":
            ors.append(_node("and", ands + [value]))
            value = _node("or", ors)
            ors, ands = stack.pop()
            if not tokens[i + 1].is_empty():
                raise FilterError(f"{_q(text)} has text right after a ')': use | or & before it.")
            i += 2
        ands.append(value)
        if i == len(tokens):
            ors.append(_node("and", ands))
            return _node("or", ors)
        if tokens[i] == "|":
            ors.append(_node("and", ands))
            ands = []
        i += 1


# ---------------------------------------------------------------------------
# Values by kind


_OPS = ("<>", "<=", ">=", "<", ">", "=")


@dataclass
class _Value:
    text: str
    plain: str  # as _Atom.plain: an unquoted * or ? here is a wildcard

    @property
    def wild(self) -> bool:
        return "*" in self.plain or "?" in self.plain

    @property
    def blank(self) -> bool:
        return not self.text

    def parts(self):
        """(character, is a wildcard) pairs."""
        return ((c, p in "*?") for c, p in zip(self.text, self.plain))


def _split_atom(atom: _Atom):
    """(ignore_case, op, low _Value|None, high _Value|None) of one atom."""
    plain = atom.plain
    k = len(plain) - len(plain.lstrip())
    ignore_case = plain.startswith("@", k)
    k += ignore_case
    op = next((o for o in _OPS if plain.startswith(o, k)), "")
    k += len(op)
    dots = plain.find("..", k)
    if dots >= 0:
        if op:
            raise FilterError(f"{_q(atom.raw)} mixes '{op}' with a range (..): use one or the other.")
        if plain.find("..", dots + 2) >= 0:
            raise FilterError(f"{_q(atom.raw)} is not a valid range: it has more than one '..'.")
        low, high = _value(atom, k, dots), _value(atom, dots + 2, len(plain))
        if low is None and high is None:
            raise FilterError(f"{_q(atom.raw)} is not a valid range: give a start, an end or both.")
        return ignore_case, "..", low, high
    value = _value(atom, k, len(plain))
    if value is None:
        if not atom.quoted:
            raise FilterError(f"{_q(atom.raw)} needs a value after '{op or atom.raw}'; "
                              "write '' for a blank value.")
        value = _Value("", "")
    return ignore_case, op or "=", value, None


def _value(atom: _Atom, start: int, end: int) -> _Value | None:
    """The value of the atom's characters start:end without outer spaces; None when there is none."""
    plain = atom.plain[start:end]
    left, right = len(plain) - len(plain.lstrip()), len(plain.rstrip())
    if left >= right:
        return None
    return _Value(atom.text[start + left:start + right], plain[left:right])


class _Kind:
    """How one kind of field reads a value and what its blank value is."""

    name = ""
    blank = ""
    words = "a value"

    def __init__(self, field: pw.Field):
        self.field = field

    def convert(self, value: _Value):
        if value.wild:
            raise FilterError(f"{_q(value.text)} is not {self.words}: wildcards (* and ?) "
                              "only work on text and code fields.")
        if value.blank:
            return self.blank
        return self.read(value.text.strip())

    def read(self, text: str):  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def sort_key(self, value):
        return value


class _Text(_Kind):
    name = "text"
    upper = False

    def convert(self, value: _Value):
        return value.text.upper() if self.upper else value.text


class _Code(_Text):
    name, upper = "code", True


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
            raise FilterError(f"{_q(text)} is not a date: write YYYY-MM-DD, t (today) or w "
                              "(the work date).") from None

    def sort_key(self, value):
        return dt.date.min if value is None else value


def _number(text: str) -> Decimal:
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FilterError(f"{_q(text)} is not a number.") from None
    if not number.is_finite():
        raise FilterError(f"{_q(text)} is not a number.")
    return number


class _Integer(_Kind):
    name = "integer"
    blank = 0
    words = "a number"

    def read(self, text: str):
        number = _number(text)
        largest = 2**63 - 1 if isinstance(self.field, pw.BigIntegerField) else LARGEST_INTEGER
        if not -largest - 1 <= number <= largest:
            raise FilterError(f"{_q(text)} is out of range: a whole number from {-largest - 1:,} "
                              f"to {largest:,}.")
        try:
            return int(text)
        except ValueError:
            raise FilterError(f"{_q(text)} is not a whole number.") from None


class _Decimal(_Kind):
    name = "decimal"
    blank = Decimal(0)
    words = "a number"

    def read(self, text: str):
        number = _number(text)
        field = self.field
        limit = LARGEST_DECIMAL
        if isinstance(field, pw.DecimalField) and field.max_digits:
            limit = Decimal(10) ** (field.max_digits - (field.decimal_places or 0))
        if abs(number) >= limit:
            raise FilterError(f"{_q(text)} is out of range: a number below {limit:,} in size.")
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
        raise FilterError(f"{_q(text)} is not Yes or No.")


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
            raise FilterError(str(exc).replace(f"'{text}'", _q(text), 1)) from None

    def labels(self, value: _Value) -> list[int]:
        """The members whose label matches a wildcard pattern (case ignored)."""
        longest = max(len(m.label) for m in self.enum_cls)
        if len(value.plain) - value.plain.count("*") > longest:
            return []  # more characters than any label has (and a short pattern below)
        pattern = "".join(c if w else ("[" + c + "]" if c in "[]*?" else c) for c, w in value.parts())
        pattern = re.sub(r"\*+", "*", pattern).lower()
        return [int(m) for m in self.enum_cls if fnmatch.fnmatchcase(m.label.lower(), pattern)]


_KINDS = {k.name: k for k in (_Text, _Code, _Date, _Integer, _Decimal, _Boolean, _Enum)}


# ---------------------------------------------------------------------------
# Building SQL


def _pattern(chars, upper: bool, like: bool = True) -> str:
    """A LIKE (escape \\) or GLOB pattern of (character, is a wildcard) pairs."""
    out = []
    for c, wild in chars:
        c = c.upper() if upper else c
        if wild:
            out.append(("%" if c == "*" else "_") if like else c)
        elif c in ("%_\\" if like else "*?["):
            out.append("\\" + c if like else "[" + c + "]")
        else:
            out.append(c)
    return "".join(out)


def _lower(node: pw.Node) -> pw.Node:
    """lower() for every letter: PostgreSQL's own; on SQLite the function models.base.db registers."""
    return pw.fn.unicode_lower(node) if is_sqlite() else pw.fn.LOWER(node)


def _like(column: pw.Node, pattern: str, ignore_case: bool) -> pw.Node:
    def like(left, right: str, op: str = "LIKE") -> pw.Node:
        return pw.NodeList((left, pw.SQL(op), pw.Value(right), pw.SQL("ESCAPE '\\'")))

    if not (ignore_case and is_sqlite()):
        return like(column, pattern, "ILIKE" if ignore_case else "LIKE")
    pattern = unicode_lower(pattern)  # PostgreSQL's ILIKE lower()s both sides: the same here
    if not pattern.isascii():
        return like(_lower(column), pattern)
    # SQLite's own LIKE folds A-Z, at C speed; only İ and K (Kelvin) also lower() into A-Z
    odd = pw.NodeList((column, pw.SQL("GLOB"), pw.Value("*[\u0130\u212a]*")))
    return like(column, pattern) | (odd & like(_lower(column), pattern))


def storable(text: str) -> str:
    """``text`` without the characters no database stores (NUL, lone surrogates): for a search
    typed as you go, which drops them rather than refusing."""
    return text.replace("\x00", "").encode("utf-8", "ignore").decode("utf-8")


def contains(column: pw.Node, text: str) -> pw.Node:
    """``column`` holds ``text`` anywhere, case ignored (a list page's search): % and _ are
    characters, not wildcards."""
    text = storable(text)
    return _like(column, "%" + _pattern(((c, False) for c in text), False) + "%", True)


def _matches(column: pw.Node, value: _Value, ignore_case: bool, upper: bool) -> pw.Node:
    """column matches a pattern (wildcards, or a case-insensitive equality)."""
    if len(re.sub(r"\*+", "*", value.plain)) > MAX_PATTERN:
        raise FilterError(f"{_q(value.text)} is too long for a pattern (* ? or @): "
                          f"at most {MAX_PATTERN:,} characters.")
    chars = [(c, w) for k, (c, w) in enumerate(value.parts())  # ** is *
             if not (w and c == "*" and k and value.plain[k - 1:k + 1] == "**")]
    if is_sqlite() and not ignore_case:
        return pw.NodeList((column, pw.SQL("GLOB"), pw.Value(_pattern(chars, upper, like=False))))
    return _like(column, _pattern(chars, upper), ignore_case)


def _blank_matches_pattern(value: _Value) -> bool:
    return value.plain.count("*") == len(value.plain)


_COMPARE = {
    "=": operator.eq, "<>": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}


class _Builder:
    def __init__(self, field: pw.Field, kind: str, column: pw.Node | None = None):
        if kind not in _KINDS:
            raise ValueError(f"unknown filter kind {kind!r}; one of {', '.join(KINDS)}")
        self.field = field
        self.column = field if column is None else column  # what the SQL compares
        self.kind = _KINDS[kind](field)
        self.nullable = bool(getattr(field, "null", False))
        self.params = 0  # values bound, for SQLite's limit
        self.terms = 0  # terms that are not plain values

    def _bind(self, value) -> pw.Value:
        """A value for the right-hand side, as the field stores it (converted now, so a
        value the field cannot hold fails here, not when the query runs)."""
        self.params += 1
        if isinstance(self.kind, _Text):  # already as stored; a Code reference would turn '' into NULL
            return pw.Value(value, converter=False)
        return pw.Value(self.field.db_value(value), converter=False)

    def tree(self, node, nested: bool = False) -> pw.Node:
        """The expression of a parsed filter: flat (SQLite's parser holds about 100 open
        parentheses); a nested sub-filter of several terms is one opaque condition to SQLite's
        planner, which otherwise tries each term against each index in every subquery (seconds)."""
        if isinstance(node, _Atom):
            return self.term(self.atom(node))
        kind, parts = node
        values: list | None = [] if kind == "or" else None  # the plain values of an OR: one IN (…)
        terms = [self.atom(p, values) for p in parts if isinstance(p, _Atom)]
        terms = ([self.equal_any(values)] if values else []) + [self.term(t) for t in terms if t is not None]
        terms += [self.tree(p, nested=True) for p in parts if not isinstance(p, _Atom)]
        if len(terms) == 1:
            return terms[0]
        joined = pw.NodeList(terms, glue=f" {kind.upper()} ", parens=True)
        return pw.NodeList((joined, pw.SQL("IS TRUE"))) if nested else joined

    def term(self, expr: pw.Node) -> pw.Node:
        """A term other than a plain value, counted: SQLite plans them in squared time."""
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise FilterError(f"The filter has more than {MAX_TERMS} terms with wildcards, comparisons "
                              f"or ranges (a list of plain values may have {MAX_VALUES:,}).")
        return expr

    def equal_any(self, values: list) -> pw.Node:
        known = list(dict.fromkeys(v for v in values if v is not None))
        if len(values) == 1 or not known:
            return self.compare("=", values[0])
        blank_ok = any(self._blank_ok("=", v) for v in values)
        expr = pw.Expression(self.column, pw.OP.IN, pw.Value([self._bind(v) for v in known]))
        return self._with_blank(expr, blank_ok)

    def _with_blank(self, expr: pw.Node, blank_ok: bool) -> pw.Node:
        """A NULL column holds Business Central's blank value: match it where blank matches."""
        if self.nullable and blank_ok:
            return expr | self.column.is_null()
        return expr

    def _blank_ok(self, op: str, value) -> bool:
        key = self.kind.sort_key
        return _COMPARE[op](key(self.kind.blank), key(value))

    def atom(self, atom: _Atom, values: list | None = None) -> pw.Node | None:
        """One term; a plain '=' value goes to ``values`` instead when given (for an IN)."""
        ignore_case, op, value, high = _split_atom(atom)
        kind = self.kind
        if op == "..":
            return self.range(atom, ignore_case, value, high)
        if isinstance(kind, _Enum) and value.wild:
            if op not in ("=", "<>"):
                raise FilterError(f"{_q(atom.raw)}: wildcards (* ?) cannot be combined with '{op}'.")
            members = kind.labels(value)
            expr = self.column.in_(members) if op == "=" else self.column.not_in(members)
            return self._with_blank(expr, (kind.blank in members) == (op == "="))
        is_code = isinstance(kind, _Code)
        if isinstance(kind, _Text) and not value.blank and (value.wild or (ignore_case and not is_code)):
            if op not in ("=", "<>"):
                if value.wild:
                    raise FilterError(f"{_q(atom.raw)}: wildcards (* ?) cannot be combined with '{op}'.")
                expr = pw.Expression(_lower(self.column), "!=" if op == "<>" else op,
                                     _lower(self._bind(value.text)))
                return self._with_blank(expr, _COMPARE[op]("", value.text))
            expr = _matches(self.column, value, ignore_case and not is_code, is_code)
            blank_ok = _blank_matches_pattern(value)
            if op == "<>":
                expr, blank_ok = ~expr, not blank_ok
            return self._with_blank(expr, blank_ok)
        if op == "=" and values is not None:
            values.append(kind.convert(value))
            return None
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
                raise FilterError(f"{_q(atom.raw)} is not a valid range: wildcards (* ?) cannot be "
                                  "used in a range.")
            else:
                try:
                    bounds.append(v.text if lower_case else kind.convert(v))
                except FilterError as exc:
                    raise FilterError(f"{_q(atom.raw)} is not a valid range: {exc}") from None
        lo, hi = bounds
        key = kind.sort_key
        if lo is not _NONE and hi is not _NONE and not isinstance(kind, _Text) and key(lo) > key(hi):
            raise FilterError(f"{_q(atom.raw)} is not a valid range: it ends before it starts.")
        if hi is None:  # .. '' on a date: only the blank date
            return self.column.is_null()
        column = _lower(self.column) if lower_case else self.column

        def bound(v):
            return _lower(self._bind(v)) if lower_case else self._bind(v)

        parts = []
        blank_ok = True
        if lo is not _NONE and lo is not None:  # from the blank date = no lower bound
            parts.append(column >= bound(lo))
            blank_ok = self._blank_ok(">=", lo)
        if hi is not _NONE:
            parts.append(column <= bound(hi))
            blank_ok = blank_ok and self._blank_ok("<=", hi)
        if not parts:
            return pw.SQL("1 = 1")
        return self._with_blank(parts[0] if len(parts) == 1 else parts[0] & parts[1], blank_ok)


_NONE = object()  # a range without this bound


def _check_text(text: str) -> None:
    if len(text) > MAX_LENGTH:
        raise FilterError(f"The filter is {len(text):,} characters long: at most {MAX_LENGTH:,}.")
    if "\x00" in text:
        raise FilterError(f"{_q(text.replace(chr(0), '?'))} has a NUL character, which no field holds.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise FilterError(f"{_q(text.encode('utf-8', 'replace').decode())} has a character that is "
                          "not text (a lone surrogate).") from None


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
    _check_text(text)
    builder = _Builder(field, kind, column)
    expr = builder.tree(_parse(text))
    bound = builder.params + 3 * builder.terms  # at most: a pattern binds up to 3
    if bound > 999 and is_sqlite():  # an old SQLite binds 999 values a query; 3.32 on 32,766
        allowed = db.connection().getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // 2
        if bound > allowed:
            raise FilterError(f"{_q(text)} has too many values for this SQLite (at most {allowed:,} "
                              "in one filter); split it.")
    return expr
