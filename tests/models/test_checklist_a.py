"""SPEC §8 A "Setup and numbering": one test per checklist item, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.base import context
from models.base.enums import CorrespondenceType, WizardAction
from models.base.errors import FieldError, UserError
from models.contacts.card import create_contact, update_contact
from models.segments.segment import create_segment
from models.segments.templates import (
    CREATE_LANGUAGE_Q,
    REMOVE_ATTACHMENT_Q,
    get_template_language,
    group_statistics,
    save_template,
    template_statistics,
)
from models.tables.interactions import (
    Attachment,
    InteractionTemplate,
    InteractionTmplLanguage,
)
from models.tables.segments import SegmentHeader
from models.tables.setup import marketing_setup
from tests.conftest import WORK_DATE
from tests.helpers import Asked, languages
from tests.models import builders as b


def test_a1_blank_segment_no_comes_from_segment_nos(any_db):
    """8.A.1: a segment created with a blank No. takes the next number of Marketing Setup
    "Segment Nos." (and records the series); without the series it is an error (SPEC 6.1)."""
    with pytest.raises(UserError, match=r"^Segment Nos\. must have a value in Marketing Setup\.$"):
        create_segment()
    assert SegmentHeader.select().count() == 0

    b.series("SEG", "SEG00001")
    first, second = create_segment(), create_segment(description="Spring mailing")
    assert (first.no, first.no_series) == ("SEG00001", "SEG")
    assert (second.no, second.no_series, second.description) == ("SEG00002", "SEG", "Spring mailing")
    assert SegmentHeader.get_by_id("SEG00002").no_series == "SEG"


def test_a2_new_segment_date_and_user_setup_salesperson(any_db):
    """8.A.2: a new segment gets Date = work date (not today) and Salesperson = the current
    user's User Setup salesperson, if any; a blocked one is not defaulted (SPEC 1.6 #4)."""
    b.series("SEG", "SEG00001")
    assert context.today() != WORK_DATE  # the two dates differ, so the test tells them apart

    no_setup = create_segment()
    assert no_setup.date == WORK_DATE
    assert no_setup.salesperson_code is None

    b.salesperson("JO", user=context.user_id())
    b.salesperson("KIM")
    segment = SegmentHeader.get_by_id(create_segment().no)
    assert (segment.date, segment.salesperson_code) == (WORK_DATE, "JO")

    typed = create_segment(salesperson_code="kim")  # a salesperson given wins over User Setup
    assert typed.salesperson_code == "KIM"

    b.salesperson("OLD", blocked=True, user="OTHER")
    context.set_context(work_date=dt.date(2026, 3, 2), fixed_now=context.now(), user_id="OTHER")
    other = SegmentHeader.get_by_id(create_segment().no)
    assert (other.date, other.salesperson_code) == (dt.date(2026, 3, 2), None)


def test_a3_contact_takes_setup_default_correspondence_type(any_db):
    """8.A.3: Marketing Setup "Default Correspondence Type" is copied to a new contact whose
    correspondence type is blank; a contact with its own type keeps it, and changing a contact
    later does not re-apply the default."""
    setup = marketing_setup()
    setup.default_correspondence_type = CorrespondenceType.HARD_COPY
    setup.save()

    blank = create_contact({"no": "C1", "name": "Blank Ltd"})
    email = create_contact({"no": "C2", "name": "Mail Ltd", "correspondence_type": CorrespondenceType.EMAIL})
    assert blank.correspondence_type == CorrespondenceType.HARD_COPY
    assert email.correspondence_type == CorrespondenceType.EMAIL

    cleared = update_contact("C1", {"correspondence_type": CorrespondenceType.BLANK})
    assert cleared.correspondence_type == CorrespondenceType.BLANK


def test_a4_template_requires_code_and_group_and_defaults_to_email(any_db):
    """8.A.4: an Interaction Template needs a Code and an Interaction Group Code (SPEC 6.5);
    a new template's Correspondence Type (Default) is Email."""
    b.group("CALL")
    with pytest.raises(FieldError, match=r"^Code must have a value\.$") as err:
        save_template(None, {"code": " ", "interaction_group_code": "CALL"})
    assert err.value.field == "code"
    with pytest.raises(FieldError) as err:
        save_template(None, {"code": "PHONE"})
    assert err.value.field == "interaction_group_code"
    assert str(err.value) == "Interaction Group Code must have a value in Interaction Template: Code=PHONE."
    with pytest.raises(FieldError, match="Interaction Group Code 'NOPE' does not exist"):
        save_template(None, {"code": "PHONE", "interaction_group_code": "nope"})
    assert InteractionTemplate.select().count() == 0

    template = save_template(None, {"code": "phone", "interaction_group_code": "call"})
    assert (template.code, template.interaction_group_code) == ("PHONE", "CALL")
    assert InteractionTemplate.get_by_id("PHONE").correspondence_type_default == CorrespondenceType.EMAIL

    with pytest.raises(FieldError) as err:  # nor can an existing template lose its group
        save_template("PHONE", {"interaction_group_code": ""})
    assert err.value.field == "interaction_group_code"


