"""History: Logged Segments and Interaction Log Entries (SPEC 4.1, 4.2).

A logged entry is never edited: these pages cancel, evaluate, comment, delete the
canceled, show the attachment, resend, and create a follow-up segment. Every action
calls one function of models/interactions (entries, logged_segments, send) in a
thread worker; its questions appear as dialogs while the worker waits. Space marks
rows (the table's mark column); an action for several rows acts on every marked one, or
on the current one when none is marked.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, Static

from models.base.db import thread_connection
from tui.footer_pages import MORE, FooterPages
from tui.jobs import Job, JobDone, JobFailed, JobProgress, run_job
from tui.safely import describe
from tui.screens.dialogs import AttachmentView, ChoiceDialog, CommentsDialog, TitledDialog, refuse
from tui.widgets.paged_table import MARK_BINDING, PagedTable, TableColumn


def _entries():
    from models.interactions import entries as interaction_entries

    return interaction_entries


def _logged():
    from models.interactions import logged_segments

    return logged_segments


def _send():
    from models.interactions import send

    return send


class HistoryPage(FooterPages, Screen):
    """A paged list of history rows with actions that run in a worker and reload it."""

    BINDINGS = [
        Binding("f5", "refresh", "Refresh", show=False, id="history.refresh"),
        Binding("escape", "back", "Back", show=False, id="history.back"),
        MARK_BINDING,
        MORE,
    ]

    DEFAULT_CSS = """
    HistoryPage #page-title { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    HistoryPage #status { height: 1; color: $text-muted; padding: 0 1; }
    """

    columns: list[tuple[str, int]] = []  # (caption, width) in the order of the model's rows
    # shown first, the rest after in the model's order: a row's state (Canceled) within 80 columns
    first_columns: tuple[str, ...] = ()
    empty_text = "Nothing here yet."
    noun = "rows"
    _shown = False  # the first ScreenResume is the first paint: the table has just loaded

    def compose(self) -> ComposeResult:
        captions = [caption for caption, _width in self.columns]
        head = [captions.index(c) for c in self.first_columns]
        order = head + [i for i in range(len(captions)) if i not in head]

        def fetch(offset: int, limit: int) -> list[tuple]:
            rows = self.fetch(offset, limit)
            return rows if not head else [(row[0], *(row[1 + i] for i in order)) for row in rows]

        yield Static(self.page_title, id="page-title")
        yield PagedTable([TableColumn(*self.columns[i]) for i in order], fetch=fetch, count=self._count,
                         empty_text=self.empty_text, mark_column=True)
        yield Static("", id="status")
        yield Footer(compact=True, show_command_palette=False)  # F1 lists Ctrl+P

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def fetch(self, offset: int, limit: int) -> list[tuple]:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def _count(self) -> int:
        with thread_connection():  # a worker thread
            return self.count()

    def on_mount(self) -> None:
        self.table.focus()
        self.show_keys(0)

    def on_paged_table_counted(self, event: PagedTable.Counted) -> None:
        self.show_status()

    def on_paged_table_marked(self, event: PagedTable.Marked) -> None:
        self.show_status()

    def show_status(self) -> None:
        marked = len(self.table.marks)
        self.query_one("#status", Static).update(
            self.status_text(self.table.row_count) + (f" · {marked:,} marked" if marked else ""))

    def status_text(self, count: int) -> str:
        return f"{count:,} {self.noun}"

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.action_open()

    def action_open(self) -> None:
        pass

    def action_refresh(self) -> None:
        self.table.reload(keep_cursor=True)

    def action_back(self) -> None:
        self.app.go_back()

    def on_screen_resume(self) -> None:
        if self._shown:
            self.table.refresh_rows()  # back from a card, a dialog or a page: what it changed
        self._shown = True

    def action_mark(self) -> None:
        self.table.toggle_mark()

    def selected(self) -> list:
        """The rows an action takes: the marked ones, else the current one."""
        keys = self.table.marked_keys()
        if not keys:
            self.notify(f"There are no {self.noun} to act on.", severity="warning")
        return keys

    def rows_text(self, keys: list, one: str) -> str:
        """'Logged Segment 4' for one row, '3 logged segments' for several."""
        return f"{one} {keys[0]}" if len(keys) == 1 else f"{len(keys):,} {self.noun}"

    def current(self) -> int | None:
        key = self.table.current_key
        if key is None:
            self.notify(f"There are no {self.noun} to act on.", severity="warning")
        return key

    def cell(self, caption: str) -> str:
        """The current row's text in the column ``caption``."""
        row = self.table.row(self.table.cursor)
        return row[1 + [c.caption for c in self.table.columns].index(caption)] if row else ""

    def run(self, title: str, job: Job) -> None:
        """``job(confirm, progress) -> message`` as a job (tui.jobs); the page reloads after it."""
        self.query_one("#status", Static).update(f"{title}…")
        run_job(self, title, job, group="history-job")

    def on_job_progress(self, event: JobProgress) -> None:
        self.query_one("#status", Static).update(f"{event.text or 'working…'} {round(100 * event.fraction)}%")

    def on_job_done(self, event: JobDone) -> None:
        if event.result:
            self.notify(event.result, timeout=8)
        self.action_refresh()

    def on_job_failed(self, event: JobFailed) -> None:
        refuse(self.app, event.name, event.message)
        self.action_refresh()


