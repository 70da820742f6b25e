"""The database: one proxy and its connections (opening it, with the schema, is models.tables.schema).

SQLite is the embedded default; a ``postgresql://`` URL runs the same code on a
shared PostgreSQL server.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import peewee as pw

from models.base.errors import UserError

db = pw.DatabaseProxy()

# Several users share one file: wait up to 15 s for a writer instead of failing.
BUSY_TIMEOUT_SECONDS = 15

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

        return connect_url(target)
    path = Path(target).expanduser()
    if str(path) != ":memory:":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"Cannot create the folder for database {path}: {exc.strerror}") from None
    # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two users
    # never deadlock upgrading a read lock half-way through.
    return pw.SqliteDatabase(
        str(path), pragmas=SQLITE_PRAGMAS, timeout=BUSY_TIMEOUT_SECONDS, lock_type="IMMEDIATE"
    )


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
