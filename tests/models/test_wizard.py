"""The Create Interaction wizard without its screen (models/interactions/wizard.py; SPEC 3; checklist 8.H 75–87).

Items 82–83 (the opportunity list in step 3, the offer to create one after logging) are not
tested: opportunities are out of scope (SPEC scope note), so the wizard offers neither.

Every test runs on a SQLite file and on PostgreSQL (``log_db``); ``world`` holds SP1 (the
user's salesperson), SP2, templates LETTER (Hard Copy) and NEWS (Email), campaigns CP1/CP2,
company CA with persons P1 (e-mail) and P2, persons P3 and P4, and segment S1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.base import context
from models.base.enums import (
    CorrespondenceType,
    DeliveryStatus,
    Evaluation,
    WizardAction,
)
from models.base.errors import UserError
from models.interactions import entries as ie
from models.interactions import postponed as pp
from models.interactions import wizard as wz
from models.segments.lookups import modified_word_template
from models.segments.templates import template_statistics
from models.tables.contacts import CampaignEntry, Contact, UserSetup
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InterLogEntryCommentLine,
    WordTemplate,
)
from models.tables.segments import SegmentHeader, SegmentLine
from tests.conftest import NOW, WORK_DATE
from tests.helpers import Asked, languages
from tests.models import builders as b
from tests.models.docx_builders import (
    body_texts,
    paragraph,
    simple,
    template_with,
    text,
)
from tests.models.log_builders import BLANK, EM, HC, line, log_db, pg_schema, world  # noqa: F401

ILE = InteractionLogEntry
YES = lambda _q, _d: True  # noqa: E731
NO = lambda _q, _d: False  # noqa: E731


def dear_letter() -> bytes:
    return template_with(paragraph(text("Dear "), simple("CONTA_Name")))


def with_word_template(code: str = "WLET", action: WizardAction = WizardAction.MERGE,
                       correspondence: CorrespondenceType = HC) -> str:
    WordTemplate.create(code="WT1", name="Letter", template=dear_letter())
    b.template(code, "LETTER", description="Word letter", wizard_action=action,
               correspondence_type_default=correspondence, word_template="WT1")
    return code


def ready(contact: str = "P1", template: str = "LETTER") -> wz.Draft:
    draft = wz.start(contact_no=contact)
    wz.set_template(draft, template)
    return draft


# ---------------------------------------------------------------- 8.H 75–77: start and step 1

def test_75_start_from_contact(world):
    draft = wz.start(contact_no="p2")
    assert (draft.contact_no, draft.contact_company_no, draft.contact_name) == ("P2", "CA", "Bert Alpha")
    assert "contact_no" in draft.fixed
    assert draft.salesperson_code == "SP1"  # the user's salesperson (User Setup)
    assert draft.date == WORK_DATE and draft.step == 1 and draft.successful
    assert draft.time_of_interaction == dt.time(12, 34)  # 12:33:59 rounded up
    UserSetup.delete().execute()
    Contact.update(salesperson="SP2").where(Contact.no == "P2").execute()
    assert wz.start(contact_no="P2").salesperson_code == "SP2"  # else the contact's
    with pytest.raises(UserError, match="Contact NOPE does not exist"):
        wz.start(contact_no="NOPE")


def test_time_rounding(log_db):
    context.set_context(work_date=WORK_DATE, fixed_now=dt.datetime(2026, 1, 27, 9, 5, 0), user_id="TESTER")
    assert wz.start().time_of_interaction == dt.time(9, 6)  # BC adds a second, then rounds up
    assert wz.round_up_to_minute(dt.datetime(2026, 1, 1, 23, 59, 30)) == dt.time(0, 0)
    assert wz.round_up_to_minute(NOW) == dt.time(12, 34)


def test_start_from_salesperson_and_entry_filters(world):
    draft = wz.start(salesperson_code="SP2")
    assert draft.salesperson_code == "SP2" and draft.fixed == {"salesperson_code"}
    draft = wz.start(filters={"Contact No.": "P1", "Campaign No.": "CP1", "Salesperson Code": "SP1|SP2"})
    assert (draft.contact_no, draft.campaign_no) == ("P1", "CP1")
    assert draft.fixed == {"contact_no", "campaign_no"}  # a two-value filter fixes nothing
    wz.set_template(draft, "LETTER")
    assert draft.campaign_no == "CP1"


def test_76_contact_by_part_of_the_name(world):
    assert wz.find_contact("alpha") == "CA"  # first by No.
    assert wz.find_contact("ERT al") == "P2"
    assert wz.find_contact("100%") is None
    draft = wz.start()
    wz.set_contact(draft, "carl")
    assert (draft.contact_no, draft.contact_name) == ("P3", "Carl Beta")
    wz.set_contact(draft, "nobody")
    assert draft.contact_no == "" and draft.contact_name == ""
    with pytest.raises(UserError, match="fixed"):
        wz.set_contact(wz.start(contact_no="P1"), "carl")


def test_77_step_1_requires_template_and_description(world):
    b.template("BLANKCT", "LETTER", description="", correspondence_type_default=BLANK)
    draft = wz.start(contact_no="P1")
    with pytest.raises(UserError, match="^Interaction Template Code is required.$"):
        wz.next_step(draft)
    with pytest.raises(UserError, match="does not exist"):
        wz.set_template(draft, "NOPE")
    wz.set_template(draft, "NEWS")
    assert draft.description == "Newsletter" and draft.correspondence_type == EM
    wz.set_template(draft, "BLANKCT")
    assert draft.correspondence_type == BLANK and draft.description == ""  # replaced by the new template's
    with pytest.raises(UserError, match="^Description is required.$"):
        wz.next_step(draft)


def test_template_language(world):
    languages("DEU", "FRA")
    Contact.update(language="FRA").where(Contact.no == "P1").execute()
    b.template("ML", "LETTER", description="Multi", language_code_default="DEU")
    b.tmpl_language("ML", "DEU", attachment=b"deutsch")
    b.tmpl_language("ML", "FRA", attachment=b"francais")
    draft = ready("P1", "ML")
    assert (draft.language_code, draft.attachment) == ("FRA", b"francais")
    assert ready("P2", "ML").language_code == "DEU"
    wz.set_language(draft, "DEU")
    assert draft.attachment == b"deutsch"
    with pytest.raises(UserError, match="no language ENU"):
        wz.set_language(draft, "ENU")


# ---------------------------------------------------------------- 8.H 78: step 2

def test_78_blank_action_skips_step_2(world):
    draft = ready()
    wz.next_step(draft)
    assert draft.step == 3 and draft.subject == "Product letter"
    wz.back_step(draft)
    assert draft.step == 1


def test_78_open_without_attachment_errors(world):
    b.template("OPEN", "LETTER", description="Open it", wizard_action=WizardAction.OPEN)
    draft = ready(template="OPEN")
    wz.next_step(draft)
    assert draft.step == 2
    with pytest.raises(UserError, match="^No attachment found – add an attachment or choose a Word template"):
        wz.next_step(draft)
    with pytest.raises(UserError, match="No attachment found"):
        wz.log(draft)


def test_78_open_merges_the_word_template(world):
    draft = ready(template=with_word_template(action=WizardAction.OPEN))
    wz.next_step(draft)
    wz.next_step(draft)
    assert draft.step == 3 and draft.merged and draft.attachment_extension == "DOCX"
    assert body_texts(draft.attachment) == ["Dear Anna Alpha"]
    wz.back_step(draft)
    assert draft.step == 2


def test_78_import_stores_the_file(world, tmp_path):
    b.template("IMP", "LETTER", description="Imported", wizard_action=WizardAction.IMPORT)
    draft = ready(template="IMP")
    wz.next_step(draft)
    with pytest.raises(UserError, match="stopped at your request"):
        wz.next_step(draft)
    (tmp_path / "note.txt").write_bytes(b"my notes")
    wz.import_file(draft, tmp_path / "note.txt")
    wz.next_step(draft)
    assert draft.merged and draft.step == 3
    entry_no = wz.log(draft).entry_no
    entry = ILE.get_by_id(entry_no)
    attachment = Attachment.get_by_id(entry.attachment_no)
    assert (attachment.content, attachment.file_extension, attachment.read_only) == (b"my notes", "TXT", True)
    assert entry.merged


def test_import_missing_and_corrupt_files(world, tmp_path):
    draft = ready(template=with_word_template(code="IMPW", action=WizardAction.IMPORT))
    with pytest.raises(UserError, match="could not be read"):
        wz.import_file(draft, tmp_path / "missing.docx")
    (tmp_path / "broken.docx").write_bytes(b"not a zip")
    with pytest.raises(UserError, match="not a Word document"):
        wz.import_file(draft, tmp_path / "broken.docx")
    (tmp_path / "plain.txt").write_bytes(b"text")
    with pytest.raises(UserError, match="not a Word document"):  # the template has a Word template
        wz.import_file(draft, tmp_path / "plain.txt")
    with pytest.raises(UserError, match="stopped at your request"):
        wz.import_file(draft, None)
    assert draft.attachment == b"" and not draft.merged


def test_merge_action(world):
    draft = ready(template=with_word_template())
    wz.next_step(draft)
    wz.next_step(draft)
    assert draft.merged and body_texts(draft.attachment) == ["Dear Anna Alpha"]
    b.template("MNOWT", "LETTER", description="x", wizard_action=WizardAction.MERGE)
    draft = ready(template="MNOWT")
    wz.next_step(draft)
    wz.next_step(draft)
    assert not draft.merged and draft.attachment == b""


# ---------------------------------------------------------------- 8.H 79–81: logging and step 4

def test_79_email_without_document_errors(world):
    draft = ready(template="NEWS")
    wz.next_step(draft)
    with pytest.raises(UserError, match="^Email correspondence needs a template with an attachment or Word"):
        wz.log(draft)
    with pytest.raises(UserError, match="^Email correspondence"):
        wz.postpone(draft)
    assert ILE.select().count() == 0


def test_log_validation_messages(world):
    draft = wz.start()
    with pytest.raises(UserError, match="^Select a contact to interact with.$"):
        wz.log(draft)
    wz.set_contact(draft, "P1")
    with pytest.raises(UserError, match="^Fill in the Interaction Template Code field.$"):
        wz.log(draft)
    wz.set_template(draft, "LETTER")
    draft.salesperson_code = ""
    with pytest.raises(UserError, match="^Fill in the Salesperson Code field.$"):
        wz.log(draft)
    draft.salesperson_code, draft.date = "SP1", None
    with pytest.raises(UserError, match="^Fill in the Date field.$"):
        wz.log(draft)
    draft.date, draft.description = WORK_DATE, ""
    with pytest.raises(UserError, match="^Fill in the Description field.$"):
        wz.log(draft)


def test_80_log_creates_entry_campaign_entry_and_sends(world):
    draft = ready(template=with_word_template())
    draft.campaign_no = "CP1"
    draft.comments = ["first", "second"]
    wz.next_step(draft)
    wz.next_step(draft)
    result = wz.log(draft)
    entry = ILE.get_by_id(result.entry_no)
    assert not entry.postponed and entry.wizard_step == 6 and draft.step == 4
    assert (entry.contact_no, entry.salesperson_code, entry.subject, entry.interaction_template_code) == \
        ("P1", "SP1", "Word letter", "WLET")
    assert entry.time_of_interaction == dt.time(12, 34) and entry.date == WORK_DATE
    assert entry.campaign_entry_no and CampaignEntry.get_by_id(entry.campaign_entry_no).campaign_no == "CP1"
    assert result.delivery.startswith("1 delivered.") and entry.delivery_status == DeliveryStatus.BLANK
    assert [c for _d, c in ie.entry_comments(result.entry_no)] == ["first", "second"]
    # a second interaction for the campaign reuses its campaign entry
    again = ready("P2", "LETTER")
    again.campaign_no = "CP1"
    second = wz.log(again).entry_no
    assert ILE.get_by_id(second).campaign_entry_no == entry.campaign_entry_no
    assert CampaignEntry.select().count() == 1


def test_80_failed_delivery_keeps_the_entry(world):
    draft = ready()  # Hard Copy, no document at all
    result = wz.log(draft)
    entry = ILE.get_by_id(result.entry_no)
    assert entry.delivery_status == DeliveryStatus.ERROR and "failed" in result.delivery
    draft = ready()
    draft.correspondence_type = BLANK
    result = wz.log(draft)
    assert result.delivery == "" and ILE.get_by_id(result.entry_no).delivery_status == DeliveryStatus.BLANK


def test_81_step_4_edits_the_entry(world):
    draft = ready()
    draft.correspondence_type = BLANK
    draft.comments = ["old"]
    entry_no = wz.log(draft).entry_no
    draft.description, draft.evaluation, draft.successful = "Went well", Evaluation.POSITIVE, False
    draft.cost, draft.duration, draft.comments = Decimal("7.50"), 12, ["new one", "two"]
    assert wz.finish(draft) == entry_no
    entry = ILE.get_by_id(entry_no)
    assert (entry.description, entry.evaluation, entry.attempt_failed, entry.cost, entry.duration) == \
        ("Went well", Evaluation.POSITIVE, True, Decimal("7.50"), 12)
    assert [c for _d, c in ie.entry_comments(entry_no)] == ["new one", "two"]
    with pytest.raises(UserError, match="Log the interaction first"):
        wz.finish(ready())


def test_finish_changes_only_the_entry_the_wizard_logged(world):
    """Issue 11: a logged entry is history; Finish may complete the one its wizard just logged,
    once, and nothing else — another entry, a logged segment's entry, or its own again."""
    line(10000, "P1")
    from models.segments.log import log_segment

    logged = log_segment("S1", deliver=False, follow_up=False).logged_segment_entry_no
    segment_entry = ILE.get(ILE.logged_segment_entry_no == logged)
    draft = ready()
    draft.correspondence_type = BLANK
    own = wz.log(draft).entry_no
    for other in (segment_entry.entry_no, own):
        forged = ready("P2")
        forged.entry_no, forged.step, forged.description, forged.cost = other, 4, "Rewritten", Decimal("99")
        with pytest.raises(UserError, match=f"^Interaction Log Entry {other} was not logged by this wizard"):
            wz.finish(forged)
    draft.description = "Done"
    assert wz.finish(draft) == own
    with pytest.raises(UserError, match="was not logged by this wizard \\(or is finished already\\)"):
        wz.finish(draft)
    assert ILE.get_by_id(segment_entry.entry_no).description == segment_entry.description
    assert ILE.get_by_id(own).description == "Done"


