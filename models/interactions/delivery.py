"""Delivering logged interactions (SPEC 5.3, 1.19, 4.3; checklist 8.G 67–72).

``deliver`` sends what a committed log or Resend queued (Delivery Status In Progress),
in Business Central's Delivery Sorter order so that one document is read and parsed once
for all its letters. Each entry ends delivered (Delivery Status blank) or Error with the
reason, to be sent again with Resend; ``models.interactions.send`` runs it after the log.

Outcomes are written in short transactions (a few hundred entries each): after a crash
every entry is delivered or still In Progress / Error — never marked delivered without
its file (files are written whole, then renamed). An e-mail sent just before a crash may
be sent again by the next delivery.

The document sent is the entry's own attachment (a Merged entry's is its personalised
letter, sent as it is), else its Modified Word Template, else its Word template. A Word
document is merged for the contact; Hard Copy prints Word letters only
(models/interactions/hard_copy.py); Email sends the merged letter as the HTML body or, with
Send Word Docs. as Attmt., attached; an HTML attachment is the body; any other file is
attached (models/interactions/mail.py). What a contact got — the merged letter or the
e-mail's HTML body — is stored as a read-only attachment and becomes the entry's
Attachment No.; the attachment it replaces goes when nothing else uses it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from models.base.ask import Progress, report
from models.base.config import default_config_file
from models.base.db import db
from models.base.enums import CorrespondenceType
from models.base.errors import UserError
from models.base.files import letter_file_name, safe_file_name
from models.interactions.delivery_settings import (
    SETTINGS_ENV,
    DeliverySettings,
    SmtpSettings,
    address_ok,
    delivery_settings,
)
from models.interactions.entries import record_delivery
from models.interactions.hard_copy import HardCopy
from models.interactions.mail import (
    BAD_ADDRESS,
    DOCX_MIME,
    Smtp,
    SmtpDown,
    attach_file,
    attached_letter_body,
    new_message,
    write_to_outbox,
)
from models.interactions.reasons import reason
from models.interactions.selection import ENTRY_CAPTION, chunks
from models.interactions.unique_attachments import not_held_by_languages
from models.merge.fields import Recipient
from models.merge.html import docx_to_html
from models.merge.letters import MergeTemplate, merge_rows
from models.merge.segment_letters import NO_ATTACHMENT, source_bytes, source_name
from models.segments.log import NO_EMAIL, delivery_queue
from models.tables import attachments
from models.tables.contacts import Contact, ContactAltAddress
from models.tables.interactions import Attachment, InteractionLogEntry, WordTemplate
from models.tables.segments import SegmentLine

ILE = InteractionLogEntry
HARD_COPY, EMAIL = int(CorrespondenceType.HARD_COPY), int(CorrespondenceType.EMAIL)

NO_CORRESPONDENCE_TYPE = "Correspondence Type must have a value in {table}: Entry No.={no}."
HARD_COPY_UNSUPPORTED = ("Hard Copy cannot deliver {kind} attachment: only Word documents are printed "
                         "(send it by Email).")
WORD_EXTENSIONS, HTML_EXTENSIONS = {"doc", "docx"}, {"html", "htm"}
WORD, HTML, OTHER = "word", "html", "other"
_FLUSH = 200  # outcomes per transaction


# ---------------------------------------------------------------- the report

@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    files: list[Path] = field(default_factory=list)  # letters, print files, PDFs, .eml files written
    errors: list[tuple[int, str]] = field(default_factory=list)  # (entry no., reason), in delivery order
    notes: list[str] = field(default_factory=list)  # e.g. "PDF conversion failed: …", where the files are

    @property
    def message(self) -> str:
        """One line for the user: "3 delivered, 1 failed (Delivery Status Error): Entry 7: …"."""
        if not self.sent and not self.failed:
            text = "Nothing to deliver."
        elif not self.failed:
            text = f"{self.sent} delivered."
        else:
            no, reason = self.errors[0]
            text = f"{self.sent} delivered, {self.failed} failed (Delivery Status Error): Entry {no}: {reason}"
            if self.failed > 1:
                text += f" (+{self.failed - 1} more)"
        return " ".join([text, *self.notes]).replace("\n", " ")


# ---------------------------------------------------------------- the entries to deliver

@dataclass
class _Entry:
    """A queued entry with what its delivery needs."""

    no: int
    contact_no: str
    correspondence_type: int
    subject: str
    as_attachment: bool
    language_code: str
    word_template_code: str
    alt_address_code: str
    own_attachment: int = 0
    modified: int = 0
    merged: bool = False
    salesperson_code: str = ""
    date: object = None
    description: str = ""
    segment_no: str = ""
    campaign_no: str = ""
    contact_name: str = ""
    e_mail: str = ""

    def recipient(self) -> Recipient:
        return Recipient(
            contact_no=self.contact_no, salesperson_code=self.salesperson_code, date=self.date,
            subject=self.subject, description=self.description, segment_no=self.segment_no,
            campaign_no=self.campaign_no, entry_no=self.no, language_code=self.language_code,
            correspondence_type=CorrespondenceType(self.correspondence_type), alt_address_code=self.alt_address_code,
        )

    @property
    def mail_subject(self) -> str:
        return self.subject or self.description


def _queued(entry_nos: list[int] | None, logged_segment_entry_no: int | None) -> list[_Entry]:
    """The queue (Delivery Sorter order) with each entry's contact, e-mail and document fields."""
    if entry_nos is None:
        rows = list(delivery_queue(None, logged_segment_entry_no))
    else:
        rows = []
        for chunk in chunks(sorted({int(n) for n in entry_nos})):
            rows.extend(delivery_queue(chunk, logged_segment_entry_no))
        rows.sort(key=lambda q: (q["attachment_no"], q["correspondence_type"], q["subject"],
                                 q["send_word_docs_as_attmt"], q["entry_no"]))
    entries = [_Entry(no=q["entry_no"], contact_no=q["contact_no"], correspondence_type=int(q["correspondence_type"]),
                      subject=q["subject"] or "", as_attachment=bool(q["send_word_docs_as_attmt"]),
                      language_code=q["language_code"] or "", word_template_code=q["word_template_code"] or "",
                      alt_address_code=q["contact_alt_address_code"] or "") for q in rows]
    by_no = {e.no: e for e in entries}
    c = Contact.alias("dc")
    a = ContactAltAddress.alias("da")
    for chunk in chunks(list(by_no)):
        query = (ILE.select(ILE.entry_no, ILE.attachment_no, ILE.modified_word_template, ILE.merged,
                            ILE.salesperson_code, ILE.date, ILE.description, ILE.segment_no, ILE.campaign_no,
                            c.name, c.e_mail, a.e_mail)
                 .join(c, pw.JOIN.LEFT_OUTER, on=(c.no == ILE.contact))
                 .join(a, pw.JOIN.LEFT_OUTER, on=((a.contact == ILE.contact) & (a.code == ILE.contact_alt_address_code)
                                                  & (ILE.contact_alt_address_code != "")), src=ILE)
                 .where(ILE.entry_no.in_(chunk)).tuples())
        for no, own, modified, merged, sp, date, description, segment, campaign, name, mail, alt_mail in query:
            e = by_no[no]
            e.own_attachment, e.modified, e.merged = own or 0, modified or 0, bool(merged)
            e.salesperson_code, e.date, e.description = sp or "", date, description or ""
            e.segment_no, e.campaign_no, e.contact_name = segment or "", campaign or "", name or ""
            e.e_mail = ((alt_mail or "").strip() or (mail or "").strip())
    return entries


