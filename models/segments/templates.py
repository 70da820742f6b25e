"""Interaction Groups and Interaction Templates: their rules, one function per rule.

SPEC 1.14–1.16, 6.5 and checklist 8.A.4–8. The UI's cards and the tests call
these functions; nothing else writes templates. A template's languages and
their attachments have their own rules in template_languages.py.

Confirmations: functions that may ask the user take ``confirm(question, default)
-> bool`` (the UI shows a dialog, tests pass a lambda). Every question is asked
*before* anything is written, so a write transaction never waits for a person.

Cancellation: when the user declines a question that cancels the whole action
("Create Interaction Tmpl. Language X?" → No) the function returns ``None`` and
has changed nothing; on success it returns the saved record. A ``UserError``/``FieldError`` is raised
for anything the user must correct.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

import peewee as pw

from models.base import values as value_rules
from models.base.ask import Confirm, answer_default
from models.base.db import db
from models.base.enums import (
    CorrespondenceType,
    InformationFlow,
    InitiatedBy,
    WizardAction,
)
from models.base.errors import FieldError, UserError
from models.segments.lookups import check_exists, normalize_no
from models.tables import attachments
from models.tables.contacts import Campaign, Language
from models.tables.interactions import (
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTmplLanguage,
    WordTemplate,
)

CENT = Decimal("0.01")
CREATE_LANGUAGE_Q = "Create Interaction Tmpl. Language {language}?"
REMOVE_ATTACHMENT_Q = "A Word template can't be combined with an attachment. Remove the attachment?"
REPLACE_ATTACHMENT_Q = "Replace the existing attachment?"

# value key -> caption, in Business Central's field order (rules run in this order)
TEMPLATE_FIELDS = {
    "code": "Code",
    "interaction_group_code": "Interaction Group Code",
    "description": "Description",
    "unit_cost": "Unit Cost (LCY)",
    "unit_duration": "Unit Duration (Min.)",
    "information_flow": "Information Flow",
    "initiated_by": "Initiated By",
    "campaign_no": "Campaign No.",
    "campaign_target": "Campaign Target",
    "campaign_response": "Campaign Response",
    "correspondence_type_default": "Correspondence Type (Default)",
    "language_code_default": "Language Code (Default)",
    "wizard_action": "Wizard Action",
    "ignore_contact_corres_type": "Ignore Contact Corres. Type",
    "word_template_code": "Word Template Code",
}

_ENUMS = {
    "information_flow": InformationFlow,
    "initiated_by": InitiatedBy,
    "correspondence_type_default": CorrespondenceType,
    "wizard_action": WizardAction,
}
_BOOLS = ("campaign_target", "campaign_response", "ignore_contact_corres_type")
_CODE_LENGTHS = {
    "code": 10, "interaction_group_code": 10, "campaign_no": 20,
    "language_code_default": 10, "word_template_code": 30,
}
DESCRIPTION_LENGTH = 100


# ---------------------------------------------------------------- values

def _parse_template_value(name: str, value):
    caption = TEMPLATE_FIELDS[name]
    if name in _CODE_LENGTHS:
        return value_rules.code(name, caption, value, _CODE_LENGTHS[name])
    if name in _ENUMS:
        return value_rules.option(name, caption, _ENUMS[name], value)
    if name in _BOOLS:
        return value_rules.yes_no(name, caption, value)
    if name == "unit_cost":
        return value_rules.decimal(name, caption, value, allow_negative=False)
    if name == "unit_duration":
        return value_rules.duration(name, caption, value)
    return value_rules.text(name, caption, value, DESCRIPTION_LENGTH)


def check_word_template_language(field: str, word_template_code: str, language_code: str) -> None:
    """A Word template for one language serves only that language (blank: every language)."""
    if not word_template_code:
        return
    row = (WordTemplate.select(WordTemplate.language)
           .where(WordTemplate.code == word_template_code).tuples().first())
    if row is None:
        raise FieldError(field, f"Word Template Code '{word_template_code}' does not exist.")
    wt_language = row[0] or ""
    if wt_language and wt_language != (language_code or ""):
        raise FieldError(
            field,
            f"Word Template {word_template_code} is for language {wt_language}, "
            f"not {language_code or 'blank'}.",
        )


# ---------------------------------------------------------------- lookups

def get_template(code: str) -> InteractionTemplate:
    code = normalize_no(code)
    template = InteractionTemplate.get_or_none(InteractionTemplate.code == code)
    if template is None:
        raise UserError(f"Interaction Template {code} does not exist.")
    return template


def get_template_language(template_code: str, language_code: str) -> InteractionTmplLanguage | None:
    return InteractionTmplLanguage.get_or_none(
        (InteractionTmplLanguage.interaction_template == normalize_no(template_code))
        & (InteractionTmplLanguage.language_code == normalize_no(language_code))
    )


def template_attachment_no(code: str) -> int | None:
    """The template's "Attachment No." FlowField: the default language's attachment."""
    row = (
        InteractionTmplLanguage.select(InteractionTmplLanguage.attachment)
        .join(InteractionTemplate, on=(
            (InteractionTmplLanguage.interaction_template == InteractionTemplate.code)
            & (InteractionTmplLanguage.language_code == InteractionTemplate.language_code_default)))
        .where(InteractionTemplate.code == normalize_no(code))
        .tuples()
        .first()
    )
    return row[0] if row else None


def _snapshot(template: InteractionTemplate) -> dict:
    values = {}
    for name in TEMPLATE_FIELDS:
        value = getattr(template, name)
        values[name] = "" if value is None else value
    return values


def _wizard_action_error(code: str, action: WizardAction) -> FieldError:
    label = action.label or "(blank)"
    return FieldError(
        "wizard_action", f"Wizard Action = {label} can't be used for Interaction Template {code}."
    )


def _wizard_action_invalid(action: WizardAction, layout: bool, attachment: bool, word_template: bool) -> bool:
    """SPEC 1.15 Wizard Action validation, the four invalid combinations (a)–(d)."""
    merge = action == WizardAction.MERGE
    return (
        (layout and not merge and not word_template)  # (a)
        or (not layout and merge and not word_template)  # (b)
        or (word_template and action == WizardAction.IMPORT)  # (c)
        or (not attachment and not word_template and merge)  # (d)
    )


def default_language_effects(wizard: WizardAction, record: InteractionTmplLanguage | None):
    """Validating Language Code (Default): (Wizard Action, Word Template Code) that follow.

    A language with an email-merge layout makes the Wizard Action Merge; one
    without turns Merge back to blank. The Word Template Code is the language's.
    """
    if record is not None and record.custom_layout_code:
        wizard = WizardAction.MERGE
    elif wizard == WizardAction.MERGE:
        wizard = WizardAction.BLANK
    word = (record.word_template_code or "") if record is not None else ""
    return wizard, word


# ---------------------------------------------------------------- templates

def save_template(code: str | None, values: Mapping, confirm: Confirm = answer_default
                  ) -> InteractionTemplate | None:
    """Create (``code`` None: the code is ``values["code"]``) or update a template.

    ``values`` holds any of TEMPLATE_FIELDS (typed values or their texts); a
    field left out keeps its value. Rules run in Business Central's field
    order, on the fields whose value changes:

    * Code and Interaction Group Code must have a value; the group, campaign,
      language and Word template must exist; Unit Cost ≥ 0; Unit Duration a
      whole number ≥ 0. A new template's Correspondence Type (Default) is Email.
    * Language Code (Default) without a language record asks "Create
      Interaction Tmpl. Language X?" (default Yes); No cancels the whole save
      (returns None, nothing written). The language's layout sets or clears
      Wizard Action Merge, and its Word Template Code becomes the template's.
    * Word Template Code: refused with Wizard Action Import; when the default
      language's record has an attachment asks "... Remove the attachment?"
      (default Yes; No clears the Word Template Code and saves the rest); the
      code is written into the default language's record (created if missing).
    * Wizard Action is checked against the four invalid combinations (SPEC 1.15
      a–d) whenever the default language has a record. The check sees the
      values the whole form is saving (not the field-by-field intermediate
      state), so Merge and a Word template can be set in one save.
    """
    values = dict(values)
    unknown = set(values) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"save_template: unknown fields {sorted(unknown)}")

    creating = code is None
    if creating:
        code = value_rules.code("code", "Code", values.get("code"), 10)
        if not code:
            raise FieldError("code", "Code must have a value.")
        if InteractionTemplate.select().where(InteractionTemplate.code == code).exists():
            raise FieldError("code", f"Interaction Template {code} already exists.")
        template = InteractionTemplate(code=code)
    else:
        template = get_template(code)
        code = template.code
        if "code" in values and value_rules.code("code", "Code", values["code"], 10) not in ("", code):
            raise FieldError("code", f"The Code of Interaction Template {code} cannot be changed.")

    old = _snapshot(template)
    given = {name: _parse_template_value(name, value) for name, value in values.items() if name != "code"}
    new = {**old, **given}

    group = new["interaction_group_code"]
    if not group:
        raise FieldError(
            "interaction_group_code",
            f"Interaction Group Code must have a value in Interaction Template: Code={code}.",
        )
    check_exists("interaction_group_code", "Interaction Group Code", InteractionGroup, group)
    check_exists("campaign_no", "Campaign No.", Campaign, new["campaign_no"])
    check_exists("language_code_default", "Language Code (Default)", Language, new["language_code_default"])
    check_exists("word_template_code", "Word Template Code", WordTemplate, new["word_template_code"])

    # 17 Language Code (Default)
    language = new["language_code_default"]
    language_changed = (language != old["language_code_default"]) or (creating and language != "")
    record = None if creating else get_template_language(code, language)
    create_record = False
    wizard, word = old["wizard_action"], old["word_template_code"]
    if language_changed:
        if record is None and language:
            if not confirm(CREATE_LANGUAGE_Q.format(language=language), True):
                return None
            create_record = True
        wizard, word = default_language_effects(wizard, record)

    # 18 Wizard Action: the user's value wins over what the language implied
    if new["wizard_action"] != old["wizard_action"]:
        wizard = new["wizard_action"]

    # 20 Word Template Code
    word_changed = new["word_template_code"] != old["word_template_code"]
    remove_attachment = False
    if word_changed:
        word = new["word_template_code"]
        if word:
            if wizard == WizardAction.IMPORT:
                raise FieldError(
                    "word_template_code",
                    f"Word Template Code = {word} can't be used with Wizard Action Import.",
                )
            check_word_template_language("word_template_code", word, language)
            if record is not None and record.attachment_no:
                if confirm(REMOVE_ATTACHMENT_Q, True):
                    remove_attachment = True
                else:
                    word = ""

    has_record = record is not None or create_record
    if has_record and (creating or language_changed or word_changed or wizard != old["wizard_action"]):
        layout = bool(record is not None and record.custom_layout_code)
        attachment = bool(record is not None and record.attachment_no) and not remove_attachment
        if _wizard_action_invalid(wizard, layout, attachment, bool(word)):
            raise _wizard_action_error(code, wizard)

    with db.atomic():
        for name in TEMPLATE_FIELDS:
            if name in ("code", "wizard_action", "word_template_code"):
                continue
            value = new[name]
            if name in ("interaction_group_code", "campaign_no"):
                value = value or None
            setattr(template, name, value)
        template.wizard_action = wizard
        template.word_template_code = word or None
        template.save(force_insert=creating)

        if create_record:
            record = get_template_language(code, language) or InteractionTmplLanguage.create(
                interaction_template=code, language_code=language, description=new["description"],
            )
        if word_changed:
            if record is None and word:
                record = get_template_language(code, language) or InteractionTmplLanguage.create(
                    interaction_template=code, language_code=language, description=new["description"],
                )
            if record is not None:
                write_language_record(record, word_template_code=word or None)
        if remove_attachment and record is not None:
            old_attachment = record.attachment_no
            write_language_record(record, attachment_no=None)
            attachments.delete_attachment(old_attachment)
    return template


def write_language_record(record: InteractionTmplLanguage, **changes) -> None:
    """Write changes to a language record by its key, and to the record in hand."""
    InteractionTmplLanguage.update(**changes).where(
        (InteractionTmplLanguage.interaction_template == record.interaction_template_code)
        & (InteractionTmplLanguage.language_code == record.language_code)
    ).execute()
    for name, value in changes.items():
        setattr(record, name, value)


def delete_template(code: str) -> None:
    """Delete a template with its language records and their attachments (read-only ones stay).

    Interaction Log Entries keep the code (as in Business Central). A template a
    segment still uses is refused: the segment would point at nothing.
    """
    from models.tables.segments import SegmentHeader, SegmentLine

    with db.atomic():
        template = get_template(code)
        code = template.code
        used = (SegmentHeader.select().where(SegmentHeader.interaction_template == code).count()
                + SegmentLine.select(SegmentLine.segment).distinct()
                .where(SegmentLine.interaction_template_code == code).count())
        if used:
            raise UserError(
                f"Interaction Template {code} is used by segments; change or delete them first."
            )
        numbers = [no for (no,) in InteractionTmplLanguage.select(InteractionTmplLanguage.attachment)
                   .where(InteractionTmplLanguage.interaction_template == code).tuples()]
        InteractionTmplLanguage.delete().where(InteractionTmplLanguage.interaction_template == code).execute()
        attachments.delete_attachments(numbers)
        InteractionTemplate.delete().where(InteractionTemplate.code == code).execute()


# ---------------------------------------------------------------- statistics

class InteractionStatistics(NamedTuple):
    no_of_interactions: int
    cost: Decimal  # Cost (LCY)
    duration: int  # Duration (Min.)


def _statistics(condition, date_from: dt.date | None, date_to: dt.date | None) -> InteractionStatistics:
    ile = InteractionLogEntry
    condition &= (ile.canceled == False) & (ile.postponed == False)  # noqa: E712
    if date_from is not None:
        condition &= ile.date >= date_from
    if date_to is not None:
        condition &= ile.date <= date_to
    count, cost, duration = (
        ile.select(pw.fn.COUNT(ile.entry_no), pw.fn.SUM(ile.cost), pw.fn.SUM(ile.duration))
        .where(condition)
        .tuples()
        .get()
    )
    return InteractionStatistics(
        int(count or 0),
        Decimal(str(cost or 0)).quantize(CENT, rounding=ROUND_HALF_UP),
        int(duration or 0),
    )


def template_statistics(code: str, date_from: dt.date | None = None,
                        date_to: dt.date | None = None) -> InteractionStatistics:
    """No. of Interactions, Cost (LCY), Duration (Min.) of a template's entries (SPEC 1.15 #14–16).

    Canceled and postponed entries are left out; the dates are inclusive.
    """
    code = normalize_no(code)
    return _statistics(InteractionLogEntry.interaction_template_code == code, date_from, date_to)


def group_statistics(code: str, date_from: dt.date | None = None,
                     date_to: dt.date | None = None) -> InteractionStatistics:
    """The same figures over an Interaction Group's entries (SPEC 1.14)."""
    code = normalize_no(code)
    return _statistics(InteractionLogEntry.interaction_group_code == code, date_from, date_to)


