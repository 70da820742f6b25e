"""The one job runner (tui/jobs.py) on a small screen: questions, progress, result, failure."""

from __future__ import annotations

import threading

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import ProgressBar, Static
from textual.worker import WorkerFailed

from models.base.db import close_database, db
from models.base.errors import FieldError, UserError
from models.tables.schema import open_database
from tests.tui.conftest import SIZE, screen_text, settle, wait_for
from tui.jobs import JobDone, JobFailed, JobProgress, run_job
from tui.screens.dialogs import ConfirmDialog


class _JobPage(Screen):
    """What a page does with its jobs' messages: a bar, a status line, a notification."""

    def compose(self) -> ComposeResult:
        yield Static("", id="status")
        yield ProgressBar(total=100, show_eta=False)

    def start(self, job, name: str = "Test Job") -> None:
        run_job(self, name, job)

    def on_job_progress(self, event: JobProgress) -> None:
        self.query_one(ProgressBar).update(progress=round(100 * event.fraction))
        if event.text:
            self.query_one("#status", Static).update(event.text)

    def on_job_done(self, event: JobDone) -> None:
        self.query_one("#status", Static).update(f"{event.name}: {event.result}")

    def on_job_failed(self, event: JobFailed) -> None:
        self.query_one("#status", Static).update(event.message)
        self.notify(event.message, severity="error")


class _JobApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def on_mount(self) -> None:
        self.push_screen(_JobPage())


@pytest.fixture
def job_app(tmp_path):
    open_database(tmp_path / "jobs.db")
    yield _JobApp()
    close_database()


def hook(app: _JobApp):
    def keep(message) -> None:
        if isinstance(message, (JobProgress, JobDone, JobFailed)):
            app.messages.append(message)

    return keep


@pytest.mark.parametrize(("key", "answer"), [("y", True), ("n", False)])
async def test_a_question_is_answered_by_a_key_and_reaches_the_function(job_app, key, answer):
    asked = []

    def job(confirm, progress):
        asked.append(confirm("Delete the canceled entries?", not answer))
        return "asked"

    async with job_app.run_test(size=SIZE, message_hook=hook(job_app)) as pilot:
        job_app.screen.start(job)
        await wait_for(pilot, lambda: isinstance(job_app.screen, ConfirmDialog)
                       and "Delete the canceled entries?" in screen_text(job_app), "the question")
        await pilot.press(key)
        await settle(pilot)
        assert asked == [answer]
        assert "Test Job: asked" in screen_text(job_app)


async def test_progress_shows_while_the_job_runs_and_the_result_message_arrives(job_app):
    release = threading.Event()

    def job(confirm, progress):
        connected = not db.is_closed()  # the worker has its own connection
        progress(0.5, "Halfway…")
        release.wait(10)
        progress(1.0, "")
        return connected

    async with job_app.run_test(size=SIZE, message_hook=hook(job_app)) as pilot:
        page = job_app.screen
        page.start(job)
        await wait_for(pilot, lambda: page.query_one(ProgressBar).progress == 50, "the bar at 50 %")
        assert "Halfway…" in screen_text(job_app)
        release.set()
        await settle(pilot)
        assert page.query_one(ProgressBar).progress == 100
        assert "Halfway…" not in screen_text(job_app) and "Test Job: True" in screen_text(job_app)
    done = [m for m in job_app.messages if isinstance(m, JobDone)]
    assert [(m.name, m.result) for m in done] == [("Test Job", True)]
    assert not any(isinstance(m, JobFailed) for m in job_app.messages)


async def test_a_user_error_becomes_a_message_on_screen(job_app):
    def job(confirm, progress):
        raise FieldError("salesperson_code", "Salesperson Code XX does not exist.")

    async with job_app.run_test(size=SIZE, message_hook=hook(job_app)) as pilot:
        job_app.screen.start(job, "Save")
        await settle(pilot)
        assert "Salesperson Code XX does not exist." in screen_text(job_app)
    [failed] = [m for m in job_app.messages if isinstance(m, JobFailed)]
    assert (failed.name, failed.message) == ("Save", "Salesperson Code XX does not exist.")
    assert isinstance(failed.error, UserError) and failed.error.field == "salesperson_code"
    assert not any(isinstance(m, JobDone) for m in job_app.messages)


async def test_a_bug_in_a_job_fails_the_pilot_test_and_is_logged(job_app, tmp_path):
    def job(confirm, progress):
        raise ZeroDivisionError("a bug")

    with pytest.raises(WorkerFailed) as failed:
        async with job_app.run_test(size=SIZE) as pilot:
            job_app.screen.start(job)
            await settle(pilot)
    assert isinstance(failed.value.error, ZeroDivisionError)
    log = (tmp_path / "state" / "relman" / "log" / "relman.log").read_text(encoding="utf-8")
    assert "ZeroDivisionError: a bug" in log
