"""Segment header rules: FlowFields, template change, propagation, languages (SPEC 8.B 9–19)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.base.enums import (
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
)
from models.base.errors import FieldError
from models.segments.criteria import next_action, write_history
from models.segments.defaults import insert_contacts
from models.segments.header import (
    APPLY_TEMPLATE_Q,
    CREATE_LANGUAGE_Q,
    UPDATE_LINES_Q,
    UPDATE_SUBJECT_Q,
    header_field_states,
    update_header,
)
from models.segments.lines import add_line, attachment_text
from models.segments.segment import create_segment, delete_segment, segment_totals
from models.tables.contacts import Campaign, Contact
from models.tables.interactions import Attachment
from models.tables.segments import (
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentInteractionLanguage,
    SegmentLine,
)
from tests.helpers import Asked, languages
from tests.models import builders as b
from tests.models import segment_builders as sb


def header(no: str = "S1") -> SegmentHeader:
    return SegmentHeader.get(SegmentHeader.no == no)


def line_values(field: str, no: str = "S1") -> dict:
    return {x.contact_no: getattr(x, field) for x in SegmentLine.select().where(SegmentLine.segment == no)}


def header_languages(no: str = "S1") -> dict:
    return {r.language: r for r in SegmentInteractionLanguage.select().where(
        (SegmentInteractionLanguage.segment == no) & (SegmentInteractionLanguage.segment_line_no == 0))}


@pytest.fixture
def templates(any_db):
    """Templates LETTER (ENU + DEU attachments, campaign CP1) and CALL (no languages)."""
    languages("ENU", "DEU")
    Campaign.create(no="CP1", description="Spring campaign")
    Campaign.create(no="CP2", description="Autumn campaign")
    b.template(
        "LETTER", description="Letter", unit_cost=Decimal("2.50"), unit_duration=7,
        information_flow=InformationFlow.OUTBOUND, initiated_by=InitiatedBy.US, campaign="CP1",
        campaign_target=True, campaign_response=True, correspondence_type_default=CorrespondenceType.HARD_COPY,
        language_code_default="ENU", ignore_contact_corres_type=True,
    )
    b.tmpl_language("LETTER", "ENU", attachment=b"letter en")
    b.tmpl_language("LETTER", "DEU", attachment=b"letter de")
    b.template("CALL", description="Call", unit_cost=Decimal("1.00"), unit_duration=15,
               correspondence_type_default=CorrespondenceType.BLANK)
    b.salesperson("SP1")
    create_segment("S1", description="Mailing", salesperson_code="SP1")


# ---------------------------------------------------------------- FlowFields (9, 10)

def test_totals_come_from_the_lines(templates):
    """8.B 9: No. of Lines, Cost (LCY), Duration (Min.) are computed from the lines; plus
    Campaign Description, Attachment and Modified Word Template (Yes/No)."""
    assert segment_totals("S1") == {
        "No. of Lines": 0, "Cost (LCY)": Decimal("0"), "Duration (Min.)": 0, "No. of Criteria Actions": 0,
        "Campaign Description": "", "Attachment": "No", "Modified Word Template": "No"}
    for no in "ABC":
        sb.company(no)
    update_header("S1", {"interaction_template_code": "LETTER"})
    insert_contacts("S1", Contact.select(Contact.no))
    SegmentLine.update(cost=Decimal("1.25"), duration=4).where(SegmentLine.contact == "C").execute()
    totals = segment_totals("S1")
    assert (totals["No. of Lines"], totals["Cost (LCY)"], totals["Duration (Min.)"]) == (3, Decimal("6.25"), 18)
    assert (totals["Campaign Description"], totals["Attachment"], totals["Modified Word Template"]) == (
        "Spring campaign", "Yes", "No")
    SegmentInteractionLanguage.update(word_template_code="WT1").where(
        SegmentInteractionLanguage.language == "ENU").execute()
    assert (segment_totals("S1")["Attachment"], segment_totals("S1")["Modified Word Template"]) == ("No", "Yes")


def test_no_of_criteria_actions_counts_only_action_lines(templates):
    """8.B 10: filter lines are not counted."""
    assert next_action("S1", CriteriaAction.ADD_CONTACTS, {}, [("Contact", "{}"), ("Mailing Group", "{}")]) == 1
    assert next_action("S1", CriteriaAction.REFINE, {}, [("Contact", "{}")]) == 2
    assert SegmentCriteriaLine.select().count() == 5
    assert segment_totals("S1")["No. of Criteria Actions"] == 2
    filters = [c.line_no for c in SegmentCriteriaLine.select().where(SegmentCriteriaLine.type == CriteriaLineType.FILTER)]
    assert filters == [2, 3, 5]


# ---------------------------------------------------------------- template (11, 12, 14)

def test_choosing_a_template_copies_its_defaults(templates):
    """8.B 11: the header copies unit cost, duration, flow, initiated by, campaign
    target/response, correspondence type, ignore flag, language default, group, Word template
    and the template's campaign when the header has none; Subject (Default) is set from the
    default language's record (the template change clears it first).

    Choice (SPEC 2.3 vs 8.B 11): a campaign already on the header is kept. Clearing the
    template (Business Central refuses the blank code: quirk) blanks the defaults, clears the
    campaign and deletes the header-level language records with their attachments."""
    h = update_header("S1", {"interaction_template_code": "letter"})
    assert (h.interaction_template_code, h.interaction_group_code, h.unit_cost, h.unit_duration) == (
        "LETTER", "LETTER", Decimal("2.50"), 7)
    assert (h.information_flow, h.initiated_by, h.campaign_target, h.campaign_response) == (
        InformationFlow.OUTBOUND, InitiatedBy.US, True, True)
    assert (h.correspondence_type_default, h.ignore_contact_corres_type, h.language_code_default) == (
        CorrespondenceType.HARD_COPY, True, "ENU")
    assert (h.campaign_no, h.subject_default) == ("CP1", "")

    copies = [r.attachment_no for r in header_languages().values()]
    h = update_header("S1", {"interaction_template_code": ""})  # SPEC 2.3: blanks, and no campaign
    assert (h.campaign_no, h.campaign_target, h.correspondence_type_default, h.ignore_contact_corres_type) == (
        None, False, CorrespondenceType.BLANK, False)
    assert header_languages() == {}
    assert not Attachment.select().where(Attachment.no.in_(copies)).exists()
    update_header("S1", {"campaign_no": "CP2"})
    h = header()
    assert (h.interaction_template_code, h.unit_cost, h.language_code_default, h.campaign_no) == (None, 0, "", "CP2")
    h = update_header("S1", {"interaction_template_code": "LETTER"})
    assert h.campaign_no == "CP2"
    with pytest.raises(FieldError, match="Interaction Template Code 'NOPE' does not exist") as err:
        update_header("S1", {"interaction_template_code": "nope"})
    assert err.value.field == "interaction_template_code"


def test_template_change_rebuilds_header_languages_with_copied_attachments(templates):
    """8.B 12: one header-level record per template language, each with a copy of the
    template language's attachment (new number, same content); a second change deletes the
    old copies (read-only ones stay) and copies again."""
    originals = {a.no for a in Attachment.select()}
    update_header("S1", {"interaction_template_code": "LETTER"})
    first = header_languages()
    assert set(first) == {"ENU", "DEU"}
    numbers = {r.attachment_no for r in first.values()}
    assert len(numbers) == 2 and not numbers & originals
    assert Attachment.get(Attachment.no == first["DEU"].attachment_no).content == b"letter de"
    Attachment.update(read_only=True).where(Attachment.no == first["DEU"].attachment_no).execute()

    update_header("S1", {"interaction_template_code": "CALL"})
    assert header_languages() == {}
    update_header("S1", {"interaction_template_code": "LETTER"})
    again = {r.language: r.attachment_no for r in header_languages().values()}
    kept = first["DEU"].attachment_no
    assert not set(again.values()) & (originals | {kept})  # (a deleted number may be drawn again: last + 1)
    assert Attachment.get(Attachment.no == kept).read_only  # read-only kept
    assert Attachment.get(Attachment.no == again["ENU"]).content == b"letter en"
    assert Attachment.select().count() == len(originals) + 3


def test_template_change_with_yes_re_defaults_every_line(templates):
    """8.B 11/13 with lines: "Apply Interaction Template Code X to all segment lines?"
    (default Yes) is asked and Yes updates every line (whatever its template).

    Quirk choice (SPEC 2.3): Business Central gives the lines only the new template code. Relman
    re-defaults each line from the new header as re-entering the template would: group, cost,
    duration, direction, campaign flags, correspondence type (by the contact precedence),
    send-as-attachment, the inherited language/attachment/subject/Word template, and its own
    language records are deleted. Description, salesperson, date and evaluation are kept."""
    sb.company("A", language="DEU", correspondence_type=CorrespondenceType.EMAIL)
    sb.company("B")
    update_header("S1", {"interaction_template_code": "CALL"})
    insert_contacts("S1", Contact.select(Contact.no))
    SegmentLine.update(interaction_template_code="OTHER", description="Own").where(SegmentLine.contact == "B").execute()
    asked = Asked()
    update_header("S1", {"interaction_template_code": "LETTER"}, asked)
    assert asked.questions == [(APPLY_TEMPLATE_Q.format(code="LETTER"), True)]
    assert asked.questions[0][0] == (
        "You changed Interaction Template Code. Apply Interaction Template Code LETTER to all segment lines?")
    records = header_languages()
    assert line_values("interaction_template_code") == {"A": "LETTER", "B": "LETTER"}
    assert line_values("cost") == {"A": Decimal("2.50"), "B": Decimal("2.50")}
    assert line_values("language_code") == {"A": "DEU", "B": "ENU"}
    assert line_values("attachment_no") == {"A": records["DEU"].attachment_no, "B": records["ENU"].attachment_no}
    # the header ignores the contact's type with default Hard Copy
    assert line_values("correspondence_type") == {"A": CorrespondenceType.HARD_COPY, "B": CorrespondenceType.HARD_COPY}
    assert line_values("campaign_no") == {"A": "CP1", "B": "CP1"}
    assert line_values("description") == {"A": "Mailing", "B": "Own"}
    assert {attachment_text("S1", n) for n in (10000, 20000)} == {"Inherited"}


def test_template_change_with_no_leaves_lines_or_errors_on_inherited_attachments(templates):
    """8.B 14: answering No on a template change leaves the lines alone — but when any line's
    attachment is inherited it errors "Interaction Template Code can't be changed without
    updating lines when inherited attachments exist." and nothing changes."""
    sb.company("A")
    update_header("S1", {"interaction_template_code": "LETTER"})
    add_line("S1", "A")
    assert attachment_text("S1", 10000) == "Inherited"
    with pytest.raises(FieldError, match="Interaction Template Code can't be changed without updating lines "
                                         "when inherited attachments exist."):
        update_header("S1", {"interaction_template_code": "CALL"}, Asked(False))
    assert header().interaction_template_code == "LETTER"

    SegmentLine.update(attachment_no=0).execute()
    update_header("S1", {"interaction_template_code": "CALL"}, Asked(False))
    assert header().interaction_template_code == "CALL"
    assert line_values("interaction_template_code") == {"A": "LETTER"}


