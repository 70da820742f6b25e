"""Word mail merge of MERGEFIELD templates (SPEC 5.1, 5.2; issue 4).

The engine reads a template once (``MergeTemplate``): the zip's members once, every
field part (body, tables, headers, footers, notes) parsed once, each known
MERGEFIELD — ``w:fldSimple`` or ``w:fldChar`` begin/instrText…/separate/result/end,
however Word split its instruction — replaced by a slot that keeps the formatting
of the field's result. A letter is then a join of byte chunks and a hand-written
zip whose unchanged members are the template's compressed bytes (see
models/merge_package.py). Field names, values and salutations: models/merge_fields.py;
switches (``\\* Upper``, ``\\@ "d MMMM yyyy"``, ``\\# "0.00"``, ``\\b``/``\\f``):
models/merge_format.py.

Public functions:

* ``inspect_template(content)`` → ``TemplateInfo`` (fields, forms, places, unknown names);
* ``coverage(content, recipients)`` → ``[(field, missing_count)]``: how many recipients
  have no value for each known field — one aggregate query for a segment number;
* ``merge_to_bytes(content, recipient)`` → one letter;
* ``merge_many(content, recipients, folder, progress)`` → one .docx per recipient;
* ``combined_document(content, recipients, path, progress)`` → one print file;
* ``document_text(docx)`` → the text of a letter for the terminal preview (``run_text``:
  what one element of a run shows, fields by their result);
* ``segment_recipients(segment_no)``, ``segment_line_sources(segment_no)``,
  ``letter_for_line(segment_no, line_no)`` (the §5.2 document of a line),
  ``line_letter(segment_no, line_no)`` (the letter as the contact gets it),
  ``preview_line(segment_no, line_no)`` (its heading and text for the preview),
  ``segment_coverage(segment_no)`` (the coverage report of a segment's documents),
  ``export_segment_letters(segment_no, folder, progress)``.

Nothing is written half: a single file is written to a temporary name beside the
target and renamed; ``merge_many`` writes into a temporary folder inside the target
folder and moves the files into the folder only when every letter is done (the
temporary folder is removed on any error). A file of the same name in the target
folder is replaced.

``progress(done, total)`` is called with letters done so far.

Decisions:

* A field Relman does not know stays a field (Word shows its «placeholder»), so a
  misspelt name is visible in the letter; ``inspect_template`` lists it beforehand.
* A MERGEFIELD inside another field's instruction (``IF { MERGEFIELD … } = …``) becomes
  its value inside that instruction; Word evaluates the IF when it updates fields.
* Merged output drops ``w:mailMerge`` from settings.xml (the letter is no longer a
  main document that asks for its data source).
* The print file of a segment whose lines use several documents (languages,
  personalised letters) is one file per document (see ``export_segment_letters``);
  fields in footnotes/endnotes carry the first letter's values in a print file.
"""

from __future__ import annotations

import functools
import operator
import os
import re
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from models.base.enums import CorrespondenceType
from models.base.errors import UserError
from models.merge.fields import CATALOGUE, Recipient, Values, known_fields, resolve
from models.merge.format import Switches, format_value

Progress = Callable[[int, int], None] | None

TEMPLATE = "The template"
NO_FIELDS = "{name} has no merge fields."
NO_ATTACHMENT = "The interaction template has no attachment for the selected language code."

UNIQUE, MODIFIED, INHERITED, WORD_TEMPLATE = "Unique", "Modified", "Inherited", "Word Template"

__all__ = [
    "Recipient", "MergeTemplate", "TemplateInfo", "TemplateField", "LineLetter", "SegmentExport",
    "inspect_template", "coverage", "merge_to_bytes", "merge_many", "combined_document", "document_text",
    "segment_recipients", "segment_line_sources", "letter_for_line", "line_letter", "export_segment_letters",
    "preview_line", "segment_coverage",
    "known_fields",
    "safe_file_name", "write_atomic", "run_text",
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
                text = format_value(values.value(row, slot.key), slot.switches, row.lang)
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


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\x7f]+')


