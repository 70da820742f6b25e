"""The "Create Interaction" wizard without its screen (SPEC 3, 6.4; checklist 8.H 75–87).

The draft is a plain ``Draft`` dataclass kept in memory between the four steps; the
database is written only when the draft is logged, finished or postponed.

* ``start(contact_no=None, salesperson_code=None, filters=None, segment_no=None) -> Draft``
  — SPEC 3.1 pre-fill: Date = work date, Time = now rounded up to the next whole minute
  (Business Central adds a second and rounds up: 12:33:59 → 12:34:00, 12:34:00 → 12:35:00),
  Interaction Successful, step 1. A contact is validated and fixed; the salesperson is the
  user's (User Setup) else the contact's; a salesperson passed in is fixed; the
  single-valued Contact No., Contact Company No., Salesperson Code and Campaign No. filters of
  the Interaction Log Entries page become fixed values. ``segment_no`` starts the wizard for a
  segment (see ``apply_to_segment``).
* ``find_contact(text) -> str | None`` — the first contact (by No.) whose name contains the
  text, case-insensitive; ``set_contact(draft, text_or_no)`` applies it (None clears).
* ``set_template(draft, code)`` / ``set_language(draft, code)`` — SPEC 2.6/2.7 in wizard mode.
* ``next_step(draft)`` / ``back_step(draft)`` — step 1 checks, step 2 runs the wizard action
  (Open / Import / Merge; a blank action skips step 2); ``import_file(draft, path)`` is the
  Import upload.
* ``log(draft) -> LogResult`` — step 3 Next: validation, one transaction (attachment as a new
  read-only Attachment, the entry created or the resumed postponed one updated, comments,
  campaign entry), then delivery after the commit when a correspondence type is set.
* ``finish(draft)`` — step 4 Finish: description, evaluation, attempt failed, cost, duration
  and the comments written to the logged entry.
* ``postpone(draft) -> int`` — SPEC 3.3 Cancel + "finish later" Yes: the same validation,
  then an entry with Postponed = true (no delivery, no campaign entry).
  ``release(draft)`` — Cancel + No for a resumed draft: gives up the claim, saves nothing.
* ``postponed_query()`` / ``postponed_rows(offset, limit)`` / ``postponed_count()`` — the
  Postponed Interactions page; ``resume(entry_no) -> Draft`` (SPEC 3.4);
  ``delete_postponed(entry_nos, confirm) -> int``.
* ``apply_to_segment(draft) -> SegmentResult`` — a segment start writes the wizard's values
  to the segment header (and its lines, by the header rules) and does not log.

Two users resuming the same postponed interaction: ``resume`` takes a claim (a
compare-and-set of Interaction Log Entry ``wizard_claim`` to "USER:token"); the second user's
draft carries a ``notice`` naming the first. Saving (postpone or log) succeeds only while the
draft still holds the claim; otherwise "Postponed interaction <n> was changed by another user;
open it again." and nothing is written. No transaction is held open between the steps.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import peewee as pw

from models.base import context
from models.base.db import db
from models.base.enums import (
    CorrespondenceType,
    DeliveryStatus,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    WizardAction,
)
from models.base.errors import UserError
from models.interactions.delivery import deliver
from models.interactions.entries import (
    _attachments_unique_to_each,
    check_comments,
    record_delivery,
    set_entry_comments,
)
from models.segments.header import default_salesperson
from models.segments.lookups import check_salesperson, get_header
from models.segments.templates import (
    Confirm,
    answer_default,
    get_template,
    get_template_language,
)
from models.tables import attachments
from models.tables.contacts import Campaign, CampaignEntry, Contact, active_alt_address
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTmplLanguage,
    InterLogEntryCommentLine,
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
CHANGED_BY_OTHER = "Postponed interaction {no} was changed by another user; open it again."
OPENED_BY_OTHER = ("User {user} has postponed interaction {no} open too: whoever saves first wins, "
                   "the other is asked to open it again.")
NOT_POSTPONED = "Postponed interaction {no} does not exist."
DELETE_Q = "Delete the selected lines?"
FINISH_LATER_Q = "Do you want to finish this interaction later?"
LOGGED_STEP = 6  # Business Central: logged, no opportunity linked
SINGLE_FILTERS = {  # Interaction Log Entries filter caption -> Draft field
    "Contact No.": "contact_no",
    "Contact Company No.": "contact_company_no",
    "Salesperson Code": "salesperson_code",
    "Campaign No.": "campaign_no",
}
_FILTER_OPERATORS = set("|&.<>=*?@()'")


@dataclass
class Draft:
    """Every field of the wizard (the temporary Segment Line of Business Central)."""

    contact_no: str = ""
    contact_company_no: str = ""
    contact_name: str = ""
    salesperson_code: str = ""
    interaction_template_code: str = ""
    interaction_group_code: str = ""
    description: str = ""
    language_code: str = ""
    date: dt.date | None = None
    time_of_interaction: dt.time | None = None
    correspondence_type: CorrespondenceType = CorrespondenceType.BLANK
    information_flow: InformationFlow = InformationFlow.BLANK
    initiated_by: InitiatedBy = InitiatedBy.BLANK
    campaign_no: str = ""
    campaign_target: bool = False
    campaign_response: bool = False
    subject: str = ""
    evaluation: Evaluation = Evaluation.BLANK
    successful: bool = True  # → Attempt Failed = not successful
    cost: Decimal = Decimal("0")
    duration: int = 0
    comments: list[str] = field(default_factory=list)
    attachment: bytes = b""  # the wizard's temporary attachment
    attachment_extension: str = ""
    merged: bool = False
    imported: bool = False  # Import ran on step 2
    word_template_code: str = ""
    contact_alt_address_code: str = ""
    step: int = 1
    fixed: set[str] = field(default_factory=set)  # field names the caller fixed
    entry_no: int = 0  # the postponed/logged entry this draft writes, 0 for a new one
    segment_no: str = ""  # a segment start
    claim: str = ""  # the resumed entry's claim this draft holds
    notice: str = ""  # told to the user on resume (another user has it open)

    @property
    def wizard_action(self) -> WizardAction:
        template = InteractionTemplate.get_or_none(InteractionTemplate.code == self.interaction_template_code)
        return WizardAction(template.wizard_action) if template is not None else WizardAction.BLANK

    @property
    def caption(self) -> str:
        company = self.contact_company_no if self.contact_company_no != self.contact_no else ""
        parts = [company, self.contact_no, self.contact_name, self.salesperson_code, self.campaign_no]
        return " ".join(p for p in parts if p) or "untitled"


@dataclass
class LogResult:
    entry_no: int
    delivery: str = ""  # the delivery report's message ('' when nothing was sent)


@dataclass
class SegmentResult:
    segment_no: str
    message: str


# ---------------------------------------------------------------- start and step 1

def _code(value) -> str:
    return ("" if value is None else str(value)).strip().upper()


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
    contact = Contact.get_or_none(Contact.no == _code(no))
    if contact is None:
        raise UserError(f"Contact {_code(no)} does not exist.")
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
    """A new draft pre-filled as SPEC 3.1 (see the module docstring)."""
    draft = Draft(date=context.work_date(), time_of_interaction=round_up_to_minute(context.now()))
    values = {name: _single_value((filters or {}).get(caption)) for caption, name in SINGLE_FILTERS.items()}
    if contact_no:
        values["contact_no"] = _code(contact_no)
    if salesperson_code:
        values["salesperson_code"] = _code(salesperson_code)
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
        header = get_header(_code(segment_no))
        draft.segment_no = header.no
        draft.description = header.description or ""
        draft.salesperson_code = header.salesperson_code or draft.salesperson_code
        draft.campaign_no = header.campaign_no or draft.campaign_no
        if header.interaction_template_code:
            set_template(draft, header.interaction_template_code)
    return draft


def _like(column, text: str) -> pw.Node:
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return pw.NodeList((pw.fn.LOWER(column), pw.SQL("LIKE"), pw.Value(f"%{escaped}%"), pw.SQL("ESCAPE '\\'")))


def find_contact(text: str) -> str | None:
    """The No. of the first contact (by No.) whose name contains ``text`` (any case)."""
    text = (text or "").strip()
    if not text:
        return None
    row = Contact.select(Contact.no).where(_like(Contact.name, text)).order_by(Contact.no).tuples().first()
    return row[0] if row else None


def set_contact(draft: Draft, text: str | None) -> Draft:
    """Step 1 Contact: a contact No., else the first name match; unknown clears the contact."""
    if "contact_no" in draft.fixed:
        raise UserError("The contact is fixed for this interaction.")
    contact = Contact.get_or_none(Contact.no == _code(text)) if text else None
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


def _load_attachment(draft: Draft, number: int | None) -> None:
    attachment = attachments.get_attachment(number)
    draft.attachment = attachment.content if attachment is not None else b""
    draft.attachment_extension = attachment.file_extension if attachment is not None else ""
    draft.merged = draft.imported = False


def set_language(draft: Draft, code: str) -> Draft:
    """SPEC 2.7 Language Code validate (wizard): the template must have the language (a
    template without language records accepts only its default); the attachment and Word
    template come from its record."""
    if not draft.interaction_template_code:
        raise UserError(FILL_IN.format(field="Interaction Template Code"))
    template = get_template(draft.interaction_template_code)
    code = _code(code)
    record = get_template_language(template.code, code)
    if record is None and (code != (template.language_code_default or "") or template.languages.count()):
        raise UserError(f"The Interaction Template {template.code} has no language {code or '(blank)'}.")
    draft.language_code = code
    _load_attachment(draft, record.attachment_no if record is not None else None)
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
    merges a Word template silently (else the merge happens at delivery)."""
    action = draft.wizard_action
    draft.subject = draft.description
    word = _word_template(draft.word_template_code)
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
    contact, else the attachment. "No attachment found …" when there is none."""
    if draft.attachment and (draft.imported or draft.merged):
        return draft.attachment
    word = _word_template(draft.word_template_code)
    if word:
        return _merge(draft, word, f"Word template {draft.word_template_code}")
    if draft.attachment and draft.attachment_extension == "DOCX":
        return _merge(draft, draft.attachment, "The attachment")
    if draft.attachment:
        return draft.attachment
    raise UserError(NO_ATTACHMENT)


def postponed_attachment(entry_no: int) -> tuple[bytes, str]:
    """Show Attachment on Postponed Interactions: (content, extension) of the stored document."""
    entry = ILE.get_or_none((ILE.entry_no == int(entry_no)) & (ILE.postponed == True))  # noqa: E712
    if entry is None:
        raise UserError(NOT_POSTPONED.format(no=entry_no))
    attachment = attachments.get_attachment(entry.attachment_no) if entry.attachment_no else None
    if attachment is None or not attachment.content:
        raise UserError("The attachment is empty.")
    return attachment.content, (attachment.file_extension or "").lower()


def import_file(draft: Draft, path: str | os.PathLike | None) -> Draft:
    """Step 2 Import: the file becomes the draft's attachment (Merged := true). A missing,
    empty or unreadable file, or a broken .docx, is a UserError; with a Word template on the
    template the file must be a .docx; no path = the user cancelled."""
    if path is None or not str(path).strip():
        raise UserError(IMPORT_STOPPED)
    content, extension = attachments.read_file(path)
    if _word_template(draft.word_template_code) and extension != "DOCX":
        raise UserError(NOT_DOCX.format(name=Path(path).name))
    if extension == "DOCX":
        from models.merge.letters import MergeTemplate

        MergeTemplate(content, f"The file {Path(path).name}", require_fields=False)
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


def check(draft: Draft) -> None:
    """SPEC 3.2 step 3 CheckStatus (logging and postponing)."""
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


# ---------------------------------------------------------------- writing the entry

def _entry_values(draft: Draft) -> dict:
    return dict(
        contact=draft.contact_no, contact_company_no=draft.contact_company_no, date=draft.date,
        time_of_interaction=draft.time_of_interaction, description=draft.description,
        subject=draft.description, information_flow=draft.information_flow, initiated_by=draft.initiated_by,
        cost=draft.cost, duration=draft.duration, user_id=context.user_id(),
        interaction_group_code=draft.interaction_group_code,
        interaction_template_code=draft.interaction_template_code, campaign_no=draft.campaign_no,
        campaign_target=draft.campaign_target, campaign_response=draft.campaign_response,
        evaluation=draft.evaluation, attempt_failed=not draft.successful, salesperson_code=draft.salesperson_code,
        correspondence_type=draft.correspondence_type, contact_alt_address_code=draft.contact_alt_address_code,
        interaction_language_code=draft.language_code, word_template_code=draft.word_template_code,
        merged=draft.merged, wizard_claim="",
    )


def _write_comments(entry_no: int, lines: list[str]) -> None:
    cl = InterLogEntryCommentLine
    cl.delete().where(cl.entry == entry_no).execute()
    rows = [{"entry": entry_no, "line_no": i * 10000, "date": context.work_date(), "comment": text}
            for i, text in enumerate(lines, 1)]
    if rows:
        cl.insert_many(rows).execute()


def _drop_old_attachment(entry_no: int, keep: int) -> None:
    """The resumed entry's previous attachment, when nothing else uses it (SPEC 3.4)."""
    old = _attachments_unique_to_each([entry_no]).get(entry_no)
    if old and old != keep:
        attachments.delete_attachment(old)