# ---------------------------------------------------------------- 8.H 84–87: postpone, resume, delete

def test_84_cancel_and_postpone(world):
    draft = ready()
    draft.campaign_no = "CP1"
    draft.comments = ["call back"]
    assert wz.postpone(draft, NO) == 0 and ILE.select().count() == 0
    with pytest.raises(UserError, match="Select a contact"):
        wz.postpone(wz.start(), YES)
    entry_no = wz.postpone(draft, YES)
    entry = ILE.get_by_id(entry_no)
    assert entry.postponed and entry.wizard_step == 1 and entry.delivery_status == DeliveryStatus.BLANK
    assert entry.campaign_entry_no == 0 and CampaignEntry.select().count() == 0
    assert [c for (c,) in InterLogEntryCommentLine.select(InterLogEntryCommentLine.comment).tuples()] == ["call back"]


def test_85_postponed_excluded_from_entries_and_statistics(world):
    logged = ready()
    logged.correspondence_type = BLANK
    logged_no = wz.log(logged).entry_no
    postponed_no = wz.postpone(ready())
    assert [r.entry_no for r in ie.entries_query()] == [logged_no]
    assert ie.entry_count() == 1
    assert [r.key for r in pp.postponed_rows()] == [postponed_no] and pp.postponed_count() == 1
    (row,) = pp.postponed_rows()
    assert len(pp.POSTPONED_COLUMNS) == len(row._fields) - 1 and all(isinstance(t, str) for t in row[1:])
    assert (row.entry_no, row.contact_no, row.contact_name, row.date, row.wizard_step) == (
        str(postponed_no), "P1", "Anna Alpha", WORK_DATE.isoformat(), "1")
    assert template_statistics("LETTER").no_of_interactions == 1
    with pytest.raises(UserError):
        ie.get_entry(postponed_no)


