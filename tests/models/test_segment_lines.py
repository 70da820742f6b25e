"""Segment line rules: defaulting, manual insert/delete, template and language (SPEC 8.C 20–31)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.base.db import db, is_sqlite
from models.base.enums import (
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    Evaluation,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
)
from models.base.errors import FieldError, UserError
from models.segments.criteria import next_action, no_of_criteria_actions, write_history
from models.segments.defaults import insert_contacts
from models.segments.lines import (
    RESET_CRITERIA_Q,
    add_line,
    attachment_text,
    delete_line,
    delete_lines,
    line_rows,
    update_line,
)
from models.segments.lookups import line_count
from models.segments.segment import create_segment
from models.tables.contacts import Campaign, Contact
from models.tables.interactions import Attachment
from models.tables.segments import (
    SegmentCriteriaLine,
    SegmentHistory,
    SegmentInteractionLanguage,
    SegmentLine,
)
from tests.helpers import (
    Asked,
    criteria_lines,
    languages,
    line_contacts,
    numbered_contacts,
    segment_history,
    segment_lines,
)
from tests.models import builders as b
from tests.models import segment_builders as sb


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
    line = segment_lines()[0]
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
    assert numbered_contacts() == [
        (10000, "B"), (20000, "P0"), (30000, "A"), (40000, "P1"), (50000, "P2")]


def test_insert_contacts_skips_unknown_numbers_and_takes_a_campaign_column(letter_segment):
    """Reuse Segment needs a per-row campaign: a second selected column replaces the line's
    campaign; unknown contact numbers are skipped; a UNION of contact numbers works."""
    from models.tables.interactions import InteractionLogEntry

    sb.company("A")
    Campaign.create(no="CP2")
    InteractionLogEntry.create(contact="A", campaign_no="CP2")
    ile = InteractionLogEntry
    assert insert_contacts("S1", ile.select(ile.contact, ile.campaign_no)) == (10000, 1)
    assert segment_lines()[0].campaign_no == "CP2"
    assert insert_contacts("S1", Contact.select(Contact.no), campaign_no="") == (20000, 1)
    assert segment_lines()[1].campaign_no == ""
    ghost = Contact.select(pw_value("NOPE"))
    assert insert_contacts("S1", ghost) == (30000, 0)
    sb.company("B")
    union = Contact.select(Contact.no).where(Contact.no == "A") | Contact.select(Contact.no).where(Contact.no == "B")
    assert insert_contacts("S1", union) == (30000, 2)  # a compound query (UNION) works too


def pw_value(text):
    import peewee as pw

    return pw.Value(text).alias("x")


def test_line_salesperson_is_the_headers_else_the_contacts(letter_segment):
    """8.C 21: line salesperson = header salesperson, else the contact's salesperson."""
    b.salesperson("SP2")
    sb.company("A", salesperson="SP2")
    insert_contacts("S1", all_contacts())
    assert segment_lines()[0].salesperson_code == "SP1"
    sb.set_header("S1", salesperson=None)
    insert_contacts("S1", all_contacts())
    assert segment_lines()[1].salesperson_code == "SP2"
    sb.company("B")
    insert_contacts("S1", Contact.select(Contact.no).where(Contact.no == "B"))
    assert segment_lines()[2].salesperson_code == ""


def test_line_correspondence_type_precedence(letter_segment):
    """8.C 22: header "Ignore Contact Corres. Type" with a default → header default; else a
    template that ignores the contact's type, or a contact without one → template default;
    else the contact's type."""
    from models.tables.interactions import InteractionTemplate

    sb.company("EMAIL", correspondence_type=CorrespondenceType.EMAIL)
    sb.company("NONE")

    def types():
        SegmentLine.delete().execute()
        insert_contacts("S1", all_contacts())
        return {x.contact_no: x.correspondence_type for x in segment_lines()}

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
    languages("DEU", "FRA")
    enu, deu = sb.attachment(b"en"), sb.attachment(b"de")
    sb.header_language("S1", "ENU", attachment_no=enu, subject="Hello")
    sb.header_language("S1", "DEU", attachment_no=deu, subject="Hallo")
    sb.set_header("S1", language_code_default="ENU", subject_default="Hello")
    sb.company("DE", language="DEU")
    sb.company("FR", language="FRA")
    sb.company("NO")
    insert_contacts("S1", all_contacts())
    got = {x.contact_no: (x.language_code, x.attachment_no, x.subject) for x in segment_lines()}
    assert got == {"DE": ("DEU", deu, "Hallo"), "FR": ("ENU", enu, "Hello"), "NO": ("ENU", enu, "Hello")}


