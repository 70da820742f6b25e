"""Segmentation at scale: Add Contacts, the live count and Go Back against raw SQLite. JSON lines.

    python benchmarks/bench_segmentation.py                     # 1,000,000 contacts
    python benchmarks/bench_segmentation.py --contacts 100000
    python benchmarks/bench_segmentation.py --db /tmp/demo.db   # reuse (or make once) a demo database

Everything runs on one SQLite file made by ``models.demo.generate.generate`` in this run
(or the ``--db`` file, generated there when it holds no contacts), on a segment
like the demo's open letter segment (template, header language records).
Each figure is the median of ``--repeat`` runs.

* ``add_contacts`` — ``actions.add_contacts`` with the Contact filter
  "Country/Region Code=GB" (about 30% of the contacts): criteria, the lines (one
  ``INSERT … SELECT``, defaulted from the header) and their history, committed.
  Baseline: plain ``sqlite3`` ``INSERT INTO segment_line … SELECT`` of the same
  rows (same contacts, line numbers in the same order, header values as
  literals), committed, on the same file. Goal: ratio ≤ 1.5.
* ``live_count`` — ``selection.count_matches`` for the two-field filter
  "City=London, Type=Person" (about 2%) on a segment with a few thousand lines
  (the dialog's live count). Baseline: plain ``sqlite3`` ``COUNT(*)`` of the
  same contacts. Goal: ≤ 0.150 s.
* ``live_count_broad`` — the same for "Country/Region Code=GB, Type=Person"
  (about 24%: every one of those rows is read, by us and by the baseline).
* ``go_back`` — ``go_back.go_back`` undoing that Add Contacts. Baseline: the
  Add Contacts it undoes. Goal: ratio ≤ 1.5.
* ``worksheet_open`` — first paint of the Segment page of a 100,000-line segment
  (a fresh process, headless, until its lines are on screen). Baseline: a bare
  Textual app (Label + Footer), as in bench_startup.py. Goal: ratio ≤ 1.3.
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

from models.base.db import close_database, db  # noqa: E402
from models.tables.schema import open_database

ADD_VIEWS = {"Contact": {"Country/Region Code": "GB"}}
# (views, the same selection in plain SQL). The SQL is the fastest form: "+type" and
# "!= 1" keep SQLite (without statistics) off the unselective Type and exclusion indexes.
COUNTS = {
    "live_count": ({"Contact": {"City": "London", "Type": "Person"}},
                   "city = 'London' AND +type = 1 AND exclude_from_segment != 1"),
    "live_count_broad": ({"Contact": {"Country/Region Code": "GB", "Type": "Person"}},
                         "country_region_code = 'GB' AND +type = 1 AND exclude_from_segment != 1"),
}
RAW_ADD_WHERE = "country_region_code = 'GB' AND exclude_from_segment != 1"
SEGMENT = "BENCHSEG"
RAW_SEGMENT = "BENCHRAW"
COUNT_SEGMENT = "BENCHCNT"


def emit(bench: str, n: int, seconds: float, baseline: str, baseline_seconds: float) -> None:
    print(json.dumps({
        "bench": bench, "n": n, "seconds": round(seconds, 4), "baseline": baseline,
        "baseline_seconds": round(baseline_seconds, 4),
        "ratio": round(seconds / baseline_seconds, 2) if baseline_seconds else None,
    }), flush=True)


def prepare(path: Path, n: int) -> int:
    """Open (and fill, when empty) the demo database; the number of contacts."""
    from models.demo import generate as demo
    from models.tables.contacts import Contact

    open_database(path)
    if not Contact.select().exists():
        started = time.perf_counter()
        demo.generate(n, seed=1)
        print(f"# demo.generate({n:,}) took {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return Contact.select().count()


def make_segments() -> None:
    """Bench segments shaped like the demo's letter segment: its header and header languages."""
    from models.tables.segments import (
        SegmentHeader,
        SegmentInteractionLanguage,
        SegmentLine,
    )

    with db.atomic():
        for no in (SEGMENT, RAW_SEGMENT, COUNT_SEGMENT):
            SegmentLine.delete().where(SegmentLine.segment == no).execute()
            from models.segments.criteria import reset_criteria
            reset_criteria(no)
            SegmentInteractionLanguage.delete().where(SegmentInteractionLanguage.segment == no).execute()
            SegmentHeader.delete().where(SegmentHeader.no == no).execute()
        model = (SegmentHeader.select().where(SegmentHeader.interaction_template_code == "LETTER")
                 .order_by(SegmentHeader.no).first())
        fields = {f.name: getattr(model, f.name) for f in SegmentHeader._meta.sorted_fields} if model else {}
        languages = list(SegmentInteractionLanguage.select().where(
            (SegmentInteractionLanguage.segment == model.no) & (SegmentInteractionLanguage.segment_line_no == 0)
        ).dicts()) if model else []
        for no in (SEGMENT, RAW_SEGMENT, COUNT_SEGMENT):
            SegmentHeader.create(**{**fields, "no": no, "description": f"Benchmark {no}"})
            for row in languages:
                SegmentInteractionLanguage.create(**{**row, "segment": no})
    # a few hundred lines on the live-count segment, as while a segment is being built
    from models.segments.actions import add_contacts

    add_contacts(COUNT_SEGMENT, {"Contact": {"City": "London", "Type": "Company"}})


