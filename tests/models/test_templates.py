"""Interaction templates, their languages and attachments, and interaction groups (SPEC 1.14–1.17, 6.5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.base.enums import (
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    WizardAction,
)
from models.base.errors import FieldError, UserError
from models.segments.segment import create_segment
from models.segments.template_languages import (
    add_template_language,
    delete_template_language,
    export_language_attachment,
    import_language_attachment,
    remove_language_attachment,
    update_template_language,
)
from models.segments.templates import (
    REPLACE_ATTACHMENT_Q,
    delete_group,
    delete_template,
    get_template_language,
    save_group,
    save_template,
    template_attachment_no,
)
from models.tables.interactions import (
    Attachment,
    InteractionGroup,
    InteractionTemplate,
    InteractionTmplLanguage,
)
from models.tables.segments import SegmentHeader
from tests.helpers import Asked, languages
from tests.models import builders as b

never = lambda question, default: pytest.fail(f"unexpected question: {question}")  # noqa: E731


# ------------------------------------------------------------------ template fields

def test_save_template_stores_every_field_and_accepts_texts(any_db):
    b.group("MEET")
    languages("ENU")
    from models.tables.contacts import Campaign
    Campaign.create(no="CP1")
    t = save_template(None, {
        "code": "visit", "interaction_group_code": "meet", "description": "Customer visit",
        "unit_cost": "12.345", "unit_duration": "90", "information_flow": "Outbound",
        "initiated_by": InitiatedBy.US, "campaign_no": "cp1", "campaign_target": "Yes",
        "campaign_response": False, "correspondence_type_default": "Hard Copy",
        "ignore_contact_corres_type": True, "wizard_action": "Open",
    }, never)
    stored = InteractionTemplate.get_by_id("VISIT")
    assert t.code == "VISIT"
    assert (stored.interaction_group_code, stored.description) == ("MEET", "Customer visit")
    assert (stored.unit_cost, stored.unit_duration) == (Decimal("12.35"), 90)
    assert (stored.information_flow, stored.initiated_by) == (InformationFlow.OUTBOUND, InitiatedBy.US)
    assert (stored.campaign_no, stored.campaign_target, stored.campaign_response) == ("CP1", True, False)
    assert stored.correspondence_type_default == CorrespondenceType.HARD_COPY
    assert (stored.ignore_contact_corres_type, stored.wizard_action) == (True, WizardAction.OPEN)

    # an update that repeats unchanged values (a card sends every field) asks nothing
    save_template("VISIT", {"code": "VISIT", "description": "Visit", "wizard_action": WizardAction.OPEN}, never)
    assert InteractionTemplate.get_by_id("VISIT").description == "Visit"


@pytest.mark.parametrize("field, value, message", [
    ("unit_cost", "-0.01", "Unit Cost (LCY) must not be negative."),
    ("unit_cost", "abc", "Unit Cost (LCY): 'abc' is not a number."),
    ("unit_duration", -1, "Unit Duration (Min.) must not be negative."),
    ("unit_duration", "1.5", "Unit Duration (Min.) must be a whole number of minutes."),
    ("information_flow", "Sideways", "Information Flow: 'Sideways' is not one of 'Outbound', 'Inbound'."),
    ("campaign_no", "NONE", "Campaign No. 'NONE' does not exist."),
    ("language_code_default", "XX", "Language Code (Default) 'XX' does not exist."),
    ("word_template_code", "NOWT", "Word Template Code 'NOWT' does not exist."),
    ("description", "x" * 101, "Description is longer than 100 characters."),
])
def test_save_template_field_errors_name_the_field(sqlite_db, field, value, message):
    b.group("G")
    with pytest.raises(FieldError) as err:
        save_template(None, {"code": "T", "interaction_group_code": "G", field: value}, never)
    assert (err.value.field, str(err.value)) == (field, message)
    assert InteractionTemplate.select().count() == 0


def test_template_code_is_unique_and_cannot_change(sqlite_db):
    b.template("T1")
    with pytest.raises(FieldError, match="Interaction Template T1 already exists"):
        save_template(None, {"code": "t1", "interaction_group_code": "LETTER"})
    with pytest.raises(FieldError, match="cannot be changed"):
        save_template("T1", {"code": "T2"})
    with pytest.raises(UserError, match="Interaction Template NOPE does not exist"):
        save_template("NOPE", {"description": "x"})


def test_new_template_with_default_language_asks_and_creates_the_record(any_db):
    b.group("G")
    languages("ENU")
    asked = Asked(always=True)
    t = save_template(None, {"code": "T", "interaction_group_code": "G", "language_code_default": "enu",
                             "description": "Letter"}, asked)
    assert asked.questions == [("Create Interaction Tmpl. Language ENU?", True)]
    assert t.language_code_default == "ENU"
    assert get_template_language("T", "ENU").description == "Letter"

    assert save_template(None, {"code": "U", "interaction_group_code": "G", "language_code_default": "ENU"},
                         lambda q, d: False) is None
    assert InteractionTemplate.get_or_none(InteractionTemplate.code == "U") is None


def test_default_language_sets_wizard_action_and_word_template(any_db):
    """SPEC 1.15 #17: a language with an email-merge layout makes Wizard Action Merge; one
    without turns Merge back to blank; the template takes the language's Word Template Code."""
    languages("ENU", "DEU", "FRA")
    b.word_template("WDEU", language="DEU")
    b.template("T1", wizard_action=WizardAction.OPEN)
    b.tmpl_language("T1", "ENU", attachment=b"<html>", layout="NEWSLETTER")
    b.tmpl_language("T1", "DEU", word="WDEU")
    b.tmpl_language("T1", "FRA", attachment=b"lettre")

    t = save_template("T1", {"language_code_default": "ENU"}, never)
    assert (t.wizard_action, t.word_template_code) == (WizardAction.MERGE, None)
    t = save_template("T1", {"language_code_default": "DEU"}, never)
    assert (t.wizard_action, t.word_template_code) == (WizardAction.BLANK, "WDEU")
    t = save_template("T1", {"language_code_default": "FRA"}, never)
    assert (t.wizard_action, t.word_template_code) == (WizardAction.BLANK, None)
    assert template_attachment_no("T1") == get_template_language("T1", "FRA").attachment_no