def test_86_resume_keeps_values_and_finishing_updates_the_same_entry(world, tmp_path):
    b.template("IMP", "LETTER", description="Imported", wizard_action=WizardAction.IMPORT)
    draft = ready("P3", "IMP")
    draft.description, draft.campaign_no, draft.campaign_target = "Visit", "CP2", True
    draft.cost, draft.duration, draft.evaluation, draft.successful = Decimal("3.25"), 40, Evaluation.NEGATIVE, False
    draft.comments = ["a", "b"]
    draft.correspondence_type = BLANK
    wz.next_step(draft)
    (tmp_path / "visit.txt").write_bytes(b"visit report")
    wz.import_file(draft, tmp_path / "visit.txt")
    wz.next_step(draft)
    entry_no = wz.postpone(draft)
    assert ILE.get_by_id(entry_no).wizard_step == 3

    context.set_context(work_date=dt.date(2026, 2, 2), fixed_now=NOW, user_id="TESTER")
    again = pp.resume(entry_no)
    assert again.date == dt.date(2026, 2, 2) and again.step == 3 and again.entry_no == entry_no
    for name in ("contact_no", "contact_company_no", "salesperson_code", "interaction_template_code",
                 "description", "campaign_no", "campaign_target", "cost", "duration", "evaluation",
                 "successful", "comments", "attachment", "attachment_extension", "merged",
                 "time_of_interaction", "correspondence_type", "language_code", "subject"):
        assert getattr(again, name) == getattr(draft, name), name
    assert again.fixed == {"contact_no", "salesperson_code", "campaign_no"}  # P3 has no company
    assert again.contact_name == "Carl Beta" and again.notice == ""

    # postponing again overwrites the same entry
    again.description = "Visit twice"
    assert wz.postpone(again) == entry_no
    assert ILE.select().count() == 1 and ILE.get_by_id(entry_no).description == "Visit twice"
    assert Attachment.select().count() == 1  # the old copy of the document is gone

    # logging the resumed one updates the same entry and clears Postponed
    third = pp.resume(entry_no)
    result = wz.log(third)
    assert result.entry_no == entry_no and ILE.select().count() == 1
    entry = ILE.get_by_id(entry_no)
    assert not entry.postponed and entry.date == dt.date(2026, 2, 2) and entry.description == "Visit twice"
    assert entry.campaign_entry_no and Attachment.get_by_id(entry.attachment_no).read_only
    assert Attachment.select().count() == 1
    third.comments = ["done"]
    wz.finish(third)
    assert [c for _d, c in ie.entry_comments(entry_no)] == ["done"]
    with pytest.raises(UserError, match="does not exist"):
        pp.resume(entry_no)


