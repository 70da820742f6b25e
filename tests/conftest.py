"""Fixtures shared by every test: a pinned clock and user, and real databases.

Model tests that take ``any_db`` run twice: on a SQLite file and on PostgreSQL.
The PostgreSQL run is skipped only when no server answers (a laptop without one);
CI starts the server first (.ci/run).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest

from models.base import context
from models.base.db import close_database, db
from models.tables.schema import open_database

PG_SERVER = os.environ.get("RELMAN_TEST_PG_SERVER", "postgresql://127.0.0.1:5432")
# one database per test run, so two runs (two developers, CI) never meet
PG_DATABASE = f"relman_test_{os.getpid()}"

WORK_DATE = dt.date(2026, 1, 26)
NOW = dt.datetime(2026, 1, 27, 12, 33, 59)
USER = "TESTER"


def _pg_url_or_none() -> str | None:
    """Create the test database on first use; None when no server answers."""
    try:
        import psycopg2
    except ImportError:
        return None
    dsn = PG_SERVER.replace("postgresql://", "")
    host, _, port = dsn.partition(":")
    try:
        conn = psycopg2.connect(host=host, port=int(port or 5432), dbname="test", connect_timeout=3)
    except psycopg2.OperationalError:
        return None
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,))
        if cur.fetchone() is None:
            cur.execute(f"CREATE DATABASE {PG_DATABASE}")
    conn.close()
    return f"{PG_SERVER}/{PG_DATABASE}"


@pytest.fixture(scope="session")
def pg_url():
    url = _pg_url_or_none()
    if url is None:
        pytest.skip("no PostgreSQL server answers on " + PG_SERVER)
    yield url
    close_database()
    _drop_pg_database()


def _drop_pg_database() -> None:
    import psycopg2

    dsn = PG_SERVER.replace("postgresql://", "")
    host, _, port = dsn.partition(":")
    conn = psycopg2.connect(host=host, port=int(port or 5432), dbname="test", connect_timeout=3)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
    conn.close()


@pytest.fixture(autouse=True)
def private_log(tmp_path, monkeypatch):
    """Unexpected errors are logged under tmp_path, never in the real home; so are
    delivered letters and e-mails, and no developer's relman.toml or SMTP server is used."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELMAN_OUTPUT", str(tmp_path / "letters"))
    monkeypatch.setenv("RELMAN_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("RELMAN_PDF", "no")  # LibreOffice takes seconds to start; its test asks for it
    monkeypatch.setenv("RELMAN_MERGE_LOCALE", "en_US")  # number pictures whatever the developer's LANG
    for name in ("RELMAN_SMTP_HOST", "RELMAN_SMTP_PORT", "RELMAN_SMTP_SECURITY", "RELMAN_SMTP_USER",
                 "RELMAN_SMTP_PASSWORD", "RELMAN_MAIL_FROM", "RELMAN_MAX_DOCUMENT_MB"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def pinned_context():
    context.set_context(work_date=WORK_DATE, fixed_now=NOW, user_id=USER)
    yield context.current()
    context.set_context()


@pytest.fixture
def sqlite_db(tmp_path):
    """A fresh Relman database in a real SQLite file; yields its path."""
    path = tmp_path / "relman.db"
    open_database(path)
    yield path
    close_database()


def reset_postgres(url: str) -> None:
    from models.base.db import make_database

    database = make_database(url)
    database.connect()
    database.execute_sql("DROP SCHEMA public CASCADE")
    database.execute_sql("CREATE SCHEMA public")
    database.close()


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request, tmp_path):
    """The same test on a SQLite file and on PostgreSQL; yields the path or URL."""
    if request.param == "sqlite":
        target = str(tmp_path / "relman.db")
    else:
        target = request.getfixturevalue("pg_url")
        reset_postgres(target)
    open_database(target)
    yield target
    close_database()