def safe_file_name(text: str, suffix: str = ".docx", limit: int = 120) -> str:
    """A file name every OS accepts: no path or reserved characters, no trailing dots or spaces."""
    stem = _UNSAFE.sub("_", text or "").strip().rstrip(". ")
    stem = re.sub(r"\s+", " ", stem)[:limit].rstrip(". ") or "letter"
    if stem.split(".")[0].upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                                      *(f"LPT{i}" for i in range(1, 10))}:
        stem = "_" + stem
    return stem + suffix


def letter_file_name(contact_no: str, name: str) -> str:
    return safe_file_name(f"{contact_no} {name}".strip())


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    stem, suffix = os.path.splitext(name)
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem} ({n}){suffix}"
    used.add(candidate.lower())
    return candidate


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    target = Path(path).expanduser()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise UserError(f"Cannot write {target}: {exc.strerror or exc}") from None
    return target


class _StagedFolder:
    """Files written into a hidden folder inside ``folder``, moved in by ``commit``."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder).expanduser()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.temp = Path(tempfile.mkdtemp(prefix=".relman-merge-", dir=self.folder))
        except OSError as exc:
            raise UserError(f"Cannot write into {self.folder}: {exc.strerror or exc}") from None
        self.names: list[str] = []
        self.used: set[str] = set()

    def write(self, name: str, data: bytes) -> None:
        name = _unique(name, self.used)
        try:
            (self.temp / name).write_bytes(data)
        except OSError as exc:
            raise UserError(f"Cannot write {self.folder / name}: {exc.strerror or exc}") from None
        self.names.append(name)

    def commit(self) -> list[Path]:
        paths = []
        try:
            for name in self.names:
                os.replace(self.temp / name, self.folder / name)
                paths.append(self.folder / name)
        except OSError as exc:
            raise UserError(f"Cannot write {self.folder}: {exc.strerror or exc}") from None
        finally:
            shutil.rmtree(self.temp, ignore_errors=True)
        return paths

    def discard(self) -> None:
        shutil.rmtree(self.temp, ignore_errors=True)


def _count(recipients) -> int:
    try:
        return len(recipients)
    except TypeError:
        return 0


def merge_many(content: bytes, recipients: Iterable[Recipient], folder: str | os.PathLike,
               progress: Progress = None, name: str = TEMPLATE) -> list[Path]:
    """One .docx per recipient in ``folder``, named "<contact no> <name>.docx" (made safe;
    a contact met twice gets " (2)"); the paths in recipient order. The files appear in
    the folder only when every letter is done."""
    template = _template(content, name)
    if not isinstance(recipients, Sequence):
        recipients = list(recipients)
    total = len(recipients)
    staged = _StagedFolder(folder)
    try:
        for done, (recipient, contact_name, data) in enumerate(merge_rows(template, recipients), 1):
            staged.write(letter_file_name(recipient.contact_no, contact_name), data)
            if progress is not None:
                progress(done, total)
        return staged.commit()
    except BaseException:
        staged.discard()
        raise


# ---------------------------------------------------------------- the combined print file

def combined_document(content: bytes, recipients: Iterable[Recipient], path: str | os.PathLike,
                      progress: Progress = None, name: str = TEMPLATE) -> Path:
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
        counts = _segment_missing(recipients, {key for _n, key in wanted})
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


def _blank(expr):
    return expr.is_null() | (expr == "")


def _segment_missing(segment_no: str, keys: set[str]) -> dict[str, int]:
    """Missing counts per key over a segment's lines with a contact, in one SELECT."""
    from models.segments.lookups import get_header
    from models.tables.contacts import (
        CompanyInformation,
        Contact,
        ContactAltAddress,
        CountryRegion,
        Salesperson,
    )
    from models.tables.segments import SegmentLine

    header = get_header(segment_no)
    line = SegmentLine
    c = Contact.alias("c")
    s = Salesperson.alias("s")
    a = ContactAltAddress.alias("a")
    cr = CountryRegion.alias("cr")
    company = CompanyInformation.select().order_by(CompanyInformation.id).first()
    company_data = company.__data__ if company is not None else {}
    expressions: dict[str, object] = {}
    constants: dict[str, bool] = {}
    has_alt = line.contact_alt_address_code != ""
    for key in keys:
        d = CATALOGUE[key]
        if d.source == "contact":
            column = getattr(c, d.column)
            if d.column in ("exclude_from_segment", "privacy_blocked", "type"):
                constants[key] = False
            elif d.column == "correspondence_type":
                expressions[key] = column.is_null() | (column == int(CorrespondenceType.BLANK))
            else:
                expressions[key] = _blank(column)
        elif d.source == "sales":
            expressions[key] = _blank(getattr(s, d.column))
        elif d.source == "company":
            value = company_data.get(d.column)
            constants[key] = value is None or str(value) == ""
        elif d.source == "recipient":
            column = {"contact_no": line.contact, "salesperson_code": line.salesperson_code, "date": line.date,
                      "subject": line.subject, "description": line.description,
                      "campaign_no": line.campaign_no}.get(d.column)
            if column is None:  # segment_no
                constants[key] = False
            elif d.column == "date":
                expressions[key] = column.is_null()
            else:
                expressions[key] = _blank(column)
        elif d.column in ("id", "entry_no", "formal", "informal", "formal_contact", "informal_contact"):
            constants[key] = False
        elif d.column == "mail_address":
            parts = ("address", "address_2", "post_code", "city")
            on_alt = functools.reduce(operator.and_, [_blank(getattr(a, p)) for p in parts])
            on_contact = functools.reduce(operator.and_, [_blank(getattr(c, p)) for p in parts])
            expressions[key] = pw.Case(None, [(has_alt & a.contact.is_null(False), on_alt)], on_contact)
        elif d.column == "contact_country_name":
            expressions[key] = _blank(cr.name)
        elif d.column == "company_country_name":
            code = company_data.get("country_region_code") or ""
            country = CountryRegion.get_or_none(CountryRegion.code == code) if code else None
            constants[key] = country is None or not country.name
        elif d.column == "fax_mail_to":
            email_type = line.correspondence_type == int(CorrespondenceType.EMAIL)
            alt_mail = has_alt & a.contact.is_null(False) & ~_blank(a.e_mail)
            expressions[key] = ~email_type | (~alt_mail & _blank(c.e_mail))
    where = (line.segment == header.no) & line.contact.is_null(False)
    names = list(expressions)
    select = [pw.fn.COUNT(line.line_no)] + [
        pw.fn.SUM(pw.Case(None, [(expressions[k], 1)], 0)) for k in names]
    query = (line.select(*select)
             .join(c, pw.JOIN.LEFT_OUTER, on=(c.no == line.contact))
             .join(s, pw.JOIN.LEFT_OUTER, on=(s.code == line.salesperson_code), src=line)
             .join(a, pw.JOIN.LEFT_OUTER, on=((a.contact == line.contact)
                                             & (a.code == line.contact_alt_address_code)), src=line)
             .join(cr, pw.JOIN.LEFT_OUTER, on=(cr.code == c.country), src=c)
             .where(where))
    row = query.tuples().get()
    total = int(row[0] or 0)
    counts = {k: int(v or 0) for k, v in zip(names, row[1:])}
    for key, missing in constants.items():
        counts[key] = total if missing else 0
    return counts


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
    from models.merge.package import W_NS, parse_xml, read_zip

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
            root = parse_xml(archive.read(part), name)
            return block_lines(root)

        body_root = parse_xml(archive.read("word/document.xml"), name)
        body = body_root.find(w + "body")
        rels = _relationships(archive, "word/_rels/document.xml.rels") if \
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