def _campaign_entry(draft: Draft) -> int:
    """The campaign's entry for single interactions (blank Segment No., Document Type 0,
    no Register No.): the first by Date is reused, else one is created."""
    ce = CampaignEntry
    row = (ce.select(ce.entry_no)
           .where((ce.campaign == draft.campaign_no) & (ce.segment_no == "") & (ce.document_type == 0)
                  & (ce.register_no == 0))
           .order_by(ce.date, ce.entry_no).tuples().first())
    if row:
        return row[0]
    return ce.create(campaign=draft.campaign_no, date=draft.date, segment_no="", salesperson_code=draft.salesperson_code,
                     user_id=context.user_id(), description=draft.description).entry_no


def _save(draft: Draft, *, postponed: bool) -> int:
    """One transaction: the attachment, the entry (new, or the resumed one while this draft
    holds its claim), the comments and (logging) the campaign entry."""
    comments = check_comments(draft.comments)
    values = _entry_values(draft)
    values.update(postponed=postponed, wizard_step=draft.step if postponed else LOGGED_STEP,
                  delivery_status=(DeliveryStatus.IN_PROGRESS if draft.correspondence_type and not postponed
                                   else DeliveryStatus.BLANK))
    with db.atomic():
        attachment_no = 0
        if draft.attachment:
            attachment_no = attachments.create_attachment(
                draft.attachment, draft.attachment_extension, read_only=not postponed).no
        values["attachment_no"] = attachment_no
        if not postponed and draft.campaign_no:
            values["campaign_entry_no"] = _campaign_entry(draft)
        if draft.entry_no:
            _drop_old_attachment(draft.entry_no, attachment_no)
            updated = ILE.update(**values).where(
                (ILE.entry_no == draft.entry_no) & (ILE.postponed == True)  # noqa: E712
                & (ILE.wizard_claim == draft.claim)).execute()
            if not updated:
                raise UserError(CHANGED_BY_OTHER.format(no=draft.entry_no))
            entry_no = draft.entry_no
        else:
            entry_no = ILE.create(**values).entry_no
        _write_comments(entry_no, comments)
    draft.entry_no, draft.claim = entry_no, ""
    return entry_no


