"""Statistics of an interaction template or group: interactions, cost, duration."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from models.filters import date_range
from tui.safely import describe


class StatisticsDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "Close", id="statistics.close")]

    DEFAULT_CLASSES = "dialog"
    DEFAULT_CSS = """
    StatisticsDialog > Vertical { width: 76; height: auto; padding: 1 2; }
    StatisticsDialog Input { border: none; height: 1; margin: 1 0; }
    StatisticsDialog #figures { height: auto; }
    StatisticsDialog #statistics-title { text-style: bold; }
    """

    def __init__(self, title: str, compute: Callable) -> None:
        super().__init__()
        self.title_text = title
        self.compute = compute  # (date_from, date_to) -> (count, cost, duration)

    def compose(self) -> ComposeResult:
        with Vertical():
            # a Static wraps a long title (a long code) in the box, where a one-line title is cut
            yield Static(f"Statistics — {self.title_text}", id="statistics-title", markup=False)
            yield Static("Date Filter: 2026-01-01..2026-03-31, blank = all dates; Enter applies")
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
