"""Postponed Interactions (SPEC 3.3, 3.4): Create Interaction wizards saved to finish later.

A postponed interaction is an Interaction Log Entry with Postponed = true that no history
page shows. Resume turns it back into a wizard draft; two users may resume the same
one: ``resume`` records itself in the entry's ``wizard_claim`` (a compare-and-set that
keeps the entry's version), the second user's draft carries a ``notice`` naming the
first, and the first to save wins: the other is told who saved it and keeps what they
typed (``models.interactions.draft``).

A segment's wizard is postponed with no contact: its Segment No. names the segment (the
list says "Segment: <description>" where a contact's name goes). Resume reopens it on
that segment, or says in words that the segment was logged or deleted meanwhile, and
leaves the entry as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

import peewee as pw

from models.base import context
from models.base.ask import Confirm, answer_default
from models.base.db import db
from models.base.enums import (
    CorrespondenceType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    WizardAction,
)
from models.base.errors import UserError
from models.interactions.draft import Draft, claim_parts, load_attachment, new_claim
from models.interactions.selection import chunks
from models.interactions.unique_attachments import attachments_unique_to_each
from models.segments.lookups import get_header
from models.tables import attachments
from models.tables.contacts import Contact
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InterLogEntryCommentLine,
)
from models.tables.segments import SegmentHeader

ILE = InteractionLogEntry

OPENED_BY_OTHER = ("User {user} has postponed interaction {no} open too: the first of you to save it "
                   "wins; the other is told and can save their changes as a new interaction.")
OPENING_RACE = "Postponed interaction {no} is being opened by another user right now; try again."
NOT_POSTPONED = "Postponed interaction {no} does not exist."
DELETE_Q = "Delete the selected lines?"
SEGMENT_GONE = ("{reason} Postponed interaction {no} was started for it and has nothing left to apply to; "
                "it is kept as it was: Delete it when it is no longer needed.")
DELETE_SOME_Q = "Delete the {n} selected lines?"


# ---------------------------------------------------------------- the list

def postponed_query() -> pw.SelectQuery:
    """Postponed entries with the contact's name (a segment's wizard: the segment's
    description, NULL once the segment is gone), newest first."""
    return (ILE.select(ILE.entry_no, ILE.contact, Contact.name, ILE.segment_no, ILE.interaction_template_code,
                       ILE.description, ILE.date, ILE.wizard_step, ILE.user_id, ILE.salesperson_code,
                       ILE.campaign_no, ILE.attempt_failed, ILE.evaluation, ILE.cost, ILE.duration,
                       SegmentHeader.description.alias("segment_description"))
            .join(Contact, pw.JOIN.LEFT_OUTER, on=(Contact.no == ILE.contact))
            .switch(ILE)
            .join(SegmentHeader, pw.JOIN.LEFT_OUTER, on=(SegmentHeader.no == ILE.segment_no))
            .where(ILE.postponed == True)  # noqa: E712
            .order_by(ILE.entry_no.desc()))


POSTPONED_COLUMNS = [("Entry No.", 9), ("Contact No.", 11), ("Contact Name", 17), ("Segment No.", 11),
                     ("Template", 8), ("Description", 22), ("Date", 10), ("Step", 4), ("User ID", 10),
                     ("Salesperson", 11), ("Campaign", 10)]


class PostponedRow(NamedTuple):
    """A line of the Postponed Interactions page: the Entry No. (its key), then the text of
    each column of ``POSTPONED_COLUMNS``."""

    key: int
    entry_no: str
    contact_no: str
    contact_name: str
    segment_no: str
    interaction_template_code: str
    description: str
    date: str
    wizard_step: str
    user_id: str
    salesperson_code: str
    campaign_no: str


def _who(row: dict) -> str:
    """The Contact Name column: the contact's name, or for a segment's wizard the segment."""
    if row["contact"] or not row["segment_no"]:
        return row["name"] or ""
    description = row["segment_description"]
    return "Segment gone" if description is None else f"Segment: {description}".strip()


def postponed_rows(offset: int = 0, limit: int = 100) -> list[PostponedRow]:
    """A window of the Postponed Interactions page, newest first."""
    query = postponed_query().offset(offset).limit(limit).dicts()
    return [PostponedRow(r["entry_no"], str(r["entry_no"]), r["contact"] or "", _who(r), r["segment_no"],
                         r["interaction_template_code"], r["description"], r["date"].isoformat() if r["date"] else "",
                         str(r["wizard_step"] or 1), r["user_id"], r["salesperson_code"], r["campaign_no"])
            for r in query]


def postponed_count() -> int:
    return ILE.select().where(ILE.postponed == True).count()  # noqa: E712


def postponed_attachment(entry_no: int) -> tuple[bytes, str]:
    """Show Attachment on Postponed Interactions: (content, extension) of the stored document."""
    entry = ILE.get_or_none((ILE.entry_no == int(entry_no)) & (ILE.postponed == True))  # noqa: E712
    if entry is None:
        raise UserError(NOT_POSTPONED.format(no=entry_no))
    attachment = attachments.get_attachment(entry.attachment_no) if entry.attachment_no else None
    if attachment is None or not attachment.content:
        raise UserError("The attachment is empty.")
    return attachment.content, (attachment.file_extension or "").lower()


# ---------------------------------------------------------------- Resume and Delete

def _claim(entry: InteractionLogEntry) -> tuple[str, str]:
    """(our claim, the user who opened it before and still has it open, or '') by
    compare-and-set; the entry's version is kept, so whoever saves first wins."""
    previous = entry.wizard_claim or ""
    for _attempt in range(3):
        version, holder = claim_parts(previous)
        token = new_claim(version)
        if ILE.update(wizard_claim=token).where((ILE.entry_no == entry.entry_no) & (ILE.postponed == True)  # noqa: E712
                                                & (ILE.wizard_claim == previous)).execute():
            return token, holder
        row = ILE.select(ILE.wizard_claim).where((ILE.entry_no == entry.entry_no)
                                                 & (ILE.postponed == True)).tuples().first()  # noqa: E712
        if row is None:
            raise UserError(NOT_POSTPONED.format(no=entry.entry_no))
        previous = row[0] or ""
    raise UserError(OPENING_RACE.format(no=entry.entry_no))


