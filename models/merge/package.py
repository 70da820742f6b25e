"""A .docx parsed once for merging: literal chunks and field slots, and a fast zip writer.

``Package(content)`` reads the zip once. Every part that can hold fields (body,
headers, footers, notes) is parsed once with lxml; each MERGEFIELD Relman knows —
simple (``w:fldSimple``) or complex (``w:fldChar`` begin … instrText … separate …
result … end, the instruction in any number of runs and ``w:instrText`` elements)
— is replaced by one run that keeps the formatting of the field's result (the
first result run's ``w:rPr``; ``\\* CHARFORMAT``: the field code's) and holds a
slot. The part is then serialized once and split into literal byte chunks and
slots, so a letter is a join of bytes.

Writing a letter (``Package.letter``) joins the changed parts, deflates only those
and writes a zip by hand: the unchanged members (styles, theme, fonts, images …)
are copied as the template's already-compressed bytes, never re-compressed.

A field Relman does not know is left as it is (a field with Word's «placeholder»
result), so a wrong name shows in the letter and in ``unknown``.
"""

from __future__ import annotations

import copy
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from models.base.documents import parse_xml, read_part, read_zip, to_bytes
from models.merge.format import Switches, parse_instruction

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_W = "{%s}" % W_NS

FIELD_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
SLOT_OPEN, SLOT_CLOSE = "\ue000", "\ue001"
_SLOT_RE = re.compile(rb"<(?:(\w+):)?t>\xee\x80\x80(\d+)\xee\x80\x81</(?:\w+:)?t>")
# run content a field's result may be replaced with (kept: bookmarks, proofing marks)
_KEEP_IN_FIELD = {_W + name for name in ("bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
                                          "commentRangeStart", "commentRangeEnd")}


def where_of(part: str) -> str:
    """'body', 'header', 'footer', 'footnotes' or 'endnotes' for a part name."""
    stem = part.rsplit("/", 1)[-1].split(".")[0].rstrip("0123456789")
    return "body" if stem == "document" else stem


@dataclass(frozen=True)
class FoundField:
    """One MERGEFIELD of a template as written."""

    name: str
    form: str  # "simple" or "complex"
    part: str  # "word/document.xml", "word/header1.xml" …
    where: str  # "body", "table", "header", "footer", "footnotes", "endnotes"
    instruction: str
    switches: Switches = field(default_factory=Switches)


@dataclass(frozen=True)
class Slot:
    key: str  # the catalogue key of the field
    switches: Switches
    instr: bool = False  # nested in another field's instruction: written as instrText


# ---------------------------------------------------------------- zip members

_LOCAL = struct.Struct("<4sHHHHHLLLHH")
_CENTRAL = struct.Struct("<4sHHHHHHLLLHHHHHL")
_OFFSET = struct.Struct("<L")
_END = struct.Struct("<4sHHHHLLH")


def _dos_time(date_time) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    year = max(1980, year)
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


class Member:
    """A zip member ready to write: its local header + data, and its central entry."""

    __slots__ = ("name", "raw", "central_head", "name_bytes")

    def __init__(self, name: str, info: zipfile.ZipInfo, method: int, crc: int, data: bytes, size: int):
        self.name = name
        name_bytes = name.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        time, date = _dos_time(info.date_time)
        self.raw = _LOCAL.pack(b"PK\x03\x04", 20, flags, method, time, date, crc, len(data), size,
                               len(name_bytes), 0) + name_bytes + data
        made_by = (info.create_system << 8) | 20
        self.central_head = _CENTRAL.pack(b"PK\x01\x02", made_by, 20, flags, method, time, date, crc, len(data),
                                          size, len(name_bytes), 0, 0, 0, 0, info.external_attr)
        self.name_bytes = name_bytes


def deflate(data: bytes, level: int = 6) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def changed_member(info: zipfile.ZipInfo, data: bytes) -> Member:
    return Member(info.filename, info, zipfile.ZIP_DEFLATED, zlib.crc32(data), deflate(data), len(data))


def write_zip(members) -> bytes:
    """A zip archive of members in order (no zip64: a letter is far below 4 GiB)."""
    out, central, offset = [], [], 0
    for member in members:
        out.append(member.raw)
        central.append(member.central_head + _OFFSET.pack(offset) + member.name_bytes)
        offset += len(member.raw)
    directory = b"".join(central)
    count = len(central)
    out.append(directory)
    out.append(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0))
    return b"".join(out)


# ---------------------------------------------------------------- reading a package