def test_word_template_rules(any_db):
    """SPEC 1.15 #20 / 6.5: refused with Wizard Action Import; written into the default
    language's record, which is created when missing; a Word template for another language
    is refused."""
    languages("ENU", "DEU")
    b.word_template("WT")
    b.word_template("WDEU", language="DEU")
    b.template("T1", wizard_action=WizardAction.IMPORT)
    with pytest.raises(FieldError) as err:
        save_template("T1", {"word_template_code": "WT"}, never)
    assert (err.value.field, str(err.value)) == (
        "word_template_code", "Word Template Code = WT can't be used with Wizard Action Import.")

    b.template("T2")  # blank default language: the blank language record carries the code
    save_template("T2", {"word_template_code": "wt"}, never)
    assert get_template_language("T2", "").word_template_code == "WT"
    assert InteractionTemplate.get_by_id("T2").word_template_code == "WT"

    save_template("T2", {"word_template_code": ""}, never)
    assert get_template_language("T2", "").word_template_code is None

    b.template("T3", language_code_default="ENU")
    b.tmpl_language("T3", "ENU")
    with pytest.raises(FieldError, match="Word Template WDEU is for language DEU, not ENU"):
        save_template("T3", {"word_template_code": "WDEU"}, never)

    # Merge and a Word template in one save: the combination is checked as a whole
    t = save_template("T3", {"word_template_code": "WT", "wizard_action": WizardAction.MERGE}, never)
    assert (t.word_template_code, t.wizard_action) == ("WT", WizardAction.MERGE)


def test_wizard_action_not_checked_without_default_language_record(sqlite_db):
    """SPEC 1.15: the Wizard Action rules apply only when the default language has a record."""
    b.template("T1")
    assert save_template("T1", {"wizard_action": "Merge"}, never).wizard_action == WizardAction.MERGE


