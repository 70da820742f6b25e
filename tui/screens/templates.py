"""Interaction Templates and their languages (with Word attachments)."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from tui.jobs import JobDone, JobFailed, run_job
from tui.screens.dialogs import ConfirmDialog, PromptDialog, ask_where, refuse
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

        ask_where(self.app, f"Export the {language} attachment to: path", default, chosen)

    def action_remove_attachment(self) -> None:
        language = self._language()
        if language is None:
            return

        def answered(yes: bool) -> None:
            if yes:
                self.run_attachment("remove", language, "")

        self.app.push_screen(ConfirmDialog("Remove Attachment?", True), answered)

    def run_attachment(self, what: str, language: str, path: str) -> None:
        """Import, export or remove the attachment in a job; its message ends it."""
        from models.segments import template_languages

        code = self.parent_key

        def job(confirm, progress) -> str:
            if what == "import":
                result = template_languages.import_language_attachment(
                    code, language, Path(path).expanduser(), confirm)
                return "Attachment imported." if result is not None else "Nothing was imported."
            if what == "export":
                written = template_languages.export_language_attachment(code, language, Path(path).expanduser())
                from tui.deliver import offer

                return f"Attachment exported to {offer(self.app, written)}."
            removed = template_languages.remove_language_attachment(code, language)
            return "Attachment removed." if removed else "There is no attachment to remove."

        run_job(self, what, job, group="attachment")

    def on_job_done(self, event: JobDone) -> None:
        self.notify(event.result)
        self.action_refresh()

    def on_job_failed(self, event: JobFailed) -> None:
        refuse(self.app, event.name, event.message)