def _literal(field, value) -> str:
    value = field.db_value(value)
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def raw_insert_sql(segment_no: str) -> str:
    """A hand-written INSERT INTO segment_line … SELECT making the same rows as Add Contacts:
    the same contacts and line numbers, the header's values as literals, the contact's
    salesperson / correspondence type / company, the header-level language record of the
    contact's language (LEFT JOIN) and the active alternative address (subquery)."""
    from models.segments.lookups import (
        attachment_exists,
        get_header,
        header_attachment_no,
        header_language,
    )
    from models.tables.interactions import InteractionTemplate
    from models.tables.segments import SegmentLine

    header = get_header(SEGMENT)
    template = InteractionTemplate.get_or_none(InteractionTemplate.code == header.interaction_template_code)
    default = header_language(header.no, header.language_code_default)
    inherited = header_attachment_no(header)
    default_attachment = default.attachment_no if default and attachment_exists(default.attachment_no) \
        else inherited
    default_subject = default.subject if default else ""
    default_word = (default.word_template_code if default else header.word_template_code) or ""
    if header.ignore_contact_corres_type and header.correspondence_type_default:
        corr = str(int(header.correspondence_type_default))
    elif template is None:
        corr = "c.correspondence_type"
    elif template.ignore_contact_corres_type:
        corr = str(int(template.correspondence_type_default))
    else:
        corr = (f"CASE WHEN c.correspondence_type = 0 THEN {int(template.correspondence_type_default)} "
                "ELSE c.correspondence_type END")
    line = {f.column_name: f for f in SegmentLine._meta.sorted_fields}

    def lit(column, value):
        return _literal(line[column], value)

    date = lit("date", header.date)
    has = "lc.segment_no IS NOT NULL"
    computed = {
        "segment_no": lit("segment_no", segment_no),
        "line_no": "10000 * ROW_NUMBER() OVER (ORDER BY c.company_name, c.company_no, c.type, c.name)",
        "contact_no": "c.no",
        "campaign_no": lit("campaign_no", header.campaign_no or ""),
        "salesperson_code": lit("salesperson_code", header.salesperson_code) if header.salesperson_code
        else "COALESCE(c.salesperson_code, '')",
        "correspondence_type": corr,
        "interaction_template_code": lit("interaction_template_code", header.interaction_template_code or ""),
        "cost": lit("cost", header.unit_cost),
        "duration": lit("duration", header.unit_duration),
        "attachment_no": f"CASE WHEN {has} THEN COALESCE(CASE WHEN la.no IS NOT NULL THEN lc.attachment_no END, "
                         f"{int(inherited)}) ELSE {int(default_attachment)} END",
        "campaign_response": lit("campaign_response", header.campaign_response),
        "information_flow": lit("information_flow", header.information_flow),
        "initiated_by": lit("initiated_by", header.initiated_by),
        "contact_alt_address_code": "COALESCE((SELECT r.contact_alt_address_code FROM contact_alt_addr_date_range r "
                                    f"WHERE r.contact_no = c.no AND r.starting_date <= {date} AND "
                                    f"(r.ending_date IS NULL OR r.ending_date >= {date}) "
                                    "ORDER BY r.starting_date DESC LIMIT 1), '')",
        "campaign_target": lit("campaign_target", header.campaign_target),
        "language_code": f"CASE WHEN {has} THEN COALESCE(c.language_code, '') "
                         f"ELSE {lit('language_code', header.language_code_default or '')} END",
        "description": lit("description", header.description),
        "date": date,
        "contact_company_no": "COALESCE(c.company_no, '')",
        "interaction_group_code": lit("interaction_group_code", header.interaction_group_code),
        "send_word_doc_as_attmt": lit("send_word_doc_as_attmt", header.send_word_docs_as_attmt),
        "subject": f"CASE WHEN {has} THEN lc.subject ELSE {lit('subject', default_subject)} END",
        "word_template_code": f"CASE WHEN {has} THEN lc.word_template_code "
                              f"ELSE {lit('word_template_code', default_word)} END",
    }
    columns, values = [], []
    for name, field in line.items():
        columns.append(f'"{name}"')
        if name in computed:
            values.append(computed[name])
        else:
            default_value = field.default() if callable(field.default) else field.default
            values.append(_literal(field, default_value))
    where = RAW_ADD_WHERE.replace("country_region_code", "c.country_region_code").replace(
        "exclude_from_segment", "c.exclude_from_segment")
    return (f'INSERT INTO "segment_line" ({", ".join(columns)}) SELECT {", ".join(values)} '
            'FROM "contact" AS c '
            'LEFT JOIN "segment_interaction_language" AS lc ON lc.segment_no = '
            f"{lit('segment_no', segment_no)} AND lc.segment_line_no = 0 "
            "AND lc.language_code = COALESCE(c.language_code, '') "
            'LEFT JOIN "attachment" AS la ON la.no = lc.attachment_no '
            f"WHERE {where}")


