"""Two real processes draw from one number series at the same time (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from models.tables.setup import NoSeriesLine
from tests.models import builders as b

DRAWS = 200
ROOT = Path(__file__).resolve().parents[2]

# Each process opens the database itself, says "ready", waits for "go" on stdin
# (so both start drawing together), draws DRAWS numbers and prints them as JSON.
CHILD = """
import datetime as dt, json, sys, time
from models.base import context
from models.tables.schema import open_database
from models.base.db import close_database
from models.tables.setup import next_number
context.set_context(work_date=dt.date(2026, 1, 26), user_id="TESTER")
open_database(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
numbers = []
for _ in range(int(sys.argv[2])):
    numbers.append(next_number("SEG"))
    time.sleep(0.001)  # a breath between draws, as users make, lets the other process in
close_database()
print(json.dumps(numbers), flush=True)
"""


def _draw_in_two_processes(target: str) -> list[list[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen([sys.executable, "-c", CHILD, target, str(DRAWS)], cwd=ROOT, env=env, text=True,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    try:
        for p in procs:
            line = p.stdout.readline()
            assert line.strip() == "ready", p.stderr.read()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        results = []
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
        return results
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()


def test_two_processes_draw_distinct_numbers(any_db):
    """400 draws by two processes at once: 400 distinct, consecutive numbers; Last No. Used
    is the highest. SQLite serialises writers (BEGIN IMMEDIATE, busy timeout); PostgreSQL
    relies on next_number's compare-and-set retry."""
    b.series("SEG", "SEG00001", setup_field=None)
    first, second = _draw_in_two_processes(any_db)

    assert len(first) == len(second) == DRAWS
    assert first == sorted(first) and second == sorted(second)  # each process sees its draws rise
    numbers = first + second
    assert len(set(numbers)) == 2 * DRAWS
    assert sorted(numbers) == [f"SEG{n:05d}" for n in range(1, 2 * DRAWS + 1)]
    assert NoSeriesLine.get(NoSeriesLine.series == "SEG").last_no_used == max(numbers) == "SEG00400"

    # the draws really overlapped: ownership of consecutive numbers changes hands many times
    owner = {n: 0 for n in first} | {n: 1 for n in second}
    sequence = [owner[n] for n in sorted(owner)]
    assert sum(a != c for a, c in zip(sequence, sequence[1:])) > 2
