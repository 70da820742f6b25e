"""Word mail merge from the Segment page by keys at 80x24: Preview Merge, Export Letters,
Personalise Letter and Modify Word Template."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base.db import close_database
from models.base.enums import ContactType, CorrespondenceType
from models.merge.letters import document_text
from models.tables.contacts import CompanyInformation, Contact
from models.tables.interactions import Attachment, InteractionTemplate, WordTemplate
from models.tables.schema import open_database
from models.tables.segments import (
    SegmentHeader,
    SegmentInteractionLanguage,
    SegmentLine,
)
from tests.models.docx_builders import letter_template, open_docx, paragraph, simple, template_with
from tests.tui.conftest import (
    SIZE,
    read,
    screen_text,
    search_palette,
    settle,
    type_text,
    wait_for,
    wait_for_text,
)
from tui.app import RelmanApp
from tui.screens.dialogs import MessageDialog, PromptDialog
from tui.screens.merge import FileActionsDialog, MergePreview
from tui.screens.segments import SegmentPage

PEOPLE = [("P1", "Anna Berg", "1 Main Street"), ("P2", "Ben Carter", "2 Main Street"), ("P3", "Cleo Dunn", "")]


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    """Relative paths typed into prompts land in tmp_path."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def merge_db(ui_db):
    """Segment S1 on template LETTER (Word template WT1, the test letter) with three lines;
    Cleo Dunn has no address."""
    open_database(ui_db)
    CompanyInformation.create(name="Harbour Lane Ltd.", phone_no="+44 1")
    InteractionTemplate.create(code="LETTER", interaction_group="LETTER", description="Letter")
    WordTemplate.create(code="WT1", language="ENU", template=letter_template())
    SegmentHeader.create(no="S1", description="Spring", interaction_template="LETTER", language_code_default="ENU",
                         word_template_code="WT1", date=dt.date(2026, 3, 2), salesperson="JO")
    SegmentInteractionLanguage.create(segment="S1", segment_line_no=0, language="ENU", word_template_code="WT1",
                                      subject="Spring letter")
    for k, (no, name, address) in enumerate(PEOPLE, 1):
        Contact.create(no=no, name=name, search_name=name.upper(), type=ContactType.PERSON,
                       first_name=name.split()[0], address=address, post_code="AB1", city="Leeds")
        SegmentLine.create(segment="S1", line_no=k * 10000, contact=no, salesperson_code="JO",
                           interaction_template_code="LETTER", language_code="ENU", word_template_code="WT1",
                           subject="Spring letter", date=dt.date(2026, 3, 2),
                           correspondence_type=CorrespondenceType.HARD_COPY)
    close_database()
    return ui_db


async def open_segment(pilot, app):
    await pilot.press("e")
    await pilot.pause()
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, SegmentPage)


async def answer_prompt(pilot, app, text: str | None = None):
    """Accept the prompt's proposed path, or replace it by ``text`` (short: the tests run in
    tmp_path, and every key press is a frame)."""
    assert isinstance(app.screen, PromptDialog)
    if text is not None:
        await pilot.press("end", "ctrl+u")  # delete everything left of the cursor
        await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


async def test_preview_pages_through_recipients_and_exports(merge_db, tmp_path):
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MergePreview)
        await wait_for_text(pilot, "Thank you, ANNA")
        text = screen_text(app)
        assert "letter 1 of 3" in text and "Line 10000 · P1 Anna Berg · Word Template WT1" in text
        assert "CONTA_Address" in text and "1" in text.split("CONTA_Address")[1].split("\n")[0]
        await pilot.press("right")
        await wait_for_text(pilot, "Thank you, BEN")
        await pilot.press("n")
        await wait_for_text(pilot, "Thank you, CLEO")
        assert "letter 3 of 3" in screen_text(app)
        await pilot.press("n")  # stays on the last
        await wait_for_text(pilot, "letter 3 of 3")
        await pilot.press("f")
        await wait_for_text(pilot, "Thank you, ANNA")
        await pilot.press("l")
        await wait_for_text(pilot, "Thank you, CLEO")
        await pilot.press("left")
        await wait_for_text(pilot, "Thank you, BEN")

        await pilot.press("e")
        await pilot.pause()
        folder = tmp_path / "out"
        await answer_prompt(pilot, app, "out")
        await wait_for_text(pilot, "3 letters and a print file in")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SegmentPage)
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["P1 Anna Berg.docx", "P2 Ben Carter.docx", "P3 Cleo Dunn.docx", "S1 print.docx"]
    assert "Thank you, BEN" in document_text((folder / "P2 Ben Carter.docx").read_bytes())
    assert len(open_docx((folder / "S1 print.docx").read_bytes()).sections) == 3