def same_rows(path: Path, sql: str) -> None:
    """The raw statement makes exactly the lines Add Contacts made (checked once, untimed)."""
    from models.tables.segments import SegmentLine

    columns = ", ".join(f'"{f.column_name}"' for f in SegmentLine._meta.sorted_fields
                        if f.column_name != "segment_no")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(sql)
    differ = conn.execute(
        f"SELECT COUNT(*) FROM (SELECT {columns} FROM segment_line WHERE segment_no = ? "
        f"EXCEPT SELECT {columns} FROM segment_line WHERE segment_no = ?)", (SEGMENT, RAW_SEGMENT)).fetchone()[0]
    differ += conn.execute(
        f"SELECT COUNT(*) FROM (SELECT {columns} FROM segment_line WHERE segment_no = ? "
        f"EXCEPT SELECT {columns} FROM segment_line WHERE segment_no = ?)", (RAW_SEGMENT, SEGMENT)).fetchone()[0]
    conn.execute("ROLLBACK")
    conn.close()
    if differ:
        raise SystemExit(f"the raw statement's lines differ from Add Contacts' lines ({differ} rows)")


def raw_add(path: Path, sql: str) -> tuple[float, int]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA cache_size = -64000")
    conn.execute("PRAGMA synchronous = normal")
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    rows = conn.execute(sql).rowcount
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.execute("DELETE FROM segment_line WHERE segment_no = ?", (RAW_SEGMENT,))
    conn.close()
    return seconds, rows


