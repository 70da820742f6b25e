"""Segment line rules (SPEC 1.7, 1.8, 1.10, 1.11, 2.2, 2.5–2.8; checklist 8.C).

One place for each rule, and set work in SQL (a segment has up to 100,000 lines):

* ``insert_contacts`` — the Contact No. validation of new lines (SPEC 2.5–2.7)
  as one ``INSERT INTO segment_line … SELECT``; Add Contacts, Reuse Segment and
  the manual insert (``add_line``) all use it.
* ``language_columns`` — which language record a line inherits (SPEC 2.7
  "FindLanguage" for lines on the header template), shared by the insert and by
  the UPDATEs that re-point lines when the header's language records change.
* ``next_action`` / ``write_history`` — criteria and undo history.
* ``delete_lines`` — the line delete rules (SPEC 2.8) for any set of lines;
  ``delete_line`` is its one-line, manual form.
* ``attachment_text_sql`` — the "Attachment" column (SPEC 1.7 AttachmentText)
  for a whole page of lines.

Confirmations follow models/templates.py: ``confirm(question, default) -> bool``,
always asked before the write transaction opens.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from types import SimpleNamespace

import peewee as pw

from models.base.db import db
from models.base.enums import (
    ContactType,
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    Evaluation,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
)
from models.base.errors import FieldError, UserError
from models.segments.templates import (
    Confirm,
    _bool,
    _code,
    _description,
    _enum,
    _minutes,
    _money,
    _text,
    answer_default,
)
from models.tables import attachments
from models.tables.contacts import (
    Campaign,
    Contact,
    ContactAltAddrDateRange,
    Language,
    Salesperson,
)
from models.tables.interactions import (
    Attachment,
    InteractionTemplate,
    InteractionTmplLanguage,
)
from models.tables.segments import (
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentInteractionLanguage,
    SegmentLine,
)

LINE_NO_STEP = 10000
CONTACT_TABLE = "Contact"  # Table No. of a criteria filter on contacts

RESET_CRITERIA_Q = "The segment is now empty. Reset the number of criteria actions?"
INHERITED, UNIQUE = "Inherited", "Unique"

# value key -> caption, in Business Central's field order (update_line runs rules in this order)
LINE_FIELDS = {
    "contact_no": "Contact No.",
    "campaign_no": "Campaign No.",
    "salesperson_code": "Salesperson Code",
    "correspondence_type": "Correspondence Type",
    "interaction_template_code": "Interaction Template Code",
    "cost": "Cost (LCY)",
    "duration": "Duration (Min.)",
    "campaign_response": "Campaign Response",
    "evaluation": "Evaluation",
    "campaign_target": "Campaign Target",
    "language_code": "Language Code",
    "description": "Description",
    "date": "Date",
    "send_word_doc_as_attmt": "Send Word Doc. As Attmt.",
    "subject": "Subject",
}

CRITERIA_OPTIONS = (
    "allow_existing_contacts", "expand_contact", "allow_company_with_persons", "ignore_exclusion",
    "entire_companies",
)


# ---------------------------------------------------------------- values

def normalize_no(no) -> str:
    return ("" if no is None else str(no)).strip().upper()


def parse_date(field: str, caption: str, value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f"{caption}: '{text}' is not a date (YYYY-MM-DD).") from None


def check_exists(field: str, caption: str, model: type[pw.Model], code: str) -> None:
    """A non-blank code must name a row of ``model``: FieldError "<caption> 'X' does not exist."."""
    if code and not model.select().where(model._meta.primary_key == code).exists():
        raise FieldError(field, f"{caption} '{code}' does not exist.")


def check_salesperson(code: str, field: str = "salesperson_code") -> None:
    """A salesperson on a segment or line must exist and not be blocked."""
    if not code:
        return
    person = Salesperson.get_or_none(Salesperson.code == code)
    if person is None:
        raise FieldError(field, f"Salesperson Code '{code}' does not exist.")
    if person.blocked:
        raise FieldError(field, f"Salesperson {code} is blocked.")


def _parse_line_value(name: str, value):
    caption = LINE_FIELDS[name]
    if name in ("contact_no", "campaign_no", "salesperson_code"):
        return _code(name, caption, value, 20)
    if name in ("interaction_template_code", "language_code"):
        return _code(name, caption, value, 10)
    if name == "correspondence_type":
        return _enum(name, caption, CorrespondenceType, value)
    if name == "evaluation":
        return _enum(name, caption, Evaluation, value)
    if name == "cost":
        return _money(name, caption, value)
    if name == "duration":
        return _minutes(name, caption, value)
    if name == "date":
        return parse_date(name, caption, value)
    if name in ("campaign_response", "campaign_target", "send_word_doc_as_attmt"):
        return _bool(value)
    return _description(name, caption, value)


# ---------------------------------------------------------------- lookups

def get_header(segment_no: str) -> SegmentHeader:
    """The Segment Header; UserError "Segment <no> does not exist." when missing."""
    no = normalize_no(segment_no)
    header = SegmentHeader.get_or_none(SegmentHeader.no == no)
    if header is None:
        raise UserError(f"Segment {no} does not exist.")
    return header


def get_line(segment_no: str, line_no: int) -> SegmentLine:
    line = SegmentLine.get_or_none((SegmentLine.segment == normalize_no(segment_no))
                                   & (SegmentLine.line_no == int(line_no)))
    if line is None:
        raise UserError(f"Segment Line {normalize_no(segment_no)} {line_no} does not exist.")
    return line


def get_template_or_none(code: str) -> InteractionTemplate | None:
    return InteractionTemplate.get_or_none(InteractionTemplate.code == code) if code else None


def line_count(segment_no: str) -> int:
    return SegmentLine.select().where(SegmentLine.segment == normalize_no(segment_no)).count()


def line_nos_with_contact(segment_no: str) -> list[int]:
    """The line nos. of the lines that have a contact, in order (the recipients of a merge)."""
    return [no for (no,) in SegmentLine.select(SegmentLine.line_no)
            .where((SegmentLine.segment == normalize_no(segment_no)) & SegmentLine.contact.is_null(False))
            .order_by(SegmentLine.line_no).tuples()]


def last_line_no(segment_no: str) -> int:
    value = (SegmentLine.select(pw.fn.MAX(SegmentLine.line_no))
             .where(SegmentLine.segment == segment_no).scalar())
    return int(value or 0)


def _language_record(segment_no: str, line_no: int, language_code: str) -> SegmentInteractionLanguage | None:
    return SegmentInteractionLanguage.get_or_none(
        (SegmentInteractionLanguage.segment == segment_no)
        & (SegmentInteractionLanguage.segment_line_no == line_no)
        & (SegmentInteractionLanguage.language == (language_code or ""))
    )


def header_language(segment_no: str, language_code: str) -> SegmentInteractionLanguage | None:
    """The header-level (line 0, "inherited") language record of a segment for a language."""
    return _language_record(segment_no, 0, language_code)


def header_languages_exist(segment_no: str) -> bool:
    return (SegmentInteractionLanguage.select()
            .where((SegmentInteractionLanguage.segment == segment_no)
                   & (SegmentInteractionLanguage.segment_line_no == 0)).exists())


def line_languages(segment_no: str, line_no: int) -> list[SegmentInteractionLanguage]:
    """A line's own ("unique") language records, in language order."""
    return list(SegmentInteractionLanguage.select()
                .where((SegmentInteractionLanguage.segment == segment_no)
                       & (SegmentInteractionLanguage.segment_line_no == line_no))
                .order_by(SegmentInteractionLanguage.language))


