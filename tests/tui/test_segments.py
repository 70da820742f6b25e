"""The segment worksheet by keys at 80x24: build, reduce, refine, go back, save and reuse criteria."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from models.base.db import close_database
from models.base.enums import ContactType
from models.tables.contacts import Contact, ContactMailingGroup, MailingGroup
from models.tables.schema import open_database
from models.tables.segments import (
    SavedSegmentCriteria,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentLine,
)
from models.tables.setup import marketing_setup
from tests.helpers import line_contacts
from tests.tui.conftest import (
    SIZE,
    read,
    screen_text,
    search_palette,
    settle,
    type_text,
    wait_for,
)
from tui.app import RelmanApp
from tui.screens.card import CardScreen
from tui.screens.criteria_dialog import CriteriaDialog
from tui.screens.criteria_view import CriteriaView, SaveCriteriaDialog
from tui.screens.dialogs import ConfirmDialog, MessageDialog
from tui.screens.lookup import LookupScreen
from tui.screens.segments import SegmentPage, SegmentsPage
from tui.widgets.paged_table import PagedTable

CITIES = ["London", "Paris", "London", "Berlin", "Paris", "London"]


@pytest.fixture
def seg_db(ui_db):
    """ui_db plus the Segment Nos. series, six more contacts and a mailing group."""
    open_database(ui_db)
    setup = marketing_setup()
    setup.segment_series = "SEG"
    setup.save()
    MailingGroup.create(code="NEWS", description="Newsletter")
    for i, city in enumerate(CITIES, start=1):
        no = f"P{i}"
        Contact.create(no=no, name=f"Person {i}", search_name=f"PERSON {i}", type=ContactType.PERSON,
                       city=city)
        if i % 2:
            ContactMailingGroup.create(contact=no, target="NEWS")
    close_database()
    return ui_db


@pytest.fixture
def seg_app(seg_db):
    return RelmanApp(str(seg_db))


def lines(path, segment="SEG00001"):
    return read(path, lambda: line_contacts(segment))


def actions(path, segment="SEG00001"):
    return read(path, lambda: SegmentCriteriaLine.select().where(
        (SegmentCriteriaLine.segment == segment) & (SegmentCriteriaLine.type == 0)).count())


async def open_new_segment(pilot, app):
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, SegmentsPage)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(app.screen, SegmentPage)


async def criteria(pilot, app, key: str, field: str, text: str, tab_steps: int = 0, count: str = ""):
    """Open Add/Reduce/Refine, go to a tab (PgDn), Tab down to a field, type a filter, wait for
    the live ``count`` line when one is given, run it."""
    from models.segments import criteria

    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, CriteriaDialog)
    dialog = app.screen
    for _ in range(tab_steps):
        await pilot.press("pagedown")
        await pilot.pause()
    table = list(criteria.TABLES.values())[tab_steps]
    index = [f.caption for f in table.fields].index(field)
    await pilot.press(*["tab"] * index)
    await type_text(pilot, text)
    if count:  # counted after a short pause in the typing, in a worker
        await wait_for(pilot, lambda: str(dialog.query_one("#count").render()) == count, f"the count {count!r}")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_build_a_segment_by_keys(seg_app, seg_db):
    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await open_new_segment(pilot, app)
        assert "Segment SEG00001" in screen_text(app)

        await criteria(pilot, app, "a", "City", "London|Paris", count="8 contacts match · 8 would be added")
        assert isinstance(app.screen, SegmentPage)
        assert sorted(lines(seg_db)) == ["C1", "C2", "C3", "P1", "P2", "P3", "P5", "P6"]
        # ordered by Company Name (blank first), Company No., Type (company first), Name
        assert lines(seg_db) == ["P1", "P2", "P3", "P5", "P6", "C1", "C2", "C3"]
        assert "Criteria Actions 1" in screen_text(app)
        assert "Adatum Corpora" in screen_text(app)

        # Reduce: drop Paris
        await criteria(pilot, app, "r", "City", "Paris")
        assert sorted(lines(seg_db)) == ["C1", "C2", "P1", "P3", "P6"]
        # Refine with a mailing group (second tab): keep the NEWS members only
        await criteria(pilot, app, "f", "Mailing Group Code", "NEWS", tab_steps=1)
        assert sorted(lines(seg_db)) == ["P1", "P3"]
        assert actions(seg_db) == 3

        # Go Back asks (default No) and undoes the refine: the removed lines come back
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert actions(seg_db) == 2
        assert sorted(lines(seg_db)) == ["C1", "C2", "P1", "P3", "P6"]
        assert "Criteria Actions 2" in screen_text(app)

        # Criteria view, then Save Criteria from it
        await pilot.press("f10", "f10", "c")
        await pilot.pause()
        assert isinstance(app.screen, CriteriaView)
        text = screen_text(app)
        assert "Add Contacts" in text and "City=London|Paris" in text.replace("LONDON", "London")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveCriteriaDialog)
        await type_text(pilot, "CITY")
        await pilot.press("tab")
        await type_text(pilot, "London only")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SegmentPage)

        # Why Here? answers in a box that stays until Esc
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog), "the Why Here? answer")
        assert "Added by action 1: Add Contacts" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SegmentPage)
        # back on Segments, the segment shows its 5 lines (it had none when opened), without F5
        await pilot.press("escape")
        await wait_for(pilot, lambda: "5" in next(line for line in screen_text(app).splitlines()
                                                  if line.startswith("SEG00001")).split(), "5 lines on Segments")
    assert read(seg_db, lambda: SavedSegmentCriteria.get(SavedSegmentCriteria.code == "CITY").description) == \
        "London only"


async def test_reuse_saved_criteria_on_a_second_segment(seg_app, seg_db):
    open_database(seg_db)
    from models.segments.actions import add_contacts
    from models.segments.reuse import save_criteria
    from models.segments.segment import create_segment

    first = create_segment()
    add_contacts(first.no, {"Contact": {"City": "London"}})
    save_criteria(first.no, "LON", "London")
    expected = line_contacts(first.no)
    close_database()

    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await open_new_segment(pilot, app)
        await pilot.press("f10", "f10", "u")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SegmentPage)
    assert sorted(lines(seg_db, "SEG00002")) == sorted(expected)


async def test_lines_by_hand_override_and_delete(seg_app, seg_db):
    open_database(seg_db)
    from models.segments import templates

    templates.save_template(None, {"code": "CALL", "interaction_group_code": "LETTER", "description": "Call"})
    close_database()
    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await open_new_segment(pilot, app)
        # a line by hand: pick the contact by name
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        await type_text(pilot, "trey")
        await wait_for(pilot, lambda: app.screen.query_one(PagedTable).current_key == "C3", "Trey Research found")
        await pilot.press("enter")  # in the search: picks the first match
        await settle(pilot)
        assert lines(seg_db) == ["C3"]
        assert "Trey Research" in screen_text(app)
        assert actions(seg_db) == 1

        # override the line's template on its card
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen)
        app.screen.query_one("#f-interaction_template_code").focus()
        await type_text(pilot, "CALL")
        await pilot.press("ctrl+s")
        await settle(pilot, answer="y")
        assert isinstance(app.screen, SegmentPage)
        line = read(seg_db, lambda: SegmentLine.get(SegmentLine.segment == "SEG00001"))
        assert line.interaction_template_code == "CALL"
        assert line.description == "Call"

        # delete it: recorded as a Reduce action
        await pilot.press("d")  # Del or d
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: "now empty" in getattr(app.screen, "question", ""), "the reset question")
        assert isinstance(app.screen, ConfirmDialog)  # the segment is now empty: reset?
        assert "The segment is now empty. Reset the number of criteria" in screen_text(app)
        await settle(pilot, answer="n")
        assert lines(seg_db) == []
        assert actions(seg_db) == 2


async def test_invalid_filter_is_marked_and_nothing_runs(seg_app, seg_db):
    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await open_new_segment(pilot, app)
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#f-0-0").focus()  # Contact › No.
        await type_text(pilot, "10..")
        await pilot.press("tab")
        await type_text(pilot, "x")
        await pilot.press("pagedown", "pagedown")  # the Interaction tab: its first field is Date
        await pilot.pause()
        assert dialog.focused is dialog.query_one("#f-2-0")
        await type_text(pilot, "2026-13-01")
        await wait_for(pilot, lambda: dialog.query_one("#row-f-2-0").has_class("-error"), "the date marked invalid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # refused, still open
        await pilot.press("ctrl+u")  # every filter, on every tab, not only the focused field
        await pilot.pause()
        assert [dialog.query_one(f"#{ident}", Input).value for ident in ("f-0-0", "f-0-1", "f-2-0")] == ["", "", ""]
        await pilot.press("escape")
        await pilot.pause()
    assert lines(seg_db) == []
    assert actions(seg_db) == 0


async def test_new_segment_without_series_names_the_setup_field(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog)  # stays until read
        assert "Segment Nos. must have a value in Marketing Setup" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SegmentsPage)
    assert read(ui_db, lambda: SegmentHeader.select().count()) == 0


async def test_header_template_fills_defaults_and_enables_fields(seg_app, seg_db):
    """SPEC 2.1 enabling rules on the header card; 8.B.11 defaults copied from the template."""
    open_database(seg_db)
    from models.segments import templates

    templates.save_template(None, {"code": "CALL", "interaction_group_code": "LETTER",
                                   "description": "Call", "unit_cost": "2.50", "unit_duration": 15})
    close_database()
    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await open_new_segment(pilot, app)
        await pilot.press("f10", "h")
        await pilot.pause()
        card = app.screen
        assert isinstance(card, CardScreen)
        assert card.query_one("#f-unit_cost").disabled  # no template yet
        assert card.query_one("#f-campaign_target").disabled  # no campaign
        card.query_one("#f-interaction_template_code").focus()
        await type_text(pilot, "CALL")
        await pilot.press("ctrl+s")
        await settle(pilot, answer="y")
        assert app.screen is card  # the header card stays open after Save
        assert card.query_one("#f-unit_cost").value == "2.50"
        assert not card.query_one("#f-unit_cost").disabled
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SegmentPage)
        assert "CALL" in screen_text(app)
    header = read(seg_db, lambda: SegmentHeader.get(SegmentHeader.no == "SEG00001"))
    assert header.interaction_template_code == "CALL"
    assert header.unit_duration == 15


PALETTE_ACTIONS = [
    ("Add Contacts", CriteriaDialog), ("Reduce Contacts", CriteriaDialog), ("Refine Contacts", CriteriaDialog),
    ("Criteria", CriteriaView), ("Save Criteria", SaveCriteriaDialog), ("Reuse Criteria", LookupScreen),
    ("Reuse Segment", LookupScreen), ("Apply Mailing Group", None), ("Export Contacts", None),
]


async def test_every_action_is_in_the_palette_by_its_name(seg_app):
    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await open_new_segment(pilot, app)
        for command, screen_type in PALETTE_ACTIONS:
            await search_palette(pilot, command[:9])  # the start of the name finds it
            assert command in screen_text(app)
            await pilot.press("enter")
            if screen_type is not None:
                await wait_for(pilot, lambda: isinstance(app.screen, screen_type), command)
            else:  # its dialog is open
                await wait_for(pilot, lambda: not isinstance(app.screen, (SegmentPage, CommandPalette)), command)
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, SegmentPage), command


async def test_f1_lists_every_segment_action(seg_app):
    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await open_new_segment(pilot, app)
        described = " ".join(text for _key, text in app.screen_keys(app.screen))
        for name in ("Add Contacts", "Reduce Contacts", "Refine Contacts", "Go Back", "Criteria",
                     "Save Criteria", "Reuse Criteria", "Reuse Segment", "Export Contacts",
                     "Apply Mailing Group", "Why Here?", "New Line", "Delete Line", "Open Line", "Header"):
            assert name in described, name


async def test_unknown_contact_on_a_line_and_a_used_criteria_code_are_refused(seg_app, seg_db):
    open_database(seg_db)
    from models.segments import lines as segment_lines
    from models.segments.reuse import save_criteria
    from models.segments.segment import create_segment

    header = create_segment()
    segment_lines.add_line(header.no, "C1")
    save_criteria(header.no, "TAKEN", "already here")
    close_database()
    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # SEG00001
        await settle(pilot)
        await pilot.press("enter")  # its line card
        await pilot.pause()
        card = app.screen
        card.query_one("#f-contact_no").focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "NOPE")
        await pilot.press("ctrl+s")
        await settle(pilot, answer="y")
        assert app.screen is card
        assert "NOPE" in screen_text(app) and "does not exist" in screen_text(app)
        await pilot.press("escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, SegmentPage)

        await pilot.press("f10", "f10", "s")
        await pilot.pause()
        await type_text(pilot, "taken")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveCriteriaDialog)
        assert "already exists" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert lines(seg_db) == ["C1"]
    assert read(seg_db, lambda: SavedSegmentCriteria.get(SavedSegmentCriteria.code == "TAKEN").description) == \
        "already here"


async def test_reuse_onto_a_segment_with_actions_asks_once_before_the_pick(seg_app, seg_db):
    """The domain's reuse question is asked before the lookup (No: nothing opens); after Yes
    and a pick the reuse runs without asking it again."""
    open_database(seg_db)
    from models.segments.actions import add_contacts
    from models.segments.reuse import save_criteria
    from models.segments.segment import create_segment

    header = create_segment()
    add_contacts(header.no, {"Contact": {"City": "London"}})
    save_criteria(header.no, "LON", "London")
    close_database()
    app = seg_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")  # SEG00001
        await settle(pilot)
        await pilot.press("f10", "f10", "u")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert (app.screen.question, app.screen.default) == (
            "Segment SEG00001 already contains 1 No. of Criteria Actions. Reuse a Saved Segment Criteria anyway?",
            False)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SegmentPage)

        await pilot.press("u")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LookupScreen)
        await pilot.press("enter")
        await settle(pilot)  # fails if the reuse asks its question again
        assert isinstance(app.screen, SegmentPage)
    assert actions(seg_db) == 2
