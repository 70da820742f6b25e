"""The one driver-level bulk writer: rows that come from Python in bulk (the demo data,
a CSV contact import) go to the driver, not through peewee's per-row work (peewee's
``insert_many`` of 100,000 rows is ~21x the driver's ``executemany``).

``BulkInsert(model, fields).insert(rows)`` writes rows of database values (already
converted with ``field.db_value``: str, int, bool, Decimal, date or None): on SQLite
with ``executemany``, on PostgreSQL with psycopg2 as ``COPY … FROM STDIN`` (psycopg2's
``executemany`` sends one statement per row). Columns the same in every row (every
field not named) are written once as their defaults, so only the varying values are
bound. Call it inside ``db.atomic()``, in chunks of about ``CHUNK`` rows.

For a big load, ``foreign_keys_off`` (SQLite) and ``indexes_rebuilt`` save the
per-row lookups and index updates.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from decimal import Decimal

import peewee as pw

from models.base.db import db, is_sqlite

CHUNK = 10_000  # rows per insert call of a big load, and per COPY on PostgreSQL


class BulkInsert:
    """INSERT of the named fields of a model; every other column gets its default."""

    def __init__(self, model: type[pw.Model], fields: Sequence[str]):
        meta = model._meta
        self.sqlite = is_sqlite()
        chosen = [meta.fields[name] for name in fields]
        constants = []
        for field in meta.sorted_fields:
            if field.name in fields or isinstance(field, pw.AutoField):
                continue
            value = field.default() if callable(field.default) else field.default
            value = field.db_value(value)
            if value is None and not field.null:
                raise AssertionError(f"{meta.table_name}.{field.name} needs a value")
            constants.append((field.column_name, value))
        left, right = db.quote  # the database's quote characters, '""' on SQLite and PostgreSQL
        self.table = f"{left}{meta.table_name}{right}"
        names = [f.column_name for f in chosen] + [column for column, _value in constants]
        self.columns = ", ".join(f"{left}{name}{right}" for name in names)
        # PostgreSQL: the constant columns end every COPY line; elsewhere they are SQL literals
        self.copy_tail = "".join("\t" + _copy_text(v) for _, v in constants)
        literals = [self._literal(v) for _, v in constants]
        if db.param == "%s":
            literals = [x.replace("%", "%%") for x in literals]
        values = ", ".join([db.param] * len(chosen) + literals)
        self.sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({values})"

    def _literal(self, value) -> str:
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return ("1" if value else "0") if self.sqlite else ("TRUE" if value else "FALSE")
        if isinstance(value, (int, float, Decimal)):
            return str(value)
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        raise TypeError(f"no literal for {value!r}")

    def insert(self, rows: Sequence[Sequence]) -> None:
        """Write rows of the named fields' database values, in the order the fields were named."""
        if not rows:
            return
        cursor = db.cursor()
        if not self.sqlite and type(cursor).__module__.startswith("psycopg2"):
            copy = f"COPY {self.table} ({self.columns}) FROM STDIN"
            tail = self.copy_tail + "\n"
            for start in range(0, len(rows), CHUNK):
                buffer = io.StringIO()
                for row in rows[start : start + CHUNK]:
                    buffer.write("\t".join(map(_copy_text, row)))
                    buffer.write(tail)
                buffer.seek(0)
                cursor.copy_expert(copy, buffer)
            return
        cursor.executemany(self.sql, rows)


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


@contextmanager
def foreign_keys_off():
    """SQLite: no foreign-key lookups during a load whose rows are consistent by
    construction (the PRAGMA only works outside a transaction: enter this first)."""
    if not is_sqlite() or db.in_transaction():
        yield
        return
    before = db.execute_sql("PRAGMA foreign_keys").fetchone()[0]
    db.execute_sql("PRAGMA foreign_keys = OFF")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA foreign_keys = {int(before)}")


@contextmanager
def indexes_rebuilt(models: Sequence[type[pw.Model]], on_rebuild: Callable[[int], None]):
    """Drop the secondary indexes of ``models`` for a load, and build them again at the
    end (``on_rebuild(i)`` before the i-th model's)."""
    for model in models:
        model._schema.drop_indexes(safe=True)
    yield
    for i, model in enumerate(models):
        on_rebuild(i)
        model._schema.create_indexes(safe=True)