def raw_member(content: bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> Member:
    """A member copied as its compressed bytes (stored and deflated members), else re-deflated."""
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        start = info.header_offset
        header = content[start:start + 30]
        if len(header) == 30 and header[:4] == b"PK\x03\x04":
            name_len, extra_len = struct.unpack("<HH", header[26:30])
            data_start = start + 30 + name_len + extra_len
            data = content[data_start:data_start + info.compress_size]
            if len(data) == info.compress_size:
                return Member(info.filename, info, info.compress_type, info.CRC, data, info.file_size)
    return changed_member(info, read_part(archive, info, name))


# ---------------------------------------------------------------- finding fields

class _Complex:
    __slots__ = ("begin", "pieces", "separate", "first_result", "first_instr", "in_instr", "end")

    def __init__(self, begin, in_instr: bool):
        self.begin = begin
        self.pieces: list[str] = []
        self.separate = None
        self.first_result = None
        self.first_instr = None
        self.in_instr = in_instr
        self.end = None


def find_fields(root):
    """(form, element(s), instruction, in_instruction) for every field in a part, in order
    of their ends (an inner field before the one around it)."""
    found = []
    stack: list[_Complex] = []
    for el in root.iter(_W + "fldSimple", _W + "fldChar", _W + "instrText", _W + "t"):
        tag = el.tag
        if tag == _W + "t":
            if stack and stack[-1].separate is not None and stack[-1].first_result is None:
                stack[-1].first_result = el.getparent()
        elif tag == _W + "instrText":
            if stack and stack[-1].separate is None:
                top = stack[-1]
                top.pieces.append(el.text or "")
                if top.first_instr is None:
                    top.first_instr = el.getparent()
        elif tag == _W + "fldSimple":
            found.append(("simple", el, el.get(_W + "instr", ""), bool(stack and stack[-1].separate is None)))
        else:
            kind = el.get(_W + "fldCharType")
            run = el.getparent()
            if kind == "begin":
                stack.append(_Complex(run, bool(stack and stack[-1].separate is None)))
            elif kind == "separate" and stack:
                stack[-1].separate = run
            elif kind == "end" and stack:
                frame = stack.pop()
                frame.end = run
                found.append(("complex", frame, "".join(frame.pieces), frame.in_instr))
    return found


def _in_table(el) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == _W + "tc":
            return True
        parent = parent.getparent()
    return False


def _slot_run(rpr, index: int):
    from lxml import etree

    run = etree.Element(_W + "r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    marker = etree.SubElement(run, _W + "t")
    marker.text = f"{SLOT_OPEN}{index}{SLOT_CLOSE}"
    return run


def _rpr(run):
    return run.find(_W + "rPr") if run is not None else None


def _replace_complex(root, frame: _Complex, run) -> None:
    begin, end = frame.begin, frame.end
    if begin is None or end is None or begin.tag != _W + "r" or end.tag != _W + "r":
        return
    begin.addprevious(run)
    parent = begin.getparent()
    if parent is end.getparent():
        node = begin
        while node is not None:
            following = node.getnext()
            if node.tag not in _KEEP_IN_FIELD:
                parent.remove(node)
            if node is end:
                break
            node = following
        return
    # a field whose result runs over paragraphs: every run from begin to end goes
    inside, doomed = False, []
    for el in root.iter(_W + "r"):
        if el is begin:
            inside = True
        if inside:
            doomed.append(el)
        if el is end:
            break
    for el in doomed:
        if el.getparent() is not None:
            el.getparent().remove(el)


def transform_part(root, part: str, resolve, slots: list[Slot], found_out: list[FoundField]) -> bool:
    """Replace every known MERGEFIELD of a part's tree with a slot run; report all fields.

    ``resolve(name) -> key | None``. Returns True when the part got a slot."""
    changed = False
    where = where_of(part)
    for form, target, instr, in_instr in find_fields(root):
        parsed = parse_instruction(instr)
        if parsed is None:
            continue
        name, switches = parsed
        anchor = target if form == "simple" else target.begin
        place = "table" if where == "body" and anchor is not None and _in_table(anchor) else where
        found_out.append(FoundField(name, form, part, place, instr.strip(), switches))
        key = resolve(name)
        if key is None:
            continue
        index = len(slots)
        slots.append(Slot(key, switches, in_instr))
        if form == "simple":
            result = target.find(_W + "r")
            run = _slot_run(_rpr(result), index)
            target.addprevious(run)
            target.getparent().remove(target)
        else:
            source = frame_rpr_source(target, switches)
            _replace_complex(root, target, _slot_run(_rpr(source), index))
        changed = True
    return changed


def frame_rpr_source(frame: _Complex, switches: Switches):
    order = (frame.first_instr, frame.begin) if switches.charformat else \
        (frame.first_result, frame.first_instr, frame.begin)
    return next((run for run in order if run is not None), None)


def split_chunks(data: bytes) -> tuple[list, str]:
    """A serialized part with slot markers as [bytes, int, bytes, int, …, bytes] and the w prefix."""
    pieces = _SLOT_RE.split(data)
    chunks: list = [pieces[0]]
    prefix = ""
    for i in range(1, len(pieces), 3):
        prefix = pieces[i].decode() if pieces[i] else ""
        chunks.append(int(pieces[i + 1]))
        chunks.append(pieces[i + 2])
    return chunks, prefix


# ---------------------------------------------------------------- rendering values

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\v")


def _escape(text: str) -> str:
    return _BAD_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_text(text: str, prefix: str, instr: bool = False) -> bytes:
    """Run content for a value: w:t pieces, w:br between lines, w:tab for tabs."""
    if not text:
        return b""
    p = f"{prefix}:" if prefix else ""
    if instr:
        return f'<{p}instrText xml:space="preserve">{_escape(text)}</{p}instrText>'.encode()
    out = []
    for i, line in enumerate(_NEWLINES.split(text)):
        if i:
            out.append(f"<{p}br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append(f"<{p}tab/>")
            if piece:
                out.append(f'<{p}t xml:space="preserve">{_escape(piece)}</{p}t>')
    return "".join(out).encode("utf-8")


# ---------------------------------------------------------------- the parsed package

class Package:
    """A .docx read once: its members, and its field parts as chunks and slots.

    ``resolve(name) -> key | None`` maps a field name to a catalogue key."""

    def __init__(self, content: bytes, name: str, resolve):
        self.name = name
        self.content = content
        archive, infos = read_zip(content, name)
        self.infos = infos
        self.fields: list[FoundField] = []
        self.slots: list[Slot] = []
        self.parts: dict[str, tuple[list, str]] = {}  # part -> (chunks, prefix)
        self.members: list = []  # Member, or the name of a part with slots
        self.xml: dict[str, bytes] = {}  # uncompressed XML of the field parts and a few others
        with archive:
            for info in infos:
                part = info.filename
                if FIELD_PARTS.match(part) or part in ("word/settings.xml", "[Content_Types].xml",
                                                       "word/_rels/document.xml.rels"):
                    data = read_part(archive, info, name)
                    self.xml[part] = data
                    if FIELD_PARTS.match(part) and (b"fldSimple" in data or b"fldChar" in data):
                        root = parse_xml(data, name)
                        drop_paragraph_ids(root)
                        if transform_part(root, part, resolve, self.slots, self.fields):
                            self.parts[part] = split_chunks(to_bytes(root))
                            self.members.append(part)
                            continue
                    elif part == "word/document.xml":
                        parse_xml(data, name)  # a corrupt body is not a Word document
                    if part == "word/settings.xml" and b"mailMerge" in data:
                        self.members.append(changed_member(info, without_mail_merge(data, name)))
                        continue
                self.members.append(raw_member(content, archive, info, name))
        self.info_by_name = {i.filename: i for i in infos}

    def render_part(self, part: str, rendered: list[bytes]) -> bytes:
        chunks, _prefix = self.parts[part]
        return b"".join([c if c.__class__ is bytes else rendered[c] for c in chunks])

    def letter(self, rendered: list[bytes]) -> bytes:
        """The .docx bytes of one letter, given the rendered content of every slot."""
        members = []
        for member in self.members:
            if member.__class__ is str:
                members.append(changed_member(self.info_by_name[member], self.render_part(member, rendered)))
            else:
                members.append(member)
        return write_zip(members)

    def prefix(self, part: str) -> str:
        return self.parts[part][1] if part in self.parts else "w"


def drop_paragraph_ids(root) -> None:
    """Remove every ``w14:paraId``/``w14:textId`` — of paragraphs and table rows (optional;
    a print file repeats parts, and Word wants them unique in a document)."""
    names = ("{%s}paraId" % W14_NS, "{%s}textId" % W14_NS)
    for el in root.iter(_W + "p", _W + "tr"):
        for attr in names:
            el.attrib.pop(attr, None)


def without_mail_merge(settings: bytes, name: str) -> bytes:
    """settings.xml without ``w:mailMerge``: a merged letter is no longer a main document
    (Word would otherwise ask for the data source when it opens the letter)."""
    root = parse_xml(settings, name)
    for el in root.findall(_W + "mailMerge"):
        root.remove(el)
    return to_bytes(root)
