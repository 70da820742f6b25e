"""Contacts: create, edit, search, delete — by keys, checked on screen and in the database."""

from __future__ import annotations

from models.tables.contacts import Contact
from tests.tui.conftest import SIZE, read, screen_text, type_text, wait_for
from tui.screens.card import CardScreen
from tui.screens.dialogs import ConfirmDialog, MessageDialog
from tui.screens.list_page import ListPage
from tui.widgets.paged_table import PagedTable


def contact(path, no):
    return read(path, lambda: Contact.get_or_none(Contact.no == no))


async def save(pilot, app):
    await pilot.press("ctrl+s")
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_create_a_person_with_a_number_from_the_series(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen)
        await pilot.press("tab")  # No. stays blank: the series numbers it
        await type_text(pilot, "Robin Ames")
        await pilot.press("tab", "enter", "down", "enter")  # Type: Person
        await pilot.press("tab")
        await type_text(pilot, "C1")  # Company No.
        await save(pilot, app)
        assert isinstance(app.screen, ListPage)
        assert "Robin Ames" in screen_text(app)
    created = contact(ui_db, "CT000001")
    assert created.name == "Robin Ames"
    assert created.type.label == "Person"
    assert created.company_no == "C1"
    assert created.company_name == "Adatum Corporation"
    assert created.search_name == "ROBIN AMES"


async def test_edit_a_contact(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # C3 Trey Research
        await pilot.pause()
        card = app.screen
        assert isinstance(card, CardScreen) and card.key == "C3"
        card.query_one("#f-city").focus()
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_text(pilot, "Lyon")
        await save(pilot, app)
        assert isinstance(app.screen, ListPage)
        assert "Lyon" in screen_text(app)
    assert contact(ui_db, "C3").city == "Lyon"


async def test_bad_e_mail_is_marked_and_nothing_is_saved(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")  # C1
        await pilot.pause()
        card = app.screen
        card.query_one("#f-e_mail").focus()
        await type_text(pilot, "not-an-address")
        await save(pilot, app)
        assert app.screen is card
        assert "not a valid e-mail address" in screen_text(app)
        assert card.query_one("#row-e_mail").has_class("-error")
        # Esc with changes asks before throwing them away (default No)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ListPage)
    assert contact(ui_db, "C1").e_mail == ""


async def test_search_contacts_by_name_prefix(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert "3 contacts" in screen_text(app)
        await pilot.press("slash")
        await type_text(pilot, "tre")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Trey Research" in text
        assert "Adatum" not in text
        assert "1 contacts matching 'tre'" in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen) and app.screen.key == "C3"


async def test_delete_asks_and_refuses_a_company_with_persons(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("delete")  # C1 has a person
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MessageDialog) and "still has 1 persons" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "down", "delete")  # C3
        await pilot.pause()
        await pilot.press("enter")  # default is No
        await pilot.pause()
        assert contact(ui_db, "C3") is not None
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Trey Research" not in screen_text(app)
    assert contact(ui_db, "C3") is None
    assert contact(ui_db, "C1") is not None


async def test_lookup_fills_a_code(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#f-salesperson_code").focus()
        await pilot.press("f4")
        await pilot.pause()
        await type_text(pilot, "kim")
        await wait_for(pilot, lambda: app.screen.query_one(PagedTable).current_key == "KIM", "Kim Abel found")
        await pilot.press("enter")  # search field -> table
        await pilot.press("enter")  # pick
        await pilot.pause()
        assert app.screen.query_one("#f-salesperson_code").value == "KIM"
        await save(pilot, app)
    assert contact(ui_db, "C1").salesperson_code == "KIM"
