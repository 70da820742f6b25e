"""Interaction Templates and their languages, by keys at 80x24."""

from __future__ import annotations

import docx

from models.base.db import close_database
from models.tables.interactions import (
    Attachment,
    InteractionTemplate,
    InteractionTmplLanguage,
)
from models.tables.schema import open_database
from tests.tui.conftest import SIZE, read, screen_text, settle, type_text, wait_for
from tui.screens.card import CardScreen
from tui.screens.dialogs import ConfirmDialog, MessageDialog, PromptDialog
from tui.screens.list_page import ListPage
from tui.screens.templates import TemplateLanguagesPage


async def fill(pilot, app, field: str, text: str) -> None:
    app.screen.query_one(f"#f-{field}").focus()
    await pilot.press("ctrl+u")
    await type_text(pilot, text)


async def test_create_a_template_and_confirm_its_language(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CardScreen)
        await type_text(pilot, "abstract")
        await fill(pilot, app, "interaction_group_code", "LETTER")
        await fill(pilot, app, "description", "Abstract letter")
        await fill(pilot, app, "language_code_default", "ENU")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the language question")
        assert "Create Interaction Tmpl. Language ENU?" in screen_text(app)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ListPage)
        assert "Abstract letter" in screen_text(app)

    template = read(ui_db, lambda: InteractionTemplate.get(InteractionTemplate.code == "ABSTRACT"))
    assert template.interaction_group_code == "LETTER"
    assert template.correspondence_type_default.label == "Email"
    assert template.language_code_default == "ENU"
    assert read(ui_db, lambda: InteractionTmplLanguage.select().count()) == 1


async def test_declining_the_language_saves_nothing(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "call")
        await fill(pilot, app, "interaction_group_code", "LETTER")
        await fill(pilot, app, "language_code_default", "DEU")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the language question")
        await pilot.press("n")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CardScreen)  # still open, nothing saved
    assert read(ui_db, lambda: InteractionTemplate.select().count()) == 0


async def test_template_without_group_is_refused(app, ui_db):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "memo")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CardScreen)
        assert "Interaction Group Code must have a value" in screen_text(app)
    assert read(ui_db, lambda: InteractionTemplate.select().count()) == 0


async def test_import_and_export_a_word_attachment(app, ui_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # paths typed relative to the working folder
    letter = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Dear customer, thank you.")
    document.save(letter)
    out = tmp_path / "back.docx"

    open_database(ui_db)
    from models.segments import template_languages, templates

    templates.save_template(None, {"code": "LTR", "interaction_group_code": "LETTER",
                                   "description": "Letter"})
    template_languages.add_template_language("LTR", "ENU", "English")
    close_database()

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TemplateLanguagesPage)
        assert "ENU" in screen_text(app)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await type_text(pilot, letter.name)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Attachment imported" in n.message for n in app._notifications)

        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_text(pilot, out.name)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

        # a file that is not Word is refused with a message, the attachment kept
        bad = tmp_path / "bad.docx"
        bad.write_text("not a word file")
        await pilot.press("i")
        await pilot.pause()
        await type_text(pilot, bad.name)
        await pilot.press("enter")
        await settle(pilot, answer="y")  # replace the existing attachment? Yes
        assert isinstance(app.screen, MessageDialog) and "not done" in screen_text(app)  # stays until read
        await pilot.press("escape")

    assert docx.Document(out).paragraphs[0].text == "Dear customer, thank you."
    record = read(ui_db, lambda: InteractionTmplLanguage.get(InteractionTmplLanguage.language_code == "ENU"))
    assert record.attachment_no
    content = read(ui_db, lambda: Attachment.get_by_id(record.attachment_no).content)
    assert content == letter.read_bytes()


async def test_edit_a_template_and_see_its_statistics(app, ui_db):
    import datetime as dt

    from models.tables.contacts import Contact
    from models.tables.interactions import InteractionLogEntry

    open_database(ui_db)
    from models.segments import templates

    templates.save_template(None, {"code": "LTR", "interaction_group_code": "LETTER", "description": "Letter"})
    contact = Contact.get(Contact.no == "C1")
    for day, cost, canceled, postponed in ((1, "2.50", False, False), (2, "1.00", False, False),
                                           (3, "9.00", True, False), (4, "9.00", False, True)):
        InteractionLogEntry.create(contact=contact, date=dt.date(2026, 1, day), cost=cost, duration=10,
                                   interaction_template_code="LTR", interaction_group_code="LETTER",
                                   canceled=canceled, postponed=postponed)
    close_database()

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await fill(pilot, app, "description", "Welcome letter")
        await fill(pilot, app, "unit_cost", "1.25")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ListPage)
        assert "Welcome letter" in screen_text(app)

        await pilot.press("s")
        await pilot.pause()
        text = screen_text(app)
        assert "No. of Interactions             2" in text  # canceled and postponed left out
        assert "3.50" in text
        await type_text(pilot, "2026-01-02..2026-01-31")
        await pilot.press("enter")
        await pilot.pause()
        assert "No. of Interactions             1" in screen_text(app)
        await type_text(pilot, "x")
        await pilot.press("enter")
        await pilot.pause()
        assert "is not a date" in screen_text(app)
        await pilot.press("escape", "escape", "g")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert "Interaction Groups LETTER" in screen_text(app)
        assert "No. of Interactions             2" in screen_text(app)

    template = read(ui_db, lambda: InteractionTemplate.get(InteractionTemplate.code == "LTR"))
    assert template.description == "Welcome letter"
    assert str(template.unit_cost) == "1.25"
