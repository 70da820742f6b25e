"""Turning errors into messages: a user never sees a traceback."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee as pw
import platformdirs

from models.base.errors import UserError


def log_file() -> Path:
    """The one log file for unexpected errors (read when needed: tests move it)."""
    return Path(platformdirs.user_log_dir("relman")) / "relman.log"


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


def log_bug(exc: BaseException, what: str = "relman") -> Path:
    """Append the traceback to the one log file (a temp folder if that fails); return its path."""
    text = (f"--- {dt.datetime.now().isoformat(sep=' ', timespec='seconds')} {what}\n"
            + "".join(traceback.format_exception(exc)))
    for path in (log_file(), Path(tempfile.gettempdir()) / "relman.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(text)
            return path
        except OSError:
            continue
    logging.getLogger("relman").error("could not write the log file:\n%s", text)
    return Path("(no log could be written)")


class _BugFile(logging.Handler):
    """A bug that models only log (delivery records it on the entries and goes on)."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            log_bug(record.exc_info[1], record.getMessage())


@contextmanager
def bugs_logged() -> Iterator[None]:
    """While Relman runs, what models log with a traceback on "relman" goes to the log file."""
    logger, handler = logging.getLogger("relman"), _BugFile(logging.ERROR)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
