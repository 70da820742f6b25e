"""CSV export of the contact, segment and interaction tables (``relman export``).

The header row holds Business Central's field captions and enums are written as their
labels ("Hard Copy"), so an export opens in Excel with the names users know; an export
for Excel (models/base/csv_dialect.py) adds a BOM and the locale's delimiter and decimal
symbol. Rows are streamed a batch at a time: a table of a million rows never sits in memory.

Nothing here prints: an export returns the number of rows written; errors a user can
cause are :class:`UserError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

import peewee as pw

from models.base.csv_dialect import PLAIN, ExportDialect
from models.base.db import db, is_sqlite
from models.base.errors import UserError
from models.base.fields import EnumField
from models.contacts.csv_columns import CONTACT_COLUMNS, field_key
from models.tables.contacts import Contact
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import LoggedSegment, SegmentHeader, SegmentLine

_SMALL_WORDS = {"of", "from", "as"}
_CAPTION_OVERRIDES = {
    "no": "No.",
    "unit_cost": "Unit Cost (LCY)",
    "unit_duration": "Unit Duration (Min.)",
    "cost": "Cost (LCY)",
    "duration": "Duration (Min.)",
    "correspondence_type_default": "Correspondence Type (Default)",
    "language_code_default": "Language Code (Default)",
    "subject_default": "Subject (Default)",
    "send_word_docs_as_attmt": "Send Word Docs. as Attmt.",
    "send_word_doc_as_attmt": "Send Word Doc. As Attmt.",
    "ignore_contact_corres_type": "Ignore Contact Corres. Type",
    "to_do_no": "To-do No.",
    "doc_no_occurrence": "Doc. No. Occurrence",
    "contact_alt_address_code": "Contact Alt. Address Code",
    "e_mail_logged": "E-Mail Logged",
    "user_id": "User ID",
}


def caption_for(name: str) -> str:
    """Business Central's caption for a field name: 'campaign_entry_no' -> 'Campaign Entry No.'."""
    if name in _CAPTION_OVERRIDES:
        return _CAPTION_OVERRIDES[name]
    words = []
    for i, word in enumerate(name.split("_")):
        if word == "no":
            words.append("No.")
        elif word == "id":
            words.append("ID")
        elif i and word in _SMALL_WORDS:
            words.append(word)
        else:
            words.append(word.capitalize())
    return " ".join(words)


@dataclass(frozen=True)
class ExportTable:
    model: type[pw.Model]
    order: tuple  # field names
    where: Callable[[], pw.Expression] | None = None
    columns: tuple[tuple[str, str], ...] | None = None  # (caption, field key); None: every field


EXPORT_TABLES: dict[str, ExportTable] = {
    "contacts": ExportTable(Contact, ("no",), columns=tuple(CONTACT_COLUMNS)),
    "segments": ExportTable(SegmentHeader, ("no",)),
    "segment-lines": ExportTable(SegmentLine, ("segment", "line_no")),
    "interaction-log": ExportTable(
        InteractionLogEntry, ("entry_no",), where=lambda: InteractionLogEntry.postponed == False  # noqa: E712
    ),
    "logged-segments": ExportTable(LoggedSegment, ("entry_no",)),
    "postponed": ExportTable(
        InteractionLogEntry, ("entry_no",), where=lambda: InteractionLogEntry.postponed == True  # noqa: E712
    ),
}


def _export_fields(spec: ExportTable) -> list[tuple[str, pw.Field]]:
    model = spec.model
    by_key = {field_key(f): f for f in model._meta.sorted_fields}
    if spec.columns is not None:
        return [(caption, by_key[key]) for caption, key in spec.columns]
    out = []
    for f in model._meta.sorted_fields:
        if isinstance(f, pw.BlobField):
            continue
        out.append((caption_for(field_key(f)), f))
    return out


