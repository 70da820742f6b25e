"""Interaction Log Entries (SPEC 4.2, 1.12, 1.13, 6.6; checklist 8.I 91–95).

A logged entry is history: its fields are never edited. It can only be canceled (and
un-canceled), evaluated and commented, and its delivery outcome recorded; canceled
entries can be deleted. Every question is asked before the one write transaction opens,
and a selection is written by UPDATE/DELETE … WHERE entry_no IN (…).

Decisions:

* "The first selected line" whose Canceled value decides the new value (Business
  Central's ``Find('-')``) is the selected record with the lowest Entry No.
* Campaign target groups are not maintained by Relman, so deleting an entry does not
  touch them (Business Central's DeleteContfromTargetGr).
* Opportunities are out of scope (SPEC scope note): no Create Opportunity here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import peewee as pw

from models.base import context
from models.base.ask import Confirm
from models.base.db import db
from models.base.enums import (
    ContactType,
    CorrespondenceType,
    DeliveryStatus,
    DocumentType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
)
from models.base.errors import UserError
from models.interactions.selection import (
    DELETED,
    ENTRY_CAPTION,
    LOGGED_CAPTION,
    all_of,
    chunks,
    entry_numbers,
    filter_condition,
    toggle_question,
)
from models.interactions.unique_attachments import (
    attachments_unique_to_each,
    not_held_by_languages,
)
from models.tables.contacts import CampaignEntry, Contact
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InterLogEntryCommentLine,
)
from models.tables.segments import LoggedSegment

ILE = InteractionLogEntry

REMOVE_ATTACHMENT_Q = "Remove the attachment?"
REMOVE_ATTACHMENTS_Q = "Remove the unique attachments of the selected lines?"
EMPTY_ATTACHMENT = "The attachment is empty."
COVER_SHEET_PRINTED = "It is not possible to show cover sheets after they have been printed."
COMMENT_LENGTH = 80
DELIVERY_ERROR_LENGTH = 250

# Interaction Log Entries filters: field caption -> (model field name, filter kind)
ENTRY_FILTERS: dict[str, tuple[str, str]] = {
    "Entry No.": ("entry_no", "integer"),
    "Contact No.": ("contact", "code"),
    "Contact Company No.": ("contact_company_no", "code"),
    "Date": ("date", "date"),
    "Segment No.": ("segment_no", "code"),
    "Logged Segment Entry No.": ("logged_segment_entry_no", "integer"),
    "Interaction Template Code": ("interaction_template_code", "code"),
    "Interaction Group Code": ("interaction_group_code", "code"),
    "Salesperson Code": ("salesperson_code", "code"),
    "Campaign No.": ("campaign_no", "code"),
    "Canceled": ("canceled", "boolean"),
    "Evaluation": ("evaluation", "enum"),
    "Delivery Status": ("delivery_status", "enum"),
    "Correspondence Type": ("correspondence_type", "enum"),
}


def entries_query(filters: Mapping[str, str] | None = None) -> pw.SelectQuery:
    """The Interaction Log Entries page: non-postponed entries matching BC filter texts by
    field caption (``ENTRY_FILTERS``: Contact No., Contact Company No., Segment No.,
    Interaction Template Code, Salesperson Code, Campaign No., Date, …), newest first, with
    the FlowFields ``contact_name``, ``contact_company_name`` and ``comment`` (Yes when
    comment lines exist). An unknown caption or an unreadable text raises FilterError."""
    condition = all_of(ILE.postponed == False, filter_condition(ILE, ENTRY_FILTERS, filters))  # noqa: E712
    c = Contact.alias("cn")
    cc = Contact.alias("ccn")
    cl = InterLogEntryCommentLine.alias("cl")
    name = c.select(c.name).where(c.no == ILE.contact)
    company_name = cc.select(cc.name).where((cc.no == ILE.contact_company_no) & (cc.type == ContactType.COMPANY))
    comment = pw.fn.EXISTS(cl.select(cl.line_no).where(cl.entry == ILE.entry_no))
    return (ILE.select(ILE, name.alias("contact_name"), company_name.alias("contact_company_name"),
                       comment.alias("comment"))
            .where(condition)
            .order_by(ILE.entry_no.desc()))


def get_entry(entry_no: int) -> InteractionLogEntry:
    """A logged (not postponed) entry; UserError when there is none."""
    entry = ILE.get_or_none((ILE.entry_no == int(entry_no)) & (ILE.postponed == False))  # noqa: E712
    if entry is None:
        raise UserError(f"{ENTRY_CAPTION} {entry_no} does not exist.")
    return entry


def _logged_entries(numbers: list[int]) -> dict[int, tuple]:
    """{entry no.: (canceled, logged segment entry no., campaign entry no., attachment no.)}."""
    found = {}
    for chunk in chunks(numbers):
        for n, canceled, logged, campaign_entry, attachment in (
                ILE.select(ILE.entry_no, ILE.canceled, ILE.logged_segment_entry_no, ILE.campaign_entry_no,
                           ILE.attachment_no)
                .where(ILE.entry_no.in_(chunk) & (ILE.postponed == False)).tuples()):  # noqa: E712
            found[n] = (bool(canceled), logged, campaign_entry, attachment)
    missing = [n for n in numbers if n not in found]
    if missing:
        raise UserError(f"{ENTRY_CAPTION} {missing[0]} does not exist.")
    return found


def _check_uncancel(found: dict[int, tuple]) -> None:
    """Un-cancelling is refused for an entry whose logged segment or campaign entry is
    canceled (SPEC 4.2, 6.6; checklist 8.I 92); the first such entry in Entry No. order."""
    canceled = [n for n, (c, *_rest) in found.items() if c]
    logged_nos = sorted({found[n][1] for n in canceled if found[n][1]})
    campaign_nos = sorted({found[n][2] for n in canceled if found[n][2]})
    canceled_logged = set()
    for chunk in chunks(logged_nos):
        canceled_logged |= {n for (n,) in LoggedSegment.select(LoggedSegment.entry_no)
                            .where(LoggedSegment.entry_no.in_(chunk) & LoggedSegment.canceled).tuples()}
    canceled_campaign = set()
    for chunk in chunks(campaign_nos):
        canceled_campaign |= {n for (n,) in CampaignEntry.select(CampaignEntry.entry_no)
                              .where(CampaignEntry.entry_no.in_(chunk) & CampaignEntry.canceled).tuples()}
    for n in sorted(canceled):
        _c, logged, campaign_entry, _a = found[n]
        if logged in canceled_logged:
            raise UserError(f"Canceled must be No in {LOGGED_CAPTION}: Entry No.={logged}.")
        if campaign_entry in canceled_campaign:
            raise UserError(f"Canceled must be No in Campaign Entry: Entry No.={campaign_entry}.")


def switch_canceled_entries(entry_nos: Iterable[int], confirm: Confirm) -> bool:
    """Switch Checkmark in Canceled on entries (SPEC 4.2, checklist 8.I 91–92).

    The question names the Interaction Log Entry ("… <n> is marked Canceled. Remove the
    checkmark?" / "Mark Interaction Log Entry <n> as Canceled?", plural forms for several;
    default Yes); the new value = not the first's (lowest Entry No.). Cancelling, when a
    selected entry has a unique attachment, asks a second question "Remove the
    attachment?" (one line) / "Remove the unique attachments of the selected lines?"
    (default No): Yes deletes the unique attachments of the entries being canceled and
    clears their Attachment No. Un-cancelling is refused ("Canceled must be No in Logged
    Segment: Entry No.=<n>." / "… in Campaign Entry …") when an entry's logged segment or
    campaign entry is canceled. False when nothing was selected or the user said No."""
    numbers = entry_numbers(entry_nos)
    if not numbers:
        return False
    found = _logged_entries(numbers)
    first = numbers[0]
    new = not found[first][0]
    if not new:
        _check_uncancel(found)
    if not confirm(toggle_question(ENTRY_CAPTION, len(numbers), first, found[first][0]), True):
        return False
    remove = {}
    if new:
        unique = attachments_unique_to_each(numbers)
        if unique:
            question = REMOVE_ATTACHMENT_Q if len(numbers) == 1 else REMOVE_ATTACHMENTS_Q
            if confirm(question, False):
                remove = {n: a for n, a in unique.items() if not found[n][0]}  # those being canceled
    with db.atomic():
        if not new:
            _check_uncancel(_logged_entries(numbers))
        if remove:
            removed = sorted(remove)
            for chunk in chunks(removed):
                ILE.update(attachment_no=0).where(ILE.entry_no.in_(chunk)).execute()
            for chunk in chunks(sorted(set(remove.values()))):
                Attachment.delete().where(Attachment.no.in_(chunk)).execute()
        for chunk in chunks(numbers):
            ILE.update(canceled=new).where(ILE.entry_no.in_(chunk)).execute()
    return True


def evaluate_entries(entry_nos: Iterable[int], evaluation: Evaluation | str | int) -> int:
    """Evaluate Interaction (checklist 8.I 93): the chosen evaluation (Very Positive …
    Very Negative) on every selected entry; the number of entries changed."""
    try:
        value = (Evaluation.from_label(evaluation) if isinstance(evaluation, str)
                 else Evaluation(int(evaluation)))
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if value == Evaluation.BLANK:
        raise UserError("Choose an evaluation: Very Positive, Positive, Neutral, Negative or Very Negative.")
    numbers = entry_numbers(entry_nos)
    _logged_entries(numbers)
    count = 0
    with db.atomic():
        for chunk in chunks(numbers):
            count += ILE.update(evaluation=value).where(ILE.entry_no.in_(chunk)).execute()
    return count


def delete_canceled_entries(filters: Mapping[str, str] | None = None) -> str:
    """Delete Canceled Entries (report 5190; SPEC 4.2, checklist 8.I 94): every canceled
    entry matching the filters (BC filter texts by caption: Entry No., Contact No., Date,
    Campaign No., Interaction Group Code, Interaction Template Code, Salesperson Code …)
    is deleted with its comment lines; the attachments they referred to go too unless an
    entry that stays still refers to them (or a language record holds them). Returns
    "<n> Interaction Log Entry has been deleted."."""
    where = all_of(ILE.canceled == True, ILE.postponed == False,  # noqa: E712
                   filter_condition(ILE, ENTRY_FILTERS, filters))
    with db.atomic():
        doomed = ILE.select(ILE.entry_no).where(where)
        own = ILE.select(ILE.attachment_no).where(where & (ILE.attachment_no != 0))
        staying = ILE.alias("staying")
        kept = staying.select(staying.attachment_no).where(staying.entry_no.not_in(doomed))
        kept_mwt = staying.select(staying.modified_word_template).where(
            staying.entry_no.not_in(doomed) & (staying.modified_word_template != 0))
        attachments = [n for (n,) in Attachment.select(Attachment.no)
                       .where(Attachment.no.in_(own) & Attachment.no.not_in(kept)
                              & Attachment.no.not_in(kept_mwt) & not_held_by_languages()).tuples()]
        InterLogEntryCommentLine.delete().where(InterLogEntryCommentLine.entry.in_(doomed)).execute()
        count = ILE.delete().where(where).execute()
        for chunk in chunks(attachments):
            Attachment.delete().where(Attachment.no.in_(chunk)).execute()
    return DELETED.format(n=count, table=ENTRY_CAPTION)


# ---------------------------------------------------------------- comments

def entry_comments(entry_no: int) -> list[tuple[dt.date | None, str]]:
    """The comment sheet of an entry: (Date, Comment) per line, in line order."""
    get_entry(entry_no)
    cl = InterLogEntryCommentLine
    return [(d, text) for d, text in cl.select(cl.date, cl.comment)
            .where(cl.entry == int(entry_no)).order_by(cl.line_no).tuples()]


def check_comments(lines: list[str]) -> list[str]:
    """Comment lines as stored: right-trimmed, trailing blank lines dropped; a line longer
    than 80 characters is refused (UserError naming it)."""
    texts = [("" if t is None else str(t)).rstrip() for t in lines]
    while texts and not texts[-1].strip():
        texts.pop()
    for i, text in enumerate(texts, 1):
        if len(text) > COMMENT_LENGTH:
            raise UserError(f"Comment line {i} is longer than {COMMENT_LENGTH} characters.")
    return texts


def set_entry_comments(entry_no: int, lines: list[str]) -> None:
    """Replace an entry's comment lines (Line No. 10000, 20000 …). A line that is unchanged
    at its position keeps its Date; new or changed lines get the work date. Trailing blank
    lines are dropped; a line longer than 80 characters is refused."""
    get_entry(entry_no)
    texts = check_comments(lines)
    old = entry_comments(entry_no)
    cl = InterLogEntryCommentLine
    rows = []
    for i, text in enumerate(texts):
        same = i < len(old) and old[i][1] == text
        rows.append({"entry": int(entry_no), "line_no": (i + 1) * 10000,
                     "date": old[i][0] if same else context.work_date(), "comment": text})
    with db.atomic():
        cl.delete().where(cl.entry == int(entry_no)).execute()
        if rows:
            cl.insert_many(rows).execute()


# ---------------------------------------------------------------- Show Attachment

def entry_attachment(entry_no: int) -> tuple[bytes, str]:
    """Show Attachment: (content, extension) of the entry's document — its attachment, else
    the Modified Word Template it was logged with. "The attachment is empty." when there is
    none or it has no content; cover sheets cannot be shown after printing."""
    entry = get_entry(entry_no)
    number = entry.attachment_no or entry.modified_word_template
    attachment = Attachment.get_or_none(Attachment.no == number) if number else None
    if attachment is None and entry.document_type == DocumentType.COVER_SHEET:
        raise UserError(COVER_SHEET_PRINTED)
    content = attachment.content if attachment is not None else b""
    if not content:
        raise UserError(EMPTY_ATTACHMENT)
    return content, (attachment.file_extension or "").lower()


# ---------------------------------------------------------------- the page's rows and the card

def _yes(value) -> str:
    return "Yes" if value else "No"


def _label(enum, value) -> str:
    return enum(value or 0).label if value else ""


ENTRY_COLUMNS = [("Entry No.", 9), ("Date", 10), ("Contact No.", 11), ("Contact Name", 17),
                 ("Description", 21), ("Template", 8), ("Canceled", 8), ("Evaluation", 13), ("Delivery", 11),
                 ("Corr. Type", 10), ("Segment No.", 11), ("Campaign No.", 12), ("Salesperson", 11),
                 ("Company Name", 20), ("Subject", 24), ("Comment", 7)]


class EntryRow(NamedTuple):
    """A line of the Interaction Log Entries page: the Entry No. (its key), then the text of
    each column of ``ENTRY_COLUMNS``."""

    key: int
    entry_no: str
    date: str
    contact_no: str
    contact_name: str
    description: str
    interaction_template_code: str
    canceled: str
    evaluation: str
    delivery_status: str
    correspondence_type: str
    segment_no: str
    campaign_no: str
    salesperson_code: str
    contact_company_name: str
    subject: str
    comment: str


def entry_rows(filters: Mapping[str, str] | None, offset: int, limit: int) -> list[EntryRow]:
    """A window of the Interaction Log Entries page (``entries_query``), newest first."""
    query = entries_query(filters).offset(offset).limit(limit)
    return [EntryRow(e.entry_no, str(e.entry_no), e.date.isoformat() if e.date else "", e.contact_no,
                     e.contact_name or "", e.description, e.interaction_template_code, _yes(e.canceled),
                     _label(Evaluation, e.evaluation), _label(DeliveryStatus, e.delivery_status),
                     _label(CorrespondenceType, e.correspondence_type), e.segment_no, e.campaign_no,
                     e.salesperson_code, e.contact_company_name or "", e.subject, _yes(e.comment))
            for e in query]


def entry_count(filters: Mapping[str, str] | None = None) -> int:
    return entries_query(filters).order_by().count()


def entry_card(entry_no: int) -> list[tuple[str, str]]:
    """Every field of one entry as (caption, text), for the read-only entry card."""
    e = get_entry(entry_no)
    ce = e.contact_company_no
    company = Contact.select(Contact.name).where(Contact.no == ce).scalar() if ce else ""
    name = Contact.select(Contact.name).where(Contact.no == e.contact_no).scalar() or ""
    return [
        ("Entry No.", str(e.entry_no)), ("Contact No.", f"{e.contact_no} {name}".strip()),
        ("Contact Company No.", f"{ce} {company or ''}".strip()), ("Date", e.date.isoformat() if e.date else ""),
        ("Time of Interaction", e.time_of_interaction.strftime("%H:%M") if e.time_of_interaction else ""),
        ("Description", e.description), ("Subject", e.subject),
        ("Interaction Group Code", e.interaction_group_code),
        ("Interaction Template Code", e.interaction_template_code),
        ("Language Code", e.interaction_language_code), ("Salesperson Code", e.salesperson_code),
        ("Initiated By", _label(InitiatedBy, e.initiated_by)),
        ("Information Flow", _label(InformationFlow, e.information_flow)),
        ("Correspondence Type", _label(CorrespondenceType, e.correspondence_type)),
        ("Send Word Docs. as Attmt.", _yes(e.send_word_docs_as_attmt)),
        ("Contact Alt. Address Code", e.contact_alt_address_code),
        ("Evaluation", _label(Evaluation, e.evaluation)), ("Attempt Failed", _yes(e.attempt_failed)),
        ("Cost (LCY)", f"{e.cost:,.2f}"), ("Duration (Min.)", str(e.duration)),
        ("Campaign No.", e.campaign_no), ("Campaign Entry No.", str(e.campaign_entry_no or "")),
        ("Campaign Target", _yes(e.campaign_target)), ("Campaign Response", _yes(e.campaign_response)),
        ("Segment No.", e.segment_no), ("Logged Segment Entry No.", str(e.logged_segment_entry_no or "")),
        ("Attachment No.", str(e.attachment_no or "")), ("Word Template Code", e.word_template_code),
        ("Delivery Status", _label(DeliveryStatus, e.delivery_status)), ("Delivery Error", e.delivery_error),
        ("E-Mail Logged", _yes(e.e_mail_logged)), ("Canceled", _yes(e.canceled)), ("User ID", e.user_id),
    ]


# ---------------------------------------------------------------- delivery status

def record_delivery(entry_no: int, error: str | None = None) -> None:
    """The outcome of one delivery (SPEC 5.3, checklist 8.F 66): Delivery Status blank when
    sent, Error with the reason (cut to 250 characters) when not."""
    status = DeliveryStatus.ERROR if error else DeliveryStatus.BLANK
    ILE.update(delivery_status=status, delivery_error=(error or "")[:DELIVERY_ERROR_LENGTH]).where(
        ILE.entry_no == int(entry_no)).execute()


def record_delivery_failure(entry_nos: Iterable[int], reason: str) -> int:
    """A delivery run that stopped: Delivery Status Error with the reason on those of the
    entries still In Progress (the ones it had not finished), so Resend can send them
    again. One transaction; the number of entries marked."""
    count = 0
    with db.atomic():
        for chunk in chunks(entry_numbers(entry_nos)):
            count += ILE.update(delivery_status=DeliveryStatus.ERROR,
                                delivery_error=reason[:DELIVERY_ERROR_LENGTH]).where(
                ILE.entry_no.in_(chunk) & (ILE.delivery_status == DeliveryStatus.IN_PROGRESS)).execute()
    return count


__all__ = [
    "ENTRY_FILTERS", "entries_query", "get_entry", "switch_canceled_entries", "evaluate_entries",
    "delete_canceled_entries", "entry_comments", "set_entry_comments", "check_comments", "entry_attachment",
    "ENTRY_COLUMNS", "EntryRow", "entry_rows", "entry_count", "entry_card", "record_delivery",
    "record_delivery_failure",
]
