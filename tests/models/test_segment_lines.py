"""Segment line rules: defaulting, manual insert/delete, template and language (SPEC 8.C 20–31)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import pytest

from models.contacts import Campaign, Contact
from models.db import db, is_sqlite
from models.enums import (
    CorrespondenceType, Evaluation, InformationFlow, InitiatedBy,
)
from models.segment_header import create_segment
from models.segment_lines import insert_contacts
from models.segments import SegmentLine
from tests.models import builders as b
from tests.models import segment_builders as sb


def lines(segment_no: str = "S1") -> list[SegmentLine]:
    return list(SegmentLine.select().where(SegmentLine.segment == segment_no).order_by(SegmentLine.line_no))


def line_of(contact_no: str, segment_no: str = "S1") -> SegmentLine:
    return SegmentLine.get((SegmentLine.segment == segment_no) & (SegmentLine.contact == contact_no))


def all_contacts():
    return Contact.select(Contact.no)


@pytest.fixture
def letter_segment(any_db):
    """Segment S1 with template LETTER (hard copy default, cost 2.50, 7 min) and header defaults."""
    b.salesperson("SP1")
    Campaign.create(no="CP1", description="Spring")
    b.template("LETTER", description="Letter", unit_cost=Decimal("2.50"), unit_duration=7,
               correspondence_type_default=CorrespondenceType.HARD_COPY)
    create_segment("S1", description="Spring mailing", salesperson_code="SP1", campaign_no="CP1")
    return sb.set_header(
        "S1", interaction_template="LETTER", interaction_group_code="LETTER", unit_cost=Decimal("2.50"),
        unit_duration=7, information_flow=InformationFlow.OUTBOUND, initiated_by=InitiatedBy.US,
        campaign_target=True, campaign_response=True, send_word_docs_as_attmt=True,
        correspondence_type_default=CorrespondenceType.HARD_COPY,
        date=dt.date(2026, 2, 1),
    )


# ---------------------------------------------------------------- insert_contacts (2.5–2.7, 2.9)

def test_insert_contacts_copies_header_defaults(letter_segment):
    """8.C 20: a new line takes the header's description, campaign, template, group, cost,
    duration, date, flags and Word template; Merged false, Evaluation blank."""
    sb.company("A")
    sb.set_header("S1", word_template_code="WT1")
    first, count = insert_contacts("S1", all_contacts())
    assert (first, count) == (10000, 1)
    line = lines()[0]
    assert (line.description, line.campaign_no, line.interaction_template_code, line.interaction_group_code) == (
        "Spring mailing", "CP1", "LETTER", "LETTER")
    assert (line.cost, line.duration, line.date) == (Decimal("2.50"), 7, dt.date(2026, 2, 1))
    assert (line.information_flow, line.initiated_by) == (InformationFlow.OUTBOUND, InitiatedBy.US)
    assert line.campaign_target and line.campaign_response and line.send_word_doc_as_attmt
    assert line.word_template_code == "WT1"
    assert not line.merged and line.evaluation == Evaluation.BLANK


def test_insert_contacts_orders_companies_first_and_numbers_after_the_last_line(letter_segment):
    """SPEC 2.9 steps 3–4 / 8.D 32: Company Name, Company No., Type (companies first), Name;
    Line No. = last + 10000 each."""
    sb.company("B", "Beta")
    sb.company("A", "Alpha")
    sb.person("P2", "Zed", "A")
    sb.person("P1", "Ann", "A")
    sb.person("P0", "Loner")  # no company: blank Company Name sorts first
    assert insert_contacts("S1", Contact.select(Contact.no).where(Contact.no == "B")) == (10000, 1)
    first, count = insert_contacts("S1", Contact.select(Contact.no).where(Contact.no != "B"))
    assert (first, count) == (20000, 4)
    assert [(x.line_no, x.contact_no) for x in lines()] == [
        (10000, "B"), (20000, "P0"), (30000, "A"), (40000, "P1"), (50000, "P2")]


def test_insert_contacts_skips_unknown_numbers_and_takes_a_campaign_column(letter_segment):
    """Reuse Segment needs a per-row campaign: a second selected column replaces the line's campaign."""
    from models.interactions import InteractionLogEntry

    sb.company("A")
    Campaign.create(no="CP2")
    InteractionLogEntry.create(contact="A", campaign_no="CP2")
    ile = InteractionLogEntry
    assert insert_contacts("S1", ile.select(ile.contact, ile.campaign_no)) == (10000, 1)
    assert lines()[0].campaign_no == "CP2"
    assert insert_contacts("S1", Contact.select(Contact.no), campaign_no="") == (20000, 1)
    assert lines()[1].campaign_no == ""
    ghost = Contact.select(pw_value("NOPE"))
    assert insert_contacts("S1", ghost) == (30000, 0)


def pw_value(text):
    import peewee as pw

    return pw.Value(text).alias("x")


