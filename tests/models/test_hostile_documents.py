"""Hostile and careless Word files on every import path (issue 11; models/base/documents.py).

Each file is built here, small on disk: a zip bomb of 0.3 MB that unpacks to 300 MB (a
deflate block of 1 MB of spaces, written 300 times), a document with broken XML, a Word
template (.dotx) and a macro-enabled document (.docm), a part flagged as encrypted in
its zip headers. Every one goes through the four imports — a template language's
attachment, a line's personalised letter, Modify Word Template and the wizard's Import
File — and is refused in words before anything is stored, or (templates, macros)
stored as a plain .docx.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import struct
import tracemalloc
import zipfile
import zlib

import pytest

from models.base.documents import (
    DOCUMENT_TYPE,
    MB,
    check_document,
    document_limit,
)
from models.base.errors import UserError
from models.interactions import wizard as wz
from models.interactions.draft import Draft
from models.merge.html import docx_to_html
from models.merge.letters import MergeTemplate, document_text
from models.merge.package import Member, raw_member, write_zip
from models.merge.personalise import import_line_letter, import_modified_template
from models.merge.segment_letters import line_letter
from models.segments.template_languages import import_language_attachment
from models.tables.interactions import Attachment, WordTemplate
from models.tables.segments import SegmentHeader, SegmentLine
from tests.models import builders as b
from tests.models import segment_builders as sb
from tests.models.docx_builders import open_docx, paragraph, simple, template_with, text

LIMIT_HINT = r"\(max_document_mb in \[files\] of relman\.toml, or RELMAN_MAX_DOCUMENT_MB\)"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_TEMPLATE_TYPE = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


# ---------------------------------------------------------------- hostile files

def letter() -> bytes:
    return template_with(paragraph(text("Dear "), simple("CONTA_Name")))


def with_members(docx: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of a .docx with some members' content replaced and others added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            copy.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, data in add.items():
            copy.writestr(name, data)
    return out.getvalue()


def zip_bomb(unpacked_mb: int = 300, claimed: int | None = None) -> bytes:
    """A .docx with a well-formed XML part of ``unpacked_mb`` MB of spaces that packs into about
    1 KB per MB: independent deflate blocks (each ends byte-aligned and refers to nothing
    before it) joined into one stream, so nothing of that size is ever in memory. ``claimed``:
    the size its zip headers give instead (a bomb that lies)."""
    def block(data: bytes, last: bool = False) -> bytes:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return packer.compress(data) + packer.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)

    spaces = b" " * MB
    stream = block(b"<a>") + block(spaces) * unpacked_mb + block(b"</a>", last=True)
    crc = zlib.crc32(b"<a>")
    for _ in range(unpacked_mb):
        crc = zlib.crc32(spaces, crc)
    crc = zlib.crc32(b"</a>", crc)
    docx = letter()
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        members = [raw_member(docx, archive, info, "letter") for info in archive.infolist()]
    info = zipfile.ZipInfo("customXml/item2.xml", (2024, 1, 1, 0, 0, 0))
    size = unpacked_mb * MB + len(b"<a></a>")
    members.append(Member(info.filename, info, zipfile.ZIP_DEFLATED, crc, stream, claimed or size))
    return write_zip(members)


def encrypted_part(docx: bytes, part: str = "word/styles.xml") -> bytes:
    """The .docx with the "encrypted" flag (bit 0) set on one part, in its local header and in
    the central directory, as a zip tool that encrypts writes it."""
    data = bytearray(docx)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        local = archive.getinfo(part).header_offset
    data[local + 6:local + 8] = struct.pack("<H", struct.unpack("<H", data[local + 6:local + 8])[0] | 1)
    name = part.encode()
    central = 0
    while True:
        central = data.index(b"PK\x01\x02", central + 1)
        name_len = struct.unpack("<H", data[central + 28:central + 30])[0]
        if bytes(data[central + 46:central + 46 + name_len]) == name:
            break
    data[central + 8:central + 10] = struct.pack("<H", struct.unpack("<H", data[central + 8:central + 10])[0] | 1)
    return bytes(data)


def content_types(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read("[Content_Types].xml").decode()


def as_type(docx: bytes, main_type: str) -> bytes:
    """A Word template or macro-enabled document: the main part's content type changed."""
    types = content_types(docx).replace(DOCUMENT_TYPE, main_type)
    return with_members(docx, replace={"[Content_Types].xml": types.encode()})