def _relationships(archive, part: str) -> dict[str, str]:
    from lxml import etree

    root = etree.fromstring(archive.read(part))
    return {rel.get("Id"): rel.get("Target") for rel in root}


# ---------------------------------------------------------------- segments

def segment_recipients(segment_no: str) -> Iterator[Recipient]:
    """A Recipient for every line of a segment that has a contact, in Line No. order:
    the line's salesperson, date, subject, description, language, correspondence type,
    campaign and alternative address code."""
    from models.segments.lookups import get_header
    from models.tables.segments import SegmentLine as L

    header = get_header(segment_no)
    query = (L.select(L.line_no, L.contact, L.salesperson_code, L.date, L.subject, L.description,
                      L.campaign_no, L.language_code, L.correspondence_type, L.contact_alt_address_code)
             .where((L.segment == header.no) & L.contact.is_null(False))
             .order_by(L.line_no).tuples())
    for line_no, contact, salesperson, date, subject, description, campaign, language, corr, alt in query:
        yield Recipient(
            contact_no=contact, salesperson_code=salesperson or "", date=date, subject=subject or "",
            description=description or "", segment_no=header.no, campaign_no=campaign or "",
            language_code=language or "", correspondence_type=CorrespondenceType(corr or 0),
            alt_address_code=alt or "", line_no=line_no,
        )


