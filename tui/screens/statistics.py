"""Statistics of an interaction template or group: interactions, cost, duration."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from models.filters import date_range
from tui.safely import describe


class StatisticsDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close", id="statistics.close")]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    StatisticsDialog > Vertical { width: 60; height: auto; padding: 1 2; }
    StatisticsDialog Input { border: none; height: 1; margin: 1 0; }
    StatisticsDialog #figures { height: auto; }
    """

    def __init__(self, title: str, compute: Callable) -> None:
        super().__init__()
        self.title_text = title
        self.compute = compute  # (date_from, date_to) -> (count, cost, duration)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"[b]Statistics — {self.title_text}[/b]")
            yield Label("Date Filter (YYYY-MM-DD..YYYY-MM-DD, blank = all); Enter applies")
            yield Input(placeholder="all dates", id="date-filter", compact=True)
            yield Static("", id="figures")
            yield Static("", id="error")
            yield Static("Canceled and postponed interactions are not counted. Esc closes.", classes="hint")

    def on_mount(self) -> None:
        self.show("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.show(event.value)

    def show(self, text: str) -> None:
        error = self.query_one("#error", Static)
        try:
            count, cost, duration = self.compute(*date_range(text))
        except Exception as exc:
            error.update(describe(exc)[0])
            return
        error.update("")
        self.query_one("#figures", Static).update(
            f"No. of Interactions  {count:>12,}\n"
            f"Cost (LCY)           {cost:>12,.2f}\n"
            f"Duration (Min.)      {duration:>12,}"
        )

    def action_close(self) -> None:
        self.dismiss(None)