# ---------------------------------------------------------------- propagation (13, 15)

def test_propagating_field_asks_and_updates_only_lines_on_the_header_template(templates):
    """8.B 13: "You changed <field>. Update the segment lines whose template is <code>?"
    (default Yes); Yes updates only lines with the header's template, No leaves them; with no
    such lines nothing is asked. Lines taking a new Date re-derive their alternative address."""
    for no in "ABC":
        sb.company(no)
    update_header("S1", {"interaction_template_code": "CALL"})
    insert_contacts("S1", Contact.select(Contact.no))
    SegmentLine.update(interaction_template_code="LETTER").where(SegmentLine.contact == "C").execute()

    asked = Asked()
    update_header("S1", {"description": "New text", "unit_cost": "3", "send_word_docs_as_attmt": True}, asked)
    assert asked.questions == [
        (UPDATE_LINES_Q.format(field="Description", code="CALL"), True),
        ("You changed Unit Cost (LCY). Update the segment lines whose template is CALL?", True),
        (UPDATE_LINES_Q.format(field="Send Word Docs. as Attmt.", code="CALL"), True),
    ]
    assert line_values("description") == {"A": "New text", "B": "New text", "C": "Mailing"}
    assert line_values("cost") == {"A": Decimal("3.00"), "B": Decimal("3.00"), "C": Decimal("1.00")}
    assert line_values("send_word_doc_as_attmt") == {"A": True, "B": True, "C": False}

    update_header("S1", {"salesperson_code": "", "unit_duration": 20}, Asked(False, False))
    assert line_values("salesperson_code") == {"A": "SP1", "B": "SP1", "C": "SP1"}
    assert (header().salesperson_code, header().unit_duration) == (None, 20)

    sb.alt_address("A", "SUMMER", dt.date(2026, 6, 1), dt.date(2026, 8, 31))
    update_header("S1", {"date": "2026-07-01"}, Asked(True))  # lines re-derive their alt address
    assert line_values("date") == {"A": dt.date(2026, 7, 1), "B": dt.date(2026, 7, 1), "C": dt.date(2026, 1, 26)}
    assert line_values("contact_alt_address_code") == {"A": "SUMMER", "B": "", "C": ""}

    SegmentLine.update(interaction_template_code="LETTER").execute()
    asked = Asked()
    update_header("S1", {"description": "Quiet"}, asked)
    assert asked.questions == [] and header().description == "Quiet"


