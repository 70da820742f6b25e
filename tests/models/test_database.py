"""open_database: schema creation and version, reopening, and errors a user can cause."""

from __future__ import annotations

import pytest

from models.base.db import close_database, db
from models.base.errors import UserError
from models.tables.contacts import Contact, Language
from models.tables.schema import (
    MODELS,
    SCHEMA_VERSION,
    SchemaVersion,
    current_version,
    open_database,
)


def test_new_database_has_every_table_and_the_schema_version(any_db):
    tables = set(db.get_tables())
    assert {m._meta.table_name for m in MODELS} <= tables
    assert [v.version for v in SchemaVersion.select()] == [SCHEMA_VERSION]
    assert current_version() == SCHEMA_VERSION
    assert Contact.select().count() == 0


def test_reopening_keeps_data_and_does_not_add_versions(any_db):
    Language.create(code="ENU", name="English")
    close_database()
    open_database(any_db)
    assert [(l.code, l.name) for l in Language.select()] == [("ENU", "English")]
    assert SchemaVersion.select().count() == 1


def test_database_newer_than_the_code_is_refused(any_db):
    SchemaVersion.create(version=SCHEMA_VERSION + 1)
    close_database()
    with pytest.raises(UserError, match=f"schema version {SCHEMA_VERSION + 1}.*Upgrade Relman"):
        open_database(any_db)


def test_open_without_create_refuses_an_empty_database(tmp_path):
    with pytest.raises(UserError, match="no Relman schema"):
        open_database(tmp_path / "empty.db", create=False)
    close_database()


def test_unwritable_path_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="Cannot"):
        open_database("/proc/nonexistent/x.db")
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    with pytest.raises(UserError, match="Cannot"):
        open_database(blocker / "x.db")
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("this is not a database " * 100)
    with pytest.raises(UserError, match="Cannot open database"):
        open_database(not_sqlite)
    close_database()


def test_unreachable_postgresql_is_a_user_error():
    with pytest.raises(UserError, match=r"^Cannot open database postgresql://127\.0\.0\.1:1/x"):
        open_database("postgresql://127.0.0.1:1/x")
    close_database()


def test_password_is_hidden_in_errors():
    with pytest.raises(UserError) as err:
        open_database("postgresql://relman:secret@127.0.0.1:1/x")
    assert "secret" not in str(err.value) and "relman:***@127.0.0.1:1/x" in str(err.value)
    close_database()


def test_unsupported_url_is_a_user_error():
    with pytest.raises(UserError, match="Unsupported database URL"):
        open_database("mysql://127.0.0.1/x")


def test_sqlite_pragmas_in_effect(sqlite_db):
    def pragma(name):
        return db.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 15000
    assert pragma("synchronous") == 1  # NORMAL


def test_sqlite_foreign_keys_are_enforced(sqlite_db):
    import peewee as pw

    from models.tables.interactions import InteractionTemplate

    with pytest.raises(pw.IntegrityError):
        with db.atomic():
            InteractionTemplate.create(code="T", interaction_group="NO-SUCH-GROUP")


def test_another_applications_sqlite_file_is_refused_and_left_alone(tmp_path):
    import sqlite3

    target = tmp_path / "accounts.db"
    connection = sqlite3.connect(target)
    connection.execute("CREATE TABLE invoice (id INTEGER PRIMARY KEY AUTOINCREMENT, total REAL)")
    connection.execute("INSERT INTO invoice (total) VALUES (9.5)")  # sqlite_sequence appears
    connection.commit()
    connection.close()
    with pytest.raises(UserError, match=r"holds 1 table of another application \(invoice\) and no Relman schema"):
        open_database(target)
    connection = sqlite3.connect(target)
    assert [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")] == [
        "invoice", "sqlite_sequence"]
    connection.close()


def test_an_empty_schema_version_table_is_refused_in_words(any_db):
    SchemaVersion.delete().execute()
    close_database()
    with pytest.raises(UserError, match="has an empty schema_version table: it was not made by Relman"):
        open_database(any_db)
    close_database()


def test_database_file_names_only_sqlite_files(tmp_path):
    from pathlib import Path

    from models.tables.schema import database_file

    assert database_file(tmp_path / "a.db") == tmp_path / "a.db"
    assert database_file("sqlite:///srv/relman.db") == Path("/srv/relman.db")
    assert database_file("~/relman.db") == Path.home() / "relman.db"
    assert database_file("postgresql://host/relman") is None
    assert database_file(":memory:") is None
