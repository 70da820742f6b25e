"""CSV import of contacts and CSV export of the segment and interaction tables.

Columns are named with Business Central's field captions ("No.", "Company No.",
"Correspondence Type" …) and enums are written as their labels ("Hard Copy"),
so a file exported from Business Central's configuration packages or from Excel
comes in as it is, and an export opens in Excel with the names users know.

Nothing here prints: an import returns an :class:`ImportReport`, an export the
number of rows written; errors a user can cause are :class:`UserError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO

import peewee as pw

from models.base.db import db, is_sqlite
from models.base.enums import ContactType
from models.base.errors import FieldError, UserError
from models.base.fields import EnumField
from models.contacts.card import CodeCache, normalise
from models.tables.contacts import Contact
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import LoggedSegment, SegmentHeader, SegmentLine
from models.tables.setup import (
    MarketingSetup,
    check_manual_no,
    marketing_setup,
    next_numbers,
)

# Caption -> the key normalise() reads. Import accepts these; export writes them in this order.
CONTACT_COLUMNS: list[tuple[str, str]] = [
    ("No.", "no"),
    ("Type", "type"),
    ("Name", "name"),
    ("Name 2", "name_2"),
    ("Search Name", "search_name"),
    ("Company No.", "company_no"),
    ("Company Name", "company_name"),
    ("First Name", "first_name"),
    ("Middle Name", "middle_name"),
    ("Surname", "surname"),
    ("Initials", "initials"),
    ("Job Title", "job_title"),
    ("Address", "address"),
    ("Address 2", "address_2"),
    ("Post Code", "post_code"),
    ("City", "city"),
    ("County", "county"),
    ("Country/Region Code", "country_region_code"),
    ("Phone No.", "phone_no"),
    ("Mobile Phone No.", "mobile_phone_no"),
    ("Fax No.", "fax_no"),
    ("E-Mail", "e_mail"),
    ("Home Page", "home_page"),
    ("VAT Registration No.", "vat_registration_no"),
    ("Salutation Code", "salutation_code"),
    ("Language Code", "language_code"),
    ("Salesperson Code", "salesperson_code"),
    ("Territory Code", "territory_code"),
    ("Exclude from Segment", "exclude_from_segment"),
    ("Correspondence Type", "correspondence_type"),
    ("Privacy Blocked", "privacy_blocked"),
]
CONTACT_CAPTIONS = {key: caption for caption, key in CONTACT_COLUMNS}
_BOOLEAN_KEYS = ("exclude_from_segment", "privacy_blocked")
# Company Name is derived (a company's own name, a person's company's name): accepted, not read.
_DERIVED_KEYS = ("company_name",)

_TRUE = {"yes", "true", "1", "y", "x"}
_FALSE = {"no", "false", "0", "n", ""}

_EXISTS_CHUNK = 2000  # numbers per "WHERE no IN (…)" look-up


# ---------------------------------------------------------------------------
# Import


@dataclass
class RowError:
    line: int  # the line of the file the row starts on (the header is line 1)
    field: str  # the column's caption, or '' when the row as a whole is wrong
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"line {self.line}: {self.field}: {self.message}"
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0  # data rows read
    imported: int = 0  # contacts inserted (0 when invalid rows stopped the import)
    errors: list[RowError] = field(default_factory=list)  # one per invalid row, by line
    numbers: list[str] = field(default_factory=list)  # numbers drawn from Contact Nos.

    @property
    def skipped(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    cells: list[str]  # as read; emptied once the row is valid
    values: list | None = None  # the insert tuple once valid
    typed_no: str = ""
    is_company: bool = True
    problem: str = ""  # wrong as a whole (too many values)


def _field_error_to_row(line: int, exc: FieldError) -> RowError:
    caption = CONTACT_CAPTIONS.get(exc.field, exc.field)
    message = str(exc)
    if message.startswith(caption + ": "):
        message = message[len(caption) + 2 :]
    return RowError(line, caption, message)


def _parse_bool(key: str, text) -> bool:
    if isinstance(text, bool):
        return text
    word = (text or "").strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise FieldError(key, f"'{text}' is not Yes or No.")


def _insert_fields() -> list[pw.Field]:
    return list(Contact._meta.sorted_fields)


def _position(fields: list[pw.Field], name: str) -> int:
    """Where a field is in a list (by name: ``==`` on peewee fields builds an expression)."""
    return next(i for i, f in enumerate(fields) if f.name == name)


def _field_key(f: pw.Field) -> str:
    return f.object_id_name if isinstance(f, pw.ForeignKeyField) else f.name


def _check_lengths(v: dict, limits: list[tuple[str, int]]) -> None:
    for key, max_length in limits:
        value = v.get(key)
        if isinstance(value, str) and len(value) > max_length:
            raise FieldError(key, f"is longer than {max_length} characters.")


def _defaults() -> dict:
    out = {}
    for f in _insert_fields():
        default = f.default() if callable(f.default) else f.default
        out[_field_key(f)] = None if isinstance(f, pw.ForeignKeyField) else default
    return out


def read_contacts_csv(path: str | os.PathLike) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """(normalised captions, iterator of (line, cells)); UserError for a missing file or bad header."""
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror or exc}") from None
    reader = csv.reader(handle)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise UserError(f"{path} is empty: the first line must name the columns.") from None
    except UnicodeDecodeError as exc:
        handle.close()
        raise UserError(f"{path}: {_csv_error(exc)}") from None
    except csv.Error as exc:
        handle.close()
        raise UserError(f"{path}, line 1: {_csv_error(exc)}") from None

    known = {caption.lower(): caption for caption, _key in CONTACT_COLUMNS}
    captions, unknown, seen = [], [], set()
    for cell in header:
        name = cell.strip()
        caption = known.get(name.lower())
        if caption is None:
            unknown.append(name)
            continue
        if caption in seen:
            handle.close()
            raise UserError(f"{path}: column '{caption}' appears twice in the header.")
        seen.add(caption)
        captions.append(caption)
    if unknown:
        handle.close()
        names = ", ".join(f"'{n}'" for n in unknown)
        raise UserError(
            f"{path}: unknown column{'s' if len(unknown) > 1 else ''} {names}; "
            "columns are named as in Business Central, e.g. 'No.', 'Name', 'Company No.', 'E-Mail'."
        )
    if "Name" not in seen:
        handle.close()
        raise UserError(f"{path}: the header has no 'Name' column.")

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            last = 1
            while True:
                start = last + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError as exc:  # decoded by blocks: no line number
                    raise UserError(f"{path}: {_csv_error(exc)}") from None
                except csv.Error as exc:
                    raise UserError(f"{path}, line {start}: {_csv_error(exc)}") from None
                last = reader.line_num
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue  # a blank line
                yield start, cells

    return captions, rows()


def _csv_error(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "the file is not UTF-8 text (in Excel, save it as \"CSV UTF-8\")."
    return f"{exc}."


def import_contacts(path: str | os.PathLike, *, skip_invalid: bool = False) -> ImportReport:
    """Check every row of a contacts CSV and insert the valid ones in one transaction.

    Without ``skip_invalid`` nothing is inserted when any row is invalid; the
    report lists every invalid row (line, column caption, reason) either way.
    Persons may name a company of the same file in "Company No.", before or
    after its line. Rows without "No." take numbers from Contact Nos.
    """
    captions, cells_iter = read_contacts_csv(path)
    keys = [CONTACT_CAPTIONS_BY_CAPTION[c] for c in captions]
    width = len(keys)
    report = ImportReport()
    rows: list[_Row] = []
    for line, cells in cells_iter:
        report.rows += 1
        row = _Row(line, cells)
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            row.problem = f"has {len(cells)} values; the header names {width} columns."
        rows.append(row)

    with db.atomic():
        _validate(rows, keys, report)
        report.errors.sort(key=lambda e: e.line)
        if report.errors and not skip_invalid:
            return report
        valid = [r for r in rows if r.values is not None]
        if not valid:
            return report
        _assign_numbers(valid, report)
        fields = _insert_fields()
        no_index = _position(fields, "no")
        company_index = _position(fields, "company")
        # companies first: persons of the file reference them
        companies = [r.values for r in valid if r.is_company]
        for values in companies:
            values[company_index] = values[no_index]
        persons = [r.values for r in valid if not r.is_company]
        bulk_insert(Contact, fields, companies)
        bulk_insert(Contact, fields, persons)
        report.imported = len(valid)
    return report


CONTACT_CAPTIONS_BY_CAPTION = {caption: key for caption, key in CONTACT_COLUMNS}


def _validate(rows: list[_Row], keys: list[str], report: ImportReport) -> None:
    cache = CodeCache()
    setup = marketing_setup()
    series = setup.contact_nos or ""
    try:
        if series:
            check_manual_no(series)
        manual_error = ""
    except UserError as exc:
        manual_error = str(exc)
    no_series_error = (
        "" if series else f"{MarketingSetup.SERIES_CAPTIONS['contact_nos']} must have a value in Marketing Setup."
    )
    fields = _insert_fields()
    name_index = _position(fields, "name")
    converters = [(_field_key(f), f.db_value) for f in fields]
    limits = [(_field_key(f), f.max_length) for f in fields if getattr(f, "max_length", None)]
    defaults = _defaults()
    typed_lines: dict[str, int] = {}  # typed No. -> first line with it
    bad_companies: dict[str, int] = {}  # typed No. of an invalid company row -> its line

    position = {key: i for i, key in enumerate(keys)}

    def cell(row: _Row, key: str) -> str:
        i = position.get(key)
        return row.cells[i].strip() if i is not None and i < len(row.cells) else ""

    def check(row: _Row) -> None:
        raw = dict(zip(keys, row.cells))  # missing trailing cells are blank
        for key in _DERIVED_KEYS:
            raw.pop(key, None)
        for key in _BOOLEAN_KEYS:
            if key in raw:
                raw[key] = _parse_bool(key, raw[key])
        if not row.is_company:
            company_no = (raw.get("company_no") or "").strip().upper()
            if company_no in bad_companies:
                raise FieldError(
                    "company_no", f"'{company_no}' is the company on line {bad_companies[company_no]}, which is invalid."
                )
        v = normalise(raw, cache, new=True)
        _check_lengths(v, limits)
        typed = v.get("no") or ""
        if typed:
            if manual_error:
                raise FieldError("no", manual_error)
            first = typed_lines.get(typed)
            if first is not None and first != row.line:
                raise FieldError("no", f"{typed} is also on line {first}.")
            typed_lines[typed] = row.line
        elif no_series_error:
            raise FieldError("no", no_series_error)
        row.typed_no = typed
        merged = {**defaults, **v}
        row.values = [to_db(merged[key]) for key, to_db in converters]
        row.is_company = v["type"] == ContactType.COMPANY
        row.cells = []  # free the text as soon as the values are known

    def run(group: list[_Row]) -> None:
        for row in group:
            if row.problem:
                report.errors.append(RowError(row.line, "", row.problem))
                continue
            try:
                check(row)
            except FieldError as exc:
                row.values = None
                report.errors.append(_field_error_to_row(row.line, exc))
        _reject_existing([r for r in group if r.values is not None and r.typed_no], report)

    companies, persons = [], []
    for row in rows:
        try:
            row.is_company = ContactType.from_label(cell(row, "type") or "Company") != ContactType.PERSON
        except ValueError:
            row.is_company = True  # normalise reports the unreadable Type
        (companies if row.is_company else persons).append(row)

    run(companies)
    for row in companies:
        no = row.typed_no or cell(row, "no").upper()
        if row.values is None:
            # persons naming it are wrong too, unless it is a company already in the database
            if no and cache.company_name(no) is None:
                bad_companies.setdefault(no, row.line)
        elif row.typed_no:
            cache.companies[row.typed_no] = row.values[name_index]
    run(persons)
    for row in rows:
        row.cells = []  # the text is no longer needed


def _reject_existing(rows: list[_Row], report: ImportReport) -> None:
    """Rows whose typed No. is already a contact become errors."""
    by_no = {r.typed_no: r for r in rows}
    for existing in existing_contact_nos(by_no):
        row = by_no[existing]
        row.values = None
        report.errors.append(RowError(row.line, "No.", f"Contact {existing} already exists."))


def existing_contact_nos(numbers: Iterable[str]) -> set[str]:
    """The numbers among ``numbers`` that are already contacts (looked up in chunks)."""
    numbers = list(numbers)
    found: set[str] = set()
    for start in range(0, len(numbers), _EXISTS_CHUNK):
        chunk = numbers[start : start + _EXISTS_CHUNK]
        found.update(no for (no,) in Contact.select(Contact.no).where(Contact.no.in_(chunk)).tuples())
    return found


def _assign_numbers(valid: list[_Row], report: ImportReport) -> None:
    untyped = [r for r in valid if not r.typed_no]
    if not untyped:
        return
    series = marketing_setup().contact_nos
    numbers = next_numbers(series, len(untyped))
    typed = {r.typed_no for r in valid if r.typed_no}
    clash = sorted(set(numbers) & typed) or sorted(existing_contact_nos(numbers))
    if clash:
        raise UserError(
            f"No. Series {series} gives {clash[0]}, which is already a contact"
            f"{' in the file' if clash[0] in typed else ''}; move the series past it "
            "(Last No. Used) and import again."
        )
    no_index = _position(_insert_fields(), "no")
    for row, no in zip(untyped, numbers):
        row.values[no_index] = no
    report.numbers = numbers


def bulk_insert(model: type[pw.Model], fields: list[pw.Field], rows: list[list] | list[tuple]) -> None:
    """Insert rows of database values through the driver in bulk (no per-row peewee work).

    SQLite: ``executemany``; PostgreSQL with psycopg2: ``COPY … FROM STDIN``.
    ``rows`` hold values already converted with ``field.db_value`` (str, int,
    bool, Decimal, date or None). Call inside ``db.atomic()``.
    """
    if not rows:
        return
    left, right = db.quote  # the database's quote characters, '""' on SQLite and PostgreSQL
    table = f"{left}{model._meta.table_name}{right}"
    columns = ", ".join(f"{left}{f.column_name}{right}" for f in fields)
    cursor = db.cursor()
    if not is_sqlite() and type(cursor).__module__.startswith("psycopg2"):
        # psycopg2's executemany sends a statement per row; COPY is ~6x faster than execute_values
        copy = f"COPY {table} ({columns}) FROM STDIN"
        for start in range(0, len(rows), _COPY_CHUNK):
            buffer = io.StringIO()
            for row in rows[start : start + _COPY_CHUNK]:
                buffer.write("\t".join(map(_copy_text, row)))
                buffer.write("\n")
            buffer.seek(0)
            cursor.copy_expert(copy, buffer)
        return
    marks = ", ".join([db.param] * len(fields))
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


_COPY_CHUNK = 10_000  # rows per COPY on PostgreSQL


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format (str, int, bool, Decimal, date or None)."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


# ---------------------------------------------------------------------------
# Export

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
    by_key = {_field_key(f): f for f in model._meta.sorted_fields}
    if spec.columns is not None:
        return [(caption, by_key[key]) for caption, key in spec.columns]
    out = []
    for f in model._meta.sorted_fields:
        if isinstance(f, pw.BlobField):
            continue
        out.append((caption_for(_field_key(f)), f))
    return out


def export_header(table: str) -> list[str]:
    return [caption for caption, _f in _export_fields(_spec(table))]


def _spec(table: str) -> ExportTable:
    spec = EXPORT_TABLES.get(table)
    if spec is None:
        raise UserError(f"Unknown table '{table}'; choose one of {', '.join(EXPORT_TABLES)}.")
    return spec


def _formatter(f: pw.Field) -> Callable[[object], str]:
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
            return f"{decimal.Decimal(value).quantize(places):f}"  # 12.5 (a REAL in SQLite) -> 12.50

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


def export_table(table: str, out: IO[str]) -> int:
    """Write one table as CSV (header of captions, then its rows) to a text stream; the row count."""
    spec = _spec(table)
    columns = _export_fields(spec)
    fields = [f for _caption, f in columns]
    formatters = [_formatter(f) for f in fields]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([caption for caption, _f in columns])
    count = 0
    for raw in _stream(_query(spec, fields)):
        writer.writerow([fmt(value) for fmt, value in zip(formatters, raw)])
        count += 1
    return count


def count_rows(table: str) -> int:
    """How many rows ``export_table(table)`` would write."""
    spec = _spec(table)
    query = spec.model.select()
    if spec.where is not None:
        query = query.where(spec.where())
    return query.count()
