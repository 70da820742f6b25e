"""Relman's settings: a section of relman.toml (in the user's config folder), each setting
overridden by its RELMAN_* environment variable when that is not blank. The one reader:
delivery (models/interactions/delivery_settings.py) and the import limits
(models/base/documents.py) both read through ``settings``."""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from pathlib import Path

from models.base.errors import UserError


def default_config_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("relman")) / "relman.toml"


def _section(path: Path, section: str, keys: Collection[str], switches: Collection[str]) -> dict[str, str]:
    """A section of a TOML file as texts ({} when there is no file); ``switches`` may be true/false."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Cannot read the configuration file {path}: {getattr(exc, 'strerror', None) or exc}") \
            from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"The configuration file {path} is not valid TOML: {exc}") from None
    values = data.get(section, {})
    if not isinstance(values, dict):
        raise UserError(f"[{section}] in {path} must be a section of settings.")
    out = {}
    for key, value in values.items():
        if key not in keys:
            raise UserError(f"Unknown setting '{key}' in [{section}] of {path}; "
                            f"the settings are {', '.join(keys)}.")
        if isinstance(value, bool) and key in switches:
            value = "yes" if value else "no"
        elif isinstance(value, bool) or not isinstance(value, (str, int)):
            raise UserError(f"The setting {key} in {path} must be a text or a number.")
        out[key] = str(value)
    return out


def settings(section: str, env: Mapping[str, str], environ: Mapping[str, str] = os.environ,
             config_file: Path | None = None, *, switches: Collection[str] = (),
             verbatim: Collection[str] = ()) -> dict[str, str]:
    """The settings of ``[section]`` as texts: the config file's (default
    ``default_config_file()``), each overridden by its environment variable (``env``: key ->
    variable name) when that is not blank; a variable's value is stripped, except the
    ``verbatim`` ones (a password may hold spaces). A malformed file or an unknown key is a
    UserError."""
    path = Path(config_file).expanduser() if config_file is not None else default_config_file()
    values = _section(path, section, list(env), switches)
    for key, name in env.items():
        text = environ.get(name)
        if text is not None and text.strip():
            values[key] = text if key in verbatim else text.strip()
    return values