def attachment_exists(no: int | None) -> bool:
    return bool(no) and Attachment.select().where(Attachment.no == no).exists()


def header_attachment_no(header: SegmentHeader) -> int:
    """The header's "Attachment No." FlowField (SPEC 1.6 #9): the default language's
    header-level record's attachment when that record has no Word template."""
    record = header_language(header.no, header.language_code_default)
    if record is None or record.word_template_code:
        return 0
    return record.attachment_no or 0


def modified_word_template(header: SegmentHeader) -> int:
    """The header's "Modified Word Template" FlowField (SPEC 1.6 #27): the attachment of the
    default language's header-level record when that record carries a Word template."""
    record = header_language(header.no, header.language_code_default)
    if record is None or not record.word_template_code:
        return 0
    return record.attachment_no or 0


# ---------------------------------------------------------------- language records (SPEC 1.11)

def delete_language_records(condition) -> int:
    """Delete Segment Interaction Language records and their attachments (read-only ones stay)."""
    sil = SegmentInteractionLanguage
    numbers = sil.select(sil.attachment_no).where(condition & (sil.attachment_no != 0))
    Attachment.delete().where(Attachment.no.in_(numbers) & ~Attachment.read_only).execute()
    return sil.delete().where(condition).execute()


def copy_template_languages(template_code: str, segment_no: str, line_no: int) -> None:
    """One language record per language of a template, for the header (line 0) or a line,
    each with a copy of the template language's attachment (a new number) and its Word
    template (SPEC 2.3 "template change", 2.6 step 3). A handful of rows: copied one by one."""
    rows = (InteractionTmplLanguage.select()
            .where(InteractionTmplLanguage.interaction_template == template_code)
            .order_by(InteractionTmplLanguage.language_code))
    for record in rows:
        attachment_no = 0
        if attachment_exists(record.attachment_no):
            attachment_no = attachments.copy_attachment(record.attachment_no).no
        SegmentInteractionLanguage.create(
            segment=segment_no, segment_line_no=line_no, language=record.language_code,
            description=record.description or f"{template_code} {record.language_code}".strip(),
            attachment_no=attachment_no, word_template_code=record.word_template_code or "",
        )


# ---------------------------------------------------------------- defaulting (SPEC 2.5–2.7)

def _value(field: pw.Field, value):
    """A constant for an INSERT … SELECT column, converted as the field stores it."""
    return pw.Value(field.db_value(value), unpack=False)


def _with_column_names(query, names: list[str]):
    """The query with its first selected columns renamed to ``names`` (any compound too)."""
    query = query.clone()
    if isinstance(query, pw.CompoundSelectQuery):
        query.lhs = _with_column_names(query.lhs, names)
        query.rhs = _with_column_names(query.rhs, names)
        return query
    returning = list(query._returning)
    query._returning = [col.alias(name) for col, name in zip(returning, names)] + returning[len(names):]
    return query


