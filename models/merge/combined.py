"""The combined print file: every letter of one template in one .docx, a section per letter.

The template's document.xml is prepared once for repetition:

* its known fields become slots (as for single letters);
* the section properties that end the body are cut out: each letter ends with them —
  in a paragraph's ``w:pPr`` for every letter but the last, as the body's own
  ``w:sectPr`` for the last — so every letter keeps the template's page setup,
  headers and footers;
* the letter's first section starts on a new page (``w:type nextPage``) and restarts
  page numbering (``w:pgNumType w:start="1"``);
* header/footer references (``r:id``) and drawing ids (``wp:docPr id``) become
  per-letter markers; bookmarks and ``w14:paraId``/``textId`` (of paragraphs and table
  rows) are dropped (they would repeat, and Word reports repeated drawing ids as
  unreadable content).

A header or footer part with merge fields is written once per letter (letter 1 keeps
the original part; letter k gets ``word/header1_k.xml`` with its own relationship,
content type override and a copy of the part's relationships); parts without fields
are shared by all letters. Footnotes and endnotes are not repeated: fields in them
carry the first letter's values in the print file.

The file is written to a temporary name beside the target and renamed at the end
(models/base/files.py).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from models.base.ask import Progress, report
from models.base.documents import not_a_word_document, parse_xml, to_bytes
from models.base.errors import UserError
from models.base.files import atomic_path
from models.merge.fields import resolve
from models.merge.package import (
    _W,
    R_NS,
    WP_NS,
    drop_paragraph_ids,
    split_chunks,
    transform_part,
    without_mail_merge,
)

_ATTR_OPEN, _ATTR_CLOSE = "\ue002", "\ue003"
_ATTR_RE = re.compile(rb"\xee\x80\x82([rd]):([^\xee]*)\xee\x80\x83")
_BODY_START, _SECT, _BODY_END = "RELMAN-BODY-START", "RELMAN-FINAL-SECTION", "RELMAN-BODY-END"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
# w:sectPr children in schema order (where w:type and w:pgNumType go)
_SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def _set_child(sect, local: str, attrs: dict) -> None:
    """Set (or insert in schema order) a child of w:sectPr with attributes."""
    from lxml import etree

    existing = sect.find(_W + local)
    if existing is None:
        existing = etree.Element(_W + local)
        rank = _SECT_ORDER.index(local)
        after = None
        for child in sect:
            name = etree.QName(child).localname
            if name in _SECT_ORDER and _SECT_ORDER.index(name) < rank:
                after = child
        if after is None:
            sect.insert(0, existing)
        else:
            after.addnext(existing)
    for key, value in attrs.items():
        existing.set(_W + key, value)


def _split(data: bytes) -> list:
    """Chunks: bytes, slot indices (int) and attribute markers (("r", rId) / ("d", id))."""
    chunks, _prefix = split_chunks(data)
    out: list = []
    for chunk in chunks:
        if chunk.__class__ is not bytes:
            out.append(chunk)
            continue
        pieces = _ATTR_RE.split(chunk)
        out.append(pieces[0])
        for i in range(1, len(pieces), 3):
            out.append((pieces[i].decode(), pieces[i + 1].decode()))
            out.append(pieces[i + 2])
    return out


class _Prepared:
    """document.xml of a template prepared for repetition (see the module docstring)."""

    def __init__(self, template):
        from lxml import etree

        package = template.package
        name = template.name
        root = parse_xml(package.xml["word/document.xml"], name)
        self.slots: list = []
        transform_part(root, "word/document.xml", resolve, self.slots, [])
        body = root.find(_W + "body")
        if body is None:
            raise not_a_word_document(name)
        for tag in ("bookmarkStart", "bookmarkEnd"):
            for el in list(body.iter(_W + tag)):
                el.getparent().remove(el)
        drop_paragraph_ids(body)
        ids = []
        for el in body.iter("{%s}docPr" % WP_NS):
            value = el.get("id", "")
            if value.isdigit():
                ids.append(int(value))
                el.set("id", f"{_ATTR_OPEN}d:{value}{_ATTR_CLOSE}")
        self.id_stride = (max(ids) + 1) if ids else 0
        for el in body.iter(_W + "headerReference", _W + "footerReference"):
            rid = el.get("{%s}id" % R_NS)
            if rid:
                el.set("{%s}id" % R_NS, f"{_ATTR_OPEN}r:{rid}{_ATTR_CLOSE}")
        final = body[-1] if len(body) and body[-1].tag == _W + "sectPr" else None
        if final is None:
            final = etree.SubElement(body, _W + "sectPr")
        first = next(body.iter(_W + "sectPr"))
        _set_child(first, "type", {"val": "nextPage"})
        _set_child(first, "pgNumType", {"start": "1"})
        body.insert(0, etree.Comment(_BODY_START))
        final.addprevious(etree.Comment(_SECT))
        body.append(etree.Comment(_BODY_END))
        data = to_bytes(root)
        head, rest = data.split(f"<!--{_BODY_START}-->".encode(), 1)
        content, rest = rest.split(f"<!--{_SECT}-->".encode(), 1)
        sect, tail = rest.split(f"<!--{_BODY_END}-->".encode(), 1)
        self.head, self.tail = head, tail
        self.content = _split(content)
        self.sect = _split(sect)
        match = re.search(rb"<(\w+):body", head)
        self.w = match.group(1).decode() + ":" if match else ""


def _relationships(xml: bytes, name: str):
    root = parse_xml(xml, name)
    return root, {rel.get("Id"): rel for rel in root}


def write_combined(template, values, rows, total: int, target: Path, progress: Progress | None) -> Path:
    """Write the print file of ``rows`` (merge_fields Rows) to ``target``."""
    from lxml import etree

    package = template.package
    name = template.name
    prepared = getattr(template, "_combined", None)
    if prepared is None:
        prepared = template._combined = _Prepared(template)
    rels_xml = package.xml.get("word/_rels/document.xml.rels")
    types_xml = package.xml.get("[Content_Types].xml")
    rels_root, rels = _relationships(rels_xml, name) if rels_xml else (None, {})
    # header/footer parts with fields, by relationship id
    per_letter: dict[str, str] = {}
    for rid, rel in rels.items():
        target_name = rel.get("Target", "")
        part = "word/" + target_name.lstrip("/").removeprefix("word/")
        if part in package.parts and part != "word/document.xml" and rel.get("TargetMode") != "External":
            per_letter[rid] = part
    total = max(total, 0)

    def copy_name(part: str, k: int) -> str:
        stem, ext = os.path.splitext(part)
        return f"{stem}_{k + 1}{ext}"

    def copy_rid(rid: str, k: int) -> str:
        return f"{rid}_relman{k + 1}"

    # relationships and content types of the copies
    if per_letter and total > 1:
        types_root = parse_xml(types_xml, name)
        overrides = {o.get("PartName"): o.get("ContentType") for o in types_root
                     if etree.QName(o).localname == "Override"}
        for rid, part in per_letter.items():
            rel = rels[rid]
            kind = overrides.get("/" + part) or (_HEADER_TYPE if "header" in part else _FOOTER_TYPE)
            for k in range(1, total):
                copy = etree.SubElement(rels_root, "{%s}Relationship" % _RELS_NS)
                copy.set("Id", copy_rid(rid, k))
                copy.set("Type", rel.get("Type"))
                copy.set("Target", copy_name(rel.get("Target"), k))
                override = etree.SubElement(types_root, "{%s}Override" % _CT_NS)
                override.set("PartName", "/" + copy_name(part, k))
                override.set("ContentType", kind)
        types_xml = to_bytes(types_root)
        rels_xml = to_bytes(rels_root)

    with atomic_path(target) as temp:
        body_file = tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024)
        with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as out, body_file:
            infos = {i.filename: i for i in package.infos}
            out.writestr(_info(infos, "[Content_Types].xml"), types_xml)
            with zipfile.ZipFile(_package_bytes(template)) as source:
                for info in package.infos:
                    part = info.filename
                    if part in ("[Content_Types].xml", "word/document.xml") or part in per_letter.values():
                        continue
                    if part == "word/_rels/document.xml.rels" and rels_xml is not None:
                        out.writestr(_info(infos, part), rels_xml)
                    elif part == "word/settings.xml":
                        out.writestr(_info(infos, part), without_mail_merge(source.read(part), name))
                    else:
                        out.writestr(_info(infos, part), source.read(part))
                part_rels = {part: source.read(_rels_of(part)) for part in per_letter.values()
                             if _rels_of(part) in infos}
            body_file.write(prepared.head)
            w = prepared.w
            done = 0
            for k, row in enumerate(rows):
                rendered = template.rendered(values, row, prepared.slots)
                rid_map = {rid: (rid if k == 0 else copy_rid(rid, k)) for rid in per_letter}
                offset = prepared.id_stride * k
                body_file.write(_render(prepared.content, rendered, rid_map, offset))
                sect = _render(prepared.sect, rendered, rid_map, offset)
                if k < total - 1:
                    body_file.write(f"<{w}p><{w}pPr>".encode() + sect + f"</{w}pPr></{w}p>".encode())
                else:
                    body_file.write(sect)
                if per_letter:
                    letter_slots = template.rendered(values, row)
                    for rid, part in per_letter.items():
                        name_k = part if k == 0 else copy_name(part, k)
                        out.writestr(_info(infos, part, name_k), package.render_part(part, letter_slots))
                        if k and part in part_rels:
                            out.writestr(_info(infos, _rels_of(part), _rels_of(name_k)), part_rels[part])
                done += 1
                report(progress, done / total)
            if done == 0:
                raise UserError("There are no letters to print.")
            body_file.write(prepared.tail)
            body_file.seek(0)
            with out.open(_info(infos, "word/document.xml"), "w", force_zip64=True) as stream:
                shutil.copyfileobj(body_file, stream, 1024 * 1024)
    return target


def _rels_of(part: str) -> str:
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels"


def _info(infos: dict, part: str, name: str | None = None) -> zipfile.ZipInfo:
    original = infos.get(part)
    info = zipfile.ZipInfo(name or part, date_time=original.date_time if original else (2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    if original is not None:
        info.external_attr = original.external_attr
    return info


def _package_bytes(template):
    import io

    return io.BytesIO(template.package.content)


def _render(chunks: list, rendered: list[bytes], rid_map: dict, offset: int) -> bytes:
    out = []
    for chunk in chunks:
        kind = chunk.__class__
        if kind is bytes:
            out.append(chunk)
        elif kind is int:
            out.append(rendered[chunk])
        else:
            marker, value = chunk
            if marker == "r":
                out.append(rid_map.get(value, value).encode())
            else:
                out.append(str(int(value) + offset).encode())
    return b"".join(out)


__all__ = ["write_combined"]