# ---------------------------------------------------------------- groups

def save_group(code: str | None, values: Mapping) -> InteractionGroup:
    """Create (``code`` None: the code is ``values["code"]``) or update an Interaction Group."""
    values = dict(values)
    unknown = set(values) - {"code", "description"}
    if unknown:
        raise TypeError(f"save_group: unknown fields {sorted(unknown)}")
    with db.atomic():
        if code is None:
            code = value_rules.code("code", "Code", values.get("code"), 10)
            if not code:
                raise FieldError("code", "Code must have a value.")
            if InteractionGroup.select().where(InteractionGroup.code == code).exists():
                raise FieldError("code", f"Interaction Group {code} already exists.")
            group = InteractionGroup(code=code)
            creating = True
        else:
            code = normalize_no(code)
            group = InteractionGroup.get_or_none(InteractionGroup.code == code)
            if group is None:
                raise UserError(f"Interaction Group {code} does not exist.")
            if "code" in values and value_rules.code("code", "Code", values["code"], 10) not in ("", code):
                raise FieldError("code", f"The Code of Interaction Group {code} cannot be changed.")
            creating = False
        if "description" in values:
            group.description = value_rules.text("description", "Description", values["description"],
                                                 DESCRIPTION_LENGTH)
        group.save(force_insert=creating)
    return group


def delete_group(code: str) -> None:
    """Delete an Interaction Group that no template uses (entries keep the code)."""
    code = normalize_no(code)
    with db.atomic():
        if InteractionGroup.get_or_none(InteractionGroup.code == code) is None:
            raise UserError(f"Interaction Group {code} does not exist.")
        used = InteractionTemplate.select().where(InteractionTemplate.interaction_group == code).count()
        if used:
            noun = "template" if used == 1 else "templates"
            raise UserError(f"Interaction Group {code} is used by {used} {noun}.")
        InteractionGroup.delete().where(InteractionGroup.code == code).execute()
