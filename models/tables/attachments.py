"""Attachments (SPEC 1.17, 5.4): files kept as bytes in the database.

Templates, segment languages, personalised letters and the Create Interaction wizard
share these helpers: read a file to import (every import's one check: its size, and a
Word document's full check in models/base/documents.py) into a new Attachment, write one
back to a file, copy one, and delete one unless it is read-only (an attachment a logged
interaction used is read-only: it is never deleted by a "remove" path and never replaced).

Storage is always Embedded (the bytes live in ``Attachment.attachment_file``).
"""

from __future__ import annotations

import os
from pathlib import Path

from models.base import context
from models.base.documents import WORD_EXTENSIONS, check_document, document_limit, too_large
from models.base.enums import StorageType
from models.base.errors import UserError
from models.base.files import safe_file_name, write_atomic
from models.tables.interactions import Attachment

IMPORT_FAILED = "The import was cancelled or the file could not be read."
EMPTY = "The attachment is empty."
READ_ONLY = "The attachment is read-only: it was used by a logged interaction and cannot be replaced."


def extension_of(path: str | os.PathLike) -> str:
    """A file's extension as Business Central stores it: upper case, no dot ('' when none)."""
    return Path(path).suffix.lstrip(".").upper()


def read_file(path: str | os.PathLike, *, word: bool = False) -> tuple[bytes, str]:
    """(content, extension) of a file to import; UserError when missing, unreadable, empty
    or larger than the import limit (models/base/documents.py; never read past it).

    A Word file (.docx, .docm, .dotx, .dotm; with ``word`` any file) must pass
    ``check_document`` and comes back as a plain .docx, extension DOCX.
    """
    if not path or not str(path).strip():
        raise UserError(IMPORT_FAILED)
    file = Path(path).expanduser()
    name = f"The file {file.name}"
    limit = document_limit()
    try:
        if not file.is_file():  # a folder, a device, a pipe
            raise UserError(IMPORT_FAILED)
        with file.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limit:
                raise too_large(name, size, limit)
            content = handle.read(limit + 1)
    except OSError:
        raise UserError(IMPORT_FAILED) from None
    if not content:
        raise UserError(IMPORT_FAILED)
    if len(content) > limit:  # grew while we read it
        raise too_large(name, len(content), limit)
    extension = extension_of(file)
    if word or extension in WORD_EXTENSIONS:
        return check_document(content, name, limit), "DOCX"
    return content, extension


def create_attachment(content: bytes, extension: str, *, read_only: bool = False) -> Attachment:
    """A new embedded Attachment holding ``content`` (No. = last + 1)."""
    return Attachment.create(
        attachment_file=content,
        storage_type=StorageType.EMBEDDED,
        file_extension=(extension or "").lstrip(".").upper(),
        read_only=read_only,
        last_modified=context.now(),
    )


def import_file(path: str | os.PathLike) -> Attachment:
    """A new Attachment with a file's content (see read_file for the errors)."""
    content, extension = read_file(path)
    return create_attachment(content, extension)


def get_attachment(no: int | None) -> Attachment | None:
    if not no:
        return None
    return Attachment.get_or_none(Attachment.no == no)


def content_of(no: int | None) -> bytes:
    """An attachment's bytes; UserError "The attachment is empty." when there are none."""
    attachment = get_attachment(no)
    content = attachment.content if attachment is not None else b""
    if not content:
        raise UserError(EMPTY)
    return content


def export_attachment(no: int | None, path: str | os.PathLike, default_stem: str = "attachment") -> Path:
    """Write an attachment to a file and return the file's path.

    ``path`` may be a folder (the file is named ``<default_stem>.<ext>`` in it) or
    a file name (the attachment's extension is added when the name has none).
    """
    attachment = get_attachment(no)
    content = attachment.content if attachment is not None else b""
    if not content:
        raise UserError(EMPTY)
    target = Path(path).expanduser()
    ext = (attachment.file_extension or "").lower()
    suffix = "." + safe_file_name(ext, "", 16) if ext else ""
    if target.is_dir():  # the name comes from codes: made safe, so it stays in the folder
        target = target / safe_file_name(default_stem, suffix)
    elif not target.suffix and suffix:
        target = target.with_name(target.name + suffix)
    return write_atomic(target, content)


def copy_attachment(no: int, *, read_only: bool = False) -> Attachment:
    """A new Attachment with the same content and extension (BC InsertAttachment)."""
    source = get_attachment(no)
    if source is None:
        raise UserError(f"Attachment {no} does not exist.")
    return create_attachment(source.content, source.file_extension, read_only=read_only)


def delete_attachment(no: int | None) -> bool:
    """Delete an attachment unless it is read-only; True when a row was deleted."""
    if not no:
        return False
    return bool(
        Attachment.delete().where((Attachment.no == no) & ~Attachment.read_only).execute()
    )


def delete_attachments(numbers) -> int:
    """Delete several attachments (read-only ones stay); the number deleted."""
    numbers = [n for n in set(numbers) if n]
    if not numbers:
        return 0
    return Attachment.delete().where(Attachment.no.in_(numbers) & ~Attachment.read_only).execute()
