"""Create Interaction by keys at 80x24: for a contact (Open: export, edit, import the
letter), cancel and finish later, quit, start again, resume from Postponed Interactions
with every value kept, log and finish; for a segment; bad input stays on the step."""

from __future__ import annotations

from models.base.db import close_database
from models.base.enums import Evaluation, WizardAction
from models.merge.letters import document_text
from models.tables.interactions import Attachment, InteractionTemplate
from models.tables.interactions import InteractionLogEntry as ILE
from models.tables.schema import open_database
from models.tables.segments import SegmentHeader
from tests.tui.conftest import (
    SIZE,
    read,
    run_command,
    screen_text,
    settle,
    type_text,
    wait_for,
    wait_for_text,
)
from tests.tui.test_merge import (  # noqa: F401
    _edit,
    answer_prompt,
    in_tmp_path,
    merge_db,
    open_segment,
)
from tui.app import RelmanApp
from tui.screens.dialogs import ConfirmDialog, MessageDialog
from tui.screens.log_dialog import LogDialog
from tui.screens.postponed import PostponedInteractionsPage
from tui.screens.wizard import WizardScreen


def _template(path, **values):
    """Template LETTER with these values; Ben Carter's salesperson is JO."""
    from models.tables.contacts import Contact

    open_database(path)
    if values:
        InteractionTemplate.update(**values).where(InteractionTemplate.code == "LETTER").execute()
    ben = Contact.get(Contact.no == "P2")
    ben.salesperson_code = "JO"
    ben.save()
    close_database()


async def start_for_ben(pilot, app):
    """Contacts list → Ben Carter (P2) → i."""
    await pilot.press("c")
    await settle(pilot)
    await pilot.press("down", "down", "down", "down", "i")  # C1 C2 C3 P1 P2
    await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen), "the wizard")
    assert "P2 Ben Carter" in screen_text(app) and "· fixed" in screen_text(app)



async def apply_to_segment_and_offer_log(pilot) -> None:
    """PgDn on a segment wizard's last step: Yes to the header's questions (update the
    lines?), then to the offer to Log; the Log dialog opens and Esc leaves it."""
    app = pilot.app
    await pilot.press("pagedown")  # applies it to the header and every line
    for _ in range(5):
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "a question")
        ready = "Segment S1 is ready: log it now?" in screen_text(app)
        await pilot.press("y")
        if ready:
            break
    else:
        raise AssertionError("Log was never offered")
    await wait_for(pilot, lambda: isinstance(app.screen, LogDialog), "the Log dialog")
    await pilot.press("escape")
    await pilot.pause()

async def test_open_letter_postpone_quit_resume_and_finish(merge_db, tmp_path):
    _template(merge_db, wizard_action=WizardAction.OPEN, word_template="WT1")
    app = RelmanApp(str(merge_db))
    letter = tmp_path / "P2 letter.docx"  # the proposed path
    async with app.run_test(size=SIZE) as pilot:
        await start_for_ben(pilot, app)
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Interaction Template Code is required." in screen_text(app)
        await type_text(pilot, "LETTER")
        await pilot.press("enter")
        await pilot.pause()
        assert "Letter" in screen_text(app).split("Description", 1)[1].splitlines()[0]  # from the template
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Step 2 of 4" in screen_text(app) and "Open:" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        await answer_prompt(pilot, app)
        assert letter.exists(), screen_text(app)
        assert "Thank you, BEN" in document_text(letter.read_bytes())
        _edit(letter, "Thank you, ", "We kept a chair for you. Thank you, ")
        await pilot.press("f3")
        await pilot.pause()
        await answer_prompt(pilot, app)
        assert "(imported)" in screen_text(app)
        await pilot.press("f6")
        await pilot.pause()
        await type_text(pilot, "Ask about chairs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "finish later?")
        assert "Do you want to finish this interaction later?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, WizardScreen), screen_text(app)
    entry = read(merge_db, lambda: ILE.get(ILE.postponed == True))  # noqa: E712
    assert (entry.contact_no, entry.interaction_template_code, entry.wizard_step) == ("P2", "LETTER", 2)

    app = RelmanApp(str(merge_db))  # the app again, as after a restart
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await settle(pilot)
        assert "Ben Carter" not in screen_text(app)  # postponed entries are not on Interaction Log Entries
        await pilot.press("escape", "p")
        await settle(pilot)
        assert isinstance(app.screen, PostponedInteractionsPage)
        assert "P2" in screen_text(app) and "LETTER" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen), "the resumed wizard")
        text = screen_text(app)
        assert "Resume" in text and "Step 2 of 4" in text and "Attachment: DOCX" in text
        await pilot.press("pageup")
        await pilot.pause()
        text = screen_text(app)
        assert "LETTER" in text and "Ben Carter" in text
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert "Step 3 of 4" in screen_text(app)
        await pilot.press("pagedown")  # logs
        await wait_for(pilot, lambda: "Step 4 of 4" in screen_text(app), "step 4")
        await pilot.press("tab")  # Evaluation
        await type_text(pilot, "Positive")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, WizardScreen), screen_text(app)
    logged = read(merge_db, lambda: ILE.get(ILE.entry_no == entry.entry_no))
    assert not logged.postponed and Evaluation(logged.evaluation) == Evaluation.POSITIVE
    content = read(merge_db, lambda: Attachment.get(Attachment.no == logged.attachment_no).content)
    assert "We kept a chair for you." in document_text(content)
    assert read(merge_db, lambda: [c.comment for c in logged.comments]) == ["Ask about chairs"]
    assert read(merge_db, lambda: ILE.select().count()) == 1  # the same entry, not a second one


