"""CSV import of contacts, with Business Central's captions (models/contacts/csv_columns.py):
comma-, semicolon- or tab-separated, UTF-8 with or without a BOM (models/base/csv_dialect.py).

Every row is checked before anything is written; the valid rows go in as one
transaction through the driver's bulk writer (models/base/bulk.py). Persons may name a
company of the same file; rows without "No." take numbers from Contact Nos.

Nothing here prints: an import returns an :class:`ImportReport`; errors a user can
cause are :class:`UserError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import peewee as pw

from models.base import values as value_rules
from models.base.bulk import BulkInsert
from models.base.csv_dialect import read_table
from models.base.db import db
from models.base.enums import ContactType
from models.base.errors import FieldError, UserError
from models.contacts.card import CodeCache, normalise
from models.contacts.csv_columns import (
    CONTACT_CAPTIONS,
    CONTACT_CAPTIONS_BY_CAPTION,
    CONTACT_COLUMNS,
    field_key,
)
from models.tables.contacts import Contact
from models.tables.setup import (
    MarketingSetup,
    check_manual_no,
    marketing_setup,
    next_numbers,
)

_BOOLEAN_KEYS = ("exclude_from_segment", "privacy_blocked")
# Company Name is derived (a company's own name, a person's company's name): accepted, not read.
_DERIVED_KEYS = ("company_name",)

NUL_CHARACTER = "holds a NUL character (\\0), which cannot be stored."
_EXISTS_CHUNK = 2000  # numbers per "WHERE no IN (…)" look-up


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
    delimiter: str = ","  # the one the file was read with (sniffed: models/base/csv_dialect.py)

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


def _insert_fields() -> list[pw.Field]:
    return list(Contact._meta.sorted_fields)


def _position(fields: list[pw.Field], name: str) -> int:
    """Where a field is in a list (by name: ``==`` on peewee fields builds an expression)."""
    return next(i for i, f in enumerate(fields) if f.name == name)


def _check_lengths(v: dict, limits: list[tuple[str, int]]) -> None:
    for key, max_length in limits:
        value = v.get(key)
        if isinstance(value, str) and len(value) > max_length:
            raise FieldError(key, f"is longer than {max_length} characters.")


def _defaults() -> dict:
    out = {}
    for f in _insert_fields():
        default = f.default() if callable(f.default) else f.default
        out[field_key(f)] = None if isinstance(f, pw.ForeignKeyField) else default
    return out


def read_contacts_csv(path: str | os.PathLike) -> tuple[list[str], Iterator[tuple[int, list[str]]], str]:
    """(normalised captions, iterator of (line, cells), the delimiter sniffed): models/base/csv_dialect.py."""
    return read_table(path, [caption for caption, _key in CONTACT_COLUMNS], ["Name"],
                      "columns are named as in Business Central, e.g. 'No.', 'Name', 'Company No.', 'E-Mail'.")


def import_contacts(path: str | os.PathLike, *, skip_invalid: bool = False) -> ImportReport:
    """Check every row of a contacts CSV and insert the valid ones in one transaction.

    Without ``skip_invalid`` nothing is inserted when any row is invalid; the
    report lists every invalid row (line, column caption, reason) either way.
    Persons may name a company of the same file in "Company No.", before or
    after its line. Rows without "No." take numbers from Contact Nos.
    """
    captions, cells_iter, delimiter = read_contacts_csv(path)
    keys = [CONTACT_CAPTIONS_BY_CAPTION[c] for c in captions]
    width = len(keys)
    report = ImportReport(delimiter=delimiter)
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
        table = BulkInsert(Contact, [f.name for f in fields])
        table.insert(companies)
        table.insert(persons)
        report.imported = len(valid)
    return report


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
    converters = [(field_key(f), f.db_value) for f in fields]
    limits = [(field_key(f), f.max_length) for f in fields if getattr(f, "max_length", None)]
    defaults = _defaults()
    typed_lines: dict[str, int] = {}  # typed No. -> first line with it
    bad_companies: dict[str, int] = {}  # typed No. of an invalid company row -> its line

    position = {key: i for i, key in enumerate(keys)}

    def cell(row: _Row, key: str) -> str:
        i = position.get(key)
        return row.cells[i].strip() if i is not None and i < len(row.cells) else ""

    def check(row: _Row) -> None:
        raw = dict(zip(keys, row.cells))  # missing trailing cells are blank
        for key, cell_text in raw.items():
            if "\x00" in cell_text:  # PostgreSQL cannot store it; SQLite would, then export it
                raise FieldError(key, NUL_CHARACTER)
        for key in _DERIVED_KEYS:
            raw.pop(key, None)
        for key in _BOOLEAN_KEYS:
            if key in raw:
                raw[key] = value_rules.yes_no(key, CONTACT_CAPTIONS[key], raw[key])
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
