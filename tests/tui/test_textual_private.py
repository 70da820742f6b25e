"""The private Textual attributes tui/textual_private.py relies on still work as it expects.

If one of these fails after a Textual upgrade, fix tui/textual_private.py (or replace it with
the public API the new Textual offers); nothing else in tui/ reaches into Textual's privates.
"""

from __future__ import annotations

import dataclasses

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.screen import Screen
from textual.widgets import Footer

from tui.textual_private import node_bindings, set_node_bindings


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
