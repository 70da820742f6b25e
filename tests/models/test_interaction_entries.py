"""Logged Segments and Interaction Log Entries (SPEC 4.1–4.3, 1.12, 1.13, 6.6; checklist 8.I 88–96).

Item 95 (Create Opportunity from an entry) is not tested: opportunities are out of
scope (SPEC scope note), so entries offer no Create Opportunity.
"""

from __future__ import annotations

import pytest

from models.base.enums import (
    CorrespondenceType,
    DeliveryStatus,
    DocumentType,
    Evaluation,
)
from models.base.errors import UserError
from models.filters import FilterError
from models.interactions import entries as ie
from models.interactions import logged_segments as ls
from models.interactions import resend as rs
from models.segments import log as lg
from models.tables.contacts import CampaignEntry
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InteractionTmplLanguage,
    InterLogEntryCommentLine,
)
from models.tables.segments import LoggedSegment, SegmentHeader
from tests.conftest import NOW, USER, WORK_DATE
from tests.helpers import Asked
from tests.models.log_builders import (  # noqa: F401
    BLANK,
    EM,
    HC,
    attachment,
    line,
    log_db,
    on,
    pg_schema,
    world,
)

ILE = InteractionLogEntry


def entry(contact: str = "P1", **values) -> InteractionLogEntry:
    fields = dict(contact=contact, date=WORK_DATE, interaction_template_code="LETTER",
                  interaction_group_code="LETTER", salesperson_code="SP1", description="Call")
    fields.update(values)
    return ILE.create(**fields)


def canceled(*numbers) -> list[bool]:
    return [ILE.get_by_id(n).canceled for n in numbers]


@pytest.fixture
def logged(world):
    """Two logged segments: S1 (entries of P1, P2 with campaign CP1; CA without) and S2
    (P3 with campaign CP2). Returns (S1's entry no., S2's entry no.)."""
    line(10000, "P1", campaign_no="CP1")
    line(20000, "P2", campaign_no="CP1")
    line(30000, "CA", campaign_no="")
    first = lg.log_segment("S1", deliver=False, follow_up=False).logged_segment_entry_no
    SegmentHeader.create(no="S2", description="Autumn", salesperson="SP1", date=WORK_DATE)
    line(10000, "P3", segment="S2", campaign_no="CP2")
    second = lg.log_segment("S2", deliver=False, follow_up=False).logged_segment_entry_no
    return first, second


def entry_nos(logged_entry_no: int) -> list[int]:
    return [n for (n,) in ILE.select(ILE.entry_no).where(ILE.logged_segment_entry_no == logged_entry_no)
            .order_by(ILE.entry_no).tuples()]


# ---------------------------------------------------------------------------
# Logged segments: 88 – 90


def test_switch_canceled_on_logged_segments(logged):
    """8.I 88: Switch Checkmark in Canceled toggles the logged segment, all its entries and
    its campaign entries; the question names it ("Mark Logged Segment 1 as Canceled?" /
    "Logged Segment 1 is marked Canceled. Remove the checkmark?", default Yes); No changes
    nothing."""
    s1, s2 = logged
    asked = Asked(False)
    assert ls.switch_canceled_logged([s1], asked) is False
    assert asked.questions == [(f"Mark Logged Segment {s1} as Canceled?", True)]
    assert not LoggedSegment.get_by_id(s1).canceled

    asked = Asked()
    assert ls.switch_canceled_logged([s1], asked) is True
    assert LoggedSegment.get_by_id(s1).canceled and not LoggedSegment.get_by_id(s2).canceled
    assert canceled(*entry_nos(s1)) == [True, True, True] and canceled(*entry_nos(s2)) == [False]
    assert [c.canceled for c in CampaignEntry.select().order_by(CampaignEntry.entry_no)] == [True, False]

    asked = Asked()
    ls.switch_canceled_logged([s1], asked)
    assert asked.questions == [(f"Logged Segment {s1} is marked Canceled. Remove the checkmark?", True)]
    assert canceled(*entry_nos(s1)) == [False, False, False]
    assert not CampaignEntry.get(CampaignEntry.register_no == s1).canceled


