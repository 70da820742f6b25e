"""Log a segment by keys at 80x24, then Logged Segments and Interaction Log Entries:
open the entries, cancel and un-cancel, evaluate, comment, filter, delete canceled."""

from __future__ import annotations

from models.base.db import close_database
from models.base.enums import Evaluation
from models.tables.interactions import InteractionLogEntry as ILE
from models.tables.interactions import InterLogEntryCommentLine
from models.tables.schema import open_database
from models.tables.segments import LoggedSegment, SegmentHeader
from models.tables.setup import marketing_setup
from tests.helpers import line_contacts
from tests.tui.conftest import SIZE, read, run_command, screen_text, settle, type_text, wait_for
from tests.tui.test_merge import in_tmp_path, merge_db, open_segment  # noqa: F401  (fixtures)
from tui.app import RelmanApp
from tui.screens.dialogs import ChoiceDialog, CommentsDialog, ConfirmDialog, MessageDialog
from tui.screens.history import (
    EntryCard,
    EntryFilterDialog,
    InteractionLogEntriesPage,
    LoggedSegmentsPage,
)
from tui.screens.log_dialog import LogDialog
from tui.screens.segments import SegmentsPage


def _with_segment_series(path):
    open_database(path)
    setup = marketing_setup()
    setup.segment_series = "SEG"
    setup.save()
    close_database()


def entries(path):
    return read(path, lambda: {e.contact_no: (e.canceled, Evaluation(e.evaluation)) for e in ILE.select()})


async def test_log_with_follow_up_then_work_the_entries(merge_db):
    _with_segment_series(merge_db)
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogDialog)
        assert "Send Attachments" in screen_text(app) and "Create Follow-up Segment" in screen_text(app)
        # on and off show without colour (a monochrome thin client): X or blank
        assert "▐X▌ Send Attachments" in screen_text(app) and "▐ ▌ Create Follow-up" in screen_text(app)
        await pilot.press("space", "tab", "space")  # no delivery; a follow-up segment
        await pilot.pause()
        assert "▐ ▌ Send Attachments" in screen_text(app) and "▐X▌ Create Follow-up" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SegmentsPage)
        notes = " ".join(n.message for n in app._notifications)
        assert "Segment S1 has been logged. Follow-up segment SEG00001 was created." in notes
        rows = [line.split()[0] for line in screen_text(app).splitlines()[3:] if line.strip()]
        assert "S1" not in rows and "SEG00001" in rows

        await pilot.press("escape", "k")
        await settle(pilot)
        assert isinstance(app.screen, LoggedSegmentsPage)
        assert "S1" in screen_text(app) and "1 logged segments" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InteractionLogEntriesPage)
        text = screen_text(app)
        assert "3 entries · Logged Segment Entry No.=1" in text
        assert "Anna Berg" in text and "Cleo Dunn" in text

        # the newest entry (Cleo) is first: cancel it, un-cancel it, cancel it again
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the cancel question")
        assert "Mark Interaction Log Entry 3 as Canceled?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert entries(merge_db)["P3"][0] is True
        await pilot.press("x")
        await settle(pilot, answer="y")
        assert entries(merge_db)["P3"][0] is False
        await pilot.press("down", "v")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")  # Very Positive, then Positive
        await settle(pilot)
        assert entries(merge_db)["P2"][1] == Evaluation.POSITIVE
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, CommentsDialog)
        await type_text(pilot, "Called back")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert read(merge_db, lambda: [c.comment for c in InterLogEntryCommentLine.select()]) == ["Called back"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryCard)
        assert "P2 Ben Carter" in screen_text(app) and "Positive" in screen_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert "Called back" in screen_text(app)
        await pilot.press("escape")

        await pilot.press("up", "x")
        await settle(pilot, answer="y")
        await pilot.press("delete")
        await settle(pilot, answer="y")
        assert "1 Interaction Log Entry has been deleted." in " ".join(n.message for n in app._notifications)
        assert set(entries(merge_db)) == {"P1", "P2"}
        assert "2 entries" in screen_text(app)

    assert read(merge_db, lambda: SegmentHeader.get_or_none(SegmentHeader.no == "S1")) is None
    assert read(merge_db, lambda: [s.segment_no for s in LoggedSegment.select()]) == ["S1"]
    assert sorted(read(merge_db, lambda: line_contacts("SEG00001"))) == ["P1", "P2", "P3"]