def log(draft: Draft) -> LogResult:
    """Step 3 Next (SPEC 3.2): validate, write the entry (Postponed = false), then deliver
    it when a correspondence type is set — a failed delivery is recorded on the entry
    (Delivery Status Error) and never undoes the log. The draft moves to step 4."""
    if draft.segment_no:
        raise UserError("A segment is logged from the segment: use apply_to_segment().")
    check(draft)
    draft.subject = draft.description
    entry_no = _save(draft, postponed=False)
    draft.step = 4
    message = ""
    if draft.correspondence_type:
        try:
            message = deliver([entry_no]).message
        except (UserError, OSError) as exc:
            record_delivery(entry_no, str(exc))
            message = f"Delivery failed (Delivery Status Error): {exc}"
    return LogResult(entry_no, message)


def finish(draft: Draft) -> int:
    """Step 4 Finish: the result fields and the comments (replacing the old ones) on the entry."""
    if not draft.entry_no or draft.step != 4:
        raise UserError("Log the interaction first.")
    ILE.update(description=draft.description, evaluation=draft.evaluation, attempt_failed=not draft.successful,
               cost=draft.cost, duration=draft.duration).where(ILE.entry_no == draft.entry_no).execute()
    set_entry_comments(draft.entry_no, draft.comments)
    return draft.entry_no


