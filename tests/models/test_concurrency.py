"""Many users on one database at once (issue 11), with real processes on a SQLite file and on
PostgreSQL: workers add contacts and add, edit and delete lines on the segments while a
logger logs them one after the other, each after a set share of the workers' operations
(so a slow, busy machine runs the same race, only slower).

Afterwards every operation reported as done is found — in the logged entries, or on the
segment that was not logged — and every other one was refused in words; nothing is lost,
nothing is duplicated, no process met a traceback. ``run`` is the whole scenario;
benchmarks/bench_concurrency.py runs it with more processes for longer.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
import traceback
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from models.base.db import BUSY, db
from models.base.enums import ContactType
from models.tables.contacts import Contact, Salesperson
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import (
    LoggedSegment,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentLine,
)
from tests.conftest import WORK_DATE
from tests.helpers import run_together
from tests.models import builders as b

BULK = 3  # contacts an Add Contacts selects
# what a refused operation may say: the segment went into history, or another user held it too long
IN_WORDS = [re.compile(p) for p in (
    r"^Segment S\d+ has been logged\.$",
    r"^A logged segment already exists for segment S\d+\.$",
    "^" + re.escape(BUSY) + "$",
)]


@dataclass(frozen=True)
class Plan:
    workers: int = 3  # processes writing to the segments (the logger is one more)
    operations: int = 40  # per worker
    segments: int = 4  # S1 … Sn; all but the last are logged during the run
    prefill: int = 300  # lines on each segment before the run


# ---------------------------------------------------------------- the database before the run

def prepare(plan: Plan) -> None:
    """On an empty, open database: a template, a salesperson, the segments with their lines,
    and each worker's own contacts (so every line says whose operation made it)."""
    from models.segments.defaults import insert_contacts

    b.series("SEG", "SEG00001")
    Salesperson.create(code="SP1", name="Salesperson SP1")
    b.template("LETTER", "LETTER", description="Letter")
    contacts = [f"PF{k:05d}" for k in range(plan.prefill)]
    for w in range(plan.workers):
        contacts += [f"W{w}S{k:04d}" for k in range(plan.operations)]
        contacts += [f"W{w}B{k:04d}{j}" for k in range(plan.operations) for j in range(1, BULK + 1)]
    rows = [{"no": no, "name": f"Contact {no}", "type": ContactType.COMPANY, "company": no} for no in contacts]
    with db.atomic():
        for start in range(0, len(rows), 500):
            Contact.insert_many(rows[start:start + 500]).execute()
        for no in segment_nos(plan):
            SegmentHeader.create(no=no, description=f"Mailing {no}", salesperson="SP1",
                                 interaction_template="LETTER", date=WORK_DATE)
            insert_contacts(no, Contact.select(Contact.no).where(Contact.no.startswith("PF")))


def segment_nos(plan: Plan) -> list[str]:
    return [f"S{i}" for i in range(1, plan.segments + 1)]


# ---------------------------------------------------------------- the processes

def worker(spec: dict) -> list:
    """Random adds, Add Contacts, edits and deletes on the segments, each counted in the
    progress file; the events: what was done, what was refused (and why), what raised."""
    from models.base.errors import UserError
    from models.segments.actions import add_contacts
    from models.segments.lines import add_line, delete_line, update_line

    w, segments, rng = spec["worker"], spec["segments"], random.Random(spec["seed"])
    mine: dict[str, dict[str, int]] = {s: {} for s in segments}  # segment -> my contact -> line no.
    logged: set[str] = set()
    events, singles, bulks = [], 0, 0
    with open(spec["progress"], "ab", buffering=0) as progress:  # one byte per operation
        for _ in range(spec["operations"]):
            progress.write(b".")
            open_ = [s for s in segments if s not in logged]
            seg = rng.choice(open_ if open_ and rng.random() > 0.1 else segments)  # now and then a logged one
            kind = rng.choices(("add", "bulk", "edit", "delete"), (4, 2, 3, 1))[0]
            if kind in ("edit", "delete") and not mine[seg]:
                kind = "add"
            try:
                if kind == "add":
                    contact = f"W{w}S{singles:04d}"
                    singles += 1
                    mine[seg][contact] = add_line(seg, contact).line_no
                    events.append(["add", seg, contact])
                elif kind == "bulk":
                    prefix = f"W{w}B{bulks:04d}"
                    bulks += 1
                    events.append(["bulk", seg, prefix, add_contacts(seg, {"Contact": {"No.": prefix + "*"}})])
                    mine[seg].update(SegmentLine.select(SegmentLine.contact, SegmentLine.line_no).where(
                        (SegmentLine.segment == seg) & SegmentLine.contact.startswith(prefix)).tuples())
                elif kind == "edit":
                    contact, line_no = rng.choice(sorted(mine[seg].items()))
                    text = f"Edited by W{w} #{len(events)}"
                    update_line(seg, line_no, {"description": text})
                    events.append(["edit", seg, contact, text])
                else:
                    contact, line_no = rng.choice(sorted(mine[seg].items()))
                    delete_line(seg, line_no)
                    del mine[seg][contact]
                    events.append(["delete", seg, contact])
            except UserError as exc:
                events.append(["refused", kind, seg, str(exc)])
                if "logged" in str(exc):
                    logged.add(seg)
                    mine[seg].clear()
            except Exception:
                events.append(["traceback", kind, seg, traceback.format_exc()])
    return events


