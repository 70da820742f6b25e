"""Segment Header rules: changing the header's fields (SPEC 1.6, 2.1, 2.3, 2.4, 6.1, 6.2;
checklist 8.A.2, 8.B).

* update_header — field validation and propagation to the lines (SPEC 2.3),
  the template change, the default language and subject (SPEC 2.4).
* header_field_states — which fields the page lets the user edit (SPEC 2.1).

Creating and deleting a segment and the header's FlowFields are segment.py. The
rules these build on: lookups.py (reading a segment), defaults.py (what lines
inherit from the header) and lines.py. Confirmations:
``confirm(question, default) -> bool``, every question asked before the one write
transaction opens; a declined question that cancels the change returns None. The write
holds the segment's lock (``lookups.write_segment``) and is refused when another user
changed the header while the questions were being answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import peewee as pw

from models.base import values as value_rules
from models.base.ask import Confirm, answer_default
from models.base.enums import (
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
)
from models.base.errors import FieldError, UserError
from models.segments.defaults import (
    active_alt_address_sql,
    copy_template_languages,
    delete_language_records,
    inherited_line_condition,
    redefault_lines,
)
from models.segments.lines import INHERITED, attachment_text_sql
from models.segments.lookups import (
    check_exists,
    check_salesperson,
    get_header,
    get_template_or_none,
    header_language,
    header_languages_exist,
    line_count,
    write_segment,
)
from models.tables.contacts import (
    Campaign,
    Contact,
    ContactAltAddrDateRange,
    Language,
)
from models.tables.interactions import (
    InteractionTemplate,
    InteractionTmplLanguage,
    WordTemplate,
)
from models.tables.segments import (
    SegmentHeader,
    SegmentInteractionLanguage,
    SegmentLine,
)

# ---------------------------------------------------------------- changing the header

# value key -> caption, in Business Central's field order (rules run in this order,
# except the template, which runs first: it resets the fields that follow it)
HEADER_FIELDS = {
    "description": "Description",
    "campaign_no": "Campaign No.",
    "salesperson_code": "Salesperson Code",
    "correspondence_type_default": "Correspondence Type (Default)",
    "interaction_template_code": "Interaction Template Code",
    "unit_cost": "Unit Cost (LCY)",
    "unit_duration": "Unit Duration (Min.)",
    "date": "Date",
    "campaign_target": "Campaign Target",
    "information_flow": "Information Flow",
    "initiated_by": "Initiated By",
    "campaign_response": "Campaign Response",
    "language_code_default": "Language Code (Default)",
    "send_word_docs_as_attmt": "Send Word Docs. as Attmt.",
    "ignore_contact_corres_type": "Ignore Contact Corres. Type",
    "subject_default": "Subject (Default)",
    "word_template_code": "Word Template Code",
}

# header field -> the line field it is pushed to (SPEC 2.3)
PROPAGATED = {
    "description": "description",
    "campaign_no": "campaign_no",
    "salesperson_code": "salesperson_code",
    "correspondence_type_default": "correspondence_type",
    "unit_cost": "cost",
    "unit_duration": "duration",
    "date": "date",
    "campaign_target": "campaign_target",
    "information_flow": "information_flow",
    "initiated_by": "initiated_by",
    "campaign_response": "campaign_response",
    "send_word_docs_as_attmt": "send_word_doc_as_attmt",
    "word_template_code": "word_template_code",
}

# what a template gives the header (SPEC 2.3 "Template change"); blank values when cleared
TEMPLATE_DEFAULTS = {
    "language_code_default": "",
    "interaction_group_code": "",
    "unit_cost": Decimal(0),
    "unit_duration": 0,
    "information_flow": InformationFlow.BLANK,
    "initiated_by": InitiatedBy.BLANK,
    "campaign_target": False,
    "campaign_response": False,
    "correspondence_type_default": CorrespondenceType.BLANK,
    "ignore_contact_corres_type": False,
    "word_template_code": "",
}

# the fields that need an interaction template (SPEC 2.1)
TEMPLATE_DEPENDENT = (
    "language_code_default", "ignore_contact_corres_type", "information_flow", "initiated_by",
    "unit_cost", "unit_duration", "attachment",
)

UPDATE_LINES_Q = "You changed {field}. Update the segment lines whose template is {code}?"
APPLY_TEMPLATE_Q = "You changed Interaction Template Code. Apply Interaction Template Code {code} to all segment lines?"
UPDATE_SUBJECT_Q = "You changed Subject (Default). Update the corresponding segment lines?"
CREATE_LANGUAGE_Q = "Create Segment Interaction Language {code}?"
CHANGED_MEANWHILE = "Segment {no} was changed by another user meanwhile; nothing was saved, try again."
INHERITED_BLOCKS_TEMPLATE = (
    "Interaction Template Code can't be changed without updating lines when inherited attachments exist."
)


_CODE_LENGTHS = {
    "campaign_no": 20, "salesperson_code": 20, "interaction_template_code": 10,
    "language_code_default": 10, "word_template_code": 30,
}
_OPTIONS = {
    "correspondence_type_default": CorrespondenceType,
    "information_flow": InformationFlow,
    "initiated_by": InitiatedBy,
}
_YES_NO = ("campaign_target", "campaign_response", "send_word_docs_as_attmt", "ignore_contact_corres_type")


def _parse_header_value(name: str, value):
    caption = HEADER_FIELDS[name]
    if name in _CODE_LENGTHS:
        return value_rules.code(name, caption, value, _CODE_LENGTHS[name])
    if name in _OPTIONS:
        return value_rules.option(name, caption, _OPTIONS[name], value)
    if name in _YES_NO:
        return value_rules.yes_no(name, caption, value)
    if name == "unit_cost":
        return value_rules.decimal(name, caption, value, allow_negative=False)
    if name == "unit_duration":
        return value_rules.duration(name, caption, value)
    if name == "date":
        return value_rules.date(name, caption, value)
    return value_rules.text(name, caption, value, 100)


def _state(header: SegmentHeader) -> dict:
    """The header's editable values (and group) as a plain dict, blanks as ''."""
    state = {}
    for name in (*HEADER_FIELDS, "interaction_group_code"):
        value = getattr(header, name)
        state[name] = "" if value is None else value
    return state


