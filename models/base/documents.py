"""What an imported file must be before Relman stores it, and how a Word document is read.

Every import (a template language's attachment, a line's personalised letter, Modify Word
Template, the wizard's Import File) reads its file through ``read_file`` in
models/tables/attachments.py, which checks it here:

* no file is larger than the limit: ``max_document_mb`` in the ``[files]`` section of
  relman.toml, or RELMAN_MAX_DOCUMENT_MB (default 25 MB, what mail servers commonly
  accept). The file is never read past the limit.
* a Word document (``check_document``) also unpacks to no more than the limit — the total
  of its parts' sizes in the zip's central directory, checked before anything is
  unpacked; the message gives how many times its size it unpacks to. A part is never
  inflated past the size the directory gives (``read_part``): one that claims less fails
  its check sum. Only stored and deflated parts are read (all Word writes), no part is
  encrypted and no name is repeated; then every part is unpacked (check sums) and every
  XML part parsed, so a document that is stored can always be merged, shown and sent.
  There is no separate limit on the packing ratio: real documents pack XML 10 to over 200
  times (python-docx, 20,000 alike paragraphs: 262), so a ratio alone would refuse them,
  while the unpacked total refuses every bomb.
* a Word template (.dotx, .dotm) or macro-enabled document (.docm) is converted to a plain
  .docx: the main part gets the document content type and the macro parts (VBA project,
  its data, key map customisations, toolbars) go with their relationships. Relman saves
  letters as .docx and Word refuses a .docx with a template or macro content type;
  converting once, on import, makes every later use (merge, letters sent as they are,
  export, e-mail) right without each having to know. Macros are never kept: a letter
  that runs code is not a letter.

``read_zip`` / ``parse_xml`` / ``to_bytes`` are how the merge (models/merge) reads and
writes a Word document's parts too: one parser, with entities never resolved.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path

from models.base.config import settings
from models.base.errors import UserError

MB = 1024 * 1024
_PIECE = 256 * 1024
DEFAULT_MAX_MB = 25
LIMIT_ENV = {"max_document_mb": "RELMAN_MAX_DOCUMENT_MB"}
WORD_EXTENSIONS = {"DOCX", "DOCM", "DOTX", "DOTM"}
_HOW_TO_RAISE = "max_document_mb in [files] of relman.toml, or RELMAN_MAX_DOCUMENT_MB"

CONTENT_TYPES = "[Content_Types].xml"
MAIN_PART = "word/document.xml"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_WORDML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
DOCUMENT_TYPE = f"{_WORDML}.document.main+xml"
CONVERTED_TYPES = {  # main part content types converted to DOCUMENT_TYPE
    f"{_WORDML}.template.main+xml",  # .dotx
    "application/vnd.ms-word.document.macroEnabled.main+xml",  # .docm
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",  # .dotm
}
MACRO_TYPES = {  # parts a .docx may not hold
    "application/vnd.ms-office.vbaProject",
    "application/vnd.ms-word.vbaData+xml",
    "application/vnd.ms-word.keyMapCustomizations+xml",
    "application/vnd.ms-word.attachedToolbars",
}


# ---------------------------------------------------------------- messages

def not_a_word_document(name: str) -> UserError:
    return UserError(f"{name} is not a Word document (.docx).")


def encrypted(name: str) -> UserError:
    return UserError(f"{name} is encrypted (password-protected) and cannot be read: save it without a "
                     "password and try again.")


def damaged(name: str, part: str, reason: str) -> UserError:
    return UserError(f"{name} is damaged: its part {part} {reason}. Open it in Word, save it again and "
                     "import it again.")


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"


def too_large(name: str, size: int, limit: int, packed: int | None = None) -> UserError:
    """The file is larger than the limit, or (``packed``: its size) unpacks to more."""
    what = f"is {_mb(size)}" if packed is None else \
        f"unpacks to {_mb(size)} ({size // max(packed, 1):,} times its size)"
    return UserError(f"{name} {what}, more than the limit of {limit // MB:,} MB for an imported document "
                     f"({_HOW_TO_RAISE}).")


# ---------------------------------------------------------------- the limit

def document_limit(environ: Mapping[str, str] = os.environ, config_file: Path | None = None) -> int:
    """The largest imported file, in bytes, and what a Word document may unpack to."""
    text = settings("files", LIMIT_ENV, environ, config_file).get("max_document_mb", "").strip()
    if not text:
        return DEFAULT_MAX_MB * MB
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 2047:
        raise UserError(f"The setting max_document_mb must be a whole number of megabytes from 1 to 2047, "
                        f"not '{text}'.")
    return value * MB


# ---------------------------------------------------------------- reading a Word document

def read_zip(content: bytes, name: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The zip of a Word document and its members; UserError when it is not one or a part
    is encrypted (zipfile would raise a bare RuntimeError on reading it)."""
    if not content:
        raise not_a_word_document(name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise not_a_word_document(name) from None
    if MAIN_PART not in {i.filename for i in infos}:
        raise not_a_word_document(name)
    if any(i.flag_bits & 0x1 for i in infos):
        raise encrypted(name)
    return archive, infos


def parse_xml(data: bytes, name: str, part: str | None = None):
    """An XML part as an lxml tree (entities never resolved); UserError when it is broken:
    "… is not a Word document", or naming the part and the fault when ``part`` is given."""
    from lxml import etree

    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, huge_tree=True))
    except etree.XMLSyntaxError as exc:
        if part is None:
            raise not_a_word_document(name) from None
        raise damaged(name, part, f"is not well-formed XML ({exc})") from None


