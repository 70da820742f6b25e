"""One line of a form: a caption and its editor (an Input, Checkbox, Select or a read-only Static).

Cards, the wizard, Add/Reduce/Refine, the filter dialog and the small form dialogs all build
their fields from it, so every form reads the same. Its look (caption width, colours, the
-error mark) is in tui/relman.tcss; a container with class ``wide-captions`` gives the
longer captions of cards and the wizard room.
"""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


class FormRow(Horizontal):
    """``FormRow("Name", Input(id="f-name"), id="row-name")``: the caption is a Label with class caption."""

    def __init__(self, caption: str, editor: Widget, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Label(caption, classes="caption", markup=False), editor, id=id, classes=classes)
