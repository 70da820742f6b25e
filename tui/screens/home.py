"""The home page, read like Business Central's role centre: cues and where to go."""

from __future__ import annotations

import re

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from models.base.db import thread_connection
from models.pages.stats import role_center_counts
from tui.pages import PAGES, Page
from tui.safely import describe


def go_id(page: Page) -> str:
    """The keymap id of a page's key on the home page: "No. Series" -> home.no_series."""
    return "home." + "_".join(re.findall(r"[a-z]+", page.title.lower()))


class HomeScreen(Screen):
    BINDINGS = [
        Binding(page.key, f"go('{page.key}')", page.title, show=page.key in "ect", tooltip=page.help,
                id=go_id(page))
        for page in PAGES
    ] + [
        Binding("f5", "refresh", "Refresh", show=False, id="home.refresh"),
        Binding("ctrl+q", "app.quit", "Quit", tooltip="Quit Relman (works on every page)", id="home.quit"),
    ]

    DEFAULT_CSS = """
    HomeScreen #cues { grid-size: 2; grid-gutter: 0 1; height: auto; padding: 0 1; margin-top: 1; }
    /* a cue is one line: the page list below needs every row of 24 */
    HomeScreen .cue { height: 1; border-left: tall $primary; padding: 0 1; }
    HomeScreen #go-title { padding: 0 1; margin-top: 1; text-style: bold; }
    HomeScreen OptionList { height: 1fr; margin: 0; }  /* 80 columns hold the longest line */
    HomeScreen OptionList, HomeScreen OptionList:focus { border: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Relman — Relationship Management", id="home-title", classes="page-title")
        yield Grid(id="cues")
        yield Static("Go to", id="go-title")
        width = max(len(p.title) for p in PAGES)  # the longest title keeps two spaces before its text
        yield OptionList(
            # the title bold, its description plain: dim text under the cursor is 3.8:1 in 16 colours
            *[Option(f"[b]{p.key} {p.title:<{width}}[/b]  {p.help}", id=p.key) for p in PAGES]
        )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.action_refresh()

    def on_screen_resume(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.count_cues()

    @work(thread=True, exclusive=True, group="cues", exit_on_error=False)
    def count_cues(self) -> None:
        """Counting a million rows takes a moment: never before the first paint."""
        try:
            with thread_connection():
                counts = role_center_counts()
        except Exception as exc:
            self.app.call_from_thread(self.notify, describe(exc)[0], severity="error")
            return
        self.app.call_from_thread(self.show_cues, counts)

    def show_cues(self, counts: dict[str, int]) -> None:
        grid = self.query_one("#cues", Grid)
        grid.remove_children()
        grid.mount_all(
            Static(f"[b $accent]{n:>9,}[/]  {title}", classes="cue") for title, n in counts.items()
            if title != "Contacts"
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_go(event.option.id)

    def action_go(self, key: str) -> None:
        self.app.open_page(key)
