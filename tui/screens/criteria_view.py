"""Segment Criteria (the actions and their filters), Save Criteria, Apply Mailing Group."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from models.base.errors import FieldError
from tui.safely import describe
from tui.widgets.check_box import CheckBox
from tui.widgets.form_row import FormRow


class CriteriaView(ModalScreen[None]):
    """Every criteria action of a segment, its filters indented under it."""

    BINDINGS = [
        Binding("s", "save", "Save Criteria", id="criteria_view.save_criteria"),
        Binding("c", "copy_as_text", "Copy as Text", tooltip="The criteria as relman segment commands, for a runbook",
                id="criteria_view.copy_text"),
        Binding("escape", "close", "Close", id="criteria_view.close"),
    ]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    CriteriaView > Vertical { width: 78; height: 22; }
    CriteriaView VerticalScroll { height: 1fr; padding: 0 1; }
    CriteriaView .action { text-style: bold; }
    CriteriaView .filter { padding-left: 4; color: $text; }
    CriteriaView .hint { padding: 0 1; }
    """

    def __init__(self, segment_no: str) -> None:
        super().__init__()
        self.segment_no = segment_no

    def compose(self) -> ComposeResult:
        from models.segments.explain import criteria_rows

        rows = criteria_rows(self.segment_no)
        with Vertical():
            n = sum(1 for row in rows if not row.is_filter)
            yield Label(f"[b]Segment Criteria — {self.segment_no}[/b]  ({n} action{'' if n == 1 else 's'})")
            with VerticalScroll():
                if not rows:
                    yield Static("No criteria actions yet.", classes="hint")
                for row in rows:
                    yield Static(row.text, classes="filter" if row.is_filter else "action", markup=False)
            yield Static("s Save Criteria · c Copy as Text · Esc close", classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_save(self) -> None:
        self.app.push_screen(SaveCriteriaDialog(self.segment_no))

    def action_copy_as_text(self) -> None:
        from tui.runbook import runbook_lines

        try:
            text = "\n".join(runbook_lines(self.segment_no))
        except Exception as exc:  # the segment was logged or deleted meanwhile
            self.notify(describe(exc)[0], severity="error")
            return
        if not text:
            self.notify("No criteria actions to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(text)
        self.app.push_screen(CriteriaTextDialog(self.segment_no, text))

    def action_close(self) -> None:
        self.dismiss(None)


class _FormDialog(ModalScreen):
    BINDINGS = [
        Binding("f2,ctrl+s", "ok", "OK", key_display="f2/^s", id="form.ok"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    _FormDialog > Vertical { width: 66; height: auto; padding: 1 2; }
    _FormDialog #error { margin-top: 1; }
    _FormDialog .hint { margin-top: 1; }
    """

    def show_error(self, exc: Exception) -> None:
        self.query_one("#error", Static).update(describe(exc)[0])
        if isinstance(exc, FieldError):
            found = self.query(f"#{exc.field}")
            if found:
                found.first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_ok()

    def action_cancel(self) -> None:
        self.dismiss(None)


class SaveCriteriaDialog(_FormDialog):
    """Save Criteria: a new code and a description; all criteria lines are copied."""

    def __init__(self, segment_no: str) -> None:
        super().__init__()
        self.segment_no = segment_no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Save Criteria[/b] of segment {self.segment_no}")
            yield FormRow("Code", Input(id="code", compact=True, max_length=10))
            yield FormRow("Description", Input(id="description", compact=True, max_length=100))
            yield Static("", id="error")
            yield Static("F2, Ctrl+S or Enter: save · Esc: cancel", classes="hint")

    def action_ok(self) -> None:
        from models.segments.reuse import save_criteria

        code = self.query_one("#code", Input).value
        description = self.query_one("#description", Input).value
        try:
            save_criteria(self.segment_no, code, description)
        except Exception as exc:
            self.show_error(exc)
            return
        self.notify(f"Criteria saved as {code.strip().upper()}.")
        self.dismiss(code)


class ApplyMailingGroupDialog(_FormDialog):
    """Apply Mailing Group: the group code and whether to delete its old members first."""

    BINDINGS = [Binding("f4", "lookup", "Lookup", id="mailing_group.lookup")]

    def __init__(self, segment_no: str) -> None:
        super().__init__()
        self.segment_no = segment_no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Apply Mailing Group[/b] to every contact of segment {self.segment_no}")
            yield FormRow("Mailing Group Code ▾", Input(id="code", compact=True, max_length=10, placeholder="F4: pick"))
            yield FormRow("Delete Old Assignments", CheckBox("", False, id="delete_old", compact=True))
            yield Static("", id="error")
            yield Static("F2 or Ctrl+S: apply · F4: pick a group · Esc: cancel", classes="hint")

    def action_lookup(self) -> None:
        from tui.screens.lookup import LookupScreen

        def picked(code) -> None:
            if code is not None:
                self.query_one("#code", Input).value = str(code)

        self.app.push_screen(LookupScreen("mailing_groups", "Mailing Group Code"), picked)

    def action_ok(self) -> None:
        from models.segments.contacts_out import apply_mailing_group

        code = self.query_one("#code", Input).value
        try:
            message = apply_mailing_group(
                self.segment_no, code, self.query_one("#delete_old", CheckBox).value)
        except Exception as exc:
            self.show_error(exc)
            return
        self.notify(message)
        self.dismiss(code)


class CriteriaTextDialog(ModalScreen[None]):
    """Copy as Text: the criteria as ``relman segment`` commands (tui.runbook), shown as
    copied, in a read-only text area where the keyboard can select them too."""

    BINDINGS = [Binding("escape", "close", "Close", id="criteria_text.close")]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    CriteriaTextDialog > Vertical { width: 78; height: 16; }
    CriteriaTextDialog TextArea { height: 1fr; }
    CriteriaTextDialog .hint { padding: 0 1; }
    """

    def __init__(self, segment_no: str, text: str) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.text = text

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea

        with Vertical():
            yield Label(f"[b]Copy as Text — {self.segment_no}[/b]  (copied to the clipboard)")
            yield TextArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False)
            yield Static('In a runbook, after SEGMENT=$(relman segment new …): README "Runbooks"',
                         classes="hint", markup=False)
            yield Static("Esc close", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