def to_bytes(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_part(archive: zipfile.ZipFile, part: str | zipfile.ZipInfo, name: str) -> bytes:
    """A part unpacked (its check sum verified); UserError naming it when it cannot be.

    Read in pieces: zipfile stops at the size the zip's directory gives, so a part that
    claims less than it holds is never inflated past that (``archive.read`` would inflate
    it whole first) and then fails its check sum."""
    pieces = []
    try:
        with archive.open(part) as stream:
            while piece := stream.read(_PIECE):
                pieces.append(piece)
        return b"".join(pieces)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        label = part.filename if isinstance(part, zipfile.ZipInfo) else part
        raise damaged(name, label, f"cannot be unpacked ({exc})") from None


# ---------------------------------------------------------------- the check

def check_document(content: bytes, name: str, limit: int | None = None) -> bytes:
    """The Word document to store for an imported file: checked (see the module docstring)
    and, for a template or macro-enabled document, converted to a plain .docx. ``name``
    starts the messages ("The file letter.docx"); ``limit`` in bytes, default
    ``document_limit()``."""
    limit = document_limit() if limit is None else limit
    if len(content) > limit:
        raise too_large(name, len(content), limit)
    archive, infos = read_zip(content, name)
    with archive:
        unpacked = sum(i.file_size for i in infos)
        if unpacked > limit:
            raise too_large(name, unpacked, limit, packed=len(content))
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise not_a_word_document(name)
        trees = {}
        for info in infos:
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise not_a_word_document(name)
            data = read_part(archive, info, name)
            if info.filename == CONTENT_TYPES or info.filename.endswith(".rels"):
                trees[info.filename] = parse_xml(data, name, info.filename)
            elif info.filename.lower().endswith(".xml"):
                parse_xml(data, name, info.filename)
        types = trees.get(CONTENT_TYPES)
        if types is None:
            raise not_a_word_document(name)
        return _as_document(archive, infos, types, trees, name) or content


def _as_document(archive, infos, types, trees: dict, name: str) -> bytes | None:
    """The document converted to a plain .docx (see the module docstring); None when it is one."""
    overrides = {o.get("PartName", "").lstrip("/"): o for o in types if o.tag == _CT + "Override"}
    defaults = {d.get("Extension", "").lower(): d for d in types if d.tag == _CT + "Default"}

    def content_type(part: str) -> str:
        found = overrides.get(part)
        if found is None:
            found = defaults.get(posixpath.splitext(part)[1].lstrip(".").lower())
        return found.get("ContentType", "") if found is not None else ""

    main = overrides.get(MAIN_PART)
    macros = {i.filename for i in infos if content_type(i.filename) in MACRO_TYPES}
    if (main is None or main.get("ContentType") not in CONVERTED_TYPES) and not macros:
        return None
    if main is not None:
        main.set("ContentType", DOCUMENT_TYPE)
    dropped = macros | {_rels_of(part) for part in macros}
    for el in list(types):
        if el.get("PartName", "").lstrip("/") in dropped or el.get("ContentType") in MACRO_TYPES:
            types.remove(el)
    changed = {CONTENT_TYPES: types}
    for rels_part, root in trees.items():
        if rels_part.endswith(".rels") and rels_part not in dropped:
            source = _source_of(rels_part)
            for rel in list(root):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(source), rel.get("Target", "")))
                if rel.get("TargetMode") != "External" and target.lstrip("/") in dropped:
                    root.remove(rel)
                    changed[rels_part] = root
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as converted:
        for info in infos:
            if info.filename in dropped:
                continue
            tree = changed.get(info.filename)
            data = to_bytes(tree) if tree is not None else read_part(archive, info, name)
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.external_attr = info.external_attr
            converted.writestr(copy, data, compress_type=info.compress_type)
    return out.getvalue()


def _rels_of(part: str) -> str:
    folder, file = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{file}.rels")


def _source_of(rels_part: str) -> str:
    """The part a relationships part belongs to ("/" for the package's own _rels/.rels)."""
    folder, file = posixpath.split(rels_part)
    return "/" + posixpath.join(posixpath.dirname(folder), file.removesuffix(".rels"))
