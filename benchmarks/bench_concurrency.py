"""Many users on one database: the slow variant of tests/models/test_concurrency.py. JSON lines.

    python benchmarks/bench_concurrency.py                 # 8 processes, SQLite and PostgreSQL
    python benchmarks/bench_concurrency.py --processes 4 --operations 50 --database sqlite

Seven workers make 150 operations each — add lines, run Add Contacts, edit and delete
lines on six segments 2,000 lines long — while the eighth process logs five of the
segments one after the other, spread over the workers' operations. Afterwards every operation reported
as done must be in the logged entries (or on the segment left open) and every other one
refused in words. One line per database: processes, operations (attempted), done,
refused, lost, duplicated, extra, not_in_words, tracebacks — the goal is 0 for lost,
duplicated, extra, not_in_words and tracebacks — and the seconds the run took. There is
no baseline: what is measured is that nothing is lost.

PostgreSQL runs in a database made for the run (and dropped after) on the server of
RELMAN_TEST_PG_SERVER (default postgresql://127.0.0.1:5432, reached through its "test"
database); it is left out, with a note, when no server answers.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.base import context  # noqa: E402
from models.base.db import close_database  # noqa: E402
from models.tables.schema import open_database  # noqa: E402
from tests.conftest import WORK_DATE  # noqa: E402
from tests.models.test_concurrency import Plan, run  # noqa: E402

PG_SERVER = os.environ.get("RELMAN_TEST_PG_SERVER", "postgresql://127.0.0.1:5432")


def _admin():
    import psycopg2

    host, _, port = PG_SERVER.replace("postgresql://", "").partition(":")
    conn = psycopg2.connect(host=host, port=int(port or 5432), dbname="test", connect_timeout=3)
    conn.autocommit = True
    return conn


def bench(database: str, plan: Plan) -> dict | None:
    """One run on a new database; its figures."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if database == "sqlite":
            target = str(folder / "relman.db")
        else:
            try:
                admin = _admin()
            except Exception as exc:
                print(f"# PostgreSQL left out: {exc}".strip(), file=sys.stderr)
                return None
            name = f"relman_bench_{os.getpid()}"
            admin.cursor().execute(f"CREATE DATABASE {name}")
            target = f"{PG_SERVER}/{name}"
        try:
            open_database(target)
            started = time.perf_counter()
            figures, problems = run(target, plan, folder)
            elapsed = time.perf_counter() - started
            close_database()
        finally:
            if database != "sqlite":
                admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                admin.close()
    for problem in problems:
        print(f"# {problem.strip().splitlines()[-1]}", file=sys.stderr)
    return {"bench": "concurrency", "database": database, "n": figures.operations,
            "seconds": round(elapsed, 2), "baseline": None, "baseline_seconds": None, "ratio": None,
            **asdict(figures)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8, help="workers plus the logger (default 8)")
    parser.add_argument("--operations", type=int, default=150, help="per worker (default 150)")
    parser.add_argument("--segments", type=int, default=6)
    parser.add_argument("--prefill", type=int, default=2000, help="lines on each segment before the run")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args()
    context.set_context(work_date=WORK_DATE, user_id="BENCH")
    plan = Plan(workers=max(1, args.processes - 1), operations=args.operations, segments=max(2, args.segments),
                prefill=args.prefill)
    failed = False
    for database in ("sqlite", "postgresql") if args.database == "both" else (args.database,):
        figures = bench(database, plan)
        if figures is None:
            continue
        print(json.dumps(figures), flush=True)
        failed |= any(figures[k] for k in ("lost", "duplicated", "extra", "not_in_words", "tracebacks"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