def test_switch_canceled_on_several_logged_segments(logged):
    """8.I 88: several selected: the plural question, and every selected one takes the
    opposite of the first's (lowest Entry No.) value."""
    s1, s2 = logged
    ls.switch_canceled_logged([s2], Asked())
    asked = Asked()
    ls.switch_canceled_logged([s2, s1], asked)
    assert asked.questions == [("Mark the 2 selected Logged Segment lines as Canceled?", True)]
    assert LoggedSegment.get_by_id(s1).canceled and LoggedSegment.get_by_id(s2).canceled
    asked = Asked()
    ls.switch_canceled_logged([s1, s2], asked)
    assert asked.questions == [("Remove the checkmark from the 2 selected Logged Segment lines?", True)]
    assert not any(ls.canceled for ls in LoggedSegment.select())
    assert not any(e.canceled for e in ILE.select())
    assert ls.switch_canceled_logged([], Asked()) is False
    with pytest.raises(UserError, match="Logged Segment 99 does not exist"):
        ls.switch_canceled_logged([s1, 99], Asked())


def test_no_of_interactions_counts_the_same_canceled_state(logged):
    """8.I 89 (SPEC 1.12): No. of Interactions / No. of Campaign Entries count the entries and
    campaign entries whose Canceled equals the logged segment's."""
    s1, s2 = logged
    assert ls.logged_segment_counts(s1) == (3, 1)
    first = entry_nos(s1)[0]
    ILE.update(canceled=True).where(ILE.entry_no == first).execute()
    assert ls.logged_segment_counts(s1) == (2, 1)
    LoggedSegment.update(canceled=True).where(LoggedSegment.entry_no == s1).execute()
    assert ls.logged_segment_counts(s1) == (1, 0)
    rows = {r["entry_no"]: r for r in ls.logged_segments_query().dicts()}
    assert [r for r in rows] == [s2, s1]  # newest first
    assert (rows[s2]["segment_no"], rows[s2]["no_of_interactions"], rows[s2]["no_of_campaign_entries"]) == (
        "S2", 1, 1)
    assert (rows[s1]["user_id"], rows[s1]["creation_date"]) == (USER, NOW.date())
    assert [c.campaign_no for c in ls.campaign_entries_query(s1)] == ["CP1"]
    with pytest.raises(UserError, match="Logged Segment 99 does not exist"):
        ls.logged_segment_counts(99)


def test_delete_canceled_segments(logged):
    """8.I 90 (report 5191): only canceled logged segments (matching the Entry No. / Segment
    No. filters) are deleted; their entries and campaign entries stay, unlinked; "<n> Logged
    Segment has been deleted."."""
    s1, s2 = logged
    assert ls.delete_canceled_logged() == "0 Logged Segment has been deleted."
    ls.switch_canceled_logged([s1, s2], Asked())
    assert ls.delete_canceled_logged(segment_no_filter="S2") == "1 Logged Segment has been deleted."
    assert [ls.entry_no for ls in LoggedSegment.select()] == [s1]
    assert ILE.select().where(ILE.logged_segment_entry_no == 0).count() == 1
    assert CampaignEntry.get(CampaignEntry.campaign == "CP2").register_no == 0
    assert ls.delete_canceled_logged(entry_no_filter=f"<>{s1}") == "0 Logged Segment has been deleted."
    assert ls.delete_canceled_logged(entry_no_filter=str(s1)) == "1 Logged Segment has been deleted."
    assert ILE.select().count() == 4 and ILE.select().where(ILE.logged_segment_entry_no != 0).count() == 0
    assert CampaignEntry.select().where(CampaignEntry.register_no != 0).count() == 0
    with pytest.raises(FilterError):
        ls.delete_canceled_logged(entry_no_filter="x..")


# ---------------------------------------------------------------------------
# Entries: 91 – 94


