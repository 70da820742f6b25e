"""Modal dialogs more than one screen uses: a Yes/No question, a one-line prompt (and where
an export goes: ask_where), the F1 help, a choice of a few values, comment lines, an
attachment shown as text, and a message that stays until dismissed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static

from tui.safely import describe


class ConfirmDialog(ModalScreen[bool]):
    """A question with Yes/No; Enter takes the Business Central default (the button that has
    the focus first). The hint line names the keys and what Enter answers now, in words, so
    the default reads the same on a terminal without colour."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
    ]

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 64; height: auto; max-height: 20;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    ConfirmDialog #question { width: 100%; margin-bottom: 1; }
    ConfirmDialog Horizontal { height: auto; align: center middle; }
    ConfirmDialog Button { margin: 0 2; min-width: 10; }
    ConfirmDialog #keys { width: 100%; margin-top: 1; content-align: center middle; }
    """

    def __init__(self, question: str, default: bool = True) -> None:
        super().__init__()
        self.question = question
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question")
            with Horizontal():
                yield Button("Yes", id="yes", variant="primary" if self.default else "default")
                yield Button("No", id="no", variant="default" if self.default else "primary")
            yield Static(self._keys(self.default), id="keys", classes="hint")

    @staticmethod
    def _keys(enter_says_yes: bool) -> str:
        return f"y Yes · n No · Enter {'Yes' if enter_says_yes else 'No'} · Esc cancel"

    def on_mount(self) -> None:
        self.query_one("#yes" if self.default else "#no", Button).focus()

    def on_descendant_focus(self, event) -> None:
        """Tab moves Enter to the other button: the hint follows."""
        if isinstance(event.widget, Button):
            self.query_one("#keys", Static).update(self._keys(event.widget.id == "yes"))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class PromptDialog(ModalScreen[str | None]):
    """One line of text (a file path, a code); Enter accepts, Esc cancels."""

    BINDINGS = [
        Binding("f2,ctrl+s", "accept", "OK", key_display="f2/^s", id="prompt.ok"),
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    PromptDialog > Vertical {
        width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    PromptDialog Label { margin-bottom: 1; }
    PromptDialog #error { color: $error; height: auto; }
    """

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield Input(self.value, placeholder=self.placeholder, id="answer")
            yield Static("", id="error")
            yield Static("Enter, F2 or Ctrl+S accept · Esc cancel", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_accept(self) -> None:
        self.dismiss(self.query_one("#answer", Input).value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_where(app: App, title: str, default: str | Path, then: Callable[[str], None]) -> None:
    """Where an export goes: ``then(path)`` with the path the user accepts in the path prompt
    (``title``, ``default`` filled in; nothing on Esc or an empty answer). In a browser (relman
    serve) the user's disk is out of reach: no prompt, a temporary path (tui.deliver)."""
    from tui.deliver import browser_target

    target = browser_target(app, default)
    if target is not None:
        then(str(target))
    else:
        app.push_screen(PromptDialog(title, str(default)), lambda path: then(path) if path else None)


class HelpScreen(ModalScreen[None]):
    """F1: every key of the screen it was opened on."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 74; height: 20; border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen VerticalScroll { height: 1fr; }
    HelpScreen .key { width: 14; color: $accent; text-style: bold; }
    HelpScreen .row { height: auto; }
    HelpScreen .row > .text { width: 1fr; }  /* a long description wraps under itself */
    """

    def __init__(self, title: str, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Keys — {self.title_text}[/b]  (Esc closes)")
            with VerticalScroll():
                for key, description in self.rows:
                    with Horizontal(classes="row"):
                        yield Static(key, classes="key")
                        yield Static(description, classes="text", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)


class TitledDialog(ModalScreen):
    """A boxed modal with a title line, an error line and a hint line; Esc closes it."""

    DEFAULT_CSS = """
    TitledDialog { align: center middle; }
    TitledDialog > Vertical { width: 76; height: auto; max-height: 22; border: thick $primary;
                        background: $surface; padding: 0 1; }
    TitledDialog .title { text-style: bold; height: 1; }
    TitledDialog .hint { color: $text-muted; height: 1; }
    TitledDialog #error { color: $error; height: auto; }
    """

    def action_close(self) -> None:
        self.dismiss(None)


class ChoiceDialog(TitledDialog):
    """Pick one of a few values (↑ ↓, Enter)."""

    BINDINGS = [Binding("escape", "close", "Cancel", id="choice.cancel")]

    def __init__(self, title: str, choices: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield OptionList(*self.choices)
            yield Static("↑ ↓ choose · Enter pick · Esc cancel", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])


class CommentsDialog(TitledDialog):
    """Comment lines, one per line of text (80 characters each); ``save(lines)`` keeps them
    (an entry's comment table, or a wizard draft) and raises UserError when one is too long."""

    BINDINGS = [
        Binding("f2,ctrl+s", "save", "Save", key_display="f2/^s", id="comments.save"),
        Binding("escape", "close", "Cancel", id="comments.cancel"),
    ]

    DEFAULT_CSS = "CommentsDialog TextArea { height: 12; }"

    def __init__(self, title: str, lines: list[str], save: Callable[[list[str]], None]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines
        self.save = save

    def compose(self) -> ComposeResult:
        from textual.widgets import TextArea  # ~5 ms: imported here, not on every start

        with Vertical():
            yield Label(self.title_text, classes="title")
            yield TextArea("\n".join(self.lines), soft_wrap=False, show_line_numbers=False)
            yield Static("", id="error")
            yield Static("One comment per line · F2 or Ctrl+S save · Esc cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("TextArea").focus()

    def action_save(self) -> None:
        lines = [line for line in self.query_one("TextArea").text.splitlines() if line.strip()]
        try:
            self.save(lines)
        except Exception as exc:
            self.query_one("#error", Static).update(describe(exc)[0])
            return
        self.notify(f"{self.title_text}: saved.")
        self.dismiss(lines)


class AttachmentView(TitledDialog):
    """Show Attachment: a Word document's text in the terminal; e exports the file."""

    BINDINGS = [
        Binding("e", "export", "Export", id="attachment.export"),
        Binding("escape", "close", "Close", id="attachment.close"),
    ]

    DEFAULT_CSS = "AttachmentView VerticalScroll { height: 17; }"

    def __init__(self, entry_no: int, load: Callable[[int], tuple[bytes, str]]) -> None:
        super().__init__()
        self.entry_no = entry_no
        self.load = load  # entry No. -> (content, extension): a logged entry's, or a postponed one's
        self.content, self.extension = b"", ""

    def compose(self) -> ComposeResult:
        try:
            self.content, self.extension = self.load(self.entry_no)
            if self.extension in ("docx", "doc"):
                from models.merge.letters import document_text

                text = document_text(self.content, f"The attachment of entry {self.entry_no}")
            elif self.extension in ("txt", "htm", "html", "eml"):
                text = self.content.decode("utf-8", "replace")
            else:
                text = f"A .{self.extension or '?'} file of {len(self.content):,} bytes: press e to export it."
        except Exception as exc:
            text = describe(exc)[0]
        with Vertical():
            yield Label(f"Attachment — Interaction Log Entry {self.entry_no}", classes="title")
            with VerticalScroll():
                yield Static(text, markup=False)
            yield Static("↑ ↓ scroll · e export to a file · Esc close", classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_export(self) -> None:
        if not self.content:
            self.notify("The attachment is empty.", severity="warning")
            return
        from models.base.files import write_atomic

        def chosen(path: str | None) -> None:
            if not path:
                return
            try:
                written = write_atomic(Path(path).expanduser(), self.content)
            except Exception as exc:
                self.notify(describe(exc)[0], severity="error")
                return
            self.notify(f"Attachment written to {offer(self.app, written)}.")

        from tui.deliver import offer

        default = str(Path.cwd() / f"entry-{self.entry_no}.{self.extension or 'bin'}")
        ask_where(self.app, "Export the attachment to", default, chosen)


class MessageDialog(TitledDialog):
    """A message that stays until Enter or Esc: a refusal the user must read (Business
    Central's error box; a toast vanishes and covers the last rows), or an answer (Why Here?)."""

    BINDINGS = [Binding("escape,enter", "close", "Close", id="message.close")]

    DEFAULT_CSS = """
    MessageDialog > Vertical { width: 64; }
    MessageDialog #message { height: auto; margin: 1 0; }
    MessageDialog .-error { text-style: bold; }
    """

    def __init__(self, title: str, message: str, error: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.error = error  # the title says what was not done; the message is bold, not only coloured

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
            yield Static(self.message, id="message", classes="-error" if self.error else "", markup=False)
            yield Static("Enter or Esc close", classes="hint")


def refuse(app, what: str, message: str) -> None:
    """An action that did not happen: a box that stays until read, not a toast that vanishes
    and covers the last rows."""
    app.push_screen(MessageDialog(f"{what}: not done", message, error=True))
