"""At 80x24 every page shows its whole footer: each F10 group fits, F1 Help is never cut."""

from __future__ import annotations

from models.base.db import close_database
from models.tables.schema import open_database
from models.tables.setup import marketing_setup
from tests.tui.conftest import SIZE, screen_text, wait_for
from tui.pages import PAGES
from tui.screens.home import HomeScreen
from tui.screens.segments import SegmentPage


def footer_items(app) -> list[str]:
    """What the footer should show, as "key Description" (the compact Footer's one per action)."""
    items, actions = [], set()
    for _node, binding, _enabled, _tooltip in app.screen.active_bindings.values():
        if binding.show and binding.description and binding.action not in actions:
            actions.add(binding.action)
            items.append(f"{app.get_key_display(binding)} {binding.description}")
    return items


async def every_group_fits(pilot, where: str) -> None:
    """Step through the screen's F10 groups; in each, every item of the footer is whole."""
    app = pilot.app
    screen = app.screen
    groups = max(getattr(screen, "FOOTER_GROUPS", {}).values(), default=0) + 1
    for group in range(groups):
        if group:
            await pilot.press("f10")

        def whole() -> bool:
            footer = screen_text(app).splitlines()[-1]
            return "f1 Help" in footer and all(item in footer for item in footer_items(app))

        await wait_for(pilot, whole, f"{where}, footer group {group}: every item whole in {footer_items(app)}",
                       timeout=2)


async def test_every_page_shows_its_whole_footer_at_80_columns(app, ui_db):
    open_database(ui_db)
    setup = marketing_setup()
    setup.segment_series = "SEG"
    setup.save()
    close_database()
    async with app.run_test(size=SIZE) as pilot:
        for page in PAGES:
            await pilot.press(page.key)
            await wait_for(pilot, lambda: not isinstance(app.screen, HomeScreen), page.title)
            await every_group_fits(pilot, page.title)
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), f"home after {page.title}")
        await pilot.press("e", "n")  # a new segment: its page has six groups
        await wait_for(pilot, lambda: isinstance(app.screen, SegmentPage), "the Segment page")
        await every_group_fits(pilot, "Segment page")