async def test_filter_the_entries_and_cancel_a_logged_segment(merge_db):
    open_database(merge_db)
    from models.segments import log as log_segment

    log_segment.log_segment("S1", deliver=False, follow_up=False)
    close_database()
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InteractionLogEntriesPage)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, EntryFilterDialog)
        await pilot.press("tab", "tab")  # Date
        await type_text(pilot, "2026-13-45")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EntryFilterDialog)  # refused, with the reason
        assert "2026-13-45" in screen_text(app)
        await pilot.press("ctrl+u", "shift+tab", "shift+tab")
        await type_text(pilot, "P1|P3")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InteractionLogEntriesPage)
        text = screen_text(app)
        assert "2 entries · Contact No.=P1|P3" in text and "Ben Carter" not in text

        await pilot.press("escape", "k")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot, answer="y")
        assert all(c for c, _e in entries(merge_db).values())  # cascaded to every entry
        assert read(merge_db, lambda: LoggedSegment.get().canceled) is True
        # Canceled is the first column: a canceled row reads so at 80 columns, without scrolling
        header, row = screen_text(app).splitlines()[1:3]
        assert header.startswith("  Canceled Entry No.") and row.split()[:3] == ["Yes", "1", "S1"]  # after the mark
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)  # a refusal stays until read
        assert "Segment Nos. must have a value" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LoggedSegmentsPage)


async def test_a_refused_log_stays_in_a_box_and_the_log_dialog_stays_open(merge_db):
    """An Email line whose contact has no e-mail address: the refusal shows in a box until
    dismissed; the Log dialog is still open with its choices, the reason under them."""
    from models.base.enums import CorrespondenceType
    from models.tables.segments import SegmentLine

    open_database(merge_db)
    SegmentLine.update(correspondence_type=CorrespondenceType.EMAIL).where(SegmentLine.line_no == 20000).execute()
    close_database()
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LogDialog), "the Log dialog")
        await pilot.press("tab", "space", "enter")  # Create Follow-up Segment on, then log
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog), "the refusal")
        assert "Specify the Email field for contact P2" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LogDialog)
        text = screen_text(app)
        assert "▐X▌ Create Follow-up" in text and "Not logged: Specify the Email field" in text
    assert read(merge_db, lambda: ILE.select().count()) == 0


async def test_history_actions_are_in_help_and_the_palette(merge_db):
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        assert "Log — Log Segment" in " ".join(text for _key, text in app.screen_keys(app.screen))
        await pilot.press("escape", "escape")
        await run_command(pilot, "Logged Seg")
        await settle(pilot)
        assert isinstance(app.screen, LoggedSegmentsPage)
        described = " ".join(text for _key, text in app.screen_keys(app.screen))
        for name in ("Interactions", "Switch Checkmark in Canceled", "Create Follow-up Segment", "Resend",
                     "Delete Canceled Segments", "More"):
            assert name in described, name
        await run_command(pilot, "Interaction Log")
        await settle(pilot)
        assert isinstance(app.screen, InteractionLogEntriesPage)
        described = " ".join(text for _key, text in app.screen_keys(app.screen))
        for name in ("Open", "Filter", "Switch Checkmark in Canceled", "Evaluate Interaction", "Comments",
                     "Show Attachment", "Resend", "Delete Canceled Entries"):
            assert name in described, name
        await pilot.press("f10")
        await pilot.pause()
        assert "Evaluate Interaction" in screen_text(app).splitlines()[-1]


async def test_log_and_deliver_the_letters(merge_db, tmp_path):
    """Send Attachments on: after the log commits, each Hard Copy letter is merged into the
    output folder (RELMAN_OUTPUT, set by the tests) and stored as its entry's attachment;
    Show Attachment then shows the contact's letter."""
    from models.base.enums import DeliveryStatus

    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")  # Send Attachments is on: the lines are Hard Copy
        await settle(pilot)
        notes = " ".join(n.message for n in app._notifications)
        assert "Segment S1 has been logged." in notes and "3 delivered" in notes
        await pilot.press("escape", "i")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert "Thank you, CLEO" in screen_text(app)
    letters = sorted(p.name for p in (tmp_path / "letters").rglob("*.docx"))
    assert "P1 Anna Berg.docx" in letters and "P3 Cleo Dunn.docx" in letters
    statuses = read(merge_db, lambda: {DeliveryStatus(e.delivery_status) for e in ILE.select()})
    assert statuses == {DeliveryStatus.BLANK}


async def test_resend_from_logged_segments_and_from_an_entry(merge_db, tmp_path):
    """Entries whose delivery failed (Delivery Status Error) are sent again by Resend."""
    from models.base.enums import DeliveryStatus
    from models.interactions.entries import record_delivery
    from models.segments import log as log_segment

    open_database(merge_db)
    result = log_segment.log_segment("S1", deliver=True, follow_up=False)
    for entry_no in result.queued:
        record_delivery(entry_no, "The printer was out of paper.")
    close_database()

    def statuses():
        return read(merge_db, lambda: sorted(DeliveryStatus(e.delivery_status).label or "sent" for e in ILE.select()))

    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        assert statuses() == ["Error", "Error", "Error"]
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("r")  # the newest entry only
        await settle(pilot)
        assert "1 delivered" in " ".join(n.message for n in app._notifications)
        assert statuses() == ["Error", "Error", "sent"]
        await pilot.press("escape", "k")
        await settle(pilot)
        await pilot.press("r")  # every entry of the logged segment still in Error
        await settle(pilot)
        assert "2 delivered" in " ".join(n.message for n in app._notifications)
    assert statuses() == ["sent", "sent", "sent"]
    assert len(list((tmp_path / "letters").rglob("*.docx"))) >= 3
