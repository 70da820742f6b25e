"""Word mail merge of MERGEFIELD templates (SPEC 5.1; issue 4): the engine.

The engine reads a template once (``MergeTemplate``): the zip's members once, every
field part (body, tables, headers, footers, notes) parsed once, each known
MERGEFIELD — ``w:fldSimple`` or ``w:fldChar`` begin/instrText…/separate/result/end,
however Word split its instruction — replaced by a slot that keeps the formatting
of the field's result. A letter is then a join of byte chunks and a hand-written
zip whose unchanged members are the template's compressed bytes (see
models/merge/package.py). Field names, values and salutations: models/merge/fields.py;
switches (``\\* Upper``, ``\\@ "d MMMM yyyy"``, ``\\# "0.00"``, ``\\b``/``\\f``):
models/merge/format.py. A segment's letters (SPEC 5.2): models/merge/segment_letters.py.

Public functions:

* ``inspect_template(content)`` → ``TemplateInfo`` (fields, forms, places, unknown names);
* ``coverage(content, recipients)`` → ``[(field, missing_count)]``: how many recipients
  have no value for each known field — one aggregate query for a segment number;
* ``merge_to_bytes(content, recipient)`` → one letter;
* ``merge_many(content, recipients, folder, progress)`` → one .docx per recipient;
* ``combined_document(content, recipients, path, progress)`` → one print file;
* ``document_text(docx)`` → the text of a letter for the terminal preview (``run_text``:
  what one element of a run shows, fields by their result).

Nothing is written half (models/base/files.py): a single file is written to a temporary
name beside the target and renamed; ``merge_many`` stages its letters in a temporary
folder inside the target folder and moves them in only when every letter is done. A file
of the same name in the target folder is replaced. ``progress(fraction, text)`` is told
of every letter done (models/base/ask.py).

Decisions:

* A field Relman does not know stays a field (Word shows its «placeholder»), so a
  misspelt name is visible in the letter; ``inspect_template`` lists it beforehand.
* A MERGEFIELD inside another field's instruction (``IF { MERGEFIELD … } = …``) becomes
  its value inside that instruction; Word evaluates the IF when it updates fields.
* Merged output drops ``w:mailMerge`` from settings.xml (the letter is no longer a
  main document that asks for its data source).
* Fields in footnotes/endnotes carry the first letter's values in a print file.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from models.base.ask import Progress, report
from models.base.errors import UserError
from models.base.files import StagedFolder, letter_file_name
from models.merge.fields import Recipient, Values, known_fields, resolve
from models.merge.format import Switches, format_value
from models.merge.missing import segment_missing

TEMPLATE = "The template"
NO_FIELDS = "{name} has no merge fields."

__all__ = [
    "Recipient", "MergeTemplate", "TemplateInfo", "TemplateField",
    "inspect_template", "coverage", "merge_to_bytes", "merge_rows", "merge_many", "combined_document",
    "document_text", "known_fields", "run_text",
]


# ---------------------------------------------------------------- the parsed template

@dataclass(frozen=True)
class TemplateField:
    name: str  # as written in the template
    known: str | None  # Relman's canonical name, None when unknown
    form: str  # "simple" | "complex"
    where: str  # "body" | "table" | "header" | "footer" | "footnotes" | "endnotes"
    part: str
    instruction: str


@dataclass(frozen=True)
class TemplateInfo:
    fields: list[TemplateField]
    unknown: list[str]  # names Relman does not know, each once, in order

    @property
    def names(self) -> list[str]:
        """Every field name once, in order of appearance."""
        return list(dict.fromkeys(f.name for f in self.fields))

    @property
    def known(self) -> list[str]:
        """The canonical names of the known fields, each once."""
        return list(dict.fromkeys(f.known for f in self.fields if f.known))


class MergeTemplate:
    """A template read once; ``letter(values, row)`` renders one letter's bytes.

    ``require_fields``: a template without a single MERGEFIELD raises
    "<name> has no merge fields." (a letter sent as it is does not need fields)."""

    def __init__(self, content: bytes, name: str = TEMPLATE, *, require_fields: bool = True):
        from models.merge.package import Package

        self.name = name
        self.package = Package(bytes(content or b""), name, resolve)
        if require_fields and not self.package.fields:
            raise UserError(NO_FIELDS.format(name=name))
        self._prefix = {part: prefix for part, (_c, prefix) in self.package.parts.items()}

    @property
    def info(self) -> TemplateInfo:
        fields = [TemplateField(f.name, resolve(f.name), f.form, f.where, f.part, f.instruction)
                  for f in self.package.fields]
        unknown = list(dict.fromkeys(f.name for f in fields if f.known is None))
        return TemplateInfo(fields, unknown)

    @property
    def keys(self) -> list[str]:
        """The catalogue keys the letter needs, each once."""
        return list(dict.fromkeys(slot.key for slot in self.package.slots))

    def rendered(self, values: Values, row, slots=None) -> list[bytes]:
        """The content of every slot for one recipient (a value is formatted once per switches)."""
        from models.merge.package import render_text

        cache: dict = {}
        out = []
        prefix = next(iter(self._prefix.values()), "w")
        for slot in self.package.slots if slots is None else slots:
            marker = (slot.key, slot.switches, slot.instr)
            content = cache.get(marker)
            if content is None:
                text = format_value(values.value(row, slot.key), slot.switches, row.lang, values.office)
                content = render_text(text, prefix, slot.instr)
                cache[marker] = content
            out.append(content)
        return out

    def letter(self, values: Values, row) -> bytes:
        return self.package.letter(self.rendered(values, row))

    def values(self) -> Values:
        return Values(self.keys)


def _template(content: bytes, name: str = TEMPLATE, require_fields: bool = True) -> MergeTemplate:
    if isinstance(content, MergeTemplate):
        return content
    return MergeTemplate(content, name, require_fields=require_fields)


def inspect_template(content: bytes, name: str = TEMPLATE) -> TemplateInfo:
    """The fields of a template (name, form, where, instruction) and the names Relman does
    not know. UserError for a file that is not a Word document or has no merge fields."""
    return _template(content, name).info


# ---------------------------------------------------------------- one letter, many letters

def merge_to_bytes(content: bytes, recipient: Recipient, name: str = TEMPLATE) -> bytes:
    """One merged letter (.docx bytes) for one recipient."""
    template = _template(content, name)
    values = template.values()
    row = next(values.rows([recipient]))
    return template.letter(values, row)


def merge_rows(template: MergeTemplate, recipients: Iterable[Recipient]) -> Iterator[tuple[Recipient, str, bytes]]:
    """(recipient, contact name, letter bytes) for each recipient, the data loaded in chunks."""
    values = template.values()
    for row in values.rows(recipients):
        yield row.recipient, row.name, template.letter(values, row)


def merge_many(content: bytes, recipients: Iterable[Recipient], folder: str | os.PathLike,
               progress: Progress | None = None, name: str = TEMPLATE) -> list[Path]:
    """One .docx per recipient in ``folder``, named "<contact no> <name>.docx" (made safe;
    a contact met twice gets " (2)"); the paths in recipient order. The files appear in
    the folder only when every letter is done."""
    template = _template(content, name)
    if not isinstance(recipients, Sequence):
        recipients = list(recipients)
    total = len(recipients)
    staged = StagedFolder(folder)
    try:
        for done, (recipient, contact_name, data) in enumerate(merge_rows(template, recipients), 1):
            staged.write(letter_file_name(recipient.contact_no, contact_name), data)
            report(progress, done / total)
        return staged.commit()
    except BaseException:
        staged.discard()
        raise


# ---------------------------------------------------------------- the combined print file

def combined_document(content: bytes, recipients: Iterable[Recipient], path: str | os.PathLike,
                      progress: Progress | None = None, name: str = TEMPLATE) -> Path:
    """ONE print file with every recipient's letter, each starting on a new page.

    Each letter is a section of its own (its section properties copied from the
    template, started on a new page, page numbers restarting at 1) so the template's
    styles, page setup, headers and footers stay. A header or footer with merge fields
    is merged per letter: every letter's section points to its own copy of that part
    (parts without fields are shared). Bookmarks are dropped from the letters (their
    names would repeat) and drawing ids are renumbered so Word opens the file cleanly.
    """
    from models.merge.combined import write_combined

    template = _template(content, name)
    if not isinstance(recipients, Sequence):
        recipients = list(recipients)
    values = template.values()
    rows = values.rows(recipients)
    target = Path(path).expanduser()
    return write_combined(template, values, rows, len(recipients), target, progress)


# ---------------------------------------------------------------- coverage

def coverage(content: bytes, recipients, name: str = TEMPLATE) -> list[tuple[str, int]]:
    """For each known field of a template (as written, each once, in order): how many
    recipients have no value for it.

    ``recipients`` is a segment number (one aggregate query over its lines, fast for
    100,000 lines) or an iterable of Recipient (values loaded in chunks, as merging does).
    Computed salutations always have a value; "Contact Mail Address" is missing when the
    address (alternative address on the date, else the contact's) has no street, post
    code or city; FaxMailTo is empty for recipients not written to by Email."""
    template = _template(content, name)
    wanted = []
    for f in template.info.fields:
        if f.known and f.name not in [w[0] for w in wanted]:
            wanted.append((f.name, f.known))
    if isinstance(recipients, str):
        counts = segment_missing(recipients, {key for _n, key in wanted})
    else:
        keys = list(dict.fromkeys(key for _n, key in wanted))
        values = Values(keys)
        counter: Counter = Counter()
        for row in values.rows(recipients):
            for key in keys:
                if format_value(values.value(row, key), Switches(), row.lang) == "":
                    counter[key] += 1
        counts = counter
    return [(written, int(counts.get(key, 0))) for written, key in wanted]


# ---------------------------------------------------------------- text for the preview

_WORD = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN_TEXT = {_WORD + "t": None, _WORD + "tab": "\t", _WORD + "br": "\n", _WORD + "cr": "\n",
             _WORD + "noBreakHyphen": "\u2011"}


def run_text(node, fields: list[bool]) -> str:
    """The text one element of a run shows (w:t, w:tab, w:br, w:cr, w:noBreakHyphen), ''
    for anything else and inside a complex field's instruction; a w:fldChar opens,
    separates or closes a field on ``fields`` (True while in its instruction), so a field
    shows its result and never its code."""
    tag = node.tag
    if tag == _WORD + "fldChar":
        kind = node.get(_WORD + "fldCharType")
        if kind == "begin":
            fields.append(True)
        elif kind == "separate" and fields:
            fields[-1] = False
        elif kind == "end" and fields:
            fields.pop()
        return ""
    if any(fields) or tag not in _RUN_TEXT:
        return ""
    text = _RUN_TEXT[tag]
    return (node.text or "") if text is None else text


def document_text(docx: bytes, name: str = "The letter") -> str:
    """A letter as plain text: the header(s) marked "[Header]", body paragraphs and table
    rows (cells joined by " | ") in order, the footer(s) marked "[Footer]"."""
    from models.base.documents import parse_xml, read_part, read_zip
    from models.merge.package import W_NS

    archive, infos = read_zip(docx, name)
    w = "{%s}" % W_NS
    names = {i.filename for i in infos}
    with archive:
        def text_of(el) -> str:
            out = []
            fields: list[bool] = []  # open complex fields: True while in their instruction
            for node in el.iter(w + "t", w + "tab", w + "br", w + "cr", w + "fldChar", w + "p"):
                if node.tag != w + "p":
                    out.append(run_text(node, fields))
                elif node is not el and out and not out[-1].endswith("\n") and not any(fields):
                    out.append("\n")
            return "".join(out)

        def block_lines(container) -> list[str]:
            lines = []
            for child in container:
                if child.tag == w + "p":
                    lines.extend(text_of(child).split("\n"))
                elif child.tag == w + "tbl":
                    for tr in child.iter(w + "tr"):
                        cells = [" ".join(text_of(tc).split("\n")).strip() for tc in tr.findall(w + "tc")]
                        lines.append(" | ".join(cells))
                elif child.tag == w + "sdt":
                    content = child.find(w + "sdtContent")
                    if content is not None:
                        lines.extend(block_lines(content))
            return lines

        def part_lines(part: str) -> list[str]:
            root = parse_xml(read_part(archive, part, name), name)
            return block_lines(root)

        body_root = parse_xml(read_part(archive, "word/document.xml", name), name)
        body = body_root.find(w + "body")
        rels = _relationships(archive, "word/_rels/document.xml.rels", name) if \
            "word/_rels/document.xml.rels" in names else {}
        headers, footers = [], []
        for ref in body_root.iter(w + "headerReference", w + "footerReference"):
            target = rels.get(ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"))
            if not target:
                continue
            part = "word/" + target.lstrip("/").removeprefix("word/")
            if part in names:
                (headers if ref.tag == w + "headerReference" else footers).append(part)
        out: list[str] = []
        for part in dict.fromkeys(headers):
            out += ["[Header]"] + part_lines(part)
        out += block_lines(body) if body is not None else []
        for part in dict.fromkeys(footers):
            out += ["[Footer]"] + part_lines(part)
    return "\n".join(out)


def _relationships(archive, part: str, name: str) -> dict[str, str]:
    from models.base.documents import parse_xml, read_part

    root = parse_xml(read_part(archive, part, name), name)
    return {rel.get("Id"): rel.get("Target") for rel in root}