class LoggedSegmentsPage(HistoryPage):
    """Logged Segments (SPEC 4.1): newest first, with their entries and campaign entries counted."""

    BINDINGS = [
        Binding("enter", "open", "Interactions", tooltip="The Interaction Log Entries of this logged segment",
                id="logged_segments.interactions"),
        Binding("x", "switch_canceled", "Switch Checkmark in Canceled",
                tooltip="On the marked logged segments (or this one), their entries and campaign entries",
                id="logged_segments.switch_canceled"),
        Binding("f", "follow_up", "Create Follow-up Segment", tooltip="A new segment with the same contacts",
                id="logged_segments.follow_up"),
        Binding("r", "resend", "Resend",
                tooltip="Send again the entries whose Delivery Status is Error (of each marked logged segment)",
                id="logged_segments.resend"),
        Binding("delete,d", "delete_canceled", "Delete Canceled Segments", key_display="Del",
                tooltip="Delete every canceled logged segment (their entries stay)",
                id="logged_segments.delete_canceled"),
    ]
    FOOTER_GROUPS = {"open": 0, "switch_canceled": 0, "resend": 0, "follow_up": 1, "delete_canceled": 1, "mark": 2}

    page_title = "Logged Segments"
    first_columns = ("Canceled", "Entry No.", "Segment No.", "Description", "Interactions")
    noun = "logged segments"
    empty_text = "No logged segments yet. Log a segment from its Segment page (key l)."

    def __init__(self) -> None:
        super().__init__()
        self.columns = _logged().LOGGED_SEGMENT_COLUMNS

    def fetch(self, offset: int, limit: int) -> list[tuple]:
        return _logged().logged_segment_rows(offset, limit)

    def count(self) -> int:
        return _logged().logged_segment_count()

    def action_open(self) -> None:
        key = self.current()
        if key is not None:
            self.app.push_screen(InteractionLogEntriesPage(
                {"Logged Segment Entry No.": str(key)},
                f"Interaction Log Entries — logged segment {key} ({self.cell('Segment No.')})"))

    def action_switch_canceled(self) -> None:
        keys = self.selected()
        if keys:
            self.run("Switch Checkmark in Canceled", lambda confirm, progress: _logged().switch_canceled_logged(
                keys, confirm) and f"{self.rows_text(keys, 'Logged Segment')}: Canceled switched, with the entries.")

    def action_follow_up(self) -> None:
        from models.segments import log as log_segment

        key = self.current()
        if key is not None:
            self.run("Create Follow-up Segment", lambda confirm, progress:
                     f"Follow-up segment {log_segment.follow_up_segment(key)} was created (on Segments).")

    def action_resend(self) -> None:
        keys = self.selected()
        if keys:
            self.run("Resend", lambda confirm, progress: _send().resend_logged(keys, progress=progress).message)

    def action_delete_canceled(self) -> None:
        def job(confirm, progress):
            if not confirm("Delete every canceled logged segment? Their interaction log entries stay.", False):
                return ""
            return _logged().delete_canceled_logged()

        self.run("Delete Canceled Segments", job)


