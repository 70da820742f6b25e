"""The Create Interaction wizard's draft and how it is saved as an entry.

The draft is the wizard's every field in memory (Business Central's temporary Segment
Line); ``save_draft`` writes it in one transaction — logged, or postponed to finish later.

Two users may resume one postponed interaction; the first to save it wins. The entry's
``wizard_claim`` reads "<version>/<user>:<token>": the version changes with every save,
the user is the last who opened it (for the notice the next one gets). A resumed draft
saves only while the entry still has the version it was opened with; the other user's
draft is told who saved it (or that it was deleted) and keeps every value typed, so
saving again keeps them as a new interaction. A draft that logged its entry holds it by
the claim until Finish, which may change that entry only (``wizard.finish``).

A segment's wizard is postponed the same way: the entry has no contact and its Segment
No. names the segment. Finishing it applies it to the segment in several steps, so it
first takes the entry (``take_entry``: a save, as far as the other user is concerned)
and drops it once applied (``drop_entry``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

import peewee as pw

from models.base import context
from models.base.db import transaction
from models.base.enums import (
    CorrespondenceType,
    DeliveryStatus,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    WizardAction,
)
from models.base.errors import UserError
from models.interactions.entries import check_comments
from models.interactions.unique_attachments import attachments_unique_to_each
from models.tables import attachments
from models.tables.contacts import CampaignEntry
from models.tables.interactions import (
    InteractionLogEntry,
    InteractionTemplate,
    InterLogEntryCommentLine,
)

ILE = InteractionLogEntry

SAVED_BY_OTHER = ("Postponed interaction {no} was {what} after you opened it, so your changes were not "
                  "saved to it. Save again to keep them as a new interaction, or close without saving.")
LOGGED_STEP = 6  # Business Central: logged, no opportunity linked


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
    claim: str = ""  # the entry's wizard claim this draft holds (see the module docstring)
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


def load_attachment(draft: Draft, number: int | None) -> None:
    attachment = attachments.get_attachment(number)
    draft.attachment = attachment.content if attachment is not None else b""
    draft.attachment_extension = attachment.file_extension if attachment is not None else ""
    draft.merged = draft.imported = False



class TakenByOther(UserError):
    """A resumed postponed interaction that another user saved, logged or deleted first."""


def claim_parts(claim: str | None) -> tuple[str, str]:
    """(version, user who opened it last) of a wizard claim "<version>/<user>:<token>"."""
    version, slash, holder = (claim or "").partition("/")
    if not slash:  # a claim written before versions: "<user>:<token>"
        version, holder = "", claim or ""
    return version, holder.split(":", 1)[0]


def new_claim(version: str = "") -> str:
    """This user's claim on an entry, keeping ``version`` (a new one when blank)."""
    return f"{version or secrets.token_hex(8)}/{context.user_id()}:{secrets.token_hex(4)}"


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
        merged=draft.merged, segment_no=draft.segment_no, wizard_claim="",
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
    old = attachments_unique_to_each([entry_no]).get(entry_no)
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


def save_draft(draft: Draft, *, postponed: bool) -> int:
    """One transaction: the attachment, the entry (new, or the resumed one while it still has
    the version this draft opened), the comments and (logging) the campaign entry. A
    resumed entry another user saved, logged or deleted first is refused in words naming
    that; the draft then lets go of it, so saving again makes a new entry of it."""
    comments = check_comments(draft.comments)
    values = _entry_values(draft)
    values.update(postponed=postponed, wizard_step=draft.step if postponed else LOGGED_STEP,
                  delivery_status=(DeliveryStatus.IN_PROGRESS if draft.correspondence_type and not postponed
                                   else DeliveryStatus.BLANK))
    # postponed: a new version nobody has open; logged: held by this draft until Finish
    claim = f"{secrets.token_hex(8)}/" if postponed else new_claim()
    values["wizard_claim"] = claim

    def write() -> int:
        attachment_no = 0
        if draft.attachment:
            attachment_no = attachments.create_attachment(
                draft.attachment, draft.attachment_extension, read_only=not postponed).no
        values["attachment_no"] = attachment_no
        if not postponed and draft.campaign_no:
            values["campaign_entry_no"] = _campaign_entry(draft)
        if draft.entry_no:
            _drop_old_attachment(draft.entry_no, attachment_no)
            if not _update_opened(draft, **values):
                raise TakenByOther(_taken(draft))
            entry_no = draft.entry_no
        else:
            entry_no = ILE.create(**values).entry_no
        _write_comments(entry_no, comments)
        return entry_no

    try:
        entry_no = transaction(write)
    except TakenByOther:  # the draft keeps what was typed: saving again makes a new entry
        draft.entry_no, draft.claim = 0, ""
        raise
    draft.entry_no, draft.claim = entry_no, claim
    return entry_no


def _update_opened(draft: Draft, **values) -> int:
    """``values`` on the resumed entry while it is postponed and has the version this draft
    opened (1), else nothing (0)."""
    version = claim_parts(draft.claim)[0]
    if not version:
        return 0
    opened = pw.fn.SUBSTR(ILE.wizard_claim, 1, len(version) + 1) == f"{version}/"
    return ILE.update(**values).where((ILE.entry_no == draft.entry_no) & (ILE.postponed == True)  # noqa: E712
                                      & opened).execute()


def _taken(draft: Draft) -> str:
    """The words for a resumed entry another user got to first."""
    row = ILE.select(ILE.postponed, ILE.user_id).where(ILE.entry_no == draft.entry_no).tuples().first()
    if row is None:  # a segment's wizard another user finished is deleted too
        what = "applied to the segment or deleted by another user" if draft.segment_no else "deleted by another user"
    else:
        what = f"{'saved' if row[0] else 'logged'} by another user ({row[1]})"
    return SAVED_BY_OTHER.format(no=draft.entry_no, what=what)


def take_entry(draft: Draft) -> None:
    """Before a resumed segment wizard is applied: its entry gets a version this draft
    holds, so another user's save of it fails from now on (as after a save). TakenByOther
    when another user saved or finished it first; the draft then lets go of it."""
    if not draft.entry_no:
        return
    claim = new_claim()
    if not _update_opened(draft, wizard_claim=claim):
        message = _taken(draft)
        draft.entry_no, draft.claim = 0, ""
        raise TakenByOther(message)
    draft.claim = claim


def drop_entry(draft: Draft) -> None:
    """After a segment wizard was applied: its postponed entry, held since ``take_entry``,
    deleted with its comments and its own attachment (one transaction)."""
    if not draft.entry_no:
        return
    entry_no, claim = draft.entry_no, draft.claim

    def delete() -> None:
        held = (ILE.entry_no == entry_no) & (ILE.postponed == True) & (ILE.wizard_claim == claim)  # noqa: E712
        if not ILE.select().where(held).exists():
            return  # deleted by another user meanwhile
        own = attachments_unique_to_each([entry_no]).get(entry_no)
        InterLogEntryCommentLine.delete().where(InterLogEntryCommentLine.entry == entry_no).execute()
        ILE.delete().where(held).execute()
        if own:
            attachments.delete_attachment(own)

    transaction(delete)
    draft.entry_no, draft.claim = 0, ""


__all__ = ["Draft", "SAVED_BY_OTHER", "TakenByOther", "claim_parts", "drop_entry", "load_attachment", "new_claim",
           "save_draft", "take_entry"]
