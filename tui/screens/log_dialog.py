"""The Log Segment dialog: its two options before the segment is logged."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static

from tui.screens.dialogs import TitledDialog
from tui.widgets.check_box import CheckBox


class LogDialog(TitledDialog):
    """Log Segment's options (SPEC 2.15): Send Attachments, Create Follow-up Segment."""

    BINDINGS = [Binding("ctrl+s,f2", "ok", "OK", id="log.ok"), Binding("escape", "close", "Cancel", id="log.cancel")]

    DEFAULT_CSS = """
    LogDialog Checkbox, LogDialog Checkbox:focus { border: none; height: 1; padding: 0; margin-top: 1; }
    LogDialog Checkbox:focus { background: $boost; text-style: bold; }
    """

    def __init__(self, segment_no: str, options) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.options = options

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
            yield Static("Space switch · Tab next · Ctrl+S or Enter log · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#follow-up" if self.query_one("#deliver").disabled else "#deliver").focus()

    def on_key(self, event) -> None:
        if event.key == "enter":
            event.stop()
            self.action_ok()

    def action_ok(self) -> None:
        self.dismiss((self.query_one("#deliver", CheckBox).value, self.query_one("#follow-up", CheckBox).value))
