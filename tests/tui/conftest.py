"""Pilot tests drive the real app at 80x24 on a real SQLite file."""

from __future__ import annotations

import pytest

from models.base.db import close_database
from models.base.enums import ContactType
from models.tables.contacts import Contact, Language, Salesperson
from models.tables.interactions import InteractionGroup
from models.tables.schema import open_database
from models.tables.setup import NoSeries, NoSeriesLine, marketing_setup
from tui.app import RelmanApp

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
    await pilot.press(*[{" ": "space", "/": "slash", ".": "full_stop", "@": "at", "-": "minus"}.get(ch, ch)
                        for ch in text])


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


async def run_command(pilot, text: str) -> None:
    """Ctrl+P, type (the start of) a command's name, Enter: as a user runs it from the palette."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.pause(0.3)
    await pilot.press("enter")