def test_correspondence_type_is_pushed_only_with_an_attachment_or_word_template(templates):
    """SPEC 2.3 footnote: Correspondence Type (Default) goes to the lines only when the new
    value is not blank and the header has an attachment or its template a Word template."""
    sb.company("A")
    update_header("S1", {"interaction_template_code": "CALL", "ignore_contact_corres_type": True})
    add_line("S1", "A")
    asked = Asked()
    update_header("S1", {"correspondence_type_default": "Email"}, asked)
    assert asked.questions == [] and header().correspondence_type_default == CorrespondenceType.EMAIL
    update_header("S1", {"interaction_template_code": "LETTER"}, Asked(True))
    asked = Asked()
    update_header("S1", {"correspondence_type_default": "Email"}, asked)
    assert [q for q, _ in asked.questions] == [
        UPDATE_LINES_Q.format(field="Correspondence Type (Default)", code="LETTER")]
    assert line_values("correspondence_type") == {"A": CorrespondenceType.EMAIL}


def test_clearing_the_campaign_resets_target_and_response(templates):
    """8.B 15: clearing Campaign No. on the header resets Campaign Target and Campaign
    Response (on the lines too when they take the cleared campaign)."""
    sb.company("A")
    update_header("S1", {"interaction_template_code": "LETTER"})
    add_line("S1", "A")
    assert (header().campaign_target, header().campaign_response) == (True, True)
    h = update_header("S1", {"campaign_no": ""}, Asked(True))
    assert (h.campaign_no, h.campaign_target, h.campaign_response) == (None, False, False)
    assert (line_values("campaign_no"), line_values("campaign_target"), line_values("campaign_response")) == (
        {"A": ""}, {"A": False}, {"A": False})
    with pytest.raises(FieldError, match="Campaign Target can't be changed: Campaign No. must have a value"):
        update_header("S1", {"campaign_target": True})
    h = update_header("S1", {"campaign_no": "CP2", "campaign_target": True}, Asked(False, False))
    assert (h.campaign_no, h.campaign_target) == ("CP2", True)


