"""Personalised letters in a segment (SPEC 5.2, 5.4): a line's own letter, and the
segment-wide "Modify Word Template".

Business Central opens the document in Word and stores it back; a terminal does it
in two steps — export to a file the user edits in Word or LibreOffice, then import:

* ``export_line_letter`` writes the letter of one line merged for its contact
  (its personalised letter when it has one); ``import_line_letter`` stores the
  edited file as the line's unique attachment — a line-level Segment Interaction
  Language record for the line's language — with Merged = Yes: the Attachment
  column shows "Unique" and the letter is sent as it is. ``remove_line_letter``
  deletes it and the line falls back to the inherited document (SPEC 1.11).
* ``export_modified_template`` writes the segment's Word template (its modified
  copy when there is one); ``import_modified_template`` stores the edited file as
  the segment-wide copy: the attachment of the header-level language record of the
  default language, which keeps the Word Template Code. Every line without its own
  letter then uses it. ``reset_modified_template`` drops the copy.

Read-only rule (SPEC 5.4): an attachment a logged interaction used is never
replaced ("The attachment is read-only …") and never deleted by a remove path.

Confirmations follow models/base/ask.py: ``confirm(question, default) -> bool``,
asked before anything is written; a declined question returns None.
"""

from __future__ import annotations

import os
from pathlib import Path

from models.base.ask import Confirm, answer_default
from models.base.db import db
from models.base.errors import UserError
from models.base.files import letter_file_name, safe_file_name, write_atomic
from models.merge.segment_letters import line_letter
from models.segments.defaults import delete_line_language
from models.segments.lookups import (
    get_header,
    get_line,
    header_language,
    line_languages,
    lock_segment,
    modified_word_template,
)
from models.segments.templates import REPLACE_ATTACHMENT_Q
from models.tables import attachments
from models.tables.interactions import Attachment, InteractionTemplate, WordTemplate
from models.tables.segments import SegmentInteractionLanguage, SegmentLine

MODIFY_EXISTING_Q = "Modify the existing modified Word template?"
NO_WORD_TEMPLATE = "Segment {no} has no Word template to modify."


def _target(path: str | os.PathLike, default_name: str) -> Path:
    """A file path: ``path`` itself, in it when it is a folder, with .docx added when it has no suffix."""
    target = Path(path).expanduser()
    if target.is_dir():
        return target / default_name
    if not target.suffix:
        return target.with_name(target.name + ".docx")
    return target


def _read_docx(path: str | os.PathLike) -> bytes:
    """The Word document in a file, checked and made a plain .docx (attachments.read_file)."""
    return attachments.read_file(path, word=True)[0]


def _must_have(line: SegmentLine, caption: str) -> UserError:
    return UserError(f"{caption} must have a value in Segment Line: Segment No.={line.segment_no}, "
                     f"Line No.={line.line_no}.")


def _own_record(line: SegmentLine) -> SegmentInteractionLanguage | None:
    """The line's own record its letter comes from: for its language, else for its attachment."""
    records = line_languages(line.segment_no, line.line_no)
    return (next((r for r in records if (r.language or "") == (line.language_code or "")), None)
            or next((r for r in records if line.attachment_no and r.attachment_no == line.attachment_no), None))


# ---------------------------------------------------------------- a line's own letter

def export_line_letter(segment_no: str, line_no: int, path: str | os.PathLike) -> Path:
    """Write the letter of a segment line, merged for its contact (or its personalised
    letter), to a file (or into a folder as "<contact no> <name>.docx"); the file written."""
    from models.tables.contacts import Contact

    line = get_line(segment_no, line_no)
    if not line.contact_no:
        raise _must_have(line, "Contact No.")
    content = line_letter(line.segment_no, line.line_no)
    row = Contact.select(Contact.name).where(Contact.no == line.contact_no).tuples().first()
    return write_atomic(_target(path, letter_file_name(line.contact_no, row[0] if row else "")), content)


def import_line_letter(segment_no: str, line_no: int, path: str | os.PathLike,
                       confirm: Confirm = answer_default) -> Attachment | None:
    """Store an edited letter (.docx) as the line's unique attachment with Merged = Yes.

    The line needs a contact and an interaction template. When the line already has its
    own attachment: refused when it is read-only, else asks "Replace the existing
    attachment?" (default No; No returns None and changes nothing)."""
    line = get_line(segment_no, line_no)
    if not line.contact_no:
        raise _must_have(line, "Contact No.")
    if not line.interaction_template_code:
        raise _must_have(line, "Interaction Template Code")
    content = _read_docx(path)
    record = _own_record(line)
    existing = attachments.get_attachment(record.attachment_no) if record is not None else None
    if existing is not None and existing.read_only:
        raise UserError(attachments.READ_ONLY)
    if existing is not None and not confirm(REPLACE_ATTACHMENT_Q, False):
        return None
    with db.atomic():
        lock_segment(line.segment_no)  # as every write to a segment: not one logged meanwhile
        get_line(line.segment_no, line.line_no)
        attachment = attachments.create_attachment(content, "DOCX")
        if record is None:
            SegmentInteractionLanguage.create(
                segment=line.segment_no, segment_line_no=line.line_no, language=line.language_code or "",
                description=line.description, attachment_no=attachment.no, subject=line.subject,
                word_template_code=line.word_template_code or "")
        else:
            SegmentInteractionLanguage.update(attachment_no=attachment.no).where(
                (SegmentInteractionLanguage.segment == line.segment_no)
                & (SegmentInteractionLanguage.segment_line_no == line.line_no)
                & (SegmentInteractionLanguage.language == (record.language or ""))).execute()
            attachments.delete_attachment(record.attachment_no)
        SegmentLine.update(attachment_no=attachment.no, merged=True, language_code=(
            record.language if record is not None else line.language_code) or "").where(
            (SegmentLine.segment == line.segment_no) & (SegmentLine.line_no == line.line_no)).execute()
    return attachment


