"""The segment lock, lock timeouts and deadlocks, one case at a time (issue 11), on a SQLite
file and on PostgreSQL. The many-process run is tests/models/test_concurrency.py.

An edit racing a Log is played with two connections: a thread logs the segment and holds
its transaction open after writing the entries; the edit then waits for the segment's lock
and, once the log commits, is refused in words.
"""

from __future__ import annotations

import sqlite3
import threading

import peewee as pw
import pytest

from models.base import db as base_db
from models.base.db import (
    BUSY,
    DatabaseBusy,
    db,
    describe_db_error,
    thread_connection,
    transaction,
)
from models.base.errors import FieldError, UserError
from models.segments import log as lg
from models.segments import segment as seg
from models.segments.actions import add_contacts
from models.segments.header import update_header
from models.segments.lines import add_line, delete_line, update_line
from models.segments.lookups import lock_segment
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import SegmentCriteriaLine, SegmentHeader, SegmentLine
from tests.models.log_builders import line, log_db, pg_schema, world  # noqa: F401

ILE = InteractionLogEntry
LOGGED = r"^Segment S1 has been logged\.$"


def _is_pg(target: str) -> bool:
    return "://" in target


# ---------------------------------------------------------------- an edit racing a Log

def _log_held_open(release: threading.Event) -> tuple[threading.Thread, dict]:
    """Log S1 in another thread (its own connection), stopped inside the transaction after the
    entries are written and before the segment is deleted, until ``release``."""
    inside, result = threading.Event(), {}

    def progress(fraction, _text=""):
        if fraction == 0.6:
            inside.set()
            release.wait(10)

    def run():
        with thread_connection():
            try:
                result["log"] = lg.log_segment("S1", deliver=False, follow_up=False, progress=progress)
            except Exception as exc:  # the assertion below names it
                result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    assert inside.wait(10), result
    return thread, result