def test_a5_statistics_exclude_canceled_and_postponed_and_honour_dates(any_db):
    """8.A.5: template and group statistics (No. of Interactions, Cost (LCY), Duration (Min.))
    count only entries that are neither canceled nor postponed, within the date filter."""
    b.template("T1", "LETTER")
    b.template("T2", "LETTER")
    b.entry("T1", date=dt.date(2026, 1, 5), cost="1.10", duration=3)
    b.entry("T1", date=dt.date(2026, 1, 20), cost="2.20", duration=7)
    b.entry("T1", date=dt.date(2026, 1, 20), cost="100", duration=100, canceled=True)
    b.entry("T1", date=dt.date(2026, 1, 20), cost="100", duration=100, postponed=True)
    b.entry("T2", date=dt.date(2026, 2, 1), cost="0.70", duration=10)
    b.entry("OTHER", "CALL", date=dt.date(2026, 1, 20), cost="50", duration=50)

    assert template_statistics("T1") == (2, Decimal("3.30"), 10)
    assert template_statistics("t1", dt.date(2026, 1, 6)) == (1, Decimal("2.20"), 7)
    assert template_statistics("T1", None, dt.date(2026, 1, 5)) == (1, Decimal("1.10"), 3)
    assert template_statistics("T1", dt.date(2026, 1, 21), dt.date(2026, 1, 31)) == (0, Decimal("0.00"), 0)
    assert group_statistics("LETTER") == (3, Decimal("4.00"), 20)
    assert group_statistics("LETTER", dt.date(2026, 1, 20), dt.date(2026, 2, 1)) == (2, Decimal("2.90"), 17)
    assert group_statistics("EMPTY") == (0, Decimal("0.00"), 0)


def test_a6_default_language_without_record_asks_and_no_cancels(any_db):
    """8.A.6: setting Language Code (Default) to a language the template has no language record
    for asks "Create Interaction Tmpl. Language X?" (default Yes); No cancels the whole save
    silently: save_template returns None and nothing is written, not even the other fields."""
    languages("ENU", "DEU")
    b.template("T1", description="Before")
    no = Asked(always=False)
    assert save_template("T1", {"language_code_default": "deu", "description": "After"}, no) is None
    assert no.questions == [(CREATE_LANGUAGE_Q.format(language="DEU"), True)]
    unchanged = InteractionTemplate.get_by_id("T1")
    assert (unchanged.language_code_default, unchanged.description) == ("", "Before")
    assert InteractionTmplLanguage.select().count() == 0

    saved = save_template("T1", {"language_code_default": "DEU", "description": "After"}, lambda q, d: d)
    assert (saved.language_code_default, saved.description) == ("DEU", "After")
    record = get_template_language("T1", "DEU")
    assert record is not None and record.description == "After"

    # a language that already has a record is not asked about
    b.tmpl_language("T1", "ENU")
    save_template("T1", {"language_code_default": "ENU"}, lambda q, d: pytest.fail(q))
    assert InteractionTemplate.get_by_id("T1").language_code_default == "ENU"


@pytest.mark.parametrize(
    "case, layout, attachment, word, action",
    [
        ("a: layout, action not Merge, no Word template", "EMAILMERGE", True, None, WizardAction.OPEN),
        ("b: no layout, Merge, no Word template", "", True, None, WizardAction.MERGE),
        ("c: Word template with Import", "", False, "WT1", WizardAction.IMPORT),
        ("d: no attachment, no Word template, Merge", "", False, None, WizardAction.MERGE),
    ],
)
def test_a7_wizard_action_rejects_invalid_combinations(any_db, case, layout, attachment, word, action):
    """8.A.7: Wizard Action validation (SPEC 1.15 a–d, checked when the default language has a
    record) rejects each invalid combination with "Wizard Action = <x> can't be used for
    Interaction Template <code>." and writes nothing; the valid neighbour of each is accepted."""
    languages("ENU")
    if word:
        b.word_template(word)
    b.template("T1", language_code_default="ENU", word_template=word)
    b.tmpl_language("T1", "ENU", attachment=b"body" if attachment else None, layout=layout, word=word)

    with pytest.raises(FieldError) as err:
        save_template("T1", {"wizard_action": action})
    assert err.value.field == "wizard_action"
    assert str(err.value) == f"Wizard Action = {action.label} can't be used for Interaction Template T1."
    assert InteractionTemplate.get_by_id("T1").wizard_action == WizardAction.BLANK

    valid = {
        "a": WizardAction.MERGE,  # a layout goes with Merge
        "b": WizardAction.OPEN,
        "c": WizardAction.OPEN,
        "d": WizardAction.IMPORT,
    }[case[0]]
    assert save_template("T1", {"wizard_action": valid}).wizard_action == valid


def test_a8_word_template_on_template_with_attachment_asks_to_remove_it(any_db):
    """8.A.8: setting a Word Template Code on a template whose default language has an
    attachment asks "A Word template can't be combined with an attachment. Remove the
    attachment?"; No clears the Word Template Code (the rest of the save goes through),
    Yes removes the attachment and writes the code into the language record."""
    languages("ENU")
    b.word_template("LETTER")
    b.template("T1", language_code_default="ENU")
    record = b.tmpl_language("T1", "ENU", attachment=b"old letter")
    attachment_no = record.attachment_no
    asked = Asked(False, True)
    kept = save_template("T1", {"word_template_code": "letter", "description": "New"}, asked)
    assert asked.questions == [(REMOVE_ATTACHMENT_Q, True)]
    assert (kept.word_template_code, kept.description) == (None, "New")
    stored = get_template_language("T1", "ENU")
    assert (stored.word_template_code, stored.attachment_no) == (None, attachment_no)
    assert Attachment.get_or_none(Attachment.no == attachment_no) is not None

    replaced = save_template("T1", {"word_template_code": "LETTER"}, asked)
    assert asked.questions == [(REMOVE_ATTACHMENT_Q, True)] * 2
    assert replaced.word_template_code == "LETTER"
    stored = get_template_language("T1", "ENU")
    assert (stored.word_template_code, stored.attachment_no) == ("LETTER", None)
    assert Attachment.get_or_none(Attachment.no == attachment_no) is None
