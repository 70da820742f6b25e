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

from models.base.db import describe_db_error, first_line
from models.base.errors import UserError


def log_file() -> Path:
    """The one log file for unexpected errors (read when needed: tests move it)."""
    return Path(platformdirs.user_log_dir("relman")) / "relman.log"


DISK_FULL = "The disk holding the database is full: nothing of this was saved. Free some space and try again."
READ_ONLY = "The database is read-only for you (its file or folder cannot be written): nothing was saved."
NUL_TEXT = "Text holding a NUL character (\\0) cannot be stored: remove it and try again."
_ROLLED_BACK = "cannot rollback - no transaction is active"  # SQLite undid the work itself (a full disk)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The error, then what it was raised from or while handling (peewee's wrapper, then the driver's)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(seen) < 20:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def in_words(exc: BaseException) -> str | None:
    """One line for an error a user can meet (their input, the database, a file); None for a
    bug. The one mapping: the app (describe) and the CLI both use it."""
    if isinstance(exc, UserError):
        return str(exc)
    busy = describe_db_error(exc)
    if busy:
        return busy
    chain = list(_chain(exc))
    for error in chain:
        text, code = str(error).lower(), getattr(error, "pgcode", None)
        if "database or disk is full" in text or code == "53100":  # SQLite; PostgreSQL disk_full
            return DISK_FULL
        if "readonly database" in text or code == "25006":
            return READ_ONLY
        if ("0x00" in text and isinstance(error, (ValueError, pw.DataError))) or code == "22021":
            return NUL_TEXT  # PostgreSQL: "A string literal cannot contain NUL (0x00) characters."
    cause = next((e for e in chain if _ROLLED_BACK not in str(e)), exc)
    if isinstance(cause, (pw.OperationalError, pw.InterfaceError, sqlite3.OperationalError)):
        return f"The database cannot be reached: {first_line(cause)}"
    return None


def describe(exc: BaseException) -> tuple[str, bool]:
    """(message for the user, whether it is a bug that was logged)."""
    words = in_words(exc)
    if words is not None:
        return words, False
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