def test_delete_template_removes_languages_and_their_attachments(any_db):
    languages("ENU", "DEU")
    b.template("T1")
    enu = b.tmpl_language("T1", "ENU", attachment=b"x").attachment_no
    deu = b.tmpl_language("T1", "DEU", attachment=b"y", read_only=True).attachment_no
    b.entry("T1")
    delete_template("t1")
    assert InteractionTemplate.select().count() == 0
    assert InteractionTmplLanguage.select().count() == 0
    assert [a.no for a in Attachment.select()] == [deu]  # the read-only one stays
    assert enu != deu
    with pytest.raises(UserError, match="Interaction Template T1 does not exist"):
        delete_template("T1")


def test_delete_template_used_by_a_segment_is_refused(any_db):
    b.template("T1")
    segment = create_segment("S1")
    SegmentHeader.update(interaction_template="T1").where(SegmentHeader.no == segment.no).execute()
    with pytest.raises(UserError, match="Interaction Template T1 is used by segments"):
        delete_template("T1")
    assert InteractionTemplate.select().count() == 1


# ------------------------------------------------------------------ languages

def test_add_update_delete_template_language(any_db):
    languages("ENU", "DEU")
    b.word_template("WT")
    b.template("T1", language_code_default="ENU")
    add_template_language("T1", "enu", "English", "WT")
    assert InteractionTemplate.get_by_id("T1").word_template_code == "WT"  # default language: mirrored
    add_template_language("T1", "", "No language")
    with pytest.raises(FieldError, match="Language ENU already exists for Interaction Template T1"):
        add_template_language("T1", "ENU")
    with pytest.raises(FieldError, match="Language Code 'XX' does not exist"):
        add_template_language("T1", "XX")

    update_template_language("T1", "ENU", {"language_code": "DEU", "description": "Deutsch"})
    assert get_template_language("T1", "ENU") is None
    assert get_template_language("T1", "DEU").description == "Deutsch"
    assert InteractionTemplate.get_by_id("T1").language_code_default == "DEU"  # followed the rename

    record = b.tmpl_language("T1", "ENU", attachment=b"att")
    with pytest.raises(FieldError, match="can't be combined with an attachment"):
        update_template_language("T1", "ENU", {"word_template_code": "WT"})
    update_template_language("T1", "ENU", {"word_template_code": "WT"}, confirm=lambda q, d: True)
    assert Attachment.get_or_none(Attachment.no == record.attachment_no) is None
    assert get_template_language("T1", "ENU").word_template_code == "WT"

    delete_template_language("T1", "DEU")  # the default language: the template's default clears
    t = InteractionTemplate.get_by_id("T1")
    assert (t.language_code_default, t.word_template_code) == ("", None)
    assert [r.language_code for r in InteractionTmplLanguage.select().order_by(
        InteractionTmplLanguage.language_code)] == ["", "ENU"]


def test_delete_template_language_keeps_read_only_attachment(any_db):
    languages("ENU", "DEU")
    b.template("T1")
    kept = b.tmpl_language("T1", "ENU", attachment=b"used", read_only=True).attachment_no
    gone = b.tmpl_language("T1", "DEU", attachment=b"unused").attachment_no
    delete_template_language("T1", "ENU")
    delete_template_language("T1", "DEU")
    assert Attachment.get_or_none(Attachment.no == kept) is not None
    assert Attachment.get_or_none(Attachment.no == gone) is None


# ------------------------------------------------------------------ attachments