def test_cancel_entries_asks_about_unique_attachments(world):
    """8.I 91: cancelling entries where one has a unique attachment asks a second question
    (default No): No keeps the attachments; Yes deletes the unique ones (even read-only) and
    clears the entries' Attachment No., keeping an attachment another entry shares."""
    unique, shared = attachment(b"u", read_only=True), attachment(b"s", read_only=True)
    a = entry("P1", attachment_no=unique)
    b = entry("P2", attachment_no=shared)
    c = entry("P3", attachment_no=shared)
    plain = entry("P4")

    asked = Asked()
    assert ie.switch_canceled_entries([a.entry_no], asked)
    assert asked.questions == [(f"Mark Interaction Log Entry {a.entry_no} as Canceled?", True),
                               ("Remove the attachment?", False)]
    assert canceled(a.entry_no) == [True] and Attachment.get_or_none(Attachment.no == unique) is not None
    ie.switch_canceled_entries([a.entry_no], Asked())  # un-cancel (no attachment question)

    asked = Asked(True, True)
    ie.switch_canceled_entries([a.entry_no, b.entry_no, plain.entry_no], asked)
    assert asked.questions == [("Mark the 3 selected Interaction Log Entry lines as Canceled?", True),
                               ("Remove the unique attachments of the selected lines?", False)]
    assert canceled(a.entry_no, b.entry_no, c.entry_no, plain.entry_no) == [True, True, False, True]
    assert Attachment.get_or_none(Attachment.no == unique) is None
    assert Attachment.get_or_none(Attachment.no == shared) is not None
    assert [ILE.get_by_id(n).attachment_no for n in (a.entry_no, b.entry_no)] == [0, shared]

    asked = Asked()
    ie.switch_canceled_entries([plain.entry_no], asked)  # un-cancel: one question only
    assert asked.questions == [(f"Interaction Log Entry {plain.entry_no} is marked Canceled. "
                                "Remove the checkmark?", True)]
    asked = Asked()
    ie.switch_canceled_entries([plain.entry_no], asked)  # no unique attachment: no second question
    assert len(asked.questions) == 1


def test_unique_attachment_held_by_a_template_stays(world):
    """8.I 91: an attachment a template language still holds is not the entry's to delete."""
    held = attachment(b"template letter")
    InteractionTmplLanguage.create(interaction_template="LETTER", language_code="", attachment=held)
    e = entry("P1", attachment_no=held)
    asked = Asked(True, True)
    ie.switch_canceled_entries([e.entry_no], asked)
    assert len(asked.questions) == 1  # nothing unique to remove
    assert Attachment.get_or_none(Attachment.no == held) is not None


def test_uncancel_refused_when_logged_segment_or_campaign_entry_canceled(logged):
    """8.I 92, SPEC 6.6: un-cancelling an entry of a canceled logged segment is refused
    ("Canceled must be No in Logged Segment: Entry No.=<n>."), as is one whose campaign
    entry is canceled; nothing changes."""
    s1, _s2 = logged
    ls.switch_canceled_logged([s1], Asked())
    first = entry_nos(s1)[0]
    with pytest.raises(UserError, match=rf"^Canceled must be No in Logged Segment: Entry No\.={s1}\.$"):
        ie.switch_canceled_entries([first], Asked())
    assert canceled(first) == [True]

    LoggedSegment.update(canceled=False).where(LoggedSegment.entry_no == s1).execute()
    campaign_entry = CampaignEntry.get(CampaignEntry.register_no == s1)
    with pytest.raises(UserError, match=rf"^Canceled must be No in Campaign Entry: "
                                        rf"Entry No\.={campaign_entry.entry_no}\.$"):
        ie.switch_canceled_entries([first], Asked())
    without_campaign = entry_nos(s1)[2]  # CA's entry has no campaign entry
    assert ie.switch_canceled_entries([without_campaign], Asked()) is True
    assert canceled(first, without_campaign) == [True, False]


def test_evaluate_interaction(world):
    """8.I 93: Evaluate Interaction writes the chosen evaluation to every selected entry."""
    a, b, c = entry("P1"), entry("P2"), entry("P3", evaluation=Evaluation.NEGATIVE)
    assert ie.evaluate_entries([a.entry_no, b.entry_no], "Very Positive") == 2
    assert [ILE.get_by_id(n).evaluation for n in (a.entry_no, b.entry_no, c.entry_no)] == [
        Evaluation.VERY_POSITIVE, Evaluation.VERY_POSITIVE, Evaluation.NEGATIVE]
    assert ie.evaluate_entries([c.entry_no], Evaluation.NEUTRAL) == 1
    with pytest.raises(UserError, match="Choose an evaluation"):
        ie.evaluate_entries([a.entry_no], Evaluation.BLANK)
    with pytest.raises(UserError, match="is not one of"):
        ie.evaluate_entries([a.entry_no], "Great")
    with pytest.raises(UserError, match="Interaction Log Entry 999 does not exist"):
        ie.evaluate_entries([999], "Positive")


