"""Errors a user can meet, in one line of words (tui.safely.in_words: the CLI's and the app's
one mapping), and the app refusing to start without a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import peewee as pw
import pytest

import models.base.db as base_db
from models.base.db import close_database, db
from models.tables.contacts import Contact
from models.tables.schema import open_database
from tests.cli.helpers import assert_one_error_line, run, write_csv
from tui.safely import DISK_FULL, NUL_TEXT, READ_ONLY, describe, in_words

ROOT = Path(__file__).resolve().parents[2]


def relman(tmp_path, *argv: str, **options) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "RELMAN_DB"}
    env.update(XDG_DATA_HOME=str(tmp_path / "xdg"), XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "tui.cli", *argv], env=env, cwd=tmp_path, timeout=60,
                          stderr=subprocess.PIPE, text=True, **options)


# ---------------------------------------------------------------- no terminal


def test_the_app_without_a_terminal_is_refused(tmp_path):
    """`relman < /dev/null` (a cron line) used to spin at 99% CPU for ever."""
    done = relman(tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    assert (done.returncode, done.stdout) == (2, "")
    assert_one_error_line(done.stderr, "the app needs a terminal", "'relman export'", "'relman import-contacts'",
                          "'relman demo'", "relman --help")
    assert not (tmp_path / "xdg" / "relman" / "relman.db").exists()  # refused before opening anything


def test_a_terminal_for_output_only_is_not_enough(tmp_path):
    main, child = os.openpty()
    try:
        done = relman(tmp_path, "--demo", stdin=subprocess.DEVNULL, stdout=child)
    finally:
        os.close(child)
        os.close(main)
    assert done.returncode == 2
    assert_one_error_line(done.stderr, "the app needs a terminal")


def test_the_subcommands_need_no_terminal(tmp_path, filled_db):
    done = relman(tmp_path, "export", "contacts", "--db", filled_db, stdin=subprocess.DEVNULL,
                  stdout=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("No.,Type,Name")


# ---------------------------------------------------------------- driver errors


def test_a_nul_character_in_an_import_is_a_row_error(capsys, empty_db, tmp_path):
    source = write_csv(tmp_path / "in.csv", [["No.", "Name", "City"], ["K1", "Good", ""], ["K2", "Bad", "Os\x00lo"]])
    code, out, err = run(capsys, "import-contacts", source, "--db", empty_db)
    assert code == 2
    assert err.splitlines()[0] == "line 3: City: holds a NUL character (\\0), which cannot be stored."
    assert "Traceback" not in err and "unexpected" not in err


def test_a_nul_character_on_postgresql(capsys, pg_cli_url, tmp_path):
    source = write_csv(tmp_path / "in.csv", [["No.", "Name"], ["K1", "Na\x00me"]])
    code, out, err = run(capsys, "import-contacts", source, "--db", pg_cli_url, "--skip-invalid")
    assert (code, out) == (0, "imported 0, skipped 1\n"), err
    assert err == "line 2: Name: holds a NUL character (\\0), which cannot be stored.\n"
    # the driver's own error, met anywhere else (a card, the wizard), is one line too
    open_database(pg_cli_url)
    try:
        with pytest.raises(ValueError, match="NUL") as raised:
            Contact.create(no="K9", name="Na\x00me")
    finally:
        close_database()
    assert describe(raised.value) == (NUL_TEXT, False)


def test_a_read_only_database(capsys, filled_db, tmp_path, monkeypatch):
    """A database file the user may only read (here SQLite's query_only, which fails the same
    way as a file without write permission; root may write any file)."""
    monkeypatch.setitem(base_db.SQLITE_PRAGMAS, "query_only", 1)
    source = write_csv(tmp_path / "in.csv", [["No.", "Name"], ["K1", "New"]])
    code, out, err = run(capsys, "import-contacts", source, "--db", filled_db)
    assert code == 2
    assert_one_error_line(err, READ_ONLY)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write a read-only file")
def test_a_read_only_database_file(capsys, filled_db, tmp_path):
    source = write_csv(tmp_path / "in.csv", [["No.", "Name"], ["K1", "New"]])
    os.chmod(filled_db, 0o444)
    try:
        code, out, err = run(capsys, "import-contacts", source, "--db", filled_db)
    finally:
        os.chmod(filled_db, 0o644)
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "unexpected" not in err


def test_a_full_disk_during_log(sqlite_db):
    """SQLite's "database or disk is full" — and when SQLite already undid the transaction
    itself, peewee's "cannot rollback - no transaction is active" raised on top of it."""
    from models.demo.generate import generate
    from models.segments.log import log_segment
    from models.tables.segments import SegmentHeader

    generate(100, seed=1)
    segment_no = SegmentHeader.select(SegmentHeader.no).order_by(SegmentHeader.no).scalar()
    db.execute_sql("VACUUM")
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(pw.OperationalError) as raised:
        log_segment(segment_no, deliver=False, follow_up=False)
    assert describe(raised.value) == (DISK_FULL, False)

    try:
        try:
            raise pw.OperationalError("database or disk is full")
        except pw.OperationalError:
            raise pw.OperationalError("cannot rollback - no transaction is active")  # as peewee does
    except pw.OperationalError as exc:
        assert in_words(exc) == DISK_FULL


def test_a_lost_connection_names_the_driver_error_not_the_rollback():
    try:
        try:
            raise pw.OperationalError("server closed the connection unexpectedly")
        except pw.OperationalError:
            raise pw.OperationalError("cannot rollback - no transaction is active")
    except pw.OperationalError as exc:
        assert in_words(exc) == "The database cannot be reached: server closed the connection unexpectedly"


def test_a_bug_is_not_in_words():
    assert in_words(RuntimeError("a bug")) is None
    assert in_words(ValueError("not a NUL")) is None
