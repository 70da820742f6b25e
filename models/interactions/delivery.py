"""Delivering logged interactions (SPEC 5.3, 1.19, 4.3; checklist 8.G 67–72).

``deliver`` sends the entries that logging (``models.segments.log.log_segment`` with
Deliver) or Resend (``models.interactions.entries.prepare_resend``) left with Delivery
Status "In Progress". It runs after that transaction committed: a delivery failure
never undoes the log. Each entry ends with Delivery Status blank (delivered) or Error
with the reason (``record_delivery``); an Error entry can be sent again with Resend.

The queue (``delivery_queue``, Business Central's Delivery Sorter order) is split by
the entry's document:

* the document is the entry's own attachment when it exists (a Merged entry's
  attachment is its personalised letter, sent as it is), else its Modified Word
  Template, else its Word template; none of them → Error "The interaction template
  has no attachment for the selected language code.";
* **Word group** — a Word template, or a .doc/.docx attachment: merged for the entry's
  contact (one parsed ``MergeTemplate`` per document, ``merge_rows``); a .docx without
  fields is sent as it is;
* **HTML group** — an .html/.htm attachment; **Other** — any other file.

Per Correspondence Type (blank → Error "Correspondence Type must have a value …"):

* **Hard Copy**, Word group: each letter is written as "<contact no> <name>.docx"
  into ``settings.output_folder/<run>`` ("Segment <no>" when the run's letters are of
  one segment, else "Entries <first entry no>"), with the print file "<run> print.docx"
  (every letter merged from one document, a section each; several documents → one
  print file each, numbered) and, when LibreOffice is installed (``soffice``) and the
  ``pdf`` setting is on, a PDF of each letter. The files appear together when every
  letter is done (a hidden staging folder is moved in); only then are the entries
  marked delivered; a file of the same name is replaced (a Resend prints over the
  earlier letters). A failed PDF conversion is a note in the report: the .docx letters
  are delivered. HTML and Other by Hard Copy → Error (a printer gets Word letters only).
* **Email**: to the alternative address's e-mail when the entry has an alternative
  address with one, else the contact's (none → Error "Specify the Email field for
  contact <no> or for its alternative address."); subject = the entry's Subject (its
  Description when blank). Word group: the merged letter as an HTML body (with a
  plain-text part, ``docx_to_html``), or, with Send Word Docs. as Attmt., a short body
  and the letter attached as "<subject or 'Attachment'>.docx". HTML group: the
  attachment is the body. Other: the file attached as "Attachment.<ext>" with an
  empty HTML body. With ``settings.smtp`` the messages go through ONE SMTP connection
  (STARTTLS, SSL or plain; a connection the server dropped is reopened once); a
  message the server refuses is an Error on its entry; a connection that cannot be
  made is an Error with the reason on every entry not yet sent. Without SMTP each
  message is written as "<entry no> <contact no>.eml" into ``settings.outbox_folder``.

The document a contact got (checklist 8.G 72) — the merged .docx of a letter, or the
HTML body of an e-mail — is stored as a new read-only Attachment and becomes the
entry's Attachment No.; an entry whose document was sent as it is (a personalised
letter, an HTML or other file) keeps its attachment. The attachment an entry no longer
points to is deleted when nothing uses it any more (no entry by Attachment No. or
Modified Word Template, no segment line, no template or segment language: the
unique-attachment rule of models/interaction_entries.py). E-Mail Logged := Yes on
entries delivered by Email.

Outcomes are written in short transactions (a few hundred entries each), so a crash
leaves every entry either delivered or still In Progress / Error — never marked
delivered without its file; files are written whole (temporary name, then rename).
An e-mail sent just before a crash may be sent again by the next delivery.

``progress(done, total)`` is called once per entry. Settings (``delivery_settings``)
come from environment variables over a TOML file (models/delivery_settings.py);
credentials never go into the database. The HTML body: models/merge_html.py.

Decisions:

* Business Central's Hard Copy downloads PDFs (zipped when several); a terminal writes
  the .docx letters, the print file and — with LibreOffice — PDFs into a folder.
* The template's Wizard Action Open (show the e-mail editor first) is not honoured:
  e-mails are always sent as they are.
* HTML e-mail-merge layouts are not rendered per recipient: the HTML attachment is the
  body as it is.
* A page header or footer of a letter is print furniture: the HTML body is the body
  of the document (paragraphs with bold/italic/underline, line breaks, headings and
  tables; every text escaped).
"""