@dataclass(frozen=True)
class LineLetter:
    """The document of a line's letter. Unpacks as ``(content, source)``; ``merged`` is
    True when ``content`` is the line's personalised letter, sent as it is (else it is a
    template to merge for the contact); lines with equal ``key`` share the document."""

    content: bytes
    source: str
    merged: bool = False
    key: tuple = ()

    def __iter__(self):
        return iter((self.content, self.source))

    def __getitem__(self, index):
        return (self.content, self.source)[index]

    def __repr__(self) -> str:
        return f"LineLetter(source={self.source!r}, merged={self.merged}, {len(self.content)} bytes)"


@dataclass
class _SegmentSources:
    """Everything the §5.2 choice of a line's document needs, read once per segment."""

    header: object
    own: dict  # line no -> [record]
    header_records: dict  # language -> record
    modified: int  # the header's Modified Word Template attachment no (0 if none)
    attachments: set  # attachment numbers that exist
    template_word: dict  # interaction template code -> word template code

    @classmethod
    def load(cls, segment_no: str, line_nos: list[int] | None = None) -> _SegmentSources:
        from models.segments.lookups import get_header, modified_word_template
        from models.tables.interactions import Attachment, InteractionTemplate
        from models.tables.segments import SegmentInteractionLanguage as SIL

        header = get_header(segment_no)
        own: dict[int, list] = {}
        header_records = {}
        query = SIL.select().where(SIL.segment == header.no)
        if line_nos is not None:
            query = query.where(SIL.segment_line_no.in_([0, *line_nos]))
        for record in query.order_by(SIL.segment_line_no, SIL.language):
            if record.segment_line_no == 0:
                header_records[record.language or ""] = record
            else:
                own.setdefault(record.segment_line_no, []).append(record)
        numbers = {r.attachment_no for r in header_records.values() if r.attachment_no}
        numbers |= {r.attachment_no for rs in own.values() for r in rs if r.attachment_no}
        existing = set()
        if numbers:
            existing = {no for (no,) in Attachment.select(Attachment.no)
                        .where(Attachment.no.in_(list(numbers))).tuples()}
        modified = modified_word_template(header)
        template_word = {code: word or "" for code, word in InteractionTemplate.select(
            InteractionTemplate.code, InteractionTemplate.word_template).tuples()}
        return cls(header, own, header_records, modified if modified in existing else 0, existing, template_word)

    def choose(self, line_no: int, language: str, attachment_no: int, template_code: str,
               word_template_code: str, merged: bool) -> tuple[str, tuple, bool]:
        """(source, key, merged) for a line; key is ("attachment", no) or ("word", code)."""
        records = self.own.get(line_no) or []
        if records:
            record = (next((r for r in records if (r.language or "") == (language or "")), None)
                      or next((r for r in records if r.attachment_no == attachment_no), None)
                      or records[0])
            if record.attachment_no in self.attachments:
                return UNIQUE, ("attachment", record.attachment_no), merged
            if record.word_template_code:
                return WORD_TEMPLATE, ("word", record.word_template_code), False
        header_template = self.header.interaction_template_code or ""
        if not records and (template_code or "") == header_template:
            if self.modified:
                return MODIFIED, ("attachment", self.modified), False
            record = self.header_records.get(language or "")
            if record is not None:
                if record.attachment_no in self.attachments:
                    return ((MODIFIED if record.word_template_code else INHERITED),
                            ("attachment", record.attachment_no), False)
                if record.word_template_code:
                    return WORD_TEMPLATE, ("word", record.word_template_code), False
        word = word_template_code or self.template_word.get(template_code or "", "") or (
            self.header.word_template_code if (template_code or "") == header_template else "")
        if word:
            return WORD_TEMPLATE, ("word", word), False
        if attachment_no and attachment_no in self._existing(attachment_no):
            return INHERITED, ("attachment", attachment_no), False
        raise UserError(NO_ATTACHMENT)

    def _existing(self, no: int) -> set:
        if no in self.attachments:
            return self.attachments
        from models.tables.interactions import Attachment

        if Attachment.select().where(Attachment.no == no).exists():
            self.attachments.add(no)
        return self.attachments