def remove_line_letter(segment_no: str, line_no: int) -> bool:
    """Delete a line's own letter: its line-level language record goes (the attachment too,
    unless read-only) and the line falls back to the inherited document (SPEC 1.11).
    False when the line has none."""
    line = get_line(segment_no, line_no)
    record = _own_record(line)
    if record is None:
        return False
    with db.atomic():
        lock_segment(line.segment_no)
        return delete_line_language(line.segment_no, line.line_no, record.language or "")


# ---------------------------------------------------------------- Modify Word Template

def _original(header) -> tuple[str, bytes]:
    """(code, document) of the segment's Word template: the default language's record's,
    else the header's, else its interaction template's."""
    record = header_language(header.no, header.language_code_default)
    code = (record.word_template_code if record is not None else "") or header.word_template_code or ""
    if not code and header.interaction_template_code:
        template = InteractionTemplate.get_or_none(InteractionTemplate.code == header.interaction_template_code)
        code = (template.word_template_code if template is not None else "") or ""
    row = WordTemplate.select(WordTemplate.template).where(WordTemplate.code == code).tuples().first() \
        if code else None
    if row is None or not row[0]:
        raise UserError(NO_WORD_TEMPLATE.format(no=header.no))
    return code, bytes(row[0])


def export_modified_template(segment_no: str, path: str | os.PathLike) -> Path:
    """Write the segment's Word template to a file for editing: its modified copy when it
    has one, else the original Word template."""
    header = get_header(segment_no)
    code, content = _original(header)
    modified = modified_word_template(header)
    if modified:
        content = attachments.content_of(modified)
    return write_atomic(_target(path, safe_file_name(f"{header.no} {code}")), content)


def import_modified_template(segment_no: str, path: str | os.PathLike,
                             confirm: Confirm = answer_default) -> Attachment | None:
    """Store an edited Word template as the segment-wide copy every line without its own
    letter uses (the "Modified Word Template").

    When a modified copy exists, asks "Modify the existing modified Word template?"
    (default Yes): Yes replaces it with the file (refused when it is read-only); No resets
    the copy from the original — the copy is removed, the lines use the original Word
    template again — and returns None without reading the file."""
    header = get_header(segment_no)
    code, _original_content = _original(header)
    modified = modified_word_template(header)
    if modified:
        if not confirm(MODIFY_EXISTING_Q, True):
            reset_modified_template(header.no)
            return None
        existing = attachments.get_attachment(modified)
        if existing is not None and existing.read_only:
            raise UserError(attachments.READ_ONLY)
    content = _read_docx(path)
    language = header.language_code_default or ""
    sil = SegmentInteractionLanguage
    with db.atomic():
        lock_segment(header.no)
        attachment = attachments.create_attachment(content, "DOCX")
        record = header_language(header.no, language)
        if record is None:
            sil.create(segment=header.no, segment_line_no=0, language=language,
                       description=f"{header.interaction_template_code or ''} {language}".strip(),
                       attachment_no=attachment.no, subject=header.subject_default, word_template_code=code)
        else:
            sil.update(attachment_no=attachment.no, word_template_code=record.word_template_code or code).where(
                (sil.segment == header.no) & (sil.segment_line_no == 0) & (sil.language == language)).execute()
            if record.attachment_no and record.attachment_no != attachment.no:
                attachments.delete_attachment(record.attachment_no)
    return attachment


def reset_modified_template(segment_no: str) -> bool:
    """Drop the segment's modified Word template (kept when read-only, but unlinked):
    the lines use the original Word template again. False when there was none."""
    header = get_header(segment_no)
    modified = modified_word_template(header)
    if not modified:
        return False
    sil = SegmentInteractionLanguage
    with db.atomic():
        lock_segment(header.no)
        sil.update(attachment_no=0).where(
            (sil.segment == header.no) & (sil.segment_line_no == 0)
            & (sil.language == (header.language_code_default or ""))).execute()
        attachments.delete_attachment(modified)
    return True


__all__ = [
    "export_line_letter", "import_line_letter", "remove_line_letter", "export_modified_template",
    "import_modified_template", "reset_modified_template", "MODIFY_EXISTING_Q",
]
