"""The office's regional settings for the merge: ``locale`` in the [merge] section of
relman.toml, or RELMAN_MERGE_LOCALE. Word reads and writes number pictures with the
grouping and decimal symbols of the computer's regional settings (a German office writes
``\\# "#.##0,00"`` and gets 1.234,50), so the default is the system's locale (LC_ALL,
LC_NUMERIC, LANG), and en_US when that is unset or C/POSIX."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from models.base.config import settings
from models.base.errors import UserError

SETTINGS_ENV = {"locale": "RELMAN_MERGE_LOCALE"}
DEFAULT_LOCALE = "en_US"


def _parsed(text: str) -> str:
    """A locale name ("de_DE", "de-DE", "de_DE.UTF-8") as Babel's "de_DE"; '' when it is none."""
    from babel import Locale, UnknownLocaleError

    name = text.strip().split(".")[0].split("@")[0].replace("-", "_")
    if not name or name.upper() in ("C", "POSIX"):
        return ""
    try:
        return str(Locale.parse(name))
    except (ValueError, TypeError, UnknownLocaleError):
        return ""


def system_locale(environ: Mapping[str, str] = os.environ) -> str:
    """The locale numbers are written in on this computer (POSIX order: LC_ALL, LC_NUMERIC, LANG)."""
    for name in ("LC_ALL", "LC_NUMERIC", "LANG"):
        value = environ.get(name, "").strip()
        if value:  # the first one set decides, even when it is C
            return _parsed(value) or DEFAULT_LOCALE
    return DEFAULT_LOCALE


def office_locale(environ: Mapping[str, str] = os.environ, config_file: Path | None = None) -> str:
    """The office's locale ("de_DE"): [merge] locale of relman.toml, overridden by
    RELMAN_MERGE_LOCALE, else the system's. A locale CLDR does not know is a UserError."""
    text = settings("merge", SETTINGS_ENV, environ, config_file).get("locale", "").strip()
    if not text:
        return system_locale(environ)
    locale = _parsed(text)
    if not locale:
        raise UserError(f"The setting locale in [merge] must be a locale such as en_US or de_DE, not '{text}'.")
    return locale