def raw_count(path: Path, where: str) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA cache_size = -64000")
    started = time.perf_counter()
    conn.execute(f'SELECT COUNT(*) FROM "contact" WHERE {where}').fetchone()
    seconds = time.perf_counter() - started
    conn.close()
    return seconds


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, default=None, help="demo database to reuse (made there if empty)")
    parser.add_argument("--analyze", action="store_true", help="run ANALYZE first (planner statistics)")
    args = parser.parse_args()

    from models.segments.actions import add_contacts
    from models.segments.go_back import go_back
    from models.segments.selection import count_matches

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        n = prepare(path, args.contacts)
        if args.analyze:
            db.execute_sql("ANALYZE")
        make_segments()
        sql = raw_insert_sql(RAW_SEGMENT)

        adds, backs, raws, added, stages = [], [], [], 0, []
        for _ in range(args.repeat):
            marks = []
            seconds, added = timed(lambda: add_contacts(
                SEGMENT, ADD_VIEWS, progress=lambda f, _text: marks.append((f, time.perf_counter()))))
            stages.append([round(b[1] - a[1], 3) for a, b in zip(marks, marks[1:])])
            adds.append(seconds)
            if len(adds) == 1:
                db.close()
                same_rows(path, sql)
                db.connect(reuse_if_open=True)
            seconds, _ = timed(lambda: go_back(SEGMENT))
            backs.append(seconds)
            db.close()  # the raw connection writes next; peewee reconnects on use
            seconds, rows = raw_add(path, sql)
            raws.append(seconds)
            if rows != added:
                raise SystemExit(f"raw insert made {rows} rows, add_contacts {added}")
            db.connect(reuse_if_open=True)
        print(f"# add_contacts added {added:,} lines; seconds between progress calls "
              f"(criteria, lines, history+commit): {stages}", file=sys.stderr)
        add = statistics.median(adds)
        emit("add_contacts", n, add, "raw sqlite3 INSERT INTO segment_line … SELECT of the same rows",
             statistics.median(raws))

        for bench, (views, where) in COUNTS.items():
            counts, raw_counts = [], []
            for _ in range(max(5, args.repeat)):
                seconds, result = timed(lambda: count_matches(COUNT_SEGMENT, views))
                counts.append(seconds)
                raw_counts.append(raw_count(path, where))
            print(f"# {bench}: {result[0]:,} selected, {result[1]:,} to add", file=sys.stderr)
            emit(bench, n, statistics.median(counts), "raw sqlite3 COUNT(*) of the same contacts",
                 statistics.median(raw_counts))

        emit("go_back", n, statistics.median(backs), "the add_contacts it undoes", add)
        worksheet_open(path, n, args.repeat)
        close_database()


def worksheet_open(path: Path, n: int, repeat: int) -> None:
    """First paint of a 100,000-line segment's page vs a bare Textual app."""
    from bench_startup import BARE, RELMAN, first_paint

    from models.segments.defaults import insert_contacts
    from models.tables.contacts import Contact
    from models.tables.segments import SegmentHeader

    lines = min(100_000, n)
    if SegmentHeader.get_or_none(SegmentHeader.no == "BENCHWS") is None:
        # a typed No.: the demo's Segment Nos. series allows no manual numbers
        SegmentHeader.create(no="BENCHWS", description="Worksheet benchmark")
        insert_contacts("BENCHWS", Contact.select(Contact.no).limit(lines))
    close_database()
    runs = max(5, repeat)
    bare = first_paint(BARE, runs=runs)
    seconds = first_paint(RELMAN, str(path), "segment:BENCHWS", runs=runs)
    emit("worksheet_open", lines, seconds, "bare Textual app (Label + Footer)", bare)
    open_database(path)


if __name__ == "__main__":
    main()