def _column_count(query) -> int:
    while isinstance(query, pw.CompoundSelectQuery):
        query = query.lhs
    return len(query._returning)


def _alt_addresses_exist() -> bool:
    return ContactAltAddrDateRange.select().exists()


def active_alt_address_sql(contact_no, on):
    """The set form of contacts.active_alt_address: the code of the contact's alternative
    address active on a date (a constant or a column), '' when none."""
    if on is None:
        return pw.Value("")
    r = ContactAltAddrDateRange.alias("r")
    return pw.fn.COALESCE(
        r.select(r.contact_alt_address_code)
        .where((r.contact == contact_no) & (r.starting_date <= on)
               & (r.ending_date.is_null() | (r.ending_date >= on)))
        .order_by(r.starting_date.desc())
        .limit(1),
        "",
    )


def correspondence_type_sql(header: SegmentHeader, template: InteractionTemplate | None, contact_type):
    """Correspondence Type of a line for its contact (SPEC 2.5 step 2):
    header ignores the contact's type and has a default → header default; else with a
    template that ignores it, or a contact without one → template default; else the contact's."""
    if header.ignore_contact_corres_type and header.correspondence_type_default:
        return pw.Value(int(header.correspondence_type_default))
    if template is None:
        return contact_type
    default = int(template.correspondence_type_default)
    if template.ignore_contact_corres_type:
        return pw.Value(default)
    return pw.Case(None, [(contact_type == int(CorrespondenceType.BLANK), default)], contact_type)


def _joined_record(lc, la):
    """The header-level record of the contact's language as LEFT JOINed rows ``lc``/``la``."""
    return SimpleNamespace(
        exists=lc.segment.is_null(False),
        column=lambda name: getattr(lc, name),
        attachment=pw.Case(None, [(la.no.is_null(False), lc.attachment_no)], None),
    )


def _correlated_record(segment_no: str, language):
    """The header-level record for ``language`` (an expression) as correlated subqueries."""
    r = SegmentInteractionLanguage.alias("hr")
    a = Attachment.alias("ha")
    where = (r.segment == segment_no) & (r.segment_line_no == 0) & (r.language == language)
    return SimpleNamespace(
        exists=pw.fn.EXISTS(r.select(r.segment_line_no).where(where)),
        column=lambda name: r.select(getattr(r, name)).where(where),
        attachment=r.select(r.attachment_no).join(a, on=(a.no == r.attachment_no)).where(where),
    )


def language_columns(header: SegmentHeader, contact_language, record) -> dict:
    """Language Code, Attachment No., Subject and Word Template Code of a line on the header
    template without unique records (SPEC 2.5 step 5, 2.7 FindLanguage): the contact's
    language when the segment has a header-level record for it, else the header default;
    the line takes that record's attachment (when the attachment exists; else the header's),
    subject and Word template. ``record`` reaches the record for the contact's language
    (``_joined_record`` or ``_correlated_record``)."""
    line = SegmentLine
    default = header_language(header.no, header.language_code_default)
    inherited = header_attachment_no(header)
    attachment = inherited
    if default is not None and attachment_exists(default.attachment_no):
        attachment = default.attachment_no
    constants = {
        line.language_code: header.language_code_default or "",
        line.attachment_no: attachment,
        line.subject: default.subject if default is not None else "",
        line.word_template_code: (default.word_template_code if default is not None
                                  else header.word_template_code) or "",
    }
    if record is None:
        return constants
    has = record.exists
    return {
        line.language_code: pw.Case(None, [(has, contact_language)], constants[line.language_code]),
        line.attachment_no: pw.Case(None, [(has, pw.fn.COALESCE(record.attachment, inherited))], attachment),
        line.subject: pw.Case(None, [(has, record.column("subject"))], constants[line.subject]),
        line.word_template_code: pw.Case(None, [(has, record.column("word_template_code"))],
                                         constants[line.word_template_code]),
    }


def _header_values(header: SegmentHeader) -> dict:
    """The fields a line copies from its header unchanged (SPEC 2.5 step 1)."""
    line = SegmentLine
    return {
        line.description: header.description,
        line.interaction_template_code: header.interaction_template_code or "",
        line.interaction_group_code: header.interaction_group_code,
        line.cost: header.unit_cost,
        line.duration: header.unit_duration,
        line.date: header.date,
        line.campaign_target: header.campaign_target,
        line.information_flow: header.information_flow,
        line.initiated_by: header.initiated_by,
        line.campaign_response: header.campaign_response,
        line.send_word_doc_as_attmt: header.send_word_docs_as_attmt,
    }