def test_header_values_are_validated(templates):
    """Salesperson must exist and not be blocked; campaign must exist; cost not negative;
    duration whole minutes; description at most 100 characters."""
    b.salesperson("OLD", blocked=True)
    with pytest.raises(FieldError, match="Salesperson OLD is blocked") as err:
        update_header("S1", {"salesperson_code": "old"})
    assert err.value.field == "salesperson_code"
    with pytest.raises(FieldError, match="Campaign No. 'CP9' does not exist"):
        update_header("S1", {"campaign_no": "CP9"})
    update_header("S1", {"interaction_template_code": "CALL"})
    with pytest.raises(FieldError, match="must not be negative"):
        update_header("S1", {"unit_cost": "-1"})
    with pytest.raises(FieldError, match="whole number"):
        update_header("S1", {"unit_duration": "1.5"})
    with pytest.raises(FieldError, match="longer than 100"):
        update_header("S1", {"description": "x" * 101})
    with pytest.raises(TypeError):
        update_header("S1", {"no_series": "X"})
    assert update_header("S1", {"description": "Mailing", "salesperson_code": "SP1"}) == header()


# ---------------------------------------------------------------- field states (16)

def test_field_enabling(templates):
    """8.B 16: Correspondence Type (Default) only with "Ignore Contact Corres. Type";
    template-dependent fields only with a template; Subject (Default) only when a header
    language record exists for the default language; campaign flags only with a campaign.
    update_header refuses a change to a disabled field."""
    states = header_field_states("S1")
    assert not any(states[f] for f in ("correspondence_type_default", "language_code_default", "unit_cost",
                                       "unit_duration", "information_flow", "initiated_by", "attachment",
                                       "ignore_contact_corres_type", "subject_default", "campaign_target",
                                       "campaign_response"))
    assert all(states[f] for f in ("description", "salesperson_code", "date", "interaction_template_code",
                                   "campaign_no"))
    with pytest.raises(FieldError, match="Unit Cost \\(LCY\\) can't be changed: Interaction Template Code must "
                                         "have a value"):
        update_header("S1", {"unit_cost": "5"})

    update_header("S1", {"interaction_template_code": "CALL"})
    states = header_field_states("S1")
    assert states["unit_cost"] and states["language_code_default"] and not states["correspondence_type_default"]
    assert not states["subject_default"]
    with pytest.raises(FieldError, match="Correspondence Type \\(Default\\) can't be changed: Ignore Contact"):
        update_header("S1", {"correspondence_type_default": "Email"})
    with pytest.raises(FieldError, match="Subject \\(Default\\) can't be changed"):
        update_header("S1", {"subject_default": "Hi"})
    update_header("S1", {"ignore_contact_corres_type": True, "correspondence_type_default": "Email"})

    update_header("S1", {"interaction_template_code": "LETTER"})
    states = header_field_states("S1")
    assert states["subject_default"] and states["campaign_target"] and states["correspondence_type_default"]


