"""CSV import of a contact's links (``relman import-links KIND FILE.csv``): mailing groups,
industry groups, business relations, job responsibilities, alternative addresses and their
date ranges, with Business Central's captions ("Contact No.", "Mailing Group Code", …).

The same rules as the contact card's sub-lists (models/contacts/links.py) and the same
contract as the contacts import (models/contacts/csv_import.py): every row is checked
first and reported as ``line N: Field: reason``; without ``skip_invalid`` nothing is
written when any row is invalid, else the valid rows go in as one transaction.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from models.base import values as value_rules
from models.base.bulk import CHUNK, BulkInsert
from models.base.csv_dialect import read_table
from models.base.db import db
from models.base.errors import FieldError
from models.contacts import links
from models.contacts.card import CodeCache
from models.contacts.csv_import import NUL_CHARACTER, ImportReport, RowError
from models.tables.contacts import ContactAltAddrDateRange, ContactAltAddress

CONTACT_NO = ("Contact No.", "contact_no")


@dataclass(frozen=True)
class LinkFile:
    """What a file of one kind holds: its columns (caption, key) and the ones it must name."""

    kind: str  # as the command line names it: mailing-groups
    columns: list[tuple[str, str]]
    required: tuple[str, ...]

    @property
    def captions(self) -> dict[str, str]:
        return {key: caption for caption, key in self.columns}


def _files() -> dict[str, LinkFile]:
    files = {}
    for kind in links.KINDS.values():
        name = kind.name.replace("_", "-")
        files[name] = LinkFile(name, [CONTACT_NO, (kind.code_caption, kind.code_field)],
                               (CONTACT_NO[0], kind.code_caption))
    files["alt-addresses"] = LinkFile(
        "alt-addresses", [CONTACT_NO, *((caption, key) for key, caption, _kind in links.ALT_ADDRESS_COLUMNS)],
        (CONTACT_NO[0], "Code"))
    files["alt-address-date-ranges"] = LinkFile(
        "alt-address-date-ranges",
        [CONTACT_NO, ("Starting Date", "starting_date"), ("Ending Date", "ending_date"),
         ("Contact Alt. Address Code", "contact_alt_address_code")],
        (CONTACT_NO[0], "Starting Date", "Contact Alt. Address Code"))
    return files


FILES: dict[str, LinkFile] = _files()


def read_link_csv(path: str | os.PathLike, spec: LinkFile) -> tuple[list[str], Iterator[tuple[int, list[str]]], str]:
    """(the header's keys, iterator of (line, cells), the delimiter sniffed); UserError for a file
    that cannot be read or a header that does not name the kind's columns."""
    columns = dict(spec.columns)
    hint = f"a file of {spec.kind} has {', '.join(repr(caption) for caption in columns)}."
    captions, rows, delimiter = read_table(path, list(columns), spec.required, hint)
    return [columns[caption] for caption in captions], rows, delimiter


@dataclass
class _Kind:
    """How rows of one kind are checked and written."""

    check: Callable[[dict], tuple[tuple, dict]]  # raw row -> (its identity, field -> db value)
    existing: set  # identities already in the database
    exists_message: Callable[[tuple], tuple[str, str]]  # identity -> (field, message)
    model: type
    fields: list[str]


def _prepare(spec: LinkFile, contact_nos: list[str]) -> _Kind:
    contacts, codes = links.ContactsSeen(), CodeCache()
    contacts.preload(contact_nos)
    name = spec.kind.replace("-", "_")
    if name in links.KINDS:
        kind = links.KINDS[name]

        def check_link(raw: dict) -> tuple[tuple, dict]:
            no, code = links.check_link(kind, raw, contacts, codes)
            return (no, code), {"contact": no, "target": code}

        return _Kind(check_link, links.existing_pairs(kind.link, kind.link.target, contact_nos),
                     lambda key: (kind.code_field, f"Contact {key[0]} already has {kind.single} {key[1]}."),
                     kind.link, ["contact", "target"])
    if spec.kind == "alt-addresses":
        def check_address(raw: dict) -> tuple[tuple, dict]:
            no, _type, _company = links.contact_no(raw.get("contact_no"), contacts)
            v = links.check_alt_address(raw, codes)
            v["country"] = v.pop("country_region_code")
            return (no, v["code"]), {"contact": no, **v}

        return _Kind(check_address, links.alt_address_codes(contact_nos),
                     lambda key: ("code", f"Contact {key[0]} already has an alternative address {key[1]}."),
                     ContactAltAddress, ["contact", *(k if k != "country_region_code" else "country"
                                                      for k, _c, _kind in links.ALT_ADDRESS_COLUMNS)])
    alt_codes = links.alt_address_codes(contact_nos)
    r = ContactAltAddrDateRange

    def check_range(raw: dict) -> tuple[tuple, dict]:
        no, _type, _company = links.contact_no(raw.get("contact_no"), contacts)
        v = links.check_date_range(no, raw, alt_codes)
        return (no, v["starting_date"]), {"contact": no, **v}

    return _Kind(check_range, links.existing_pairs(r, r.starting_date, contact_nos),
                 lambda key: ("starting_date", f"Contact {key[0]} already has a date range from {key[1]}."),
                 r, ["contact", "starting_date", "ending_date", "contact_alt_address_code"])


def _row_error(line: int, spec: LinkFile, exc: FieldError) -> RowError:
    caption = spec.captions.get(exc.field, exc.field)
    message = str(exc).removeprefix(caption + ": ")
    return RowError(line, caption, message)


def import_links(kind: str, path: str | os.PathLike, *, skip_invalid: bool = False) -> ImportReport:
    """Check every row of a links CSV of ``kind`` (a key of FILES) and insert the valid ones."""
    spec = FILES[kind]
    keys, cells_iter, delimiter = read_link_csv(path, spec)
    report = ImportReport(delimiter=delimiter)
    rows: list[tuple[int, dict, str]] = []
    for line, cells in cells_iter:
        report.rows += 1
        problem = ""
        if len(cells) > len(keys) and any(c.strip() for c in cells[len(keys):]):
            problem = f"has {len(cells)} values; the header names {len(keys)} columns."
        rows.append((line, dict(zip(keys, cells)), problem))

    with db.atomic():
        contact_nos = [value_rules.code("contact_no", "", raw.get("contact_no")) for _line, raw, _p in rows]
        rules = _prepare(spec, contact_nos)
        first_line: dict[tuple, int] = {}
        valid: list[list] = []
        for line, raw, problem in rows:
            if problem:
                report.errors.append(RowError(line, "", problem))
                continue
            try:
                for key, text in raw.items():
                    if "\x00" in text:
                        raise FieldError(key, NUL_CHARACTER)
                identity, values = rules.check(raw)
                if identity in rules.existing:
                    raise FieldError(*rules.exists_message(identity))
                if identity in first_line:
                    field, _message = rules.exists_message(identity)
                    raise FieldError(field, f"the same as line {first_line[identity]}.")
                first_line[identity] = line
                valid.append([rules.model._meta.fields[f].db_value(values[f]) for f in rules.fields])
            except FieldError as exc:
                report.errors.append(_row_error(line, spec, exc))
        if report.errors and not skip_invalid:
            return report
        table = BulkInsert(rules.model, rules.fields)
        for start in range(0, len(valid), CHUNK):
            table.insert(valid[start : start + CHUNK])
        report.imported = len(valid)
    return report