def postpone(draft: Draft, confirm: Confirm | None = None) -> int:
    """SPEC 3.3 Cancel → "Do you want to finish this interaction later?" (default No; without
    ``confirm`` the answer is Yes). No: nothing saved, 0. Yes: the logging checks, then the
    entry with Postponed = true and Wizard Step = the step reached; no delivery, no campaign
    entry. Returns the entry no."""
    if confirm is not None and not confirm(FINISH_LATER_Q, False):
        release(draft)
        return 0
    check(draft)
    draft.subject = draft.description
    return _save(draft, postponed=True)


def release(draft: Draft) -> None:
    """Give up a resumed draft's claim (the wizard closes without saving)."""
    if draft.entry_no and draft.claim:
        ILE.update(wizard_claim="").where((ILE.entry_no == draft.entry_no)
                                          & (ILE.wizard_claim == draft.claim)).execute()
        draft.claim = ""


# ---------------------------------------------------------------- Postponed Interactions

def postponed_query() -> pw.SelectQuery:
    """Postponed entries with the contact's name, newest first."""
    return (ILE.select(ILE.entry_no, ILE.contact, Contact.name, ILE.segment_no, ILE.interaction_template_code,
                       ILE.description, ILE.date, ILE.wizard_step, ILE.user_id, ILE.salesperson_code,
                       ILE.campaign_no, ILE.attempt_failed, ILE.evaluation, ILE.cost, ILE.duration)
            .join(Contact, pw.JOIN.LEFT_OUTER, on=(Contact.no == ILE.contact))
            .where(ILE.postponed == True)  # noqa: E712
            .order_by(ILE.entry_no.desc()))