ENTRY_FILTER_FIELDS = ("Contact No.", "Contact Company No.", "Date", "Segment No.", "Logged Segment Entry No.",
                       "Interaction Template Code", "Salesperson Code", "Campaign No.", "Canceled",
                       "Evaluation", "Delivery Status")


class InteractionLogEntriesPage(HistoryPage):
    """Interaction Log Entries (SPEC 4.2): filters in Business Central syntax; read-only rows."""

    BINDINGS = [
        Binding("enter", "open", "Open", tooltip="The entry card: every field and its comments", id="entries.open"),
        Binding("slash", "filter", "Filter", key_display="/",
                tooltip="Filter by contact, company, segment, template, salesperson, campaign, date",
                id="entries.filter"),
        Binding("x", "switch_canceled", "Switch Checkmark in Canceled",
                tooltip="On every marked entry, or this one", id="entries.switch_canceled"),
        Binding("v", "evaluate", "Evaluate Interaction",
                tooltip="Very Positive … Very Negative, on every marked entry or this one", id="entries.evaluate"),
        Binding("m", "comments", "Comments", tooltip="The entry's comment lines", id="entries.comments"),
        Binding("a", "show_attachment", "Show Attachment", tooltip="The entry's document as text, or as a file",
                id="entries.show_attachment"),
        Binding("r", "resend", "Resend", tooltip="Send the document of each marked entry (or this one) again",
                id="entries.resend"),
        Binding("delete,d", "delete_canceled", "Delete Canceled Entries", key_display="Del",
                tooltip="Delete the canceled entries that match the page's filters", id="entries.delete_canceled"),
        Binding("n", "create_interaction", "Create Interaction",
                tooltip="The wizard, with this page's contact, company, salesperson and campaign filters",
                id="entries.create_interaction"),
    ]
    FOOTER_GROUPS = {"open": 0, "filter": 0, "switch_canceled": 0, "mark": 1, "evaluate": 1, "comments": 1,
                     "show_attachment": 1, "resend": 2, "delete_canceled": 2, "create_interaction": 2}

    noun = "entries"
    empty_text = "No interaction log entries match."
    first_columns = ("Canceled",)

    def __init__(self, filters: dict[str, str] | None = None, title: str = "Interaction Log Entries") -> None:
        super().__init__()
        self.filters = dict(filters or {})
        self.page_title = title
        self.columns = _entries().ENTRY_COLUMNS

    def fetch(self, offset: int, limit: int) -> list[tuple]:
        return _entries().entry_rows(self.filters, offset, limit)

    def count(self) -> int:
        return _entries().entry_count(self.filters)

    def status_text(self, count: int) -> str:
        shown = "; ".join(f"{k}={v}" for k, v in self.filters.items() if v)
        return f"{count:,} entries" + (f" · {shown}" if shown else "")

    def action_open(self) -> None:
        key = self.current()
        if key is not None:
            self.app.push_screen(EntryCard(key))

    def action_filter(self) -> None:
        def chosen(filters: dict | None) -> None:
            if filters is not None:
                self.filters = filters
                self.table.reload()

        self.app.push_screen(EntryFilterDialog(self.filters), chosen)

    def action_switch_canceled(self) -> None:
        keys = self.selected()
        if keys:
            self.run("Switch Checkmark in Canceled", lambda confirm, progress: _entries().switch_canceled_entries(
                keys, confirm) and f"{self.rows_text(keys, 'Interaction Log Entry')}: Canceled switched.")

    def action_evaluate(self) -> None:
        from models.base.enums import Evaluation

        keys = self.selected()
        if not keys:
            return
        def chosen(label: str | None) -> None:
            if label:
                self.run("Evaluate Interaction", lambda confirm, progress: _entries().evaluate_entries(
                    keys, label) and f"{self.rows_text(keys, 'Interaction Log Entry')} evaluated {label}.")

        labels = [e.label for e in Evaluation if e]
        self.app.push_screen(ChoiceDialog(f"Evaluate Interaction — {self.rows_text(keys, 'entry')}", labels), chosen)

    def action_comments(self) -> None:
        key = self.current()
        if key is not None:
            entries = _entries()
            self.app.push_screen(CommentsDialog(
                f"Comments — Interaction Log Entry {key}", [text for _date, text in entries.entry_comments(key)],
                lambda lines: entries.set_entry_comments(key, lines)))

    def action_show_attachment(self) -> None:
        key = self.current()
        if key is not None:
            self.app.push_screen(AttachmentView(key, _entries().entry_attachment))

    def action_resend(self) -> None:
        keys = self.selected()
        if keys:
            self.run("Resend", lambda confirm, progress: _send().resend(keys, progress=progress).message)

    def action_create_interaction(self) -> None:
        from tui.screens.wizard import open_wizard

        open_wizard(self, filters=dict(self.filters))

    def action_delete_canceled(self) -> None:
        filters = dict(self.filters)

        def job(confirm, progress):
            if not confirm("Delete the canceled entries that match this page's filters?", False):
                return ""
            return _entries().delete_canceled_entries(filters)

        self.run("Delete Canceled Entries", job)


