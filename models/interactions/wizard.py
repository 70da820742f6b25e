"""The "Create Interaction" wizard without its screen (SPEC 3, 6.4; checklist 8.H 75–87).

Each step is a function over a ``Draft`` (models/interactions/draft.py) kept in memory,
so no transaction is held open while a person types. The database is written only when
the draft is logged (then delivered, after the commit, by ``send_queued``), finished,
postponed (models/interactions/postponed.py resumes it) or applied to the segment it was
started from.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from models.base import context
from models.base import values as value_rules
from models.base.ask import Confirm
from models.base.db import transaction
from models.base.enums import (
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    WizardAction,
)
from models.base.errors import UserError
from models.filters import contains
from models.interactions.draft import (
    Draft,
    claim_parts,
    drop_entry,
    load_attachment,
    save_draft,
    take_entry,
)
from models.interactions.entries import check_comments, set_entry_comments
from models.interactions.send import send_queued
from models.segments.lookups import check_salesperson, get_header, normalize_no
from models.segments.segment import default_salesperson
from models.segments.templates import get_template, get_template_language
from models.tables import attachments
from models.tables.contacts import Campaign, Contact, active_alt_address
from models.tables.interactions import (
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTmplLanguage,
    WordTemplate,
)

ILE = InteractionLogEntry

TEMPLATE_REQUIRED = "Interaction Template Code is required."
DESCRIPTION_REQUIRED = "Description is required."
SELECT_CONTACT = "Select a contact to interact with."
FILL_IN = "Fill in the {field} field."
NO_ATTACHMENT = ("No attachment found – add an attachment or choose a Word template on the "
                 "interaction template")
EMAIL_NEEDS_DOCUMENT = (
    "Email correspondence needs a template with an attachment or Word template – change the "
    "contact's correspondence type, pick another template, or one that ignores the contact's "
    "correspondence type.")
IMPORT_STOPPED = "The import was stopped at your request."
NOT_DOCX = "The file {name} is not a Word document (.docx): the template's Word template needs one."
FINISH_LATER_Q = "Do you want to finish this interaction later?"
NOT_OURS = ("Interaction Log Entry {no} was not logged by this wizard (or is finished already): a logged "
            "entry can only be canceled, evaluated or commented.")
SINGLE_FILTERS = {  # Interaction Log Entries filter caption -> Draft field
    "Contact No.": "contact_no",
    "Contact Company No.": "contact_company_no",
    "Salesperson Code": "salesperson_code",
    "Campaign No.": "campaign_no",
}
_FILTER_OPERATORS = set("|&.<>=*?@()'")


@dataclass
class LogResult:
    entry_no: int
    delivery: str = ""  # the delivery report's message ('' when nothing was sent)


@dataclass
class SegmentResult:
    segment_no: str
    message: str


# ---------------------------------------------------------------- start and step 1

def round_up_to_minute(moment: dt.datetime) -> dt.time:
    """Business Central RoundDateTime(now + 1 s, 1 min, '>'): 12:33:59 → 12:34:00."""
    later = moment + dt.timedelta(seconds=1)
    floor = later.replace(second=0, microsecond=0)
    return (floor if later == floor else floor + dt.timedelta(minutes=1)).time()


def _single_value(text) -> str:
    """A filter text that names one value ('' for a range, a list, a pattern or blank)."""
    text = ("" if text is None else str(text)).strip()
    return "" if not text or _FILTER_OPERATORS & set(text) else text.upper()


def _contact(no: str) -> Contact:
    contact = Contact.get_or_none(Contact.no == normalize_no(no))
    if contact is None:
        raise UserError(f"Contact {normalize_no(no)} does not exist.")
    return contact


def _take_contact(draft: Draft, contact: Contact | None) -> None:
    """SPEC 2.5 in wizard mode: company, name, alternative address; the salesperson stays
    when fixed or already chosen, else the contact's."""
    if contact is None:
        draft.contact_no = draft.contact_name = draft.contact_alt_address_code = ""
        if "contact_company_no" not in draft.fixed:
            draft.contact_company_no = ""
        return
    draft.contact_no = contact.no
    draft.contact_company_no = contact.company_no or ""
    draft.contact_name = contact.name or contact.company_name or ""
    draft.contact_alt_address_code = active_alt_address(contact.no, draft.date) if draft.date else ""
    if not draft.salesperson_code and "salesperson_code" not in draft.fixed:
        draft.salesperson_code = contact.salesperson_code or ""


