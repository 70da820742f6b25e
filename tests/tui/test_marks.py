"""Space marks rows; the actions then act on every marked row, in one transaction (at 80x24)."""

from __future__ import annotations

import datetime as dt

from models.base.db import close_database
from models.segments.lines import add_line
from models.segments.segment import create_segment
from models.tables.interactions import InteractionLogEntry as ILE
from models.tables.schema import open_database
from models.tables.segments import SegmentCriteriaLine
from tests.helpers import line_contacts
from tests.tui.conftest import SIZE, read, screen_text, settle, wait_for, wait_for_text
from tui.app import RelmanApp
from tui.screens.dialogs import ConfirmDialog
from tui.screens.history import InteractionLogEntriesPage
from tui.screens.segments import SegmentPage


def rows(app) -> list[str]:
    """The table's lines below its header."""
    lines = screen_text(app).splitlines()
    start = next(i for i, line in enumerate(lines) if "Entry No." in line or "Contact No." in line)
    return [line for line in lines[start + 1:] if line.strip()]


async def test_mark_two_entries_and_cancel_both(ui_db):
    open_database(ui_db)
    for contact in ("C1", "C2", "C3"):
        ILE.create(contact=contact, date=dt.date(2026, 1, 20), description=f"Call {contact}")
    close_database()
    app = RelmanApp(str(ui_db), start_page="i")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, InteractionLogEntriesPage), "the entries page")
        await wait_for_text(pilot, "3 entries")
        await pilot.press("space", "space")  # entries 3 and 2 (newest first); the cursor on 1
        await wait_for_text(pilot, "3 entries · 2 marked")
        assert [line[:1] for line in rows(app)[:3]] == ["*", "*", " "]  # the mark is text, not colour
        assert any(c.title == "Mark" for c in app.get_system_commands(app.screen))  # the palette has it
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the cancel question")
        assert app.screen.question == "Mark the 2 selected Interaction Log Entry lines as Canceled?"
        await pilot.press("y")
        await settle(pilot)
        assert read(ui_db, lambda: {e.entry_no: e.canceled for e in ILE.select()}) == {1: False, 2: True, 3: True}
        assert app.screen.table.marks == set() and "marked" not in screen_text(app)
        assert "*" not in "".join(line[:1] for line in rows(app))


async def test_mark_two_lines_and_delete_them(ui_db):
    open_database(ui_db)
    no = create_segment("S1").no
    for contact in ("C1", "C2", "C3"):
        add_line(no, contact)
    close_database()
    app = RelmanApp(str(ui_db), start_page=f"segment:{no}")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SegmentPage), "the Segment page")
        await wait_for_text(pilot, "3 lines")
        await pilot.press("space", "down", "space")  # C1 and C3
        await wait_for_text(pilot, "3 lines · 2 marked")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the delete question")
        assert app.screen.question == "Delete the 2 marked lines?"
        await pilot.press("y")
        await settle(pilot)
        await wait_for_text(pilot, "1 lines")
        assert read(ui_db, lambda: line_contacts(no)) == ["C2"]
        # one Reduce action for both, as one transaction wrote them
        views = read(ui_db, lambda: [c.table_view for c in SegmentCriteriaLine.select()
                                     .where(SegmentCriteriaLine.table_view != "")])
        assert views[-1] == '{"No.": "C1|C3"}'
        assert app.screen.table.marks == set() and "marked" not in screen_text(app)
