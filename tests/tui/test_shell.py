"""The app shell at 80x24: home page, every page by its key, help, palette."""

from __future__ import annotations

from tests.tui.conftest import SIZE, run_command, screen_text, settle, wait_for
from tui.pages import PAGES
from tui.screens.card import CardScreen
from tui.screens.dialogs import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.list_page import ListPage


async def test_home_shows_cues_and_pages(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        for cue in ("Open Segments", "Logged Segments", "Postponed Interactions"):
            assert cue in text
        for page in PAGES:
            assert page.title in text


async def test_every_page_opens_by_its_key_and_esc_goes_back(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for page in PAGES:
            await pilot.press(page.key)
            await pilot.pause()
            assert not isinstance(app.screen, HomeScreen), page.title
            assert page.title in screen_text(app), page.title
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen), page.title


async def test_f1_lists_the_keys_of_the_current_screen(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for description in ("New", "Search", "Delete", "Back", "Quit", "Help"):
            assert description in text  # the page's own keys come first
        descriptions = " ".join(text for _key, text in app.screen.rows)
        for description in ("Open", "Page down", "Refresh", "Commands"):
            assert description in descriptions
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ListPage)


async def test_command_palette_opens_a_page_by_name(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Salespeople")
        await wait_for(pilot, lambda: isinstance(app.screen, ListPage), "the Salespeople page")
        await settle(pilot)
        assert app.screen.entity.name == "salespeople"
        assert "Jo Hansen" in screen_text(app)


async def test_command_palette_lists_the_screen_actions(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await run_command(pilot, "New")
        await wait_for(pilot, lambda: isinstance(app.screen, CardScreen), "a new contact card")
        assert app.screen.entity.name == "contacts"


async def test_ctrl_q_quits(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_unreachable_database_exits_with_a_message(tmp_path):
    from tui.app import RelmanApp

    app = RelmanApp("postgresql://127.0.0.1:1/nothing")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert app.return_code == 2


async def test_messages_show_user_text_as_written(app):
    """A message carries user text (file names, codes): brackets are shown, never read as markup
    (Textual would drop "[DRAFT]" and fail on "[/b]")."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.notify("Cannot import x[/b].docx into [DRAFT].", severity="error")
        await pilot.pause()
        (note,) = list(app._notifications)
        assert (note.message, note.markup) == ("Cannot import x[/b].docx into [DRAFT].", False)


async def test_palette_lists_each_action_once_and_no_editing_keys(app):
    from textual.command import CommandList

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: app.screen.query(CommandList), "the command palette")
        await settle(pilot)
        commands = [str(option.prompt).split("\n")[0] for option in app.screen.query_one(CommandList).options]
        for page in PAGES:
            assert commands.count(page.title) == 1, page.title
        assert len(commands) == len(set(commands)), commands
        for generic in ("Copy selected text", "Down", "Delete all to the left", "Focus Next"):
            assert generic not in commands


async def test_help_wraps_long_descriptions(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        text = screen_text(app)
        for _key, description in app.screen.rows[:6]:
            assert description.split()[-1] in text, description  # the end of each row is on screen