def _check_segment(entry: InteractionLogEntry) -> None:
    """A segment's wizard needs its segment: logged or deleted meanwhile is said in words."""
    try:
        get_header(entry.segment_no)
    except UserError as exc:
        raise UserError(SEGMENT_GONE.format(reason=str(exc), no=entry.entry_no)) from None


def resume(entry_no: int) -> Draft:
    """SPEC 3.4: a draft with every value of the postponed entry, Date := work date, the
    contact, company, salesperson and campaign fixed when they have values, comments and the
    stored attachment loaded, the stored step. ``notice`` tells when another user has it open.

    A segment's wizard (no contact) reopens on its segment with nothing fixed and its own
    date (the segment's, which finishing writes back), like a new one started there."""
    entry = ILE.get_or_none((ILE.entry_no == int(entry_no)) & (ILE.postponed == True))  # noqa: E712
    if entry is None:
        raise UserError(NOT_POSTPONED.format(no=entry_no))
    segment_no = entry.segment_no if not entry.contact_no else ""
    if segment_no:
        _check_segment(entry)  # before the claim: the entry stays as it was
    token, other = _claim(entry)
    cl = InterLogEntryCommentLine
    draft = Draft(
        contact_no=entry.contact_no or "", contact_company_no=entry.contact_company_no, segment_no=segment_no,
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
    load_attachment(draft, entry.attachment_no)
    draft.merged = entry.merged
    # a segment's document is merged per line at Log: Merged there means the user imported it
    draft.imported = bool(draft.attachment) and (draft.merged if segment_no
                                                 else draft.wizard_action == WizardAction.IMPORT)
    if segment_no:
        draft.date = entry.date or draft.date
        return _told(draft, other)
    contact = Contact.get_or_none(Contact.no == entry.contact_no)
    draft.contact_name = (contact.name or contact.company_name or "") if contact is not None else ""
    draft.fixed = {name for name in ("contact_no", "contact_company_no", "salesperson_code", "campaign_no")
                   if getattr(draft, name)}
    return _told(draft, other)


def _told(draft: Draft, other: str) -> Draft:
    if other:
        draft.notice = OPENED_BY_OTHER.format(user=other, no=draft.entry_no)
    return draft


def delete_postponed(entry_nos: Iterable[int], confirm: Confirm = answer_default) -> int:
    """Delete postponed entries after "Delete the selected lines?" ("Delete the <n> selected
    lines?" for several; default No), with their comments and the attachments no other entry
    or language uses, in one transaction. The number deleted."""
    numbers = sorted({int(n) for n in entry_nos})
    question = DELETE_Q if len(numbers) == 1 else DELETE_SOME_Q.format(n=f"{len(numbers):,}")
    if not numbers or not confirm(question, False):
        return 0
    numbers = [n for chunk in chunks(numbers) for (n,) in ILE.select(ILE.entry_no).where(
        ILE.entry_no.in_(chunk) & (ILE.postponed == True)).tuples()]  # noqa: E712
    if not numbers:
        return 0
    count = 0
    with db.atomic():
        unique = attachments_unique_to_each(numbers)
        for chunk in chunks(numbers):
            InterLogEntryCommentLine.delete().where(InterLogEntryCommentLine.entry.in_(chunk)).execute()
            count += ILE.delete().where(ILE.entry_no.in_(chunk) & (ILE.postponed == True)).execute()  # noqa: E712
        for chunk in chunks(sorted(set(unique.values()))):
            Attachment.delete().where(Attachment.no.in_(chunk)).execute()
    return count


__all__ = [
    "postponed_query", "POSTPONED_COLUMNS", "PostponedRow", "postponed_rows", "postponed_count",
    "postponed_attachment", "resume", "delete_postponed",
]
