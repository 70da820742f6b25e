"""Create Interaction (SPEC 3): a four-step wizard over a models.interactions.wizard Draft.

The screen holds the draft (plain data); every rule — pre-fill, template defaults, the
wizard action, the checks, logging, postponing, the claim on a resumed entry — is a
models/wizard.py function. PgDn/PgUp step (priority keys: the fields keep their letters).
Enter in a field is a priority key too: the App runs it before it hands on the keys typed
behind it, so the focus has moved to the next field when they arrive.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Label, Static

from models.base import values as value_rules
from models.base.enums import (
    CorrespondenceType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    WizardAction,
)
from tui.jobs import JobDone, JobFailed, run_job
from tui.safely import describe
from tui.screens.dialogs import CommentsDialog, ConfirmDialog, PromptDialog, refuse
from tui.type_ahead import caught_up
from tui.widgets.check_box import CheckBox

QUESTIONS = {1: "What is the type of interaction?", 2: "What content will be used?",
             3: "What is the interaction related to?", 4: "What was the result of the interaction?"}
ACTION_TEXT = {
    WizardAction.OPEN: "Open: the template's letter is merged for this contact. F2 exports it to a file to "
                       "edit in Word or LibreOffice; F3 imports the edited file back. PgDn goes on.",
    WizardAction.IMPORT: "Import: F3 imports a file (a path) as the interaction's attachment. PgDn goes on.",
    WizardAction.MERGE: "Merge: the template's Word document is merged for this contact when you go on.",
}
# the same steps for a segment: what they do to the segment (models.interactions.wizard.apply_to_segment)
SEGMENT_ACTION_TEXT = {
    WizardAction.OPEN: "Open: F2 exports the template's letter to a file to edit in Word or LibreOffice; "
                       "F3 imports the edited file back as the segment's Word template. PgDn goes on.",
    WizardAction.IMPORT: "Import: F3 imports a Word file (a path) as the segment's Word template. PgDn goes on.",
    WizardAction.MERGE: "Merge: each line's letter is merged from the template's Word document for its contact.",
}
STEP_3_TEXT = ("Optional. PgDn logs the interaction.",  # for a contact, for a segment
               "Optional. PgDn applies the interaction to the segment's header and every line, then offers Log.")
# (draft field, caption, lookup entity, kind); kind: text | code | date | time | enum class
STEP_FIELDS = {
    1: [("contact_no", "Contact (No. or part of a name)", "contacts", "code"),
        ("interaction_template_code", "Interaction Template", "interaction_templates", "code"),
        ("description", "Description", "", "text")],
    "more": [("salesperson_code", "Salesperson", "salespeople", "code"),
             ("language_code", "Language", "languages", "code"),
             ("date", "Date", "", "date"), ("time_of_interaction", "Time", "", "time"),
             ("correspondence_type", "Correspondence Type", "", CorrespondenceType),
             ("information_flow", "Information Flow", "", InformationFlow),
             ("initiated_by", "Initiated By", "", InitiatedBy)],
    3: [("campaign_no", "Campaign", "campaigns", "code")],
    4: [("description", "Result Description", "", "text"), ("evaluation", "Evaluation", "", Evaluation),
        ("cost", "Cost (LCY)", "", "money"), ("duration", "Duration (Min.)", "", "int")],
}
# the list pages and cards that start Create Interaction, and what their key fixes in the wizard
INTERACTION_STARTS = {"contacts": "contact_no", "salespeople": "salesperson_code"}
CHECKS = {3: [("campaign_target", "This contact is targeted as part of the campaign"),
              ("campaign_response", "This interaction is a response to a campaign")],
          4: [("successful", "The interaction was successful")]}
SEGMENT_CHECKS = {"campaign_target": "The segment's contacts are targeted as part of the campaign",
                  "campaign_response": "The segment's interactions are a response to a campaign"}
FINISH_KEYS = "f2/^s/PgDn"  # Finish on step 4; a keymap that moves wizard.finish shows its own keys


def _document_text(d) -> str:
    """Step 2's line on the interaction's document (a segment's stays a template until Log)."""
    if d.segment_no and d.word_template_code and not d.imported:
        return f"Letters: Word template {d.word_template_code}, merged for each line's contact at Log or Export."
    if not d.attachment:
        return "No attachment yet."
    return (f"Attachment: {d.attachment_extension or 'document'} of {len(d.attachment):,} bytes"
            + (" (imported)" if d.imported else " (merged)" if d.merged else ""))


def _wizard():
    from models.interactions import wizard

    return wizard


def field_text(value) -> str:
    """A draft value as the wizard shows it (an option by its label, a time as HH:MM)."""
    if value is None:
        return ""
    if hasattr(value, "label"):
        return value.label
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _parse(kind, caption: str, text: str):
    """A typed text as the draft's value, by the one rule of its kind (models.base.values)."""
    return value_rules.parse(kind, caption, caption, text)


class WizardScreen(Screen[str | None]):
    """Dismisses with a message for the page that opened it (or None when nothing was saved)."""

    BINDINGS = [
        Binding("pagedown", "next", "Next", key_display="PgDn", priority=True, id="wizard.next"),
        Binding("pageup", "back", "Back", key_display="PgUp", priority=True, id="wizard.back"),
        # priority: on step 4 PgDn is Finish (Next is off), and the step's scroll would take it
        Binding("f2,ctrl+s,pagedown", "finish", "Finish", key_display=FINISH_KEYS, priority=True,
                tooltip="Step 4: save the result and close", id="wizard.finish"),
        # a focus key like Tab (so named: the palette leaves focus keys out)
        Binding("enter", "focus_next", "Next field", show=False, priority=True,
                tooltip="Apply the field (a contact by part of its name, a template's defaults) and go on",
                id="wizard.next_field"),
        Binding("f6", "comments", "Comments", tooltip="Comment lines, kept with the interaction", id="wizard.comments"),
        Binding("f7", "show_more", "Show more", tooltip="Salesperson, language, date, time, types",
                id="wizard.show_more"),
        Binding("f4", "lookup", "Lookup", show=False, tooltip="Pick a code from its list", id="wizard.lookup"),
        Binding("f2", "export_letter", "Export Letter", show=False, tooltip="Step 2: the merged letter to a file",
                id="wizard.export_letter"),
        Binding("f3", "import_file", "Import File", show=False, tooltip="Step 2: a file as the attachment",
                id="wizard.import_file"),
        Binding("escape", "cancel", "Cancel", tooltip="Asks whether to finish the interaction later",
                id="wizard.cancel"),
    ]

    DEFAULT_CSS = """
    WizardScreen #wiz-title { height: 1; background: $panel; text-style: bold; padding: 0 1; }
    WizardScreen #wiz-step { height: 1; color: $accent; text-style: bold; padding: 0 1; }
    WizardScreen ContentSwitcher { height: 1fr; padding: 0 1; }
    WizardScreen .row { height: 1; }
    WizardScreen .caption { width: 32; color: $text-muted; }
    WizardScreen .row Input { width: 1fr; border: none; height: 1; }
    WizardScreen .row Input:focus { background: $boost; }
    WizardScreen .row Input:disabled { color: $text-muted; }
    WizardScreen .more { display: none; }
    WizardScreen.-more .more { display: block; }
    WizardScreen Checkbox, WizardScreen Checkbox:focus { border: none; height: 1; padding: 0; }
    WizardScreen Checkbox:focus { background: $boost; }
    WizardScreen .text { margin-bottom: 1; }
    WizardScreen #wiz-error { height: auto; color: $error; padding: 0 1; }
    """

    def __init__(self, draft, page_title: str = "Create Interaction") -> None:
        super().__init__()
        self.draft = draft
        self.page_title = page_title
        self._inputs: dict[str, tuple] = {}  # input id -> (field, caption, lookup, kind)

    # -- layout -------------------------------------------------------------
    def _row(self, step, spec, more: bool = False) -> Horizontal:
        name, caption, lookup, kind = spec
        ident = f"s{step}-{name}"
        self._inputs[ident] = spec
        box = Input(field_text(getattr(self.draft, name)), id=ident, compact=True,
                    placeholder="F4 lookup" if lookup else ("YYYY-MM-DD" if kind == "date" else ""))
        # a segment's interaction is for every line's contact: no contact of its own
        box.disabled = name in self.draft.fixed or (name == "contact_no" and bool(self.draft.segment_no))
        return Horizontal(Label(caption + (" ▾" if lookup else ""), classes="caption"), box,
                          classes="row more" if more else "row")

    def compose(self) -> ComposeResult:
        yield Static("", id="wiz-title")
        yield Static("", id="wiz-step")
        with ContentSwitcher(initial=f"step-{self.draft.step}"):
            with VerticalScroll(id="step-1", can_focus=False):
                for spec in STEP_FIELDS[1]:
                    yield self._row(1, spec)
                yield Static("", id="contact-name", classes="row")
                for spec in STEP_FIELDS["more"]:
                    yield self._row(1, spec, more=True)
            with VerticalScroll(id="step-2", can_focus=False):
                yield Static("", id="action-text", classes="text")
                yield Static("", id="attachment-text")
            segment = bool(self.draft.segment_no)
            with VerticalScroll(id="step-3", can_focus=False):
                yield Static(STEP_3_TEXT[segment], classes="text")
                for spec in STEP_FIELDS[3]:
                    yield self._row(3, spec)
                for name, caption in CHECKS[3]:
                    caption = SEGMENT_CHECKS[name] if segment else caption
                    yield CheckBox(caption, getattr(self.draft, name), id=f"c-{name}")
            with VerticalScroll(id="step-4", can_focus=False):
                yield Static("The interaction is logged. Its result (optional), then F2, Ctrl+S or PgDn to "
                             "finish.", classes="text")
                for spec in STEP_FIELDS[4]:
                    yield self._row(4, spec)
                for name, caption in CHECKS[4]:
                    yield CheckBox(caption, getattr(self.draft, name), id=f"c-{name}")
        yield Static("", id="wiz-error")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if self.draft.notice:
            self.notify(self.draft.notice, severity="warning", timeout=10)
        self.show_step()

    def show_step(self) -> None:
        """The draft's step, its values, and the focus on its first field."""
        self.show_values()
        fields = self.step_fields()
        if fields:  # at once: the keys typed behind PgDn go to this step's field
            self.set_focus(fields[0])

    def step_fields(self) -> list:
        """The fields of the step shown that take the focus (Show more's only when shown)."""
        step = self.query_one(f"#step-{self.draft.step}")
        more = self.has_class("-more")
        return [w for w in step.query("Input, Checkbox")
                if w.focusable and (more or not (w.parent and w.parent.has_class("more")))]

    def show_values(self) -> None:
        d = self.draft
        caption = f"segment {d.segment_no} (every line)" if d.segment_no else d.caption
        self.query_one("#wiz-title", Static).update(f"{self.page_title} · {caption}")
        last = 3 if d.segment_no else 4
        self.query_one("#wiz-step", Static).update(f"Step {min(d.step, last)} of {last} — {QUESTIONS[d.step]}")
        self.query_one(ContentSwitcher).current = f"step-{d.step}"
        for ident, (name, *_rest) in self._inputs.items():
            if not ident.startswith(f"s{d.step}-"):
                continue
            box = self.query_one(f"#{ident}", Input)
            box.value = field_text(getattr(d, name))
        name = f"every contact of segment {d.segment_no}" if d.segment_no else d.contact_name or "(no contact)"
        self.query_one("#contact-name", Static).update(
            f"{'':32}{name}" + ("  · fixed" if "contact_no" in d.fixed else ""))
        if d.step == 2:
            texts = SEGMENT_ACTION_TEXT if d.segment_no else ACTION_TEXT
            self.query_one("#action-text", Static).update(texts.get(d.wizard_action, ""))
            self.query_one("#attachment-text", Static).update(_document_text(d))
        self.query_one("#wiz-error", Static).update("")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        step = self.draft.step
        if action == "finish":
            return step == 4
        if action == "back":
            return step in (2, 3)
        if action in ("export_letter", "import_file"):
            return step == 2
        if action == "show_more":
            return step == 1
        if action == "next":
            return step < 4
        if action == "focus_next":  # Enter on a check box is its own (it switches it)
            return isinstance(self.focused, Input)
        return True

    # -- fields -> draft ------------------------------------------------------
    def collect(self) -> None:
        """The current step's fields into the draft, through the model's setters."""
        wizard, d = _wizard(), self.draft
        # what the user changed is judged against the draft as shown: a template sets the
        # language, types and description, which then must not be overwritten by the old texts
        typed = [(ident, spec, self.query_one(f"#{ident}", Input)) for ident, spec in self._inputs.items()
                 if ident.startswith(f"s{d.step}-")]
        shown = {spec[0]: getattr(d, spec[0]) for _ident, spec, _box in typed}
        for ident, (name, caption, _lookup, kind), box in typed:
            if box.disabled:
                continue
            value = _parse(kind, caption, box.value)
            if value == shown[name]:
                continue
            if name == "contact_no":
                wizard.set_contact(d, box.value)
            elif name == "interaction_template_code":
                wizard.set_template(d, value)
            elif name == "language_code":
                wizard.set_language(d, value)
            else:
                setattr(d, name, value)
        for name, _caption in CHECKS.get(d.step, []):
            setattr(d, name, self.query_one(f"#c-{name}", CheckBox).value)

    def _fail(self, exc: Exception) -> None:
        self.query_one("#wiz-error", Static).update(describe(exc)[0])

    def apply_fields(self) -> bool:
        """The step's fields into the draft and back as the draft has them (a contact name
        is looked up, a template fills its defaults); False when a value is refused."""
        try:
            self.collect()
        except Exception as exc:
            self._fail(exc)
            return False
        self.show_values()
        return True

    async def action_focus_next(self) -> None:
        """Enter: the field applied, then the step's next field, at once (Screen.set_focus, not
        Widget.focus, which would wait behind the keys already typed); a refused value keeps
        the focus where it is."""
        await caught_up(self)
        if not self.apply_fields():
            return
        fields = self.step_fields()
        if self.focused in fields:  # after the step's last field, its first
            self.set_focus(fields[(fields.index(self.focused) + 1) % len(fields)])

    # -- steps ----------------------------------------------------------------
    async def action_next(self) -> None:
        await caught_up(self)  # the keys typed before PgDn are in the field first
        wizard, d = _wizard(), self.draft
        try:
            self.collect()
            if d.step == 3:
                self.run_final("log" if not d.segment_no else "segment")
                return
            wizard.next_step(d)
        except Exception as exc:
            self._fail(exc)
            return
        self.show_step()

    async def action_back(self) -> None:
        await caught_up(self)
        try:
            self.collect()
        except Exception as exc:
            self._fail(exc)
            return
        _wizard().back_step(self.draft)
        self.show_step()

    async def action_finish(self) -> None:
        """Step 4 (F2, Ctrl+S or PgDn): the result saved, the wizard closed."""
        await caught_up(self)
        self.finish()

    def finish(self) -> None:
        try:
            self.collect()
            _wizard().finish(self.draft)
        except Exception as exc:
            self._fail(exc)
            return
        self.dismiss(f"Interaction Log Entry {self.draft.entry_no} saved.")

    def run_final(self, what: str) -> None:
        """Step 3's Next as a job: log (delivery may take a while), or apply to the segment."""
        wizard, draft = _wizard(), self.draft
        if what == "segment":
            run_job(self, what, lambda confirm, progress: wizard.apply_to_segment(draft, confirm), group="wizard")
        else:
            run_job(self, what, lambda confirm, progress: wizard.log(draft), group="wizard")

    def on_job_failed(self, event: JobFailed) -> None:
        self.query_one("#wiz-error", Static).update(event.message)

    def on_job_done(self, event: JobDone) -> None:
        what, result = event.name, event.result
        if what == "segment":
            def answered(yes: bool) -> None:
                self.dismiss("log:" + result.segment_no if yes else f"Segment {result.segment_no} updated.")

            self.app.push_screen(ConfirmDialog(result.message, True), answered)
            return
        self.notify(f"Interaction Log Entry {result.entry_no} logged. {result.delivery}".strip(), timeout=8)
        self.show_step()

    # -- other actions ------------------------------------------------------------
    def action_show_more(self) -> None:
        self.toggle_class("-more")

    def action_comments(self) -> None:
        from models.interactions.entries import check_comments

        def save(lines: list[str]) -> None:
            self.draft.comments = check_comments(lines)

        self.app.push_screen(CommentsDialog("Comments — this interaction", list(self.draft.comments), save))

    def action_lookup(self) -> None:
        from tui.screens.lookup import LookupScreen

        focused = self.focused
        spec = self._inputs.get(focused.id) if isinstance(focused, Input) else None
        if not spec or not spec[2] or focused.disabled:
            self.notify("F4 works on the fields marked ▾.", severity="warning")
            return

        def picked(key) -> None:
            if key is not None:
                focused.value = str(key)
                self.apply_fields()

        self.app.push_screen(LookupScreen(spec[2], spec[1]), picked)

    def action_export_letter(self) -> None:
        d = self.draft

        def chosen(path: str | None) -> None:
            if not path:
                return
            from models.base.files import write_atomic

            try:
                content = _wizard().letter(d)
                written = write_atomic(Path(path).expanduser(), content)
            except Exception as exc:
                self._fail(exc)
                return
            self.notify(f"Letter written to {offer(self.app, written)}: edit it, then F3 imports it back.")

        from tui.deliver import offer
        from tui.screens.dialogs import ask_where

        ask_where(self.app, "Export the letter to", _letter_path(d), chosen)

    def action_import_file(self) -> None:
        d = self.draft

        def chosen(path: str | None) -> None:
            if path is None:
                return
            try:
                _wizard().import_file(d, Path(path).expanduser() if path else None)
            except Exception as exc:
                self._fail(exc)
                return
            self.show_step()
            self.notify(f"{Path(path).name} is the interaction's attachment.")

        self.app.push_screen(PromptDialog("Import the file", _letter_path(d)), chosen)

    def action_cancel(self) -> None:
        if self.draft.step == 4:  # logged already: Esc keeps the result typed so far
            self.finish()
            return

        def answered(later: bool) -> None:
            wizard = _wizard()
            if not later:
                wizard.release(self.draft)
                self.dismiss(None)
                return
            try:
                self.collect()
                entry_no = wizard.postpone(self.draft)
            except Exception as exc:
                self._fail(exc)
                return
            self.dismiss(f"Saved as postponed interaction {entry_no}: Postponed Interactions, Resume.")

        self.app.push_screen(ConfirmDialog(_wizard().FINISH_LATER_Q, False), answered)


def _letter_path(d) -> str:
    """The file Step 2's export and import propose: the contact's letter, a segment's template."""
    name = f"{d.segment_no} template" if d.segment_no else f"{d.contact_no or 'interaction'} letter"
    return str(Path.cwd() / f"{name}.docx")


def wizard_closed(page):
    """What a page does when the wizard it opened closes: its message told, or ("log:<no>",
    a segment's wizard finished with Yes to "log it now?") Log on that segment's page —
    the page itself, or the segment's page opened on it (a resumed segment wizard)."""
    def closed(message: str | None) -> None:
        if not (message and message.startswith("log:")):
            if message:
                page.notify(message, timeout=8)
            return
        segment_no, app = message.removeprefix("log:"), page.app
        if getattr(page, "segment_no", None) != segment_no:
            app.open_page(f"segment:{segment_no}")  # pushed at once: the screen on top now
        app.screen.action_log()

    return closed


def open_wizard(page, **start) -> None:
    """Start Create Interaction from a page (contact, salesperson, filters or segment)."""
    try:
        draft = _wizard().start(**start)
    except Exception as exc:
        refuse(page.app, "Create Interaction", describe(exc)[0])
        return
    page.app.push_screen(WizardScreen(draft), wizard_closed(page))