def test_resume_without_attachment_removes_the_stored_one(world, tmp_path):
    draft = ready()
    draft.attachment, draft.attachment_extension = b"draft letter", "TXT"
    entry_no = wz.postpone(draft)
    again = pp.resume(entry_no)
    assert again.attachment == b"draft letter"
    again.attachment = b""
    wz.postpone(again)
    assert ILE.get_by_id(entry_no).attachment_no == 0 and Attachment.select().count() == 0


def test_two_users_resume_the_same_interaction(world):
    """Issue 11: the first to save wins; the other is told, naming that another user saved it,
    and keeps every value typed: saving again keeps them as a new postponed interaction."""
    entry_no = wz.postpone(ready())
    first = pp.resume(entry_no)
    assert first.notice == ""
    context.set_context(work_date=WORK_DATE, fixed_now=NOW, user_id="OTHER")
    second = pp.resume(entry_no)
    assert second.notice == (f"User TESTER has postponed interaction {entry_no} open too: the first of you to "
                             "save it wins; the other is told and can save their changes as a new interaction.")
    context.set_context(work_date=WORK_DATE, fixed_now=NOW, user_id="TESTER")
    first.description = "First user's"
    assert wz.postpone(first) == entry_no  # the first to save: saved although OTHER opened it later
    context.set_context(work_date=WORK_DATE, fixed_now=NOW, user_id="OTHER")
    second.description = "Second user's"
    with pytest.raises(UserError, match=(
            f"^Postponed interaction {entry_no} was saved by another user \\(TESTER\\) after you opened it, "
            "so your changes were not saved to it. Save again to keep them as a new interaction")):
        wz.postpone(second)
    entry = ILE.get_by_id(entry_no)
    assert entry.postponed and entry.description == "First user's" and entry.user_id == "TESTER"
    # nothing lost: the second user's draft still has what was typed, and saves as a new entry
    assert second.description == "Second user's" and second.entry_no == 0
    other_no = wz.postpone(second)
    assert other_no != entry_no and ILE.get_by_id(other_no).description == "Second user's"
    assert pp.postponed_count() == 2


