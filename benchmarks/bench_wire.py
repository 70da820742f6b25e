"""Bytes on the wire and first paint: the real app on a pseudo-terminal, as over SSH.

Runs ``relman`` (the CLI, opened straight on a page) on a pty of 80x24 with
TERM=xterm-256color and no COLORTERM, presses keys as a terminal would send them and
counts the bytes the app writes back. Prints one JSON line per measurement:

* ``wire_down_contacts`` — bytes per ↓ on the Contacts page (median of the presses);
* ``wire_down_segment`` — bytes per ↓ on a Segment page of 100,000 lines;
* ``wire_idle_10s`` — bytes written in 10 s of idling on Contacts with the search
  Input focused (a blinking cursor or mouse reports would show here);
* ``first_paint_contacts``, ``first_paint_segment`` — seconds from starting the process
  until the page's first row reaches the terminal, vs a bare Textual app (Label +
  Footer) until its label does; the ratio is the figure.

    python benchmarks/bench_wire.py                     # 200,000 contacts (made once, cached)
    python benchmarks/bench_wire.py --contacts 5000     # small and fast

    python benchmarks/bench_wire.py --only first_paint --runs 11

The database is made with ``relman demo`` into the user's cache folder the first time,
and a segment "Benchmark wire" gets 100,000 lines by Add Contacts (No. filter). The
processes write and use bytecode in that folder too (PYTHONPYCACHEPREFIX), as an
installed app has it, even where PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS, ROWS = 80, 24
DOWN = b"\x1b[B"
QUIET = 0.4  # seconds without output: the screen has settled
SEGMENT_LINES = 100_000
SEGMENT_DESCRIPTION = "Benchmark wire"

BARE = """
from textual.app import App
from textual.widgets import Footer, Label
class Bare(App):
    def compose(self):
        yield Label("Hello from a bare app")
        yield Footer()
Bare().run()
"""

# the real CLI (its terminal checks, its settings, its order of imports), opened on a page
# instead of the home page: RelmanApp gets the page when the CLI first imports tui.app
RELMAN = """
import importlib.machinery, sys
START = sys.argv[1]
class OnPage:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "tui.app":
            return None
        sys.meta_path.remove(OnPage)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module
        def exec_module(module):
            run(module)
            init = module.RelmanApp.__init__
            def on_page(self, *args, **kwargs):
                init(self, *args, **{**kwargs, "start_page": START})
            module.RelmanApp.__init__ = on_page
        spec.loader.exec_module = exec_module
        return spec
sys.meta_path.insert(0, OnPage)
from tui.cli import main
sys.exit(main(sys.argv[2:]))
"""


# ---------------------------------------------------------------------------
# The database


def cache_folder() -> Path:
    import platformdirs

    folder = Path(platformdirs.user_cache_dir("relman")) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def cache_db(contacts: int) -> Path:
    return cache_folder() / f"wire-{contacts}.db"


def prepare(contacts: int) -> tuple[Path, str, int, str, str]:
    """The cached database (made when missing): its path, the bench segment's No. and line
    count, and the first row's text of Contacts and of the segment (the first-paint markers)."""
    path = cache_db(contacts)
    if not path.exists():
        print(f"# making {path} with {contacts:,} contacts …", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "tui.cli", "demo", "--db", str(path), "--create",
                        "--contacts", str(contacts)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    from models.base.db import close_database
    from models.pages.registry import entity
    from models.segments import lines as segment_lines
    from models.segments.actions import add_contacts
    from models.segments.lines import delete_lines
    from models.segments.lookups import line_count
    from models.segments.segment import create_segment
    from models.tables.schema import open_database
    from models.tables.segments import SegmentHeader, SegmentLine

    open_database(str(path))
    header = SegmentHeader.get_or_none(SegmentHeader.description == SEGMENT_DESCRIPTION)
    if header is None:
        header = create_segment(description=SEGMENT_DESCRIPTION)
        last = f"CT{min(SEGMENT_LINES * 11 // 10, contacts):06d}"  # a few contacts are excluded
        add_contacts(header.no, {"Contact": {"No.": f"CT000001..{last}"}})
        cut = (SegmentLine.select(SegmentLine.line_no).where(SegmentLine.segment == header.no)
               .order_by(SegmentLine.line_no).offset(SEGMENT_LINES).limit(1).scalar())
        if cut is not None:  # exactly 100,000
            delete_lines(header.no, SegmentLine.line_no >= cut)
    lines = line_count(header.no)
    contact_first = entity("contacts").rows("", 0, 1)[0][1]
    line_first = segment_lines.line_rows(header.no, 0, 1)[0][1]
    close_database()
    return path, header.no, lines, str(contact_first), str(line_first)


# ---------------------------------------------------------------------------
# A terminal


class Terminal:
    """A process on a pty of 80x24; everything it writes is read and counted."""

    def __init__(self, code: str, *args: str) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        env = {k: v for k, v in os.environ.items()
               if k not in ("COLORTERM", "NO_COLOR", "PYTHONDONTWRITEBYTECODE") and not k.startswith("TEXTUAL_")}
        # bytecode as a user has it, kept out of the work tree
        env.update(TERM="xterm-256color", LINES=str(ROWS), COLUMNS=str(COLUMNS),
                   PYTHONPYCACHEPREFIX=str(cache_folder() / "pycache"))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, *args], cwd=ROOT, env=env,
            stdin=slave, stdout=slave, stderr=slave, start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.fd = master
        self.output = bytearray()

    def read(self, seconds: float) -> int:
        """Read for ``seconds``; the bytes read."""
        end = time.perf_counter() + seconds
        got = 0
        while (left := end - time.perf_counter()) > 0:
            got += self._read_once(left)
        return got

    def _read_once(self, timeout: float) -> int:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return 0
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the process has gone
            raise SystemExit("the app exited:\n" + self.output[-2000:].decode(errors="replace")) from None
        self.output += data
        return len(data)

    def settle(self, quiet: float = QUIET, limit: float = 30.0) -> int:
        """Read until nothing comes for ``quiet`` seconds; the bytes read."""
        end = time.perf_counter() + limit
        got = 0
        while time.perf_counter() < end:
            n = self._read_once(quiet)
            if n == 0:
                break
            got += n
        return got

    def wait_for(self, marker: bytes, limit: float = 60.0) -> float:
        """Seconds from the start of the process until ``marker`` has been written."""
        end = time.perf_counter() + limit
        while marker not in self.output:
            if time.perf_counter() > end:
                raise SystemExit(f"no {marker!r} on the screen after {limit} s")
            self._read_once(0.05)
        return time.perf_counter() - self.started

    def press(self, keys: bytes) -> int:
        os.write(self.fd, keys)
        return self.settle()

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.fd)


