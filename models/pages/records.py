"""The pages' view of the tables: columns with Business Central captions, paged
queries, text <-> value conversion, and the create/update/delete rule of each table.

The UI builds its list pages and cards from these descriptions, so a caption,
a parse rule or a delete rule lives in exactly one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import peewee as pw

from models.base import values as value_rules
from models.base.db import db
from models.base.enums import LabeledEnum
from models.base.errors import FieldError, UserError
from models.filters import contains, storable

Confirm = Callable[[str, bool], bool]


@dataclass(frozen=True)
class Column:
    name: str  # model attribute; for a reference, its id name (salesperson_code)
    caption: str
    width: int = 12
    kind: str = "text"  # text | code | int | money | bool | enum | date
    enum: type[LabeledEnum] | None = None
    required: bool = False
    in_list: bool = True
    in_card: bool = True
    read_only: bool = False
    insert_only: bool = False  # editable only on a new record (the key)
    lookup: str = ""  # name of the entity whose codes this column takes
    hint: str = ""
    short: str = ""  # a list header for a caption wider than its column

    @property
    def header(self) -> str:
        return self.short or self.caption


def to_text(column: Column, value) -> str:
    """How a stored value reads on a page or in a CSV."""
    if value is None:
        return ""
    if column.kind == "bool":
        return "Yes" if value else "No"
    if column.kind == "enum":
        return column.enum(value).label
    if column.kind == "date":
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if column.kind == "money":
        return f"{Decimal(value):,.2f}"
    return str(value)


def parse(column: Column, text) -> object:
    """A typed-in text as the stored value (models.base.values); FieldError names the column."""
    if not isinstance(text, str):
        return text
    kind = column.enum if column.kind == "enum" else column.kind
    return value_rules.parse(kind, column.name, column.caption, text)


@dataclass
class Entity:
    """One table as a page: list, search, card, and its rules."""

    name: str
    title: str
    model: type[pw.Model]
    columns: list[Column]
    search: list[str] = field(default_factory=list)  # columns a search text matches
    prefix_search: bool = False  # large tables: search is an index range on upper-cased prefixes
    # rules: create(values, confirm, parent), update(key, values, confirm, parent), delete(key, parent)
    create: Callable | None = None
    update: Callable | None = None
    delete: Callable | None = None
    scope: Callable[[pw.ModelSelect, object], pw.ModelSelect] | None = None  # child pages
    # which card fields are editable now (a record's enabling rules): key -> {name: enabled}
    field_states: Callable[[object], dict[str, bool]] | None = None
    # a card that stays open after Save (its enabling rules follow the saved values)
    stay_open: bool = False
    # columns that live in another table, and the join that reaches it
    extra_fields: dict[str, pw.Field] = field(default_factory=dict)
    join: Callable[[pw.ModelSelect], pw.ModelSelect] | None = None

    @property
    def key(self) -> Column:
        return self.columns[0]

    def field(self, name: str) -> pw.Field:
        if name in self.extra_fields:
            return self.extra_fields[name]
        return _field(self.model, name)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def list_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_list]

    @property
    def card_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_card]

    def _query(self, search: str, parent) -> pw.ModelSelect:
        query = self.model.select()
        if self.join is not None:
            query = self.join(query)
        if self.scope is not None:
            query = self.scope(query, parent)
        search = storable(search or "").strip()
        if search and self.search:
            cond = None
            for name in self.search:
                f = self.field(name)
                if self.prefix_search:
                    # an index range, so 1,000,000 rows answer at once
                    term = search.upper()
                    part = (f >= term) & (f < term + "\uffff")
                else:
                    part = contains(f, search)  # % and _ are characters; any case, any letter
                cond = part if cond is None else (cond | part)
            query = query.where(cond)
        return query

    def count(self, search: str = "", parent=None) -> int:
        return self._query(search, parent).count()

    def rows(self, search: str = "", offset: int = 0, limit: int = 100, parent=None) -> list[tuple]:
        """A window of rows as display texts; the key's raw value first."""
        cols = self.list_columns
        fields = [self.field(self.key.name)] + [self.field(c.name) for c in cols]
        query = (
            self._query(search, parent)
            .select(*fields)
            .order_by(self.field(self.key.name))
            .offset(offset)
            .limit(limit)
            .tuples()
        )
        return [(row[0], *(to_text(c, v) for c, v in zip(cols, row[1:]))) for row in query]

    def get(self, key, parent=None) -> dict[str, str]:
        """A record's card values as texts."""
        cols = self.card_columns
        row = (
            self._query("", parent)
            .select(*(self.field(c.name) for c in cols))
            .where(self.field(self.key.name) == key)
            .tuples()
            .first()
        )
        if row is None:
            raise UserError(f"{self.title}: {key} no longer exists.")
        return {c.name: to_text(c, v) for c, v in zip(cols, row)}

    def editable(self, key) -> dict[str, bool]:
        """Card fields a user may change now: read-only ones never, the rest by the record's rules."""
        states = self.field_states(key) if (self.field_states and key is not None) else {}
        return {c.name: not c.read_only and states.get(c.name, True)
                and not (c.insert_only and key is not None) for c in self.card_columns}

    def blank(self) -> dict[str, str]:
        values = {}
        for c in self.card_columns:
            f = self.field(c.name)
            default = f.default() if callable(f.default) else f.default
            values[c.name] = to_text(c, default) if default is not None else ""
        return values

    def parse_values(self, texts: Mapping[str, str]) -> dict:
        values = {}
        for c in self.card_columns:
            if c.name in texts and not c.read_only:
                values[c.name] = parse(c, texts[c.name])
                if c.required and values[c.name] in ("", None):
                    raise FieldError(c.name, f"{c.caption} must have a value.")
        return values

    def save(self, key, texts: Mapping[str, str], confirm: Confirm = lambda q, d: d, parent=None):
        """Create (key None) or update; returns the record's key."""
        values = self.parse_values(texts)
        # No transaction here: a rule may ask the user a question, and on SQLite an
        # open write transaction would lock every other user out while they think.
        # Each rule writes in its own transaction after its questions.
        if key is None:
            record = (self.create or self._default_create)(values, confirm, parent)
        else:
            record = (self.update or self._default_update)(key, values, confirm, parent)
        if record is None:
            return None
        return record if isinstance(record, (str, int, dt.date)) else getattr(record, self.key.name)

    def remove(self, key, parent=None) -> None:
        with db.atomic():
            if self.delete is not None:
                self.delete(key, parent)
                return
            try:
                with db.atomic():
                    self.model.delete().where(self.field(self.key.name) == key).execute()
            except pw.IntegrityError:
                raise UserError(f"{self.title}: {key} is in use and cannot be deleted.") from None

    def _default_create(self, values: dict, confirm: Confirm, parent=None):
        with db.atomic():
            return self._insert(values)

    def _insert(self, values: dict):
        key = values.get(self.key.name)
        if key in ("", None):
            raise FieldError(self.key.name, f"{self.key.caption} must have a value.")
        if self.model.select().where(self.field(self.key.name) == key).exists():
            raise FieldError(self.key.name, f"{self.title}: {key} already exists.")
        check_references(self, values)
        return self.model.create(**_as_kwargs(self.model, values))

    def _default_update(self, key, values: dict, confirm: Confirm, parent=None):
        with db.atomic():
            return self._change(key, values)

    def _change(self, key, values: dict):
        record = self.model.select().where(self.field(self.key.name) == key).first()
        if record is None:
            raise UserError(f"{self.title}: {key} no longer exists.")
        check_references(self, values)
        for name, value in _as_kwargs(self.model, values).items():
            if name != self.key.name:
                setattr(record, name, value)
        record.save()
        return record


def _field(model, name: str) -> pw.Field:
    fields = model._meta.fields
    if name in fields:
        return fields[name]
    for f in model._meta.refs:
        if f.object_id_name == name:
            return f
    raise KeyError(f"{model.__name__} has no field {name}")


def _as_kwargs(model, values: dict) -> dict:
    out = {}
    for name, value in values.items():
        f = _field(model, name)
        out[f.object_id_name if isinstance(f, pw.ForeignKeyField) else f.name] = value
    return out


def check_references(entity: Entity, values: dict) -> None:
    """A code typed into a lookup column must exist in its table."""
    for c in entity.columns:
        if c.lookup and values.get(c.name):
            target = ENTITIES[c.lookup]
            if not target.model.select().where(target.field(target.key.name) == values[c.name]).exists():
                raise FieldError(c.name, f"{c.caption}: {target.title} '{values[c.name]}' does not exist.")


# Every page's entity by name, filled by models.pages.registry as it is imported.
ENTITIES: dict[str, Entity] = {}


def register(entity: Entity) -> Entity:
    ENTITIES[entity.name] = entity
    return entity
