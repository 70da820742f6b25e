"""The Log Segment dialog: its two options, then the log itself, while the dialog stays open.

The dialog runs the log as a job (tui.jobs) and shows its progress. A refusal (a line
without a salesperson, an Email line whose contact has no e-mail address, …) appears in
a box that stays until dismissed, and again under the options: the dialog stays open with
its choices, so the user reads why, and can log again or cancel.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from tui.jobs import JobDone, JobFailed, JobProgress, run_job
from tui.screens.dialogs import MessageDialog, TitledDialog
from tui.widgets.check_box import CheckBox


class LogDialog(TitledDialog):
    """Log Segment's options (SPEC 2.15): Send Attachments, Create Follow-up Segment.
    Dismissed with the message to show once the segment is logged, None when canceled."""

    BINDINGS = [Binding("f2,ctrl+s", "ok", "OK", key_display="f2/^s", id="log.ok"), Binding("escape", "close", "Cancel", id="log.cancel")]

    DEFAULT_CSS = """
    LogDialog Checkbox, LogDialog Checkbox:focus { border: none; height: 1; padding: 0; margin-top: 1; }
    LogDialog Checkbox:focus { background: $boost; text-style: bold; }
    LogDialog #error { margin-top: 1; text-style: bold; display: none; }
    LogDialog #progress { display: none; }
    """

    def __init__(self, segment_no: str, options) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.options = options
        self.running = False  # one transaction: it cannot be canceled half-way

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Log Segment {self.segment_no}", classes="title")
            yield Static("Every line with a contact becomes an Interaction Log Entry; the segment moves "
                         "to Logged Segments.")
            send = CheckBox("Send Attachments (deliver the letters and e-mails)", self.options.deliver, id="deliver")
            send.disabled = not self.options.deliver_enabled
            yield send
            yield CheckBox("Create Follow-up Segment (same contacts)", self.options.follow_up, id="follow-up")
            if not self.options.deliver_enabled:
                yield Static("No line has a correspondence type: nothing to send.", classes="hint")
            yield Static("", id="error", markup=False)  # the refusal stays under the options
            yield Static("", id="progress", markup=False)
            yield Static("Space switch · Tab next · Enter, F2 or Ctrl+S log · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#follow-up" if self.query_one("#deliver").disabled else "#deliver").focus()

    def on_key(self, event) -> None:
        if event.key == "enter":
            event.stop()
            self.action_ok()

    def action_ok(self) -> None:
        from models.interactions import send

        if self.running:
            return
        no = self.segment_no
        deliver, follow_up = self.query_one("#deliver", CheckBox).value, self.query_one("#follow-up", CheckBox).value

        def job(confirm, progress) -> str:
            result, sent = send.log_segment_and_send(no, deliver=deliver, follow_up=follow_up, progress=progress)
            return (f"{result.message} {result.entries:,} interaction log entries are on Logged Segments."
                    + (f" {sent.message}" if sent.message else ""))

        self.running = True
        self.query_one("#error", Static).display = False
        progress = self.query_one("#progress", Static)
        progress.update("Logging…")
        progress.display = True
        run_job(self, "Log", job, group="log")

    def on_job_progress(self, event: JobProgress) -> None:
        self.query_one("#progress", Static).update(f"{event.text or 'Logging…'} {round(100 * event.fraction)}%")

    def on_job_done(self, event: JobDone) -> None:
        self.running = False
        self.dismiss(event.result)

    def on_job_failed(self, event: JobFailed) -> None:
        self.running = False
        self.query_one("#progress", Static).display = False
        error = self.query_one("#error", Static)
        error.update(f"Not logged: {event.message}")
        error.display = True
        self.app.push_screen(MessageDialog(f"Segment {self.segment_no} was not logged", event.message, error=True))

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(None)
