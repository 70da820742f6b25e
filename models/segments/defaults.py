"""What a segment line takes from its header, its contact and its template (SPEC 2.5–2.7),
and the language records it inherits (SPEC 1.11), for any set of lines in SQL.

* ``insert_contacts`` — the Contact No. validation of new lines as one
  ``INSERT INTO segment_line … SELECT``; Add Contacts, Reuse Segment, Go Back and
  the manual insert all use it (a segment has up to 100,000 lines).
* ``language_columns`` — which language record a line inherits (SPEC 2.7
  "FindLanguage" for lines on the header template), shared by the insert and by
  the UPDATEs that re-point lines when the header's language records change.
* ``redefault_lines`` / ``repoint_inherited_lines`` — lines taking the header's
  values again after a header change.

Both the header rules and the line rules build on these; nothing here asks a question.
"""

from __future__ import annotations

from types import SimpleNamespace

import peewee as pw

from models.base.db import db
from models.base.enums import CorrespondenceType, Evaluation
from models.segments.lookups import (
    attachment_exists,
    get_header,
    get_line,
    get_template_or_none,
    header_attachment_no,
    header_language,
    header_languages_exist,
    language_record,
    last_line_no,
    line_languages,
    lock_segment,
    normalize_no,
)
from models.tables.contacts import Contact, ContactAltAddrDateRange
from models.tables.interactions import (
    Attachment,
    InteractionTemplate,
    InteractionTmplLanguage,
)
from models.tables.segments import (
    SegmentHeader,
    SegmentInteractionLanguage,
    SegmentLine,
)

LINE_NO_STEP = 10000


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
    # imported when a copy is made (its document checks): showing lines does not need it
    from models.tables import attachments

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


# ---------------------------------------------------------------- new lines

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
        header = lock_segment(segment_no)
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


def insert_line(header: SegmentHeader, contact_no: str, line_no: int) -> None:
    """One new line for a contact with a given Line No. (a line made again for another
    contact keeps its number), defaulted as ``insert_contacts`` does."""
    contacts = Contact.select(Contact.no).where(Contact.no == contact_no)
    select, fields = _line_select(header, contacts, None, pw.Value(line_no))
    SegmentLine.insert_from(select, fields).execute()


# ---------------------------------------------------------------- lines that inherit from the header

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
    record = language_record(segment_no, int(line_no), language_code)
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