async def test_bad_input_stays_on_the_step_and_cancel_at_step_3_saves(merge_db):
    _template(merge_db)
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await start_for_ben(pilot, app)
        await type_text(pilot, "LETTER")
        await pilot.press("enter", "end", "ctrl+u")  # Enter goes on to the template's description: cleared
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Description is required." in screen_text(app) and "Step 1 of 4" in screen_text(app)
        await type_text(pilot, "Call back")
        await pilot.press("f7")
        await pilot.pause()
        for _ in range(4):  # Salesperson, Language, Date, Time
            await pilot.press("tab")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "25:99")
        await pilot.press("pagedown")
        await pilot.pause()
        assert "Time: '25:99' is not a time (HH:MM)." in screen_text(app)
        await pilot.press("ctrl+u")
        await type_text(pilot, "10:30")
        await pilot.press("pagedown")  # the template has no wizard action: step 3
        await pilot.pause()
        assert "Step 3 of 4" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "finish later?")
        await pilot.press("y")
        await pilot.pause()
        # the template's Email default, and the template has no document: refused
        assert "Email correspondence needs a template with an attachment" in screen_text(app)
        await pilot.press("pageup")  # no wizard action: back to step 1
        await pilot.pause()
        for _ in range(6):  # Description … Time, Correspondence Type
            await pilot.press("tab")
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "Hard Copy")
        await pilot.press("pagedown", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "finish later?")
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, WizardScreen), screen_text(app)
    entry = read(merge_db, lambda: ILE.get())
    assert (entry.postponed, entry.wizard_step, entry.description) == (True, 3, "Call back")
    assert entry.time_of_interaction.strftime("%H:%M") == "10:30"


async def test_create_interaction_for_a_segment_then_log(merge_db):
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen), "the wizard")
        assert "Step 1 of 3" in screen_text(app) and "LETTER" in screen_text(app)
        await pilot.press("tab", "end", "ctrl+u")  # from the template to the Description
        await type_text(pilot, "Autumn letter")
        await pilot.press("pagedown")
        await pilot.pause()
        await apply_to_segment_and_offer_log(pilot)
    header = read(merge_db, lambda: SegmentHeader.get(SegmentHeader.no == "S1"))
    assert (header.description, header.subject_default) == ("Autumn letter", "Autumn letter")