def postponed_rows(offset: int = 0, limit: int = 100) -> list[tuple]:
    """(Entry No., Contact No., contact name, Segment No., Template, Description, Date, Step,
    User ID, Salesperson, Campaign, Attempt Failed, Evaluation, Cost, Duration) per row."""
    return list(postponed_query().offset(offset).limit(limit).tuples())


def postponed_count() -> int:
    return ILE.select().where(ILE.postponed == True).count()  # noqa: E712


def _claim(entry: InteractionLogEntry) -> tuple[str, str]:
    """(our new claim, the user who held it before or '') by compare-and-set."""
    token = f"{context.user_id()}:{secrets.token_hex(8)}"
    previous = entry.wizard_claim or ""
    for _attempt in range(3):
        if ILE.update(wizard_claim=token).where((ILE.entry_no == entry.entry_no) & (ILE.postponed == True)  # noqa: E712
                                                & (ILE.wizard_claim == previous)).execute():
            return token, previous.split(":", 1)[0]
        row = ILE.select(ILE.wizard_claim).where((ILE.entry_no == entry.entry_no)
                                                 & (ILE.postponed == True)).tuples().first()  # noqa: E712
        if row is None:
            break
        previous = row[0] or ""
    raise UserError(CHANGED_BY_OTHER.format(no=entry.entry_no))