def _documents(entries: list[_Entry]) -> tuple[dict[int, str], set[str]]:
    """({attachment no.: extension} of the attachments that exist, {Word templates with a document})."""
    numbers = sorted({n for e in entries for n in (e.own_attachment, e.modified) if n})
    extensions = {}
    for chunk in chunks(numbers):
        extensions.update({no: (ext or "").lower() for no, ext in Attachment.select(
            Attachment.no, Attachment.file_extension).where(Attachment.no.in_(chunk)).tuples()})
    codes = sorted({e.word_template_code for e in entries if e.word_template_code})
    words = set()
    for chunk in chunks(codes):
        words |= {code for (code,) in WordTemplate.select(WordTemplate.code)
                  .where(WordTemplate.code.in_(chunk) & WordTemplate.template.is_null(False)).tuples()}
    return extensions, words


def _choose(e: _Entry, extensions: dict[int, str], words: set[str]) -> tuple[tuple, str, str, bool] | None:
    """(key, extension, group, sent as it is) of an entry's document, None when it has none."""
    if e.own_attachment in extensions:
        ext = extensions[e.own_attachment]
        group = WORD if ext in WORD_EXTENSIONS else HTML if ext in HTML_EXTENSIONS else OTHER
        return ("attachment", e.own_attachment), ext, group, e.merged and group == WORD
    if e.modified in extensions:
        return ("attachment", e.modified), extensions[e.modified], WORD, False
    if e.word_template_code in words:
        return ("word", e.word_template_code), "docx", WORD, False
    return None


