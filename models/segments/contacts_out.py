"""Apply Mailing Group and Export Contacts (SPEC 2.16): a segment's contacts put into a mailing
group, or written to a CSV file."""

from __future__ import annotations

from typing import IO

import peewee as pw

from models.base.errors import FieldError
from models.contacts.csv_export import write_csv
from models.segments.lookups import get_header, normalize_no, write_segment
from models.tables.contacts import Contact, ContactMailingGroup, MailingGroup
from models.tables.segments import SegmentLine

SPECIFY_MAILING_GROUP = "Specify a Mailing Group Code."


def apply_mailing_group(segment_no: str, code: str, delete_old: bool = False) -> str:
    """Put every line's contact into a mailing group; the message to show.

    ``code`` must be exactly one Mailing Group Code ("Specify a Mailing Group
    Code." otherwise). Delete Old Assignments first removes every member of the
    group. Contacts already in the group stay once.
    """
    segment_no = normalize_no(segment_no)
    text = (code or "").strip()
    if not text or any(ch in text for ch in "|&*?()<>=@'") or ".." in text:
        raise FieldError("mailing_group_code", SPECIFY_MAILING_GROUP)
    code = text.upper()

    def write() -> None:
        if MailingGroup.get_or_none(MailingGroup.code == code) is None:
            raise FieldError("mailing_group_code", f"Mailing Group {code} does not exist.")
        link = ContactMailingGroup
        if delete_old:
            link.delete().where(link.target == code).execute()
        member = link.alias()
        already = member.select(pw.SQL("1")).where((member.target == code) & (member.contact == SegmentLine.contact))
        rows = (SegmentLine.select(SegmentLine.contact, pw.Value(code)).distinct()
                .where((SegmentLine.segment == segment_no) & SegmentLine.contact.is_null(False)
                       & ~pw.fn.EXISTS(already)))
        link.insert_from(rows, [link.contact, link.target]).execute()

    write_segment(segment_no, write)  # the lock: the lines as they are, not half-logged ones
    return f"Mailing Group {code} is now applied to Segment {segment_no}."


# The columns of Business Central's Export Contacts that our Contact has, in its order.
EXPORT_COLUMNS: list[tuple[str, str]] = [
    ("No.", "no"), ("Name", "name"), ("Name 2", "name_2"), ("Address", "address"),
    ("Address 2", "address_2"), ("County", "county"), ("Post Code", "post_code"), ("City", "city"),
    ("Country/Region Code", "country"), ("Phone No.", "phone_no"), ("Fax No.", "fax_no"),
    ("Territory Code", "territory_code"), ("Language Code", "language"),
    ("Salesperson Code", "salesperson"), ("VAT Registration No.", "vat_registration_no"),
    ("E-Mail", "e_mail"), ("Home Page", "home_page"), ("Type", "type"), ("Company Name", "company_name"),
    ("Company No.", "company"), ("First Name", "first_name"), ("Middle Name", "middle_name"),
    ("Surname", "surname"), ("Job Title", "job_title"), ("Initials", "initials"),
    ("Mobile Phone No.", "mobile_phone_no"), ("Exclude from Segment", "exclude_from_segment"),
    ("Correspondence Type", "correspondence_type"), ("Salutation Code", "salutation"),
]


def export_contacts(segment_no: str, out: IO[str]) -> int:
    """Export Contacts: CSV of the lines' contacts (a header row of captions, a row per line
    with a contact, in line order) to a text stream; the number of rows written."""
    segment_no = normalize_no(segment_no)
    get_header(segment_no)
    fields = [getattr(Contact, name) for _caption, name in EXPORT_COLUMNS]
    query = (SegmentLine.select(*fields)
             .join(Contact, on=(Contact.no == SegmentLine.contact))
             .where(SegmentLine.segment == segment_no)
             .order_by(SegmentLine.line_no))
    return write_csv(out, [caption for caption, _name in EXPORT_COLUMNS], fields, query)
