"""Postponed Interactions (SPEC 3.4): the unfinished Create Interaction wizards, to resume."""

from __future__ import annotations

from textual.binding import Binding

from tui.safely import describe
from tui.screens.dialogs import AttachmentView
from tui.screens.history import HistoryPage
from tui.screens.wizard import WizardScreen, field_text


def _wizard():
    from models.interactions import wizard

    return wizard


POSTPONED_COLUMNS = [("Entry No.", 9), ("Contact No.", 11), ("Contact Name", 17), ("Segment No.", 11),
                     ("Template", 8), ("Description", 22), ("Date", 10), ("Step", 4), ("User ID", 10),
                     ("Salesperson", 11), ("Campaign", 10)]


class PostponedInteractionsPage(HistoryPage):
    """Postponed Interactions (SPEC 3.4): Resume brings the wizard back where it was."""

    BINDINGS = [
        Binding("enter", "open", "Resume", tooltip="Reopen the wizard at the step it reached, every value kept",
                id="postponed.resume"),
        Binding("delete,d", "delete", "Delete", key_display="Del",
                tooltip="Delete the postponed interaction, its comments and its own attachment", id="postponed.delete"),
        Binding("a", "show_attachment", "Show Attachment", tooltip="The stored document as text, or as a file",
                id="postponed.show_attachment"),
    ]

    page_title = "Postponed Interactions"
    noun = "postponed interactions"
    empty_text = "No postponed interactions. Esc (Cancel) in Create Interaction offers to finish later."
    columns = POSTPONED_COLUMNS

    def fetch(self, offset: int, limit: int) -> list[tuple]:
        return [(r[0], str(r[0]), r[1], r[2] or "", r[3], r[4], r[5], field_text(r[6]), str(r[7] or 1), r[8],
                 r[9], r[10]) for r in _wizard().postponed_rows(offset, limit)]

    def count(self) -> int:
        return _wizard().postponed_count()

    def action_open(self) -> None:
        key = self.current()
        if key is None:
            return
        try:
            draft = _wizard().resume(key)
        except Exception as exc:
            self.notify(describe(exc)[0], severity="error", timeout=8)
            return

        def closed(message: str | None) -> None:
            if message:
                self.notify(message, timeout=8)

        self.app.push_screen(WizardScreen(draft, f"Resume {key}"), closed)

    def action_delete(self) -> None:
        key = self.current()
        if key is not None:
            self.run("Delete", lambda confirm, progress: _wizard().delete_postponed([key], confirm)
                     and f"Postponed interaction {key} deleted.")

    def action_show_attachment(self) -> None:
        key = self.current()
        if key is not None:
            self.app.push_screen(AttachmentView(key, _wizard().postponed_attachment))