def _spec(table: str) -> ExportTable:
    spec = EXPORT_TABLES.get(table)
    if spec is None:
        raise UserError(f"Unknown table '{table}'; choose one of {', '.join(EXPORT_TABLES)}.")
    return spec


def _formatter(f: pw.Field, decimal_symbol: str = ".") -> Callable[[object], str]:
    if isinstance(f, EnumField):
        enum_cls = f.enum_cls
        return lambda raw: "" if raw is None else enum_cls(int(raw)).label
    if isinstance(f, pw.BooleanField):
        return lambda raw: "" if raw is None else ("Yes" if raw else "No")
    if isinstance(f, pw.ForeignKeyField):
        return lambda raw: "" if raw is None else str(raw)
    if isinstance(f, pw.DecimalField):
        places = decimal.Decimal(1).scaleb(-(f.decimal_places or 0))

        def money(raw, python_value=f.python_value):
            value = python_value(raw)
            if value is None:
                return ""
            text = f"{decimal.Decimal(value).quantize(places):f}"  # 12.5 (a REAL in SQLite) -> 12.50
            return text.replace(".", decimal_symbol)

        return money
    if isinstance(f, (pw.DateTimeField, pw.DateField, pw.TimeField)):

        def fmt(raw, python_value=f.python_value):
            value = python_value(raw)
            if value is None:
                return ""
            if isinstance(value, dt.datetime):
                return value.isoformat(sep=" ")
            if isinstance(value, (dt.date, dt.time)):
                return value.isoformat()
            return str(value)

        return fmt
    return lambda raw: "" if raw is None else str(raw)


def _query(spec: ExportTable, fields: list[pw.Field]) -> pw.Select:
    model = spec.model
    order = [getattr(model, name) for name in spec.order]
    query = model.select(*fields).order_by(*order)
    if spec.where is not None:
        query = query.where(spec.where())
    return query


def _stream(query: pw.Select, batch: int = 2000) -> Iterator[tuple]:
    """Raw rows of a query, a batch at a time: never the whole result in memory."""
    sql, params = query.sql()
    if is_sqlite():
        cursor = db.execute_sql(sql, params)
        try:
            while chunk := cursor.fetchmany(batch):
                yield from chunk
        finally:
            cursor.close()
        return
    # PostgreSQL: a client-side cursor would fetch everything; a declared cursor streams.
    with db.atomic():
        db.execute_sql(f"DECLARE relman_export NO SCROLL CURSOR FOR {sql}", params)
        try:
            while True:
                chunk = db.execute_sql(f"FETCH {int(batch)} FROM relman_export").fetchall()
                if not chunk:
                    break
                yield from chunk
        finally:
            db.execute_sql("CLOSE relman_export")


def write_csv(out: IO[str], captions: list[str], fields: list[pw.Field], query: pw.Select,
              dialect: ExportDialect = PLAIN) -> int:
    """Write a header of captions, then the query's rows (selecting ``fields``, streamed and
    formatted as exports write them, in ``dialect``), to a text stream; the number of rows written."""
    formatters = [_formatter(f, dialect.decimal) for f in fields]
    if dialect.bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=dialect.delimiter, lineterminator="\n")
    writer.writerow(captions)
    count = 0
    for raw in _stream(query):
        writer.writerow([fmt(value) for fmt, value in zip(formatters, raw)])
        count += 1
    return count


def export_table(table: str, out: IO[str], dialect: ExportDialect = PLAIN) -> int:
    """Write one table as CSV (header of captions, then its rows) to a text stream; the row count."""
    spec = _spec(table)
    columns = _export_fields(spec)
    fields = [f for _caption, f in columns]
    return write_csv(out, [caption for caption, _f in columns], fields, _query(spec, fields), dialect)


def count_rows(table: str) -> int:
    """How many rows ``export_table(table)`` would write."""
    spec = _spec(table)
    query = spec.model.select()
    if spec.where is not None:
        query = query.where(spec.where())
    return query.count()
