"""Thin clients: the 16-colour theme, no colour at all, a keymap from relman.toml, a
theme picked in the palette kept for next time, and nothing blinking."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.filter import ANSIToTruecolor
from textual.widgets import Input

from tests.tui.conftest import SIZE, settle, type_text, wait_for, wait_for_text
from tui.app import RelmanApp, WithoutColour
from tui.screens.dialogs import HelpScreen
from tui.ui_settings import UiSettings, ui_settings


@pytest.fixture(autouse=True)
def plain_terminal(monkeypatch):
    """A 256-colour terminal and no colour wishes, whatever the developer's are."""
    monkeypatch.setenv("TERM", "xterm-256color")
    for name in ("COLORTERM", "NO_COLOR", "RELMAN_THEME", "RELMAN_MOUSE", "RELMAN_CURSOR_BLINK"):
        monkeypatch.delenv(name, raising=False)


def test_sixteen_colours_take_the_terminals_own_colours(ui_db, monkeypatch):
    assert RelmanApp(str(ui_db)).theme == "textual-dark"  # 256 colours: Textual's
    assert RelmanApp(str(ui_db), ui=UiSettings(theme="nord")).theme == "nord"
    monkeypatch.setenv("TERM", "linux")
    assert RelmanApp(str(ui_db), ui=UiSettings(theme="nord")).theme == "nord"  # a choice wins
    app = RelmanApp(str(ui_db))
    assert (app.console.color_system, app.theme) == ("standard", "ansi-dark")
    # ANSI colours go out as the terminal's own, not turned into RGB
    assert not any(isinstance(f, ANSIToTruecolor) for f in app.get_line_filters())


async def test_no_color_sends_no_colour_and_shows_the_cursor_row_reversed(ui_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = RelmanApp(str(ui_db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await wait_for_text(pilot, "Adatum Corporation")
        filters = app.get_line_filters()
        assert app.theme == "ansi-dark" and [type(f) for f in filters] == [WithoutColour]
        lines = [filters[0].apply(list(strip), None) for strip in app.screen._compositor.render_strips()]
        assert all(s.style is None or (s.style.color, s.style.bgcolor) == (None, None) for line in lines for s in line)
        cursor = next(line for line in lines if "Adatum Corporation" in "".join(s.text for s in line))
        assert any(s.style and s.style.reverse and "Adatum" in s.text for s in cursor)
        await pilot.press("slash")  # the search field: focused, and its cursor does not blink
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the search field focused")
        await pilot.pause()
        assert app.focused.cursor_blink is False


async def test_a_keymap_in_relman_toml_moves_a_key(ui_db, tmp_path):
    config = tmp_path / "relman.toml"
    config.write_text('[keys]\napp.help = "f9"\n')  # TOML reads it as a table: still the id app.help
    app = RelmanApp(str(ui_db), ui=ui_settings({}, config))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_text(pilot, "f9 Help")
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "F9 opens the help")


async def test_a_theme_picked_in_the_palette_is_saved_and_read_back(ui_db, tmp_path):
    config = tmp_path / "relman.toml"
    config.write_text('[delivery]\npdf = false  # no LibreOffice here\n')
    app = RelmanApp(str(ui_db), ui=ui_settings({}, config))
    async with app.run_test(size=SIZE) as pilot:
        app.action_change_theme()
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the theme palette")
        await type_text(pilot, "gruvbox")
        await settle(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "gruvbox", "the theme picked")
    assert config.read_text() == '[delivery]\npdf = false  # no LibreOffice here\n\n[ui]\ntheme = "gruvbox"\n'
    assert RelmanApp(str(ui_db), ui=ui_settings({}, config)).theme == "gruvbox"
