"""The database: one proxy and its connections (opening it, with the schema, is models.tables.schema).

SQLite is the embedded default; a ``postgresql://`` URL runs the same code on a
shared PostgreSQL server. Several users write at once: ``transaction`` runs a write
again after a deadlock and turns a lock waited for too long into ``DatabaseBusy``.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import peewee as pw

from models.base.errors import UserError

db = pw.DatabaseProxy()

# Several users share one database: wait up to 15 s for another user's lock (SQLite's
# busy timeout, PostgreSQL's lock_timeout) instead of failing — or waiting forever.
BUSY_TIMEOUT_SECONDS = 15
BUSY = "The database is busy (another user is writing); try again in a moment."
# a deadlock or a serialization failure: the transaction is run again this many times in all
ATTEMPTS = 3

T = TypeVar("T")

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_SECONDS * 1000,
    "synchronous": "normal",
    "cache_size": -64_000,  # 64 MB page cache
}


class BaseModel(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False


def is_url(target: str) -> bool:
    return "://" in target


def is_sqlite() -> bool:
    return isinstance(db.obj, pw.SqliteDatabase)


def make_database(target: str) -> pw.Database:
    """A peewee Database for a file path or a URL, not yet connected."""
    if is_url(target):
        scheme = target.split("://", 1)[0]
        if scheme.startswith("sqlite"):
            return make_database(target.split("://", 1)[1] or ":memory:")
        if not scheme.startswith("postgres"):
            raise UserError(f"Unsupported database URL '{scheme}://…': use a file path or postgresql://")
        from playhouse.db_url import (
            connect as connect_url,  # only for URLs: keeps start-up quick
        )

        database = connect_url(target)
        options = database.connect_params.get("options", "")
        database.connect_params["options"] = f"{options} -c lock_timeout={BUSY_TIMEOUT_SECONDS}s".strip()
        return database
    path = Path(target).expanduser()
    if str(path) != ":memory:":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Cannot create the folder for database {path}: {exc.strerror}") from None
    # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two users
    # never deadlock upgrading a read lock half-way through.
    database = pw.SqliteDatabase(
        str(path), pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS, lock_type="IMMEDIATE"
    )
    database.register_function(unicode_lower, num_params=1, deterministic=True)
    return database


def unicode_lower(text):
    """PostgreSQL's lower() for SQLite, whose LOWER folds only A-Z (a filter's @): each
    character's own lower case, so not Python's two context rules (final sigma, dotted I)."""
    if not isinstance(text, str):
        return text
    return text.replace("\u03a3", "\u03c3").replace("\u0130", "i").lower()


@contextmanager
def thread_connection():
    """A connection for the current thread (a UI worker), closed after if opened here."""
    opened = db.is_closed()
    if opened:
        db.connect()
    try:
        yield
    finally:
        if opened:
            db.close()


class DatabaseBusy(UserError):
    """Another user held a lock longer than the timeout (or a deadlock outlived the retries)."""


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's exception behind peewee's wrapper (peewee keeps it as ``orig``)."""
    orig = getattr(exc, "orig", None) if isinstance(exc, pw.PeeweeException) else None
    return orig if isinstance(orig, BaseException) else exc


# PostgreSQL SQLSTATEs: serialization_failure, deadlock_detected; lock_not_available (lock_timeout)
_RETRY_CODES = {"40001", "40P01"}
_BUSY_CODES = {"55P03"}


def must_retry(exc: BaseException) -> bool:
    """A deadlock or serialization failure: the transaction was rolled back and may run again."""
    return getattr(_driver_error(exc), "pgcode", None) in _RETRY_CODES


def is_busy(exc: BaseException) -> bool:
    """Another user's lock: SQLite busy/locked, a PostgreSQL lock timeout, deadlock or
    serialization failure (the last two once the retries are spent)."""
    driver = _driver_error(exc)
    if getattr(driver, "pgcode", None) in _RETRY_CODES | _BUSY_CODES:
        return True
    if isinstance(driver, (sqlite3.OperationalError, pw.OperationalError)):
        text = str(driver).lower()
        return "database is locked" in text or "database is busy" in text or "database table is locked" in text
    return False


def describe_db_error(exc: BaseException) -> str | None:
    """The words for a driver error a user can meet (a busy database); None for the rest."""
    return BUSY if isinstance(exc, DatabaseBusy) or is_busy(exc) else None


def transaction(work: Callable[[], T]) -> T:
    """``work()`` in one transaction. Outermost, a deadlock or serialization failure runs it
    again (twice at most, after a short random pause); inside a caller's transaction it is a
    savepoint and the caller's transaction retries. Another user's lock held past the
    timeout becomes ``DatabaseBusy`` (a UserError in words), never a driver error."""
    outermost = not db.in_transaction()
    attempt = 1
    while True:
        try:
            with db.atomic():
                return work()
        except UserError:
            raise
        except Exception as exc:
            if must_retry(exc) and not outermost:
                raise  # the caller's transaction is the one to run again
            if must_retry(exc) and attempt < ATTEMPTS:
                attempt += 1
                time.sleep(random.uniform(0.01, 0.05) * attempt)
                continue
            if is_busy(exc):
                raise DatabaseBusy(BUSY) from None
            raise


def close_database() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()


def redact(target: str) -> str:
    """Hide a password in a URL before showing it."""
    if "://" in target and "@" in target:
        scheme, rest = target.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return target


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