from __future__ import annotations

import html
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import peewee as pw

from models.base import context
from models.base.db import db
from models.base.enums import CorrespondenceType
from models.base.errors import UserError
from models.interactions.delivery_settings import (
    SETTINGS_ENV,
    DeliverySettings,
    SmtpSettings,
    _address_ok,
    default_config_file,
    delivery_settings,
)
from models.interactions.entries import (
    ENTRY_CAPTION,
    _not_held_by_languages,
    record_delivery,
)
from models.merge.html import docx_to_html
from models.merge.letters import (
    NO_ATTACHMENT,
    MergeTemplate,
    Recipient,
    _source_bytes,
    _source_name,
    _StagedFolder,
    _unique,
    letter_file_name,
    merge_rows,
    safe_file_name,
    write_atomic,
)
from models.segments.log import NO_EMAIL, delivery_queue
from models.tables import attachments
from models.tables.contacts import Contact, ContactAltAddress
from models.tables.interactions import Attachment, InteractionLogEntry, WordTemplate
from models.tables.segments import SegmentLine

Progress = Callable[[int, int], None] | None
ILE = InteractionLogEntry
HARD_COPY, EMAIL = int(CorrespondenceType.HARD_COPY), int(CorrespondenceType.EMAIL)

NO_CORRESPONDENCE_TYPE = "Correspondence Type must have a value in {table}: Entry No.={no}."
HARD_COPY_UNSUPPORTED = ("Hard Copy cannot deliver {kind} attachment: only Word documents are printed "
                         "(send it by Email).")
BAD_ADDRESS = "The e-mail address '{address}' of contact {contact} is not valid."
ATTACHED_BODY = "Please find {name} attached."
SMTP_TIMEOUT_SECONDS = 30
WORD_EXTENSIONS, HTML_EXTENSIONS = {"doc", "docx"}, {"html", "htm"}
WORD, HTML, OTHER = "word", "html", "other"

_CHUNK = 5000  # entry nos per IN (…) list
_FLUSH = 200  # outcomes per transaction
_PDF_BATCH = 200  # letters per soffice call
_PDF_SECONDS = 60  # soffice start-up, plus 5 s per letter


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


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _queued(entry_nos: list[int] | None, logged_segment_entry_no: int | None) -> list[_Entry]:
    """The queue (Delivery Sorter order) with each entry's contact, e-mail and document fields."""
    if entry_nos is None:
        rows = list(delivery_queue(None, logged_segment_entry_no))
    else:
        rows = []
        for chunk in _chunks(sorted({int(n) for n in entry_nos})):
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
    for chunk in _chunks(list(by_no)):
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
    for chunk in _chunks(numbers):
        extensions.update({no: (ext or "").lower() for no, ext in Attachment.select(
            Attachment.no, Attachment.file_extension).where(Attachment.no.in_(chunk)).tuples()})
    codes = sorted({e.word_template_code for e in entries if e.word_template_code})
    words = set()
    for chunk in _chunks(codes):
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
    for chunk in _chunks(numbers):
        used = {n for (n,) in ILE.select(ILE.attachment_no).where(ILE.attachment_no.in_(chunk)).tuples()}
        used |= {n for (n,) in ILE.select(ILE.modified_word_template)
                 .where(ILE.modified_word_template.in_(chunk)).tuples()}
        used |= {n for (n,) in SegmentLine.select(SegmentLine.attachment_no)
                 .where(SegmentLine.attachment_no.in_(chunk)).tuples()}
        free = [n for n in chunk if n not in used]
        if free:
            Attachment.delete().where(Attachment.no.in_(free) & _not_held_by_languages()).execute()


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


# ---------------------------------------------------------------- SMTP

class _Down(Exception):
    """The SMTP connection failed: every message not yet sent fails with this reason."""