def test_delete_canceled_entries(world):
    """8.I 94 (report 5190): only canceled entries matching the filters are deleted, with their
    comments; the count is reported ("<n> Interaction Log Entry has been deleted."); unique
    attachments go with them, one a remaining entry shares stays."""
    unique, shared, both_doomed = attachment(b"u"), attachment(b"s"), attachment(b"d")
    a = entry("P1", canceled=True, attachment_no=unique, date=on(5))
    b = entry("P2", canceled=True, attachment_no=shared, date=on(6))
    keep = entry("P3", canceled=False, attachment_no=shared, date=on(7))
    c = entry("P4", canceled=True, attachment_no=both_doomed, date=on(8), campaign_no="CP1")
    d = entry("P4", canceled=True, attachment_no=both_doomed, date=on(9), campaign_no="CP1")
    later = entry("P1", canceled=True, date=on(20))
    ie.set_entry_comments(a.entry_no, ["first", "second"])

    assert ie.delete_canceled_entries({"Date": "2026-01-01..2026-01-10"}) == \
        "4 Interaction Log Entry has been deleted."
    assert [e.entry_no for e in ILE.select().order_by(ILE.entry_no)] == [keep.entry_no, later.entry_no]
    assert InterLogEntryCommentLine.select().count() == 0
    assert {x.no for x in Attachment.select()} == {shared}
    assert ie.delete_canceled_entries({"Contact No.": "P2"}) == "0 Interaction Log Entry has been deleted."
    assert ie.delete_canceled_entries() == "1 Interaction Log Entry has been deleted."
    assert [e.entry_no for e in ILE.select()] == [keep.entry_no]
    with pytest.raises(FilterError, match="no field 'Colour'"):
        ie.delete_canceled_entries({"Colour": "red"})
    assert c.entry_no and d.entry_no and b.entry_no


# ---------------------------------------------------------------------------
# The list, comments, Show Attachment


def test_entries_query_filters(world):
    """SPEC 4.2: the list shows non-postponed entries, newest first, filtered by BC filter
    texts on contact, company, segment, template, salesperson, campaign and date; with the
    Contact Name, Contact Company Name (companies only) and Comment FlowFields."""
    a = entry("P1", contact_company_no="CA", segment_no="S1", campaign_no="CP1", date=on(5))
    b = entry("P2", contact_company_no="CA", segment_no="S2", interaction_template_code="NEWS",
              salesperson_code="SP2", date=on(15))
    c = entry("P3", date=on(25))
    entry("P4", postponed=True)
    ie.set_entry_comments(b.entry_no, ["call back"])

    def nos(filters=None):
        return [r.entry_no for r in ie.entries_query(filters)]

    assert nos() == [c.entry_no, b.entry_no, a.entry_no]
    assert nos({"Contact No.": "P1|P3"}) == [c.entry_no, a.entry_no]
    assert nos({"Contact Company No.": "ca"}) == [b.entry_no, a.entry_no]
    assert nos({"Segment No.": "S2"}) == [b.entry_no]
    assert nos({"Interaction Template Code": "<>NEWS"}) == [c.entry_no, a.entry_no]
    assert nos({"Salesperson Code": "SP2"}) == [b.entry_no]
    assert nos({"Campaign No.": "CP*"}) == [a.entry_no]
    assert nos({"Date": "2026-01-10..2026-01-20"}) == [b.entry_no]
    assert nos({"Date": "..2026-01-15", "Contact No.": "P2"}) == [b.entry_no]
    assert nos({"Date": "", "Contact No.": None}) == [c.entry_no, b.entry_no, a.entry_no]
    row = next(r for r in ie.entries_query({"Entry No.": str(b.entry_no)}).dicts())
    assert (row["contact_name"], row["contact_company_name"], bool(row["comment"])) == ("Bert Alpha", "Alpha", True)
    row = next(r for r in ie.entries_query({"Entry No.": str(c.entry_no)}).dicts())
    assert (row["contact_company_name"], bool(row["comment"])) == (None, False)
    with pytest.raises(FilterError, match="Interaction Log Entry has no field 'Colour'"):
        ie.entries_query({"Colour": "red"})
    with pytest.raises(FilterError):
        ie.entries_query({"Date": "yesterday"})


