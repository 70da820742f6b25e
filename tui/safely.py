"""Turning errors into messages: a user never sees a traceback."""

from __future__ import annotations

import logging
import sqlite3
import threading
import traceback
from pathlib import Path

import peewee as pw
import platformdirs

from models.errors import UserError

LOG_FILE = Path(platformdirs.user_log_dir("relman")) / "relman.log"


def describe(exc: BaseException) -> tuple[str, bool]:
    """(message for the user, whether it is a bug that was logged)."""
    if isinstance(exc, UserError):
        return str(exc), False
    text = str(exc).lower()
    if isinstance(exc, (pw.OperationalError, sqlite3.OperationalError)) and "locked" in text:
        return "The database is busy (another user is writing); try again in a moment.", False
    if isinstance(exc, (pw.OperationalError, pw.InterfaceError)):
        return f"The database cannot be reached: {str(exc).splitlines()[0] if str(exc) else exc!r}", False
    return f"Unexpected error ({type(exc).__name__}); details were written to {log_bug(exc)}", True


def log_bug(exc: BaseException) -> Path:
    try:
        LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
        with LOG_FILE.open("a", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        logging.getLogger("relman").exception("could not write the log file")
    return LOG_FILE


def ask_from_thread(app, question: str, default: bool) -> bool:
    """Ask a Yes/No question from a worker thread and wait for the answer.

    Domain functions take a ``confirm(question, default)`` callback; they run in a
    thread worker so the dialog can be shown while they wait.
    """
    from tui.screens.dialogs import ConfirmDialog

    answered = threading.Event()
    answer = [default]

    def show() -> None:
        def done(result: bool | None) -> None:
            answer[0] = bool(result)
            answered.set()

        app.push_screen(ConfirmDialog(question, default), done)

    app.call_from_thread(show)
    answered.wait()
    return answer[0]