def _source_bytes(key: tuple) -> bytes:
    from models.tables.interactions import Attachment, WordTemplate

    kind, ident = key
    if kind == "attachment":
        row = Attachment.select(Attachment.attachment_file).where(Attachment.no == ident).tuples().first()
        content = bytes(row[0] or b"") if row else b""
    else:
        row = WordTemplate.select(WordTemplate.template).where(WordTemplate.code == ident).tuples().first()
        content = bytes(row[0] or b"") if row else b""
    if not content:
        raise UserError("The attachment is empty." if kind == "attachment"
                        else f"Word template {ident} has no document.")
    return content


def _source_name(key: tuple) -> str:
    kind, ident = key
    return f"Attachment {ident}" if kind == "attachment" else f"Word template {ident}"


def letter_for_line(segment_no: str, line_no: int) -> LineLetter:
    """The document a segment line's letter comes from (SPEC 5.2), as (content, source):

    1. the line's own (unique) attachment — "Unique"; a Merged line's attachment is its
       personalised letter, sent as it is (``.merged`` is True);
    2. else, for a line on the header's template, the header's Modified Word Template —
       "Modified";
    3. else the header-level language record of the line's language: its attachment
       ("Inherited") or its Word template ("Word Template");
    4. else the line's Word template, or its interaction template's — "Word Template".

    UserError "The interaction template has no attachment for the selected language
    code." when none applies."""
    from models.segments.lookups import get_line

    line = get_line(segment_no, line_no)
    sources = _SegmentSources.load(line.segment_no, [line.line_no])
    source, key, merged = sources.choose(line.line_no, line.language_code, line.attachment_no,
                                         line.interaction_template_code, line.word_template_code, line.merged)
    return LineLetter(_source_bytes(key), source, merged, key)


def line_letter(segment_no: str, line_no: int) -> bytes:
    """The letter of one segment line as the contact will get it: a personalised (Merged)
    letter as it is, else its document merged for the line's contact."""
    from models.segments.lookups import get_line

    line = get_line(segment_no, line_no)
    return _merged_letter(line, letter_for_line(line.segment_no, line.line_no))


def _merged_letter(line, letter: LineLetter) -> bytes:
    if letter.merged:
        return letter.content
    recipient = next(r for r in segment_recipients(line.segment_no) if r.line_no == line.line_no) \
        if line.contact_no else None
    if recipient is None:
        raise UserError(f"Contact No. must have a value in Segment Line: Segment No.={line.segment_no}, "
                        f"Line No.={line.line_no}.")
    template = MergeTemplate(letter.content, _source_name(letter.key), require_fields=False)
    values = template.values()
    return template.letter(values, next(values.rows([recipient])))


def preview_line(segment_no: str, line_no: int) -> tuple[str, str]:
    """(heading, text) of one line's letter for the terminal preview: the heading names
    the line, its contact and where its document comes from (Unique, Inherited, …)."""
    from models.segments.lookups import get_line
    from models.tables.contacts import Contact

    line = get_line(segment_no, line_no)
    letter = letter_for_line(line.segment_no, line.line_no)
    text = document_text(_merged_letter(line, letter))
    name = Contact.select(Contact.name).where(Contact.no == line.contact_no).scalar() or ""
    kind, ident = letter.key
    origin = ("personalised" if letter.merged else f"attachment {ident}") if kind == "attachment" else ident
    return f"Line {line.line_no} · {line.contact_no} {name} · {letter.source} {origin}", text


def segment_coverage(segment_no: str) -> tuple[list[tuple[str, int]], list[str]]:
    """The coverage report before a segment's merge: ``([(field, lines without a value)],
    [unknown field names])`` over every document its lines merge (personalised letters
    are sent as they are and have none); counts are over every line with a contact, one
    aggregate query. UserError when a line has no document (the Log would refuse it too)."""
    wanted: dict[str, str] = {}
    unknown: dict[str, None] = {}
    for key in dict.fromkeys(key for _r, _s, key, merged in segment_line_sources(segment_no) if not merged):
        info = MergeTemplate(_source_bytes(key), _source_name(key), require_fields=False).info
        for f in info.fields:
            if f.known:
                wanted.setdefault(f.name, f.known)
        unknown.update(dict.fromkeys(info.unknown))
    counts = _segment_missing(segment_no, set(wanted.values())) if wanted else {}
    return [(written, int(counts.get(key, 0))) for written, key in wanted.items()], list(unknown)


