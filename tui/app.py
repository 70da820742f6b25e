"""The Relman app: opens the database, the home page, global keys and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from models.base.db import close_database
from models.tables.schema import open_database
from tui.pages import PAGES
from tui.safely import describe, log_bug
from tui.textual_private import UnhandledErrorHook


class RelmanApp(UnhandledErrorHook, App):
    CSS_PATH = Path(__file__).with_name("relman.tcss")
    TITLE = "Relman"

    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Every key of this screen", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, tooltip="Search every page and action",
                id="app.command_palette"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit"),  # shown on the home page
    ]

    def __init__(self, db_target: str, start_page: str | None = None) -> None:
        super().__init__()
        self.db_target = str(db_target)
        self.start_page = start_page  # a page key (tui.pages.PAGES) or "segment:<no>" to open at once

    def on_mount(self) -> None:
        try:
            open_database(self.db_target)
        except Exception as exc:
            self.exit(return_code=2, message=describe(exc)[0])
            return
        if self.start_page:  # the home page is built when the user goes back to it
            self.open_page(self.start_page)
        else:
            from tui.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def unhandled_error(self, error: Exception) -> bool:
        """A bug: its traceback goes to the log file and the user gets one line naming it,
        never a traceback (Pilot tests keep Textual's handling, so they see the bug)."""
        if self.is_headless:
            return False
        self.exit(return_code=1, message=f"relman: unexpected error ({type(error).__name__}); details were "
                                         f"written to {log_bug(error)}. Everything saved is kept.")
        return True

    def on_unmount(self) -> None:
        close_database()

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every message is plain text: it carries user text (a file named x[/b].docx, a
        code [DRAFT]) that Textual would otherwise read as markup, drop or fail on."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- navigation -------------------------------------------------------
    def open_page(self, key: str) -> None:
        """A page by its key, or one segment's page as "segment:<no>"."""
        if key.startswith("segment:"):
            from tui.screens.segments import SegmentPage

            self.push_screen(SegmentPage(key.split(":", 1)[1]))
            return
        page = next(p for p in PAGES if p.key == key)
        try:
            self.push_screen(page.make())
        except Exception as exc:
            self.notify(describe(exc)[0], severity="error")

    def go_back(self) -> None:
        """Esc: back to the page below, or to the home page when there is none."""
        from tui.screens.home import HomeScreen

        if len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.switch_screen(HomeScreen())

    def screen_keys(self, screen: Screen) -> list[tuple[str, str]]:
        """(key, description) of every binding active on a screen, for F1 and the palette."""
        rows, seen = [], set()
        # the page's own actions first, then the app's, then moving around
        generic = {"app.focus_next", "app.focus_previous", "screen.copy_text"}

        def rank(active) -> int:
            if active.binding.action in generic:
                return 3
            return {screen: 0, self: 1}.get(active.node, 2)

        actives = sorted(screen.active_bindings.values(), key=rank)
        for active in actives:
            binding = active.binding
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            shown = binding.key_display or self.get_key_display(binding)
            text = binding.description + (f" — {binding.tooltip}" if binding.tooltip else "")
            rows.append((shown, text))
        return rows

    def action_help(self) -> None:
        from tui.screens.dialogs import HelpScreen

        screen = self.screen
        title = getattr(screen, "page_title", None) or type(screen).__name__.removesuffix("Screen")
        self.push_screen(HelpScreen(title, self.screen_keys(screen)))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Each page and each action of the screen once, under its Business Central name. Only the
        screen's and the app's own bindings: a widget's (Input's editing keys, a table's cursor
        moves) and the generic ones (focus, copy) are keys, not commands."""
        generic = {"focus_next", "focus_previous", "copy_text", "command_palette", "help"}
        named = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if (not binding.description or not active.enabled or active.node not in (screen, self)
                    or binding.action.rpartition(".")[2] in generic or binding.description in named):
                continue
            named.add(binding.description)
            yield SystemCommand(
                binding.description,
                binding.tooltip or f"Key: {self.get_key_display(binding)}",
                lambda node=active.node, action=binding.action: self.call_later(node.run_action, action),
            )
        for page in PAGES:
            if page.title not in named:  # the home page binds every page already
                yield SystemCommand(page.title, page.help, lambda key=page.key: self.open_page(key))
        yield SystemCommand("Help", "Every key of this screen (F1)", self.action_help)
        if "Quit" not in named:
            yield SystemCommand("Quit", "Quit Relman", self.exit)
        yield SystemCommand("Theme", "Change the colour theme", self.action_change_theme)