class EntryFilterDialog(TitledDialog):
    """One Business Central filter per field (A*, A|B, 10..20, <>X, ''); Ctrl+S applies."""

    BINDINGS = [
        Binding("f2,ctrl+s", "apply", "Apply", key_display="f2/^s", id="entry_filter.apply"),
        Binding("ctrl+u", "clear", "Clear", id="entry_filter.clear"),
        Binding("escape", "close", "Cancel", id="entry_filter.cancel"),
    ]

    DEFAULT_CSS = """
    EntryFilterDialog .row { height: 1; }
    EntryFilterDialog .caption { width: 27; color: $text-muted; }
    EntryFilterDialog .row Input { width: 1fr; border: none; height: 1; }
    """

    def __init__(self, filters: dict[str, str]) -> None:
        super().__init__()
        self.filters = filters

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Filter Interaction Log Entries", classes="title")
            yield Static("Business Central filters: CT0001*  A|B  <>X  ''  2026-01-01..2026-03-31", classes="hint")
            for i, caption in enumerate(ENTRY_FILTER_FIELDS):
                with Horizontal(classes="row"):
                    yield Static(caption, classes="caption")
                    yield Input(self.filters.get(caption, ""), id=f"f{i}", compact=True)
            yield Static("", id="error")
            yield Static("Tab next field · F2/Ctrl+S apply · Ctrl+U clear · Esc cancel", classes="hint")

    def _values(self) -> dict[str, str]:
        return {c: self.query_one(f"#f{i}", Input).value.strip() for i, c in enumerate(ENTRY_FILTER_FIELDS)
                if self.query_one(f"#f{i}", Input).value.strip()}

    def action_apply(self) -> None:
        values = self._values()
        try:
            _entries().entries_query(values)  # parses every filter; nothing runs yet
        except Exception as exc:
            self.query_one("#error", Static).update(describe(exc)[0])
            return
        self.dismiss(values)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_apply()

    def action_clear(self) -> None:
        for i in range(len(ENTRY_FILTER_FIELDS)):
            self.query_one(f"#f{i}", Input).value = ""


class EntryCard(TitledDialog):
    """Every field of one entry, read-only (a logged entry is never edited)."""

    BINDINGS = [Binding("escape", "close", "Close", id="entry_card.close")]

    DEFAULT_CSS = """
    EntryCard VerticalScroll { height: 18; }
    EntryCard .row { height: 1; }
    EntryCard .caption { width: 27; color: $text-muted; }
    """

    def __init__(self, entry_no: int) -> None:
        super().__init__()
        self.entry_no = entry_no

    def compose(self) -> ComposeResult:
        try:
            rows = _entries().entry_card(self.entry_no)
            comments = _entries().entry_comments(self.entry_no)
        except Exception as exc:
            rows, comments = [("", describe(exc)[0])], []
        with Vertical():
            yield Label(f"Interaction Log Entry {self.entry_no} (read-only)", classes="title")
            with VerticalScroll():
                for caption, text in rows:
                    with Horizontal(classes="row"):
                        yield Static(caption, classes="caption")
                        yield Static(text, markup=False)
                if comments:
                    yield Static("[b]Comments[/b]")
                    for date, text in comments:
                        yield Static(f"{date or '':<10} {text}", markup=False)
            yield Static("↑ ↓ scroll · Esc close", classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