# ---------------------------------------------------------------- language and subject (17, 18)

def test_default_language_without_record_asks_to_create_it(templates):
    """8.B 17: a Language Code (Default) without header-level record asks "Create Segment
    Interaction Language X?" (default Yes) and clears the subject; Yes creates the record
    (description "<template> <language>"); No cancels the whole change (None, nothing saved).
    A language with a record gives its subject."""
    languages("FRA")
    update_header("S1", {"interaction_template_code": "LETTER"})
    update_header("S1", {"subject_default": "Hello"})
    SegmentInteractionLanguage.update(subject="Hallo").where(SegmentInteractionLanguage.language == "DEU").execute()

    asked = Asked(False)
    assert update_header("S1", {"language_code_default": "FRA", "description": "Changed"}, asked) is None
    assert asked.questions == [(CREATE_LANGUAGE_Q.format(code="FRA"), True)]
    assert asked.questions[0][0] == "Create Segment Interaction Language FRA?"
    assert (header().language_code_default, header().subject_default, header().description) == (
        "ENU", "Hello", "Mailing")

    h = update_header("S1", {"language_code_default": "FRA"}, Asked(True))
    assert (h.language_code_default, h.subject_default) == ("FRA", "")
    record = header_languages()["FRA"]
    assert (record.description, record.attachment_no) == ("LETTER FRA", 0)

    h = update_header("S1", {"language_code_default": "DEU"}, Asked())
    assert (h.language_code_default, h.subject_default) == ("DEU", "Hallo")
    with pytest.raises(FieldError, match="Language Code \\(Default\\) 'XX' does not exist"):
        update_header("S1", {"language_code_default": "XX"})


