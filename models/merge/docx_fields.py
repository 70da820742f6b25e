"""Word MERGEFIELDs in .docx files: write them as Word does, and find them again.

Word stores a merge field in one of two shapes, and a template made in Word mixes both:

* **simple** — one element carries the whole instruction::

      <w:fldSimple w:instr=" MERGEFIELD CONTA_Name \\* MERGEFORMAT ">
        <w:r><w:t>«CONTA_Name»</w:t></w:r>
      </w:fldSimple>

* **complex** — runs between a ``begin`` and an ``end`` field character; the
  instruction is the concatenation of every ``w:instrText`` before ``separate``
  (Word often splits it over several runs, e.g. after an edit or a spell check),
  and the runs between ``separate`` and ``end`` are the shown result::

      <w:r><w:fldChar w:fldCharType="begin"/></w:r>
      <w:r><w:instrText xml:space="preserve"> MERGEFIELD </w:instrText></w:r>
      <w:r><w:instrText xml:space="preserve">"CONTA_Post Code"</w:instrText></w:r>
      <w:r><w:instrText xml:space="preserve"> \\* MERGEFORMAT </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="separate"/></w:r>
      <w:r><w:t>«CONTA_Post Code»</w:t></w:r>
      <w:r><w:fldChar w:fldCharType="end"/></w:r>

A field name that contains a space is quoted in the instruction, as Word writes it
(``MERGEFIELD "Contact Mail Address"``); ``field_name`` undoes that.

The writers take python-docx paragraphs; python-docx itself is imported only inside
functions, so importing this module (and ``models``) stays fast.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_W = "{%s}" % W_NS

MERGEFORMAT = r"\* MERGEFORMAT"

# Parts of a .docx that can hold fields: the body, headers, footers, notes.
_FIELD_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")

_INSTR = re.compile(r'^\s*MERGEFIELD\s+(?:"((?:[^"\\]|\\.)*)"|(\S+))', re.IGNORECASE)


def instruction(name: str, switches: str = MERGEFORMAT) -> str:
    """The field instruction Word writes for a merge field: ``' MERGEFIELD name \\* MERGEFORMAT '``."""
    quoted = f'"{name}"' if (" " in name or '"' in name) else name
    return f" MERGEFIELD {quoted} {switches} " if switches else f" MERGEFIELD {quoted} "


def field_name(instr: str) -> str | None:
    """The merge field name in an instruction, or None when it is not a MERGEFIELD."""
    match = _INSTR.match(instr or "")
    if not match:
        return None
    if match.group(1) is not None:
        return match.group(1).replace('\\"', '"')
    return match.group(2)


def placeholder(name: str) -> str:
    """What Word shows for a field before merging: «name»."""
    return f"\u00ab{name}\u00bb"


def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement

    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(_W + key if ":" not in key else key, value)
    return element


def _run(*children, bold: bool = False):
    run = _el("w:r")
    rpr = _el("w:rPr")
    if bold:
        rpr.append(_el("w:b"))
    rpr.append(_el("w:noProof"))
    run.append(rpr)
    for child in children:
        run.append(child)
    return run


def _text(value: str):
    t = _el("w:t")
    t.text = value
    t.set("{%s}space" % XML_NS, "preserve")
    return t


def add_simple_field(paragraph, name: str, *, switches: str = MERGEFORMAT, bold: bool = False):
    """Append ``<w:fldSimple w:instr=" MERGEFIELD name … ">«name»</w:fldSimple>`` to a paragraph."""
    field = _el("w:fldSimple", instr=instruction(name, switches))
    field.append(_run(_text(placeholder(name)), bold=bold))
    paragraph._p.append(field)
    return field


def add_complex_field(
    paragraph, name: str, *, switches: str = MERGEFORMAT, split: bool = False, bold: bool = False
):
    """Append a begin / instrText / separate / «name» / end field to a paragraph.

    ``split=True`` writes the instruction over three runs, the way Word often
    stores an edited field (" MERGEFIELD ", the name, the switches).
    """
    instr = instruction(name, switches)
    if split:
        quoted = f'"{name}"' if (" " in name or '"' in name) else name
        pieces = [" MERGEFIELD ", quoted, f" {switches} " if switches else " "]
        # a name with a space is split once more, inside the quotes, as Word does
        if " " in quoted and len(quoted) > 4:
            cut = quoted.index(" ") + 1
            pieces[1:2] = [quoted[:cut], quoted[cut:]]
    else:
        pieces = [instr]
    assert "".join(pieces) == instr
    runs = [_run(_el("w:fldChar", fldCharType="begin"), bold=bold)]
    for piece in pieces:
        it = _el("w:instrText")
        it.text = piece
        it.set("{%s}space" % XML_NS, "preserve")
        runs.append(_run(it, bold=bold))
    runs.append(_run(_el("w:fldChar", fldCharType="separate"), bold=bold))
    runs.append(_run(_text(placeholder(name)), bold=bold))
    runs.append(_run(_el("w:fldChar", fldCharType="end"), bold=bold))
    for run in runs:
        paragraph._p.append(run)
    return runs


@dataclass(frozen=True)
class FieldRef:
    part: str  # e.g. "word/document.xml", "word/header1.xml"
    form: str  # "simple" or "complex"
    name: str


def merge_fields(docx: bytes) -> list[FieldRef]:
    """Every MERGEFIELD in a .docx, in document order per part, with its form."""
    from lxml import etree

    found: list[FieldRef] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        for part in sorted(zf.namelist()):
            if not _FIELD_PARTS.match(part):
                continue
            root = etree.fromstring(zf.read(part))
            stack: list[list[str] | None] = []  # open complex fields; None once separated
            for el in root.iter(_W + "fldSimple", _W + "fldChar", _W + "instrText"):
                if el.tag == _W + "fldSimple":
                    name = field_name(el.get(_W + "instr", ""))
                    if name:
                        found.append(FieldRef(part, "simple", name))
                elif el.tag == _W + "instrText":
                    if stack and stack[-1] is not None:
                        stack[-1].append(el.text or "")
                else:
                    kind = el.get(_W + "fldCharType")
                    if kind == "begin":
                        stack.append([])
                    elif kind in ("separate", "end") and stack:
                        pieces = stack[-1]
                        if pieces is not None:
                            name = field_name("".join(pieces))
                            if name:
                                found.append(FieldRef(part, "complex", name))
                        if kind == "end":
                            stack.pop()
                        else:
                            stack[-1] = None
    return found


FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def document_bytes(document) -> bytes:
    """Save a python-docx Document to bytes that depend only on its content.

    python-docx stamps every zip member with the current time; this rewrites the
    archive with one fixed time so the same document always gives the same bytes.
    """
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED
    ) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
