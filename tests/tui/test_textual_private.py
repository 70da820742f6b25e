"""The private Textual attributes tui/textual_private.py relies on still work as it expects.

If one of these fails after a Textual upgrade, fix tui/textual_private.py (or replace it with
the public API the new Textual offers); nothing else in tui/ reaches into Textual's privates.
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.screen import Screen
from textual.widgets import Footer

from tui.textual_private import UnhandledErrorHook, node_bindings, set_node_bindings


class _Page(Screen):
    BINDINGS = [
        Binding("a", "note('a')", "Alpha", id="test.alpha"),
        Binding("b", "note('b')", "Beta", id="test.beta"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.noted: list[str] = []

    def compose(self) -> ComposeResult:
        yield Footer()

    def action_note(self, what: str) -> None:
        self.noted.append(what)


class _App(App):
    def on_mount(self) -> None:
        self.push_screen(_Page())


def test_node_bindings_are_the_class_bindings():
    page = _Page()
    bindings = node_bindings(page)
    assert isinstance(bindings, BindingsMap)
    ours = [(key, b.id) for key, b in bindings if (b.id or "").startswith("test.")]
    assert ours == [("a", "test.alpha"), ("b", "test.beta")]


async def test_replaced_bindings_are_what_textual_shows_and_runs():
    app = _App()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        page = app.screen
        hidden = [dataclasses.replace(b, show=b.key == "a") for _key, b in node_bindings(page)]
        set_node_bindings(page, BindingsMap(hidden))
        page.refresh_bindings()
        await pilot.pause()
        shown = {b.id: b.show for b in (a.binding for a in page.active_bindings.values())
                 if b.id and b.id.startswith("test.")}
        assert shown == {"test.alpha": True, "test.beta": False}
        await pilot.press("b")  # hidden from the footer, the key still works
        await pilot.pause()
        assert page.noted == ["b"]
        app.set_keymap({"test.beta": "c"})  # the keymap applies to replaced bindings too
        await pilot.press("c")
        await pilot.pause()
        assert page.noted == ["b", "b"]


class _BuggyPage(Screen):
    BINDINGS = [Binding("z", "bug", "Bug", id="test.bug")]

    def action_bug(self) -> None:
        raise ZeroDivisionError("a bug")


class _HookedApp(UnhandledErrorHook, App):
    def __init__(self, handles: bool) -> None:
        super().__init__()
        self.handles = handles
        self.seen: list[Exception] = []

    def on_mount(self) -> None:
        self.push_screen(_BuggyPage())

    def unhandled_error(self, error: Exception) -> bool:
        self.seen.append(error)
        if self.handles:
            self.exit(return_code=1, message="one line")
        return self.handles


async def test_an_unhandled_error_reaches_the_hook_first():
    """Textual still routes a bug in a page's code through App._handle_exception."""
    app = _HookedApp(handles=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.call_later(app.screen.action_bug)  # a key would wait for the page, which stops
        for _ in range(100):
            if app.seen:
                break
            await asyncio.sleep(0.02)
    assert [type(error) for error in app.seen] == [ZeroDivisionError]
    assert app.return_code == 1


async def test_a_hook_that_declines_leaves_textual_handling_the_error():
    app = _HookedApp(handles=False)
    with pytest.raises(ZeroDivisionError):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("z")
            await pilot.pause()
    assert len(app.seen) == 1 and app.return_code == 1