def insert_contacts(segment_no: str, contacts: pw.SelectQuery, *, campaign_no: str | None = None
                    ) -> tuple[int, int]:
    """Insert one segment line per row of ``contacts``; (first new Line No., lines inserted).

    ``contacts`` selects a contact no. first; a second column, when there is one, is a
    campaign no. that replaces the line's campaign (Reuse Segment), as ``campaign_no``
    does for every line. Rows naming no existing contact are skipped; the caller decides
    filtering and duplicates. Lines are numbered last Line No. + 10000, 20000 … in the
    order Company Name, Company No., Type (companies first), Name (SPEC 2.9 step 3).

    Every field is defaulted as the Contact No. validation does (SPEC 2.5–2.7): the
    header's defaults; salesperson = header's, else the contact's; correspondence type
    by the header-ignore / template-ignore / contact precedence; the contact's company
    no. and the alternative address active on the line date; language = the contact's
    when the segment has a header-level language record for it, else the header
    default, and that record's attachment (when it exists), subject and Word template.

    Writes no criteria and no history: the caller does, from the line numbers.
    """
    segment_no = normalize_no(segment_no)
    with db.atomic():
        header = get_header(segment_no)
        last = last_line_no(segment_no)
        select, fields = _line_select(header, contacts, campaign_no,
                                      last + LINE_NO_STEP * pw.fn.ROW_NUMBER().over(order_by=_contact_order()))
        count = SegmentLine.insert_from(select, fields).as_rowcount().execute()
    return last + LINE_NO_STEP, int(count or 0)


def _contact_order() -> list:
    """SPEC 2.9 step 3, the contact index's order (SQLite reads it instead of sorting);
    a blank Company No. first, as Business Central sorts blanks."""
    return [Contact.company_name, Contact.company.asc(nulls="first"), Contact.type, Contact.name]


def _line_select(header: SegmentHeader, contacts, campaign_no: str | None, line_no):
    """(SELECT …, fields) that make new lines numbered ``line_no`` (an expression)."""
    names = ["src_contact_no", "src_campaign_no"][:min(2, _column_count(contacts))]
    src = _with_column_names(contacts, names).alias("src")
    if len(names) == 2:
        campaign = pw.fn.COALESCE(src.c.src_campaign_no, "")
    elif campaign_no is not None:
        campaign = pw.Value(normalize_no(campaign_no))
    else:
        campaign = pw.Value(header.campaign_no or "")
    salesperson = (pw.Value(header.salesperson_code) if header.salesperson_code
                   else pw.fn.COALESCE(Contact.salesperson, ""))
    alt_address = (active_alt_address_sql(Contact.no, header.date) if _alt_addresses_exist()
                   else pw.Value(""))
    template = get_template_or_none(header.interaction_template_code)
    lc = SegmentInteractionLanguage.alias("lc")
    la = Attachment.alias("la")
    by_language = header_languages_exist(header.no)
    contact_language = pw.fn.COALESCE(Contact.language, "")

    line = SegmentLine
    computed = {
        **_header_values(header),
        line.segment: pw.Value(header.no),
        line.line_no: line_no,
        line.contact: Contact.no,
        line.campaign_no: campaign,
        line.salesperson_code: salesperson,
        line.correspondence_type: correspondence_type_sql(header, template, Contact.correspondence_type),
        line.contact_alt_address_code: alt_address,
        line.evaluation: Evaluation.BLANK,
        line.contact_company_no: pw.fn.COALESCE(Contact.company, ""),
        line.merged: False,
        **language_columns(header, contact_language, _joined_record(lc, la) if by_language else None),
    }
    fields, columns = [], []
    for field in line._meta.sorted_fields:
        expr = computed.get(field, field.default)
        if not isinstance(expr, pw.Node):
            expr = _value(field, expr() if callable(expr) else expr)
        fields.append(field)
        columns.append(expr)

    select = Contact.select(*columns).join(src, on=(Contact.no == src.c.src_contact_no))
    if by_language:
        select = (
            select.join(lc, pw.JOIN.LEFT_OUTER, on=((lc.segment == header.no) & (lc.segment_line_no == 0)
                                                    & (lc.language == contact_language)))
            .join(la, pw.JOIN.LEFT_OUTER, on=(la.no == lc.attachment_no))
        )
    return select, fields


def _line_contact(column_name: str):
    """A column of the line's contact, for an UPDATE of segment lines."""
    return Contact.select(getattr(Contact, column_name)).where(Contact.no == SegmentLine.contact)


def inherited_line_condition(header: SegmentHeader):
    """Lines that inherit from the header: on the header's template, without records of their own."""
    own = SegmentInteractionLanguage.alias("own")
    return (
        (SegmentLine.segment == header.no)
        & (SegmentLine.interaction_template_code == (header.interaction_template_code or ""))
        & ~pw.fn.EXISTS(own.select(own.segment_line_no).where(
            (own.segment == header.no) & (own.segment_line_no == SegmentLine.line_no)))
    )


def repoint_inherited_lines(header: SegmentHeader, condition=None) -> int:
    """Re-derive language, attachment, subject and Word template of the inherited lines
    (optionally only those matching ``condition``) from the header-level records (SPEC 2.7)."""
    where = inherited_line_condition(header)
    if condition is not None:
        where &= condition
    contact_language = pw.fn.COALESCE(_line_contact("language"), "")
    record = _correlated_record(header.no, contact_language) if header_languages_exist(header.no) else None
    values = language_columns(header, contact_language, record)
    return SegmentLine.update(values).where(where).execute()


