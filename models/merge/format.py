"""MERGEFIELD instructions and their formatting switches, as Word applies them.

``parse_instruction(' MERGEFIELD "Document Date" \\@ "d MMMM yyyy" \\* MERGEFORMAT ')``
gives the field name and a ``Switches``; ``format_value(value, switches, lang)``
turns a raw value (text, date, number, bool) into the text Word would show:

* ``\\@ "picture"`` — dates: ``d dd ddd dddd``, ``M MM MMM MMMM``, ``yy yyyy``,
  ``H HH h hh``, ``m mm``, ``s ss``, ``AM/PM``, ``'quoted text'``; month and day
  names in the merge language (English, German, French, Dutch, Spanish, Italian);
* ``\\# "picture"`` — numbers: ``0``, ``#``, ``,`` (grouping), ``.`` (decimals),
  with literal text before/after (``"€ #,##0.00"``);
* ``\\* Upper | Lower | Caps | FirstCap`` (``MERGEFORMAT``/``CHARFORMAT`` keep
  formatting and change no text);
* ``\\b "before"`` / ``\\f "after"`` — added only when the value is not empty.

A date without ``\\@`` is written as the language's long date ("26 January 2026",
"26. Januar 2026"). Pure Python, no imports beyond the standard library.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# ---------------------------------------------------------------- languages

MONTHS = {
    "en": ("January February March April May June July August September October November December",
           "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"),
    "de": ("Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
           "Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez"),
    "fr": ("janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
           "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."),
    "nl": ("januari februari maart april mei juni juli augustus september oktober november december",
           "jan feb mrt apr mei jun jul aug sep okt nov dec"),
    "es": ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
           "ene feb mar abr may jun jul ago sep oct nov dic"),
    "it": ("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
           "gen feb mar apr mag giu lug ago set ott nov dic"),
}
DAYS = {  # Monday first
    "en": ("Monday Tuesday Wednesday Thursday Friday Saturday Sunday", "Mon Tue Wed Thu Fri Sat Sun"),
    "de": ("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag", "Mo Di Mi Do Fr Sa So"),
    "fr": ("lundi mardi mercredi jeudi vendredi samedi dimanche", "lun. mar. mer. jeu. ven. sam. dim."),
    "nl": ("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag", "ma di wo do vr za zo"),
    "es": ("lunes martes miércoles jueves viernes sábado domingo", "lun mar mié jue vie sáb dom"),
    "it": ("lunedì martedì mercoledì giovedì venerdì sabato domenica", "lun mar mer gio ven sab dom"),
}
LONG_DATE = {
    "en": "d MMMM yyyy",
    "de": "d. MMMM yyyy",
    "fr": "d MMMM yyyy",
    "nl": "d MMMM yyyy",
    "es": "d 'de' MMMM 'de' yyyy",
    "it": "d MMMM yyyy",
}
YES_NO = {"en": ("Yes", "No"), "de": ("Ja", "Nein"), "fr": ("Oui", "Non"), "nl": ("Ja", "Nee"),
          "es": ("Sí", "No"), "it": ("Sì", "No")}

_MONTHS = {k: (long.split(), short.split()) for k, (long, short) in MONTHS.items()}
_DAYS = {k: (long.split(), short.split()) for k, (long, short) in DAYS.items()}

# Windows primary language ids (Marketing Setup "Mergefield Language ID" & 0x3FF)
_LCID_PRIMARY = {0x09: "en", 0x07: "de", 0x0C: "fr", 0x13: "nl", 0x0A: "es", 0x10: "it"}


def language_key(code: str | None) -> str:
    """The two-letter key of a Business Central language code ("ENU", "DEU", "FRB", "es-ES"), 'en' when unknown."""
    head = (code or "").strip()[:2].lower()
    return head if head in _MONTHS else "en"


def language_from_lcid(lcid: int | None) -> str:
    """The key of a Windows language id (1033 → 'en', 1031 → 'de'); '' when 0 or unknown."""
    if not lcid:
        return ""
    return _LCID_PRIMARY.get(int(lcid) & 0x3FF, "")


# ---------------------------------------------------------------- instructions

@dataclass(frozen=True)
class Switches:
    case: tuple[str, ...] = ()  # "upper", "lower", "caps", "firstcap", in the order given
    date: str | None = None  # \@ picture
    number: str | None = None  # \# picture
    before: str = ""  # \b
    after: str = ""  # \f
    charformat: bool = False  # \* CHARFORMAT: the formatting of the field code's first character

    @property
    def plain(self) -> bool:
        return self == _PLAIN


_PLAIN = Switches()
_CASES = {"upper": "upper", "lower": "lower", "caps": "caps", "firstcap": "firstcap"}
_MERGEFIELD = re.compile(r"^\s*MERGEFIELD(?=[\s\"]|$)", re.IGNORECASE)


def _tokens(text: str):
    """Field-code tokens: ('switch', letter), ('text', value) — quoted or bare words."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == '"':
            j, buf = i + 1, []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n and text[j + 1] in '"\\':
                    buf.append(text[j + 1])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            yield "text", "".join(buf)
            i = j + 1
        elif c == "\\" and i + 1 < n:
            yield "switch", text[i + 1]
            i += 2
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '"\\':
                j += 1
            yield "text", text[i:j]
            i = j