def macro_enabled(docx: bytes) -> bytes:
    """A .docm as Word writes it: a VBA project (and its data part, its relationships) beside the document."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    types = content_types(docx).replace(DOCUMENT_TYPE, MACRO_TYPE).replace(
        "<Default Extension=\"jpeg\"",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/word/vbaData.xml" ContentType="application/vnd.ms-word.vbaData+xml"/>'
        "<Default Extension=\"jpeg\"")
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="rIdVba" Type="{VBA_REL}" Target="vbaProject.bin"/></Relationships>')
    vba_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                'microsoft.com/office/2006/relationships/wordVbaData" Target="vbaData.xml"/></Relationships>')
    vba_data = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><wne:vbaSuppData xmlns:wne="http://'
                'schemas.microsoft.com/office/word/2006/wordml"/>')
    return with_members(docx, replace={"[Content_Types].xml": types.encode(),
                                       "word/_rels/document.xml.rels": rels.encode()},
                        add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 a VBA project " * 20,
                             "word/_rels/vbaProject.bin.rels": vba_rels.encode(),
                             "word/vbaData.xml": vba_data.encode()})


BROKEN_BODY = ('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
               '2006/main"><w:body><w:p><w:r><w:t>Dear</w:r></w:p></w:body></w:document>').encode()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb()


# ---------------------------------------------------------------- the four imports

@pytest.fixture
def world(sqlite_db):
    """Template T1 (its attachment by language ""), Word template WT1, segment S1 on it with
    line 10000 for contact P1, and a wizard draft on a template with that Word template."""
    b.template("T1")
    WordTemplate.create(code="WT1", template=letter())
    sb.person("P1", "Anna Berg", first_name="Anna")
    SegmentHeader.create(no="S1", description="Spring", interaction_template="T1", word_template_code="WT1",
                         date=dt.date(2026, 3, 2))
    SegmentLine.create(segment="S1", line_no=10000, contact="P1", interaction_template_code="T1",
                       word_template_code="WT1", date=dt.date(2026, 3, 2))
    return sqlite_db


def _template_attachment(path):
    attachment = import_language_attachment("T1", "", path)
    return bytes(attachment.content), attachment.file_extension


def _personalised_letter(path):
    attachment = import_line_letter("S1", 10000, path)
    return bytes(attachment.content), attachment.file_extension


def _modified_template(path):
    attachment = import_modified_template("S1", path)
    return bytes(attachment.content), attachment.file_extension


def _wizard_import(path):
    draft = Draft(interaction_template_code="T1", word_template_code="WT1")
    wz.import_file(draft, path)
    return draft.attachment, draft.attachment_extension


IMPORTS = {"template attachment": _template_attachment, "personalised letter": _personalised_letter,
           "Modify Word Template": _modified_template, "wizard Import File": _wizard_import}


def refused(importer, path, message: str) -> None:
    """The import raises UserError matching ``message`` and stores nothing."""
    before = Attachment.select().count()
    with pytest.raises(UserError, match=message):
        importer(path)
    assert Attachment.select().count() == before


@pytest.mark.parametrize("importer", IMPORTS.values(), ids=IMPORTS.keys())
def test_a_zip_bomb_is_refused_from_its_directory_naming_the_limit(world, tmp_path, bomb, importer):
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    assert path.stat().st_size < 0.4 * MB
    refused(importer, path, r"^The file bomb\.docx unpacks to 300\.\d MB \([\d,]{3,5} times its size\), more than "
                            r"the limit of 25 MB for an imported document " + LIMIT_HINT + r"\.$")


@pytest.mark.parametrize("importer", IMPORTS.values(), ids=IMPORTS.keys())
def test_a_file_larger_than_the_configured_limit_is_refused(world, tmp_path, monkeypatch, importer):
    monkeypatch.setenv("RELMAN_MAX_DOCUMENT_MB", "1")
    photo = random.Random(11).randbytes(MB + MB // 4)  # does not pack: as a photo
    big = with_members(letter(), add={"word/media/image1.jpeg": photo})
    path = tmp_path / "big.docx"
    path.write_bytes(big)
    refused(importer, path, r"^The file big\.docx is 1\.\d MB, more than the limit of 1 MB for an imported "
                            r"document " + LIMIT_HINT)
    monkeypatch.setenv("RELMAN_MAX_DOCUMENT_MB", "3")
    assert importer(path)[1] == "DOCX"


@pytest.mark.parametrize("importer", IMPORTS.values(), ids=IMPORTS.keys())
@pytest.mark.parametrize("part, content, fault", [
    ("word/document.xml", BROKEN_BODY, "is not well-formed XML"),
    ("word/styles.xml", b"<w:styles><w:style>", "is not well-formed XML"),  # a part the merge never reads
    ("[Content_Types].xml", b"<Types", "is not well-formed XML"),
])
def test_broken_xml_in_any_part_is_refused_in_words(world, tmp_path, importer, part, content, fault):
    path = tmp_path / "broken.docx"
    path.write_bytes(with_members(letter(), replace={part: content}))
    refused(importer, path, rf"^The file broken\.docx is damaged: its part {re.escape(part)} {fault} \(.+\)\. "
                            r"Open it in Word, save it again and import it again\.$")


@pytest.mark.parametrize("importer", IMPORTS.values(), ids=IMPORTS.keys())
def test_an_encrypted_part_is_refused_in_words(world, tmp_path, importer):
    path = tmp_path / "secret.docx"
    path.write_bytes(encrypted_part(letter()))
    refused(importer, path, r"^The file secret\.docx is encrypted \(password-protected\) and cannot be read: "
                            r"save it without a password and try again\.$")


@pytest.mark.parametrize("importer", IMPORTS.values(), ids=IMPORTS.keys())
@pytest.mark.parametrize("suffix, main_type", [("dotx", TEMPLATE_TYPE), ("dotm", MACRO_TEMPLATE_TYPE)],
                         ids=["dotx", "dotm"])
def test_a_word_template_is_stored_as_a_document(world, tmp_path, importer, suffix, main_type):
    path = tmp_path / f"letter.{suffix}"
    path.write_bytes(as_type(letter(), main_type))
    with pytest.raises(ValueError, match="not a Word file"):  # what Word and python-docx say of it as .docx
        open_docx(path.read_bytes())
    content, extension = importer(path)
    assert extension == "DOCX"
    assert f'PartName="/word/document.xml" ContentType="{DOCUMENT_TYPE}"' in content_types(content)
    assert [p.text for p in open_docx(content).paragraphs] == ["Dear "]  # python-docx shows no field result


@pytest.mark.parametrize("importer", IMPORTS.values(), ids=IMPORTS.keys())
def test_a_macro_enabled_document_is_stored_without_its_macros(world, tmp_path, importer):
    path = tmp_path / "letter.docm"
    path.write_bytes(macro_enabled(letter()))
    content, extension = importer(path)
    assert extension == "DOCX"
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = set(archive.namelist())
        rels = archive.read("word/_rels/document.xml.rels").decode()
        assert archive.testzip() is None
    assert not names & {"word/vbaProject.bin", "word/vbaData.xml", "word/_rels/vbaProject.bin.rels"}
    assert "word/styles.xml" in names and "vbaProject" not in rels and 'Target="styles.xml"' in rels
    types = content_types(content)
    assert "vba" not in types.lower() and "macroEnabled" not in types
    assert f'PartName="/word/document.xml" ContentType="{DOCUMENT_TYPE}"' in types
    assert [p.text for p in open_docx(content).paragraphs] == ["Dear "]  # python-docx shows no field result


def test_letters_of_a_converted_template_are_word_documents(world, tmp_path):
    """Modify Word Template with a .docm: the line's letter, saved as .docx, has the document
    content type and no macros."""
    path = tmp_path / "letter.docm"
    path.write_bytes(macro_enabled(letter()))
    import_modified_template("S1", path)
    merged = line_letter("S1", 10000)
    assert f'ContentType="{DOCUMENT_TYPE}"' in content_types(merged) and "vba" not in content_types(merged)
    assert [p.text for p in open_docx(merged).paragraphs] == ["Dear Anna Berg"]


def test_a_plain_document_is_stored_as_it_is(world, tmp_path):
    original = letter()
    path = tmp_path / "letter.docx"
    path.write_bytes(original)
    for importer in IMPORTS.values():
        assert importer(path) == (original, "DOCX")


# ---------------------------------------------------------------- the limit

def test_the_limit_comes_from_relman_toml_and_the_environment(tmp_path):
    config = tmp_path / "relman.toml"
    assert document_limit({}, config) == 25 * MB  # no file
    config.write_text('[delivery]\npdf = false\n\n[files]\nmax_document_mb = 4\n')
    assert document_limit({}, config) == 4 * MB
    assert document_limit({"RELMAN_MAX_DOCUMENT_MB": " 7 "}, config) == 7 * MB
    assert document_limit({"RELMAN_MAX_DOCUMENT_MB": " "}, config) == 4 * MB
    for bad in ("0", "lots", "2048", "1.5"):
        with pytest.raises(UserError, match=f"max_document_mb must be a whole number of megabytes from 1 to "
                                            f"2047, not '{re.escape(bad)}'"):
            document_limit({"RELMAN_MAX_DOCUMENT_MB": bad}, config)
    config.write_text("[files]\nmax_document = 4\n")
    with pytest.raises(UserError, match=r"Unknown setting 'max_document' in \[files\] of .*max_document_mb"):
        document_limit({}, config)


def test_any_imported_file_is_refused_past_the_limit_without_reading_it(world, tmp_path, monkeypatch):
    monkeypatch.setenv("RELMAN_MAX_DOCUMENT_MB", "1")
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF" + bytes(MB))
    refused(_template_attachment, path, r"^The file scan\.pdf is 1\.0 MB, more than the limit of 1 MB")
    refused(_wizard_import, tmp_path, "could not be read")  # a folder is not a file


def test_a_bomb_that_lies_about_its_size_is_never_unpacked_past_it():
    """Its directory says 1,000 bytes: the part is read up to that, fails its check sum and is
    refused; reading it whole first (zipfile's read) would take 300 MB."""
    liar = zip_bomb(claimed=1000)
    tracemalloc.start()
    try:
        with pytest.raises(UserError, match=r"^The file liar\.docx is damaged: its part customXml/item2\.xml "
                                            r"cannot be unpacked \(Bad CRC-32"):
            check_document(liar, "The file liar.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * MB


def test_check_document_unit_cases():
    docx = letter()
    assert check_document(docx, "The file a.docx", limit=MB) == docx
    with pytest.raises(UserError, match=r"^The file a\.docx is not a Word document \(\.docx\)\.$"):
        check_document(b"PK\x03\x04 not really a zip", "The file a.docx")
    duplicated = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(duplicated, "w") as copy:
        for info in source.infolist():
            copy.writestr(info.filename, source.read(info))
        with pytest.warns(UserWarning, match="Duplicate name"):
            copy.writestr("word/document.xml", BROKEN_BODY)
    with pytest.raises(UserError, match="is not a Word document"):
        check_document(duplicated.getvalue(), "The file a.docx")


# ---------------------------------------------------------------- stored before: shown and merged in words

@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml"])
def test_an_encrypted_document_already_stored_is_shown_and_merged_in_words(part):
    """Show Attachment and Preview read stored documents with document_text; merging and the
    e-mail body read them too: a message in words, never zipfile's RuntimeError."""
    secret = encrypted_part(letter(), part)
    message = r"^The attachment is encrypted \(password-protected\) and cannot be read"
    with pytest.raises(UserError, match=message):
        document_text(secret, "The attachment")
    with pytest.raises(UserError, match=message):
        MergeTemplate(secret, "The attachment")
    with pytest.raises(UserError, match=message):
        docx_to_html(secret, name="The attachment")
