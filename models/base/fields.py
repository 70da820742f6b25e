"""Field types that carry Business Central conventions."""

from __future__ import annotations

import peewee as pw


class CodeField(pw.CharField):
    """Business Central ``Code[n]``: stored upper-case, blank is ''."""

    def __init__(self, max_length: int = 20, **kwargs):
        kwargs.setdefault("default", "")
        super().__init__(max_length=max_length, **kwargs)

    def db_value(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().db_value(value)


class CodeRef(pw.ForeignKeyField):
    """A ``Code`` that references another table; blank ('' or None) is stored as NULL.

    The raw code is read and written as ``<name>_code``/``<name>_no`` through
    ``object_id_name``, so lists never need to load the related row.
    """

    def __init__(self, model, *, id_name: str, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("column_name", id_name)
        kwargs.setdefault("on_update", "CASCADE")
        super().__init__(model, object_id_name=id_name, **kwargs)

    def db_value(self, value):
        if isinstance(value, str):
            value = value.strip().upper() or None
        return super().db_value(value)


class EnumField(pw.IntegerField):
    """An IntEnum stored as its integer value."""

    def __init__(self, enum_cls, **kwargs):
        self.enum_cls = enum_cls
        kwargs.setdefault("default", enum_cls(0))
        super().__init__(**kwargs)

    def db_value(self, value):
        if value is None:
            return None
        return int(value)

    def python_value(self, value):
        if value is None:
            return None
        return self.enum_cls(value)


def money(**kwargs) -> pw.DecimalField:
    kwargs.setdefault("default", 0)
    return pw.DecimalField(max_digits=18, decimal_places=2, auto_round=True, **kwargs)
