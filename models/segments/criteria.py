"""The criteria of a segment: the tables Add/Reduce/Refine Contacts filter on (SPEC 2.9),
and the criteria lines and history every action writes (SPEC 1.8, 1.10).

A "view" is ``{field caption: filter text}`` for one table and ``views`` is
``{table caption: view}``; the filter texts follow :mod:`models.filters`. The
catalogue lives beside the criteria lines that store its views: only segments use it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import peewee as pw

from models.base.db import db, is_sqlite
from models.base.enums import CriteriaAction, CriteriaLineType, HistoryAction
from models.filters import FilterError, parse_filter
from models.segments.lookups import lock_segment, normalize_no
from models.tables.contacts import (
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
)
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import SegmentCriteriaLine, SegmentHistory, SegmentLine

CONTACT_TABLE = "Contact"  # Table No. of a criteria filter on contacts
CRITERIA_OPTIONS = (
    "allow_existing_contacts", "expand_contact", "allow_company_with_persons", "ignore_exclusion",
    "entire_companies",
)


# ---------------------------------------------------------------- the tables (SPEC 2.9)

@dataclass(frozen=True)
class FilterField:
    caption: str  # Business Central's caption, the key in a view
    name: str  # the model field
    kind: str


@dataclass(frozen=True)
class CriteriaTable:
    """One tab of the Add/Reduce/Refine Contacts dialogs.

    ``match`` says how a contact meets the tab (models.segments.selection does it):
    ``self`` the contact row itself; ``contact`` ≥1 row of the table for the
    contact; ``company`` ≥1 row for the contact's company (persons inherit);
    ``interaction`` ≥1 non-postponed Interaction Log Entry of the contact.
    """

    caption: str  # also what SegmentCriteriaLine.table_no holds
    model: type[pw.Model]
    match: str
    fields: tuple[FilterField, ...]

    def field(self, caption: str) -> FilterField:
        for f in self.fields:
            if f.caption.lower() == str(caption).strip().lower():
                return f
        raise FilterError(f"{self.caption} has no field '{caption}' to filter on.")

    def short_caption(self, caption: str) -> str:
        """'Mailing Group Code' on the Mailing Group table reads 'Code'."""
        if caption == f"{self.caption} Code":
            return "Code"
        return caption


F = FilterField

TABLES: dict[str, CriteriaTable] = {t.caption: t for t in (
    CriteriaTable("Contact", Contact, "self", (
        F("No.", "no", "code"),
        F("Search Name", "search_name", "code"),
        F("Name", "name", "text"),
        F("Type", "type", "enum"),
        F("Company No.", "company", "code"),
        F("Company Name", "company_name", "text"),
        F("Salesperson Code", "salesperson", "code"),
        F("Post Code", "post_code", "code"),
        F("City", "city", "text"),
        F("County", "county", "text"),
        F("Country/Region Code", "country", "code"),
        F("Territory Code", "territory_code", "code"),
        F("Language Code", "language", "code"),
        F("Salutation Code", "salutation", "code"),
        F("Job Title", "job_title", "text"),
        F("E-Mail", "e_mail", "text"),
        F("Correspondence Type", "correspondence_type", "enum"),
        F("Exclude from Segment", "exclude_from_segment", "boolean"),
        F("Privacy Blocked", "privacy_blocked", "boolean"),
    )),
    CriteriaTable("Mailing Group", ContactMailingGroup, "contact", (
        F("Mailing Group Code", "target", "code"),
    )),
    CriteriaTable("Interaction", InteractionLogEntry, "interaction", (
        F("Date", "date", "date"),
        F("Segment No.", "segment_no", "code"),
        F("Campaign No.", "campaign_no", "code"),
        F("Evaluation", "evaluation", "enum"),
        F("Interaction Template Code", "interaction_template_code", "code"),
        F("Interaction Group Code", "interaction_group_code", "code"),
        F("Salesperson Code", "salesperson_code", "code"),
        F("Canceled", "canceled", "boolean"),
        F("Logged Segment Entry No.", "logged_segment_entry_no", "integer"),
    )),
    CriteriaTable("Job Responsibility", ContactJobResponsibility, "contact", (
        F("Job Responsibility Code", "target", "code"),
    )),
    CriteriaTable("Industry Group", ContactIndustryGroup, "company", (
        F("Industry Group Code", "target", "code"),
    )),
    CriteriaTable("Business Relation", ContactBusinessRelation, "company", (
        F("Business Relation Code", "target", "code"),
    )),
)}
del F


def table(caption: str) -> CriteriaTable:
    for t in TABLES.values():
        if t.caption.lower() == str(caption).strip().lower():
            return t
    raise FilterError(f"There is no criteria table '{caption}'.")


def clean_view(tbl: CriteriaTable | str, view: dict | None) -> dict[str, str]:
    """The non-blank filters of a view, under the table's captions, in the table's field order."""
    if isinstance(tbl, str):
        tbl = table(tbl)
    given = {}
    for caption, text in (view or {}).items():
        text = "" if text is None else str(text).strip()
        if text:
            given[tbl.field(caption).caption] = text
    return {f.caption: given[f.caption] for f in tbl.fields if f.caption in given}


def clean_views(views: dict | None) -> dict[str, dict[str, str]]:
    """The tables that have filters, in tab order, each cleaned."""
    out = {}
    given = {table(name).caption: view for name, view in (views or {}).items()}
    for caption, tbl in TABLES.items():
        view = clean_view(tbl, given.get(caption))
        if view:
            out[caption] = view
    return out


def view_condition(tbl: CriteriaTable | str, view: dict | None, source=None) -> pw.Node | None:
    """AND of a view's filters on a model (or an alias of it); None when the view is empty."""
    if isinstance(tbl, str):
        tbl = table(tbl)
    source = source if source is not None else tbl.model
    blind = _planner_blind(tbl.model)
    parts = []
    for caption, text in clean_view(tbl, view).items():
        f = tbl.field(caption)
        field = getattr(source, f.name)
        column = None
        if blind and f.kind in ("enum", "boolean"):
            column = pw.NodeList((pw.SQL("+"), field), glue="")  # SQLite: "do not use an index"
        expr = parse_filter(field, text, f.kind, column=column)
        if expr is not None:
            parts.append(expr)
    if len(parts) < 2:
        return parts[0] if parts else None
    return pw.NodeList(parts, glue=" AND ", parens=True)  # flat: SQLite's parser nests little