def test_insert_contacts_takes_a_union(letter_segment):
    """Callers may pass a compound query (UNION) of contact numbers."""
    sb.company("A")
    sb.company("B")
    union = Contact.select(Contact.no).where(Contact.no == "A") | Contact.select(Contact.no).where(Contact.no == "B")
    assert insert_contacts("S1", union) == (10000, 2)


def test_line_salesperson_is_the_headers_else_the_contacts(letter_segment):
    """8.C 21: line salesperson = header salesperson, else the contact's salesperson."""
    b.salesperson("SP2")
    sb.company("A", salesperson="SP2")
    insert_contacts("S1", all_contacts())
    assert lines()[0].salesperson_code == "SP1"
    sb.set_header("S1", salesperson=None)
    insert_contacts("S1", all_contacts())
    assert lines()[1].salesperson_code == "SP2"
    sb.company("B")
    insert_contacts("S1", Contact.select(Contact.no).where(Contact.no == "B"))
    assert lines()[2].salesperson_code == ""


def test_line_correspondence_type_precedence(letter_segment):
    """8.C 22: header "Ignore Contact Corres. Type" with a default → header default; else a
    template that ignores the contact's type, or a contact without one → template default;
    else the contact's type."""
    from models.interactions import InteractionTemplate

    sb.company("EMAIL", correspondence_type=CorrespondenceType.EMAIL)
    sb.company("NONE")

    def types():
        SegmentLine.delete().execute()
        insert_contacts("S1", all_contacts())
        return {x.contact_no: x.correspondence_type for x in lines()}

    hard, email = CorrespondenceType.HARD_COPY, CorrespondenceType.EMAIL
    assert types() == {"EMAIL": email, "NONE": hard}  # contact's type, else the template's
    InteractionTemplate.update(ignore_contact_corres_type=True).execute()
    assert types() == {"EMAIL": hard, "NONE": hard}
    InteractionTemplate.update(ignore_contact_corres_type=False).execute()
    sb.set_header("S1", ignore_contact_corres_type=True, correspondence_type_default=email)
    assert types() == {"EMAIL": email, "NONE": email}
    sb.set_header("S1", ignore_contact_corres_type=True, correspondence_type_default=CorrespondenceType.BLANK)
    assert types() == {"EMAIL": email, "NONE": hard}  # a blank header default does not count
    sb.set_header("S1", ignore_contact_corres_type=False, interaction_template=None)
    assert types() == {"EMAIL": email, "NONE": CorrespondenceType.BLANK}  # no template: the contact's


def test_line_company_no_and_active_alt_address(letter_segment):
    """8.C 23 (insert): Contact Company No. from the contact; Alt. Address Code = the one
    active on the line date."""
    sb.company("A")
    sb.person("P1", company_no="A")
    sb.alt_address("P1", "OLD", dt.date(2025, 1, 1), dt.date(2026, 1, 31))
    sb.alt_address("P1", "NEW", dt.date(2026, 2, 1))
    insert_contacts("S1", all_contacts())
    assert (line_of("P1").contact_company_no, line_of("P1").contact_alt_address_code) == ("A", "NEW")
    assert (line_of("A").contact_company_no, line_of("A").contact_alt_address_code) == ("A", "")


def test_line_language_follows_header_language_records(letter_segment):
    """8.C 24: language = the contact's when a header-level record exists for it, else the
    header default; attachment, subject and Word template follow that record."""
    sb.language("DEU", "FRA")
    enu, deu = sb.attachment(b"en"), sb.attachment(b"de")
    sb.header_language("S1", "ENU", attachment_no=enu, subject="Hello")
    sb.header_language("S1", "DEU", attachment_no=deu, subject="Hallo")
    sb.set_header("S1", language_code_default="ENU", subject_default="Hello")
    sb.company("DE", language="DEU")
    sb.company("FR", language="FRA")
    sb.company("NO")
    insert_contacts("S1", all_contacts())
    got = {x.contact_no: (x.language_code, x.attachment_no, x.subject) for x in lines()}
    assert got == {"DE": ("DEU", deu, "Hallo"), "FR": ("ENU", enu, "Hello"), "NO": ("ENU", enu, "Hello")}


def test_insert_contacts_is_fast(sqlite_db):
    """300,000 contacts become lines in one INSERT … SELECT, well under 2 s on SQLite."""
    n = 300_000
    db.execute_sql(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        "INSERT INTO contact (no, type, name, name_2, search_name, company_name, first_name, middle_name, "
        "surname, initials, job_title, address, address_2, post_code, city, county, phone_no, "
        "mobile_phone_no, fax_no, e_mail, home_page, vat_registration_no, territory_code, "
        "exclude_from_segment, correspondence_type, privacy_blocked) "
        "SELECT printf('CT%07d', i), i % 2, 'Name ' || (i % 997), '', '', 'Co ' || (i / 7), "
        "'', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 0, i % 3, 0 FROM n",
        (n - 1,))
    create_segment("S1", description="Big")
    assert is_sqlite()
    started = time.perf_counter()
    assert insert_contacts("S1", all_contacts()) == (10000, n)
    assert time.perf_counter() - started < 2.0