def test_import_export_replace_remove_attachment(any_db, tmp_path):
    languages("ENU")
    b.template("T1", language_code_default="ENU")
    letter = tmp_path / "Letter.docx"
    letter.write_bytes(b.docx_bytes("Dear"))

    attachment = import_language_attachment("T1", "ENU", letter, never)  # record created on the way
    assert attachment.file_extension == "DOCX"
    assert bytes(Attachment.get_by_id(attachment.no).attachment_file) == b.docx_bytes("Dear")
    assert template_attachment_no("T1") == attachment.no

    out = export_language_attachment("T1", "ENU", tmp_path / "out")
    assert out == tmp_path / "out.docx" and out.read_bytes() == b.docx_bytes("Dear")
    folder = tmp_path / "folder"
    folder.mkdir()
    assert export_language_attachment("T1", "ENU", folder) == folder / "T1-ENU.docx"

    note = tmp_path / "note.txt"
    note.write_text("plain")
    asked = Asked()
    assert import_language_attachment("T1", "ENU", note, asked) is None
    assert asked.questions == [(REPLACE_ATTACHMENT_Q, False)]
    assert template_attachment_no("T1") == attachment.no

    replaced = import_language_attachment("T1", "ENU", note, lambda q, d: True)
    assert replaced.file_extension == "TXT"
    assert template_attachment_no("T1") == replaced.no
    assert Attachment.get_or_none(Attachment.no == attachment.no) is None  # the old one is gone

    assert remove_language_attachment("T1", "ENU") is True
    assert Attachment.get_or_none(Attachment.no == replaced.no) is None
    assert remove_language_attachment("T1", "ENU") is False
    with pytest.raises(UserError, match=r"^The attachment is empty\.$"):
        export_language_attachment("T1", "ENU", tmp_path / "x")


def test_import_refusals(sqlite_db, tmp_path):
    languages("ENU")
    b.word_template("WT")
    b.template("T1")
    b.tmpl_language("T1", "ENU", attachment=b"used", read_only=True)
    good = tmp_path / "good.txt"
    good.write_text("hello")
    with pytest.raises(UserError, match="read-only"):
        import_language_attachment("T1", "ENU", good, lambda q, d: True)

    b.tmpl_language("T1", "", word="WT")
    with pytest.raises(UserError, match="An attachment can't be used when a Word template is specified"):
        import_language_attachment("T1", "", good, never)

    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip")
    b.template("T2")
    for path in (tmp_path / "missing.txt", empty, tmp_path, ""):
        with pytest.raises(UserError, match=r"^The import was cancelled or the file could not be read\.$"):
            import_language_attachment("T2", "", path, never)
    with pytest.raises(UserError, match="fake.docx is not a Word document"):
        import_language_attachment("T2", "", fake, never)
    assert get_template_language("T2", "") is None  # nothing was created by the failed imports


def test_remove_read_only_attachment_unlinks_but_keeps_it(sqlite_db):
    languages("ENU")
    b.template("T1")
    no = b.tmpl_language("T1", "ENU", attachment=b"used", read_only=True).attachment_no
    assert remove_language_attachment("T1", "ENU") is True
    assert get_template_language("T1", "ENU").attachment_no is None
    assert Attachment.get_by_id(no).read_only


# ------------------------------------------------------------------ groups

def test_groups_save_and_delete(any_db):
    group = save_group(None, {"code": "mail", "description": "Mailings"})
    assert group.code == "MAIL"
    save_group("MAIL", {"code": "MAIL", "description": "All mailings"})
    assert InteractionGroup.get_by_id("MAIL").description == "All mailings"
    with pytest.raises(FieldError, match="Interaction Group MAIL already exists"):
        save_group(None, {"code": "MAIL"})
    with pytest.raises(FieldError, match=r"^Code must have a value\.$"):
        save_group(None, {"code": ""})

    b.template("T1", "MAIL")
    b.template("T2", "MAIL")
    with pytest.raises(UserError, match=r"^Interaction Group MAIL is used by 2 templates\.$"):
        delete_group("MAIL")
    delete_template("T1")
    with pytest.raises(UserError, match=r"^Interaction Group MAIL is used by 1 template\.$"):
        delete_group("MAIL")
    delete_template("T2")
    b.entry("GONE", "MAIL", date=dt.date(2026, 1, 1))  # entries keep the code, as in BC
    delete_group("mail")
    assert InteractionGroup.select().count() == 0