def _planner_blind(model: type[pw.Model]) -> bool:
    """SQLite without statistics for a table (no ANALYZE yet) guesses every index equally
    selective, and would read e.g. the Type index (80% of the contacts are persons) instead of
    the City index. So on such a table a few-valued field (an option or Yes/No) is compared in
    a form no index serves. With statistics, and on PostgreSQL, the planner decides."""
    if not is_sqlite():
        return False
    if not db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
        return True  # nothing was ever analyzed
    return not db.execute_sql("SELECT 1 FROM sqlite_stat1 WHERE tbl = ? LIMIT 1",
                              (model._meta.table_name,)).fetchone()


def check_views(views: dict | None) -> dict[tuple[str, str], str]:
    """Every invalid filter at once: {(table caption, field caption): reason}.

    An unknown table is reported as (table, ""); an unknown field under its own name.
    """
    errors: dict[tuple[str, str], str] = {}
    for name, view in (views or {}).items():
        try:
            tbl = table(name)
        except FilterError as exc:
            errors[(name, "")] = str(exc)
            continue
        model = tbl.model
        for caption, text in (view or {}).items():
            try:
                f = tbl.field(caption)
            except FilterError as exc:
                errors[(tbl.caption, caption)] = str(exc)
                continue
            try:
                parse_filter(getattr(model, f.name), "" if text is None else str(text), f.kind)
            except FilterError as exc:
                errors[(tbl.caption, f.caption)] = str(exc)
    return errors


def filter_lines(views: dict | None) -> list[tuple[str, str]]:
    """(Table No., Table View) of each tab with filters, in tab order: the Filter criteria lines."""
    return [(caption, view_to_text(view)) for caption, view in clean_views(views).items()]


def view_to_text(view: dict) -> str:
    """The serialized view (SegmentCriteriaLine.table_view): JSON of {caption: filter}."""
    return json.dumps(view, ensure_ascii=False)


def view_from_text(text: str) -> dict[str, str]:
    if not text:
        return {}
    try:
        view = json.loads(text)
    except ValueError:
        raise FilterError(f"The stored filter '{text[:60]}' cannot be read.") from None
    if not isinstance(view, dict):
        raise FilterError(f"The stored filter '{text[:60]}' cannot be read.")
    return {str(k): str(v) for k, v in view.items()}


