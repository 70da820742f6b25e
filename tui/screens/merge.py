"""Word mail merge from a segment: preview each recipient's letter, export them all,
personalise one line's letter, and modify the segment's copy of the Word template."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Label, ProgressBar, Static

from models.base.db import thread_connection
from tui.deliver import offer
from tui.jobs import JobDone, JobFailed, JobProgress, run_job
from tui.safely import describe
from tui.screens.dialogs import PromptDialog, ask_where, refuse


def exported_text(result, folder: Path) -> str:
    """What Export Letters tells the user it wrote."""
    letters = f"{len(result.files):,} letter{'s' if len(result.files) != 1 else ''}"
    prints = len(result.print_files)
    return f"{letters} and {'a print file' if prints == 1 else f'{prints} print files'} in {folder}."


def coverage_text(missing: list[tuple[str, int]], unknown: list[str]) -> Content:
    """The coverage pane: field names are text as written, never markup (a name may hold "[")."""
    lines = [Content.styled("Fields without a value", "bold")]
    lines += [Content(f"{field[:18]:<18} {n:>6,}") for field, n in missing if n] or \
        [Content("(every field has a value)")]
    if unknown:
        lines += [Content(""), Content.styled("Unknown fields", "bold"), *map(Content, unknown)]
    return Content("\n").join(lines)


class MergePreview(Screen):
    """Page through the merged letters as text, with the template's field coverage beside them."""

    BINDINGS = [
        Binding("right,n", "step(1)", "Next", key_display="→", tooltip="The next contact's letter (→ or n)",
                id="merge_preview.next"),
        Binding("left,p", "step(-1)", "Previous", key_display="←", tooltip="The previous contact's letter (← or p)",
                id="merge_preview.previous"),
        Binding("f", "first", "First Contact", show=False, id="merge_preview.first"),
        Binding("l", "last", "Last Contact", show=False, id="merge_preview.last"),
        Binding("e", "export", "Export Letters", tooltip="Each letter as .docx, and a print file",
                id="merge_preview.export_letters"),
        Binding("escape", "close", "Close", id="merge_preview.close"),
    ]

    DEFAULT_CSS = """
    MergePreview #merge-body { height: 1fr; }
    MergePreview #letter { width: 1fr; border-right: solid $primary; padding: 0 1; }
    MergePreview #coverage { width: 28; padding: 0 1; }
    MergePreview ProgressBar { height: 1; padding: 0 1; }
    """

    def __init__(self, segment_no: str, line_nos: list[int], start: int = 0) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.line_nos = line_nos
        self.index = max(0, min(start, len(line_nos) - 1))
        self.page_title = f"Preview Merge — segment {segment_no}"

    def compose(self) -> ComposeResult:
        yield Static(self.page_title, id="merge-title", classes="page-title", markup=False)
        with Horizontal(id="merge-body"):
            with VerticalScroll(id="letter"):
                yield Static("", id="letter-text", markup=False)
            with VerticalScroll(id="coverage"):
                yield Static("Coverage…", id="coverage-text", markup=False)
        yield Static("", id="merge-status", classes="status", markup=False)  # contact names, paths
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#letter").focus()
        self.show_letter()
        self.load_coverage()

    # -- letters ----------------------------------------------------------
    def show_letter(self) -> None:
        if not self.line_nos:
            self.query_one("#letter-text", Static).update("The segment has no lines with a contact.")
            return
        self.query_one("#merge-title", Static).update(
            f"{self.page_title} · letter {self.index + 1:,} of {len(self.line_nos):,}")
        self.load_letter(self.line_nos[self.index])

    @work(thread=True, exclusive=True, group="merge-letter", exit_on_error=False)
    def load_letter(self, line_no: int) -> None:
        from models.merge import segment_letters as merge

        try:
            with thread_connection():
                heading, text = merge.preview_line(self.segment_no, line_no)
        except Exception as exc:
            heading, text = "", describe(exc)[0]
        self.app.call_from_thread(self._show, heading, text)

    def _show(self, heading: str, text: str) -> None:
        self.query_one("#merge-status", Static).update(heading)
        self.query_one("#letter-text", Static).update(text)
        self.query_one("#letter").scroll_home(animate=False)

    @work(thread=True, exclusive=True, group="merge-coverage", exit_on_error=False)
    def load_coverage(self) -> None:
        from models.merge import segment_letters as merge

        try:
            with thread_connection():
                missing, unknown = merge.segment_coverage(self.segment_no)
        except Exception as exc:
            text = Content(describe(exc)[0])
        else:
            text = coverage_text(missing, unknown)
        self.app.call_from_thread(self.query_one("#coverage-text", Static).update, text)

    def action_step(self, delta: int) -> None:
        if self.line_nos:
            self.index = max(0, min(self.index + delta, len(self.line_nos) - 1))
            self.show_letter()

    def action_first(self) -> None:
        self.index = 0
        self.show_letter()

    def action_last(self) -> None:
        self.index = max(len(self.line_nos) - 1, 0)
        self.show_letter()

    # -- export -----------------------------------------------------------
    def action_export(self) -> None:
        def chosen(folder: str | None) -> None:
            if folder:
                self.export(Path(folder).expanduser())

        default = str(Path.cwd() / f"{self.segment_no}-letters")
        ask_where(self.app, "Export Letters to folder", default, chosen)

    def export(self, folder: Path) -> None:
        """Export Letters as a job, with a progress bar above the footer."""
        from models.merge import segment_letters as merge

        self.query(ProgressBar).remove()
        self.mount(ProgressBar(total=100, show_eta=False), before=self.query_one(Footer))
        self.query_one("#merge-status", Static).update(f"Exporting letters to {folder}…")
        no = self.segment_no
        run_job(self, "Export Letters", lambda confirm, progress: exported_text(
            merge.export_segment_letters(no, folder, progress), offer(self.app, folder)), group="merge-export")

    def on_job_progress(self, event: JobProgress) -> None:
        for bar in self.query(ProgressBar):
            bar.update(progress=round(100 * event.fraction))

    def on_job_done(self, event: JobDone) -> None:
        self._exported(event.result, "information")

    def on_job_failed(self, event: JobFailed) -> None:
        self._exported(event.message, "error")

    def _exported(self, message: str, severity: str) -> None:
        self.query(ProgressBar).remove()
        self.query_one("#merge-status", Static).update(message)
        self.notify(message, severity=severity, timeout=8, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class FileActionsDialog(ModalScreen[None]):
    """Export / Import / Remove of one document (a line's letter, or the segment's Word template copy)."""

    BINDINGS = [
        Binding("e", "run('export')", "Export", id="file_actions.export"),
        Binding("i", "run('import')", "Import", id="file_actions.import"),
        Binding("x", "run('remove')", "Remove", id="file_actions.remove"),
        Binding("escape", "close", "Close", id="file_actions.close"),
    ]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    FileActionsDialog > Vertical { width: 72; height: auto; padding: 1 2; }
    FileActionsDialog .hint { margin-top: 1; }
    """

    def __init__(self, title: str, text: str, default_path: str, actions: dict) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.default_path = default_path
        self.actions = actions  # "export" | "import" | "remove" -> fn(path, confirm) -> message

    def compose(self) -> ComposeResult:
        keys = " · ".join(k for k in ("e Export", "i Import", "x Remove") if k.split()[1].lower() in self.actions)
        with Vertical():
            yield Label(Content.styled(self.title_text, "bold"))
            yield Static(self.text, markup=False)  # a contact's name is text, never markup
            yield Static(f"{keys} · Esc close", classes="hint")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "run":
            return parameters[0] in self.actions
        return True

    def action_run(self, what: str) -> None:
        if what == "remove":
            self._do(what, "")
            return
        verb = "Export to" if what == "export" else "Import from"

        def chosen(path: str | None) -> None:
            if path:
                self._do(what, path)

        if what == "export":  # in a browser: a download, no prompt
            ask_where(self.app, f"{verb}: path", self.default_path, chosen)
        else:
            self.app.push_screen(PromptDialog(f"{verb}: path", self.default_path), chosen)

    def _do(self, what: str, path: str) -> None:
        action = self.actions[what]
        run_job(self, what, lambda confirm, progress: action(Path(path).expanduser() if path else None, confirm),
                group="file-action")

    def on_job_done(self, event: JobDone) -> None:
        if event.result:
            self.notify(event.result, markup=False)
        if event.name != "export":
            self.dismiss(None)

    def on_job_failed(self, event: JobFailed) -> None:
        refuse(self.app, event.name, event.message)

    def action_close(self) -> None:
        self.dismiss(None)