def test_comments(world):
    """SPEC 4.2 Comments: the comment sheet of an entry; unchanged lines keep their date, new
    ones take the work date; lines over 80 characters are refused."""
    e = entry("P1")
    assert ie.entry_comments(e.entry_no) == []
    ie.set_entry_comments(e.entry_no, ["Called", "Wants a quote", "", ""])
    assert ie.entry_comments(e.entry_no) == [(WORK_DATE, "Called"), (WORK_DATE, "Wants a quote")]
    InterLogEntryCommentLine.update(date=on(2)).execute()
    ie.set_entry_comments(e.entry_no, ["Called", "Sent the quote", "Follow up"])
    assert ie.entry_comments(e.entry_no) == [(on(2), "Called"), (WORK_DATE, "Sent the quote"),
                                             (WORK_DATE, "Follow up")]
    with pytest.raises(UserError, match="Comment line 1 is longer than 80 characters"):
        ie.set_entry_comments(e.entry_no, ["x" * 81])
    ie.set_entry_comments(e.entry_no, [])
    assert ie.entry_comments(e.entry_no) == []
    with pytest.raises(UserError, match="Interaction Log Entry 999 does not exist"):
        ie.entry_comments(999)


def test_show_attachment(world):
    """SPEC 4.2 Show Attachment: the entry's document and its extension; its Modified Word
    Template when it has no attachment of its own; "The attachment is empty." when there is
    none or it is empty; a cover sheet cannot be shown after printing."""
    a = entry("P1", attachment_no=attachment(b"PK letter", "DOCX"))
    b = entry("P2", modified_word_template=attachment(b"PK modified", "DOCX"))
    c = entry("P3")
    d = entry("P4", attachment_no=attachment(b"", "PDF"))
    e = entry("P4", document_type=DocumentType.COVER_SHEET)
    assert ie.entry_attachment(a.entry_no) == (b"PK letter", "docx")
    assert ie.entry_attachment(b.entry_no) == (b"PK modified", "docx")
    for n in (c.entry_no, d.entry_no):
        with pytest.raises(UserError, match=r"^The attachment is empty\.$"):
            ie.entry_attachment(n)
    with pytest.raises(UserError, match="cover sheets"):
        ie.entry_attachment(e.entry_no)


def test_record_delivery(world):
    """8.F 66: an entry logged In Progress becomes blank when the delivery succeeds and Error
    with the reason when it fails (then it leaves the delivery queue)."""
    line(10000, "P1", correspondence_type=HC, word_template_code="WT1")
    line(20000, "CA", correspondence_type=EM, word_template_code="WT1")
    result = lg.log_segment("S1", deliver=True, follow_up=False)
    sent, failed = result.queued
    ie.record_delivery(sent)
    ie.record_delivery(failed, "SMTP server refused the message")
    sent, failed = ILE.get_by_id(sent), ILE.get_by_id(failed)
    assert (sent.delivery_status, sent.delivery_error) == (DeliveryStatus.BLANK, "")
    assert (failed.delivery_status, failed.delivery_error) == (DeliveryStatus.ERROR, "SMTP server refused the message")
    assert list(lg.delivery_queue(logged_segment_entry_no=result.logged_segment_entry_no)) == []


def test_page_rows_are_named_with_a_text_per_column(logged):
    """The Logged Segments and Interaction Log Entries pages get named rows: the key first,
    then one text per column of the page's layout, in its order."""
    s1, s2 = logged
    assert len(ls.LOGGED_SEGMENT_COLUMNS) == len(ls.LoggedSegmentRow._fields) - 1
    assert len(ie.ENTRY_COLUMNS) == len(ie.EntryRow._fields) - 1
    newest, oldest = ls.logged_segment_rows(0, 10)
    assert (newest.key, newest.entry_no, newest.segment_no, newest.description) == (s2, str(s2), "S2", "Autumn")
    assert (oldest.no_of_interactions, oldest.canceled, ls.logged_segment_count()) == ("3", "No", 2)
    (row,) = ie.entry_rows({"Segment No.": "S2"}, 0, 10)
    assert (row.key, row.contact_no, row.contact_name, row.segment_no, row.canceled, row.comment) == (
        entry_nos(s2)[0], "P3", "Carl Beta", "S2", "No", "No")
    assert all(isinstance(text, str) for text in row[1:])


def test_entries_are_never_edited():
    """SPEC 4.2: a logged entry is only canceled, evaluated and commented — the modules offer
    no function that changes its other fields."""
    writers = [name for module in (ie, ls, rs) for name in module.__all__
               if name.startswith(("update", "edit", "set_entry_field", "modify"))]
    assert writers == []


# ---------------------------------------------------------------------------
# Resend: 96