def start(contact_no: str | None = None, salesperson_code: str | None = None,
          filters: dict[str, str] | None = None, segment_no: str | None = None) -> Draft:
    """A new draft pre-filled as SPEC 3.1: Date = work date, Time = now rounded up to the
    next whole minute, Interaction Successful, step 1. A contact given is validated and
    fixed; the salesperson is the user's (User Setup) else the contact's, and one given is
    fixed; the single-valued Contact No., Contact Company No., Salesperson Code and Campaign
    No. filters of the Interaction Log Entries page become fixed values. ``segment_no``
    starts the wizard for a segment (finished by ``apply_to_segment``, which does not log)."""
    draft = Draft(date=context.work_date(), time_of_interaction=round_up_to_minute(context.now()))
    values = {name: _single_value((filters or {}).get(caption)) for caption, name in SINGLE_FILTERS.items()}
    if contact_no:
        values["contact_no"] = normalize_no(contact_no)
    if salesperson_code:
        values["salesperson_code"] = normalize_no(salesperson_code)
    if values["salesperson_code"]:
        check_salesperson(values["salesperson_code"])
        draft.salesperson_code = values["salesperson_code"]
        draft.fixed.add("salesperson_code")
    else:
        draft.salesperson_code = default_salesperson()
    if values["campaign_no"]:
        if Campaign.get_or_none(Campaign.no == values["campaign_no"]) is None:
            raise UserError(f"Campaign {values['campaign_no']} does not exist.")
        draft.campaign_no = values["campaign_no"]
        draft.fixed.add("campaign_no")
    if values["contact_company_no"]:
        draft.contact_company_no = values["contact_company_no"]
        draft.fixed.add("contact_company_no")
    if values["contact_no"]:
        _take_contact(draft, _contact(values["contact_no"]))
        draft.fixed.add("contact_no")
    elif values["contact_company_no"]:
        _take_contact(draft, _contact(values["contact_company_no"]))
    if segment_no:
        header = get_header(normalize_no(segment_no))
        draft.segment_no = header.no
        draft.description = header.description or ""
        draft.salesperson_code = header.salesperson_code or draft.salesperson_code
        draft.campaign_no = header.campaign_no or draft.campaign_no
        draft.date = header.date or draft.date  # finishing writes it back: the segment's own
        if header.interaction_template_code:
            set_template(draft, header.interaction_template_code)
        draft.campaign_target, draft.campaign_response = header.campaign_target, header.campaign_response
    return draft


def find_contact(text: str) -> str | None:
    """The No. of the first contact (by No.) whose name contains ``text`` (any case)."""
    text = (text or "").strip()
    if not text:
        return None
    row = Contact.select(Contact.no).where(contains(Contact.name, text)).order_by(Contact.no).tuples().first()
    return row[0] if row else None


def set_contact(draft: Draft, text: str | None) -> Draft:
    """Step 1 Contact: a contact No., else the first name match; unknown clears the contact."""
    if "contact_no" in draft.fixed:
        raise UserError("The contact is fixed for this interaction.")
    contact = Contact.get_or_none(Contact.no == normalize_no(text)) if text else None
    if contact is None and text:
        found = find_contact(text)
        contact = Contact.get_or_none(Contact.no == found) if found else None
    _take_contact(draft, contact)
    if draft.interaction_template_code:
        set_language(draft, _template_language(get_template(draft.interaction_template_code), draft.contact_no))
    return draft


def _template_language(template: InteractionTemplate, contact_no: str) -> str:
    """SPEC 2.7 wizard: the contact's language if the template has it, else the template's
    default language (else its first language record)."""
    codes = [c for (c,) in InteractionTmplLanguage.select(InteractionTmplLanguage.language_code)
             .where(InteractionTmplLanguage.interaction_template == template.code)
             .order_by(InteractionTmplLanguage.language_code).tuples()]
    row = Contact.select(Contact.language).where(Contact.no == contact_no).tuples().first()
    contact_language = (row[0] if row else "") or ""
    for wanted in (contact_language, template.language_code_default or ""):
        if wanted in codes:
            return wanted
    return codes[0] if codes else (template.language_code_default or "")


def set_language(draft: Draft, code: str) -> Draft:
    """SPEC 2.7 Language Code validate (wizard): the template must have the language (a
    template without language records accepts only its default); the attachment and Word
    template come from its record."""
    if not draft.interaction_template_code:
        raise UserError(FILL_IN.format(field="Interaction Template Code"))
    template = get_template(draft.interaction_template_code)
    code = normalize_no(code)
    record = get_template_language(template.code, code)
    if record is None and (code != (template.language_code_default or "") or template.languages.count()):
        raise UserError(f"The Interaction Template {template.code} has no language {code or '(blank)'}.")
    draft.language_code = code
    load_attachment(draft, record.attachment_no if record is not None else None)
    draft.word_template_code = ((record.word_template_code if record is not None else "")
                                or template.word_template_code or "")
    return draft