def template_defaults(template: InteractionTemplate | None, campaign_no: str) -> dict:
    """The header values a template change writes (SPEC 2.3): the template's defaults, a
    cleared Subject (Default) and a campaign. Cleared template: blanks and no campaign.

    The template's campaign is taken only when the header has none (checklist 8.B 11):
    a campaign the user chose is not replaced."""
    values = dict(TEMPLATE_DEFAULTS, subject_default="", campaign_no="")
    if template is None:
        return values
    for name in TEMPLATE_DEFAULTS:
        value = getattr(template, name)
        values[name] = "" if value is None else value
    values["campaign_no"] = campaign_no or template.campaign_no or ""
    return values


def field_states(state: dict, has_language_record: bool) -> dict[str, bool]:
    """SPEC 2.1 enabling rules for a header's values."""
    states = {name: True for name in HEADER_FIELDS}
    with_template = bool(state["interaction_template_code"])
    for name in TEMPLATE_DEPENDENT:
        states[name] = with_template
    with_campaign = bool(state["campaign_no"])
    states["campaign_target"] = states["campaign_response"] = with_campaign
    states["correspondence_type_default"] = bool(state["ignore_contact_corres_type"])
    states["subject_default"] = has_language_record
    return states


def header_field_states(no: str) -> dict[str, bool]:
    """Which header fields are editable now (SPEC 2.1): field name -> enabled; "attachment"
    is the Attachment assist-edit."""
    header = get_header(no)
    return field_states(_state(header), header_language(header.no, header.language_code_default) is not None)