EDITS = {
    "add_line": lambda: add_line("S1", "P3"),
    "update_line": lambda: update_line("S1", 10000, {"description": "Late"}),
    "delete_line": lambda: delete_line("S1", 20000),
    "add_contacts": lambda: add_contacts("S1", {"Contact": {"No.": "P3|P4"}}),
    "update_header": lambda: update_header("S1", {"description": "Late"}),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_racing_log_waits_and_is_refused_in_words(world, edit):
    """Issue 11: an edit that arrives while Log runs waits for the segment's lock and is then
    refused with "Segment S1 has been logged." — never a foreign-key IntegrityError, never
    a line that vanishes. The log has exactly the lines it found."""
    line(10000, "P1")
    line(20000, "P2")
    release = threading.Event()
    thread, result = _log_held_open(release)
    timer = threading.Timer(0.3, release.set)  # the log commits while the edit waits
    timer.start()
    try:
        with pytest.raises(UserError, match=LOGGED):
            EDITS[edit]()
    finally:
        release.set()
        thread.join(20)
        timer.cancel()
    assert "error" not in result and result["log"].entries == 2
    assert sorted(e.contact_no for e in ILE.select()) == ["P1", "P2"]
    assert all(e.description == "Spring mailing" for e in ILE.select())
    assert SegmentLine.select().count() == 0 and SegmentCriteriaLine.select().count() == 0


def test_an_edit_before_log_is_logged(world):
    line(10000, "P1")
    update_line("S1", 10000, {"description": "Early"})
    add_line("S1", "P2")
    lg.log_segment("S1", deliver=False, follow_up=False)
    assert sorted((e.contact_no, e.description) for e in ILE.select()) == \
        [("P1", "Early"), ("P2", "Spring mailing")]
    with pytest.raises(UserError, match=LOGGED):
        update_line("S1", 10000, {"description": "Too late"})
    with pytest.raises(UserError, match=LOGGED):
        add_line("S1", "P3")


def test_lock_segment_needs_a_transaction_and_names_the_segment(world):
    with pytest.raises(RuntimeError, match="write_segment"):
        lock_segment("S1")
    with db.atomic():
        assert lock_segment("s1").no == "S1"
        with pytest.raises(UserError, match=r"^Segment NOPE does not exist\.$"):
            lock_segment("NOPE")


# ---------------------------------------------------------------- another user's lock held too long

def _hold_the_lock(target: str):
    """Another user's connection holding S1's lock: (its connection, release function)."""
    if _is_pg(target):
        import psycopg2

        other = psycopg2.connect(target)
        other.cursor().execute("SELECT no FROM segment_header WHERE no = 'S1' FOR UPDATE")
        db.execute_sql("SET lock_timeout = '200ms'")
        return other.rollback, other.close
    other = sqlite3.connect(target, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    db.execute_sql("PRAGMA busy_timeout = 200")
    return (lambda: other.execute("ROLLBACK")), other.close


@pytest.mark.parametrize("edit", ["add_line", "update_line", "log"])
def test_a_lock_held_too_long_is_busy_in_words(world, edit):
    """Issue 11: PostgreSQL has a lock_timeout now (15 s; 200 ms here), SQLite its busy timeout:
    waiting longer says "The database is busy (another user is writing); try again in a
    moment." and writes nothing."""
    line(10000, "P1")
    rollback, close = _hold_the_lock(world)
    try:
        with pytest.raises(DatabaseBusy) as caught:
            if edit == "add_line":
                add_line("S1", "P2")
            elif edit == "update_line":
                update_line("S1", 10000, {"description": "Blocked"})
            else:
                lg.log_segment("S1", deliver=False, follow_up=False)
        assert str(caught.value) == BUSY
    finally:
        rollback()
        close()
    assert [(r.contact_no, r.description) for r in SegmentLine.select()] == [("P1", "Spring mailing")]
    assert ILE.select().count() == 0 and SegmentCriteriaLine.select().count() == 0


def test_postgresql_connections_have_a_lock_timeout(world):
    if not _is_pg(world):
        pytest.skip("SQLite waits with its busy timeout")
    assert db.execute_sql("SHOW lock_timeout").fetchone()[0] == f"{base_db.BUSY_TIMEOUT_SECONDS}s"


def test_driver_errors_a_user_can_meet_are_in_words():
    assert describe_db_error(pw.OperationalError(sqlite3.OperationalError("database is locked"))) == BUSY
    assert describe_db_error(sqlite3.OperationalError("database is locked")) == BUSY
    assert describe_db_error(_Fake("55P03")) == BUSY  # lock_not_available: the lock timeout
    assert describe_db_error(pw.OperationalError(_Fake("40P01"))) == BUSY  # a deadlock past its retries
    assert describe_db_error(pw.OperationalError("disk I/O error")) is None
    assert describe_db_error(pw.IntegrityError("UNIQUE constraint failed")) is None


# ---------------------------------------------------------------- deadlocks are run again

class _Fake(Exception):
    """A driver error with a PostgreSQL SQLSTATE, as psycopg2 raises them."""

    def __init__(self, pgcode: str):
        super().__init__(f"SQLSTATE {pgcode}")
        self.pgcode = pgcode


def test_a_deadlock_is_run_again_then_reported_in_words(world, monkeypatch):
    monkeypatch.setattr(base_db.time, "sleep", lambda _s: None)
    calls = []

    def twice_a_deadlock():
        calls.append(1)
        SegmentHeader.update(description=f"Try {len(calls)}").where(SegmentHeader.no == "S1").execute()
        if len(calls) < 3:
            raise pw.OperationalError(_Fake("40P01"))  # peewee's wrapper around the driver's error
        return "done"

    assert transaction(twice_a_deadlock) == "done" and len(calls) == 3
    assert SegmentHeader.get_by_id("S1").description == "Try 3"

    calls.clear()

    def always_serialization_failure():
        calls.append(1)
        raise _Fake("40001")  # psycopg2 raises these unwrapped

    with pytest.raises(DatabaseBusy, match=r"^The database is busy"):
        transaction(always_serialization_failure)
    assert len(calls) == base_db.ATTEMPTS

    calls.clear()
    with db.atomic(), pytest.raises(_Fake):  # inside a caller's transaction: the caller retries
        transaction(always_serialization_failure)
    assert len(calls) == 1

    def a_bug():
        raise pw.OperationalError("disk I/O error")

    with pytest.raises(pw.OperationalError, match="disk I/O"):
        transaction(a_bug)


def test_a_real_postgresql_deadlock_is_recognised(world):
    """The deadlock PostgreSQL detects (two connections, two rows, opposite order) is one
    ``must_retry`` knows."""
    if not _is_pg(world):
        pytest.skip("SQLite's single writer never deadlocks")
    import psycopg2

    SegmentHeader.create(no="S2", description="Other")
    first, second = psycopg2.connect(world), psycopg2.connect(world)
    errors = []
    try:
        first.cursor().execute("UPDATE segment_header SET description = 'a' WHERE no = 'S1'")
        second.cursor().execute("UPDATE segment_header SET description = 'b' WHERE no = 'S2'")

        def cross(conn, no):
            try:
                conn.cursor().execute(f"UPDATE segment_header SET description = 'x' WHERE no = '{no}'")
            except psycopg2.Error as exc:
                errors.append(exc)
                conn.rollback()

        thread = threading.Thread(target=cross, args=(first, "S2"))
        thread.start()
        cross(second, "S1")
        thread.join(20)
    finally:
        first.close()
        second.close()
    assert len(errors) == 1 and base_db.must_retry(errors[0]) and describe_db_error(errors[0]) == BUSY


# ---------------------------------------------------------------- the same number at once, in words

def test_two_users_creating_the_same_segment_no(world, monkeypatch):
    """On PostgreSQL two users' checks can both pass; the second insert then meets the primary
    key: a FieldError in words, not an IntegrityError (played here in one transaction)."""
    real = seg.number_for

    def other_user_first(field, typed):
        SegmentHeader.create(no=typed, description="Other user's")
        return real(field, typed)

    monkeypatch.setattr(seg, "number_for", other_user_first)
    from models.tables.setup import NoSeries

    NoSeries.update(manual_nos=True).execute()
    with pytest.raises(FieldError, match=r"^Segment S9 already exists\.$"):
        seg.create_segment("S9", description="Mine")
    assert SegmentHeader.get_or_none(SegmentHeader.no == "S9") is None  # the whole transaction rolled back


def test_a_header_changed_while_questions_are_answered_is_refused(world):
    """update_header asks its questions before it writes; if another user changed the header
    meanwhile, the plan is stale: refused in words, nothing written."""
    line(10000, "P1")

    def other_user_meanwhile(_question, default):
        SegmentHeader.update(unit_cost=9).where(SegmentHeader.no == "S1").execute()
        return default

    with pytest.raises(UserError, match=r"^Segment S1 was changed by another user meanwhile"):
        update_header("S1", {"description": "Mine"}, other_user_meanwhile)
    assert SegmentHeader.get_by_id("S1").description == "Spring mailing"
