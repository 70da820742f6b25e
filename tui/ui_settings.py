"""How Relman looks and listens on a terminal: ``[ui]`` and ``[keys]`` of relman.toml.

[ui] theme (RELMAN_THEME), mouse (RELMAN_MOUSE) and cursor_blink (RELMAN_CURSOR_BLINK); the
command line's --theme and --mouse win over both. The theme, by precedence: --theme, then
RELMAN_THEME, then relman.toml (where a theme picked in the palette is saved), then the
automatic choice: ``ansi-dark`` (the terminal's own 16 colours) when the terminal offers 16
colours or fewer or NO_COLOR is set, else Textual's default.

[keys] maps a binding id to keys (``"segment.add_contacts" = "f9"``; ``app.help = "f9"``
works too, TOML reads it as a table ``app`` with a key ``help``), for terminals that
swallow F1, F10 or Ctrl+S.

Imports no Textual at module level: the command line reads this before the app starts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from models.base.config import (
    default_config_file,
    save_setting,
    settings,
    switch,
    table,
)
from models.base.errors import UserError

UI_ENV = {"theme": "RELMAN_THEME", "mouse": "RELMAN_MOUSE", "cursor_blink": "RELMAN_CURSOR_BLINK"}
SIXTEEN_COLOURS_THEME = "ansi-dark"  # built on the terminal's ANSI colours: 16.7:1 text, 4.5:1 keys
FEW_COLOURS = {"standard", "windows"}  # Rich's names for 16 (or 8) colours


@dataclass(frozen=True)
class UiSettings:
    theme: str = ""  # "": automatic
    mouse: bool = False  # mouse tracking sends a report (and repaints) for every move
    cursor_blink: bool = False  # a blinking cursor sends bytes for ever while idle
    keys: Mapping[str, str] = field(default_factory=dict)  # binding id -> keys ("f9" or "f9,ctrl+a")
    config_file: Path | None = None  # where a theme picked in the palette is saved (None: the default)


def _keys(section: Mapping, path: str) -> dict[str, str]:
    """[keys] flattened: a dotted key ``app.help`` (a table in TOML) becomes the id "app.help"."""
    out: dict[str, str] = {}
    for name, value in section.items():
        if isinstance(value, dict):
            out.update(_keys({f"{name}.{k}": v for k, v in value.items()}, path))
        elif isinstance(value, str) and value.strip():
            out[name] = value.strip()
        else:
            raise UserError(f"[keys] {name} in {path} must be a key name in quotes, e.g. \"f9\" or \"ctrl+s,f2\".")
    return out


def ui_settings(environ: Mapping[str, str] = os.environ, config_file: Path | None = None, *,
                theme: str | None = None, mouse: bool | None = None) -> UiSettings:
    """[ui] and [keys] of the config file, the environment over them, ``theme`` and ``mouse``
    (the command line's) over both. A malformed file or an unknown setting is a UserError."""
    values = settings("ui", UI_ENV, environ, config_file, switches={"mouse", "cursor_blink"})
    path = Path(config_file).expanduser() if config_file is not None else default_config_file()

    def where(key: str) -> str:
        return f" ([ui] in {path}, or {UI_ENV[key]})"

    return UiSettings(
        theme=(theme or values.get("theme", "")).strip(),
        mouse=switch(values, "mouse", False, where("mouse")) if mouse is None else mouse,
        cursor_blink=switch(values, "cursor_blink", False, where("cursor_blink")),
        keys=_keys(table("keys", path), str(path)),
        config_file=path,
    )


def automatic_theme(color_system: str | None, no_color: bool = False) -> str | None:
    """The theme for a terminal of ``color_system`` (Rich's name: "truecolor", "256",
    "standard", "windows", or None for none), when nobody chose one: None keeps Textual's.
    Without colour (NO_COLOR) too: an ANSI theme draws with the terminal's own colours, and
    relman.tcss gives its states text styles (reverse, underline, bold) that stay."""
    return SIXTEEN_COLOURS_THEME if no_color or color_system in FEW_COLOURS else None


def save_theme(ui: UiSettings, name: str) -> Path:
    """A theme picked in the palette, kept in relman.toml [ui] for the next start."""
    return save_setting("ui", "theme", name, ui.config_file)


def binding_ids() -> set[str]:
    """Every binding id of Relman (the README's Keymap lists them): imports every screen."""
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import tui

    ids = set()
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        for obj in vars(importlib.import_module(info.name)).values():
            if inspect.isclass(obj) and issubclass(obj, DOMNode):
                ids.update(b.id for b in obj.__dict__.get("BINDINGS", []) if getattr(b, "id", None))
    return ids


def check(ui: UiSettings) -> None:
    """An unknown theme or binding id is a UserError naming it (before the screen opens)."""
    if ui.theme:
        from textual.theme import BUILTIN_THEMES

        if ui.theme not in BUILTIN_THEMES:
            raise UserError(f"Unknown theme '{ui.theme}'; the themes are {', '.join(sorted(BUILTIN_THEMES))}.")
    unknown = sorted(set(ui.keys) - binding_ids()) if ui.keys else []
    if unknown:
        raise UserError(f"Unknown key id {', '.join(repr(u) for u in unknown)} in [keys] of {ui.config_file}; "
                        "an id is screen.action as the README's Keymap lists them (e.g. app.help).")
