"""Demo data: how close models.demo.generate comes to the raw-SQLite floor. Prints one JSON line each.

    python benchmarks/bench_demo.py                    # 100,000 contacts
    python benchmarks/bench_demo.py --contacts 1000000

Measurements (all on SQLite files in a temporary folder, in the same run):

* ``demo`` — writing N contact rows through the bulk writer the demo uses
  (models/base/bulk.py: chunks of 10,000 via executemany inside one transaction,
  secondary indexes dropped and rebuilt as ``generate`` does) into a new Relman database;
* ``demo_generate`` — the whole ``generate(N)``: setup, Word templates, contacts,
  link tables, interaction history, logged and open segments, indexes, commit.

The baseline of both is the floor: the same contact rows (read back from the
generated database) inserted into an identical contact table (the same CREATE
TABLE and CREATE INDEX statements, the same journal mode) with plain
``sqlite3`` ``executemany`` in one transaction.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.base import context  # noqa: E402
from models.base.db import close_database, db  # noqa: E402
from models.tables.schema import open_database

BASELINE = "raw sqlite3 executemany of the same rows"


def timed_generate(path: Path, n: int) -> float:
    from models.demo.generate import generate

    open_database(path)
    started = time.perf_counter()
    generate(n, seed=1)
    seconds = time.perf_counter() - started
    return seconds


def contact_rows_and_schema() -> tuple[list[str], list[tuple], list[str]]:
    from models.tables.contacts import Contact

    columns = [f.column_name for f in Contact._meta.sorted_fields]
    rows = db.execute_sql(
        "SELECT " + ", ".join(f'"{c}"' for c in columns) + ' FROM "contact" ORDER BY "no"'
    ).fetchall()
    ddl = [sql for (sql,) in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'contact' AND sql IS NOT NULL "
        "ORDER BY type DESC, name").fetchall()]
    return columns, rows, ddl


def raw_baseline(path: Path, columns: list[str], rows: list[tuple], ddl: list[str]) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = wal")
    conn.execute("PRAGMA synchronous = normal")
    for statement in ddl:  # the table first (type 'table' sorts before 'index')
        conn.execute(statement)
    sql = (f'INSERT INTO "contact" ({", ".join(columns)}) '
           f'VALUES ({", ".join("?" * len(columns))})')
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def demo_writer(path: Path, columns: list[str], rows: list[tuple]) -> float:
    from models.base.bulk import CHUNK, BulkInsert, foreign_keys_off, indexes_rebuilt
    from models.tables.contacts import Contact

    open_database(path)
    names = [f.name for f in Contact._meta.sorted_fields]
    started = time.perf_counter()
    with foreign_keys_off(), db.atomic():
        table = BulkInsert(Contact, names)
        with indexes_rebuilt([Contact], lambda i: None):
            for start in range(0, len(rows), CHUNK):
                table.insert(rows[start:start + CHUNK])
    seconds = time.perf_counter() - started
    close_database()
    return seconds


def line(bench: str, n: int, seconds: float, baseline: float) -> None:
    print(json.dumps({
        "bench": bench, "n": n, "seconds": round(seconds, 3), "baseline": BASELINE,
        "baseline_seconds": round(baseline, 3), "ratio": round(seconds / baseline, 2),
    }), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000, metavar="N")
    args = parser.parse_args(argv)
    n = args.contacts
    context.set_context(work_date=dt.date(2026, 1, 26), fixed_now=dt.datetime(2026, 1, 26, 9, 0),
                        user_id="BENCH")
    with tempfile.TemporaryDirectory(prefix="relman-bench-demo-") as tmp:
        folder = Path(tmp)
        generate_seconds = timed_generate(folder / "generated.db", n)
        columns, rows, ddl = contact_rows_and_schema()
        close_database()
        baseline = raw_baseline(folder / "raw.db", columns, rows, ddl)
        writer_seconds = demo_writer(folder / "writer.db", columns, rows)
        line("demo", n, writer_seconds, baseline)
        line("demo_generate", n, generate_seconds, baseline)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