def set_template(draft: Draft, code: str) -> Draft:
    """SPEC 2.6 in wizard mode: the template's group, description (when the draft has none
    or another template is replaced), cost, duration, direction, campaign flags and campaign
    (unless fixed), Correspondence Type := the template's default, then its language."""
    template = get_template(code)
    old = draft.interaction_template_code
    draft.interaction_template_code = template.code
    draft.interaction_group_code = template.interaction_group_code or ""
    if not draft.description or (old and old != template.code):
        draft.description = template.description
    draft.cost, draft.duration = Decimal(template.unit_cost or 0), template.unit_duration or 0
    draft.information_flow = InformationFlow(template.information_flow or 0)
    draft.initiated_by = InitiatedBy(template.initiated_by or 0)
    draft.campaign_target, draft.campaign_response = template.campaign_target, template.campaign_response
    if "campaign_no" not in draft.fixed and not draft.segment_no:
        draft.campaign_no = template.campaign_no or ""
    draft.correspondence_type = CorrespondenceType(template.correspondence_type_default or 0)
    return set_language(draft, _template_language(template, draft.contact_no))


# ---------------------------------------------------------------- steps 1–3

def _word_template(code: str) -> bytes:
    row = WordTemplate.select(WordTemplate.template).where(WordTemplate.code == code).tuples().first() if code else None
    return bytes(row[0]) if row and row[0] else b""


def _merge(draft: Draft, content: bytes, name: str) -> bytes:
    from models.merge.fields import Recipient
    from models.merge.letters import MergeTemplate, merge_to_bytes

    recipient = Recipient(contact_no=draft.contact_no, salesperson_code=draft.salesperson_code, date=draft.date,
                          subject=draft.subject, description=draft.description, campaign_no=draft.campaign_no,
                          language_code=draft.language_code, correspondence_type=draft.correspondence_type,
                          alt_address_code=draft.contact_alt_address_code)
    return merge_to_bytes(MergeTemplate(content, name, require_fields=False), recipient)


def _has_document(draft: Draft) -> bool:
    return bool(draft.attachment) or bool(_word_template(draft.word_template_code))


def _run_wizard_action(draft: Draft) -> None:
    """Step 2 Next (SPEC 3.2): Open merges the Word template (or a .docx attachment) for the
    contact so the UI can export, edit and import it; Import needs the uploaded file; Merge
    merges a Word template silently (else the merge happens at delivery).

    For a segment nothing is merged here: every line's letter is merged for its contact at
    Log or Export, so the document stays a template (merging it now, with no contact, would
    blank every contact field). Merged then means the user imported a file of their own."""
    action = draft.wizard_action
    draft.subject = draft.description
    word = _word_template(draft.word_template_code)
    if draft.segment_no:
        if action == WizardAction.OPEN and not _has_document(draft):
            raise UserError(NO_ATTACHMENT)
        if action == WizardAction.IMPORT and not draft.imported:
            raise UserError(IMPORT_STOPPED)
        draft.merged = draft.imported
        return
    if action == WizardAction.OPEN:
        if not draft.attachment and not word:
            raise UserError(NO_ATTACHMENT)
        if not draft.imported:  # the letter the user edited and imported back is kept as it is
            draft.attachment = letter(draft)
            if word:
                draft.attachment_extension = "DOCX"
        draft.merged = True
    elif action == WizardAction.IMPORT:
        if not draft.imported:
            raise UserError(IMPORT_STOPPED)
        draft.merged = True
    elif action == WizardAction.MERGE:
        if word:
            draft.attachment = _merge(draft, word, f"Word template {draft.word_template_code}")
            draft.attachment_extension = "DOCX"
            draft.merged = True
        else:
            draft.merged = False


def letter(draft: Draft) -> bytes:
    """Step 2 (Open) export: the letter as the contact would get it now — the imported or
    merged document as it is, else the Word template (or a .docx attachment) merged for the
    contact, else the attachment. "No attachment found …" when there is none. For a
    segment: the template itself, its merge fields kept (merged per line at Log)."""
    if draft.attachment and (draft.imported or draft.merged):
        return draft.attachment
    word = _word_template(draft.word_template_code)
    if draft.segment_no and (word or draft.attachment):
        return word or draft.attachment
    if word:
        return _merge(draft, word, f"Word template {draft.word_template_code}")
    if draft.attachment and draft.attachment_extension == "DOCX":
        return _merge(draft, draft.attachment, "The attachment")
    if draft.attachment:
        return draft.attachment
    raise UserError(NO_ATTACHMENT)