def test_new_header_language_re_points_inherited_lines(templates):
    """8.B 17 / SPEC 1.11 insert rule: a new header-level record that is the segment's first
    gives every inherited line its language; a later one only lines whose contact speaks it."""
    languages("FRA")
    sb.company("A", language="FRA")
    sb.company("B")
    update_header("S1", {"interaction_template_code": "CALL"})
    insert_contacts("S1", Contact.select(Contact.no))
    update_header("S1", {"language_code_default": "ENU"}, Asked(True))
    assert line_values("language_code") == {"A": "ENU", "B": "ENU"}
    update_header("S1", {"language_code_default": "FRA"}, Asked(True))
    assert line_values("language_code") == {"A": "FRA", "B": "ENU"}


def test_subject_change_offers_to_update_matching_lines(templates):
    """8.B 18: changing Subject (Default) updates the default language's record and, after
    "You changed Subject (Default). Update the corresponding segment lines?" (default Yes),
    the lines with the header template, the default language and the old subject."""
    sb.company("A")
    sb.company("B", language="DEU")
    sb.company("C")
    update_header("S1", {"interaction_template_code": "LETTER"})
    update_header("S1", {"subject_default": "Old"})
    insert_contacts("S1", Contact.select(Contact.no))
    SegmentLine.update(subject="Personal").where(SegmentLine.contact == "C").execute()
    asked = Asked()
    update_header("S1", {"subject_default": "New"}, asked)
    assert asked.questions == [(UPDATE_SUBJECT_Q, True)]
    assert header_languages()["ENU"].subject == "New"
    assert line_values("subject") == {"A": "New", "B": "", "C": "Personal"}
    update_header("S1", {"subject_default": "Newer"}, Asked(False))
    assert (header().subject_default, line_values("subject")["A"]) == ("Newer", "New")


# ---------------------------------------------------------------- delete (19)

def test_deleting_a_segment_deletes_everything_it_owns(templates):
    """8.B 19: lines, criteria, history and language records go with the segment, their
    attachments too unless read-only; other segments stay."""
    sb.company("A")
    update_header("S1", {"interaction_template_code": "LETTER"})
    add_line("S1", "A")
    own = sb.attachment(b"own", read_only=True)
    sb.header_language("S1", "ENU", line_no=10000, attachment_no=own)
    write_history("S1", 2, SegmentLine.line_no > 0, HistoryAction.DELETION)
    copies = [r.attachment_no for r in header_languages().values()]
    create_segment("S2")
    add_line("S2", "A")
    delete_segment("S1")
    assert [h.no for h in SegmentHeader.select()] == ["S2"]
    for model in (SegmentLine, SegmentCriteriaLine, SegmentHistory, SegmentInteractionLanguage):
        assert not model.select().where(model.segment == "S1").exists()
    assert not Attachment.select().where(Attachment.no.in_(copies)).exists()
    assert Attachment.get_or_none(Attachment.no == own) is not None
