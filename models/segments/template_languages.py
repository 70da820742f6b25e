"""A template's languages (Interaction Tmpl. Language) and their attachments (SPEC 1.16, 6.5).

The default language's record carries the template's Word Template Code and
attachment, so these rules keep the two in step. Questions go through
``confirm(question, default) -> bool`` and are asked before anything is written;
a declined question returns None and changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from models.base import values as value_rules
from models.base.ask import Confirm, answer_default
from models.base.db import db
from models.base.enums import WizardAction
from models.base.errors import FieldError, UserError
from models.segments.lookups import check_exists
from models.segments.templates import (
    DESCRIPTION_LENGTH,
    REMOVE_ATTACHMENT_Q,
    REPLACE_ATTACHMENT_Q,
    check_word_template_language,
    default_language_effects,
    get_template,
    get_template_language,
    write_language_record,
)
from models.tables import attachments
from models.tables.contacts import Language
from models.tables.interactions import InteractionTemplate, InteractionTmplLanguage

WORD_TEMPLATE_BLOCKS_ATTACHMENT = "An attachment can't be used when a Word template is specified."


def _language_code(value) -> str:
    language = value_rules.code("language_code", "Language Code", value, 10)
    check_exists("language_code", "Language Code", Language, language)
    return language


def _mirror_word_template(template: InteractionTemplate, language: str, word: str | None) -> None:
    """The default language's Word Template Code is the template's Word Template Code."""
    if template.language_code_default == language and (template.word_template_code or "") != (word or ""):
        if word and template.wizard_action == WizardAction.IMPORT:
            raise FieldError(
                "word_template_code", f"Word Template Code = {word} can't be used with Wizard Action Import."
            )
        InteractionTemplate.update(word_template=word or None).where(
            InteractionTemplate.code == template.code).execute()


def add_template_language(template_code: str, language_code: str, description: str = "",
                          word_template_code: str = "") -> InteractionTmplLanguage:
    """A new language record for a template (blank Language Code is allowed, as in BC)."""
    with db.atomic():
        template = get_template(template_code)
        language = _language_code(language_code)
        if get_template_language(template.code, language) is not None:
            raise FieldError(
                "language_code",
                f"Language {language or '(blank)'} already exists for Interaction Template {template.code}.",
            )
        word = value_rules.code("word_template_code", "Word Template Code", word_template_code, 30)
        check_word_template_language("word_template_code", word, language)
        _mirror_word_template(template, language, word)
        return InteractionTmplLanguage.create(
            interaction_template=template.code, language_code=language,
            description=value_rules.text("description", "Description", description, DESCRIPTION_LENGTH),
            word_template=word or None,
        )


def update_template_language(template_code: str, language_code: str, values: Mapping,
                             confirm: Confirm | None = None) -> InteractionTmplLanguage | None:
    """Change a language record: Description, Word Template Code, or its Language Code.

    Renaming the language moves the template's default language with it. A Word
    template on a record that has an attachment asks to remove the attachment
    (No: the Word Template Code stays as it was); without ``confirm`` it is
    refused.
    """
    values = dict(values)
    unknown = set(values) - {"language_code", "description", "word_template_code", "attachment_no"}
    if unknown:
        raise TypeError(f"update_template_language: unknown fields {sorted(unknown)}")
    template = get_template(template_code)
    record = get_template_language(template.code, language_code)
    if record is None:
        raise UserError(f"Language {language_code or '(blank)'} does not exist for Interaction Template "
                        f"{template.code}.")
    new_language = _language_code(values["language_code"]) if "language_code" in values else record.language_code
    renaming = new_language != record.language_code
    if renaming and get_template_language(template.code, new_language) is not None:
        raise FieldError("language_code",
                         f"Language {new_language or '(blank)'} already exists for Interaction Template "
                         f"{template.code}.")
    description = (value_rules.text("description", "Description", values["description"], DESCRIPTION_LENGTH)
                   if "description" in values else record.description)
    word = (value_rules.code("word_template_code", "Word Template Code", values["word_template_code"], 30)
            if "word_template_code" in values else (record.word_template_code or ""))
    word_changed = word != (record.word_template_code or "")
    remove_attachment = False
    if word_changed and word:
        check_word_template_language("word_template_code", word, new_language)
        if record.attachment_no:
            if confirm is None:
                raise FieldError("word_template_code",
                                 "A Word template can't be combined with an attachment. Remove the attachment first.")
            if confirm(REMOVE_ATTACHMENT_Q, True):
                remove_attachment = True
            else:
                word, word_changed = record.word_template_code or "", False

    with db.atomic():
        old_language = record.language_code
        if renaming:
            InteractionTmplLanguage.update(language_code=new_language).where(
                (InteractionTmplLanguage.interaction_template == template.code)
                & (InteractionTmplLanguage.language_code == old_language)).execute()
            record.language_code = new_language
            if template.language_code_default == old_language:
                InteractionTemplate.update(language_code_default=new_language).where(
                    InteractionTemplate.code == template.code).execute()
                template.language_code_default = new_language
        changes = {"description": description}
        if word_changed:
            changes["word_template_code"] = word or None
        if remove_attachment:
            changes["attachment_no"] = None
        old_attachment = record.attachment_no
        write_language_record(record, **changes)
        if remove_attachment:
            attachments.delete_attachment(old_attachment)
        if word_changed:
            _mirror_word_template(template, new_language, word)
    return record


def delete_template_language(template_code: str, language_code: str) -> None:
    """Delete a language record and its attachment (unless read-only).

    When it was the template's default language the default becomes blank, and
    the template takes the blank language's Word template and layout rule.
    """
    with db.atomic():
        template = get_template(template_code)
        record = get_template_language(template.code, language_code)
        if record is None:
            raise UserError(f"Language {language_code or '(blank)'} does not exist for Interaction Template "
                            f"{template.code}.")
        attachment_no = record.attachment_no
        InteractionTmplLanguage.delete().where(
            (InteractionTmplLanguage.interaction_template == template.code)
            & (InteractionTmplLanguage.language_code == record.language_code)).execute()
        attachments.delete_attachment(attachment_no)
        if template.language_code_default == record.language_code:
            blank = get_template_language(template.code, "")
            wizard, word = default_language_effects(template.wizard_action, blank)
            InteractionTemplate.update(
                language_code_default="", wizard_action=wizard, word_template=word or None,
            ).where(InteractionTemplate.code == template.code).execute()


def _language_record_for_attachment(template_code: str, language_code: str) -> InteractionTmplLanguage:
    template = get_template(template_code)
    language = _language_code(language_code)
    record = get_template_language(template.code, language)
    if record is None:
        record = InteractionTmplLanguage(
            interaction_template=template.code, language_code=language, description=template.description,
        )
    return record


def import_language_attachment(template_code: str, language_code: str, path: str | os.PathLike,
                               confirm: Confirm = answer_default) -> attachments.Attachment | None:
    """Read a file into the attachment of a template language (the record is created if missing).

    Refused when the record has a Word template or its attachment is read-only;
    an existing attachment asks "Replace the existing attachment?" (default No;
    No returns None and changes nothing). The file is checked before anything is asked or
    stored (attachments.read_file: the size limit; a Word file parsed whole and kept as a
    plain .docx).
    """
    record = _language_record_for_attachment(template_code, language_code)
    if record.word_template_code:
        raise UserError(WORD_TEMPLATE_BLOCKS_ATTACHMENT)
    existing = attachments.get_attachment(record.attachment_no)
    if existing is not None and existing.read_only:
        raise UserError(attachments.READ_ONLY)
    content, extension = attachments.read_file(path)
    if existing is not None and not confirm(REPLACE_ATTACHMENT_Q, False):
        return None
    with db.atomic():
        stored = get_template_language(record.interaction_template_code, record.language_code)
        if stored is None:
            record.save(force_insert=True)
            stored = record
        attachment = attachments.create_attachment(content, extension)
        old = stored.attachment_no
        write_language_record(stored, attachment_no=attachment.no)
        attachments.delete_attachment(old)
    return attachment


def export_language_attachment(template_code: str, language_code: str, path: str | os.PathLike) -> Path:
    """Write a template language's attachment to a file (or into a folder); the file written."""
    template = get_template(template_code)
    record = get_template_language(template.code, language_code)
    if record is None or not record.attachment_no:
        raise UserError(attachments.EMPTY)
    stem = f"{template.code}-{record.language_code}" if record.language_code else template.code
    return attachments.export_attachment(record.attachment_no, path, default_stem=stem)


def remove_language_attachment(template_code: str, language_code: str) -> bool:
    """Unlink a template language's attachment and delete it unless read-only; False if none."""
    with db.atomic():
        template = get_template(template_code)
        record = get_template_language(template.code, language_code)
        if record is None or not record.attachment_no:
            return False
        old = record.attachment_no
        write_language_record(record, attachment_no=None)
        attachments.delete_attachment(old)
    return True