def import_file(draft: Draft, path: str | os.PathLike | None) -> Draft:
    """Step 2 Import: the file becomes the draft's attachment (Merged := true). A missing,
    empty or unreadable file, or a broken .docx, is a UserError; with a Word template on the
    template the file must be a .docx; no path = the user cancelled."""
    if path is None or not str(path).strip():
        raise UserError(IMPORT_STOPPED)
    content, extension = attachments.read_file(path)  # a Word file checked whole, as a plain .docx
    if _word_template(draft.word_template_code) and extension != "DOCX":
        raise UserError(NOT_DOCX.format(name=Path(path).name))
    draft.attachment, draft.attachment_extension = content, extension
    draft.merged = draft.imported = True
    return draft


def next_step(draft: Draft) -> Draft:
    """Step 1 → 2 (or 3 when the template has no wizard action), 2 → 3 running the action.
    Step 3's Next is ``log`` and step 4's is ``finish``."""
    if draft.step == 1:
        if not draft.interaction_template_code:
            raise UserError(TEMPLATE_REQUIRED)
        if not (draft.description or "").strip():
            raise UserError(DESCRIPTION_REQUIRED)
        if draft.wizard_action == WizardAction.BLANK:
            draft.subject = draft.description
            draft.step = 3
        else:
            draft.step = 2
    elif draft.step == 2:
        _run_wizard_action(draft)
        draft.step = 3
    elif draft.step == 3:
        raise UserError("Next on this step logs the interaction: use log().")
    return draft


def back_step(draft: Draft) -> Draft:
    if draft.step == 3 and draft.wizard_action == WizardAction.BLANK:
        draft.step = 1
    elif draft.step in (2, 3):
        draft.step -= 1
    return draft


def check_numbers(draft: Draft) -> None:
    """Cost and Duration by the one value rule: a number the database cannot hold is refused in words."""
    draft.cost = value_rules.decimal("cost", "Cost (LCY)", draft.cost)
    draft.duration = value_rules.integer("duration", "Duration (Min.)", draft.duration)


def check(draft: Draft) -> None:
    """SPEC 3.2 step 3 CheckStatus (logging and postponing); a segment's wizard, which has
    no contact, is checked as finishing it checks (``check_segment``)."""
    if draft.segment_no:
        check_segment(draft)
        return
    check_numbers(draft)
    if not draft.contact_no:
        raise UserError(SELECT_CONTACT)
    for name, caption in (("interaction_template_code", "Interaction Template Code"),
                          ("salesperson_code", "Salesperson Code"), ("date", "Date"),
                          ("description", "Description")):
        if not getattr(draft, name):
            raise UserError(FILL_IN.format(field=caption))
    if draft.wizard_action == WizardAction.OPEN and not _has_document(draft):
        raise UserError(NO_ATTACHMENT)
    if draft.correspondence_type == CorrespondenceType.EMAIL and not _has_document(draft):
        raise UserError(EMAIL_NEEDS_DOCUMENT)


def check_segment(draft: Draft) -> None:
    """A segment's wizard, before it is applied or postponed: the segment is still there
    (else "Segment <no> has been logged." / "… does not exist."), a template and a
    description; the header checks every value it takes when it is applied."""
    check_numbers(draft)
    get_header(draft.segment_no)
    if not draft.interaction_template_code:
        raise UserError(TEMPLATE_REQUIRED)
    if not (draft.description or "").strip():
        raise UserError(DESCRIPTION_REQUIRED)


def log(draft: Draft) -> LogResult:
    """Step 3 Next (SPEC 3.2): validate, write the entry (Postponed = false) and commit, then
    deliver it when a correspondence type is set (``send_queued``: a failed delivery is an
    Error on the entry and never undoes the log). The draft moves to step 4."""
    if draft.segment_no:
        raise UserError("A segment is logged from the segment: use apply_to_segment().")
    check(draft)
    draft.subject = draft.description
    entry_no = save_draft(draft, postponed=False)
    draft.step = 4
    sent = send_queued([entry_no] if draft.correspondence_type else [])
    return LogResult(entry_no, sent.message)