def test_resend_filters_and_errors(logged):
    """8.I 96, SPEC 4.3/6.6: without a Logged Segment Entry No. filter → "Logged Segment Entry
    No. must be specified."; entries of two logged segments, or a filter naming several →
    "Entries must all belong to the same Logged Segment."; nothing with a document →
    "Nothing to send – only Word documents can be resent."."""
    s1, s2 = logged
    with pytest.raises(UserError, match=r"^Logged Segment Entry No\. must be specified\.$"):
        rs.resend_candidates(filters={"Contact No.": "P1"})
    with pytest.raises(UserError, match=r"^Entries must all belong to the same Logged Segment\.$"):
        rs.resend_candidates(entry_nos=entry_nos(s1) + entry_nos(s2))
    with pytest.raises(UserError, match=r"^Entries must all belong to the same Logged Segment\.$"):
        rs.resend_candidates(filters={"Logged Segment Entry No.": f"{s1}|{s2}"})
    with pytest.raises(UserError, match=r"^Nothing to send – only Word documents can be resent\.$"):
        rs.resend_candidates(filters={"Logged Segment Entry No.": str(s1)})
    with pytest.raises(FilterError):
        rs.resend_candidates(filters={"Logged Segment Entry No.": str(s1), "Date": "t"})


def test_resend_requeues_or_logs_a_resend_copy(world):
    """8.I 96: Resend without Update Merge Fields re-queues the entries themselves (Delivery
    Status In Progress, the chosen correspondence type); with Update Merge Fields a new
    entry "Resend: …" is logged (work date, now, same logged segment and campaign entry, a
    read-only copy of the attachment and of the comments) and queued. "Same as Entry" needs
    each entry to have a correspondence type."""
    a = attachment(b"PK letter")
    line(10000, "P1", attachment_no=a, correspondence_type=HC, campaign_no="CP1")
    line(20000, "P2", word_template_code="WT1", correspondence_type=BLANK)
    line(30000, "CA", correspondence_type=HC)  # no document: never resent
    result = lg.log_segment("S1", deliver=False, follow_up=False)
    first, second, third = entry_nos(result.logged_segment_entry_no)
    ie.record_delivery(first, "printer jammed")
    ie.set_entry_comments(first, ["letter"])

    with pytest.raises(UserError, match=rf"Correspondence Type must have a value in Interaction Log Entry: "
                                        rf"Entry No\.={second}\."):
        rs.prepare_resend(entry_nos=[first, second])
    assert rs.resend_candidates(entry_nos=[first, second, third], correspondence_type=CorrespondenceType.EMAIL) == [
        first, second]

    queued = rs.prepare_resend(entry_nos=[first, second], correspondence_type=CorrespondenceType.EMAIL)
    assert queued == [first, second]
    assert [(e.delivery_status, e.correspondence_type, e.delivery_error) for e in
            ILE.select().where(ILE.entry_no.in_(queued)).order_by(ILE.entry_no)] == [
        (DeliveryStatus.IN_PROGRESS, EM, ""), (DeliveryStatus.IN_PROGRESS, EM, "")]
    assert ILE.select().count() == 3

    (copy_no,) = rs.prepare_resend(filters={"Logged Segment Entry No.": str(result.logged_segment_entry_no),
                                            "Entry No.": str(first)}, update_merge_fields=True)
    copy, old = ILE.get_by_id(copy_no), ILE.get_by_id(first)
    assert copy_no > third
    assert (copy.description, copy.date, copy.time_of_interaction, copy.logged_segment_entry_no,
            copy.campaign_entry_no, copy.delivery_status, copy.correspondence_type, copy.user_id, copy.contact_no) == (
        "Resend:Spring mailing", WORK_DATE, NOW.time(), result.logged_segment_entry_no, old.campaign_entry_no,
        DeliveryStatus.IN_PROGRESS, EM, USER, "P1")
    assert copy.attachment_no not in (0, a)
    assert Attachment.get_by_id(copy.attachment_no).read_only
    assert Attachment.get_by_id(copy.attachment_no).content == b"PK letter"
    assert ie.entry_comments(copy_no) == ie.entry_comments(first)
    (again,) = rs.prepare_resend(entry_nos=[copy_no], update_merge_fields=True)
    assert ILE.get_by_id(again).description == "Resend:Spring mailing"  # not prefixed twice
    queue = lg.delivery_queue(logged_segment_entry_no=result.logged_segment_entry_no)
    assert {q["entry_no"] for q in queue} == {first, second, copy_no, again}
