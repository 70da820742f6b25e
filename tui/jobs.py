"""The one job runner: domain work in a thread worker that reports to its screen as Messages.

``run_job(screen, name, job)`` calls ``job(confirm, progress)`` (models.base.ask) in a
thread with its own database connection, so the screen keeps answering keys. A question
shows a Yes/No dialog while the worker waits; progress, the result and a failure come
back as JobProgress, JobDone and JobFailed posted to the screen (as Harlequin's workers
post QueriesExecuted / QueryError), which handles them in ``on_job_progress``,
``on_job_done`` and ``on_job_failed``. Only messages cross back from the thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from models.base.ask import Confirm, Progress
from models.base.db import thread_connection
from tui.safely import describe

Job = Callable[[Confirm, Progress], Any]


class JobProgress(Message, bubble=False):
    """How far job ``name`` is (0.0–1.0) and what it does now ("" when nothing new)."""

    def __init__(self, name: str, fraction: float, text: str = "") -> None:
        super().__init__()
        self.name = name
        self.fraction = fraction
        self.text = text

    def can_replace(self, message: Message) -> bool:
        """A burst of reports of the same job and text merges into one (no text is lost)."""
        return isinstance(message, JobProgress) and (message.name, message.text) == (self.name, self.text)


class JobDone(Message, bubble=False):
    """Job ``name`` finished; ``result`` is what its domain function returned."""

    def __init__(self, name: str, result: Any) -> None:
        super().__init__()
        self.name = name
        self.result = result


class JobFailed(Message, bubble=False):
    """Job ``name`` stopped: ``message`` says why in words (tui.safely.describe); ``error``
    is the exception (a FieldError names the field to mark). Nothing of it was saved."""

    def __init__(self, name: str, message: str, error: Exception) -> None:
        super().__init__()
        self.name = name
        self.message = message
        self.error = error


def run_job(screen: Screen, name: str, job: Job, *, group: str = "job") -> Worker:
    """Run ``job(confirm, progress)`` in a thread worker; its messages go to ``screen``.

    A new job cancels the one still running in the same group of the screen (as ``@work
    (exclusive=True)``); the cancelled one still reports how it ended.
    """
    app = screen.app

    def confirm(question: str, default: bool) -> bool:
        return ask_from_thread(app, question, default)

    def progress(fraction: float, text: str) -> None:
        screen.post_message(JobProgress(name, fraction, text))

    def work() -> None:
        try:
            with thread_connection():
                result = job(confirm, progress)
        except Exception as exc:
            message, bug = describe(exc)  # a bug goes to the log file, the user gets one line
            if bug and app.is_headless:
                raise  # a Pilot test fails on the bug, as on one in the UI thread (tui.app)
            screen.post_message(JobFailed(name, message, exc))
            return
        screen.post_message(JobDone(name, result))

    # exit_on_error: what escapes ``work`` (a bug under Pilot) goes to the app's bug handling
    return screen.run_worker(work, name=name, group=group, thread=True, exclusive=True, exit_on_error=True)


def ask_from_thread(app, question: str, default: bool) -> bool:
    """Ask a Yes/No question from a worker thread and wait for the answer.

    Domain functions take a ``confirm(question, default)`` callback; they run in a
    thread worker so the dialog can be shown while they wait.
    """
    # imported when first asked: a page that runs jobs paints sooner without it
    from tui.screens.dialogs import ConfirmDialog

    answered = threading.Event()
    answer = [default]

    def show() -> None:
        def done(result: bool | None) -> None:
            answer[0] = bool(result)
            answered.set()

        app.push_screen(ConfirmDialog(question, default), done)

    app.call_from_thread(show)
    while not answered.wait(0.2):
        if not app.is_running:  # the app is closing: take No, so nothing more is written
            return False
    return answer[0]
