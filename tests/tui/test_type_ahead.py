"""Keys typed ahead land where they would on a local terminal: an SSH link delivers them in
bursts, faster than the screen moves the focus.

``pilot.press`` waits for the app to go idle after every key, so it never types ahead;
``burst`` queues every key before the app reads the first, as a burst from the link does.
"""

from __future__ import annotations

import pytest
from textual import events

from models.base.db import close_database
from models.base.enums import CorrespondenceType
from models.segments.actions import add_contacts
from models.tables.interactions import InteractionLogEntry as ILE
from models.tables.schema import open_database
from models.tables.segments import SavedSegmentCriteria
from tests.tui.conftest import SIZE, read, settle, wait_for
from tests.tui.test_merge import merge_db  # noqa: F401 (the fixture, found here by name)
from tests.tui.test_wizard import _template, start_for_ben
from tui.app import RelmanApp
from tui.screens.criteria_dialog import CriteriaDialog
from tui.screens.criteria_view import SaveCriteriaDialog
from tui.screens.lookup import LookupScreen
from tui.screens.segments import SegmentPage
from tui.screens.wizard import WizardScreen


@pytest.fixture
def burst_db(request):
    """tests.tui.test_merge's merge_db: segment S1 with three lines, template LETTER."""
    return request.getfixturevalue("merge_db")


CHARACTERS = {"space": " ", "tab": "\t", "enter": "\r"}


def keys(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def burst(pilot, *names: str) -> None:
    """Every key queued at once, then the app runs until it is idle."""
    for name in names:
        pilot.app.post_message(events.Key(name, CHARACTERS.get(name, name if len(name) == 1 else None)))
    await pilot.pause()


async def test_save_criteria_tab_and_f1_of_add_contacts(burst_db):
    open_database(burst_db)
    add_contacts("S1", {"Contact": {"City": "Leeds"}})  # Save Criteria needs an action
    close_database()
    app = RelmanApp(str(burst_db), start_page="segment:S1")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SegmentPage), "the segment")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, CriteriaDialog), "Add Contacts")
        help_rows = dict(app.screen_keys(app.screen))
        assert help_rows["^u"].startswith("Clear every filter") and help_rows["f2/^s"].startswith("OK")
        # Ctrl+U clears what was typed before it; PgDn's next tab takes the keys typed after it
        await burst(pilot, *keys("Lon"), "ctrl+u", *keys("C*"), "pagedown", *keys("NEWS"))
        dialog = app.screen
        assert (dialog.query_one("#f-0-0").value, dialog.query_one("#f-1-0").value) == ("C*", "NEWS")
        await pilot.press("escape", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveCriteriaDialog), "Save Criteria")
        await burst(pilot, *keys("AB"), "tab", *keys("typed ahead"), "enter")
        await settle(pilot)
        assert isinstance(app.screen, SegmentPage)
    assert read(burst_db, lambda: SavedSegmentCriteria.get(SavedSegmentCriteria.code == "AB").description) == \
        "typed ahead"


async def test_lookup_search_typed_fast_or_pasted_and_enter_picks(burst_db):
    app = RelmanApp(str(burst_db))
    picked = []
    async with app.run_test(size=SIZE) as pilot:
        for text, paste in (("Alicia T", False), ("Trey Research\nsecond line", True)):
            app.push_screen(LookupScreen("contacts", "Contact"), picked.append)
            await wait_for(pilot, lambda: isinstance(app.screen, LookupScreen), "the lookup")
            if paste:  # a bracketed paste: its first line, whole
                app.post_message(events.Paste(text))
                await burst(pilot, "enter")
            else:  # without the space "AliciaT" finds nobody; a stale list would pick C1
                await burst(pilot, *keys(text), "enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, LookupScreen), f"{text!r} picked")
    assert picked == ["C2", "C3"]


async def test_wizard_enter_goes_to_the_next_field_and_f2_finishes(burst_db):
    _template(burst_db, correspondence_type_default=CorrespondenceType.BLANK)
    app = RelmanApp(str(burst_db))
    async with app.run_test(size=SIZE) as pilot:
        await start_for_ben(pilot, app)
        wizard = app.screen
        # Enter applies the template (its description "Letter" fills in, selected) and moves on
        await burst(pilot, *keys("LETTER"), "enter", *keys("Call back"))
        assert wizard.query_one("#s1-interaction_template_code").value == "LETTER"
        assert wizard.query_one("#s1-description").value == "Call back"
        await pilot.press("pagedown", "pagedown")  # no wizard action: step 3, then log
        await wait_for(pilot, lambda: wizard.draft.step == 4, "step 4")
        await settle(pilot)
        assert dict(app.screen_keys(wizard))["f2/^s/PgDn"].startswith("Finish")  # F1 help
        await burst(pilot, *keys("Spoke"), "enter", *keys("Positive"), "f2")
        await wait_for(pilot, lambda: not isinstance(app.screen, WizardScreen), "the wizard finished")
    entry = read(burst_db, lambda: ILE.get())
    assert (entry.postponed, entry.interaction_template_code, entry.description) == (False, "LETTER", "Spoke")
    assert entry.evaluation.label == "Positive"


async def test_editing_keys_typed_ahead_apply_in_order(app):
    """Backspace and ← run as bindings once the key is back at the App; a character typed
    after them must still wait for them (``abc`` ⌫ ``d`` ← ← ``x`` is ``axbd``)."""
    from textual.widgets import Input

    from tui.screens.list_page import ListPage

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ListPage), "Contacts")
        await pilot.press("slash")
        search = app.screen.query_one("#search", Input)
        await wait_for(pilot, lambda: app.focused is search, "the search field")
        await burst(pilot, "a", "b", "c", "backspace", "d", "left", "left", "x")
        assert search.value == "axbd"
        await burst(pilot, "escape", "slash", "B", "o")  # the key after one that moves the focus
        assert search.value == "Bo"  # / selects the search text, as it does typed slowly


async def test_keys_typed_after_a_key_that_opens_a_screen_go_to_it(app):
    from textual.widgets import Input

    from tui.screens.card import CardScreen
    from tui.screens.list_page import ListPage

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ListPage), "Contacts")
        await burst(pilot, "enter", "X", "y")  # Enter opens the card; X y go to its first field
        assert isinstance(app.screen, CardScreen) and isinstance(app.focused, Input)
        assert app.focused.value.startswith("Xy")
