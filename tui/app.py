"""The Relman app: opens the database, the home page, global keys and the command palette."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path

from rich.segment import Segment
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.color import Color
from textual.command import CommandPalette
from textual.filter import LineFilter, Monochrome, NoColor
from textual.screen import Screen
from textual.theme import ThemeProvider

from models.base.db import close_database
from models.base.errors import UserError
from models.tables.schema import open_database
from tui.key_order import KeysInOrder
from tui.pages import PAGES
from tui.safely import describe, log_bug
from tui.textual_private import UnhandledErrorHook
from tui.ui_settings import UiSettings, automatic_theme, save_theme


class WithoutColour(LineFilter):
    """NO_COLOR: every colour removed, bold, reverse and underline kept. Textual's own
    filter for it (Monochrome) still sends 256-colour greys."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, style.without_color if style else style, control)
                for text, style, control in segments]


class SavedThemeProvider(ThemeProvider):
    """Change Theme in the palette: the theme picked is kept in relman.toml for next time."""

    @property
    def commands(self):
        return [(name, partial(self.app.pick_theme, name)) for name in sorted(self.app.available_themes)]


class RelmanApp(KeysInOrder, UnhandledErrorHook, App):
    CSS_PATH = Path(__file__).with_name("relman.tcss")
    TITLE = "Relman"

    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="Every key of this screen", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, tooltip="Search every page and action",
                id="app.command_palette"),
        Binding("ctrl+q", "quit", "Quit", show=False, id="app.quit"),  # shown on the home page
        # priority: the App moves the focus before it hands on the next key typed ahead (a
        # screen's Tab runs only when the old field reads it, after the keys queued behind it)
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True, id="app.focus_next"),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True,
                id="app.focus_previous"),
    ]

    def __init__(self, db_target: str, start_page: str | None = None, ui: UiSettings | None = None) -> None:
        super().__init__()
        self.db_target = str(db_target)
        self.start_page = start_page  # a page key (tui.pages.PAGES) or "segment:<no>" to open at once
        self.ui = ui or UiSettings()  # [ui] and [keys] of relman.toml (tui.ui_settings), else defaults
        # NO_COLOR as no-color.org reads it: set and not empty (Textual takes an empty one too)
        self.no_color = bool(os.environ.get("NO_COLOR"))
        # after App.__init__, which read the terminal's colours (self.console); setting the
        # theme here also switches Textual's ANSI-to-RGB filter off for an ANSI theme
        theme = self.ui.theme or automatic_theme(self.console.color_system, self.no_color)
        if theme:
            self.theme = theme
        if self.ui.keys:
            self.set_keymap(dict(self.ui.keys))

    def on_mount(self) -> None:
        try:
            open_database(self.db_target)
        except Exception as exc:
            self.exit(return_code=2, message=describe(exc)[0])
            return
        # after Textual's start-up (a batch of updates): a screen that paints inside it loses its
        # first frame, and its rows show only when something repaints them (~50 ms later)
        self.call_later(self._open_first_page)

    def _open_first_page(self) -> None:
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

    # -- the terminal: colours, cursor, mouse, theme -----------------------
    def run(self, *, mouse: bool | None = None, **options):
        """Mouse tracking only when [ui] mouse (or --mouse) asks: Textual's default is on,
        and every move of a mouse over the window is a report on the line."""
        return super().run(mouse=self.ui.mouse if mouse is None else mouse, **options)

    _WITHOUT_COLOUR = WithoutColour()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Without colour, only WithoutColour; else Textual's, less its NO_COLOR filters."""
        if self.no_color:
            return (self._WITHOUT_COLOUR,)
        return [f for f in super().get_line_filters() if not isinstance(f, (Monochrome, NoColor))]

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A text field's cursor blinks only when [ui] cursor_blink asks: a blink is bytes on
        the wire twice a second for as long as the field has the focus. Set on focus, before
        the first blink (0.5 s), as no field blinks without it."""
        if hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = self.ui.cursor_blink

    def search_themes(self) -> None:
        """Change Theme: Textual's list of themes; the pick is saved (``pick_theme``)."""
        self.push_screen(CommandPalette(providers=[SavedThemeProvider], placeholder="Search for themes…"))

    def pick_theme(self, name: str) -> None:
        self.theme = name
        try:
            save_theme(self.ui, name)
        except UserError as exc:  # an unreadable or unwritable relman.toml
            self.notify(f"Theme {name} is not saved: {exc}", severity="warning")

    def notify(self, message: str, *, title: str = "", severity="information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every message is plain text: it carries user text (a file named x[/b].docx, a
        code [DRAFT]) that Textual would otherwise read as markup, drop or fail on."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- navigation -------------------------------------------------------
    def open_page(self, key: str) -> None:
        """A page by its key, one segment's page as "segment:<no>", or a contact's sub-list (its
        mailing groups, …, from its card) as "links:<kind>:<no>"."""
        if key.startswith("segment:"):
            from tui.screens.segments import SegmentPage

            self.push_screen(SegmentPage(key.split(":", 1)[1]))
            return
        if key.startswith("links:"):  # the card cannot import the list pages: they open cards
            from tui.screens.contact_links import open_links

            _links, kind, no = key.split(":", 2)
            open_links(self.screen, kind, no)
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
