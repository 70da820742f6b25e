"""Segment line rules (SPEC 1.7, 2.2, 2.5–2.8; checklist 8.C): one place for each rule.

* ``add_line`` — a line typed in by hand, defaulted as every new line is
  (``defaults.insert_contacts``) and recorded as a criteria action.
* ``delete_lines`` — the line delete rules (SPEC 2.8) for any set of lines, in SQL;
  ``delete_line_nos`` its manual form for lines picked by hand (the marked lines), and
  ``delete_line`` that for one line.
* ``update_line`` — the field rules of one line, in Business Central's field order.
* ``attachment_text_sql`` / ``line_rows`` — the "Attachment" column (SPEC 1.7
  AttachmentText) and the Segment page's lines, a page at a time.

What a line inherits from its header lives in models/segments/defaults.py, the criteria
and history it writes in models/segments/criteria.py. Questions go through
``confirm(question, default) -> bool`` and are asked before the write transaction opens;
every write is one transaction holding the segment's lock (``lookups.write_segment``),
which reads the line again: another user's change in between is seen, not overwritten blind.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import peewee as pw

from models.base import values as value_rules
from models.base.ask import Confirm, answer_default
from models.base.enums import (
    ContactType,
    CorrespondenceType,
    CriteriaAction,
    Evaluation,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
)
from models.base.errors import FieldError, UserError
from models.filters import MAX_VALUES
from models.segments.criteria import (
    CONTACT_TABLE,
    contact_filter,
    next_action,
    no_of_criteria_actions,
    reset_criteria,
    write_history,
)
from models.segments.defaults import (
    copy_template_languages,
    delete_language_records,
    insert_contacts,
    insert_line,
    repoint_inherited_lines,
)
from models.segments.lookups import (
    check_exists,
    check_salesperson,
    get_header,
    get_line,
    get_template_or_none,
    language_record,
    line_count,
    line_languages,
    modified_word_template,
    normalize_no,
    write_segment,
)
from models.tables.contacts import Campaign, Contact, Language
from models.tables.interactions import InteractionTemplate
from models.tables.segments import (
    SegmentHeader,
    SegmentInteractionLanguage,
    SegmentLine,
)

RESET_CRITERIA_Q = "The segment is now empty. Reset the number of criteria actions?"
IN_CHUNK = 5000  # line nos. per IN (…) list: far below every driver's parameter limit
FILTER_CHARACTERS = set("|&()'*?@<>=.")  # a contact no. holding one is quoted in a filter
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

# ---------------------------------------------------------------- values

_CODE_LENGTHS = {
    "contact_no": 20, "campaign_no": 20, "salesperson_code": 20,
    "interaction_template_code": 10, "language_code": 10,
}
_OPTIONS = {"correspondence_type": CorrespondenceType, "evaluation": Evaluation}
_YES_NO = ("campaign_response", "campaign_target", "send_word_doc_as_attmt")


def _parse_line_value(name: str, value):
    caption = LINE_FIELDS[name]
    if name in _CODE_LENGTHS:
        return value_rules.code(name, caption, value, _CODE_LENGTHS[name])
    if name in _OPTIONS:
        return value_rules.option(name, caption, _OPTIONS[name], value)
    if name in _YES_NO:
        return value_rules.yes_no(name, caption, value)
    if name == "cost":
        return value_rules.decimal(name, caption, value, allow_negative=False)
    if name == "duration":
        return value_rules.duration(name, caption, value)
    if name == "date":
        return value_rules.date(name, caption, value)
    return value_rules.text(name, caption, value, 100)


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

    def write() -> SegmentLine:
        if not Contact.select().where(Contact.no == contact_no).exists():
            raise FieldError("contact_no", f"Contact {contact_no} does not exist.")
        action_no = next_action(segment_no, CriteriaAction.ADD_CONTACTS, {}, [contact_filter(contact_no)])
        line_no, _count = insert_contacts(segment_no, Contact.select(Contact.no).where(Contact.no == contact_no))
        write_history(segment_no, action_no, SegmentLine.line_no == line_no, HistoryAction.INSERTION)
        return get_line(segment_no, line_no)

    return write_segment(segment_no, write)


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
    return write_segment(segment_no, lambda: _delete_lines(segment_no, where, action_no, reset))


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
    """Delete one line by hand (``delete_line_nos`` of that line)."""
    delete_line_nos(segment_no, [line_no], confirm)


def delete_line_nos(segment_no: str, line_nos: Iterable[int], confirm: Confirm = answer_default) -> int:
    """Delete lines picked by hand (Delete Line on the marked lines), in one transaction:
    the lines with a contact are recorded as a Remove Contacts (Reduce) action with the
    Contact filter No.=<contact> (No.=A|B|… for several) and a history Deletion each; then
    the delete rules of ``delete_lines`` (the reset question counts the new action). A line
    that is not there is "Segment Line <segment> <line> does not exist."; nothing is deleted.

    Decision: Business Central writes one Reduce action per deleted line; a marked set
    writes one (one per 10,000 contacts, the most a filter holds), so Go Back undoes the
    whole Delete Line, as the user did it.
    """
    segment_no = normalize_no(segment_no)
    numbers = sorted({int(n) for n in line_nos})
    if not numbers:
        return 0
    picked = _picked_lines(segment_no, numbers)
    actions = no_of_criteria_actions(segment_no) + (1 if any(picked.values()) else 0)
    reset = len(numbers) == line_count(segment_no) and actions > 1 and confirm(RESET_CRITERIA_Q, True)

    def write() -> int:
        now = _picked_lines(segment_no, numbers)  # as they are now, under the segment's lock
        contacts = sorted({c for c in now.values() if c})
        for group in _in_chunks(contacts, MAX_VALUES):
            action_no = next_action(segment_no, CriteriaAction.REDUCE, {}, [_contacts_filter(group)])
            members = set(group)
            for chunk in _in_chunks([n for n, c in now.items() if c in members]):
                write_history(segment_no, action_no, SegmentLine.line_no.in_(chunk), HistoryAction.DELETION)
        return sum(_delete_lines(segment_no, (SegmentLine.segment == segment_no) & SegmentLine.line_no.in_(chunk),
                                 0, reset) for chunk in _in_chunks(numbers))

    return write_segment(segment_no, write)


def _picked_lines(segment_no: str, numbers: list[int]) -> dict[int, str]:
    """{line no.: contact no. or ""} of the given lines; UserError naming the first missing one."""
    found = {}
    for chunk in _in_chunks(numbers):
        found.update((n, c or "") for n, c in SegmentLine.select(SegmentLine.line_no, SegmentLine.contact).where(
            (SegmentLine.segment == segment_no) & SegmentLine.line_no.in_(chunk)).tuples())
    missing = [n for n in numbers if n not in found]
    if missing:
        get_line(segment_no, missing[0])  # its error ("… does not exist", or the segment's)
    return found


def _contacts_filter(contact_nos: list[str]) -> tuple[str, str]:
    """The Contact filter naming these contacts: No.=A|B|… (a number holding a filter
    character quoted, so it is a value, not an operator)."""
    if len(contact_nos) == 1:
        return contact_filter(contact_nos[0])
    texts = ["'" + no.replace("'", "''") + "'" if FILTER_CHARACTERS & set(no) else no for no in contact_nos]
    return CONTACT_TABLE, json.dumps({"No.": "|".join(texts)})


def _in_chunks(items: list, size: int = IN_CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


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
    get_line(segment_no, line_no)
    parsed = {name: _parse_line_value(name, value) for name, value in values.items()}

    def write() -> SegmentLine:
        line = get_line(segment_no, line_no)  # as it is now, under the segment's lock
        changed = {name: value for name, value in parsed.items() if value != _current(line, name)}
        _check_line_values(line, changed)
        for name in LINE_FIELDS:
            if name in changed:
                line = _LINE_RULES.get(name, _set_plain)(line, name, changed[name])
        return get_line(segment_no, line.line_no)

    return write_segment(segment_no, write)


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
    insert_line(get_header(segment_no), contact_no, line_no)
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
    record = language_record(line.segment_no, line.line_no if own else 0, language_code)
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

class LineRow(NamedTuple):
    """A line as the Segment page's table shows it (the line no. is the row's key)."""

    line_no: int
    contact_no: str
    contact_name: str  # persons only
    company_name: str
    description: str
    salesperson_code: str
    interaction_template_code: str
    language_code: str
    correspondence_type: str  # the option's caption
    subject: str
    evaluation: str  # the option's caption
    attachment: str  # attachment_text
    cost: object  # Decimal
    duration: int


def line_rows(segment_no: str, offset: int = 0, limit: int = 100) -> list[LineRow]:
    """A page of lines in Line No. order for the Segment page's table. The page starts at the
    offset-th line no. found in the primary key index, then reads ``limit`` lines from there
    (keyset), so a page deep in a 100,000-line segment costs the same as the first."""
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
        LineRow(no, contact or "", name or "", company_name, description, salesperson, template, language,
                CorrespondenceType(corr).label, subject, Evaluation(evaluation).label, text,
                cost_field.python_value(cost), int(duration or 0))
        for (no, contact, name, company_name, description, salesperson, template, language, corr, subject,
             evaluation, text, cost, duration) in rows
    ]


__all__ = [
    "LINE_FIELDS", "RESET_CRITERIA_Q", "LineRow", "add_line", "attachment_text", "attachment_text_sql",
    "delete_line", "delete_line_nos", "delete_lines", "line_rows", "update_line",
]