def update_header(no: str, values: Mapping, confirm: Confirm = answer_default) -> SegmentHeader | None:
    """Change header fields (keys of HEADER_FIELDS; unchanged values are left alone).

    * Values must exist (campaign, template, language, Word template) and a salesperson
      must not be blocked; Unit Cost ≥ 0, Unit Duration a whole number ≥ 0.
    * A field the page disables (SPEC 2.1, judged on the values being saved) cannot be
      changed: FieldError.
    * Interaction Template Code runs first (SPEC 2.3): with lines, asks "Apply
      Interaction Template Code X to all segment lines?" (default Yes). No, while any
      line's attachment is inherited → error; else the header alone changes. The header
      takes the template's defaults (``template_defaults``), its language records are
      rebuilt from the template's languages with copied attachments, and with Yes every
      line is defaulted again from the new header (see ``redefault_lines``).
    * Every other propagating field, when lines on the header's template exist, asks "You
      changed <field>. Update the segment lines whose template is <code>?" (default Yes);
      Yes writes the value to those lines. Correspondence Type (Default) is pushed only
      when not blank and the header has an attachment or a Word template.
    * Clearing Campaign No. clears Campaign Target and Campaign Response (on the lines too
      when they take the cleared campaign).
    * Language Code (Default) (SPEC 2.4): with a header-level record, Subject (Default)
      becomes its subject; without one, Subject (Default) is cleared and "Create Segment
      Interaction Language X?" is asked (default Yes); No cancels the whole change
      (returns None, nothing written).
    * Subject (Default): the default language's record takes it; with lines on the header
      template asks "You changed Subject (Default). Update the corresponding segment
      lines?" (default Yes); Yes changes lines with that template, language and old subject.
    """
    values = dict(values)
    unknown = set(values) - set(HEADER_FIELDS)
    if unknown:
        raise TypeError(f"update_header: unknown fields {sorted(unknown)}")
    header = get_header(no)
    current = _state(header)
    parsed = {name: _parse_header_value(name, value) for name, value in values.items()}
    changed = {name: value for name, value in parsed.items() if value != current[name]}
    if not changed:
        return header
    _check_header_values(changed)
    plan = _plan(header, changed, confirm)
    if plan is None:
        return None

    def write() -> None:
        if _state(get_header(header.no)) != current:  # the plan was made on these values
            raise UserError(CHANGED_MEANWHILE.format(no=header.no))
        _apply(header.no, plan)

    write_segment(header.no, write)
    return get_header(header.no)


def _check_header_values(changed: dict) -> None:
    check_exists("campaign_no", "Campaign No.", Campaign, changed.get("campaign_no", ""))
    check_salesperson(changed.get("salesperson_code", ""))
    check_exists("interaction_template_code", "Interaction Template Code", InteractionTemplate,
                 changed.get("interaction_template_code", ""))
    check_exists("language_code_default", "Language Code (Default)", Language,
                 changed.get("language_code_default", ""))
    check_exists("word_template_code", "Word Template Code", WordTemplate, changed.get("word_template_code", ""))


class _Plan:
    """What update_header will write, decided (and every question asked) before writing."""

    def __init__(self):
        self.template: str | None = None  # the new template code, when it changes
        self.template_lines = False  # Yes to "Apply … to all segment lines?"
        self.steps: list[tuple[str, object, bool]] = []  # (field, value, update the lines)
        self.create_language = False


def _plan(header: SegmentHeader, changed: dict, confirm: Confirm) -> _Plan | None:
    plan = _Plan()
    state = _state(header)
    lines = line_count(header.no)
    if "interaction_template_code" in changed:
        code = changed["interaction_template_code"]
        plan.template = code
        plan.template_lines = bool(lines) and confirm(APPLY_TEMPLATE_Q.format(code=code), True)
        if lines and not plan.template_lines and _inherited_lines_exist(header):
            raise FieldError("interaction_template_code", INHERITED_BLOCKS_TEMPLATE)
        state.update(template_defaults(get_template_or_none(code), state["campaign_no"]))
        state["interaction_template_code"] = code
    languages = _language_codes_after(header, plan.template)
    final = {**state, **changed}
    if not final["campaign_no"]:
        final["campaign_target"] = final["campaign_response"] = False
    _check_enabled(changed, final, final["language_code_default"] in languages
                   or "language_code_default" in changed)

    code = state["interaction_template_code"]
    targets = lines if plan.template_lines else _lines_with_template(header.no, code)
    for name in HEADER_FIELDS:
        if name not in changed or name == "interaction_template_code":
            continue
        value = changed[name]
        ask = bool(targets) and _propagates(name, value, header, state, languages)
        if name == "language_code_default":
            if value not in languages:
                if not confirm(CREATE_LANGUAGE_Q.format(code=value), True):
                    return None
                plan.create_language = True
                languages.add(value)
            state["subject_default"] = ""
        elif name == "subject_default":
            ask = bool(targets) and confirm(UPDATE_SUBJECT_Q, True)
        elif ask:
            ask = confirm(UPDATE_LINES_Q.format(field=HEADER_FIELDS[name], code=code or "(blank)"), True)
        plan.steps.append((name, value, ask))
        state[name] = value
    return plan


