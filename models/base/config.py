"""Relman's settings: a section of relman.toml (in the user's config folder), each setting
overridden by its RELMAN_* environment variable when that is not blank. The one reader:
delivery (models/interactions/delivery_settings.py), the import limits
(models/base/documents.py) and the terminal (tui/ui_settings.py) all read through
``settings`` (or ``table`` for a section of free keys, as [keys]); ``save_setting`` is the
one writer."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path

from models.base.errors import UserError


def default_config_file() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("relman")) / "relman.toml"


def _text(path: Path) -> str:
    """The file's text ("" when there is no file)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"Cannot read the configuration file {path}: {getattr(exc, 'strerror', None) or exc}") \
            from None


def _parse(text: str, path: Path) -> dict:
    if not text:  # no file: nothing to parse (tomllib is imported only for a file, ~1.5 ms)
        return {}
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"The configuration file {path} is not valid TOML: {' '.join(str(exc).split())}") from None


def _path(config_file: Path | None) -> Path:
    return Path(config_file).expanduser() if config_file is not None else default_config_file()


def table(section: str, config_file: Path | None = None) -> dict:
    """``[section]`` of the config file as TOML gave it ({} when there is none): for a
    section whose keys are not known in advance."""
    path = _path(config_file)
    values = _parse(_text(path), path).get(section, {})
    if not isinstance(values, dict):
        raise UserError(f"[{section}] in {path} must be a section of settings.")
    return values


def _section(path: Path, section: str, keys: Collection[str], switches: Collection[str]) -> dict[str, str]:
    """A section of a TOML file as texts ({} when there is no file); ``switches`` may be true/false."""
    values = table(section, path)
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
    path = _path(config_file)
    values = _section(path, section, list(env), switches)
    for key, name in env.items():
        text = environ.get(name)
        if text is not None and text.strip():
            values[key] = text if key in verbatim else text.strip()
    return values


_YES, _NO = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def switch(values: Mapping[str, str], key: str, default: bool, where: str = "") -> bool:
    """A yes/no setting of ``settings(…, switches=…)`` (true/false in the file, yes/no, on/off
    or 1/0 in the environment); another word is a UserError (``where``: " in [ui] of …")."""
    text = values.get(key, "").strip().lower()
    if not text:
        return default
    if text not in _YES | _NO:
        raise UserError(f"The setting {key}{where} must be yes or no (true or false), not '{values[key]}'.")
    return text in _YES


def _header(line: str) -> str | None:
    """The table a line opens (``[ui]`` -> "ui"), or None."""
    match = re.match(r"\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$", line)
    return match.group(1) if match else None


def save_setting(section: str, key: str, value: str, config_file: Path | None = None) -> Path:
    """Write ``key = "value"`` into ``[section]`` of the config file (made when missing) and
    leave every other line as it was; the path written. The new text is parsed before it
    is written: if the file is laid out so that the edit would change anything else (a
    dotted key, an inline table), nothing is written and it is a UserError."""
    path = _path(config_file)
    text = _text(path)
    expected = _parse(text, path)
    if not isinstance(expected.setdefault(section, {}), dict):
        raise UserError(f"[{section}] in {path} must be a section of settings.")
    expected[section][key] = value
    line = f"{key} = {json.dumps(value, ensure_ascii=False)}\n"  # a JSON string is a TOML basic string
    lines = text.splitlines(keepends=True)
    start = next((i for i, each in enumerate(lines) if _header(each) == section), None)
    if start is None:
        if text and not text.endswith("\n"):
            lines.append("\n")
        lines += ["\n" if text else "", f"[{section}]\n", line]
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
        at = next((i for i in range(start + 1, end) if re.match(rf"\s*{re.escape(key)}\s*=", lines[i])), None)
        if at is None:
            lines.insert(start + 1, line)
        else:
            lines[at] = line
    new = "".join(lines)
    try:
        same = _parse(new, path) == expected
    except UserError:  # the edit broke it
        same = False
    if not same:
        raise UserError(f"Cannot save {key} in [{section}] of {path}: the file is laid out in a way Relman "
                        f"does not rewrite; set {key} = {json.dumps(value)} there by hand.")
    from models.base.files import write_atomic

    return write_atomic(path, new.encode("utf-8"))