@dataclass
class SegmentExport:
    files: list[Path] = field(default_factory=list)  # one per line with a contact, in line order
    print_files: list[Path] = field(default_factory=list)


def segment_line_sources(segment_no: str) -> list[tuple[Recipient, str, tuple, bool]]:
    """(recipient, source, key, merged) for every line with a contact, in line order."""
    from models.tables.segments import SegmentLine as L

    sources = _SegmentSources.load(segment_no)
    lines = {no: (language, attachment, template, word, merged) for no, language, attachment, template, word, merged
             in L.select(L.line_no, L.language_code, L.attachment_no, L.interaction_template_code,
                         L.word_template_code, L.merged)
             .where((L.segment == sources.header.no) & L.contact.is_null(False)).tuples()}
    out = []
    for recipient in segment_recipients(segment_no):
        language, attachment, template, word, merged = lines[recipient.line_no]
        source, key, is_merged = sources.choose(recipient.line_no, language, attachment, template, word,
                                                bool(merged))
        out.append((recipient, source, key, is_merged))
    return out


def export_segment_letters(segment_no: str, folder: str | os.PathLike, progress: Progress = None,
                           print_file: bool = True) -> SegmentExport:
    """Every letter of a segment into ``folder``: one .docx per line with a contact
    ("<contact no> <name>.docx"), and the print file(s) "<segment no> print.docx".

    Lines that share a document are merged together from one parsed template; a
    personalised (Merged) letter is copied as it is. The print file holds every letter
    merged from one document; when the segment's lines use several documents (languages,
    personalised letters), there is one print file per document, numbered in the order of
    their first line ("<segment no> print 1.docx" …). Files appear only when all are done."""
    from models.merge.combined import write_combined
    from models.segments.lookups import get_header

    header = get_header(segment_no)
    lines = segment_line_sources(header.no)
    total = len(lines)
    groups: dict[tuple, list] = {}
    for index, (recipient, _source, key, merged) in enumerate(lines):
        groups.setdefault((key, merged), []).append((index, recipient))
    staged = _StagedFolder(folder)
    names: list[str | None] = [None] * total
    done = 0
    try:
        print_groups = []
        for (key, merged), members in groups.items():
            content = _source_bytes(key)
            if merged:
                from models.tables.contacts import Contact

                for index, recipient in members:
                    row = Contact.select(Contact.name).where(Contact.no == recipient.contact_no).tuples().first()
                    staged.write(letter_file_name(recipient.contact_no, row[0] if row else ""), content)
                    names[index] = staged.names[-1]
                    done += 1
                    if progress is not None:
                        progress(done, total)
                print_groups.append((key, merged, None, members, content))
                continue
            template = MergeTemplate(content, _source_name(key), require_fields=False)
            for (index, _r), (recipient, contact_name, data) in zip(
                    members, merge_rows(template, [r for _i, r in members])):
                staged.write(letter_file_name(recipient.contact_no, contact_name), data)
                names[index] = staged.names[-1]
                done += 1
                if progress is not None:
                    progress(done, total)
            print_groups.append((key, merged, template, members, content))
        print_names = []
        if print_file and print_groups:
            many = len(print_groups) > 1
            for number, (key, merged, template, members, content) in enumerate(print_groups, 1):
                stem = f"{header.no} print {number}" if many else f"{header.no} print"
                file_name = _unique(safe_file_name(stem), staged.used)
                target = staged.temp / file_name
                if merged or template is None:
                    target.write_bytes(content)
                else:
                    values = template.values()
                    write_combined(template, values, values.rows([r for _i, r in members]), len(members),
                                   target, None)
                staged.names.append(file_name)
                print_names.append(file_name)
        paths = staged.commit()
    except BaseException:
        staged.discard()
        raise
    by_name = {p.name: p for p in paths}
    return SegmentExport([by_name[n] for n in names if n], [by_name[n] for n in print_names])
