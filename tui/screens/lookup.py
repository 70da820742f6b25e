"""Pick a code from a table (F4 on a code field)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from models.base.db import thread_connection
from models.pages.registry import entity
from tui.widgets.paged_table import PagedTable, TableColumn


class LookupScreen(ModalScreen[object]):
    BINDINGS = [
        Binding("enter", "pick", "Pick", id="lookup.pick"),
        Binding("escape", "cancel", "Cancel", id="lookup.cancel"),
    ]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    LookupScreen > Vertical { width: 76; height: 20; }
    LookupScreen Input { border: none; height: 1; }
    """

    def __init__(self, entity_name: str, caption: str) -> None:
        super().__init__()
        self.entity = entity(entity_name)
        self.caption = caption
        self.search = ""

    def compose(self) -> ComposeResult:
        cols = [TableColumn(c.header, c.width) for c in self.entity.list_columns]
        with Vertical():
            yield Label(f"{self.caption} — type to search, Enter picks, Esc cancels")
            yield Input(placeholder="Search…", id="lookup-search", compact=True, select_on_focus=False)
            yield PagedTable(
                cols,
                fetch=lambda offset, limit: self.entity.rows(self.search, offset, limit),
                count=self._count,
                empty_text=f"No {self.entity.title.lower()}.",
            )

    def _count(self) -> int:
        with thread_connection():  # called in a worker thread
            return self.entity.count(self.search)

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search = event.value
        self.query_one(PagedTable).reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(PagedTable).focus()

    def on_key(self, event) -> None:
        # typing on the table goes to the search field
        table = self.query_one(PagedTable)
        if self.focused is table and event.character and event.character.isprintable() and len(event.key) == 1:
            search = self.query_one("#lookup-search", Input)
            search.focus()
            search.insert_text_at_cursor(event.character)
            event.stop()

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.dismiss(event.key)

    def action_pick(self) -> None:
        key = self.query_one(PagedTable).current_key
        if key is not None:
            self.dismiss(key)

    def action_cancel(self) -> None:
        self.dismiss(None)
