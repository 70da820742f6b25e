"""Interaction Templates and their languages (with Word attachments)."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.binding import Binding

from models.base.db import thread_connection
from tui.jobs import ask_from_thread
from tui.safely import describe
from tui.screens.dialogs import ConfirmDialog, PromptDialog
from tui.screens.list_page import ListPage


class StatisticsMixin:
    """s: No. of Interactions, Cost and Duration of the selected record's entries."""

    def action_statistics(self) -> None:
        from models.segments import templates
        from tui.screens.statistics import StatisticsDialog

        code = self.table.current_key
        if code is None:
            return
        figures = templates.template_statistics if self.entity.name == "interaction_templates" \
            else templates.group_statistics
        self.app.push_screen(StatisticsDialog(f"{self.entity.title} {code}",
                                              lambda first, last: figures(code, first, last)))


class GroupsPage(StatisticsMixin, ListPage):
    BINDINGS = [Binding("s", "statistics", "Statistics", tooltip="Interactions, cost and duration",
                        id="groups.statistics")]

    def __init__(self) -> None:
        super().__init__("interaction_groups")


class TemplatesPage(StatisticsMixin, ListPage):
    BINDINGS = [
        Binding("l", "languages", "Languages", tooltip="The template's languages and attachments",
                id="templates.languages"),
        Binding("s", "statistics", "Statistics", tooltip="Interactions, cost and duration",
                id="templates.statistics"),
    ]

    def __init__(self) -> None:
        super().__init__("interaction_templates")

    def action_languages(self) -> None:
        code = self.table.current_key
        if code is not None:
            self.app.push_screen(TemplateLanguagesPage(code))


class TemplateLanguagesPage(ListPage):
    BINDINGS = [
        Binding("i", "import_attachment", "Import", tooltip="Import a file as this language's attachment",
                id="template_languages.import_attachment"),
        Binding("e", "export_attachment", "Export", tooltip="Export the attachment to a file",
                id="template_languages.export_attachment"),
        Binding("x", "remove_attachment", "Remove", tooltip="Remove the attachment",
                id="template_languages.remove_attachment"),
    ]

    def __init__(self, template_code: str) -> None:
        super().__init__("template_languages", parent=template_code,
                         title=f"Interaction Tmpl. Languages — {template_code}")

    def _language(self) -> str | None:
        language = self.table.current_key
        if language is None:
            self.notify("Add a language first (n).", severity="warning")
        return language

    def action_import_attachment(self) -> None:
        language = self._language()
        if language is None:
            return

        def chosen(path: str | None) -> None:
            if path:
                self.run_attachment("import", language, path)

        self.app.push_screen(PromptDialog(f"Import a file as the {language} attachment: path", "",
                                          "/path/to/letter.docx"), chosen)

    def action_export_attachment(self) -> None:
        language = self._language()
        if language is None:
            return
        default = str(Path.cwd() / f"{self.parent_key}-{language or 'default'}.docx")

        def chosen(path: str | None) -> None:
            if path:
                self.run_attachment("export", language, path)

        self.app.push_screen(PromptDialog(f"Export the {language} attachment to: path", default), chosen)

    def action_remove_attachment(self) -> None:
        language = self._language()
        if language is None:
            return

        def answered(yes: bool) -> None:
            if yes:
                self.run_attachment("remove", language, "")

        self.app.push_screen(ConfirmDialog("Remove Attachment?", True), answered)

    @work(thread=True, exclusive=True, group="attachment", exit_on_error=False)
    def run_attachment(self, what: str, language: str, path: str) -> None:
        from models.segments import templates

        confirm = lambda question, default: ask_from_thread(self.app, question, default)  # noqa: E731
        try:
            with thread_connection():
                if what == "import":
                    result = templates.import_language_attachment(
                        self.parent_key, language, Path(path).expanduser(), confirm)
                    message = "Attachment imported." if result is not None else "Nothing was imported."
                elif what == "export":
                    written = templates.export_language_attachment(
                        self.parent_key, language, Path(path).expanduser())
                    message = f"Attachment exported to {written}."
                else:
                    removed = templates.remove_language_attachment(self.parent_key, language)
                    message = "Attachment removed." if removed else "There is no attachment to remove."
        except Exception as exc:
            self.app.call_from_thread(self.notify, describe(exc)[0], severity="error", timeout=6)
            return
        self.app.call_from_thread(self.notify, message)
        self.app.call_from_thread(self.action_refresh)
