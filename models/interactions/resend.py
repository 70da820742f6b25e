"""Resend Attachments up to the delivery (SPEC 4.3; checklist 8.I 96).

Resend picks the logged entries to send again and queues them (Delivery Status In
Progress) in one transaction; ``models.interactions.send.resend`` then delivers them after
that commit, as Log Segment and the wizard do.

Decision: Resend also accepts entries whose letter is a Word template without a stored
document (a delivery that failed before storing one): the merge engine can merge them
again. Business Central only resends entries with an attachment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import peewee as pw

from models.base import context
from models.base.db import db
from models.base.enums import CorrespondenceType, DeliveryStatus
from models.base.errors import UserError
from models.filters import FilterError, parse_filter
from models.interactions.entries import ENTRY_FILTERS
from models.interactions.selection import (
    CHUNK,
    ENTRY_CAPTION,
    LOGGED_CAPTION,
    all_of,
    chunks,
    entry_numbers,
    filter_condition,
)
from models.tables import attachments
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InterLogEntryCommentLine,
)
from models.tables.segments import LoggedSegment

ILE = InteractionLogEntry

RESEND_PREFIX = "Resend:"
LOGGED_FILTER_MISSING = "Logged Segment Entry No. must be specified."
NOT_ONE_LOGGED = "Entries must all belong to the same Logged Segment."
NOTHING_TO_RESEND = "Nothing to send – only Word documents can be resent."
# Resend Attachments (report 5183) filters
RESEND_FILTERS = ("Logged Segment Entry No.", "Entry No.", "Delivery Status", "Correspondence Type",
                  "Contact No.", "Campaign No.")


def _resend_condition(entry_nos: Iterable[int] | None, filters: Mapping[str, str] | None) -> pw.Node:
    filters = {k: v for k, v in (filters or {}).items() if v is not None and str(v).strip()}
    for caption in filters:
        if caption not in RESEND_FILTERS:
            raise FilterError(f"Resend Attachments has no filter '{caption}'.")
    numbers = entry_numbers(entry_nos) if entry_nos is not None else None
    if "Logged Segment Entry No." not in filters and numbers:
        logged = set()
        for chunk in chunks(numbers):
            logged |= {n for (n,) in ILE.select(ILE.logged_segment_entry_no)
                       .where(ILE.entry_no.in_(chunk)).distinct().tuples()}
        if len(logged) > 1:
            raise UserError(NOT_ONE_LOGGED)
        if logged:
            filters["Logged Segment Entry No."] = str(logged.pop())
    text = filters.get("Logged Segment Entry No.")
    if not text:
        raise UserError(LOGGED_FILTER_MISSING)
    if text.strip() != "0":
        ls = LoggedSegment
        matches = ls.select().where(parse_filter(ls.entry_no, text, "integer")).count()
        if matches != 1:
            raise UserError(NOT_ONE_LOGGED)
    condition = all_of(ILE.postponed == False, filter_condition(ILE, ENTRY_FILTERS, filters))  # noqa: E712
    if numbers is not None:
        condition &= ILE.entry_no.in_(numbers) if len(numbers) <= CHUNK else pw.SQL("1 = 1")
    return condition


def _has_document() -> pw.Node:
    """An entry with something to send: an existing attachment (or Modified Word Template),
    or a Word template the merge engine can merge again."""
    found = Attachment.select(Attachment.no).where(
        (Attachment.no == ILE.attachment_no) | (Attachment.no == ILE.modified_word_template))
    return pw.fn.EXISTS(found) | (ILE.word_template_code != "")


def resend_candidates(entry_nos: Iterable[int] | None = None, filters: Mapping[str, str] | None = None,
                      correspondence_type: CorrespondenceType | None = None) -> list[int]:
    """The entries Resend Attachments would send (SPEC 4.3), in Entry No. order.

    ``filters`` are BC filter texts on Logged Segment Entry No. (mandatory), Entry No.,
    Delivery Status, Correspondence Type, Contact No., Campaign No.; ``entry_nos`` (the
    selected entries) restricts them and, without a Logged Segment Entry No. filter,
    gives it (all from one logged segment, else "Entries must all belong to the same
    Logged Segment."). Errors: "Logged Segment Entry No. must be specified."; a filter
    not naming exactly one logged segment (other than 0) → "Entries must all belong to the
    same Logged Segment."; ``correspondence_type`` None ("Same as Entry") needs every
    entry to have one ("Correspondence Type must have a value in Interaction Log Entry:
    Entry No.=<n>."); nothing to send → "Nothing to send – only Word documents can be
    resent."."""
    condition = _resend_condition(entry_nos, filters) & _has_document()
    numbers = [n for (n,) in ILE.select(ILE.entry_no).where(condition).order_by(ILE.entry_no).tuples()]
    if entry_nos is not None:
        wanted = set(entry_numbers(entry_nos))
        numbers = [n for n in numbers if n in wanted]
    return _sendable(numbers, correspondence_type)


def logged_resend_candidates(logged_nos: Iterable[int],
                             correspondence_type: CorrespondenceType | None = None) -> list[int]:
    """Resend on several logged segments (the marked rows of Logged Segments): the entries
    of each whose Delivery Status is Error and that have something to send, in Entry No.
    order, with the errors of ``resend_candidates``; "Logged Segment <n> does not exist."
    for a number that is not one."""
    numbers: list[int] = []
    ls = LoggedSegment
    for chunk in chunks(entry_numbers(logged_nos)):
        found = {n for (n,) in ls.select(ls.entry_no).where(ls.entry_no.in_(chunk)).tuples()}
        missing = [n for n in chunk if n not in found]
        if missing:
            raise UserError(f"{LOGGED_CAPTION} {missing[0]} does not exist.")
        numbers += [n for (n,) in ILE.select(ILE.entry_no).where(
            ILE.logged_segment_entry_no.in_(chunk) & (ILE.delivery_status == DeliveryStatus.ERROR)
            & (ILE.postponed == False) & _has_document()).tuples()]  # noqa: E712
    return _sendable(sorted(numbers), correspondence_type)


def _sendable(numbers: list[int], correspondence_type: CorrespondenceType | None) -> list[int]:
    """The candidates, once there are some and each has a Correspondence Type to send by."""
    if not numbers:
        raise UserError(NOTHING_TO_RESEND)
    if correspondence_type is None:
        for chunk in chunks(numbers):
            row = (ILE.select(ILE.entry_no).where(ILE.entry_no.in_(chunk) & (ILE.correspondence_type == 0))
                   .order_by(ILE.entry_no).tuples().first())
            if row:
                raise UserError(f"Correspondence Type must have a value in {ENTRY_CAPTION}: Entry No.={row[0]}.")
    return numbers


def prepare_resend(entry_nos: Iterable[int] | None = None, filters: Mapping[str, str] | None = None,
                   correspondence_type: CorrespondenceType | None = None,
                   update_merge_fields: bool = False) -> list[int]:
    """Resend Attachments up to the delivery (SPEC 4.3, checklist 8.I 96): the entry nos. to
    send now, each with Delivery Status In Progress (``models.segments.log.delivery_queue``
    reads them). One transaction.

    * Without Update Merge Fields the entries themselves are re-queued (their
      Correspondence Type replaced when one is chosen; E-Mail Logged := No).
    * With Update Merge Fields a copy of each is logged as a new entry: date = work date,
      time = now, Description prefixed "Resend:" (unless it already is; cut to 100), the
      chosen Correspondence Type, the same logged segment and campaign entry, the current
      user, a read-only copy of the attachment and of the comment lines; the copies are
      queued."""
    return _queue(resend_candidates(entry_nos, filters, correspondence_type), correspondence_type,
                  update_merge_fields)


def prepare_resend_logged(logged_nos: Iterable[int], correspondence_type: CorrespondenceType | None = None,
                          update_merge_fields: bool = False) -> list[int]:
    """``prepare_resend`` for several logged segments at once (``logged_resend_candidates``):
    their entries queued in one transaction."""
    return _queue(logged_resend_candidates(logged_nos, correspondence_type), correspondence_type,
                  update_merge_fields)


def _queue(numbers: list[int], correspondence_type: CorrespondenceType | None,
           update_merge_fields: bool) -> list[int]:
    with db.atomic():
        if not update_merge_fields:
            values = {ILE.delivery_status: DeliveryStatus.IN_PROGRESS, ILE.e_mail_logged: False,
                      ILE.delivery_error: ""}
            if correspondence_type is not None:
                values[ILE.correspondence_type] = correspondence_type
            for chunk in chunks(numbers):
                ILE.update(values).where(ILE.entry_no.in_(chunk)).execute()
            return numbers
        return [_resend_copy(n, correspondence_type) for n in numbers]


def _resend_copy(entry_no: int, correspondence_type: CorrespondenceType | None) -> int:
    old = ILE.get(ILE.entry_no == entry_no)
    values = {name: value for name, value in old.__data__.items() if name != "entry_no"}
    description = old.description or ""
    if not description.startswith(RESEND_PREFIX):
        description = (RESEND_PREFIX + description)[:100]
    attachment_no = 0
    if old.attachment_no and Attachment.select().where(Attachment.no == old.attachment_no).exists():
        attachment_no = attachments.copy_attachment(old.attachment_no, read_only=True).no
    values.update(
        date=context.work_date(), time_of_interaction=context.now().time(), description=description,
        user_id=context.user_id(), attachment_no=attachment_no, canceled=False, postponed=False,
        delivery_status=DeliveryStatus.IN_PROGRESS, delivery_error="", e_mail_logged=False,
    )
    if correspondence_type is not None:
        values["correspondence_type"] = correspondence_type
    new_no = int(ILE.insert(**values).execute())
    cl = InterLogEntryCommentLine
    comments = list(cl.select(cl.line_no, cl.date, cl.comment).where(cl.entry == entry_no).tuples())
    if comments:
        cl.insert_many([{"entry": new_no, "line_no": n, "date": d, "comment": c} for n, d, c in comments]).execute()
    return new_no



__all__ = ["RESEND_FILTERS", "resend_candidates", "logged_resend_candidates", "prepare_resend",
           "prepare_resend_logged"]
