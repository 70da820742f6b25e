"""Add Contacts, Reduce Contacts and Refine Contacts: filters per table, options, a live count."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount
from textual.widgets import (
    Footer,
    Input,
    Static,
    TabbedContent,
    TabPane,
)

from models.base.db import thread_connection
from models.segments import criteria
from models.segments.selection import ADD_OPTION_CAPTIONS, ENTIRE_COMPANIES, AddOptions
from tui.safely import describe
from tui.type_ahead import caught_up
from tui.widgets.check_box import CheckBox
from tui.widgets.form_row import FormRow

REMOVE_OPTIONS = (("entire_companies", ENTIRE_COMPANIES),)
# the six tabs fit 80 columns with these titles
TAB_TITLES = {"Job Responsibility": "Job Resp.", "Industry Group": "Industry", "Business Relation": "Bus. Relation"}


@dataclass(frozen=True)
class CriteriaRequest:
    """What the dialog asks for: the filters, and the options of its action (Add Contacts
    reads ``add_options``, Reduce and Refine ``entire_companies``)."""

    views: dict[str, dict[str, str]]
    add_options: AddOptions = AddOptions()
    entire_companies: bool = False


class CriteriaDialog(Screen):
    """Dismisses with a CriteriaRequest or None; the segment page runs the action."""

    TITLES = {"add": "Add Contacts", "reduce": "Reduce Contacts", "refine": "Refine Contacts"}

    BINDINGS = [
        Binding("f2,ctrl+s", "ok", "OK", key_display="f2/^s", tooltip="Run the action with these filters",
                id="criteria.ok"),
        # priority: the form's scroll container would take PgUp/PgDn otherwise
        Binding("pagedown", "tab(1)", "Next Tab", key_display="PgDn", priority=True, id="criteria.next_tab"),
        Binding("pageup", "tab(-1)", "Prev. Tab", key_display="PgUp", priority=True,
                id="criteria.previous_tab"),
        Binding("ctrl+u", "clear", "Clear every filter", show=False, tooltip="Every field on every tab",
                id="criteria.clear", priority=True),  # before the focused Input, whose Ctrl+U clears only itself
        Binding("escape", "cancel", "Cancel", id="criteria.cancel"),
    ]

    DEFAULT_CSS = """
    CriteriaDialog TabbedContent { height: 1fr; }
    CriteriaDialog TabPane { padding: 0 1; }
    CriteriaDialog #options { height: 2; padding: 0 1; layout: grid; grid-size: 2; }
    CriteriaDialog #options Checkbox { border: none; height: 1; padding: 0; }
    CriteriaDialog #count { height: 1; padding: 0 1; color: $accent; }
    CriteriaDialog #count.-error { color: $error; }
    """

    def __init__(self, segment_no: str, mode: str) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.mode = mode
        self.page_title = self.TITLES[mode]
        self.options = ADD_OPTION_CAPTIONS if mode == "add" else REMOVE_OPTIONS
        self._ids: dict[str, tuple[str, str]] = {}  # input id -> (table, field caption)
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"{self.page_title} — segment {self.segment_no}", id="crit-title", classes="page-title")
        with TabbedContent():
            for t_index, tbl in enumerate(criteria.TABLES.values()):
                for f_index, field in enumerate(tbl.fields):
                    self._ids[f"f-{t_index}-{f_index}"] = (tbl.caption, field.caption)
                with TabPane(TAB_TITLES.get(tbl.caption, tbl.caption), id=f"tab-{t_index}"):
                    # a tab's fields are built when it is first shown: the dialog opens at once
                    yield VerticalScroll(*(self._rows(t_index) if t_index == 0 else ()), id=f"scroll-{t_index}")
        with Horizontal(id="options"):
            for name, caption in self.options:
                yield CheckBox(caption, False, id=name, compact=True)
        yield Static("Type filters: A*  @*smith*  A|B  10..20  <>X  ''  2026-01-01..", id="count")
        yield Footer(compact=True)

    def _rows(self, t_index: int) -> list[FormRow]:
        tbl = list(criteria.TABLES.values())[t_index]
        return [FormRow(tbl.short_caption(field.caption),
                        Input(id=f"f-{t_index}-{f_index}", compact=True, placeholder=_hint(field.kind)),
                        id=f"row-f-{t_index}-{f_index}")
                for f_index, field in enumerate(tbl.fields)]

    def _fill(self, t_index: int) -> AwaitMount | None:
        scroll = self.query_one(f"#scroll-{t_index}", VerticalScroll)
        if not scroll.children:
            return scroll.mount_all(self._rows(t_index))
        return None

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._fill(int(event.pane.id.removeprefix("tab-")))

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def _input(self, ident: str) -> Input | None:
        found = self.query(f"#{ident}")
        return found.first() if found else None  # None: its tab was never shown (no filter)

    # -- values -----------------------------------------------------------
    def views(self) -> dict[str, dict[str, str]]:
        views: dict[str, dict[str, str]] = {}
        for ident, (table, caption) in self._ids.items():
            field = self._input(ident)
            text = field.value.strip() if field is not None else ""
            if text:
                views.setdefault(table, {})[caption] = text
        return views

    def option_values(self) -> dict[str, bool]:
        return {name: self.query_one(f"#{name}", CheckBox).value for name, _ in self.options}

    def request(self) -> CriteriaRequest:
        values = self.option_values()
        if self.mode == "add":
            return CriteriaRequest(self.views(), add_options=AddOptions(**values))
        return CriteriaRequest(self.views(), entire_companies=values["entire_companies"])

    def mark_errors(self) -> bool:
        """Mark every invalid filter; True when all are valid."""
        errors = criteria.check_views(self.views())
        for ident, key in self._ids.items():
            for row in self.query(f"#row-{ident}"):
                row.set_class(key in errors, "-error")
        count = self.query_one("#count", Static)
        if errors:
            (table, caption), reason = next(iter(errors.items()))
            count.update(f"{table} › {caption}: {reason}")
            count.add_class("-error")
            return False
        count.remove_class("-error")
        return True

    # -- live count -------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        self._schedule()

    def on_checkbox_changed(self, event: CheckBox.Changed) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.3, self._recount)

    def _recount(self) -> None:
        if not self.mark_errors():
            return
        self.query_one("#count", Static).update("counting…")
        self.count(self.request())

    @work(thread=True, exclusive=True, group="criteria-count", exit_on_error=False)
    def count(self, request: CriteriaRequest) -> None:
        from models.segments import selection

        try:
            with thread_connection():
                if self.mode == "add":
                    matching, effect = selection.count_matches(self.segment_no, request.views, request.add_options)
                    text = f"{matching:,} contacts match · {effect:,} would be added"
                else:
                    matching, effect = selection.count_removals(
                        self.segment_no, request.views, request.entire_companies, refine=self.mode == "refine")
                    text = f"{matching:,} lines match · {effect:,} would be removed"
        except Exception as exc:
            text = describe(exc)[0]
        self.app.call_from_thread(self.query_one("#count", Static).update, text)

    # -- actions ----------------------------------------------------------
    async def action_tab(self, step: int) -> None:
        await caught_up(self)  # the keys typed before PgDn stay in this tab's field
        tabs = self.query_one(TabbedContent)
        panes = [pane.id for pane in self.query(TabPane)]
        index = (panes.index(tabs.active) + step) % len(panes)
        tabs.active = panes[index]
        mounted = self._fill(index)
        if mounted is not None:
            await mounted
        # at once (not Widget.focus, which waits behind the keys queued): they go to the new tab
        self.set_focus(self.query_one(f"#{panes[index]}").query(Input).first())

    async def action_clear(self) -> None:
        await caught_up(self)  # what was typed before Ctrl+U is cleared too, not typed after it
        for field in self.query(Input):
            field.value = ""

    def action_ok(self) -> None:
        if not self.mark_errors():
            self.notify("A filter is not valid: its caption is bold and the reason is under the filters.", severity="error")
            return
        self.dismiss(self.request())

    def action_cancel(self) -> None:
        self.dismiss(None)


def _hint(kind: str) -> str:
    return {
        "date": "2026-01-01..2026-03-31",
        "integer": "10..20",
        "decimal": ">100",
        "boolean": "Yes / No",
        "enum": "A|B",
        "code": "A*|B",
        "text": "@*text*",
    }.get(kind, "")