def parse_instruction(instr: str) -> tuple[str, Switches] | None:
    """(field name, switches) of a MERGEFIELD instruction; None for any other field."""
    match = _MERGEFIELD.match(instr or "")
    if not match:
        return None
    tokens = list(_tokens(instr[match.end():]))
    if not tokens or tokens[0][0] != "text" or not tokens[0][1].strip():
        return None
    name = tokens[0][1].strip()
    case: list[str] = []
    values: dict = {}
    i = 1
    while i < len(tokens):
        kind, value = tokens[i]
        i += 1
        if kind != "switch":
            continue
        letter = value.lower()
        if letter in ("m", "v"):  # mapped field / vertical text: no argument
            continue
        arg = ""
        if i < len(tokens) and tokens[i][0] == "text":
            arg = tokens[i][1]
            i += 1
        if letter == "*":
            word = arg.strip().lower()
            if word in _CASES:
                case.append(_CASES[word])
            elif word == "charformat":
                values["charformat"] = True
        elif letter == "@":
            values["date"] = arg
        elif letter == "#":
            values["number"] = arg
        elif letter == "b":
            values["before"] = arg
        elif letter == "f":
            values["after"] = arg
    return name, Switches(case=tuple(case), **values)


# ---------------------------------------------------------------- dates

_DATE_TOKEN = re.compile(r"'[^']*'|dddd|ddd|dd|d|MMMM|MMM|MM|M|yyyy|yy|y|HH|H|hh|h|mm|m|ss|s|AM/PM|am/pm|A/P|a/p|.",
                         re.DOTALL)


def format_date(value: dt.date, picture: str, lang: str = "en") -> str:
    """A date (or datetime) written with a Word date picture in a language."""
    months_long, months_short = _MONTHS.get(lang, _MONTHS["en"])
    days_long, days_short = _DAYS.get(lang, _DAYS["en"])
    hour = getattr(value, "hour", 0)
    minute = getattr(value, "minute", 0)
    second = getattr(value, "second", 0)
    out = []
    for token in _DATE_TOKEN.findall(picture):
        if token.startswith("'") and token.endswith("'") and len(token) >= 2:
            out.append(token[1:-1])
        elif token == "dddd":
            out.append(days_long[value.weekday()])
        elif token == "ddd":
            out.append(days_short[value.weekday()])
        elif token == "dd":
            out.append(f"{value.day:02d}")
        elif token == "d":
            out.append(str(value.day))
        elif token == "MMMM":
            out.append(months_long[value.month - 1])
        elif token == "MMM":
            out.append(months_short[value.month - 1])
        elif token == "MM":
            out.append(f"{value.month:02d}")
        elif token == "M":
            out.append(str(value.month))
        elif token == "yyyy":
            out.append(f"{value.year:04d}")
        elif token in ("yy", "y"):
            out.append(f"{value.year % 100:02d}")
        elif token == "HH":
            out.append(f"{hour:02d}")
        elif token == "H":
            out.append(str(hour))
        elif token in ("hh", "h"):
            twelve = hour % 12 or 12
            out.append(f"{twelve:02d}" if token == "hh" else str(twelve))
        elif token == "mm":
            out.append(f"{minute:02d}")
        elif token == "m":
            out.append(str(minute))
        elif token == "ss":
            out.append(f"{second:02d}")
        elif token == "s":
            out.append(str(second))
        elif token in ("AM/PM", "am/pm", "A/P", "a/p"):
            text = "AM" if hour < 12 else "PM"
            text = text if token[0].isupper() else text.lower()
            out.append(text if len(token) == 5 else text[0])
        else:
            out.append(token)
    return "".join(out)


