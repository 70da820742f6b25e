"""A segment's letters (SPEC 5.2): which document each line's letter comes from, its
preview, the coverage report over every document, and the export of every letter.

A line's document is its own (Unique) attachment, else the header's Modified Word
Template, else the header's language record (Inherited attachment or Word template),
else a Word template (``letter_for_line``). Lines that share a document are merged
together from one parsed template (models/merge/letters.py); a personalised (Merged)
letter is sent as it is. The print file of a segment whose lines use several documents
(languages, personalised letters) is one file per document.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models.base.ask import Progress, report
from models.base.enums import CorrespondenceType
from models.base.errors import UserError
from models.base.files import StagedFolder, letter_file_name, safe_file_name
from models.merge.fields import Recipient
from models.merge.letters import MergeTemplate, document_text, merge_rows
from models.merge.missing import segment_missing

NO_ATTACHMENT = "The interaction template has no attachment for the selected language code."

UNIQUE, MODIFIED, INHERITED, WORD_TEMPLATE = "Unique", "Modified", "Inherited", "Word Template"


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


def source_bytes(key: tuple) -> bytes:
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


def source_name(key: tuple) -> str:
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
    return LineLetter(source_bytes(key), source, merged, key)


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
    template = MergeTemplate(letter.content, source_name(letter.key), require_fields=False)
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
        info = MergeTemplate(source_bytes(key), source_name(key), require_fields=False).info
        for f in info.fields:
            if f.known:
                wanted.setdefault(f.name, f.known)
        unknown.update(dict.fromkeys(info.unknown))
    counts = segment_missing(segment_no, set(wanted.values())) if wanted else {}
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


def export_segment_letters(segment_no: str, folder: str | os.PathLike, progress: Progress | None = None,
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
    staged = StagedFolder(folder)
    names: list[str | None] = [None] * total
    done = 0
    try:
        print_groups = []
        for (key, merged), members in groups.items():
            content = source_bytes(key)
            if merged:
                from models.tables.contacts import Contact

                for index, recipient in members:
                    row = Contact.select(Contact.name).where(Contact.no == recipient.contact_no).tuples().first()
                    names[index] = staged.write(letter_file_name(recipient.contact_no, row[0] if row else ""), content)
                    done += 1
                    report(progress, done / total)
                print_groups.append((key, merged, None, members, content))
                continue
            template = MergeTemplate(content, source_name(key), require_fields=False)
            for (index, _r), (recipient, contact_name, data) in zip(
                    members, merge_rows(template, [r for _i, r in members])):
                names[index] = staged.write(letter_file_name(recipient.contact_no, contact_name), data)
                done += 1
                report(progress, done / total)
            print_groups.append((key, merged, template, members, content))
        print_names = []
        if print_file and print_groups:
            many = len(print_groups) > 1
            for number, (key, merged, template, members, content) in enumerate(print_groups, 1):
                stem = f"{header.no} print {number}" if many else f"{header.no} print"
                target = staged.path(safe_file_name(stem))
                if merged or template is None:
                    target.write_bytes(content)
                else:
                    values = template.values()
                    write_combined(template, values, values.rows([r for _i, r in members]), len(members),
                                   target, None)
                print_names.append(target.name)
        paths = staged.commit()
    except BaseException:
        staged.discard()
        raise
    by_name = {p.name: p for p in paths}
    return SegmentExport([by_name[n] for n in names if n], [by_name[n] for n in print_names])