# ---------------------------------------------------------------- outcomes

@dataclass
class _Outcome:
    entry: _Entry
    error: str = ""
    document: bytes | Path | None = None  # what to store as the entry's attachment (None: keep it)
    extension: str = ""
    e_mail: bool = False


def _drop_unused(numbers: set[int]) -> None:
    """Delete the attachments nothing refers to any more (entries, segment lines, languages)."""
    numbers = sorted(n for n in numbers if n)
    for chunk in chunks(numbers):
        used = {n for (n,) in ILE.select(ILE.attachment_no).where(ILE.attachment_no.in_(chunk)).tuples()}
        used |= {n for (n,) in ILE.select(ILE.modified_word_template)
                 .where(ILE.modified_word_template.in_(chunk)).tuples()}
        used |= {n for (n,) in SegmentLine.select(SegmentLine.attachment_no)
                 .where(SegmentLine.attachment_no.in_(chunk)).tuples()}
        free = [n for n in chunk if n not in used]
        if free:
            Attachment.delete().where(Attachment.no.in_(free) & not_held_by_languages()).execute()


def _write_outcomes(outcomes: list[_Outcome]) -> None:
    """One transaction: the delivered documents stored as read-only attachments and
    pointed to, E-Mail Logged, the Delivery Status of every entry, unused old attachments
    deleted."""
    if not outcomes:
        return
    with db.atomic():
        stored: dict[int, int] = {}
        old: set[int] = set()
        for outcome in outcomes:
            no = outcome.entry.no
            record_delivery(no, outcome.error or None)
            if outcome.error or outcome.document is None:
                continue
            data = outcome.document.read_bytes() if isinstance(outcome.document, Path) else outcome.document
            stored[no] = attachments.create_attachment(data, outcome.extension, read_only=True).no
            old.add(outcome.entry.own_attachment)
        if stored:
            ILE.update(attachment_no=pw.Case(ILE.entry_no, list(stored.items()), ILE.attachment_no)).where(
                ILE.entry_no.in_(list(stored))).execute()
        mailed = [o.entry.no for o in outcomes if o.e_mail and not o.error]
        if mailed:
            ILE.update(e_mail_logged=True).where(ILE.entry_no.in_(mailed)).execute()
        _drop_unused(old - set(stored.values()))


# ---------------------------------------------------------------- a delivery run

