"""Pilot tests drive the real app at 80x24 on a real SQLite file.

They wait for what they need (a worker's end, a screen, a text), never a fixed time:
``settle`` for the workers, ``wait_for`` for a state; both fail loudly with the screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from textual.command import CommandPalette

from models.base.db import close_database
from models.base.enums import ContactType
from models.tables.contacts import Contact, Language, Salesperson
from models.tables.interactions import InteractionGroup
from models.tables.schema import open_database
from models.tables.setup import NoSeries, NoSeriesLine, marketing_setup
from tui.app import RelmanApp
from tui.screens.dialogs import ConfirmDialog

SIZE = (80, 24)


@pytest.fixture
def ui_db(tmp_path):
    """A small database: contact and segment series, two salespeople, a few contacts."""
    path = tmp_path / "ui.db"
    open_database(path)
    for code, start in (("CONT", "CT000001"), ("SEG", "SEG00001")):
        NoSeries.create(code=code, description=code.title())
        NoSeriesLine.create(series=code, starting_no=start)
    setup = marketing_setup()
    setup.contact_series = "CONT"
    setup.save()
    Salesperson.create(code="JO", name="Jo Hansen")
    Salesperson.create(code="KIM", name="Kim Abel")
    Language.create(code="ENU", name="English")
    Language.create(code="DEU", name="German")
    InteractionGroup.create(code="LETTER", description="Letters")
    Contact.create(no="C1", name="Adatum Corporation", search_name="ADATUM CORPORATION",
                   type=ContactType.COMPANY, company="C1", company_name="Adatum Corporation", city="London")
    Contact.create(no="C2", name="Alicia Thomber", search_name="ALICIA THOMBER",
                   type=ContactType.PERSON, company="C1", company_name="Adatum Corporation", city="London")
    Contact.create(no="C3", name="Trey Research", search_name="TREY RESEARCH",
                   type=ContactType.COMPANY, company="C3", company_name="Trey Research", city="Paris")
    close_database()
    return path


@pytest.fixture
def app(ui_db):
    return RelmanApp(str(ui_db))


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", "/": "slash", ".": "full_stop", "@": "at", "-": "minus", "_": "underscore"}
                        .get(ch, ch) for ch in text])


def screen_text(app) -> str:
    """Everything the screen shows now, as plain text lines."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def read(path, fn):
    """What the database holds now (the app has closed its connection)."""
    open_database(path)
    try:
        return fn()
    finally:
        close_database()


async def wait_for(pilot, ready: Callable[[], object], what: str, timeout: float = 5.0) -> None:
    """Let the app run until ``ready()`` holds; after ``timeout`` seconds fail, naming ``what``."""
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise AssertionError(f"never: {what} (waited {timeout} s); the screen shows:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


async def wait_for_text(pilot, text: str, timeout: float = 5.0) -> None:
    await wait_for(pilot, lambda: text in screen_text(pilot.app), f"{text!r} on the screen", timeout)


async def settle(pilot, answer: str | None = None, timeout: float = 10.0) -> None:
    """Let every worker finish and its messages reach the screen.

    A question a worker asks meanwhile gets the key ``answer`` (y/n); without ``answer`` a
    question is a failure (the worker would wait for it for ever).
    """
    app = pilot.app
    deadline = time.monotonic() + timeout
    idle = False  # no worker ran at the previous look: one more pause lets its last messages land
    while True:
        await pilot.pause()
        running = [w.name for w in app.workers if not w.is_finished]
        if isinstance(app.screen, ConfirmDialog):
            if answer:
                await pilot.press(answer)
                idle = False
                continue
            assert not running, f"a worker asks a question nobody answers: {app.screen.question!r}"
        if not running:
            if idle:
                return
            idle = True
            continue
        idle = False
        if time.monotonic() > deadline:
            raise AssertionError(f"workers still running after {timeout} s: {running}\n{screen_text(app)}")
        await pilot.pause(0.02)


async def search_palette(pilot, text: str) -> None:
    """Ctrl+P and type (the start of) a command's name; the palette has then listed its hits."""
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the command palette")
    await type_text(pilot, text)
    await settle(pilot)  # the palette searches in a worker


async def run_command(pilot, text: str) -> None:
    """Ctrl+P, type (the start of) a command's name, Enter: as a user runs it from the palette."""
    await search_palette(pilot, text)
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), f"the palette runs {text!r}")