def test_the_first_to_log_wins_and_a_deleted_one_is_named(world):
    entry_no = wz.postpone(ready())
    first, second = pp.resume(entry_no), pp.resume(entry_no)
    assert wz.log(first).entry_no == entry_no
    with pytest.raises(UserError, match=f"^Postponed interaction {entry_no} was logged by another user \\(TESTER\\)"):
        wz.log(second)
    assert ILE.select().count() == 1 and second.entry_no == 0
    gone = wz.postpone(ready("P2"))
    third = pp.resume(gone)
    pp.delete_postponed([gone], YES)
    with pytest.raises(UserError, match=f"^Postponed interaction {gone} was deleted by another user after you"):
        wz.postpone(third)


def test_closing_without_saving_keeps_the_other_users_draft_valid(world):
    """Release forgets who has it open, never the version: the user still working saves."""
    entry_no = wz.postpone(ready())
    first = pp.resume(entry_no)
    context.set_context(work_date=WORK_DATE, fixed_now=NOW, user_id="OTHER")
    second = pp.resume(entry_no)
    wz.release(second)  # OTHER closes without saving
    third = pp.resume(entry_no)
    assert third.notice == ""  # released: the next resume tells nobody
    wz.release(third)
    context.set_context(work_date=WORK_DATE, fixed_now=NOW, user_id="TESTER")
    first.description = "Kept"
    assert wz.postpone(first) == entry_no and ILE.get_by_id(entry_no).description == "Kept"
    assert pp.resume(entry_no).notice == ""