def describe_view(tbl: CriteriaTable | str, view: dict | None) -> str:
    """'City=LONDON|PARIS, Type=Person' (Code fields of link tables read 'Code=NEWS')."""
    if isinstance(tbl, str):
        tbl = table(tbl)
    return ", ".join(f"{tbl.short_caption(c)}={t}" for c, t in clean_view(tbl, view).items())


def describe_views(views: dict | None) -> str:
    """'Contact: City=LONDON|PARIS; Mailing Group: Code=NEWS' ('' with no filters)."""
    return "; ".join(f"{name}: {describe_view(name, view)}" for name, view in clean_views(views).items())


# ---------------------------------------------------------------- criteria lines and history (SPEC 1.8, 1.10)

def no_of_criteria_actions(segment_no: str) -> int:
    """The header's "No. of Criteria Actions": criteria lines of type Action."""
    return (SegmentCriteriaLine.select()
            .where((SegmentCriteriaLine.segment == normalize_no(segment_no))
                   & (SegmentCriteriaLine.type == CriteriaLineType.ACTION))
            .count())


def contact_filter(contact_no: str) -> tuple[str, str]:
    """The Contact filter a manual line change records: No. = the contact."""
    return CONTACT_TABLE, json.dumps({"No.": contact_no})


def next_action(segment_no: str, action: CriteriaAction, options: Mapping[str, bool] | None = None,
                filters: list[tuple[str, str]] | None = None) -> int:
    """Write a criteria Action line with its option flags and No. of Filters, then one Filter
    line per (table no., table view), numbered last + 1 …; the new No. of Criteria Actions
    (the action's ordinal, which history rows carry as Segment Action No.).

    Filter lines carry no Action (as Business Central writes them)."""
    options = dict(options or {})
    unknown = set(options) - set(CRITERIA_OPTIONS)
    if unknown:
        raise TypeError(f"next_action: unknown options {sorted(unknown)}")
    filters = list(filters or [])
    segment_no = normalize_no(segment_no)
    with db.atomic():
        lock_segment(segment_no)  # the caller's lock already; two users never read the same last line no.
        last = (SegmentCriteriaLine.select(pw.fn.MAX(SegmentCriteriaLine.line_no))
                .where(SegmentCriteriaLine.segment == segment_no).scalar()) or 0
        rows = [dict(segment=segment_no, line_no=last + 1, type=CriteriaLineType.ACTION, action=action,
                     no_of_filters=len(filters), **{k: bool(v) for k, v in options.items()})]
        rows += [dict(segment=segment_no, line_no=last + 2 + i, type=CriteriaLineType.FILTER,
                      table_no=table, table_view=view) for i, (table, view) in enumerate(filters)]
        for row in rows:
            SegmentCriteriaLine.create(**row)
        return no_of_criteria_actions(segment_no)


def write_history(segment_no: str, action_no: int, condition, action_taken: HistoryAction) -> int:
    """One Segment History row per line matching ``condition`` (that has a contact), for the
    criteria action ``action_no`` (INSERT … SELECT)."""
    line = SegmentLine
    select = line.select(
        line.segment, pw.Value(int(action_no)), line.line_no, line.contact, pw.Value(int(action_taken)),
    ).where((line.segment == normalize_no(segment_no)) & condition & line.contact.is_null(False))
    history = SegmentHistory
    return history.insert_from(select, [
        history.segment, history.segment_action_no, history.segment_line_no, history.contact_no,
        history.action_taken,
    ]).as_rowcount().execute()


def reset_criteria(segment_no: str) -> None:
    """Delete all criteria lines and history: No. of Criteria Actions becomes 0."""
    SegmentCriteriaLine.delete().where(SegmentCriteriaLine.segment == segment_no).execute()
    SegmentHistory.delete().where(SegmentHistory.segment == segment_no).execute()


@dataclass
class ActionStep:
    """One criteria action read back: its Action line and the views of its Filter lines."""

    line: object  # the Action criteria line (SegmentCriteriaLine or SavedSegmentCriteriaLine)
    views: dict


def action_steps(lines) -> list[ActionStep]:
    """Actions in order, each with the views of the "No. of Filters" lines that follow it."""
    steps: list[ActionStep] = []
    pending = 0
    for line in lines:
        if line.type == CriteriaLineType.ACTION:
            steps.append(ActionStep(line, {}))
            pending = line.no_of_filters
        elif steps and pending > 0:
            pending -= 1
            steps[-1].views[line.table_no] = view_from_text(line.table_view)
    return steps