def _check_enabled(changed: dict, final: dict, has_language_record: bool) -> None:
    states = field_states(final, has_language_record)
    for name in changed:
        if states.get(name, True):
            continue
        caption = HEADER_FIELDS[name]
        if name in ("campaign_target", "campaign_response"):
            reason = "Campaign No. must have a value"
        elif name == "correspondence_type_default":
            reason = "Ignore Contact Corres. Type must be Yes"
        elif name == "subject_default":
            reason = "the default language has no Segment Interaction Language"
        else:
            reason = "Interaction Template Code must have a value"
        if changed[name] in ("", False, 0) and name != "subject_default":
            continue  # clearing a disabled field (as the template change does) is harmless
        raise FieldError(name, f"{caption} can't be changed: {reason}.")


def _propagates(name: str, value, header: SegmentHeader, state: dict, languages: set) -> bool:
    """Whether a change of this field is offered to the lines (SPEC 2.3 and its footnote)."""
    if name not in PROPAGATED:
        return False
    if name != "correspondence_type_default":
        return True
    if not value:
        return False
    template = get_template_or_none(state["interaction_template_code"])
    return bool(_header_has_attachment(header, state) or (template is not None and template.word_template_code))


def _header_has_attachment(header: SegmentHeader, state: dict) -> bool:
    record = header_language(header.no, state["language_code_default"])
    return record is not None and bool(record.attachment_no) and not record.word_template_code


def _language_codes_after(header: SegmentHeader, template_code: str | None) -> set[str]:
    """The header-level language codes the segment will have (after a template change)."""
    if template_code is None:
        sil = SegmentInteractionLanguage
        rows = sil.select(sil.language).where((sil.segment == header.no) & (sil.segment_line_no == 0))
    else:
        rows = (InteractionTmplLanguage.select(InteractionTmplLanguage.language_code)
                .where(InteractionTmplLanguage.interaction_template == template_code))
    return {code or "" for (code,) in rows.tuples()}


def _lines_with_template(segment_no: str, code: str) -> int:
    return (SegmentLine.select()
            .where((SegmentLine.segment == segment_no) & (SegmentLine.interaction_template_code == (code or "")))
            .count())


def _inherited_lines_exist(header: SegmentHeader) -> bool:
    return (SegmentLine.select()
            .where((SegmentLine.segment == header.no) & (attachment_text_sql(header) == INHERITED))
            .exists())


# ---------------------------------------------------------------- writing a plan

def _apply(no: str, plan: _Plan) -> None:
    if plan.template is not None:
        _apply_template(no, plan.template, plan.template_lines)
    for name, value, lines in plan.steps:
        _APPLY.get(name, _apply_field)(no, name, value, lines, plan)


def _write_header(no: str, **values) -> SegmentHeader:
    SegmentHeader.update(**values).where(SegmentHeader.no == no).execute()
    return get_header(no)


def _target_lines(header: SegmentHeader):
    return (SegmentLine.segment == header.no) & (
        SegmentLine.interaction_template_code == (header.interaction_template_code or ""))


def _apply_template(no: str, code: str, lines: bool) -> None:
    """SPEC 2.3 template change: header defaults from the template, header-level language
    records rebuilt (attachments copied), and with ``lines`` every line re-defaulted."""
    header = get_header(no)
    template = get_template_or_none(code)
    values = template_defaults(template, header.campaign_no or "")
    campaign_changed = values["campaign_no"] != (header.campaign_no or "")
    if not values["campaign_no"]:
        values["campaign_target"] = values["campaign_response"] = False
    header = _write_header(no, interaction_template_code=code or None, **_as_columns(values))
    delete_language_records((SegmentInteractionLanguage.segment == no)
                            & (SegmentInteractionLanguage.segment_line_no == 0))
    if template is not None:
        copy_template_languages(code, no, 0)
    if not lines:
        return
    everything = SegmentLine.segment == no
    redefault_lines(header, everything)
    if campaign_changed:
        SegmentLine.update(campaign_no=header.campaign_no or "").where(everything).execute()


