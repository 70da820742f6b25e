"""Hostile and large filters: parse time against input size, and what @ costs on SQLite. JSON lines.

    python benchmarks/bench_filters.py                      # a fresh SQLite file, 20,000 contacts
    python benchmarks/bench_filters.py --contacts 100000
    python benchmarks/bench_filters.py --db postgresql://127.0.0.1:5432/bench   # (it is emptied)

* ``parse_<shape>`` — ``models.filters.parse_filter`` (scan, parse, build; no query) on texts
  of growing size: ``spaces`` (a value padded with n spaces, once quadratic: 60,000 took
  8 s), ``list`` (CT000001|CT000002|… — one IN), ``terms`` (wildcard terms, at most 500),
  ``quotes`` (quoted values with '' inside). ``us_per_char`` should stay flat as n grows
  (linear); ``ratio`` is the time per character against the smallest text of the shape.
* ``count_list`` — counting the contacts a list of n codes selects (SQL IN) on the database.
* ``at_contains`` — ``@*smith*`` on Name over every contact: on SQLite through the registered
  ``unicode_lower`` (every letter, as PostgreSQL's lower()); baseline: SQLite's own LIKE,
  which folds only A-Z. The ratio is the price of Unicode case on SQLite.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import peewee as pw  # noqa: E402

from models.base import context  # noqa: E402
from models.base.db import close_database, db, is_sqlite  # noqa: E402
from models.filters import parse_filter  # noqa: E402
from models.tables.contacts import Contact  # noqa: E402
from models.tables.schema import open_database  # noqa: E402


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def timed(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


SHAPES = {
    "spaces": (lambda n: "Carl" + " " * n + "|Anna", (15_000, 60_000, 240_000)),
    "list": (lambda n: "|".join(f"CT{k:06d}" for k in range(n)), (1_250, 5_000, 10_000)),
    "terms": (lambda n: "|".join(f"@*son{k}*" for k in range(n)), (125, 250, 500)),
    "quotes": (lambda n: "|".join(f"'It''s {k}'" for k in range(n)), (1_250, 5_000, 10_000)),
}


def bench_parse(repeat: int) -> None:
    for shape, (make, sizes) in SHAPES.items():
        first = None
        for n in sizes:
            text = make(n)
            seconds = timed(partial(parse_filter, Contact.name, text, "text"), repeat)
            per_char = seconds / len(text)
            first = first or per_char
            emit(bench=f"parse_{shape}", n=n, chars=len(text), seconds=round(seconds, 4),
                 us_per_char=round(per_char * 1e6, 3), ratio=round(per_char / first, 2))


def fill(contacts: int) -> None:
    if Contact.select().count() >= contacts:
        return
    surnames = ["Smith", "Smithson", "École", "Straße", "Ångström", "Jones", "Øster", "Brown"]
    rows = [{"no": f"CT{k:06d}", "name": f"{surnames[k % len(surnames)]} {k}", "search_name": f"S{k}"}
            for k in range(Contact.select().count(), contacts)]
    with db.atomic():
        for start in range(0, len(rows), 500):
            Contact.insert_many(rows[start:start + 500]).execute()


def bench_queries(contacts: int, repeat: int) -> None:
    for n in (1_000, 10_000):
        text = "|".join(f"CT{k * 2:06d}" for k in range(n))
        seconds = timed(Contact.select().where(parse_filter(Contact.no, text, "code")).count, repeat)
        emit(bench="count_list", n=n, contacts=contacts, seconds=round(seconds, 4))
    ours = parse_filter(Contact.name, "@*smith*", "text")
    seconds = timed(Contact.select().where(ours).count, repeat)
    if is_sqlite():
        plain = pw.NodeList((Contact.name, pw.SQL("LIKE"), pw.Value("%smith%")))
        baseline = timed(Contact.select().where(plain).count, repeat)
        emit(bench="at_contains", n=contacts, seconds=round(seconds, 4), baseline="sqlite LIKE (A-Z only)",
             baseline_seconds=round(baseline, 4), ratio=round(seconds / baseline, 2))
    else:
        emit(bench="at_contains", n=contacts, seconds=round(seconds, 4))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a SQLite file or a postgresql:// URL (default: a temporary file)")
    parser.add_argument("--contacts", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    context.set_context(user_id="BENCH")
    with tempfile.TemporaryDirectory() as folder:
        open_database(args.db or Path(folder) / "bench.db")
        try:
            bench_parse(args.repeat)
            fill(args.contacts)
            bench_queries(args.contacts, args.repeat)
        finally:
            close_database()


if __name__ == "__main__":
    main()
