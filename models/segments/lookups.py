"""Reading a segment: its header, lines, template and language records, and the checks on codes.

The bottom of the segments package: the header rules, the line rules, the criteria and
the log all find a segment here, so none of them has to climb into another for a lookup.
Nothing here writes, but every write to a segment starts here: ``write_segment`` runs it
in one transaction that first takes the segment's lock (``lock_segment``), so writes to
one segment — and Log — happen one after the other on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import peewee as pw

from models.base.db import db, is_sqlite, transaction
from models.base.errors import FieldError, UserError
from models.tables.contacts import Salesperson
from models.tables.interactions import Attachment, InteractionTemplate
from models.tables.segments import (
    LoggedSegment,
    SegmentHeader,
    SegmentInteractionLanguage,
    SegmentLine,
)

T = TypeVar("T")
LOGGED = "Segment {no} has been logged."


def normalize_no(no) -> str:
    return ("" if no is None else str(no)).strip().upper()


def check_exists(field: str, caption: str, model: type[pw.Model], code: str) -> None:
    """A non-blank code must name a row of ``model``: FieldError "<caption> 'X' does not exist."."""
    if code and not model.select().where(model._meta.primary_key == code).exists():
        raise FieldError(field, f"{caption} '{code}' does not exist.")


def check_salesperson(code: str, field: str = "salesperson_code") -> None:
    """A salesperson on a segment or line must exist and not be blocked."""
    if not code:
        return
    person = Salesperson.get_or_none(Salesperson.code == code)
    if person is None:
        raise FieldError(field, f"Salesperson Code '{code}' does not exist.")
    if person.blocked:
        raise FieldError(field, f"Salesperson {code} is blocked.")


def get_header(segment_no: str) -> SegmentHeader:
    """The Segment Header; UserError "Segment <no> has been logged." / "… does not exist."
    when missing."""
    no = normalize_no(segment_no)
    header = SegmentHeader.get_or_none(SegmentHeader.no == no)
    if header is None:
        raise _missing(no)
    return header


def _missing(no: str) -> UserError:
    if LoggedSegment.select().where(LoggedSegment.segment_no == no).exists():
        return UserError(LOGGED.format(no=no))
    return UserError(f"Segment {no} does not exist.")


def lock_segment(segment_no: str) -> SegmentHeader:
    """Inside a write transaction: the Segment Header, locked until the commit, so no other
    user writes to or logs this segment meanwhile (PostgreSQL: ``SELECT … FOR UPDATE`` on
    the header row; SQLite: the transaction's BEGIN IMMEDIATE already holds the one write
    lock). UserError "Segment <no> has been logged." / "… does not exist." when it is gone."""
    if not db.in_transaction():
        raise RuntimeError("lock_segment needs a transaction: use write_segment")
    no = normalize_no(segment_no)
    query = SegmentHeader.select().where(SegmentHeader.no == no)
    header = (query if is_sqlite() else query.for_update()).first()
    if header is None:
        raise _missing(no)
    return header


def write_segment(segment_no: str, work: Callable[[], T]) -> T:
    """``work()`` in one transaction holding the segment's lock (see ``lock_segment``); a
    deadlock is run again, a lock waited for too long is "The database is busy …"."""
    def locked() -> T:
        lock_segment(segment_no)
        return work()

    return transaction(locked)


def get_line(segment_no: str, line_no: int) -> SegmentLine:
    line = SegmentLine.get_or_none((SegmentLine.segment == normalize_no(segment_no))
                                   & (SegmentLine.line_no == int(line_no)))
    if line is None:
        get_header(segment_no)  # a segment logged meanwhile says so
        raise UserError(f"Segment Line {normalize_no(segment_no)} {line_no} does not exist.")
    return line


def get_template_or_none(code: str) -> InteractionTemplate | None:
    return InteractionTemplate.get_or_none(InteractionTemplate.code == code) if code else None


def line_count(segment_no: str) -> int:
    return SegmentLine.select().where(SegmentLine.segment == normalize_no(segment_no)).count()


def line_nos_with_contact(segment_no: str) -> list[int]:
    """The line nos. of the lines that have a contact, in order (the recipients of a merge)."""
    return [no for (no,) in SegmentLine.select(SegmentLine.line_no)
            .where((SegmentLine.segment == normalize_no(segment_no)) & SegmentLine.contact.is_null(False))
            .order_by(SegmentLine.line_no).tuples()]


def last_line_no(segment_no: str) -> int:
    value = (SegmentLine.select(pw.fn.MAX(SegmentLine.line_no))
             .where(SegmentLine.segment == segment_no).scalar())
    return int(value or 0)


def language_record(segment_no: str, line_no: int, language_code: str) -> SegmentInteractionLanguage | None:
    return SegmentInteractionLanguage.get_or_none(
        (SegmentInteractionLanguage.segment == segment_no)
        & (SegmentInteractionLanguage.segment_line_no == line_no)
        & (SegmentInteractionLanguage.language == (language_code or ""))
    )


def header_language(segment_no: str, language_code: str) -> SegmentInteractionLanguage | None:
    """The header-level (line 0, "inherited") language record of a segment for a language."""
    return language_record(segment_no, 0, language_code)


def header_languages_exist(segment_no: str) -> bool:
    return (SegmentInteractionLanguage.select()
            .where((SegmentInteractionLanguage.segment == segment_no)
                   & (SegmentInteractionLanguage.segment_line_no == 0)).exists())


def line_languages(segment_no: str, line_no: int) -> list[SegmentInteractionLanguage]:
    """A line's own ("unique") language records, in language order."""
    return list(SegmentInteractionLanguage.select()
                .where((SegmentInteractionLanguage.segment == segment_no)
                       & (SegmentInteractionLanguage.segment_line_no == line_no))
                .order_by(SegmentInteractionLanguage.language))


def attachment_exists(no: int | None) -> bool:
    return bool(no) and Attachment.select().where(Attachment.no == no).exists()


def header_attachment_no(header: SegmentHeader) -> int:
    """The header's "Attachment No." FlowField (SPEC 1.6 #9): the default language's
    header-level record's attachment when that record has no Word template."""
    record = header_language(header.no, header.language_code_default)
    if record is None or record.word_template_code:
        return 0
    return record.attachment_no or 0


def modified_word_template(header: SegmentHeader) -> int:
    """The header's "Modified Word Template" FlowField (SPEC 1.6 #27): the attachment of the
    default language's header-level record when that record carries a Word template."""
    record = header_language(header.no, header.language_code_default)
    if record is None or not record.word_template_code:
        return 0
    return record.attachment_no or 0