def delete_line_language(segment_no: str, line_no: int, language_code: str) -> bool:
    """SPEC 1.11 "Delete, line level": delete a line's own language record (its attachment
    too, unless read-only); a line that used it falls back to another of its own records,
    else — on the header's template — to the header-level record of its contact's language
    or the header default, else its language, attachment, subject and Word template are
    cleared. Merged is reset. False when the line has no such record."""
    segment_no = normalize_no(segment_no)
    record = _language_record(segment_no, int(line_no), language_code)
    if record is None:
        return False
    line = get_line(segment_no, line_no)
    used = (record.language or "") == (line.language_code or "") or record.attachment_no == line.attachment_no
    delete_language_records((SegmentInteractionLanguage.segment == segment_no)
                            & (SegmentInteractionLanguage.segment_line_no == line.line_no)
                            & (SegmentInteractionLanguage.language == (record.language or "")))
    this = (SegmentLine.segment == segment_no) & (SegmentLine.line_no == line.line_no)
    SegmentLine.update(merged=False).where(this).execute()
    if not used:
        return True
    others = line_languages(segment_no, line.line_no)
    header = get_header(segment_no)
    if others:
        other = others[0]
        SegmentLine.update(language_code=other.language, attachment_no=other.attachment_no or 0,
                           subject=other.subject, word_template_code=other.word_template_code or "").where(
            this).execute()
    elif (line.interaction_template_code or "") == (header.interaction_template_code or ""):
        repoint_inherited_lines(header, SegmentLine.line_no == line.line_no)
    else:
        SegmentLine.update(language_code="", attachment_no=0, subject="", word_template_code="").where(
            this).execute()
    return True


def redefault_lines(header: SegmentHeader, condition) -> int:
    """Give lines the header's interaction defaults again, as re-entering the header's
    template on them would: template, group, cost, duration, direction, campaign flags,
    send-as-attachment, correspondence type (by the contact precedence) and, as they have
    no records of their own any more, the inherited language/attachment/subject/Word template."""
    line = SegmentLine
    where = (line.segment == header.no) & condition
    delete_language_records((SegmentInteractionLanguage.segment == header.no)
                            & (SegmentInteractionLanguage.segment_line_no.in_(
                                line.select(line.line_no).where(where))))
    template = get_template_or_none(header.interaction_template_code)
    values = _header_values(header)
    for kept in (line.description, line.date):
        values.pop(kept)
    values[line.correspondence_type] = correspondence_type_sql(
        header, template, pw.fn.COALESCE(_line_contact("correspondence_type"), 0))
    count = line.update(values).where(where).execute()
    repoint_inherited_lines(header, condition)
    return count


# ---------------------------------------------------------------- criteria and history (SPEC 1.8, 1.10)

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


# ---------------------------------------------------------------- manual insert (SPEC 2.2, 8.C 28)

def add_line(segment_no: str, contact_no: str, confirm: Confirm | None = None) -> SegmentLine:
    """A new line for a contact, typed in by hand (Line No. = last + 10000), defaulted by
    ``insert_contacts``; recorded as an Add Contacts action (all options off) with one
    Contact filter No.=<contact> and a history Insertion for that action."""
    segment_no = normalize_no(segment_no)
    contact_no = normalize_no(contact_no)
    get_header(segment_no)
    if not contact_no:
        raise FieldError("contact_no", "Contact No. must have a value.")
    if not Contact.select().where(Contact.no == contact_no).exists():
        raise FieldError("contact_no", f"Contact {contact_no} does not exist.")
    with db.atomic():
        action_no = next_action(segment_no, CriteriaAction.ADD_CONTACTS, {}, [contact_filter(contact_no)])
        line_no, _count = insert_contacts(segment_no, Contact.select(Contact.no).where(Contact.no == contact_no))
        write_history(segment_no, action_no, SegmentLine.line_no == line_no, HistoryAction.INSERTION)
        return get_line(segment_no, line_no)


# ---------------------------------------------------------------- deleting lines (SPEC 2.8)

def delete_lines(segment_no: str, condition, confirm: Confirm = answer_default, action_no: int = 0) -> int:
    """Delete the lines of a segment that match ``condition`` (an expression on SegmentLine),
    with the line delete rules of SPEC 2.8: their own language records (and attachments,
    read-only ones kept) go, and each deleted line with a contact writes a history Deletion
    for criteria action ``action_no`` (none when 0). The number of lines deleted.

    When the segment would be left empty and has more than one criteria action, asks
    (before writing) "The segment is now empty. Reset the number of criteria actions?"
    (default Yes); Yes deletes all criteria and history. Call it outside a transaction:
    the question must not wait while the database is locked.
    """
    segment_no = normalize_no(segment_no)
    where = (SegmentLine.segment == segment_no) & condition
    matching = SegmentLine.select().where(where).count()
    if not matching:
        return 0
    reset = (matching == line_count(segment_no) and no_of_criteria_actions(segment_no) > 1
             and confirm(RESET_CRITERIA_Q, True))
    with db.atomic():
        return _delete_lines(segment_no, where, action_no, reset)


