"""Logging a segment at scale against raw SQLite doing the same writes. JSON lines.

    python benchmarks/bench_log.py                  # a 100,000-line segment
    python benchmarks/bench_log.py --lines 20000
    python benchmarks/bench_log.py --db /tmp/demo.db  # reuse (or make once) a demo database

* ``log_segment`` — ``models.segments.log.log_segment(no, deliver=False, follow_up=False)``
  on an N-line segment shaped like the demo's open letter segment (its header, header
  language records and campaign), built as Add Contacts builds one (lines defaulted from
  the header and a criteria action with its undo history): the checks, the logged
  segment, the campaign entry, the read-only marks, the N entries (one ``INSERT …
  SELECT``) and the deletion of the segment (criteria, history, languages, lines,
  header), committed.
  Baseline: plain ``sqlite3`` on the same file, with Relman's connection pragmas
  (WAL, foreign keys on, synchronous NORMAL), in one transaction: ``INSERT INTO
  interaction_log_entry … SELECT`` of the same N entries from an identical segment's
  lines (the same columns; user, logged segment entry no. as literals), then ``DELETE``
  of those lines, committed. Goal: ratio ≤ 1.5.

Each figure is the median of ``--repeat`` runs; ours and the baseline alternate, each on
a fresh segment made before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.base.db import SQLITE_PRAGMAS, close_database, db  # noqa: E402
from models.tables.schema import open_database


def emit(bench: str, n: int, seconds: float, baseline: str, baseline_seconds: float) -> None:
    print(json.dumps({
        "bench": bench, "n": n, "seconds": round(seconds, 4), "baseline": baseline,
        "baseline_seconds": round(baseline_seconds, 4),
        "ratio": round(seconds / baseline_seconds, 2) if baseline_seconds else None,
    }), flush=True)


def prepare(path: Path, contacts: int) -> int:
    """Open (and fill, when empty) the demo database; the number of contacts."""
    from models.demo import generate as demo
    from models.tables.contacts import Contact

    open_database(path)
    if not Contact.select().exists():
        started = time.perf_counter()
        demo.generate(contacts, seed=1)
        print(f"# demo.generate({contacts:,}) took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return Contact.select().count()


def make_segment(no: str, n: int) -> None:
    """A segment like the demo's letter segment with n lines, made as Add Contacts makes them
    (lines defaulted from the header, an Add Contacts action and its history)."""
    from models.base.enums import CriteriaAction, HistoryAction
    from models.segments.criteria import next_action, write_history
    from models.segments.defaults import insert_contacts
    from models.tables.contacts import Contact
    from models.tables.segments import (
        SegmentHeader,
        SegmentInteractionLanguage,
        SegmentLine,
    )

    model = (SegmentHeader.select().where(SegmentHeader.interaction_template_code == "LETTER")
             .order_by(SegmentHeader.no).first())
    if model is None:
        raise SystemExit("the demo database has no LETTER segment to copy")
    fields = {f.name: getattr(model, f.name) for f in SegmentHeader._meta.sorted_fields}
    languages = list(SegmentInteractionLanguage.select().where(
        (SegmentInteractionLanguage.segment == model.no) & (SegmentInteractionLanguage.segment_line_no == 0)
    ).dicts())
    with db.atomic():
        SegmentHeader.create(**{**fields, "no": no, "description": f"Benchmark {no}"})
        for row in languages:
            SegmentInteractionLanguage.create(**{**row, "segment": no})
        action = next_action(no, CriteriaAction.ADD_CONTACTS, {}, [("Contact", '{"No.": "..."}')])
        contacts = Contact.select(Contact.no).order_by(Contact.no).limit(n)
        first, count = insert_contacts(no, contacts)
        write_history(no, action, SegmentLine.line_no >= first, HistoryAction.INSERTION)
    assert count == n, (count, n)


def raw_sql(segment_no: str, logged_entry_no: int, user: str) -> tuple[str, str]:
    """(INSERT … SELECT of the entries, DELETE of the lines) written by hand: the columns our
    INSERT fills, straight from the lines (no e-mail rule, no campaign lookup)."""
    from models.tables.interactions import InteractionLogEntry

    copied = {
        "contact_no": "contact_no", "contact_company_no": "contact_company_no", "date": "date",
        "description": "description", "information_flow": "information_flow", "initiated_by": "initiated_by",
        "attachment_no": "attachment_no", "cost": "cost", "duration": "duration",
        "interaction_group_code": "interaction_group_code",
        "interaction_template_code": "interaction_template_code", "interaction_language_code": "language_code",
        "subject": "subject", "campaign_no": "campaign_no", "campaign_entry_no": "campaign_entry_no",
        "campaign_response": "campaign_response", "campaign_target": "campaign_target",
        "segment_no": "segment_no", "evaluation": "evaluation", "time_of_interaction": "time_of_interaction",
        "attempt_failed": "attempt_failed", "to_do_no": "to_do_no", "salesperson_code": "salesperson_code",
        "correspondence_type": "correspondence_type", "contact_alt_address_code": "contact_alt_address_code",
        "document_type": "document_type", "document_no": "document_no",
        "send_word_docs_as_attmt": "send_word_doc_as_attmt", "contact_via": "contact_via",
        "opportunity_no": "opportunity_no", "word_template_code": "word_template_code", "merged": "merged",
    }
    literals = {"user_id": f"'{user}'", "logged_segment_entry_no": str(logged_entry_no)}
    columns, values = [], []
    for f in InteractionLogEntry._meta.sorted_fields:
        name = f.column_name
        if name == "entry_no":
            continue
        columns.append(f'"{name}"')
        if name in copied:
            values.append(f'"{copied[name]}"')
        elif name in literals:
            values.append(literals[name])
        else:
            default = f.default() if callable(f.default) else f.default
            value = f.db_value(default)
            values.append("NULL" if value is None else (str(int(value)) if isinstance(value, (bool, int))
                                                        else f"'{value}'"))
    insert = (f'INSERT INTO "interaction_log_entry" ({", ".join(columns)}) SELECT {", ".join(values)} '
              f'FROM "segment_line" WHERE "segment_no" = \'{segment_no}\' AND "contact_no" IS NOT NULL '
              'ORDER BY "line_no"')
    delete = f'DELETE FROM "segment_line" WHERE "segment_no" = \'{segment_no}\''
    return insert, delete


def run_ours(no: str, n: int) -> float:
    from models.segments.log import log_segment

    started = time.perf_counter()
    result = log_segment(no, deliver=False, follow_up=False)
    seconds = time.perf_counter() - started
    assert result.entries == n, (result.entries, n)
    return seconds


def run_raw(path: Path, no: str, n: int) -> float:
    from models.base import context

    insert, delete = raw_sql(no, 999_999, context.user_id())
    conn = sqlite3.connect(str(path), isolation_level=None)
    for name in ("foreign_keys", "synchronous", "cache_size", "busy_timeout"):
        conn.execute(f"PRAGMA {name} = {SQLITE_PRAGMAS[name]}")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    inserted = conn.execute(insert).rowcount
    conn.execute(delete)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    assert inserted == n, (inserted, n)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, default=None, help="demo database to reuse (made there if empty)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench_log.db"
        contacts = prepare(path, max(args.lines, 2000))
        if contacts < args.lines:
            raise SystemExit(f"the database has {contacts:,} contacts; --lines {args.lines:,} needs as many")
        ours, raw = [], []
        run = time.strftime("%H%M%S")
        for i in range(args.repeat):
            for kind in (("ours", "raw") if i % 2 == 0 else ("raw", "ours")):
                no = f"{'LOG' if kind == 'ours' else 'RAW'}{run}-{i}"
                make_segment(no, args.lines)
                db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                if kind == "ours":
                    ours.append(run_ours(no, args.lines))
                else:
                    close_database()
                    raw.append(run_raw(path, no, args.lines))
                    open_database(path)
        emit("log_segment", args.lines, statistics.median(ours), "raw sqlite3: INSERT INTO interaction_log_entry SELECT + DELETE lines",
             statistics.median(raw))
        close_database()


if __name__ == "__main__":
    main()
