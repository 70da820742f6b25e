"""--db: a mistyped path is an error, not a new empty database; another application's file is left alone."""

from __future__ import annotations

import sqlite3

import pytest

import tui.cli as cli
from models.base.db import close_database, db
from models.tables.schema import open_database
from tests.cli.helpers import assert_one_error_line, header, rows, run

HINT = "--create makes a new database; 'relman demo' one with demo data"


@pytest.mark.parametrize("command", [["export", "contacts"], ["import-contacts", "{csv}"], []])
def test_a_missing_database_is_not_made(capsys, tmp_path, monkeypatch, command):
    """A typo in a cron job's --db (or $RELMAN_DB) gives exit 2 and a hint, not an empty CSV."""
    monkeypatch.setattr(cli, "has_terminal", lambda: True)
    source = tmp_path / "in.csv"
    source.write_text("Name\nA\n")
    missing = tmp_path / "typo" / "relmna.db"
    argv = [part.replace("{csv}", str(source)) for part in command]
    code, out, err = run(capsys, *argv, "--db", str(missing))
    assert (code, out) == (2, "")
    assert_one_error_line(err, f"Cannot open database {missing}: there is no such file", HINT)
    assert not missing.parent.exists()  # not even its folder
    monkeypatch.setenv("RELMAN_DB", str(missing))
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert_one_error_line(err, "there is no such file")


def test_create_makes_a_new_database(capsys, tmp_path):
    target = tmp_path / "new" / "relman.db"
    code, out, err = run(capsys, "export", "segments", "--db", str(target), "--create")
    assert code == 0, err
    assert header(out)[:2] == ["No.", "Description"] and rows(out) == []
    assert target.is_file()
    code, out, err = run(capsys, "--create", "export", "contacts", "--db", str(tmp_path / "before.db"))
    assert code == 0, err


def test_the_default_database_and_demo_data_are_made(capsys, hermetic_home, tmp_path):
    code, out, err = run(capsys, "export", "contacts")  # the data folder's own database
    assert code == 0, err
    assert (hermetic_home / "relman.db").is_file()
    code, out, err = run(capsys, "demo", "--contacts", "3", "--db", str(tmp_path / "demo" / "demo.db"))
    assert code == 0, err
    assert (tmp_path / "demo" / "demo.db").is_file()


def foreign_file(path) -> str:
    connection = sqlite3.connect(path)
    connection.executescript("CREATE TABLE invoice (id INTEGER PRIMARY KEY, total REAL);"
                             "CREATE TABLE customer (id INTEGER PRIMARY KEY, name TEXT);"
                             "INSERT INTO invoice VALUES (1, 9.5);")
    connection.close()
    return str(path)


def test_another_applications_sqlite_file_is_refused(capsys, tmp_path):
    target = foreign_file(tmp_path / "accounts.db")
    code, out, err = run(capsys, "export", "contacts", "--db", target)
    assert code == 2
    assert_one_error_line(err, f"The database {target} holds 2 tables of another application",
                          "customer, invoice", "Relman does not add its tables to it")
    connection = sqlite3.connect(target)
    tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    connection.close()
    assert sorted(tables) == ["customer", "invoice"]  # untouched


def test_an_empty_schema_version_table_is_explained(capsys, tmp_path):
    target = str(tmp_path / "broken.db")
    open_database(target)
    db.execute_sql('DELETE FROM "schema_version"')
    close_database()
    code, out, err = run(capsys, "export", "contacts", "--db", target)
    assert code == 2
    assert_one_error_line(err, f"The database {target} has an empty schema_version table")
    assert "KeyError" not in err