def _delete_lines(segment_no: str, where, action_no: int, reset: bool) -> int:
    if action_no:
        write_history(segment_no, action_no, where, HistoryAction.DELETION)
    delete_language_records((SegmentInteractionLanguage.segment == segment_no)
                            & (SegmentInteractionLanguage.segment_line_no != 0)
                            & SegmentInteractionLanguage.segment_line_no.in_(
                                SegmentLine.select(SegmentLine.line_no).where(where)))
    count = SegmentLine.delete().where(where).execute()
    if reset and not SegmentLine.select().where(SegmentLine.segment == segment_no).exists():
        reset_criteria(segment_no)
    return count


def delete_line(segment_no: str, line_no: int, confirm: Confirm = answer_default) -> None:
    """Delete one line by hand: a line with a contact is recorded as a Remove Contacts
    (Reduce) action with the Contact filter No.=<contact> and a history Deletion; then the
    delete rules of ``delete_lines`` (the reset question counts the new action)."""
    segment_no = normalize_no(segment_no)
    line = get_line(segment_no, line_no)
    contact_no = line.contact_no or ""
    where = (SegmentLine.segment == segment_no) & (SegmentLine.line_no == line.line_no)
    actions = no_of_criteria_actions(segment_no) + (1 if contact_no else 0)
    reset = line_count(segment_no) == 1 and actions > 1 and confirm(RESET_CRITERIA_Q, True)
    with db.atomic():
        action_no = 0
        if contact_no:
            action_no = next_action(segment_no, CriteriaAction.REDUCE, {}, [contact_filter(contact_no)])
        _delete_lines(segment_no, where, action_no, reset)


# ---------------------------------------------------------------- changing a line (SPEC 2.5–2.7)

def update_line(segment_no: str, line_no: int, values: Mapping, confirm: Confirm = answer_default
                ) -> SegmentLine:
    """Change fields of one line (keys of LINE_FIELDS; a field whose value is unchanged is
    left alone). Rules run in Business Central's field order:

    * Contact No.: recorded as a Reduce action for the old contact and an Add action for
      the new one (each with its history row); the line is defaulted again from the header
      for the new contact (SPEC 2.5), its own language records deleted. A blank Contact No.
      is refused: delete the line instead.
    * Campaign No. must exist; Salesperson Code must exist and not be blocked.
    * Interaction Template Code: SPEC 2.6 (see ``_set_template``).
    * Language Code: needs a template; takes the matching language record (the line's own
      when it has any, else the header's): attachment, Word template, subject; none →
      attachment 0 and blank subject.
    * Date: the alternative address follows when it was the one active on the old date.
    * Cost and Duration ≥ 0; Description and Subject at most 100 characters.
    """
    values = dict(values)
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise TypeError(f"update_line: unknown fields {sorted(unknown)}")
    segment_no = normalize_no(segment_no)
    line = get_line(segment_no, line_no)
    parsed = {name: _parse_line_value(name, value) for name, value in values.items()}
    changed = {name: value for name, value in parsed.items() if value != _current(line, name)}
    _check_line_values(line, changed)
    with db.atomic():
        for name in LINE_FIELDS:
            if name in changed:
                line = _LINE_RULES.get(name, _set_plain)(line, name, changed[name])
        return get_line(segment_no, line.line_no)


def _current(line: SegmentLine, name: str):
    value = getattr(line, name)
    return "" if value is None else value


def _check_line_values(line: SegmentLine, changed: dict) -> None:
    if "contact_no" in changed:
        contact_no = changed["contact_no"]
        if not contact_no:
            raise FieldError("contact_no", "Contact No. must have a value: to remove the contact, delete the line.")
        if not Contact.select().where(Contact.no == contact_no).exists():
            raise FieldError("contact_no", f"Contact {contact_no} does not exist.")
    check_exists("campaign_no", "Campaign No.", Campaign, changed.get("campaign_no", ""))
    check_salesperson(changed.get("salesperson_code", ""))
    check_exists("interaction_template_code", "Interaction Template Code", InteractionTemplate,
                 changed.get("interaction_template_code", ""))
    check_exists("language_code", "Language Code", Language, changed.get("language_code", ""))
    contact = changed.get("contact_no", line.contact_no)
    if "interaction_template_code" in changed and not contact:
        raise FieldError("interaction_template_code", _must_have_value("Contact No.", line))
    template = changed.get("interaction_template_code", line.interaction_template_code)
    if "language_code" in changed and not template:
        raise FieldError("language_code", _must_have_value("Interaction Template Code", line))


def _must_have_value(caption: str, line: SegmentLine) -> str:
    return (f"{caption} must have a value in Segment Line: Segment No.={line.segment_no}, "
            f"Line No.={line.line_no}.")


def _write(line: SegmentLine, **values) -> SegmentLine:
    SegmentLine.update(**values).where((SegmentLine.segment == line.segment_no)
                                       & (SegmentLine.line_no == line.line_no)).execute()
    return get_line(line.segment_no, line.line_no)


def _set_plain(line: SegmentLine, name: str, value) -> SegmentLine:
    return _write(line, **{name: value})