def test_insert_contacts_is_set_work(sqlite_db):
    """Many contacts become lines in one INSERT … SELECT, not a statement per line (its speed
    at 300,000 is measured by benchmarks/bench_segmentation.py)."""
    from playhouse.test_utils import count_queries

    n = 30_000
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
    with count_queries() as counter:
        assert insert_contacts("S1", all_contacts()) == (10000, n)
    assert counter.count <= 10
    assert line_count("S1") == n


# ---------------------------------------------------------------- changing a line

def test_changing_the_date_re_derives_the_alt_address(letter_segment):
    """8.C 23 (date): a line's Date change re-derives Contact Alt. Address Code when the line
    still had the address active on its old date; a code chosen by hand is kept."""
    sb.company("A")
    sb.alt_address("A", "WINTER", dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    sb.alt_address("A", "SUMMER", dt.date(2026, 6, 1), dt.date(2026, 8, 31))
    line = add_line("S1", "A")
    assert line.contact_alt_address_code == "WINTER"
    line = update_line("S1", line.line_no, {"date": "2026-07-01"}, answer_no)
    assert (line.date, line.contact_alt_address_code) == (dt.date(2026, 7, 1), "SUMMER")
    line = update_line("S1", line.line_no, {"date": dt.date(2026, 5, 1)}, answer_no)
    assert line.contact_alt_address_code == ""
    SegmentLine.update(contact_alt_address_code="OWN").execute()
    line = update_line("S1", line.line_no, {"date": dt.date(2026, 1, 15)}, answer_no)
    assert line.contact_alt_address_code == "OWN"
    with pytest.raises(FieldError, match="not a date") as err:
        update_line("S1", line.line_no, {"date": "soon"}, answer_no)
    assert err.value.field == "date"


def answer_no(question, default):
    return False


def answer_yes(question, default):
    return True


def test_line_language_code_takes_the_matching_record(letter_segment):
    """8.C 24 (validate): choosing a line's language takes that header-level record's
    attachment, subject and Word template; a language without record → attachment 0, blank
    subject; without a template the language can't be set."""
    languages("DEU", "FRA")
    enu, deu = sb.attachment(b"en"), sb.attachment(b"de")
    sb.header_language("S1", "ENU", attachment_no=enu, subject="Hello")
    sb.header_language("S1", "DEU", attachment_no=deu, subject="Hallo")
    sb.set_header("S1", language_code_default="ENU")
    sb.company("A")
    line = add_line("S1", "A")
    assert (line.language_code, line.attachment_no, line.subject) == ("ENU", enu, "Hello")
    line = update_line("S1", line.line_no, {"language_code": "deu"}, answer_no)
    assert (line.language_code, line.attachment_no, line.subject) == ("DEU", deu, "Hallo")
    line = update_line("S1", line.line_no, {"language_code": "FRA"}, answer_no)
    assert (line.language_code, line.attachment_no, line.subject) == ("FRA", 0, "")
    with pytest.raises(FieldError, match="Language Code 'XX' does not exist"):
        update_line("S1", line.line_no, {"language_code": "XX"}, answer_no)
    SegmentLine.update(interaction_template_code="").execute()
    with pytest.raises(FieldError, match="Interaction Template Code must have a value in Segment Line: "
                                         "Segment No.=S1, Line No.=10000."):
        update_line("S1", line.line_no, {"language_code": "DEU"}, answer_no)


def test_line_template_copies_description_only_when_blank_or_replacing_a_template(letter_segment):
    """8.C 25: a template set on a line without description gives it the template's
    description; a description of a line without template is kept; changing from another
    non-blank template takes the new template's description (SPEC 2.6 step 4)."""
    b.template("CALL", description="Phone call", unit_cost=Decimal("1.00"), unit_duration=15)
    sb.company("A")
    sb.company("B")
    a = add_line("S1", "A")
    b_line = add_line("S1", "B")
    SegmentLine.update(description="", interaction_template_code="").where(SegmentLine.line_no == a.line_no).execute()
    SegmentLine.update(description="Keep me", interaction_template_code="").where(
        SegmentLine.line_no == b_line.line_no).execute()
    assert update_line("S1", a.line_no, {"interaction_template_code": "CALL"}, answer_no).description == "Phone call"
    kept = update_line("S1", b_line.line_no, {"interaction_template_code": "CALL"}, answer_no)
    assert (kept.description, kept.cost, kept.duration) == ("Keep me", Decimal("1.00"), 15)
    replaced = update_line("S1", b_line.line_no, {"interaction_template_code": "LETTER"}, answer_no)
    assert (replaced.description, replaced.cost, replaced.duration) == ("Letter", Decimal("2.50"), 7)
    with pytest.raises(FieldError, match="Interaction Template Code 'NOPE' does not exist"):
        update_line("S1", a.line_no, {"interaction_template_code": "NOPE"}, answer_no)
    SegmentLine.create(segment="S1", line_no=90000)  # SPEC 2.6 step 1 / 6.2: a contact is required
    with pytest.raises(FieldError, match="Contact No. must have a value in Segment Line: Segment No.=S1"):
        update_line("S1", 90000, {"interaction_template_code": "LETTER", "description": "x"}, answer_no)


def test_line_template_other_than_headers_gets_unique_language_records(letter_segment):
    """8.C 26: a template other than the header's creates line-level language records from
    the template's languages, with copied attachments (new numbers): the line's attachment is
    "Unique" and follows the contact's language; back on the header's template the line's
    records go (attachments deleted) and it inherits again."""
    languages("DEU")
    b.template("CALL", description="Call", language_code_default="ENU")
    b.tmpl_language("CALL", "ENU", attachment=b"call en")
    b.tmpl_language("CALL", "DEU", attachment=b"call de")
    template_attachments = {a.no for a in Attachment.select()}
    head = sb.attachment(b"letter")
    sb.header_language("S1", "ENU", attachment_no=head, subject="Hi")
    sb.set_header("S1", language_code_default="ENU")
    sb.company("A", language="DEU")
    line = add_line("S1", "A")
    assert attachment_text("S1", line.line_no) == "Inherited"

    line = update_line("S1", line.line_no, {"interaction_template_code": "CALL"}, answer_no)
    own = {r.language: r.attachment_no for r in SegmentInteractionLanguage.select().where(
        SegmentInteractionLanguage.segment_line_no == line.line_no)}
    assert set(own) == {"ENU", "DEU"}
    assert not set(own.values()) & (template_attachments | {head})
    assert (line.language_code, line.attachment_no) == ("DEU", own["DEU"])
    assert Attachment.get(Attachment.no == own["DEU"]).content == b"call de"
    assert attachment_text("S1", line.line_no) == "Unique"

    line = update_line("S1", line.line_no, {"interaction_template_code": "LETTER"}, answer_no)
    assert not SegmentInteractionLanguage.select().where(SegmentInteractionLanguage.segment_line_no != 0).exists()
    assert not Attachment.select().where(Attachment.no.in_(list(own.values()))).exists()
    assert (line.language_code, line.attachment_no, line.subject) == ("ENU", head, "Hi")
    assert attachment_text("S1", line.line_no) == "Inherited"


def test_changing_a_lines_contact_records_reduce_and_add(letter_segment):
    """SPEC 2.2: changing the contact → a Reduce action for the old contact and an Add action
    for the new one, each with its history row; the line is defaulted for the new contact."""
    b.salesperson("SP2")
    sb.set_header("S1", salesperson=None)
    sb.company("A")
    sb.company("B", salesperson="SP2", correspondence_type=CorrespondenceType.EMAIL)
    line = add_line("S1", "A")
    SegmentLine.update(evaluation=Evaluation.POSITIVE, description="mine").execute()
    line = update_line("S1", line.line_no, {"contact_no": "b"}, answer_no)
    assert (line.line_no, line.contact_no, line.contact_company_no, line.salesperson_code) == (10000, "B", "B", "SP2")
    assert (line.correspondence_type, line.evaluation, line.description) == (
        CorrespondenceType.EMAIL, Evaluation.BLANK, "Spring mailing")
    assert actions("S1") == [CriteriaAction.ADD_CONTACTS, CriteriaAction.REDUCE, CriteriaAction.ADD_CONTACTS]
    assert segment_history("S1") == [(1, 10000, "A", HistoryAction.INSERTION), (2, 10000, "A", HistoryAction.DELETION),
                             (3, 10000, "B", HistoryAction.INSERTION)]
    with pytest.raises(FieldError, match="Contact NOPE does not exist"):
        update_line("S1", 10000, {"contact_no": "NOPE"}, answer_no)
    with pytest.raises(FieldError, match="delete the line"):
        update_line("S1", 10000, {"contact_no": ""}, answer_no)


def test_plain_line_fields_are_validated(letter_segment):
    """Per-line overrides: salesperson must be usable, cost/duration ≥ 0, known campaign;
    unchanged values are left alone (the card sends every field)."""
    b.salesperson("OLD", blocked=True)
    sb.company("A")
    line = add_line("S1", "A")
    with pytest.raises(FieldError, match="Salesperson OLD is blocked"):
        update_line("S1", line.line_no, {"salesperson_code": "OLD"}, answer_no)
    with pytest.raises(FieldError, match="Cost \\(LCY\\) must not be negative"):
        update_line("S1", line.line_no, {"cost": "-1"}, answer_no)
    with pytest.raises(FieldError, match="Campaign No. 'CP9' does not exist"):
        update_line("S1", line.line_no, {"campaign_no": "CP9"}, answer_no)
    line = update_line("S1", line.line_no, {
        "cost": "3.456", "duration": 9, "evaluation": "Positive", "subject": "Hi", "description": "Own",
        "correspondence_type": "Email", "campaign_target": False, "contact_no": "A",
        "interaction_template_code": "LETTER"}, answer_no)
    assert (line.cost, line.duration, line.evaluation, line.subject, line.description) == (
        Decimal("3.46"), 9, Evaluation.POSITIVE, "Hi", "Own")
    assert (line.correspondence_type, line.campaign_target) == (CorrespondenceType.EMAIL, False)
    assert no_of_criteria_actions("S1") == 1  # the unchanged contact recorded nothing


# ---------------------------------------------------------------- manual insert and delete

def actions(segment_no):
    return [c.action for c in criteria_lines(segment_no) if c.type == CriteriaLineType.ACTION]


def criteria_rows(segment_no):
    return [(c.line_no, c.type, c.action, c.table_no, c.table_view, c.no_of_filters)
            for c in criteria_lines(segment_no)]


def test_manual_insert_records_an_add_action(letter_segment):
    """8.C 28: inserting a line with a contact by hand writes an Add Contacts action (all
    options false) with one Contact filter No.=<contact>, and a history Insertion for it;
    No. of Criteria Actions = 1 after the first manual line."""
    sb.company("A")
    line = add_line("S1", "a")
    assert (line.line_no, line.contact_no) == (10000, "A")
    assert no_of_criteria_actions("S1") == 1
    assert criteria_rows("S1") == [
        (1, CriteriaLineType.ACTION, CriteriaAction.ADD_CONTACTS, "", "", 1),
        (2, CriteriaLineType.FILTER, CriteriaAction.BLANK, "Contact", '{"No.": "A"}', 0)]
    action = SegmentCriteriaLine.get(SegmentCriteriaLine.line_no == 1)
    assert not (action.allow_existing_contacts or action.expand_contact or action.allow_company_with_persons
                or action.ignore_exclusion or action.entire_companies)
    assert segment_history("S1") == [(1, 10000, "A", HistoryAction.INSERTION)]
    with pytest.raises(FieldError, match="Contact NOPE does not exist.") as err:
        add_line("S1", "nope")
    assert err.value.field == "contact_no"
    with pytest.raises(UserError, match="Segment S9 does not exist"):
        add_line("S9", "A")
    assert no_of_criteria_actions("S1") == 1


def test_manual_delete_records_a_reduce_action(letter_segment):
    """8.C 29: deleting a line by hand writes a Remove Contacts (Reduce) action with the
    Contact filter and a history Deletion."""
    sb.company("A")
    sb.company("B")
    add_line("S1", "A")
    add_line("S1", "B")
    delete_line("S1", 10000, answer_yes)
    assert line_contacts() == ["B"]
    assert actions("S1") == [CriteriaAction.ADD_CONTACTS, CriteriaAction.ADD_CONTACTS, CriteriaAction.REDUCE]
    assert criteria_rows("S1")[-1] == (6, CriteriaLineType.FILTER, CriteriaAction.BLANK, "Contact",
                                       '{"No.": "A"}', 0)
    assert segment_history("S1")[-1] == (3, 10000, "A", HistoryAction.DELETION)
    with pytest.raises(UserError, match="does not exist"):
        delete_line("S1", 10000)


@pytest.mark.parametrize("answer", [True, False])
def test_emptying_the_segment_asks_to_reset_criteria(letter_segment, answer):
    """8.C 30: deleting the last line when No. of Criteria Actions > 1 asks "The segment is
    now empty. Reset the number of criteria actions?" (default Yes); Yes → 0 actions and no
    history, No → actions kept. One action only (after the delete) asks nothing."""
    sb.company("A")
    asked = Asked(always=answer)
    add_line("S1", "A")
    delete_line("S1", 10000, asked)  # Add + Reduce = 2 actions
    assert asked.questions == [(RESET_CRITERIA_Q, True)]
    assert no_of_criteria_actions("S1") == (0 if answer else 2)
    assert SegmentHistory.select().exists() is (not answer)

    SegmentCriteriaLine.delete().execute()
    SegmentLine.create(segment="S1", line_no=10000)  # no contact: no action recorded
    asked.questions.clear()
    delete_line("S1", 10000, asked)
    assert asked.questions == [] and line_count("S1") == 0


def test_delete_lines_is_the_set_form(letter_segment):
    """SPEC 2.8 / 2.10 for Reduce/Refine: delete the matching lines, their own language
    records and attachments (read-only kept), history Deletion rows for the given action,
    and the reset question only when the segment becomes empty with > 1 actions."""
    for no in "ABCD":
        sb.company(no)
    insert_contacts("S1", all_contacts())
    action = next_action("S1", CriteriaAction.ADD_CONTACTS, {"allow_existing_contacts": True},
                         [("Contact", '{"No.": "A..D"}'), ("Mailing Group", '{"Code": "X"}')])
    assert action == 1
    write_history("S1", action, SegmentLine.line_no >= 10000, HistoryAction.INSERTION)
    free, kept = sb.attachment(b"free"), sb.attachment(b"kept", read_only=True)
    sb.header_language("S1", "ENU", line_no=10000, attachment_no=free)
    sb.header_language("S1", "DEU", line_no=20000, attachment_no=kept)
    reduce_no = next_action("S1", CriteriaAction.REDUCE, {"entire_companies": True}, [("Contact", "{}")])
    assert reduce_no == 2
    yes = Asked(always=True)
    deleted = delete_lines("S1", SegmentLine.contact.in_(["A", "B"]), yes, reduce_no)
    assert deleted == 2 and yes.questions == []
    assert line_contacts() == ["C", "D"]
    assert [h for h in segment_history("S1") if h[0] == 2] == [(2, 10000, "A", HistoryAction.DELETION),
                                                               (2, 20000, "B", HistoryAction.DELETION)]
    assert not SegmentInteractionLanguage.select().exists()
    assert [a.no for a in Attachment.select()] == [kept]
    assert delete_lines("S1", SegmentLine.contact == "NOPE", answer_yes, 3) == 0
    no = Asked(always=False)
    assert delete_lines("S1", SegmentLine.line_no > 0, no, 3) == 2
    assert no.questions == [(RESET_CRITERIA_Q, True)] and no_of_criteria_actions("S1") == 2
    with pytest.raises(TypeError):
        next_action("S1", CriteriaAction.ADD_CONTACTS, {"nonsense": True}, [])


# ---------------------------------------------------------------- attachment column and lines table

def test_attachment_column(letter_segment):
    """8.C 31: "Inherited" when the line's attachment (or Word template, not both) comes from
    a header-level record; "Unique" when the line has its own record; blank without
    attachment, or without template. The page form (line_rows) shows the same."""
    head = sb.attachment(b"letter")
    sb.header_language("S1", "ENU", attachment_no=head)
    sb.set_header("S1", language_code_default="ENU")
    for no in "ABCDE":
        sb.company(no)
    insert_contacts("S1", all_contacts())
    own = sb.attachment(b"own")
    sb.header_language("S1", "ENU", line_no=20000, attachment_no=own)
    SegmentLine.update(attachment_no=own).where(SegmentLine.line_no == 20000).execute()
    SegmentLine.update(attachment_no=0).where(SegmentLine.line_no == 30000).execute()
    SegmentLine.update(interaction_template_code="").where(SegmentLine.line_no == 40000).execute()
    SegmentLine.update(word_template_code="WT1").where(SegmentLine.line_no == 50000).execute()  # both
    expected = {10000: "Inherited", 20000: "Unique", 30000: "", 40000: "Unique", 50000: "Unique"}
    assert {n: attachment_text("S1", n) for n in expected} == expected
    assert {row[0]: row[11] for row in line_rows("S1", 0, 10)} == expected
    SegmentLine.update(attachment_no=0).where(SegmentLine.line_no == 50000).execute()  # Word template only
    SegmentInteractionLanguage.update(word_template_code="WT1", attachment_no=0).where(
        SegmentInteractionLanguage.segment_line_no == 0).execute()
    SegmentLine.update(attachment_no=0, word_template_code="WT1").where(SegmentLine.line_no == 10000).execute()
    assert attachment_text("S1", 10000) == "Inherited"
    assert attachment_text("S1", 30000) == ""


def test_line_rows_show_person_names_and_company_names(letter_segment):
    """8.C 27: Contact Name shows only persons' names; Contact Company Name the company's
    name; enum columns as their labels; Line No. order with offset and limit."""
    sb.company("A", "Alpha Ltd")
    sb.person("P1", "Ann Smith", "A", correspondence_type=CorrespondenceType.EMAIL)
    sb.person("P2", "Solo")
    insert_contacts("S1", all_contacts())
    SegmentLine.update(evaluation=Evaluation.VERY_POSITIVE).where(SegmentLine.contact == "P1").execute()
    rows = line_rows("S1", 0, 10)
    assert [r[:4] for r in rows] == [
        (10000, "P2", "Solo", ""), (20000, "A", "", "Alpha Ltd"), (30000, "P1", "Ann Smith", "Alpha Ltd")]
    assert rows[2][4:] == ("Spring mailing", "SP1", "LETTER", "", "Email", "", "Very Positive", "",
                           Decimal("2.50"), 7)
    assert [r[0] for r in line_rows("S1", 1, 1)] == [20000]
    assert line_rows("S1", 5, 10) == []
    assert line_count("S1") == 3


def test_a_page_deep_in_a_large_segment_is_one_keyset_query(sqlite_db):
    """line_rows reads a page deep in a 100,000-line segment: the position's Line No. from the
    primary-key index, then the page's rows by keyset (no OFFSET over the joined rows)."""
    from playhouse.test_utils import count_queries

    b.template("LETTER")
    create_segment("S1")
    sb.company("A")
    columns = [f.column_name for f in SegmentLine._meta.sorted_fields]
    values = {"segment_no": "'S1'", "line_no": "(i + 1) * 10000", "contact_no": "'A'",
              "interaction_template_code": "'LETTER'", "attachment_no": "1", "date": "NULL",
              "time_of_interaction": "NULL"}
    select = ", ".join(values.get(c, "0" if SegmentLine._meta.columns[c].field_type in ("INT", "BOOL", "DECIMAL")
                                  else "''") for c in columns)
    db.execute_sql(f"WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999) "
                   f"INSERT INTO segment_line ({', '.join(columns)}) SELECT {select} FROM n")
    line_rows("S1", 0, 50)
    with count_queries() as counter:
        rows = line_rows("S1", 99_950, 50)
    assert len(rows) == 50 and rows[-1][0] == 100_000 * 10000
    lines = [sql for sql, _params in (q.msg for q in counter.get_queries()) if 'FROM "segment_line"' in sql]
    seek, page = lines  # the position's key from the primary-key index alone, then the rows from it
    assert counter.count <= 5
    assert seek.startswith('SELECT "t1"."line_no" FROM "segment_line" AS "t1" WHERE ("t1"."segment_no" = ?)')
    assert '"line_no" >= ?' in page and "OFFSET" not in page
