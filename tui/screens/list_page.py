"""A list page over one table: a paged window of rows, search, and its card."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from models.base.db import thread_connection
from tui.safely import describe
from tui.widgets.paged_table import PagedTable, TableColumn


class ListPage(Screen):
    """Contacts, Salespeople, Campaigns, …: the same page over a different table."""

    BINDINGS = [
        Binding("n", "new", "New", tooltip="Create a new record", id="list.new"),
        Binding("enter", "open", "Open", tooltip="Open the card of the selected record", id="list.open"),
        Binding("slash", "search", "Search", key_display="/", id="list.search"),
        Binding("delete,d", "delete", "Delete", key_display="Del", id="list.delete"),
        Binding("i", "create_interaction", "Create Interaction",
                tooltip="The Create Interaction wizard for the selected contact or salesperson",
                id="list.create_interaction"),
        Binding("f5", "refresh", "Refresh", show=False, id="list.refresh"),
        # Esc is Back on every page: F1 lists it, the footer keeps its 80 columns for the page's own
        Binding("escape", "back", "Back", show=False, id="list.back"),
    ]

    DEFAULT_CSS = """
    ListPage #search { height: 1; border: none; padding: 0 1; }
    """

    def __init__(self, entity_name: str, parent=None, title: str | None = None) -> None:
        # imported when a list opens, not with this module: the Segment page's module imports
        # it (for the Segments list) and paints its lines sooner without the registry
        from models.pages.registry import entity

        super().__init__()
        self.entity = entity(entity_name)
        self.parent_key = parent
        self.page_title = title or self.entity.title
        self.search_text = ""
        self._debounce: Timer | None = None
        self._shown = False  # the first ScreenResume is the first paint: the table has just loaded

    def compose(self) -> ComposeResult:
        yield Static(self.page_title, id="page-title", classes="page-title")
        yield Input(placeholder="/ to search by No. or name…", id="search", compact=True)
        yield PagedTable(
            [TableColumn(c.header, c.width) for c in self.entity.list_columns],
            fetch=self._fetch,
            count=self._count,
            empty_text=f"No {self.entity.title.lower()} yet. Press n to create one.",
        )
        yield Static("", id="status", classes="status")
        yield Footer(compact=True)

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def _fetch(self, offset: int, limit: int) -> list[tuple]:
        return self.entity.rows(self.search_text, offset, limit, parent=self.parent_key)

    def _count(self) -> int:
        with thread_connection():  # called in a worker thread
            return self.entity.count(self.search_text, parent=self.parent_key)

    def on_mount(self) -> None:
        self.table.focus()
        self.query_one("#search", Input).display = bool(self.entity.search)

    def on_screen_resume(self) -> None:
        if self._shown:  # back from a card, a dialog or a page opened from here: what it changed
            self.table.refresh_rows()
        self._shown = True

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "search" and not self.entity.search:
            return False  # a short child list (a template's languages) has nothing to search
        if action == "create_interaction":
            from tui.screens.wizard import INTERACTION_STARTS

            return self.entity.name in INTERACTION_STARTS
        return True

    def action_create_interaction(self) -> None:
        from tui.screens.wizard import INTERACTION_STARTS, open_wizard

        key = self.table.current_key
        if key is not None:
            open_wizard(self, **{INTERACTION_STARTS[self.entity.name]: key})

    def on_paged_table_counted(self, event: PagedTable.Counted) -> None:
        self._show_status(event.count)

    def _show_status(self, n: int) -> None:
        filt = f" matching '{self.search_text}'" if self.search_text else ""
        self.query_one("#status", Static).update(f"{n:,} {self.entity.title.lower()}{filt}")

    # -- search -----------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "search":
            return
        if self._debounce is not None:
            self._debounce.stop()
        value = event.value
        self._debounce = self.set_timer(0.25, lambda: self._apply_search(value))

    def _apply_search(self, value: str) -> None:
        self.search_text = value
        self.query_one("#status", Static).update("searching…")
        self.table.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            if self._debounce is not None:
                self._debounce.stop()
            self._apply_search(event.value)
            self.table.focus()

    def on_key(self, event) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search and event.key in ("down", "escape"):
            event.stop()
            event.prevent_default()
            self.table.focus()

    # -- records ----------------------------------------------------------
    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.open_card(event.key)

    def action_open(self) -> None:
        if self.focused is self.table or self.focused is None:
            key = self.table.current_key
            if key is not None:
                self.open_card(key)

    def action_new(self) -> None:
        self.open_card(None)

    def open_card(self, key) -> None:
        def closed(saved_key) -> None:
            if saved_key is not None:
                self.table.reload(keep_cursor=True)
                self.table.move_to_key(saved_key)

        from tui.screens.card import (
            CardScreen,  # imported when first needed: quicker first paint
        )

        try:
            card = CardScreen(self.entity.name, key, self.parent_key)
            self.app.push_screen(card, closed)
        except Exception as exc:
            self.notify(describe(exc)[0], severity="error")

    def delete_words(self, key) -> tuple[str, str]:
        """The question Delete asks, and what it says when done."""
        return f"Delete {self.entity.title} {key}?", f"{self.entity.title}: {key} deleted."

    def action_delete(self) -> None:
        key = self.table.current_key
        if key is None:
            return
        question, done = self.delete_words(key)

        from tui.screens.dialogs import ConfirmDialog, refuse

        def answered(yes: bool) -> None:
            if not yes:
                return
            try:
                self.entity.remove(key, self.parent_key)
            except Exception as exc:
                refuse(self.app, f"Delete {self.entity.title} {key}", describe(exc)[0])
                return
            self.notify(done)
            self.table.reload(keep_cursor=True)

        self.app.push_screen(ConfirmDialog(question, False), answered)

    def action_refresh(self) -> None:
        self.table.reload(keep_cursor=True)

    def action_back(self) -> None:
        self.app.go_back()
