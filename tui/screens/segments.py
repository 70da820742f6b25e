"""Segments (not yet logged) and the Segment page: header, lines and criteria actions."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from models.base.db import thread_connection
from tui import jobs
from tui.footer_pages import MORE, FooterPages
from tui.jobs import Job, JobDone, JobFailed, JobProgress
from tui.safely import describe
from tui.screens.list_page import ListPage
from tui.widgets.paged_table import MARK_BINDING, PagedTable, TableColumn


class SegmentsPage(ListPage):
    """Segments list: New draws a number from Segment Nos. and opens the new segment."""

    BINDINGS = [Binding("n", "new", "New Segment", tooltip="A new segment numbered from Segment Nos.",
                        id="segments.new")]

    def __init__(self) -> None:
        super().__init__("segments")

    def action_new(self) -> None:
        from models.segments.segment import create_segment
        from tui.screens.dialogs import refuse

        try:
            header = create_segment()
        except Exception as exc:
            refuse(self.app, "New Segment", describe(exc)[0])
            return
        self.table.reload()
        self.open_card(header.no)

    def open_card(self, key) -> None:
        if key is None:
            self.action_new()
            return
        self.app.push_screen(SegmentPage(key))  # the list shows its new line count when returned to


# The header and width of each LineRow field the table shows (LineRow gives the order).
LINE_COLUMNS = {
    "contact_no": TableColumn("Contact No.", 11),
    "contact_name": TableColumn("Contact Name", 16),
    "company_name": TableColumn("Company Name", 16),
    "description": TableColumn("Description", 18),
    "salesperson_code": TableColumn("Salesperson", 11),
    "interaction_template_code": TableColumn("Template", 8),
    "language_code": TableColumn("Language", 8),
    "correspondence_type": TableColumn("Corr. Type", 10),
    "subject": TableColumn("Subject", 20),
    "evaluation": TableColumn("Evaluation", 13),
    "attachment": TableColumn("Attachment", 10),
    "cost": TableColumn("Cost (LCY)", 10),
    "duration": TableColumn("Duration", 8),
}

# which footer "page" shows a binding: F10 steps through them (80 columns hold about five)
SEGMENT_FOOTER = {
    "add_contacts": 0, "reduce_contacts": 0, "refine_contacts": 0, "log": 0,
    "edit_header": 1, "insert_line": 1, "delete_line": 1, "why_here": 1, "open_line": 1,
    "criteria": 2, "go_back": 2, "save_criteria": 2, "reuse_criteria": 2,
    "reuse_segment": 3, "export_contacts": 3, "apply_mailing_group": 3,
    "preview_merge": 4, "export_letters": 4, "personalise_letter": 4,
    "modify_word_template": 5, "create_interaction": 5, "mark": 5,
}


HEADER_JOB = "Segment header"  # the job that reads the header summary


class SegmentPage(FooterPages, Screen):
    """One segment: the header summary, its lines, and every criteria action."""

    FOOTER_GROUPS = SEGMENT_FOOTER
    BINDINGS = [
        Binding("a", "add_contacts", "Add Contacts", tooltip="Add contacts that match filters",
                id="segment.add_contacts"),
        Binding("r", "reduce_contacts", "Reduce Contacts", tooltip="Reduce Contacts: remove the lines that match",
                id="segment.reduce_contacts"),
        Binding("f", "refine_contacts", "Refine Contacts", tooltip="Refine Contacts: keep only the lines that match",
                id="segment.refine_contacts"),
        Binding("b", "go_back", "Go Back", tooltip="Undo the last criteria action", id="segment.go_back"),
        Binding("h", "edit_header", "Header", tooltip="Edit the segment header (General, Interaction, Campaign)",
                id="segment.header"),
        Binding("i", "insert_line", "New Line", tooltip="Add a line for one contact by No. or name",
                id="segment.new_line"),
        Binding("delete,d", "delete_line", "Delete Line", key_display="Del",
                tooltip="Delete the marked lines, or this one", id="segment.delete_line"),
        MARK_BINDING,
        Binding("c", "criteria", "Criteria", show=False, tooltip="The criteria actions and their filters",
                id="segment.criteria"),
        Binding("s", "save_criteria", "Save Criteria", show=False, id="segment.save_criteria"),
        Binding("u", "reuse_criteria", "Reuse Criteria", show=False, id="segment.reuse_criteria"),
        Binding("g", "reuse_segment", "Reuse Segment", show=False, tooltip="Add the contacts of a logged segment",
                id="segment.reuse_segment"),
        Binding("x", "export_contacts", "Export Contacts", show=False, tooltip="Write the lines' contacts to a CSV file",
                id="segment.export_contacts"),
        Binding("m", "apply_mailing_group", "Apply Mailing Group", show=False, id="segment.apply_mailing_group"),
        Binding("w", "why_here", "Why Here?", show=False, tooltip="Which criteria action added this contact",
                id="segment.why_here"),
        Binding("p", "preview_merge", "Preview Merge", show=False, tooltip="Each contact's merged letter as text",
                id="segment.preview_merge"),
        Binding("v", "create_interaction", "Create Interaction", show=False,
                tooltip="The wizard for the whole segment: its answers go to the header and lines",
                id="segment.create_interaction"),
        Binding("l", "log", "Log", show=False,
                tooltip="Log Segment: an Interaction Log Entry per line; Send Attachments; Follow-up Segment",
                id="segment.log"),
        Binding("e", "export_letters", "Export Letters", show=False,
                tooltip="Every merged letter as .docx plus one print file", id="segment.export_letters"),
        Binding("o", "personalise_letter", "Personalise Letter", show=False,
                tooltip="Export this line's letter, edit it, import it back (Unique)", id="segment.personalise_letter"),
        Binding("t", "modify_word_template", "Modify Word Template", show=False,
                tooltip="A segment-wide copy of the Word template", id="segment.modify_word_template"),
        Binding("enter", "open_line", "Open Line", show=False, tooltip="The line card: override its defaults",
                id="segment.open_line"),
        MORE,
        Binding("f5", "refresh", "Refresh", show=False, id="segment.refresh"),
        Binding("escape", "back", "Back", show=False, id="segment.back"),
    ]

    DEFAULT_CSS = """
    SegmentPage .summary { height: 1; padding: 0 1; color: $text; }
    SegmentPage PagedTable { height: 1fr; }
    SegmentPage #seg-status { width: 1fr; }
    SegmentPage ProgressBar { width: 40; }
    """

    def __init__(self, segment_no: str) -> None:
        super().__init__()
        self.segment_no = segment_no
        self.page_title = f"Segment {segment_no}"
        self._shown = False
        self._after: dict[str, tuple] = {}  # job title -> (done, then) of run_job

    def compose(self) -> ComposeResult:
        from models.segments import lines as segment_lines

        yield Static(self.page_title, id="seg-title", classes="page-title")
        yield Static("", id="sum-general", classes="summary")
        yield Static("", id="sum-interaction", classes="summary")
        yield Static("", id="sum-campaign", classes="summary")
        yield PagedTable(
            [LINE_COLUMNS[name] for name in segment_lines.LineRow._fields[1:]],  # after the key
            fetch=lambda offset, limit: segment_lines.line_rows(self.segment_no, offset, limit),
            count=self._count,
            empty_text="No lines. a: Add Contacts · i: New Line · g: Reuse Segment · u: Reuse Criteria",
            mark_column=True,
        )
        with Horizontal(id="seg-status-row", classes="status"):
            yield Static("", id="seg-status")  # a progress bar joins it while a job runs
        # the palette key is listed by F1; its footer space shows the page's actions
        yield Footer(compact=True, show_command_palette=False)

    def _count(self) -> int:
        from models.segments import lookups

        with thread_connection():
            return lookups.line_count(self.segment_no)

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.show_keys(0)
        # after the first paint: its sums over the lines compete with it for the CPU
        self.call_after_refresh(self.refresh_header)

    # -- header summary ---------------------------------------------------
    def refresh_header(self) -> None:
        """The header and its totals, as a job (sums over 100,000 lines take a moment:
        never before the lines show); on_job_done shows them."""
        from models.pages.registry import entity
        from models.segments.segment import segment_totals

        no = self.segment_no
        jobs.run_job(self, HEADER_JOB, lambda confirm, progress: (entity("segment_header").get(no),
                                                                  segment_totals(no)), group="segment-header")

    def show_header(self, h: dict, t: dict) -> None:
        self.query_one("#seg-title", Static).update(
            f"Segment {self.segment_no} · {h['description'] or '(no description)'}")
        self.query_one("#sum-general", Static).update(
            f"[b]General[/b]  Salesperson {h['salesperson_code'] or '—'}  Date {h['date'] or '—'}  "
            f"Lines {t['No. of Lines']:,}  Criteria Actions {t['No. of Criteria Actions']}")
        self.query_one("#sum-interaction", Static).update(
            f"[b]Interaction[/b]  {h['interaction_template_code'] or '(no template)'}  "
            f"Lang {h['language_code_default'] or '—'}  {h['correspondence_type_default'] or ''}  "
            f"Subject {h['subject_default'] or '—'}")
        self.query_one("#sum-campaign", Static).update(
            f"[b]Campaign[/b]  {h['campaign_no'] or '—'} {t.get('Campaign Description', '')}  "
            f"Cost {t['Cost (LCY)']:,.2f}  Duration {t['Duration (Min.)']:,} min")

    def on_paged_table_counted(self, event: PagedTable.Counted) -> None:
        self.show_status()

    def on_paged_table_marked(self, event: PagedTable.Marked) -> None:
        self.show_status()

    def show_status(self) -> None:
        marked = len(self.table.marks)
        self.query_one("#seg-status", Static).update(
            f"{self.table.row_count:,} lines" + (f" · {marked:,} marked" if marked else ""))

    def action_mark(self) -> None:
        self.table.toggle_mark()

    def on_screen_resume(self) -> None:
        if self._shown:  # back from a card or dialog: show what it changed, after the dialog's
            self.call_later(self._refresh_if_open)  # callback (Log closes this page: nothing to show)
        self._shown = True

    def _refresh_if_open(self) -> None:
        if self.is_current:
            self.table.refresh_rows()  # the visible rows again; the count stays (F5 and jobs recount)
            self.refresh_header()

    def action_refresh(self) -> None:
        self.table.reload(keep_cursor=True)
        self.refresh_header()

    # -- long work --------------------------------------------------------
    def run_job(self, title: str, job: Job, done: Callable[[object], str] | None = None,
                then: Callable[[], None] | None = None) -> None:
        """Run ``job(confirm, progress)`` as a job (tui.jobs) with a progress bar; the page keeps
        answering keys. ``done`` turns its result into the message; ``then`` runs after a
        success (default: refresh)."""
        self.query(ProgressBar).remove()
        self.query_one("#seg-status-row").mount(ProgressBar(total=100, show_eta=False))
        self.query_one("#seg-status", Static).update(f"{title}…")
        self._after[title] = (done, then or self.action_refresh)
        jobs.run_job(self, title, job, group="segment-job")

    def on_job_progress(self, event: JobProgress) -> None:
        for bar in self.query(ProgressBar):
            bar.update(progress=round(100 * event.fraction))
        if event.text:
            self.query_one("#seg-status", Static).update(event.text)

    def on_job_done(self, event: JobDone) -> None:
        if event.name == HEADER_JOB:
            self.show_header(*event.result)
            return
        self.query(ProgressBar).remove()
        done, then = self._after.pop(event.name, (None, self.action_refresh))
        message = done(event.result) if done else f"{event.name}: done."
        if message:
            self.notify(message, timeout=8)
        then()

    def on_job_failed(self, event: JobFailed) -> None:
        from tui.screens.dialogs import refuse

        if event.name == HEADER_JOB:
            self.notify(event.message, severity="error", timeout=8)
            return
        # the action did not happen: a box that stays until read, not a toast that vanishes
        refuse(self.app, event.name, event.message)
        self._after.pop(event.name, None)
        self.query(ProgressBar).remove()
        self.action_refresh()

    # -- criteria actions -------------------------------------------------
    def action_add_contacts(self) -> None:
        self._criteria_dialog("add")

    def action_reduce_contacts(self) -> None:
        self._criteria_dialog("reduce")

    def action_refine_contacts(self) -> None:
        self._criteria_dialog("refine")

    def _criteria_dialog(self, mode: str) -> None:
        from tui.screens.criteria_dialog import CriteriaDialog, CriteriaRequest

        def chosen(request: CriteriaRequest | None) -> None:
            if request is None:
                return
            from models.segments import actions

            no = self.segment_no
            if mode == "add":
                job = lambda confirm, progress: actions.add_contacts(  # noqa: E731
                    no, request.views, request.add_options, progress=progress)
                done = lambda n: f"{n:,} contacts added."  # noqa: E731
            else:
                run = actions.reduce_contacts if mode == "reduce" else actions.refine_contacts
                job = lambda confirm, progress: run(  # noqa: E731
                    no, request.views, request.entire_companies, confirm, progress=progress)
                done = lambda n: f"{n:,} lines removed."  # noqa: E731
            self.run_job(CriteriaDialog.TITLES[mode], job, done)

        self.app.push_screen(CriteriaDialog(self.segment_no, mode), chosen)

    def action_go_back(self) -> None:
        from models.segments import criteria
        from models.segments.go_back import GO_BACK_QUESTION, go_back
        from tui.screens.dialogs import ConfirmDialog

        if criteria.no_of_criteria_actions(self.segment_no) == 0:
            self.notify("There is no criteria action to undo.", severity="warning")
            return

        def answered(yes: bool) -> None:
            if yes:  # asked here, so the domain function is not given a confirm
                self.run_job("Go Back", lambda confirm, progress: go_back(
                    self.segment_no, None, progress), lambda n: "The last criteria action was undone.")

        self.app.push_screen(ConfirmDialog(GO_BACK_QUESTION, False), answered)

    def action_criteria(self) -> None:
        from tui.screens.criteria_view import CriteriaView

        self.app.push_screen(CriteriaView(self.segment_no))

    def action_save_criteria(self) -> None:
        from tui.screens.criteria_view import SaveCriteriaDialog

        self.app.push_screen(SaveCriteriaDialog(self.segment_no))

    def _pick_then(self, question: str | None, entity_name: str, caption: str, run: Callable) -> None:
        """Ask the domain's question (None: nothing to ask), pick a record, then run."""
        from tui.screens.dialogs import ConfirmDialog
        from tui.screens.lookup import LookupScreen

        def pick(yes: bool = True) -> None:
            if yes:
                self.app.push_screen(LookupScreen(entity_name, caption),
                                     lambda key: key is not None and run(key))

        if question is None:
            pick()
        else:
            self.app.push_screen(ConfirmDialog(question, False), pick)

    def action_reuse_criteria(self) -> None:
        from models.segments import reuse

        # the question is asked before the pick, so the job reuses "anyway"
        self._pick_then(
            reuse.reuse_criteria_question(self.segment_no), "saved_criteria", "Saved Segment Criteria",
            lambda code: self.run_job("Reuse Criteria", lambda confirm, progress: reuse.reuse_criteria(
                self.segment_no, code, progress=progress, anyway=True), lambda n: f"Criteria {code} reused."))

    def action_reuse_segment(self) -> None:
        from models.segments import reuse

        self._pick_then(
            reuse.reuse_segment_question(self.segment_no), "logged_segments", "Logged Segment",
            lambda entry: self.run_job("Reuse Segment", lambda confirm, progress: reuse.reuse_segment(
                self.segment_no, entry, progress=progress, anyway=True),
                lambda n: f"{n:,} lines added from the logged segment."))

    def action_export_contacts(self) -> None:
        from pathlib import Path

        from models.segments.contacts_out import export_contacts
        from tui.deliver import offer
        from tui.screens.dialogs import ask_where

        def chosen(path: str | None) -> None:
            if not path:
                return
            target = Path(path).expanduser()

            def job(confirm, progress):
                from models.base.files import text_output

                with text_output(target) as out:
                    export_contacts(self.segment_no, out)
                return offer(self.app, target)  # the path, or in a browser the download

            self.run_job("Export Contacts", job, lambda where: f"Contacts written to {where}.")

        default = str(Path.cwd() / f"{self.segment_no}-contacts.csv")
        ask_where(self.app, "Export Contacts to: path", default, chosen)

    def action_apply_mailing_group(self) -> None:
        from tui.screens.criteria_view import ApplyMailingGroupDialog

        self.app.push_screen(ApplyMailingGroupDialog(self.segment_no))

    def action_why_here(self) -> None:
        from models.segments.explain import why_here
        from tui.screens.dialogs import MessageDialog

        line = self.table.current_key
        if line is None:
            return
        try:
            answer, error = why_here(self.segment_no, line), False
        except Exception as exc:
            answer, error = describe(exc)[0], True
        self.app.push_screen(MessageDialog("Why is this contact here?", answer, error))

    # -- create interaction -------------------------------------------------
    def action_create_interaction(self) -> None:
        from tui.screens.wizard import open_wizard

        open_wizard(self, segment_no=self.segment_no)

    # -- log ----------------------------------------------------------------
    def action_log(self) -> None:
        from models.segments import log as log_segment
        from tui.screens.dialogs import refuse
        from tui.screens.log_dialog import LogDialog

        try:
            options = log_segment.log_options(self.segment_no)
        except Exception as exc:
            refuse(self.app, "Log", describe(exc)[0])
            return

        def logged(message: str | None) -> None:
            if message:  # logged: the segment is gone, back to Segments
                self.notify(message, timeout=8)
                self.dismiss(None)

        self.app.push_screen(LogDialog(self.segment_no, options), logged)

    # -- mail merge -------------------------------------------------------
    def action_preview_merge(self) -> None:
        from models.segments import lookups
        from tui.screens.merge import MergePreview

        line_nos = lookups.line_nos_with_contact(self.segment_no)
        if not line_nos:
            self.notify("The segment has no lines with a contact.", severity="warning")
            return
        current = self.table.current_key
        start = line_nos.index(current) if current in line_nos else 0
        self.app.push_screen(MergePreview(self.segment_no, line_nos, start))

    def action_export_letters(self) -> None:
        from pathlib import Path

        from models.merge import segment_letters as merge
        from tui.deliver import offer
        from tui.screens.dialogs import ask_where
        from tui.screens.merge import exported_text

        def chosen(folder: str | None) -> None:
            if not folder:
                return
            target = Path(folder).expanduser()
            # offer in the job: in a browser it zips the folder, not in the UI's thread
            self.run_job("Export Letters", lambda confirm, progress: exported_text(merge.export_segment_letters(
                self.segment_no, target, progress), offer(self.app, target)), lambda text: text)

        default = str(Path.cwd() / f"{self.segment_no}-letters")
        ask_where(self.app, "Export Letters to folder", default, chosen)

    def action_personalise_letter(self) -> None:
        from pathlib import Path

        from models.merge import personalise
        from tui.deliver import offer
        from tui.screens.merge import FileActionsDialog

        line = self.table.current_key
        if line is None:
            return
        no = self.segment_no
        row = self.table.row(self.table.cursor)  # a LineRow
        self.app.push_screen(FileActionsDialog(
            f"Personalise Letter — line {line}, contact {row.contact_no} {row.contact_name or row.company_name}",
            "Export the merged letter for this contact, edit it in Word or LibreOffice, and import it "
            "back: the line then has its own (Unique) letter. Remove goes back to the inherited one.",
            str(Path.cwd() / f"{no}-{row.contact_no}.docx"),
            {
                "export": lambda path, confirm: f"Letter written to "
                f"{offer(self.app, personalise.export_line_letter(no, line, path))}.",
                "import": lambda path, confirm: personalise.import_line_letter(no, line, path, confirm)
                and "The line now has its own letter (Unique).",
                "remove": lambda path, confirm: personalise.remove_line_letter(no, line)
                and "The line uses the inherited letter again.",
            }), lambda _r: self.action_refresh())

    def action_modify_word_template(self) -> None:
        from pathlib import Path

        from models.merge import personalise
        from tui.deliver import offer
        from tui.screens.merge import FileActionsDialog

        no = self.segment_no
        self.app.push_screen(FileActionsDialog(
            f"Modify Word Template — segment {no}",
            "Export a copy of the segment's Word template, change it, and import it back: every line "
            "without its own letter then uses the copy.",
            str(Path.cwd() / f"{no}-template.docx"),
            {
                "export": lambda path, confirm: f"Template copy written to "
                f"{offer(self.app, personalise.export_modified_template(no, path))}.",
                "import": lambda path, confirm: personalise.import_modified_template(no, path, confirm)
                and "The segment uses its modified Word template.",
            }), lambda _r: self.action_refresh())

    # -- header and lines -------------------------------------------------
    def action_edit_header(self) -> None:
        from tui.screens.card import CardScreen

        self.app.push_screen(CardScreen("segment_header", self.segment_no),
                             lambda _key: self.action_refresh())

    def action_open_line(self) -> None:
        from tui.screens.card import CardScreen

        line = self.table.current_key
        if line is not None:
            self.app.push_screen(CardScreen("segment_lines", line, self.segment_no),
                                 lambda _key: self.action_refresh())

    def on_paged_table_selected(self, event: PagedTable.Selected) -> None:
        self.action_open_line()

    def action_insert_line(self) -> None:
        from models.segments import lines as segment_lines
        from tui.screens.lookup import LookupScreen

        def chosen(contact_no) -> None:
            if contact_no is None:
                return
            self.run_job("New Line", lambda confirm, progress: segment_lines.add_line(
                self.segment_no, str(contact_no), confirm), lambda line: f"Contact {contact_no} added.")

        self.app.push_screen(LookupScreen("contacts", "Contact No. of the new line"), chosen)

    def action_delete_line(self) -> None:
        from models.segments import lines as segment_lines
        from tui.screens.dialogs import ConfirmDialog

        lines = self.table.marked_keys()  # the marked lines, else this one
        if not lines:
            return
        several = len(lines) > 1

        def answered(yes: bool) -> None:
            if yes:
                self.run_job("Delete Line", lambda confirm, progress: segment_lines.delete_line_nos(
                    self.segment_no, lines, confirm), lambda n: f"{n:,} lines deleted." if several else "Line deleted.")

        question = f"Delete the {len(lines):,} marked lines?" if several else "Delete the selected line?"
        self.app.push_screen(ConfirmDialog(question, True), answered)

    def action_back(self) -> None:
        self.app.go_back()