def _set_contact(line: SegmentLine, name: str, contact_no: str) -> SegmentLine:
    """SPEC 2.2 and 2.5: Reduce for the old contact, Add for the new one; the line is
    made again for the new contact with the same Line No. (header defaults)."""
    segment_no, line_no = line.segment_no, line.line_no
    this = (SegmentLine.segment == segment_no) & (SegmentLine.line_no == line_no)
    if line.contact_no:
        reduce_no = next_action(segment_no, CriteriaAction.REDUCE, {}, [contact_filter(line.contact_no)])
        write_history(segment_no, reduce_no, this, HistoryAction.DELETION)
    delete_language_records((SegmentInteractionLanguage.segment == segment_no)
                            & (SegmentInteractionLanguage.segment_line_no == line_no))
    SegmentLine.delete().where(this).execute()
    add_no = next_action(segment_no, CriteriaAction.ADD_CONTACTS, {}, [contact_filter(contact_no)])
    header = get_header(segment_no)
    select, fields = _line_select(header, Contact.select(Contact.no).where(Contact.no == contact_no),
                                  None, pw.Value(line_no))
    SegmentLine.insert_from(select, fields).execute()
    write_history(segment_no, add_no, this, HistoryAction.INSERTION)
    return get_line(segment_no, line_no)


def _set_date(line: SegmentLine, name: str, date: dt.date | None) -> SegmentLine:
    """SPEC 1.7 #23: the alternative address follows the date when it was the one active on
    the old date (a code the user chose is kept)."""
    values = {"date": date}
    if line.contact_no and line.contact_alt_address_code == _active_alt_address(line.contact_no, line.date):
        values["contact_alt_address_code"] = _active_alt_address(line.contact_no, date)
    return _write(line, **values)


def _active_alt_address(contact_no: str, on: dt.date | None) -> str:
    from models.tables.contacts import active_alt_address

    return active_alt_address(contact_no, on) if on is not None else ""


def _set_language(line: SegmentLine, name: str, language_code: str) -> SegmentLine:
    """SPEC 2.7 Language Code validate."""
    own = bool(line_languages(line.segment_no, line.line_no))
    record = _language_record(line.segment_no, line.line_no if own else 0, language_code)
    if record is None:
        return _write(line, language_code=language_code, attachment_no=0, subject="")
    return _write(line, language_code=language_code, attachment_no=record.attachment_no or 0,
                  subject=record.subject, word_template_code=record.word_template_code or "")


def _set_template(line: SegmentLine, name: str, code: str) -> SegmentLine:
    """SPEC 2.6 Interaction Template Code validate, within a segment.

    1. The line's fields from the old template are reset; its campaign is cleared when it
       came from the old template.
    2. The line's own language records are deleted. A template other than the header's
       gets its own records, copied from the template's languages (attachments copied:
       the line's attachment becomes "Unique"), and the line takes the one for its
       contact's language (else the template's default language, else the first); the
       header's template makes the line inherit the header-level record of its language.
       (Business Central does this only for a line with a description; a segment line
       always gets it here.)
    3. From the template: group, cost, duration, direction, campaign flags, description
       (only when the line has none, or the template replaces another non-blank one),
       correspondence type by the precedence of SPEC 2.6 step 4; the campaign is the
       header's, else the template's.
    """
    header = get_header(line.segment_no)
    old = get_template_or_none(line.interaction_template_code)
    template = get_template_or_none(code)
    campaign = line.campaign_no or ""
    if old is not None and old.campaign_no and old.campaign_no == campaign:
        campaign = ""
    values = dict(
        interaction_template_code=code, attachment_no=0, language_code="", subject="", interaction_group_code="",
        cost=0, duration=0, information_flow=InformationFlow.BLANK, initiated_by=InitiatedBy.BLANK,
        campaign_target=False, campaign_response=False, correspondence_type=CorrespondenceType.BLANK,
        campaign_no=campaign, word_template_code="",
    )
    if template is not None:
        values.update(_template_values(line, header, old, template))
    line = _write(line, **values)
    delete_language_records((SegmentInteractionLanguage.segment == line.segment_no)
                            & (SegmentInteractionLanguage.segment_line_no == line.line_no))
    if template is None:
        return line
    if code != (header.interaction_template_code or ""):
        copy_template_languages(code, line.segment_no, line.line_no)
        return _take_own_language(line, template)
    repoint_inherited_lines(header, SegmentLine.line_no == line.line_no)
    return get_line(line.segment_no, line.line_no)


def _template_values(line: SegmentLine, header: SegmentHeader, old, template: InteractionTemplate) -> dict:
    values = dict(
        interaction_group_code=template.interaction_group_code, cost=template.unit_cost,
        duration=template.unit_duration, information_flow=template.information_flow,
        initiated_by=template.initiated_by, campaign_target=template.campaign_target,
        campaign_response=template.campaign_response,
        correspondence_type=_template_correspondence_type(line, header, template),
        word_template_code=template.word_template_code or "",
    )
    if not line.description or (old is not None and old.code != template.code):
        values["description"] = template.description
    values["campaign_no"] = header.campaign_no or template.campaign_no or ""
    return values


def _template_correspondence_type(line: SegmentLine, header: SegmentHeader, template) -> CorrespondenceType:
    """SPEC 2.6 step 4: header ignore + default → header default; template ignore, or a
    contact without a type and a template default → template default; else the contact's
    type, else what the line had."""
    if header.ignore_contact_corres_type and header.correspondence_type_default:
        return header.correspondence_type_default
    row = Contact.select(Contact.correspondence_type).where(Contact.no == line.contact_no).tuples().first()
    contact_type = CorrespondenceType(row[0]) if row else CorrespondenceType.BLANK
    if template.ignore_contact_corres_type or (not contact_type and template.correspondence_type_default):
        return template.correspondence_type_default
    return contact_type or line.correspondence_type


