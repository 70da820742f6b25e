"""A segment's Create Interaction wizard postponed and resumed (issue 13 part 1; SPEC preface
"Create Interaction on a segment", 3.3, 3.4), on a SQLite file and on PostgreSQL.

The segment's document stays a template: the wizard never merges it with no contact (each
line's letter is merged at Log); a Word file the user imports becomes the segment's Modified
Word Template, its merge fields kept.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models.base import context
from models.base.db import close_database, db
from models.base.enums import WizardAction
from models.base.errors import UserError
from models.interactions import postponed as pp
from models.interactions import wizard as wz
from models.merge.docx_fields import merge_fields
from models.segments.log import log_segment
from models.segments.lookups import modified_word_template
from models.tables.interactions import (
    Attachment,
    InterLogEntryCommentLine,
    WordTemplate,
)
from models.tables.interactions import InteractionLogEntry as ILE
from models.tables.segments import SegmentHeader
from tests.conftest import NOW, WORK_DATE, reset_postgres
from tests.models import builders as b
from tests.models.docx_builders import (
    body_texts,
    paragraph,
    simple,
    template_with,
    text,
)
from tests.models.log_builders import line, log_db, pg_schema, world  # noqa: F401

YES = lambda _q, _d: True  # noqa: E731


def as_user(user: str) -> None:
    context.set_context(work_date=WORK_DATE, fixed_now=NOW, user_id=user)


def open_letter_draft(tmp_path) -> wz.Draft:
    """S1 with two lines; template WLET (Open, Word template WT1 "Dear «CONTA_Name»"); the
    wizard on S1 with every kind of answer, and at step 2 an edited copy of the template
    imported (its merge field kept)."""
    line(10000, "P1")
    line(20000, "P2")
    WordTemplate.create(code="WT1", name="Letter", template=template_with(paragraph(text("Dear "),
                                                                                     simple("CONTA_Name"))))
    b.template("WLET", "LETTER", description="Word letter", wizard_action=WizardAction.OPEN, word_template="WT1")
    draft = wz.start(segment_no="S1")
    assert draft.date == WORK_DATE and draft.campaign_no == "CP1"  # the segment's own
    wz.set_template(draft, "WLET")
    draft.description, draft.salesperson_code, draft.date = "Autumn letter", "SP2", dt.date(2026, 2, 2)
    draft.campaign_no, draft.campaign_target, draft.campaign_response = "CP2", True, True
    draft.comments = ["Call the big ones first"]
    wz.next_step(draft)
    assert draft.step == 2
    exported = wz.letter(draft)  # the template, not a letter merged for nobody ("Dear ")
    assert [f.name for f in merge_fields(exported)] == ["CONTA_Name"]
    edited = tmp_path / "S1 template.docx"
    edited.write_bytes(template_with(paragraph(text("Dearest "), simple("CONTA_Name"))))
    wz.import_file(draft, edited)
    return draft


def test_postpone_resume_and_finish_a_segment_wizard(world, tmp_path):
    entry_no = wz.postpone(open_letter_draft(tmp_path))
    entry = ILE.get_by_id(entry_no)
    assert (entry.postponed, entry.contact_no, entry.segment_no, entry.wizard_step) == (True, None, "S1", 2)
    row = pp.postponed_rows()[0]
    assert (row.contact_no, row.contact_name, row.segment_no) == ("", "Segment: Spring mailing", "S1")

    draft = pp.resume(entry_no)
    assert (draft.segment_no, draft.step, draft.description, draft.salesperson_code, draft.date) == \
        ("S1", 2, "Autumn letter", "SP2", dt.date(2026, 2, 2))
    assert (draft.campaign_no, draft.campaign_target, draft.campaign_response) == ("CP2", True, True)
    assert draft.comments == ["Call the big ones first"] and draft.imported and not draft.fixed
    wz.next_step(draft)  # step 2 → 3 keeps the imported file as it is
    assert body_texts(draft.attachment) == ["Dearest "]
    wz.apply_to_segment(draft, YES)

    header = SegmentHeader.get_by_id("S1")
    assert (header.interaction_template_code, header.description, header.subject_default) == \
        ("WLET", "Autumn letter", "Autumn letter")
    assert (header.salesperson_code, header.date, header.campaign_no, header.campaign_target,
            header.campaign_response) == ("SP2", dt.date(2026, 2, 2), "CP2", True, True)
    modified = Attachment.get_by_id(modified_word_template(header)).content
    assert [f.name for f in merge_fields(modified)] == ["CONTA_Name"]  # merged per line at Log
    assert pp.postponed_count() == 0 and InterLogEntryCommentLine.select().count() == 0


def test_resume_names_a_segment_logged_meanwhile_and_keeps_the_draft(world, tmp_path):
    entry_no = wz.postpone(open_letter_draft(tmp_path))
    claim = ILE.get_by_id(entry_no).wizard_claim
    log_segment("S1", deliver=False, follow_up=False)
    assert pp.postponed_rows()[0].contact_name == "Segment gone"
    with pytest.raises(UserError, match=f"^Segment S1 has been logged. Postponed interaction {entry_no} was "
                                        "started for it and has nothing left to apply to; it is kept"):
        pp.resume(entry_no)
    entry = ILE.get_by_id(entry_no)
    assert entry.postponed and entry.wizard_claim == claim


def test_two_users_one_segment_wizard_the_first_to_finish_wins(world, tmp_path):
    """The claim rule of a contact's postponed interaction: the second user is told, the
    first to save (here: to apply it) wins, the other keeps every value as a new draft."""
    entry_no = wz.postpone(open_letter_draft(tmp_path))
    first = pp.resume(entry_no)
    as_user("OTHER")
    second = pp.resume(entry_no)
    assert second.notice.startswith(f"User TESTER has postponed interaction {entry_no} open too")
    as_user("TESTER")
    wz.apply_to_segment(first, YES)
    as_user("OTHER")
    second.description = "Second user's"
    with pytest.raises(UserError, match=f"^Postponed interaction {entry_no} was applied to the segment or "
                                        "deleted by another user after you opened it"):
        wz.apply_to_segment(second, YES)
    assert SegmentHeader.get_by_id("S1").description == "Autumn letter"  # nothing of the second applied
    other_no = wz.postpone(second)  # saves as a new postponed interaction
    assert pp.postponed_count() == 1 and ILE.get_by_id(other_no).description == "Second user's"


@pytest.fixture(params=["sqlite", "postgres"])
def old_database(request, tmp_path, monkeypatch):
    """A database as Relman schema version 2 made it: Contact No. NOT NULL."""
    from models.tables import schema

    if request.param == "sqlite":
        target = str(tmp_path / "old.db")
    else:
        target = request.getfixturevalue("pg_url")
        reset_postgres(target)
    monkeypatch.setattr(ILE.contact, "null", False)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    schema.open_database(target)
    monkeypatch.undo()
    yield target
    close_database()


def test_migration_3_lets_a_postponed_entry_have_no_contact(old_database):
    from models.tables.contacts import Contact
    from models.tables.schema import SCHEMA_VERSION, current_version, open_database

    Contact.create(no="P1", name="Anna")
    kept = ILE.create(contact="P1", postponed=True).entry_no
    InterLogEntryCommentLine.create(entry=kept, line_no=10000, comment="kept")
    close_database()
    open_database(old_database)
    assert current_version() == SCHEMA_VERSION == 3
    assert [c.null for c in db.get_columns("interaction_log_entry") if c.name == "contact_no"] == [True]
    assert [c.comment for c in InterLogEntryCommentLine.select()] == ["kept"]  # no cascade on SQLite
    ILE.create(contact="", segment_no="S1", postponed=True)
    assert sorted((e.contact_no or "", e.segment_no) for e in ILE.select()) == [("", "S1"), ("P1", "")]