def test_87_delete_postponed(world):
    shared = b.tmpl_language("LETTER", "", attachment=b"template letter").attachment_no
    one = ready()
    one.attachment, one.attachment_extension, one.comments = b"own", "TXT", ["x"]
    one_no = wz.postpone(one)
    two = ready("P2")
    two_no = wz.postpone(two)
    ILE.update(attachment_no=shared).where(ILE.entry_no == two_no).execute()
    own = ILE.get_by_id(one_no).attachment_no
    assert pp.delete_postponed([one_no, two_no], NO) == 0 and pp.postponed_count() == 2
    asked = Asked(always=True)
    assert pp.delete_postponed([one_no, two_no], asked) == 2
    assert asked.questions == [("Delete the 2 selected lines?", False)]
    assert pp.postponed_count() == 0 and InterLogEntryCommentLine.select().count() == 0
    assert Attachment.get_or_none(Attachment.no == own) is None  # unique: removed
    assert Attachment.get_or_none(Attachment.no == shared) is not None  # held by the template language


# ---------------------------------------------------------------- a segment start

def test_segment_start_applies_to_header_and_lines(world):
    line(10000, "P1")
    line(20000, "P2")
    code = with_word_template(action=WizardAction.MERGE)
    draft = wz.start(segment_no="S1")
    assert (draft.segment_no, draft.interaction_template_code, draft.description) == \
        ("S1", "LETTER", "Spring mailing")
    wz.set_template(draft, code)
    draft.description = "Word mailing"
    wz.next_step(draft)
    wz.next_step(draft)
    result = wz.apply_to_segment(draft)
    assert result.segment_no == "S1" and "log" in result.message.lower()
    header = SegmentHeader.get_by_id("S1")
    # WLET has no language record: Subject (Default) stays disabled (SPEC 2.1), so it is not set
    assert (header.interaction_template_code, header.description, header.subject_default) == \
        (code, "Word mailing", "")
    assert {(r.interaction_template_code, r.description) for r in SegmentLine.select()} == {(code, "Word mailing")}
    assert not modified_word_template(header)  # Merge: each line's letter at Log, not a blank one now
    assert ILE.select().count() == 0
    with pytest.raises(UserError, match="segment"):
        wz.log(draft)


def test_schema_migration_adds_the_claim_column(tmp_path):
    from playhouse.migrate import SchemaMigrator, migrate

    from models.base.db import close_database, db
    from models.tables.schema import (
        SCHEMA_VERSION,
        SchemaVersion,
        current_version,
        open_database,
    )

    path = tmp_path / "old.db"
    open_database(path)
    migrate(SchemaMigrator.from_database(db.obj).drop_column("interaction_log_entry", "wizard_claim"))
    SchemaVersion.delete().execute()
    SchemaVersion.create(version=1)
    close_database()
    open_database(path)
    assert current_version() == SCHEMA_VERSION
    assert "wizard_claim" in {c.name for c in db.get_columns("interaction_log_entry")}
    close_database()