async def test_create_interaction_is_everywhere_in_help_and_the_palette(merge_db):
    _template(merge_db)
    app = RelmanApp(str(merge_db))

    def described() -> str:
        return " ".join(text for _key, text in app.screen_keys(app.screen))

    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await settle(pilot)
        assert "Create Interaction" in described()
        await pilot.press("down", "down", "down", "down", "enter")  # Ben's card
        await settle(pilot)
        assert "Create Interaction" in described()
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen), "the wizard from the card")
        for name in ("Next", "Comments", "Show more", "Lookup", "Cancel"):
            assert name in described(), name
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "finish later?")
        await pilot.press("n")  # nothing is saved
        await settle(pilot)
        assert read(merge_db, lambda: ILE.select().count()) == 0
        await pilot.press("escape", "escape")
        await run_command(pilot, "Postponed")
        await settle(pilot)
        assert isinstance(app.screen, PostponedInteractionsPage)
        for name in ("Resume", "Delete", "Show Attachment"):
            assert name in described(), name
        await pilot.press("escape", "i")
        await settle(pilot)
        assert "Create Interaction" in described()
        await pilot.press("escape", "e")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "Create Interaction" in described()


async def test_delete_a_postponed_interaction_asks_first(merge_db):
    _template(merge_db)
    open_database(merge_db)
    from models.base.enums import CorrespondenceType
    from models.interactions import wizard

    draft = wizard.set_template(wizard.start(contact_no="P2"), "LETTER")
    draft.correspondence_type, draft.comments = CorrespondenceType.HARD_COPY, ["call again"]
    wizard.postpone(draft)
    close_database()
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await settle(pilot)
        assert "1 postponed interactions" in screen_text(app)
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "delete?")
        assert "Delete the selected lines?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert read(merge_db, lambda: ILE.select().count()) == 1
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "delete?")
        await pilot.press("y")
        await settle(pilot)
        assert "0 postponed interactions" in screen_text(app)
    assert read(merge_db, lambda: ILE.select().count()) == 0
    from models.tables.interactions import InterLogEntryCommentLine

    assert read(merge_db, lambda: InterLogEntryCommentLine.select().count()) == 0


async def test_postpone_a_segment_wizard_resume_it_and_finish(merge_db):
    """Issue 13: v on the segment, step 1 filled, PgDn, Esc, y: a postponed row naming the
    segment; Resume at the same step with every value; finishing updates the segment, the
    draft is gone, and Yes to "log it now?" opens Log on the segment's page."""
    _template(merge_db, wizard_action=WizardAction.OPEN, word_template="WT1")
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await open_segment(pilot, app)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen), "the wizard")
        await pilot.press("tab", "end", "ctrl+u")  # from the template to the Description
        await type_text(pilot, "Autumn letter")
        await pilot.press("f6")
        await pilot.pause()
        await type_text(pilot, "Big ones first")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("pagedown")
        await wait_for_text(pilot, "Step 2 of 3")
        assert "Letters: Word template WT1, merged for each line's contact" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "finish later?")
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, WizardScreen), screen_text(app)
        await pilot.press("escape", "escape", "p")  # Segments, home, Postponed Interactions
        await settle(pilot)
        assert isinstance(app.screen, PostponedInteractionsPage)
        assert "Segment: Spring" in screen_text(app) and "S1" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, WizardScreen), "the resumed wizard")
        assert "segment S1 (every line)" in screen_text(app) and "Step 2 of 3" in screen_text(app)
        await pilot.press("pageup")
        await wait_for_text(pilot, "Autumn letter")
        await pilot.press("pagedown", "pagedown")
        await wait_for_text(pilot, "Step 3 of 3")
        await apply_to_segment_and_offer_log(pilot)
    header = read(merge_db, lambda: SegmentHeader.get(SegmentHeader.no == "S1"))
    assert (header.description, header.subject_default) == ("Autumn letter", "Autumn letter")
    assert read(merge_db, lambda: ILE.select().count()) == 0  # the draft is gone


async def test_resuming_a_segment_wizard_after_the_segment_was_logged(merge_db):
    _template(merge_db)
    open_database(merge_db)
    from models.interactions import wizard
    from models.segments.log import log_segment

    draft = wizard.start(segment_no="S1")
    wizard.postpone(draft)
    log_segment("S1", deliver=False, follow_up=False)
    close_database()
    app = RelmanApp(str(merge_db))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await settle(pilot)
        assert "Segment gone" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MessageDialog), "the message")
        assert "Segment S1 has been logged." in screen_text(app) and "it is kept" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PostponedInteractionsPage)
    assert read(merge_db, lambda: ILE.select().where(ILE.postponed == True).count()) == 1  # noqa: E712