def long_date(value: dt.date, lang: str = "en") -> str:
    return format_date(value, LONG_DATE.get(lang, LONG_DATE["en"]), lang)


# ---------------------------------------------------------------- numbers

_NUMBER_PART = re.compile(r"[0#][0#,]*(?:\.[0#]*)?|\.[0#]+")


def _as_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(" ", "")) if value.strip() else None
        except InvalidOperation:
            return None
    return None


def format_number(value, picture: str) -> str | None:
    """A number written with a Word numeric picture; None when the value is not a number."""
    number = _as_decimal(value)
    if number is None:
        return None
    picture = picture.split(";")[0]
    match = _NUMBER_PART.search(picture)
    if not match:
        return picture
    part = match.group(0)
    integer, _, fraction = part.partition(".")
    decimals = len(fraction)
    grouping = "," in integer
    min_digits = integer.count("0")
    rounded = abs(number).quantize(Decimal(1).scaleb(-decimals)) if decimals else abs(number).quantize(Decimal(1))
    text = f"{rounded:,.{decimals}f}" if grouping else f"{rounded:.{decimals}f}"
    whole, dot, frac = text.partition(".")
    digits = whole.replace(",", "")
    if len(digits) < min_digits:
        digits = digits.zfill(min_digits)
        whole = f"{int(digits):,}".rjust(len(digits), "0") if grouping else digits
    if min_digits == 0 and digits.strip("0") == "" and decimals:
        whole = ""  # "#.00" writes .50
    body = whole + (dot + frac if decimals else "")
    sign = "-" if number < 0 and rounded != 0 else ""
    return picture[:match.start()] + sign + body + picture[match.end():]


# ---------------------------------------------------------------- text

def _caps(text: str) -> str:
    return re.sub(r"(^|[\s\-/(\"'])(\w)", lambda m: m.group(1) + m.group(2).upper(), text)


def _first_cap(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
    return text


def to_text(value, lang: str = "en") -> str:
    """A raw value as Word shows it without switches."""
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = YES_NO.get(lang, YES_NO["en"])
        return yes if value else no
    if isinstance(value, dt.datetime):
        return long_date(value, lang)
    if isinstance(value, dt.date):
        return long_date(value, lang)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


def format_value(value, switches: Switches, lang: str = "en") -> str:
    """The text of a field for a raw value, with its switches applied (Word's order:
    picture, then case, then the text before/after when the result is not empty)."""
    text = None
    if switches.date is not None:
        date = value
        if isinstance(value, str) and value.strip():
            try:
                date = dt.date.fromisoformat(value.strip())
            except ValueError:
                date = None
        if isinstance(date, dt.date):
            text = format_date(date, switches.date, lang)
    if text is None and switches.number is not None:
        text = format_number(value, switches.number)
    if text is None:
        text = to_text(value, lang)
    for case in switches.case:
        if case == "upper":
            text = text.upper()
        elif case == "lower":
            text = text.lower()
        elif case == "caps":
            text = _caps(text)
        elif case == "firstcap":
            text = _first_cap(text)
    if text and (switches.before or switches.after):
        text = switches.before + text + switches.after
    return text
