"""A Yes/No box whose state shows without colour: ▐X▌ when on, ▐ ▌ when off.

Textual's Checkbox draws the same X either way and tells them apart only by colour,
which a monochrome or 16-colour thin client cannot show.
"""

from __future__ import annotations

from textual.widgets import Checkbox


class CheckBox(Checkbox):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._show_mark()

    def watch_value(self) -> None:
        super().watch_value()
        self._show_mark()

    def _show_mark(self) -> None:
        self.BUTTON_INNER = "X" if self.value else " "  # an instance's own mark: the class keeps "X"
        self.refresh()
