"""Pick a code from a table (F4 on a code field)."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from models.base.db import thread_connection
from models.pages.registry import entity
from tui.widgets.paged_table import PagedTable, TableColumn


class LookupScreen(ModalScreen[object]):
    """The search field holds the focus from the start, so every key typed ahead (or pasted)
    lands in it, however fast it comes; ↑ ↓ PgUp PgDn move the list's cursor, Enter picks."""

    AUTO_FOCUS = "#lookup-search"  # focused as the screen shows, before any key typed behind F4
    BINDINGS = [
        Binding("enter", "pick", "Pick", id="lookup.pick"),
        Binding("escape", "cancel", "Cancel", id="lookup.cancel"),
        # the list's cursor from the search field (no description: keys, not commands)
        Binding("down", "move(1)", show=False, id="lookup.down"),
        Binding("up", "move(-1)", show=False, id="lookup.up"),
        Binding("pagedown", "page(1)", show=False, id="lookup.page_down"),
        Binding("pageup", "page(-1)", show=False, id="lookup.page_up"),
    ]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    LookupScreen > Vertical { width: 76; height: 20; }
    LookupScreen Input { border: none; height: 1; }
    /* the cursor row is the one Enter picks, also while the search has the focus */
    LookupScreen PagedTable > .paged-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    def __init__(self, entity_name: str, caption: str, parent=None) -> None:
        super().__init__()
        self.entity = entity(entity_name)
        self.caption = caption
        self.parent_key = parent  # a child list's owner (a contact's alternative addresses)
        self.search = ""

    def compose(self) -> ComposeResult:
        cols = [TableColumn(c.header, c.width) for c in self.entity.list_columns]
        with Vertical():
            yield Label(f"{self.caption} — type to search, Enter picks, Esc cancels")
            yield Input(placeholder="Search…", id="lookup-search", compact=True, select_on_focus=False)
            yield PagedTable(
                cols,
                fetch=lambda offset, limit: self.entity.rows(self.search, offset, limit, parent=self.parent_key),
                count=self._count,
                empty_text=f"No {self.entity.title.lower()}.",
            )

    def _count(self) -> int:
        with thread_connection():  # called in a worker thread
            return self.entity.count(self.search, parent=self.parent_key)

    def _search(self, text: str) -> None:
        if text != self.search:
            self.search = text
            self.query_one(PagedTable).reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in the search picks the first match of the text as typed (the list is
        searched now if it has not caught up with the keys yet)."""
        event.stop()
        self._search(event.value)
        self.action_pick()

    def on_key(self, event: events.Key) -> None:
        # a character that reaches the screen was not taken by the search (the list had the
        # focus): it goes to the search, and the focus at once, so the keys behind it follow
        if event.is_printable:
            self._to_search(event.character)
            event.stop()

    def on_paste(self, event: events.Paste) -> None:
        if event.text:  # pasted while the list had the focus (the search takes its own pastes)
            self._to_search(event.text.splitlines()[0])
            event.stop()

    def _to_search(self, text: str) -> None:
        search = self.query_one("#lookup-search", Input)
        self.set_focus(search)  # not search.focus(), which waits behind the keys already queued
        search.insert_text_at_cursor(text)

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.dismiss(event.key)

    def action_move(self, rows: int) -> None:
        self.query_one(PagedTable).action_cursor(rows)

    def action_page(self, direction: int) -> None:
        self.query_one(PagedTable).action_page(direction)

    def action_pick(self) -> None:
        key = self.query_one(PagedTable).current_key
        if key is None:
            self.app.bell()
            return
        self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)
