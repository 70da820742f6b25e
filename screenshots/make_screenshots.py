"""Write an SVG screenshot of every screen at 80x24 into screenshots/.

    python screenshots/make_screenshots.py

Uses a fresh demo database (2,000 contacts, seed 1), the textual-dark theme and
no cursor blink, so the pictures only change when the screens do. The thin-client
pictures (thin-*.svg) show the Segment page, the Log dialog and a card in the
16-colour theme (ansi-dark) and without colour (as NO_COLOR sends them).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from models.base.db import close_database  # noqa: E402
from models.demo.generate import generate  # noqa: E402
from models.tables.schema import open_database  # noqa: E402
from tui.app import RelmanApp  # noqa: E402
from tui.pages import PAGES  # noqa: E402

SIZE = (80, 24)


def slug(title: str) -> str:
    return title.lower().replace(".", "").replace(" ", "-")


async def shoot() -> list[str]:
    folder = Path(tempfile.mkdtemp())
    db = folder / "screens.db"
    os.environ["RELMAN_OUTPUT"] = str(folder / "letters")  # the wizard's letter is delivered
    os.environ["RELMAN_OUTBOX"] = str(folder / "outbox")
    open_database(db)
    generate(contacts=2000, seed=1)
    close_database()

    written = []
    app = RelmanApp(str(db))
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "textual-dark"

        async def save(name: str) -> None:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
            written.append(f"{name}.svg")

        await save("home")
        for page in PAGES:
            await pilot.press(page.key)
            await save(slug(page.title))
            if page.key == "c":
                await pilot.press("enter")
                await save("contact-card")
                await pilot.press("escape")
                await pilot.press("f1")
                await save("help")
                await pilot.press("escape")
                await pilot.press("down", "i", *"LETTER", "enter", "f7")
                await save("wizard-step-1")
                for step in (2, 3, 4):
                    await pilot.press("pagedown")
                    await pilot.pause(0.5)
                    await save(f"wizard-step-{step}")
                await pilot.press("ctrl+s")
            if page.key == "e":
                await pilot.press("enter")
                await save("segment")
                await pilot.press("a")
                await pilot.press(*["tab"] * 8, *"London")
                await pilot.pause(0.6)
                await save("add-contacts")
                await pilot.press("ctrl+s")
                await save("segment-after-add")
                await pilot.press("f10", "f10", "c")
                await save("segment-criteria")
                await pilot.press("escape")
                await pilot.press("f10", "f10", "f10", "h")
                await save("segment-header")
                await pilot.press("escape")
                await pilot.press("home", "p")
                await pilot.pause(0.5)
                await save("merge-preview")
                await pilot.press("escape")
                await pilot.press("o")
                await save("personalise-letter")
                await pilot.press("escape")
                await pilot.press("l")
                await save("log-dialog")
                await pilot.press("escape")
                await pilot.press("escape")
            if page.key == "k":
                await pilot.press("enter")
                await save("logged-segment-entries")
                await pilot.press("enter")
                await save("interaction-log-entry-card")
                await pilot.press("escape", "escape")
            if page.key == "t":
                await pilot.press("enter")
                await save("interaction-template-card")
                await pilot.press("escape")
                await pilot.press("l")
                await save("interaction-template-languages")
                await pilot.press("escape")
            await pilot.press("escape")
        await pilot.press("ctrl+p")
        await save("command-palette")
    written += await shoot_thin_clients(db)
    return written


def svg_without_colour(app) -> str:
    """The screen as NO_COLOR sends it: Relman's WithoutColour filter on every line (Textual's
    own export draws the colours, no filter)."""
    import io

    from rich.console import Console
    from rich.segment import Segment, Segments
    from textual.color import Color

    from tui.app import WithoutColour

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens, simplify=True)
    colourless, black = WithoutColour(), Color(0, 0, 0)
    segments = []
    for line in update.strips:
        segments += [seg for strip in line for seg in strip.apply_filter(colourless, black)]
        segments.append(Segment.line())
    console.print(Segments(segments[:-1]))
    return console.export_svg(title="Relman (NO_COLOR)")


async def shoot_thin_clients(db: Path) -> list[str]:
    """The Segment page, the Log dialog and a contact card in 16 colours and without colour."""
    from models.tables.segments import SegmentHeader

    open_database(db)
    segment_no = SegmentHeader.select(SegmentHeader.no).order_by(SegmentHeader.no).first().no
    close_database()
    written = []
    for look in ("16-colours", "no-colour"):
        app = RelmanApp(str(db), start_page=f"segment:{segment_no}")
        async with app.run_test(size=SIZE) as pilot:
            app.theme = "ansi-dark"

            async def save(name: str, look=look, app=app, pilot=pilot) -> None:
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
                filename = f"thin-{name}-{look}.svg"
                if look == "no-colour":
                    (HERE / filename).write_text(svg_without_colour(app), encoding="utf-8")
                else:
                    app.save_screenshot(filename=filename, path=str(HERE))
                written.append(filename)

            await save("segment")
            await pilot.press("l")
            await save("log-dialog")
            await pilot.press("escape", "escape", "c")
            await pilot.pause()
            await pilot.press("enter")
            await save("contact-card")
    return written


if __name__ == "__main__":
    for name in asyncio.run(shoot()):
        print(HERE / name)