def _as_columns(values: dict) -> dict:
    """Header values keyed by model attribute (campaign/salesperson refs by their column names)."""
    out = dict(values)
    for ref in ("campaign_no", "salesperson_code", "interaction_template_code"):
        if ref in out:
            out[ref] = out[ref] or None
    return out


def _apply_field(no: str, name: str, value, lines: bool, plan: _Plan) -> None:
    """A plain field: the header takes it; with ``lines`` so do the lines on its template."""
    header = get_header(no)
    _write_header(no, **_as_columns({name: value}))
    if lines:
        SegmentLine.update({getattr(SegmentLine, PROPAGATED[name]): value}).where(_target_lines(header)).execute()


def _apply_campaign(no: str, name: str, value: str, lines: bool, plan: _Plan) -> None:
    """Campaign No.; clearing it clears Campaign Target and Campaign Response (SPEC 2.1)."""
    header = get_header(no)
    values = {"campaign_no": value}
    if not value:
        values.update(campaign_target=False, campaign_response=False)
    _write_header(no, **_as_columns(values))
    if lines:
        SegmentLine.update(**values).where(_target_lines(header)).execute()


def _apply_date(no: str, name: str, value, lines: bool, plan: _Plan) -> None:
    """Date; lines that take it re-derive their alternative address as a line Date change
    does (when it was the one active on their old date)."""
    header = get_header(no)
    _write_header(no, date=value)
    if not lines:
        return
    line = SegmentLine
    alt = line.contact_alt_address_code
    values = {line.date: value}
    if _alt_ranges_exist():
        values[alt] = pw.Case(None, [(alt == active_alt_address_sql(line.contact, line.date),
                                      active_alt_address_sql(line.contact, value))], alt)
    line.update(values).where(_target_lines(header)).execute()


def _alt_ranges_exist() -> bool:
    return ContactAltAddrDateRange.select().exists()


def _apply_language(no: str, name: str, code: str, lines: bool, plan: _Plan) -> None:
    """SPEC 2.4 Language Code (Default): Subject (Default) from the language's record; a
    new record (when the user agreed) is inserted with SPEC 1.11's insert rule."""
    header = get_header(no)
    record = header_language(no, code)
    if record is None:
        first = not header_languages_exist(no)
        record = SegmentInteractionLanguage.create(
            segment=no, segment_line_no=0, language=code,
            description=f"{header.interaction_template_code or ''} {code}".strip())
        _take_header_record(header, record, first)
    _write_header(no, language_code_default=code, subject_default=record.subject)


def _take_header_record(header: SegmentHeader, record: SegmentInteractionLanguage, first: bool) -> None:
    """SPEC 1.11 "Insert, header level": inherited lines take the new record — all of them
    when it is the segment's first, else those whose contact speaks its language."""
    where = inherited_line_condition(header)
    if not first:
        where &= SegmentLine.contact.in_(Contact.select(Contact.no).where(
            pw.fn.COALESCE(Contact.language, "") == record.language))
    SegmentLine.update(language_code=record.language, attachment_no=record.attachment_no or 0,
                       subject=record.subject, word_template_code=record.word_template_code or "").where(
        where).execute()


def _apply_subject(no: str, name: str, subject: str, lines: bool, plan: _Plan) -> None:
    """SPEC 2.4 Subject (Default): the default language's record and the header take it;
    with ``lines``, lines on the header template in that language with the old subject."""
    header = get_header(no)
    old = header.subject_default
    SegmentInteractionLanguage.update(subject=subject).where(
        (SegmentInteractionLanguage.segment == no) & (SegmentInteractionLanguage.segment_line_no == 0)
        & (SegmentInteractionLanguage.language == (header.language_code_default or ""))).execute()
    _write_header(no, subject_default=subject)
    if lines:
        SegmentLine.update(subject=subject).where(
            _target_lines(header) & (SegmentLine.language_code == (header.language_code_default or ""))
            & (SegmentLine.subject == old)).execute()


_APPLY = {
    "campaign_no": _apply_campaign,
    "date": _apply_date,
    "language_code_default": _apply_language,
    "subject_default": _apply_subject,
}