class _Run:
    def __init__(self, settings: DeliverySettings, report: DeliveryReport, progress: Progress | None, total: int):
        self.settings = settings
        self.report = report
        self.progress = progress
        self.total = total
        self.done = 0
        self.ready: list[_Outcome] = []  # written every _FLUSH outcomes
        self.hard_copy: HardCopy | None = None  # the letters, written after their files
        self.smtp = Smtp(settings.smtp) if settings.smtp is not None else None
        self.outbox_used = False

    # -- outcomes

    def _count(self) -> None:
        self.done += 1
        report(self.progress, self.done / max(self.total, 1), f"Delivering {self.done:,} of {self.total:,}…")

    def _add(self, outcome: _Outcome) -> None:
        if outcome.error:
            self.report.failed += 1
            self.report.errors.append((outcome.entry.no, outcome.error))
        else:
            self.report.sent += 1
        self.ready.append(outcome)
        if len(self.ready) >= _FLUSH:
            self.flush()

    def fail(self, e: _Entry, why: str) -> None:
        self._add(_Outcome(e, error=why))
        self._count()

    def flush(self) -> None:
        outcomes, self.ready = self.ready, []
        for chunk in chunks(outcomes, _FLUSH):
            _write_outcomes(chunk)

    # -- the run

    def deliver(self, entries: list[_Entry]) -> None:
        extensions, words = _documents(entries)
        batches: dict[tuple, list[_Entry]] = {}
        kinds: dict[tuple, tuple[str, str]] = {}
        hard_copy = []
        for e in entries:
            chosen = _choose(e, extensions, words)
            if not e.correspondence_type:
                self.fail(e, NO_CORRESPONDENCE_TYPE.format(table=ENTRY_CAPTION, no=e.no))
            elif chosen is None:
                self.fail(e, NO_ATTACHMENT)
            elif e.correspondence_type == HARD_COPY and chosen[2] != WORD:
                kind = "an HTML" if chosen[2] == HTML else f"a .{chosen[1]}" if chosen[1] else "this"
                self.fail(e, HARD_COPY_UNSUPPORTED.format(kind=kind))
            elif e.correspondence_type == EMAIL and not e.e_mail:
                self.fail(e, NO_EMAIL.format(contact=e.contact_no))
            elif e.correspondence_type == EMAIL and not address_ok(e.e_mail):
                self.fail(e, BAD_ADDRESS.format(address=e.e_mail, contact=e.contact_no))
            else:
                key, ext, group, as_is = chosen
                batches.setdefault((key, as_is), []).append(e)
                kinds[(key, as_is)] = (group, ext)
                if e.correspondence_type == HARD_COPY:
                    hard_copy.append(e)
        if hard_copy:  # the run's folder: "Segment <no>" when its letters are of one segment
            segments = {e.segment_no for e in hard_copy}
            segment = segments.pop() if len(segments) == 1 else ""
            run = f"Segment {segment}" if segment else f"Entries {min(e.no for e in hard_copy)}"
            self.hard_copy = HardCopy(Path(self.settings.output_folder).expanduser() / safe_file_name(run, ""))
        if self.smtp is not None and any(e.correspondence_type == EMAIL for es in batches.values() for e in es):
            try:
                self.smtp.connect()
            except SmtpDown:
                pass  # each e-mail entry fails with the reason, before any letter is merged
        for (key, as_is), members in batches.items():
            group, ext = kinds[(key, as_is)]
            self._batch(key, as_is, group, ext, members)
        self.flush()
        self._finish_hard_copy()

    def _batch(self, key: tuple, as_is: bool, group: str, ext: str, members: list[_Entry]) -> None:
        """One document's entries: the document read (and parsed) once, a letter per entry."""
        if self.smtp is not None and self.smtp.broken:
            for e in [e for e in members if e.correspondence_type == EMAIL]:
                self.fail(e, self.smtp.broken)
            members = [e for e in members if e.correspondence_type != EMAIL]
        handled = 0
        try:
            if not members:
                return
            content = source_bytes(key)
            if group != WORD:
                for e in members:
                    self._mail_file(e, content, group, ext)
                    handled += 1
                return
            template = None if as_is else MergeTemplate(content, source_name(key), require_fields=False)
            if template is None:
                letters = ((e.contact_name, content) for e in members)
            else:
                letters = ((name, data) for _r, name, data in merge_rows(template, [e.recipient() for e in members]))
            for e, (name, letter) in zip(members, letters):
                handled += 1
                self._word_letter(e, name, letter, as_is)
        except UserError as exc:
            for e in members[handled:]:
                self.fail(e, str(exc))
            return
        printed = [e for e in members if e.correspondence_type == HARD_COPY]
        if template is not None and printed:
            try:
                self.hard_copy.add_print_file(template, [e.recipient() for e in printed])
            except UserError as exc:
                self.report.notes.append(f"The print file was not written: {exc}")

    def _word_letter(self, e: _Entry, name: str, letter: bytes, as_is: bool) -> None:
        try:
            if e.correspondence_type == HARD_COPY:
                self.hard_copy.add_letter(e, letter_file_name(e.contact_no, name), letter, not as_is)
                self._count()
                return
            if e.as_attachment:
                file_name, body = attached_letter_body(e.subject)
                message = self._message(e, f"<p>{html.escape(body)}</p>", body + "\n")
                message.add_attachment(letter, maintype=DOCX_MIME[0], subtype=DOCX_MIME[1], filename=file_name)
                stored, extension = (None if as_is else letter), "DOCX"
            else:
                page, text = docx_to_html(letter, e.mail_subject)
                message = self._message(e, page, text)
                stored, extension = page.encode("utf-8"), "HTML"
        except UserError as exc:
            self.fail(e, str(exc))
            return
        self._send(e, message, stored, extension)

    def _finish_hard_copy(self) -> None:
        """The letters moved into their folder, then marked delivered; a folder that cannot
        be written fails every letter of the run."""
        hard_copy = self.hard_copy
        if hard_copy is None or not hard_copy.letters:
            return
        self.hard_copy = None
        try:
            paths, note = hard_copy.commit(self.settings.pdf)
        except (UserError, OSError) as exc:
            why = str(exc) if isinstance(exc, UserError) else f"Cannot write into {hard_copy.folder}: {reason(exc)}"
            for e, _name, _store in hard_copy.letters:
                self._add(_Outcome(e, error=why))
            self.flush()
            return
        if note:
            self.report.notes.append(note)
        self.report.files += paths
        self.report.notes.append(f"Letters are in {hard_copy.folder}.")
        for e, name, store in hard_copy.letters:
            self._add(_Outcome(e, document=(hard_copy.folder / name) if store else None, extension="DOCX"))
        self.flush()

    # -- e-mails

    def _mail_file(self, e: _Entry, content: bytes, group: str, ext: str) -> None:
        """An HTML attachment as the body, any other file attached as "Attachment.<ext>"."""
        if group == HTML:
            message = self._message(e, content.decode("utf-8-sig", "replace"), None)
        else:
            message = self._message(e, "", None)
            attach_file(message, content, ext)
        self._send(e, message, None, "")

    def _message(self, e: _Entry, page: str, text: str | None):
        return new_message(self.settings.sender, e.no, e.contact_no, e.contact_name, e.e_mail, e.mail_subject,
                           page, text)

    def _send(self, e: _Entry, message, stored: bytes | None, extension: str) -> None:
        try:
            if self.smtp is not None:
                self.smtp.send(message, self.settings.sender, e.e_mail)
            else:
                self.report.files.append(write_to_outbox(self.settings.outbox_folder, e.no, e.contact_no, message))
                self.outbox_used = True
        except (UserError, SmtpDown) as exc:
            self.fail(e, str(exc))
            return
        self._add(_Outcome(e, document=stored, extension=extension, e_mail=True))
        self._count()

    def close(self) -> None:
        if self.hard_copy is not None:
            self.hard_copy.discard()
            self.hard_copy = None
        if self.smtp is not None:
            self.smtp.close()
        if self.outbox_used:
            self.report.notes.append(f"E-mails are in {Path(self.settings.outbox_folder).expanduser()}.")
        self.flush()


def deliver(entry_nos: list[int] | None = None, *, logged_segment_entry_no: int | None = None,
            settings: DeliverySettings | None = None, progress: Progress | None = None) -> DeliveryReport:
    """Deliver the queued entries (Delivery Status In Progress): the given entry nos.
    (those not In Progress are skipped), or those of one logged segment, or with neither
    every queued entry. ``settings`` default to ``delivery_settings()`` (environment over
    relman.toml); ``progress(fraction, text)`` is told after each entry. Returns what was
    sent, what failed and the files written."""
    settings = settings if settings is not None else delivery_settings()
    report = DeliveryReport()
    entries = _queued(list(entry_nos) if entry_nos is not None else None, logged_segment_entry_no)
    if not entries:
        return report
    run = _Run(settings, report, progress, len(entries))
    try:
        run.deliver(entries)
    finally:
        run.close()
    return report


__all__ = [
    "SmtpSettings", "DeliverySettings", "delivery_settings", "default_config_file", "DeliveryReport", "deliver",
    "docx_to_html", "SETTINGS_ENV",
]