def relman(db: Path, page: str) -> Terminal:
    return Terminal(RELMAN, page, "--db", str(db))


def marker(text: str) -> bytes:
    return text[:8].encode()


# ---------------------------------------------------------------------------
# Measurements


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


def bytes_per_down(db: Path, page: str, first_row: str, presses: int) -> list[int]:
    term = relman(db, page)
    try:
        term.wait_for(marker(first_row))
        term.settle(quiet=1.0)  # the count, the header totals, the footer
        return [term.press(DOWN) for _ in range(presses)]
    finally:
        term.close()


def idle_bytes(db: Path, first_row: str, seconds: float) -> int:
    term = relman(db, "c")
    try:
        term.wait_for(marker(first_row))
        term.settle(quiet=1.0)
        os.write(term.fd, b"/")  # the search Input takes the focus
        if not term.read(1.0):
            raise SystemExit("'/' did not focus the search on Contacts (nothing repainted)")
        return term.read(seconds)
    finally:
        term.close()


def first_paint(starts: dict[str, tuple], runs: int) -> dict[str, float]:
    """Median seconds to each start's marker; the starts take turns, so a busy machine slows
    them alike (the ratios are the figures)."""
    times: dict[str, list[float]] = {name: [] for name in starts}
    for run in range(runs + 1):  # the first round writes the bytecode
        for name, (make, text) in starts.items():
            term = make()
            try:
                seconds = term.wait_for(marker(text))
            finally:
                term.close()
            if run:
                times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=200_000, metavar="N",
                        help="contacts in the (cached) demo database (default 200,000)")
    parser.add_argument("--presses", type=int, default=10, help="↓ presses per page (default 10)")
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of idling (default 10)")
    parser.add_argument("--runs", type=int, default=5, help="first-paint runs of each (default 5)")
    parser.add_argument("--only", choices=("down", "idle", "first_paint"), help="one kind of measurement")
    args = parser.parse_args(argv)
    wanted = {args.only} if args.only else {"down", "idle", "first_paint"}

    db, segment_no, lines, contact_first, line_first = prepare(args.contacts)
    base = {"terminal": f"{COLUMNS}x{ROWS} TERM=xterm-256color, no COLORTERM"}

    pages = (("contacts", "c", contact_first, args.contacts),
             ("segment", f"segment:{segment_no}", line_first, lines))
    for name, page, first, n in pages if "down" in wanted else ():
        sizes = bytes_per_down(db, page, first, args.presses)
        emit(bench=f"wire_down_{name}", n=n, bytes=int(statistics.median(sizes)), max_bytes=max(sizes),
             presses=len(sizes), **base)

    if "idle" in wanted:
        emit(bench=f"wire_idle_{args.idle:g}s", n=args.contacts, bytes=idle_bytes(db, contact_first, args.idle),
             screen="Contacts, search Input focused", **base)

    if "first_paint" not in wanted:
        return 0
    starts = {"bare": (lambda: Terminal(BARE), "Hello from")}
    starts.update({name: (lambda page=page: relman(db, page), first) for name, page, first, _n in pages})
    seconds = first_paint(starts, args.runs)
    bare = seconds["bare"]
    for name, _page, _first, n in pages:
        emit(bench=f"first_paint_{name}", n=n, seconds=round(seconds[name], 4),
             baseline="bare Textual app (Label + Footer) on the pty", baseline_seconds=round(bare, 4),
             ratio=round(seconds[name] / bare, 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
