"""Segment line rules (SPEC 1.7, 2.2, 2.5–2.8; checklist 8.C).

One place for each rule:

* ``insert_contacts`` — the Contact No. validation of a new line (SPEC 2.5–2.7)
  done as one ``INSERT INTO segment_line … SELECT`` for any number of
  contacts; Add Contacts, Reuse Segment and the manual insert all use it.

Confirmations follow models/templates.py: ``confirm(question, default) -> bool``,
asked before the write transaction opens.
"""

from __future__ import annotations

import peewee as pw

from models.contacts import Contact, ContactAltAddrDateRange
from models.db import db
from models.enums import CorrespondenceType, Evaluation
from models.errors import UserError
from models.interactions import Attachment, InteractionTemplate
from models.segments import SegmentHeader, SegmentInteractionLanguage, SegmentLine

LINE_NO_STEP = 10000


# ---------------------------------------------------------------- lookups

def _segment_no(no) -> str:
    return ("" if no is None else str(no)).strip().upper()


def get_header(segment_no: str) -> SegmentHeader:
    """The Segment Header; UserError "Segment <no> does not exist." when missing."""
    no = _segment_no(segment_no)
    header = SegmentHeader.get_or_none(SegmentHeader.no == no)
    if header is None:
        raise UserError(f"Segment {no} does not exist.")
    return header


def last_line_no(segment_no: str) -> int:
    value = (SegmentLine.select(pw.fn.MAX(SegmentLine.line_no))
             .where(SegmentLine.segment == segment_no).scalar())
    return int(value or 0)


def header_language(segment_no: str, language_code: str) -> SegmentInteractionLanguage | None:
    """The header-level (line 0, "inherited") language record of a segment for a language."""
    if not language_code:
        return None
    return SegmentInteractionLanguage.get_or_none(
        (SegmentInteractionLanguage.segment == segment_no)
        & (SegmentInteractionLanguage.segment_line_no == 0)
        & (SegmentInteractionLanguage.language == language_code)
    )


def header_languages_exist(segment_no: str) -> bool:
    return (SegmentInteractionLanguage.select()
            .where((SegmentInteractionLanguage.segment == segment_no)
                   & (SegmentInteractionLanguage.segment_line_no == 0)).exists())


def attachment_exists(no: int | None) -> bool:
    return bool(no) and Attachment.select().where(Attachment.no == no).exists()


def header_attachment_no(header: SegmentHeader) -> int:
    """The header's "Attachment No." FlowField (SPEC 1.6 #9): the default language's
    header-level record's attachment when that record has no Word template."""
    record = header_language(header.no, header.language_code_default)
    if record is None or record.word_template_code:
        return 0
    return record.attachment_no or 0


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


def active_alt_address_sql(contact_no, on):
    """The set form of contacts.active_alt_address: a correlated subquery (or '' with no date)."""
    if on is None or not ContactAltAddrDateRange.select().exists():
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


def _language_columns(header: SegmentHeader, lc, la, by_language: bool) -> dict:
    """Language Code, Attachment No., Subject and Word Template Code of a new line (SPEC 2.5
    step 5, 2.7): the header-level record for the contact's language (``lc``, LEFT JOINed,
    with its attachment ``la``) when there is one, else the one for the default language."""
    line = SegmentLine
    default = header_language(header.no, header.language_code_default)
    inherited = header_attachment_no(header)
    attachment = inherited
    if default is not None and attachment_exists(default.attachment_no):
        attachment = default.attachment_no
    columns = {
        line.language_code: header.language_code_default or "",
        line.attachment_no: attachment,
        line.subject: default.subject if default is not None else "",
        line.word_template_code: (default.word_template_code if default is not None
                                  else header.word_template_code) or "",
    }
    if not by_language:
        return columns
    has_lc = lc.segment.is_null(False)
    return {
        line.language_code: pw.Case(None, [(has_lc, Contact.language)], columns[line.language_code]),
        line.attachment_no: pw.Case(None, [(has_lc & la.no.is_null(False), lc.attachment_no),
                                           (has_lc, inherited)], attachment),
        line.subject: pw.Case(None, [(has_lc, lc.subject)], columns[line.subject]),
        line.word_template_code: pw.Case(None, [(has_lc, lc.word_template_code)],
                                         columns[line.word_template_code]),
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
    segment_no = _segment_no(segment_no)
    with db.atomic():
        header = get_header(segment_no)
        last = last_line_no(segment_no)
        select, fields = _line_select(header, contacts, last, campaign_no)
        count = SegmentLine.insert_from(select, fields).as_rowcount().execute()
    return last + LINE_NO_STEP, int(count or 0)


def _line_select(header: SegmentHeader, contacts, last: int, campaign_no: str | None):
    """(SELECT …, fields) that make the new lines of ``insert_contacts``."""
    names = ["src_contact_no", "src_campaign_no"][:min(2, _column_count(contacts))]
    src = _with_column_names(contacts, names).alias("src")
    template = (InteractionTemplate.get_or_none(InteractionTemplate.code == header.interaction_template_code)
                if header.interaction_template_code else None)
    if len(names) == 2:
        campaign = pw.fn.COALESCE(src.c.src_campaign_no, "")
    elif campaign_no is not None:
        campaign = pw.Value(_segment_no(campaign_no))
    else:
        campaign = pw.Value(header.campaign_no or "")
    salesperson = (pw.Value(header.salesperson_code) if header.salesperson_code
                   else pw.fn.COALESCE(Contact.salesperson, ""))
    # the contact index's order (SQLite reads it instead of sorting); a blank Company No. first
    order = [Contact.company_name, Contact.company.asc(nulls="first"), Contact.type, Contact.name]

    line = SegmentLine
    computed = {
        line.segment: pw.Value(header.no),
        line.line_no: last + LINE_NO_STEP * pw.fn.ROW_NUMBER().over(order_by=order),
        line.contact: Contact.no,
        line.campaign_no: campaign,
        line.salesperson_code: salesperson,
        line.correspondence_type: correspondence_type_sql(header, template, Contact.correspondence_type),
        line.interaction_template_code: header.interaction_template_code or "",
        line.cost: header.unit_cost,
        line.duration: header.unit_duration,
        line.campaign_response: header.campaign_response,
        line.information_flow: header.information_flow,
        line.initiated_by: header.initiated_by,
        line.contact_alt_address_code: active_alt_address_sql(Contact.no, header.date),
        line.evaluation: Evaluation.BLANK,
        line.campaign_target: header.campaign_target,
        line.description: header.description,
        line.date: header.date,
        line.contact_company_no: pw.fn.COALESCE(Contact.company, ""),
        line.interaction_group_code: header.interaction_group_code,
        line.send_word_doc_as_attmt: header.send_word_docs_as_attmt,
        line.merged: False,
    }
    lc = SegmentInteractionLanguage.alias("lc")
    la = Attachment.alias("la")
    by_language = header_languages_exist(header.no)
    computed.update(_language_columns(header, lc, la, by_language))
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
                                                    & (lc.language == Contact.language)))
            .join(la, pw.JOIN.LEFT_OUTER, on=(la.no == lc.attachment_no))
        )
    return select, fields
