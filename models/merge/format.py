"""MERGEFIELD instructions and their formatting switches, as Word applies them.

``parse_instruction(' MERGEFIELD "Document Date" \\@ "d MMMM yyyy" \\* MERGEFORMAT ')``
gives the field name and a ``Switches``; ``format_value(value, switches, lang, office)``
turns a raw value (text, date, number, bool) into the text Word would show:

* ``\\@ "picture"`` — dates: ``d dd ddd dddd``, ``M MM MMM MMMM``, ``yy yyyy``,
  ``H HH h hh``, ``m mm``, ``s ss``, ``AM/PM``, ``'quoted text'``; month and day
  names in the field's language, from CLDR (Babel) for every Business Central language
  code (``language_key``) and Windows language id (``language_from_lcid``);
* ``\\# "picture"`` — numbers: ``0``, ``#``, grouping and decimal symbols of the office's
  locale (``[merge] locale`` in relman.toml: ``#,##0.00`` in en_US, ``#.##0,00`` in
  de_DE), with literal text before/after (``"€ #,##0.00"``);
* ``\\* Upper | Lower | Caps | FirstCap`` (``MERGEFORMAT``/``CHARFORMAT`` keep
  formatting and change no text);
* ``\\b "before"`` / ``\\f "after"`` — added only when the value is not empty.

A date without ``\\@`` is written as the language's CLDR long date ("January 26, 2026",
"26. Januar 2026"). A language is a CLDR locale name ("en", "de_CH"); an unknown one is
English.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# ---------------------------------------------------------------- languages

# Business Central language codes (Windows' three-letter language names) -> CLDR locale.
# The language alone where its main country writes the same names and dates.
BC_LANGUAGES = {
    "ARA": "ar_SA", "BEL": "be", "BGR": "bg", "CAT": "ca", "CHS": "zh_Hans", "CHT": "zh_Hant", "CSY": "cs",
    "DAN": "da", "DEA": "de_AT", "DEC": "de_LI", "DEL": "de_LU", "DES": "de_CH", "DEU": "de", "ELL": "el",
    "ENA": "en_AU", "ENC": "en_CA", "ENG": "en_GB", "ENI": "en_IE", "ENN": "en_IN", "ENP": "en_PH",
    "ENS": "en_ZA", "ENU": "en", "ENZ": "en_NZ", "ESM": "es_MX", "ESN": "es", "ESP": "es", "ETI": "et",
    "EUQ": "eu", "FAR": "fa", "FIN": "fi", "FOS": "fo", "FRA": "fr", "FRB": "fr_BE", "FRC": "fr_CA",
    "FRL": "fr_LU", "FRS": "fr_CH", "GLC": "gl", "HEB": "he", "HIN": "hi", "HRV": "hr", "HUN": "hu",
    "IND": "id", "ISL": "is", "ITA": "it", "ITS": "it_CH", "JPN": "ja", "KOR": "ko", "LTH": "lt",
    "LVI": "lv", "MKI": "mk", "MSL": "ms", "NLB": "nl_BE", "NLD": "nl", "NON": "nn", "NOR": "nb",
    "PLK": "pl", "PTB": "pt", "PTG": "pt_PT", "ROM": "ro", "RUS": "ru", "SKY": "sk", "SLV": "sl",
    "SQI": "sq", "SRB": "sr", "SRL": "sr_Latn", "SRM": "sr_Latn", "SVE": "sv", "SVF": "sv_FI", "THA": "th",
    "TRK": "tr", "UKR": "uk", "VIT": "vi",
}
YES_NO = {"en": ("Yes", "No"), "de": ("Ja", "Nein"), "fr": ("Oui", "Non"), "nl": ("Ja", "Nee"),
          "es": ("Sí", "No"), "it": ("Sì", "No")}  # CLDR has no yes/no words


@functools.lru_cache(maxsize=256)
def _known(identifier: str) -> str:
    """A CLDR locale as its shortest name ("de_DE" -> "de", "de_CH" stays); '' when CLDR has none."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        loc = Locale.parse(identifier.replace("-", "_").split(".")[0].split("@")[0])
    except (ValueError, TypeError, UnknownLocaleError):
        return ""
    name = str(loc)
    likely = get_global("likely_subtags").get(loc.language, "").split("_")
    if loc.territory and not loc.script and likely[-1:] == [loc.territory] and loc.variant is None:
        name = loc.language  # the language's main country: "de_DE" -> "de"
    return name