def finish(draft: Draft) -> int:
    """Step 4 Finish: the result fields and the comments (replacing the old ones) on the entry
    this draft logged — and only on it, once: a logged entry is history, which the wizard
    may complete right after logging but never rewrite later (SPEC 4)."""
    if not draft.entry_no or draft.step != 4:
        raise UserError("Log the interaction first.")
    check_numbers(draft)
    comments = check_comments(draft.comments)

    def write() -> None:
        ours = ((ILE.entry_no == draft.entry_no) & (ILE.postponed == False)  # noqa: E712
                & (ILE.logged_segment_entry_no == 0) & (ILE.wizard_claim == draft.claim) & (ILE.wizard_claim != ""))
        if not ILE.update(description=draft.description, evaluation=draft.evaluation,
                          attempt_failed=not draft.successful, cost=draft.cost, duration=draft.duration,
                          wizard_claim="").where(ours).execute():
            raise UserError(NOT_OURS.format(no=draft.entry_no))
        set_entry_comments(draft.entry_no, comments)

    transaction(write)
    draft.claim = ""
    return draft.entry_no


def postpone(draft: Draft, confirm: Confirm | None = None) -> int:
    """SPEC 3.3 Cancel → "Do you want to finish this interaction later?" (default No; without
    ``confirm`` the answer is Yes). No: nothing saved, 0. Yes: the logging checks, then the
    entry with Postponed = true and Wizard Step = the step reached; no delivery, no campaign
    entry. Returns the entry no. A segment's wizard is saved with no contact and its
    Segment No. (resumed on that segment)."""
    if confirm is not None and not confirm(FINISH_LATER_Q, False):
        release(draft)
        return 0
    check(draft)
    draft.subject = draft.description
    return save_draft(draft, postponed=True)


def release(draft: Draft) -> None:
    """Give up a resumed draft's claim (the wizard closes without saving)."""
    if draft.entry_no and draft.claim:
        version = claim_parts(draft.claim)[0]
        held = (ILE.entry_no == draft.entry_no) & (ILE.postponed == True) & (ILE.wizard_claim == draft.claim)  # noqa: E712
        ILE.update(wizard_claim=f"{version}/").where(held).execute()  # the version stays: nobody saved
        draft.claim = ""


# ---------------------------------------------------------------- a segment start

def apply_to_segment(draft: Draft, confirm: Confirm | None = None) -> SegmentResult:
    """Finishing a wizard started from a segment: template, description, salesperson, date,
    campaign (target, response), correspondence type, language and subject go to the header
    — and to its lines by the header rules (every question answered Yes unless ``confirm``
    says otherwise), each only when the header lets it be changed now (SPEC 2.1); a Word
    file the user imported becomes the segment's Modified Word Template, while the
    template's own document stays the template every line's letter is merged from. Nothing
    is logged. A resumed wizard is taken first (another user's save of it fails from then
    on) and its postponed entry deleted once applied."""
    from models.merge.personalise import import_modified_template
    from models.segments.header import header_field_states, update_header

    if not draft.segment_no:
        raise UserError("This interaction was not started from a segment.")
    check_segment(draft)
    yes = confirm or (lambda _question, _default: True)
    no = draft.segment_no
    take_entry(draft)

    def apply(values: dict) -> None:  # only the fields the header enables now (SPEC 2.1)
        states = header_field_states(no)
        update_header(no, {name: value for name, value in values.items() if states.get(name, True)}, yes)

    apply({"interaction_template_code": draft.interaction_template_code})
    apply({"description": draft.description, "salesperson_code": draft.salesperson_code, "date": draft.date,
           "campaign_no": draft.campaign_no, "correspondence_type_default": draft.correspondence_type})
    apply({"campaign_target": draft.campaign_target, "campaign_response": draft.campaign_response})
    apply({"language_code_default": draft.language_code})  # its own: No to a new language cancels only it
    if draft.imported and draft.attachment and draft.attachment_extension == "DOCX":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "letter.docx"
            path.write_bytes(draft.attachment)
            import_modified_template(no, path, yes)
    apply({"subject_default": draft.description})
    drop_entry(draft)
    return SegmentResult(draft.segment_no, f"Segment {draft.segment_no} is ready: log it now?")


__all__ = [
    "Draft", "LogResult", "SegmentResult", "start", "find_contact", "set_contact", "set_template", "set_language",
    "next_step", "back_step", "import_file", "check", "log", "finish", "postpone", "release", "apply_to_segment",
    "round_up_to_minute", "letter", "check_segment",
]