def logger(spec: dict) -> list:
    """Logs every segment but the last, evenly spread over the workers' operations."""
    from models.base.errors import UserError
    from models.segments.log import log_segment

    to_log, events = spec["segments"][:-1], []
    total = spec["operations"] * spec["workers"]
    for k, seg in enumerate(to_log):
        _wait_for(Path(spec["progress"]), total * (k + 1) // (len(to_log) + 1))
        try:
            events.append(["logged", seg, log_segment(seg, deliver=False, follow_up=False).entries])
        except UserError as exc:
            events.append(["refused", "log", seg, str(exc)])
        except Exception:
            events.append(["traceback", "log", seg, traceback.format_exc()])
    return events


def _wait_for(progress: Path, operations: int) -> None:
    """Until the workers have started ``operations`` (or have not gone on for 60 s)."""
    done, since = -1, time.monotonic()
    while done < operations and time.monotonic() - since < 60:
        size = progress.stat().st_size if progress.exists() else 0
        if size != done:
            done, since = size, time.monotonic()
        time.sleep(0.005)


def child() -> None:
    """A process of the run: opens the database, says "ready", starts on "go", prints its events."""
    from models.base import context
    from models.base.db import close_database
    from models.tables.schema import open_database

    spec = json.loads(sys.argv[1])
    context.set_context(work_date=WORK_DATE, user_id=spec["user"])
    open_database(spec["target"])
    print("ready", flush=True)
    sys.stdin.readline()
    events = (worker if spec["role"] == "worker" else logger)(spec)
    close_database()
    print(json.dumps(events), flush=True)


CHILD = "from tests.models.test_concurrency import child; child()"


def run_processes(target: str, plan: Plan, folder: Path, seed: int = 1) -> tuple[list[list], list]:
    """Start the workers and the logger together; (each worker's events, the logger's)."""
    base = {"target": target, "segments": segment_nos(plan), "operations": plan.operations,
            "workers": plan.workers, "progress": str(folder / "progress")}
    specs = [{**base, "role": "worker", "worker": w, "seed": seed * 1000 + w, "user": f"USER{w}"}
             for w in range(plan.workers)] + [{**base, "role": "logger", "user": "LOGGER"}]
    outputs = [json.loads(lines[-1]) for lines in run_together([[CHILD, json.dumps(spec)] for spec in specs], 600)]
    return outputs[:-1], outputs[-1]


# ---------------------------------------------------------------- the verdict

@dataclass
class Figures:
    processes: int
    operations: int  # attempted, logs included
    done: int  # reported as done
    refused: int  # refused in words
    lost: int  # reported done, found neither logged nor on the open segment (or without its edit)
    duplicated: int  # a line (or entry) more than once
    extra: int  # found although never reported added, or reported deleted
    not_in_words: int  # refusals with another message
    tracebacks: int
    logged: int  # segments logged
    prefill_lost: int  # lines there before the run, not found afterwards


def verdict(plan: Plan, workers: list[list], logger_events: list) -> tuple[Figures, list[str]]:
    """Compare what the processes were told with what the database holds; (figures, examples)."""
    expected: dict[tuple[str, str], str | None] = {}  # (segment, contact) -> "" present, text edited, None gone
    problems: list[str] = []
    done = refused = not_in_words = tracebacks = 0
    for event in [e for events in workers for e in events] + logger_events:
        kind = event[0]
        if kind == "add":
            expected[(event[1], event[2])] = ""
        elif kind == "bulk":
            for j in range(1, BULK + 1):
                expected[(event[1], f"{event[2]}{j}")] = ""
            if event[3] != BULK:
                problems.append(f"Add Contacts added {event[3]}: {event}")
        elif kind == "edit":
            expected[(event[1], event[2])] = event[3]
        elif kind == "delete":
            expected[(event[1], event[2])] = None
        if kind in ("add", "bulk", "edit", "delete", "logged"):
            done += 1
        elif kind == "refused":
            refused += 1
            if not any(p.match(event[3]) for p in IN_WORDS):
                not_in_words += 1
                problems.append(f"not in words: {event}")
        else:
            tracebacks += 1
            problems.append(event[3])

    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    ile, line = InteractionLogEntry, SegmentLine
    for seg, contact, text in ile.select(ile.segment_no, ile.contact, ile.description).tuples():
        found[(seg, contact)].append(text)
    for seg, contact, text in line.select(line.segment, line.contact, line.description).tuples():
        found[(seg, contact)].append(text)
    lost = duplicated = extra = prefill_lost = 0
    for key, texts in found.items():
        duplicated += len(texts) - 1
        if not key[1].startswith("PF") and expected.get(key) is None:
            extra += 1
            problems.append(f"extra: {key}")
    for key, state in expected.items():
        if state is not None and (key not in found or (state and state not in found[key])):
            lost += 1
            problems.append(f"lost: {key} {state!r}, found {found.get(key)}")
    for seg in segment_nos(plan):
        prefill_lost += plan.prefill - sum(1 for (s, c) in found if s == seg and c.startswith("PF"))
    operations = done + refused + not_in_words + tracebacks
    figures = Figures(plan.workers + 1, operations, done, refused, lost, duplicated, extra, not_in_words,
                      tracebacks, LoggedSegment.select().count(), prefill_lost)
    return figures, problems[:10]


def run(target: str, plan: Plan, folder: Path, seed: int = 1) -> tuple[Figures, list[str]]:
    """The whole scenario on an empty, open database at ``target`` (``folder``: for its files)."""
    from models.base.db import close_database
    from models.tables.schema import open_database

    prepare(plan)
    close_database()
    workers, logger_events = run_processes(target, plan, folder, seed)
    open_database(target)
    return verdict(plan, workers, logger_events)


# ---------------------------------------------------------------- the tests

def test_nothing_lost_with_many_users_on_one_segment(any_db, tmp_path):
    """Issue 11: 3 workers (40 operations each) and a logger, 4 processes: every add, Add
    Contacts, edit and delete reported as done is in the logged entries or on the open
    segment, the rest were refused in words ("Segment S1 has been logged."); 0 lost,
    0 duplicated, 0 tracebacks."""
    plan = Plan()
    figures, problems = run(any_db, plan, tmp_path)
    print(json.dumps({"database": "postgresql" if "://" in any_db else "sqlite", **asdict(figures)}))
    assert (figures.lost, figures.duplicated, figures.extra, figures.not_in_words, figures.tracebacks,
            figures.prefill_lost) == (0, 0, 0, 0, 0, 0), problems
    assert figures.logged == plan.segments - 1 and not problems, problems
    assert figures.operations == plan.workers * plan.operations + plan.segments - 1
    assert figures.done > plan.workers * plan.operations // 2 and figures.refused > 0, figures  # met the log


LINE_CHILD = """
import datetime as dt, json, sys, traceback
from models.base import context
from models.base.db import close_database
from models.base.errors import UserError
from models.segments.lines import add_line
from models.tables.schema import open_database
context.set_context(work_date=dt.date(2026, 1, 26), user_id=sys.argv[2])
open_database(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
result = []
for k in range(int(sys.argv[3])):
    try:
        result.append(add_line("S1", f"{sys.argv[2]}{k:03d}").line_no)
    except Exception:
        result.append(traceback.format_exc())
close_database()
print(json.dumps(result), flush=True)
"""


def test_two_users_adding_lines_never_collide(any_db):
    """Issue 11: two processes add 60 lines each to one segment at once: no IntegrityError on a
    criteria or line number (next_action reads MAX(line_no) under the segment's lock); the
    criteria lines are numbered 1 … 240 without a gap, the lines 10000 … 1,200,000."""
    b.template("LETTER", "LETTER")
    SegmentHeader.create(no="S1", description="Mailing", interaction_template="LETTER", date=WORK_DATE)
    per = 60
    Contact.insert_many([{"no": f"{u}{k:03d}", "name": u, "type": ContactType.COMPANY, "company": f"{u}{k:03d}"}
                         for u in ("A", "B") for k in range(per)]).execute()
    from models.base.db import close_database
    from models.tables.schema import open_database

    close_database()
    results = [n for lines in run_together([[LINE_CHILD, any_db, user, str(per)] for user in ("A", "B")], 120)
               for n in json.loads(lines[-1])]
    open_database(any_db)
    assert all(isinstance(n, int) for n in results), [r for r in results if not isinstance(r, int)][:2]
    assert sorted(results) == [10000 * k for k in range(1, 2 * per + 1)]
    c = SegmentCriteriaLine
    assert [n for (n,) in c.select(c.line_no).where(c.segment == "S1").order_by(c.line_no).tuples()] == \
        list(range(1, 4 * per + 1))  # an Action and its Contact filter per line
