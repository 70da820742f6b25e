"""First paint of the home screen and of the Contacts page, vs a bare Textual app.

Each measurement is a fresh process (imports included), headless, from interpreter
start to the first frame of the screen. Prints one JSON line per measurement.

    python benchmarks/bench_startup.py --db big.db        # a database made by `relman demo`
    python benchmarks/bench_startup.py --contacts 1000000  # makes one first (slow)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
import time; t0 = time.perf_counter()
from textual.app import App
from textual.widgets import Footer, Label
class Bare(App):
    def compose(self):
        yield Label("Hello")
        yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        self.exit(time.perf_counter() - t0)
print(Bare().run(headless=True, size=(80, 24)))
"""

RELMAN = """
import time; t0 = time.perf_counter()
import sys
from tui.app import RelmanApp
page = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != "-" else None
class Timed(RelmanApp):
    def on_mount(self):
        # Textual runs RelmanApp.on_mount too (handlers run along the MRO)
        self.call_after_refresh(self.check)
    def check(self):
        # done once the asked-for screen is up and, for a list, its rows are on it
        screen = self.screen
        name = type(screen).__name__
        if page:  # a list page or a segment page: its table shows rows
            ready = name != "HomeScreen" and getattr(screen, "table", None) is not None and screen.table.row_count > 0
        else:
            ready = name == "HomeScreen"
        if ready:
            self.call_after_refresh(self.done)
        else:
            self.call_after_refresh(self.check)
    def done(self):
        self.exit(time.perf_counter() - t0)
print(Timed(sys.argv[1], start_page=page).run(headless=True, size=(80, 24)))
"""


def first_paint(code: str, *args: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
            env={**os.environ, "TEXTUAL_ANIMATIONS": "none"}, check=True,
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an existing Relman database (path or URL)")
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    db = args.db
    if db is None:
        db = str(Path(tempfile.mkdtemp()) / "bench.db")
        subprocess.run([sys.executable, "-m", "tui.cli", "demo", "--db", db,
                        "--contacts", str(args.contacts)], cwd=ROOT, check=True)

    sys.path.insert(0, str(ROOT))
    from models.base.db import close_database
    from models.tables.contacts import Contact
    from models.tables.schema import open_database

    open_database(db)
    n = Contact.select().count()
    close_database()

    bare = first_paint(BARE, runs=args.runs)
    for bench, page in (("first_paint_home", "-"), ("first_paint_contacts", "c")):
        seconds = first_paint(RELMAN, db, page, runs=args.runs)
        print(json.dumps({"bench": bench, "n": n, "seconds": round(seconds, 4),
                          "baseline": "bare Textual app (Label + Footer)",
                          "baseline_seconds": round(bare, 4), "ratio": round(seconds / bare, 3)}))


if __name__ == "__main__":
    main()
