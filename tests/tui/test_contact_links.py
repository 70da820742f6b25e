"""Mailing Groups from the home page with their No. of Contacts; a contact put into NEWS
from its card (F3, n, the F4 list) and taken out again (Del, asks first); an alternative
address and the date range that picks it (F9), at 80x24."""

from __future__ import annotations

import re

from models.base.db import close_database
from models.tables.contacts import ContactMailingGroup, MailingGroup
from models.tables.schema import open_database
from tests.tui.conftest import (
    SIZE,
    read,
    screen_text,
    type_text,
    wait_for,
    wait_for_text,
)
from tui.screens.card import CardScreen
from tui.screens.contact_links import ContactLinksPage
from tui.screens.dialogs import ConfirmDialog
from tui.screens.home import HomeScreen
from tui.screens.list_page import ListPage
from tui.screens.lookup import LookupScreen


def news_members(path) -> list[str]:
    link = ContactMailingGroup
    return read(path, lambda: [no for (no,) in link.select(link.contact).where(link.target == "NEWS").tuples()])


async def news_count_shows(pilot, count: int) -> None:
    """Home, u: the NEWS row of Mailing Groups shows its No. of Contacts."""
    app = pilot.app
    while not isinstance(app.screen, HomeScreen):
        await pilot.press("escape")
    await pilot.press("u")
    await wait_for(pilot, lambda: re.search(rf"NEWS\s+Newsletter\s+{count}\b", screen_text(app)),
                   f"NEWS with {count} contacts")
    assert "Mailing Groups" in screen_text(app)


async def card_links_of_c2(pilot) -> None:
    """Contacts, the second contact's card, F3: its mailing groups."""
    app = pilot.app
    await pilot.press("escape", "c")
    await wait_for(pilot, lambda: isinstance(app.screen, ListPage) and app.screen.table.row_count, "Contacts")
    await pilot.press("down", "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, CardScreen), "the card of C2")
    await pilot.press("f3")
    await wait_for_text(pilot, "Mailing Groups of C2")


async def test_a_contact_joins_and_leaves_news_from_its_card(app, ui_db):
    open_database(ui_db)
    MailingGroup.create(code="NEWS", description="Newsletter")
    MailingGroup.create(code="XMAS", description="Christmas cards")
    close_database()
    async with app.run_test(size=SIZE) as pilot:
        await news_count_shows(pilot, 0)

        await card_links_of_c2(pilot)
        await pilot.press("n")  # the F4 list of mailing groups, searched as typed
        await wait_for(pilot, lambda: isinstance(app.screen, LookupScreen), "the list of mailing groups")
        await type_text(pilot, "news")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactLinksPage)
                       and re.search(r"NEWS\s+Newsletter", screen_text(app)), "NEWS on C2's list")
        assert [n.message for n in app._notifications][-1] == "C2 is in Mailing Group NEWS."
        assert news_members(ui_db) == ["C2"]
        await news_count_shows(pilot, 1)

        await card_links_of_c2(pilot)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "Remove?")
        assert "Remove C2 from Mailing Group NEWS?" in screen_text(app)
        await pilot.press("y")
        await wait_for_text(pilot, "In no mailing group yet.")
        assert news_members(ui_db) == []
        await news_count_shows(pilot, 0)


async def test_an_alternative_address_and_its_date_range_from_the_card(app, ui_db):
    """F9 on C2's card, n, the address card; r, n, the date range with the address by F4."""
    import datetime as dt

    from models.tables.contacts import ContactAltAddrDateRange, active_alt_address

    async with app.run_test(size=SIZE) as pilot:
        await card_links_of_c2(pilot)
        await pilot.press("escape", "f9")
        await wait_for_text(pilot, "Alt. Addresses of C2")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen), "a new address card")
        await type_text(pilot, "OFFICE")
        await pilot.press("tab", "tab")
        await type_text(pilot, "1 High Street")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, ListPage) and "OFFICE" in screen_text(app), "OFFICE")

        await pilot.press("r")
        await wait_for_text(pilot, "Alt. Address Date Ranges of C2")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen), "a new date range")
        await type_text(pilot, "2026-01-01")
        await pilot.press("tab", "tab", "f4")  # the address from this contact's own list
        await wait_for(pilot, lambda: isinstance(app.screen, LookupScreen), "the contact's addresses")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen), "back on the date range")
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, ListPage) and "OFFICE" in screen_text(app),
                       "the range listed")
    ranges = read(ui_db, lambda: [(r.starting_date, r.contact_alt_address_code)
                                  for r in ContactAltAddrDateRange.select()])
    assert ranges == [(dt.date(2026, 1, 1), "OFFICE")]
    assert read(ui_db, lambda: active_alt_address("C2", dt.date(2026, 6, 1))) == "OFFICE"
