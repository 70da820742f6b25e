"""The filters of a criteria action as one line of text, read back into views.

``describe_views`` (models.segments.criteria) prints views as the Segment Criteria view
shows them: ``Contact: City=L*, Type=Person; Mailing Group: Code=NEWS``. A runbook
passes that text to ``relman segment add --filter``; :func:`views_from_text` reads it
back, so text -> views -> text is a round trip (and views -> text -> views gives the
cleaned views).

The separators are found, not just split on: ``;`` separates tables only where a
caption and ``:`` follow it, ``,`` separates fields only where a caption and ``=``
follow it, and neither counts inside 'quoted text'. So a filter such as
``Name=Robert Townes, Jr.`` reads as one value; a value that itself holds ``, Word=``
or ``; Word:`` is written quoted, as the filter grammar allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.base.enums import CriteriaAction
from models.base.errors import UserError
from models.filters import FilterError
from models.segments.criteria import (
    TABLES,
    CriteriaTable,
    action_steps,
    check_views,
    clean_views,
    describe_views,
)
from models.segments.lookups import get_header, normalize_no
from models.segments.selection import ADD_OPTION_CAPTIONS, ENTIRE_COMPANIES, AddOptions
from models.tables.segments import SavedSegmentCriteria, SavedSegmentCriteriaLine, SegmentCriteriaLine

# what may follow a separator: a caption (letters first; BC captions hold . / - ( ) and spaces)
_CAPTION = r"\s*[^\W\d_][\w .()/-]{0,60}?\s*"
_TABLE_NEXT = re.compile(_CAPTION + ":")
_FIELD_NEXT = re.compile(_CAPTION + "=")


def _split(text: str, separator: str, follows: re.Pattern) -> list[str]:
    """``text`` cut at each ``separator`` outside quotes that ``follows`` matches after."""
    parts, start, quoted = [], 0, False
    for i, char in enumerate(text):
        if char == "'":
            quoted = not quoted  # '' inside quotes toggles twice: still inside
        elif char == separator and not quoted and follows.match(text, i + 1):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _table(caption: str) -> CriteriaTable:
    wanted = caption.strip().lower()
    for tbl in TABLES.values():
        if tbl.caption.lower() == wanted:
            return tbl
    raise FilterError(f"There is no criteria table '{caption.strip()}' "
                      f"(the tables: {', '.join(TABLES)}).")


def _field_caption(tbl: CriteriaTable, caption: str) -> str:
    """The field's full caption from its caption or its short one ('Code')."""
    wanted = caption.strip().lower()
    for f in tbl.fields:
        if wanted in (f.caption.lower(), tbl.short_caption(f.caption).lower()):
            return f.caption
    names = ", ".join(tbl.short_caption(f.caption) for f in tbl.fields)
    raise FilterError(f"{tbl.caption} has no field '{caption.strip()}' to filter on (its fields: {names}).")


def _table_view(part: str) -> tuple[CriteriaTable, dict[str, str]]:
    name, colon, rest = part.partition(":")
    if not colon or not name.strip():
        raise FilterError(f"'{part.strip()[:60]}' names no table: write it as 'Contact: City=L*'.")
    tbl = _table(name)
    view: dict[str, str] = {}
    for item in _split(rest, ",", _FIELD_NEXT):
        caption, equals, value = item.partition("=")
        if not equals or not caption.strip():
            raise FilterError(f"{tbl.caption}: '{item.strip()[:60]}' names no field: write it as "
                              f"Field=filter, e.g. '{tbl.short_caption(tbl.fields[0].caption)}=A*'.")
        full = _field_caption(tbl, caption)
        if full in view:
            raise FilterError(f"{tbl.caption}: {tbl.short_caption(full)} is given twice.")
        if not value.strip():
            raise FilterError(f"{tbl.caption}: {tbl.short_caption(full)} has no filter after '='.")
        view[full] = value.strip()
    return tbl, view


def views_from_text(text: str) -> dict[str, dict[str, str]]:
    """The views of a criteria text (``{}`` for a blank one: every contact), cleaned and in
    tab order. FilterError names a wrong table, field or filter: "There is no criteria table
    'Contcat' (the tables: …)", "Contact has no field 'Town' …", "Contact › City: …"."""
    text = (text or "").strip()
    if not text:
        return {}
    views: dict[str, dict[str, str]] = {}
    for part in _split(text, ";", _TABLE_NEXT):
        if not part.strip():
            continue  # a stray ';' at the start
        tbl, view = _table_view(part)
        if tbl.caption in views:
            raise FilterError(f"{tbl.caption} is given twice: put its filters in one part, "
                              f"e.g. '{tbl.caption}: A=…, B=…'.")
        views[tbl.caption] = view
    errors = check_views(views)
    if errors:
        (table, caption), reason = next(iter(errors.items()))
        tbl = TABLES[table]
        raise FilterError(f"{table} › {tbl.short_caption(caption)}: {reason}")
    return clean_views(views)


@dataclass(frozen=True)
class ActionText:
    """One criteria action as text: what a runbook needs to run it again."""

    action: CriteriaAction
    options: tuple[tuple[str, str], ...]  # (option name, caption) of each option set
    filters: str  # the views' text ('' : every contact)


def criteria_texts(segment_no: str) -> list[ActionText]:
    """The segment's criteria actions in order, each with its options and its filter text."""
    c = SegmentCriteriaLine
    no = get_header(segment_no).no
    return _texts(c.select().where(c.segment == no).order_by(c.line_no))


def saved_criteria_texts(code: str) -> list[ActionText]:
    """Saved Segment Criteria shown as the same text (what Reuse Criteria will replay)."""
    s = SavedSegmentCriteriaLine
    code = normalize_no(code)
    if SavedSegmentCriteria.get_or_none(SavedSegmentCriteria.code == code) is None:
        raise UserError(f"Saved Segment Criteria {code} does not exist.")
    return _texts(s.select().where(s.segment_criteria == code).order_by(s.line_no))


def _texts(lines) -> list[ActionText]:
    out = []
    for step in action_steps(lines):
        action = CriteriaAction(step.line.action)
        if action == CriteriaAction.ADD_CONTACTS:
            set_ = AddOptions.from_criteria(step.line)
            options = tuple((name, caption) for name, caption in ADD_OPTION_CAPTIONS if getattr(set_, name))
        else:
            options = (("entire_companies", ENTIRE_COMPANIES),) if step.line.entire_companies else ()
        out.append(ActionText(action, options, describe_views(step.views)))
    return out


__all__ = ["ActionText", "criteria_texts", "saved_criteria_texts", "views_from_text"]