def language_key(code: str | None) -> str:
    """The CLDR locale of a Business Central language code ("ENU" -> 'en', "SVE" -> 'sv',
    "DES" -> 'de_CH') or of a locale name ("es-ES", "pl"); 'en' when unknown."""
    code = (code or "").strip()
    if code.upper() in BC_LANGUAGES:
        return BC_LANGUAGES[code.upper()]
    if len(code) == 2 or "-" in code or "_" in code:  # a three-letter code is BC's, never ISO 639-2
        return _known(code) or "en"
    return "en"


def language_from_lcid(lcid: int | None) -> str:
    """The CLDR locale of a Windows language id (1033 -> 'en', 1031 -> 'de', 2055 -> 'de_CH');
    '' when 0 or unknown."""
    import locale

    if not lcid:
        return ""
    name = locale.windows_locale.get(int(lcid), "")
    return (_known(name) or _known(name.split("_")[0])) if name else ""


@functools.lru_cache(maxsize=256)
def _locale(lang: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang or "en")
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse("en")


@functools.lru_cache(maxsize=256)
def _names(lang: str) -> tuple:
    """CLDR names as Word writes them (Windows' rule): MMMM in the 'format' context (Polish
    "marca", Czech "března", Finnish "maaliskuuta") when the picture has a day number, else
    'stand-alone' ("marzec"); MMM and day names stand-alone ("Mär", "torstai")."""
    loc = _locale(lang)
    months, days = loc.months, loc.days

    def listed(names, count):
        return tuple(names[i] for i in (range(1, 13) if count == 12 else range(7)))

    return (listed(months["format"]["wide"], 12), listed(months["stand-alone"]["wide"], 12),
            listed(months["stand-alone"]["abbreviated"], 12), listed(days["stand-alone"]["wide"], 7),
            listed(days["stand-alone"]["abbreviated"], 7))


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
    """A date (or datetime) written with a Word date picture in a language (a CLDR locale)."""
    tokens = _DATE_TOKEN.findall(picture)
    months_format, months_alone, months_short, days_long, days_short = _names(lang)
    months_long = months_format if ("d" in tokens or "dd" in tokens) else months_alone
    hour = getattr(value, "hour", 0)
    minute = getattr(value, "minute", 0)
    second = getattr(value, "second", 0)
    out = []
    for token in tokens:
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
    """The language's long date (CLDR): "March 5, 2026", "5. März 2026", "5 marca 2026"."""
    from babel.dates import format_date as cldr_date

    day = value.date() if isinstance(value, dt.datetime) else value
    return cldr_date(day, "long", locale=_locale(lang))


# ---------------------------------------------------------------- numbers

_SPACES, _APOSTROPHES = " \u00a0\u202f", "'\u2019"  # a typed grouping may stand for the locale's


@functools.lru_cache(maxsize=64)
def _separators(office: str) -> tuple[str, str, re.Pattern]:
    """(grouping, decimal symbol, the number part of a picture) in the office's regional
    settings: "#,##0.00" in en_US, "#.##0,00" in de_DE, "# ##0,00" in fr_FR."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    loc = _locale(office)
    group, decimal = get_group_symbol(locale=loc), get_decimal_symbol(locale=loc)
    groups = _SPACES if group in _SPACES else _APOSTROPHES if group in _APOSTROPHES else group
    g, d = "".join(re.escape(c) for c in groups), re.escape(decimal)
    return group, decimal, re.compile(rf"[0#](?:[{g}]?[0#])*(?:{d}[0#]*)?|{d}[0#]+")


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


def format_number(value, picture: str, office: str = "en_US") -> str | None:
    """A number written with a Word numeric picture, read and written with the grouping and
    decimal symbols of the office's locale (Word follows the regional settings); None when
    the value is not a number."""
    number = _as_decimal(value)
    if number is None:
        return None
    group, decimal, number_part = _separators(office)
    picture = picture.split(";")[0]
    match = number_part.search(picture)
    if not match:
        return picture
    part = match.group(0)
    integer, _, fraction = part.partition(decimal)
    decimals = len(fraction)
    grouping = integer.count("0") + integer.count("#") < len(integer)
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
    body = (whole + (dot + frac if decimals else "")).translate({ord(","): group, ord("."): decimal})
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
        yes, no = YES_NO.get(lang.split("_")[0], YES_NO["en"])
        return yes if value else no
    if isinstance(value, dt.date):
        return long_date(value, lang)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


def format_value(value, switches: Switches, lang: str = "en", office: str = "en_US") -> str:
    """The text of a field for a raw value, with its switches applied (Word's order:
    picture, then case, then the text before/after when the result is not empty): names
    in the field's language ``lang``, numbers in the ``office`` locale's separators."""
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
        text = format_number(value, switches.number, office)
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