class _Smtp:
    """One SMTP connection for a delivery run, opened on the first message."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.conn = None
        self.broken = ""

    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def _connect(self) -> None:
        """Open the connection (TLS as configured, login when a user is set); _Down when it fails."""
        import smtplib
        import ssl

        s = self.settings
        conn = None
        try:
            if s.security == "ssl":
                conn = smtplib.SMTP_SSL(s.host, s.port, timeout=SMTP_TIMEOUT_SECONDS,
                                        context=ssl.create_default_context())
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=SMTP_TIMEOUT_SECONDS)
            if s.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
            if s.user:
                conn.login(s.user, s.password)
        except (OSError, smtplib.SMTPException) as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, smtplib.SMTPAuthenticationError):
                self._fail(f"The SMTP server {self._where()} refused the user name or password.")
            self._fail(f"Cannot connect to the SMTP server {self._where()}: {_reason(exc)}")
        self.conn = conn

    def _fail(self, reason: str) -> NoReturn:
        self.broken = reason
        raise _Down(reason)

    def send(self, message, sender: str, to: str) -> None:
        """Send one message; UserError when the server refuses it, _Down when the connection
        fails. A server that dropped an idle connection is reconnected once."""
        import smtplib

        for attempt in (1, 2):
            if self.broken:
                raise _Down(self.broken)
            if self.conn is None:
                self._connect()
            try:
                self.conn.send_message(message, from_addr=sender, to_addrs=[to])
                return
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()), (0, b""))
                raise UserError(f"The SMTP server refused {to}: {code} {_text(text)}".strip()) from None
            except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                raise UserError(f"The SMTP server refused the message: {exc.smtp_code} "
                                f"{_text(exc.smtp_error)}".strip()) from None
            except smtplib.SMTPNotSupportedError as exc:
                raise UserError(f"The SMTP server cannot take this message: {_reason(exc)}") from None
            except smtplib.SMTPServerDisconnected as exc:
                self.close()
                if attempt == 2:
                    self._fail(f"The connection to the SMTP server {self._where()} failed: {_reason(exc)}")
            except (OSError, smtplib.SMTPException) as exc:
                self.close()
                self._fail(f"The connection to the SMTP server {self._where()} failed: {_reason(exc)}")

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except Exception:  # the server is gone: nothing left to say to it
            conn.close()


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _reason(exc: BaseException) -> str:
    return " ".join((getattr(exc, "strerror", None) or str(exc) or type(exc).__name__).split())


# ---------------------------------------------------------------- PDFs

def _convert_to_pdf(folder: Path, names: list[str]) -> tuple[list[str], str]:
    """PDFs of the letters in ``folder`` by LibreOffice (``soffice``): (pdf names made,
    note). No soffice: ([], ""). A failure is a note, never an error."""
    import subprocess
    import tempfile

    soffice = shutil.which("soffice")
    if not soffice or not names:
        return [], ""
    problem = ""
    with tempfile.TemporaryDirectory(prefix="relman-soffice-") as profile:
        for chunk in _chunks(names, _PDF_BATCH):
            timeout = _PDF_SECONDS + 5 * len(chunk)
            command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to",
                       "pdf", "--outdir", str(folder), *[str(folder / n) for n in chunk]]
            try:
                done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
                                      check=False)
            except subprocess.TimeoutExpired:
                problem = f"LibreOffice did not finish within {timeout} s"
                break
            except OSError as exc:
                problem = _reason(exc)
                break
            if done.returncode != 0:
                last = _text(done.stderr).strip().splitlines()[-1:]
                problem = last[0] if last else f"LibreOffice ended with exit code {done.returncode}"
    made = [Path(n).with_suffix(".pdf").name for n in names if (folder / Path(n).with_suffix(".pdf").name).is_file()]
    if len(made) < len(names):
        missing = len(names) - len(made)
        return made, (f"PDF conversion failed for {missing} of {len(names)} letters"
                      + (f": {problem}." if problem else ".") + " The .docx letters were delivered.")
    return made, ""


# ---------------------------------------------------------------- a delivery run

class _Run:
    def __init__(self, settings: DeliverySettings, report: DeliveryReport, progress: Progress, total: int):
        self.settings = settings
        self.report = report
        self.progress = progress
        self.total = total
        self.done = 0
        self.ready: list[_Outcome] = []  # written every _FLUSH outcomes
        self.printed: list[tuple[_Entry, str, bool]] = []  # (entry, staged name, store): written after the files
        self.print_files: list[Path] = []  # staged print files, named at the end
        self.staged: _StagedFolder | None = None
        self.folder: Path | None = None
        self.smtp = _Smtp(settings.smtp) if settings.smtp is not None else None
        self.outbox_used = False

    # -- outcomes

    def _count(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def _add(self, outcome: _Outcome) -> None:
        if outcome.error:
            self.report.failed += 1
            self.report.errors.append((outcome.entry.no, outcome.error))
        else:
            self.report.sent += 1
        self.ready.append(outcome)
        if len(self.ready) >= _FLUSH:
            self.flush()

    def fail(self, e: _Entry, reason: str) -> None:
        self._add(_Outcome(e, error=reason))
        self._count()

    def flush(self) -> None:
        outcomes, self.ready = self.ready, []
        for chunk in _chunks(outcomes, _FLUSH):
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
            elif e.correspondence_type == EMAIL and not _address_ok(e.e_mail):
                self.fail(e, BAD_ADDRESS.format(address=e.e_mail, contact=e.contact_no))
            else:
                key, ext, group, as_is = chosen
                batches.setdefault((key, as_is), []).append(e)
                kinds[(key, as_is)] = (group, ext)
                if e.correspondence_type == HARD_COPY:
                    hard_copy.append(e)
        if hard_copy:
            segments = {e.segment_no for e in hard_copy}
            segment = segments.pop() if len(segments) == 1 else ""
            run = f"Segment {segment}" if segment else f"Entries {min(e.no for e in hard_copy)}"
            self.folder = Path(self.settings.output_folder).expanduser() / safe_file_name(run, "")
        if self.smtp is not None and any(e.correspondence_type == EMAIL for es in batches.values() for e in es):
            try:
                self.smtp._connect()
            except _Down:
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
            content = _source_bytes(key)
            if group != WORD:
                for e in members:
                    self._mail_file(e, content, group, ext)
                    handled += 1
                return
            template = None if as_is else MergeTemplate(content, _source_name(key), require_fields=False)
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
                self._print_file(template, printed)
            except UserError as exc:
                self.report.notes.append(f"The print file was not written: {exc}")

    # -- Word letters

    def _word_letter(self, e: _Entry, name: str, letter: bytes, as_is: bool) -> None:
        try:
            if e.correspondence_type == HARD_COPY:
                self._stage().write(letter_file_name(e.contact_no, name), letter)
                self.printed.append((e, self.staged.names[-1], not as_is))
                self._count()
                return
            subject = e.mail_subject
            if e.as_attachment:
                file_name = safe_file_name(e.subject or "Attachment", ".docx")
                body = ATTACHED_BODY.format(name=file_name)
                message = self._message(e, f"<p>{html.escape(body)}</p>", body + "\n")
                message.add_attachment(letter, maintype="application",
                                       subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                                       filename=file_name)
                stored, extension = (None if as_is else letter), "DOCX"
            else:
                page, text = docx_to_html(letter, subject)
                message = self._message(e, page, text)
                stored, extension = page.encode("utf-8"), "HTML"
        except UserError as exc:
            self.fail(e, str(exc))
            return
        self._send(e, message, stored, extension)

    def _stage(self) -> _StagedFolder:
        if self.staged is None:
            self.staged = _StagedFolder(self.folder)
        return self.staged

    def _print_file(self, template: MergeTemplate, printed: list[_Entry]) -> None:
        from models.merge.combined import write_combined

        staged = self._stage()
        target = staged.temp / f".print-{len(self.print_files) + 1}.docx"
        values = template.values()
        write_combined(template, values, values.rows([e.recipient() for e in printed]), len(printed), target, None)
        self.print_files.append(target)

    def _finish_hard_copy(self) -> None:
        staged = self.staged
        if staged is None:
            return
        self.staged = None
        try:
            letters = list(staged.names)
            many = len(self.print_files) > 1
            run = self.folder.name
            for number, temp in enumerate(self.print_files, 1):
                name = _unique(safe_file_name(f"{run} print {number}" if many else f"{run} print"), staged.used)
                os.replace(temp, staged.temp / name)
                staged.names.append(name)
            pdfs, note = _convert_to_pdf(staged.temp, letters) if self.settings.pdf else ([], "")
            for name in pdfs:
                staged.used.add(name.lower())
                staged.names.append(name)
            paths = staged.commit()
        except (UserError, OSError) as exc:
            staged.discard()
            reason = str(exc) if isinstance(exc, UserError) else f"Cannot write into {self.folder}: {_reason(exc)}"
            for e, _name, _store in self.printed:
                self._add(_Outcome(e, error=reason))
            self.printed = []
            self.flush()
            return
        except BaseException:
            staged.discard()
            raise
        if note:
            self.report.notes.append(note)
        self.report.files += paths
        self.report.notes.append(f"Letters are in {self.folder}.")
        for e, name, store in self.printed:
            self._add(_Outcome(e, document=(self.folder / name) if store else None, extension="DOCX"))
        self.printed = []
        self.flush()

    # -- e-mails

    def _mail_file(self, e: _Entry, content: bytes, group: str, ext: str) -> None:
        """An HTML attachment as the body, any other file attached as "Attachment.<ext>"."""
        import mimetypes

        if group == HTML:
            page = content.decode("utf-8-sig", "replace")
            message = self._message(e, page, None)
        else:
            file_name = f"Attachment.{ext}" if ext else "Attachment"
            mime = (mimetypes.guess_type(file_name)[0] or "application/octet-stream").split("/", 1)
            message = self._message(e, "", None)
            message.add_attachment(content, maintype=mime[0], subtype=mime[1], filename=file_name)
        self._send(e, message, None, "")

    def _message(self, e: _Entry, page: str, text: str | None):
        from email.errors import MessageError
        from email.headerregistry import Address
        from email.message import EmailMessage
        from email.utils import format_datetime, make_msgid

        message = EmailMessage()
        message["From"] = self.settings.sender
        try:
            message["To"] = Address(display_name=_one_line(e.contact_name), addr_spec=e.e_mail)
        except (ValueError, TypeError, MessageError):
            raise UserError(BAD_ADDRESS.format(address=e.e_mail, contact=e.contact_no)) from None
        message["Subject"] = _one_line(e.mail_subject)
        message["Date"] = format_datetime(context.now().astimezone())
        message["Message-ID"] = make_msgid(domain=self.settings.sender.rpartition("@")[2] or "localhost")
        message["X-Relman-Entry-No"] = str(e.no)
        if text is None:
            message.set_content(page, subtype="html")
        else:
            message.set_content(text)
            message.add_alternative(page, subtype="html")
        return message

    def _send(self, e: _Entry, message, stored: bytes | None, extension: str) -> None:
        try:
            if self.smtp is not None:
                self.smtp.send(message, self.settings.sender, e.e_mail)
            else:
                import email.policy

                name = safe_file_name(f"{e.no} {e.contact_no}", ".eml")
                path = write_atomic(Path(self.settings.outbox_folder).expanduser() / name,
                                    message.as_bytes(policy=email.policy.SMTP))
                self.report.files.append(path)
                self.outbox_used = True
        except (UserError, _Down) as exc:
            self.fail(e, str(exc))
            return
        self._add(_Outcome(e, document=stored, extension=extension, e_mail=True))
        self._count()

    def close(self) -> None:
        if self.staged is not None:
            self.staged.discard()
            self.staged = None
        if self.smtp is not None:
            self.smtp.close()
        if self.outbox_used:
            self.report.notes.append(f"E-mails are in {Path(self.settings.outbox_folder).expanduser()}.")
        self.flush()


def deliver(entry_nos: list[int] | None = None, *, logged_segment_entry_no: int | None = None,
            settings: DeliverySettings | None = None, progress: Progress = None) -> DeliveryReport:
    """Deliver the queued entries (Delivery Status In Progress): the given entry nos.
    (those not In Progress are skipped), or those of one logged segment, or with neither
    every queued entry. See the module docstring. ``settings`` default to
    ``delivery_settings()``. Returns what was sent, what failed and the files written."""
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
