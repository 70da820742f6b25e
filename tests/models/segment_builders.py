"""Builders for segment tests: contacts of both kinds, segments with template and languages."""

from __future__ import annotations

import datetime as dt

from models.base.enums import ContactType
from models.tables.contacts import Contact, ContactAltAddrDateRange
from models.tables.interactions import Attachment
from models.tables.segments import SegmentHeader, SegmentInteractionLanguage
from tests.helpers import languages


def company(no: str, name: str | None = None, **values) -> Contact:
    name = name or f"Company {no}"
    return Contact.create(no=no, name=name, type=ContactType.COMPANY, company=no, company_name=name,
                          **values)


def person(no: str, name: str | None = None, company_no: str | None = None, **values) -> Contact:
    company_name = ""
    if company_no:
        company_name = Contact.get(Contact.no == company_no).name
    return Contact.create(no=no, name=name or f"Person {no}", type=ContactType.PERSON, company=company_no,
                          company_name=company_name, **values)


def attachment(content: bytes = b"letter", *, read_only: bool = False) -> int:
    return Attachment.create(attachment_file=content, file_extension="TXT", read_only=read_only).no


def header_language(segment_no: str, code: str, *, attachment_no: int = 0, subject: str = "",
                    word: str = "", line_no: int = 0) -> SegmentInteractionLanguage:
    languages(code)
    return SegmentInteractionLanguage.create(
        segment=segment_no, segment_line_no=line_no, language=code, attachment_no=attachment_no,
        subject=subject, word_template_code=word, description=f"{segment_no} {code}")


def alt_address(contact_no: str, code: str, start: dt.date, end: dt.date | None = None) -> None:
    ContactAltAddrDateRange.create(contact=contact_no, starting_date=start, ending_date=end,
                                   contact_alt_address_code=code)


def set_header(no: str, **values) -> SegmentHeader:
    """Write header fields straight into the table (no rules)."""
    SegmentHeader.update(**values).where(SegmentHeader.no == no).execute()
    return SegmentHeader.get(SegmentHeader.no == no)