def _take_own_language(line: SegmentLine, template: InteractionTemplate) -> SegmentLine:
    """SPEC 2.7 for a line with its own records: the contact's language if it has a record,
    else the template's default language if it has one, else the first record's."""
    records = {r.language: r for r in line_languages(line.segment_no, line.line_no)}
    if not records:
        return line
    row = Contact.select(Contact.language).where(Contact.no == line.contact_no).tuples().first()
    contact_language = (row[0] if row else "") or ""
    for wanted in (contact_language, template.language_code_default or ""):
        if wanted in records:
            record = records[wanted]
            break
    else:
        record = next(iter(records.values()))
    return _write(line, language_code=record.language, attachment_no=record.attachment_no or 0,
                  subject=record.subject, word_template_code=record.word_template_code or "")


_LINE_RULES = {
    "contact_no": _set_contact,
    "interaction_template_code": _set_template,
    "language_code": _set_language,
    "date": _set_date,
}


# ---------------------------------------------------------------- the Attachment column (SPEC 1.7)

def attachment_text_sql(header: SegmentHeader, line=SegmentLine):
    """"Inherited" / "Unique" / "" for each line of a query (a CASE over EXISTS subqueries).

    Inherited: the line has an attachment or a Word template but not both, it has a
    template, it has no record of its own for (language, attachment) and the header has a
    record for them (or a Modified Word Template). Else Unique when it has an attachment."""
    sil = SegmentInteractionLanguage.alias("att")

    def record_for(line_no):
        return pw.fn.EXISTS(sil.select(sil.segment_line_no).where(
            (sil.segment == line.segment) & (sil.segment_line_no == line_no)
            & (sil.language == line.language_code) & (sil.attachment_no == line.attachment_no)))

    has_attachment = line.attachment_no != 0
    has_word = line.word_template_code != ""
    header_side = pw.Value(True) if modified_word_template(header) else record_for(0)
    inherited = (
        (has_attachment != has_word)
        & (line.interaction_template_code != "")
        & ~record_for(line.line_no)
        & header_side
    )
    return pw.Case(None, [(inherited, INHERITED), (has_attachment, UNIQUE)], "")


def attachment_text(segment_no: str, line_no: int) -> str:
    """The Attachment column of one line: "Inherited", "Unique" or ""."""
    header = get_header(segment_no)
    row = (SegmentLine.select(attachment_text_sql(header))
           .where((SegmentLine.segment == header.no) & (SegmentLine.line_no == int(line_no)))
           .tuples().first())
    if row is None:
        raise UserError(f"Segment Line {header.no} {line_no} does not exist.")
    return row[0]


# ---------------------------------------------------------------- the lines table

def line_rows(segment_no: str, offset: int = 0, limit: int = 100) -> list[tuple]:
    """A page of lines in Line No. order for the Segment page's table:
    (line no., contact no., contact name (persons only), contact company name, description,
    salesperson, template, language, correspondence type, subject, evaluation, attachment,
    cost, duration) — texts for the enums. The page starts at the offset-th line no. found
    in the primary key index, then reads ``limit`` lines from there (keyset), so a page deep
    in a 100,000-line segment costs the same as the first."""
    header = get_header(segment_no)
    line = SegmentLine
    start = (line.select(line.line_no).where(line.segment == header.no)
             .order_by(line.line_no).offset(max(0, int(offset))).limit(1).scalar())
    if start is None:
        return []
    person = Contact.alias("person")
    company = Contact.alias("company")
    rows = (
        line.select(
            line.line_no, line.contact,
            pw.Case(None, [(person.type == int(ContactType.PERSON), person.name)], ""),
            pw.fn.COALESCE(company.name, ""),
            line.description, line.salesperson_code, line.interaction_template_code, line.language_code,
            line.correspondence_type, line.subject, line.evaluation, attachment_text_sql(header),
            line.cost, line.duration,
        )
        .join(person, pw.JOIN.LEFT_OUTER, on=(person.no == line.contact))
        .join(company, pw.JOIN.LEFT_OUTER, on=(company.no == line.contact_company_no), src=line)
        .where((line.segment == header.no) & (line.line_no >= start))
        .order_by(line.line_no)
        .limit(max(0, int(limit)))
        .tuples()
    )
    cost_field = line.cost
    return [
        (no, contact or "", name or "", company_name, description, salesperson, template, language,
         CorrespondenceType(corr).label, subject, Evaluation(evaluation).label, text,
         cost_field.python_value(cost), int(duration or 0))
        for (no, contact, name, company_name, description, salesperson, template, language, corr, subject,
             evaluation, text, cost, duration) in rows
    ]


__all__ = [
    "insert_contacts", "add_line", "update_line", "delete_line", "delete_lines", "next_action",
    "no_of_criteria_actions", "write_history", "attachment_text", "attachment_text_sql", "line_rows",
    "line_count", "LINE_FIELDS", "RESET_CRITERIA_Q",
]
