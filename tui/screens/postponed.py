"""Postponed Interactions (SPEC 3.4): the unfinished Create Interaction wizards, to resume."""

from __future__ import annotations

from textual.binding import Binding

from tui.safely import describe
from tui.screens.dialogs import AttachmentView, refuse
from tui.screens.history import HistoryPage
from tui.screens.wizard import WizardScreen, wizard_closed


def _postponed():
    from models.interactions import postponed

    return postponed


class PostponedInteractionsPage(HistoryPage):
    """Postponed Interactions (SPEC 3.4): Resume brings the wizard back where it was."""

    BINDINGS = [
        Binding("enter", "open", "Resume", tooltip="Reopen the wizard at the step it reached, every value kept",
                id="postponed.resume"),
        Binding("delete,d", "delete", "Delete", key_display="Del",
                tooltip="Delete the marked postponed interactions (or this one), their comments and own attachments",
                id="postponed.delete"),
        Binding("a", "show_attachment", "Show Attachment", tooltip="The stored document as text, or as a file",
                id="postponed.show_attachment"),
    ]

    FOOTER_GROUPS = {"open": 0, "delete": 0, "show_attachment": 0, "mark": 0}  # one group: no F10

    page_title = "Postponed Interactions"
    noun = "postponed interactions"
    empty_text = "No postponed interactions. Esc (Cancel) in Create Interaction offers to finish later."

    def __init__(self) -> None:
        super().__init__()
        self.columns = _postponed().POSTPONED_COLUMNS

    def fetch(self, offset: int, limit: int) -> list[tuple]:
        return _postponed().postponed_rows(offset, limit)

    def count(self) -> int:
        return _postponed().postponed_count()

    def action_open(self) -> None:
        key = self.current()
        if key is None:
            return
        try:
            draft = _postponed().resume(key)
        except Exception as exc:
            refuse(self.app, f"Resume {key}", describe(exc)[0])
            return
        # a segment's wizard finished with "log it now?" Yes: Log on the segment's page
        self.app.push_screen(WizardScreen(draft, f"Resume {key}"), wizard_closed(self))

    def action_delete(self) -> None:
        keys = self.selected()  # the marked ones, else this one
        if keys:
            self.run("Delete", lambda confirm, progress: _postponed().delete_postponed(keys, confirm)
                     and f"{self.rows_text(keys, 'Postponed interaction')} deleted.")

    def action_show_attachment(self) -> None:
        key = self.current()
        if key is not None:
            self.app.push_screen(AttachmentView(key, _postponed().postponed_attachment))