def resume(entry_no: int) -> Draft:
    """SPEC 3.4: a draft with every value of the postponed entry, Date := work date, the
    contact, company, salesperson and campaign fixed when they have values, comments and the
    stored attachment loaded, the stored step. ``notice`` tells when another user has it open."""
    entry = ILE.get_or_none((ILE.entry_no == int(entry_no)) & (ILE.postponed == True))  # noqa: E712
    if entry is None:
        raise UserError(NOT_POSTPONED.format(no=entry_no))
    token, other = _claim(entry)
    cl = InterLogEntryCommentLine
    draft = Draft(
        contact_no=entry.contact_no, contact_company_no=entry.contact_company_no,
        salesperson_code=entry.salesperson_code, interaction_template_code=entry.interaction_template_code,
        interaction_group_code=entry.interaction_group_code, description=entry.description,
        language_code=entry.interaction_language_code, date=context.work_date(),
        time_of_interaction=entry.time_of_interaction,
        correspondence_type=CorrespondenceType(entry.correspondence_type or 0),
        information_flow=InformationFlow(entry.information_flow or 0),
        initiated_by=InitiatedBy(entry.initiated_by or 0), campaign_no=entry.campaign_no,
        campaign_target=entry.campaign_target, campaign_response=entry.campaign_response, subject=entry.subject,
        evaluation=Evaluation(entry.evaluation or 0), successful=not entry.attempt_failed,
        cost=Decimal(entry.cost or 0), duration=entry.duration,
        comments=[c for (c,) in cl.select(cl.comment).where(cl.entry == entry.entry_no).order_by(cl.line_no).tuples()],
        word_template_code=entry.word_template_code, contact_alt_address_code=entry.contact_alt_address_code,
        step=entry.wizard_step or 1, entry_no=entry.entry_no, claim=token,
    )
    _load_attachment(draft, entry.attachment_no)
    draft.merged = entry.merged
    draft.imported = bool(draft.attachment) and draft.wizard_action == WizardAction.IMPORT
    contact = Contact.get_or_none(Contact.no == entry.contact_no)
    draft.contact_name = (contact.name or contact.company_name or "") if contact is not None else ""
    draft.fixed = {name for name in ("contact_no", "contact_company_no", "salesperson_code", "campaign_no")
                   if getattr(draft, name)}
    if other:
        draft.notice = OPENED_BY_OTHER.format(user=other, no=entry.entry_no)
    return draft


def delete_postponed(entry_nos, confirm: Confirm = answer_default) -> int:
    """Delete postponed entries after "Delete the selected lines?" (default No), with their
    comments and the attachments no other entry or language uses. The number deleted."""
    numbers = sorted({int(n) for n in entry_nos})
    if not numbers or not confirm(DELETE_Q, False):
        return 0
    numbers = [n for (n,) in ILE.select(ILE.entry_no).where(ILE.entry_no.in_(numbers)
                                                            & (ILE.postponed == True)).tuples()]  # noqa: E712
    if not numbers:
        return 0
    with db.atomic():
        unique = _attachments_unique_to_each(numbers)
        InterLogEntryCommentLine.delete().where(InterLogEntryCommentLine.entry.in_(numbers)).execute()
        count = ILE.delete().where(ILE.entry_no.in_(numbers) & (ILE.postponed == True)).execute()  # noqa: E712
        if unique:
            Attachment.delete().where(Attachment.no.in_(list(unique.values()))).execute()
    return count


# ---------------------------------------------------------------- a segment start

def apply_to_segment(draft: Draft, confirm: Confirm | None = None) -> SegmentResult:
    """Finishing a wizard started from a segment: template, description, correspondence type,
    language and subject go to the header — and to its lines by the header rules (every
    question answered Yes unless ``confirm`` says otherwise); a document the wizard merged or
    imported becomes the segment's Modified Word Template. Nothing is logged."""
    from models.merge.personalise import import_modified_template
    from models.segments.header import header_field_states, update_header

    if not draft.segment_no:
        raise UserError("This interaction was not started from a segment.")
    if not draft.interaction_template_code:
        raise UserError(TEMPLATE_REQUIRED)
    if not (draft.description or "").strip():
        raise UserError(DESCRIPTION_REQUIRED)
    yes = confirm or (lambda _question, _default: True)
    no = draft.segment_no

    def apply(values: dict) -> None:  # only the fields the header enables now (SPEC 2.1)
        states = header_field_states(no)
        update_header(no, {name: value for name, value in values.items() if states.get(name, True)}, yes)

    apply({"interaction_template_code": draft.interaction_template_code})
    apply({"description": draft.description, "correspondence_type_default": draft.correspondence_type,
           "language_code_default": draft.language_code})
    if draft.merged and draft.attachment and draft.attachment_extension == "DOCX":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "letter.docx"
            path.write_bytes(draft.attachment)
            import_modified_template(no, path, yes)
    apply({"subject_default": draft.description})
    return SegmentResult(draft.segment_no, f"Segment {draft.segment_no} is ready: log it now?")


__all__ = [
    "Draft", "LogResult", "SegmentResult", "start", "find_contact", "set_contact", "set_template", "set_language",
    "next_step", "back_step", "import_file", "check", "log", "finish", "postpone", "release", "postponed_query",
    "postponed_rows", "postponed_count", "resume", "delete_postponed", "apply_to_segment", "round_up_to_minute",
    "letter", "postponed_attachment",
]