async def test_export_letters_from_the_segment_page(merge_db, tmp_path):
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        await answer_prompt(pilot, app)  # the proposed folder: S1-letters
        assert "3 letters and a print file" in " ".join(n.message for n in app._notifications)
    assert len(list((tmp_path / "S1-letters").glob("*.docx"))) == 4


def _edit(path, old: str, new: str) -> None:
    """Change the text of one run, as a user typing in Word would (fields stay fields)."""
    doc = open_docx(path.read_bytes())
    run = next(r for p in doc.paragraphs for r in p.runs if old in r.text)
    run.text = run.text.replace(old, new)
    doc.save(str(path))


async def test_personalise_one_line_letter_and_modify_the_template(merge_db, tmp_path):
    """Export Ben's merged letter, edit it, import it: his line is Unique and the preview shows
    the change; Modify Word Template's copy is then used by the other lines; a corrupt file
    is refused with a message and changes nothing."""
    app = RelmanApp(str(merge_db))
    letter = tmp_path / "S1-P2.docx"  # the proposed path
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("down", "o")
        await pilot.pause()
        assert isinstance(app.screen, FileActionsDialog)
        assert "line 20000, contact P2 Ben Carter" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        await answer_prompt(pilot, app)
        assert letter.exists() and "Thank you, BEN" in document_text(letter.read_bytes())
        _edit(letter, "Thank you, ", "We kept a chair for you. Thank you, ")

        corrupt = tmp_path / "corrupt.docx"
        corrupt.write_bytes(b"PK\x03\x04 not really a zip")
        await pilot.press("i")
        await pilot.pause()
        await answer_prompt(pilot, app, "corrupt.docx")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog), "the refusal")
        assert "Word document" in screen_text(app) or "could not be read" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FileActionsDialog)  # still open: nothing was imported
        await pilot.press("i")
        await pilot.pause()
        await answer_prompt(pilot, app)
        assert isinstance(app.screen, SegmentPage)

        template = tmp_path / "S1-template.docx"
        await pilot.press("t")
        await pilot.pause()
        assert "Modify Word Template — segment S1" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        await answer_prompt(pilot, app)
        _edit(template, "Thank you, ", "Many thanks, ")
        await pilot.press("i")
        await pilot.pause()
        await answer_prompt(pilot, app)
        assert isinstance(app.screen, SegmentPage)

        await pilot.press("p")
        await pilot.press("f")
        await wait_for_text(pilot, "Many thanks, ANNA")
        assert "· Modified attachment" in screen_text(app)
        await pilot.press("n")
        await wait_for_text(pilot, "We kept a chair for you. Thank you, BEN")
        assert "· Unique personalised" in screen_text(app)

    line = read(merge_db, lambda: SegmentLine.get(SegmentLine.line_no == 20000))
    assert line.merged and line.attachment_no
    assert read(merge_db, lambda: Attachment.select().count()) == 2


async def test_merge_actions_are_in_the_palette_and_help(merge_db):
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        described = " ".join(text for _key, text in app.screen_keys(app.screen))
        for command, screen_type in [("Preview Merge", MergePreview), ("Export Letters", PromptDialog),
                                     ("Personalise Letter", FileActionsDialog),
                                     ("Modify Word Template", FileActionsDialog)]:
            assert command in described
            await search_palette(pilot, command[:9])  # the start is enough
            assert command in screen_text(app)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, screen_type), command)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, SegmentPage)


async def test_a_segment_without_a_document_says_so_and_writes_nothing(merge_db, tmp_path):
    open_database(merge_db)
    SegmentInteractionLanguage.delete().execute()
    SegmentLine.update(word_template_code="").execute()
    SegmentHeader.update(word_template_code="").execute()
    close_database()
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("p")
        await wait_for_text(pilot, "The interaction template has no attachment for")
        await pilot.press("e")
        await pilot.pause()
        await answer_prompt(pilot, app, "none")
        assert any("no attachment" in n.message for n in app._notifications)
    assert not (tmp_path / "none").exists() or not any((tmp_path / "none").iterdir())


async def test_coverage_shows_field_names_with_brackets_as_written(merge_db):
    """A field name is text, never markup: "[/b]" or "[Size]" in a name once left the coverage
    pane on "Coverage…" (the worker's update raised a MarkupError)."""
    open_database(merge_db)
    WordTemplate.update(template=template_with(paragraph(simple("CONTA_Address")),
                                               paragraph(simple("Shoe[/b] [Size]")),
                                               paragraph(simple("[bold]Colour")))).execute()
    close_database()
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MergePreview)
        await wait_for_text(pilot, "Unknown fields")
        text = screen_text(app)
        assert "Coverage…" not in text
        assert "Shoe[/b] [Size]" in text and "[bold]Colour" in text
        assert "CONTA_Address" in text and "Fields without a value" in text
