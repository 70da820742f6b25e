"""Delivering logged interactions (SPEC 5.3, 4.3; checklist 8.G 67–72, 8.F 66).

Every test logs a segment with Send Attachments (``log_segment(..., deliver=True)``) and
then delivers ``result.queued``; all run on a SQLite file and on PostgreSQL (``log_db``).
E-mails go through a real SMTP server (aiosmtpd on 127.0.0.1, a free port) or into the
outbox folder as .eml files; Hard Copy letters into a folder under tmp_path.
"""

from __future__ import annotations

import dataclasses
import email
import email.policy
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.base.enums import DeliveryStatus
from models.base.errors import UserError
from models.interactions import resend as rs
from models.interactions.delivery import (
    DeliverySettings,
    SmtpSettings,
    deliver,
    delivery_settings,
    docx_to_html,
)
from models.merge.docx_fields import add_simple_field, document_bytes
from models.segments import log as lg
from models.tables.contacts import CompanyInformation, Contact
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InteractionTmplLanguage,
    WordTemplate,
)
from tests.models.docx_builders import (
    body_texts,
    new_document,
    open_docx,
    paragraph,
    simple,
    template_with,
    text,
)
from tests.models.log_builders import EM, HC, attachment, line, log_db, pg_schema, world  # noqa: F401

ILE = InteractionLogEntry
SUBJECT = "Spring offer"


# ---------------------------------------------------------------- builders

def word_letter() -> bytes:
    """A Word template: a salutation with CONTA_Name, a bold run with markup characters,
    a table with SALES_Name."""
    doc = new_document()
    p = doc.add_paragraph("Dear ")
    add_simple_field(p, "CONTA_Name")
    p.add_run(",")
    doc.add_paragraph().add_run("<Spring & offer>").bold = True
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Your contact"
    add_simple_field(table.cell(0, 1).paragraphs[0], "SALES_Name")
    return document_bytes(doc)


@pytest.fixture
def letters(world):
    WordTemplate.create(code="WT1", name="Spring letter", template=word_letter())
    return world


@pytest.fixture
def settings(tmp_path) -> DeliverySettings:
    """No PDFs (LibreOffice takes seconds to start): only the Hard Copy test asks for them."""
    return DeliverySettings(output_folder=tmp_path / "out", outbox_folder=tmp_path / "outbox",
                            sender="sales@relman.example", pdf=False)


def log(*lines: dict) -> list[int]:
    """Lines 10000, 20000 … (contact, then fields), logged with Send Attachments; the queue."""
    for i, values in enumerate(lines, 1):
        line(i * 10000, **values)
    return lg.log_segment("S1", deliver=True, follow_up=False).queued


def email_line(contact: str, **values) -> dict:
    return {"contact": contact, "correspondence_type": EM, "word_template_code": "WT1", "subject": SUBJECT,
            **values}


def entry(no: int) -> InteractionLogEntry:
    return ILE.get_by_id(no)


def status(*numbers: int) -> list[tuple]:
    return [(entry(n).delivery_status, entry(n).delivery_error) for n in numbers]


def eml(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def body(message, kind: str = "html") -> str:
    part = message.get_body((kind,))
    return part.get_content() if part is not None else ""


# ---------------------------------------------------------------- a real SMTP server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: object
    peer: tuple  # the client's (host, port): one per SMTP connection


class Mailbox:
    """An aiosmtpd handler that keeps every message and refuses the addresses in ``refuse``."""

    def __init__(self):
        self.received: list[Received] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      email.message_from_bytes(envelope.content, policy=email.policy.default),
                                      tuple(session.peer)))
        return "250 Message accepted"

    def by_recipient(self) -> dict[str, Received]:
        return {r.recipients[0]: r for r in self.received}


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield mailbox, SmtpSettings(host="127.0.0.1", port=controller.port, security="none")
    controller.stop()


def with_smtp(settings: DeliverySettings, smtp: SmtpSettings) -> DeliverySettings:
    return dataclasses.replace(settings, smtp=smtp)


# ---------------------------------------------------------------- 67, 72: Email + Word template over SMTP

def test_email_word_template_one_personalised_html_body_per_contact(letters, settings, smtp_server):
    """8.G 67, 72, 8.F 66: one message per contact over one SMTP connection: recipient =
    the contact's e-mail, or the alternative address's (P3 has none of its own); subject =
    the line's; the body = the letter merged for that contact as HTML (text escaped, bold
    kept, the table), with a plain-text part. Each entry ends delivered (status blank),
    E-Mail Logged, its attachment the HTML it got (read-only); progress per entry."""
    mailbox, smtp = smtp_server
    queued = log(email_line("P1"), email_line("P3", contact_alt_address_code="HOME"), email_line("CA"))
    seen = []

    report = deliver(queued, settings=with_smtp(settings, smtp), progress=lambda fraction, text: seen.append((round(fraction, 3), text)))

    assert (report.sent, report.failed, report.errors) == (3, 0, [])
    assert report.message == "3 delivered."
    assert seen == [(0.333, "Delivering 1 of 3…"), (0.667, "Delivering 2 of 3…"), (1.0, "Delivering 3 of 3…")]
    got = mailbox.by_recipient()
    assert sorted(got) == ["anna@alpha.example", "carl@home.example", "info@alpha.example"]
    assert len({r.peer for r in mailbox.received}) == 1  # one connection for the run
    for address, name in (("anna@alpha.example", "Anna Alpha"), ("carl@home.example", "Carl Beta"),
                          ("info@alpha.example", "Alpha")):
        message = got[address].message
        assert got[address].sender == "sales@relman.example"
        assert message["Subject"] == SUBJECT and message["To"].addresses[0].addr_spec == address
        page = body(message)
        assert f"<p>Dear {name},</p>" in page
        assert "<strong>&lt;Spring &amp; offer&gt;</strong>" in page
        assert "<td><p>Salesperson SP1</p></td>" in page
        assert f"Dear {name}," in body(message, "plain")
    names = {"P1": "Anna Alpha", "P3": "Carl Beta", "CA": "Alpha"}
    for no in queued:
        e = entry(no)
        assert (e.delivery_status, e.delivery_error, e.e_mail_logged) == (DeliveryStatus.BLANK, "", True)
        stored = Attachment.get_by_id(e.attachment_no)
        assert (stored.file_extension, stored.read_only) == ("HTML", True)
        assert f"<p>Dear {names[e.contact_no]},</p>" in stored.content.decode()
    assert lg.delivery_queue(queued).count() == 0


def test_smtp_refusal_is_an_error_on_that_entry_only(letters, settings, smtp_server):
    """A recipient the server refuses: that entry is Error with the server's answer, the
    other messages are sent on the same connection."""
    mailbox, smtp = smtp_server
    mailbox.refuse.add("anna@alpha.example")
    first, second = log(email_line("P1"), email_line("CA"))

    report = deliver([first, second], settings=with_smtp(settings, smtp))

    assert (report.sent, report.failed) == (1, 1)
    assert [r.recipients for r in mailbox.received] == [["info@alpha.example"]]
    (state, reason), delivered = status(first, second)
    assert state == DeliveryStatus.ERROR and "refused anna@alpha.example: 550" in reason
    assert delivered == (DeliveryStatus.BLANK, "")
    assert report.message.startswith(f"1 delivered, 1 failed (Delivery Status Error): Entry {first}: The SMTP")


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_login_with_the_configured_user(letters, settings):
    """A server that requires AUTH: the configured user and password log in (one
    connection, every message sent); a wrong password is Error on every e-mail entry
    with the server's refusal, and the password is in no message."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"ann", b"s3cret"), handled=False)

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticator,
                            auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        first, second = log(email_line("P1"), email_line("CA"))
        wrong = SmtpSettings("127.0.0.1", controller.port, "none", user="ann", password="guess")
        report = deliver([first, second], settings=with_smtp(settings, wrong))
        assert (report.sent, report.failed) == (0, 2)
        assert dict(report.errors) == dict.fromkeys(
            (first, second), f"The SMTP server 127.0.0.1:{controller.port} refused the user name or password.")

        rs.prepare_resend(entry_nos=[first, second])
        right = SmtpSettings("127.0.0.1", controller.port, "none", user="ann", password="s3cret")
        report = deliver([first, second], settings=with_smtp(settings, right))
        assert (report.sent, report.failed) == (2, 0)
        assert sorted(r.recipients[0] for r in mailbox.received) == ["anna@alpha.example", "info@alpha.example"]
        assert all(b"s3cret" not in r.message.as_bytes() for r in mailbox.received)
    finally:
        controller.stop()


def test_smtp_server_down_then_resend(letters, settings, smtp_server):
    """A server that does not answer: every e-mail entry is Error with the reason, the Hard
    Copy entry of the same run is still delivered, nothing is lost; Resend re-queues the
    Error entries and the next delivery sends them."""
    mailbox, smtp = smtp_server
    down = SmtpSettings(host="127.0.0.1", port=free_port(), security="none")
    queued = log(email_line("P1"), email_line("CA"), {"contact": "P2", "word_template_code": "WT1"})
    letter = next(n for n in queued if entry(n).contact_no == "P2")
    mails = [n for n in queued if n != letter]

    report = deliver(queued, settings=with_smtp(settings, down))

    assert (report.sent, report.failed) == (1, 2)
    for state, reason in status(*mails):
        assert state == DeliveryStatus.ERROR
        assert reason.startswith(f"Cannot connect to the SMTP server 127.0.0.1:{down.port}:")
    assert status(letter) == [(DeliveryStatus.BLANK, "")]
    assert (settings.output_folder / "Segment S1" / "P2 Bert Alpha.docx").is_file()
    assert ILE.select().count() == 3

    assert rs.prepare_resend(entry_nos=mails) == sorted(mails)
    again = deliver(mails, settings=with_smtp(settings, smtp))

    assert (again.sent, again.failed) == (2, 0)
    assert sorted(r.recipients[0] for r in mailbox.received) == ["anna@alpha.example", "info@alpha.example"]
    assert status(*mails) == [(DeliveryStatus.BLANK, "")] * 2


# ---------------------------------------------------------------- 68: Send Word Docs as Attmt., the outbox

def test_send_word_docs_as_attachment_into_the_outbox(letters, settings):
    """8.G 68, 72: with Send Word Docs. as Attmt. the merged .docx is attached as
    "<subject>.docx" ("Attachment.docx" without a subject) under a short body; without
    SMTP each message is "<entry no> <contact no>.eml" in the outbox; the .docx is the
    entry's new attachment."""
    first, second = log(email_line("P1", send_word_doc_as_attmt=True),
                        email_line("CA", send_word_doc_as_attmt=True, subject=""))

    report = deliver([first, second], settings=settings)

    outbox = settings.outbox_folder
    assert sorted(p.name for p in report.files) == sorted([f"{first} P1.eml", f"{second} CA.eml"])
    assert report.message == f"2 delivered. E-mails are in {outbox}."
    for no, file_name, name in ((first, f"{SUBJECT}.docx", "Anna Alpha"), (second, "Attachment.docx", "Alpha")):
        message = eml(outbox / f"{no} {entry(no).contact_no}.eml")
        assert message["To"].addresses[0].addr_spec == ("anna@alpha.example" if no == first else "info@alpha.example")
        (part,) = list(message.iter_attachments())
        assert part.get_filename() == file_name
        assert part.get_content_type() == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        assert f"Please find {file_name} attached." in body(message, "plain")
        assert body_texts(part.get_content())[0] == f"Dear {name},"
        stored = Attachment.get_by_id(entry(no).attachment_no)
        assert (stored.file_extension, stored.read_only, stored.content) == ("DOCX", True, part.get_content())
        assert entry(no).e_mail_logged


# ---------------------------------------------------------------- 69: Hard Copy

def test_hard_copy_letters_print_files_and_pdf(letters, settings):
    """8.G 69 (adapted), 72: one .docx per contact "<contact no> <name>.docx" in
    "<output>/Segment S1", and a print file per document with its letters (a section
    each): "Segment S1 print 1.docx" for the Word template, "… print 2.docx" for the
    legacy attachment; a PDF per letter when LibreOffice is installed. Each entry's
    attachment is its letter; a personalised (Merged) letter is printed as it is and
    keeps its attachment."""
    own = attachment(template_with(paragraph(text("Personal letter for Dora"))), read_only=True)
    legacy = attachment(template_with(paragraph(text("Hello "), simple("Contact Name"))))
    queued = log({"contact": "P1", "word_template_code": "WT1"}, {"contact": "P2", "word_template_code": "WT1"},
                 {"contact": "CA", "word_template_code": "WT1"},
                 {"contact": "P4", "word_template_code": "WT1", "attachment_no": own, "merged": True},
                 {"contact": "P3", "attachment_no": legacy})

    report = deliver(queued, settings=dataclasses.replace(settings, pdf=True))

    folder = settings.output_folder / "Segment S1"
    assert (report.sent, report.failed) == (5, 0)
    assert report.message.startswith(f"5 delivered. Letters are in {folder}")
    names = ["P1 Anna Alpha.docx", "P2 Bert Alpha.docx", "CA Alpha.docx", "P4 Dora Free.docx", "P3 Carl Beta.docx"]
    prints = ["Segment S1 print 1.docx", "Segment S1 print 2.docx"]
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".docx") == sorted(names + prints)
    assert sorted(p.name for p in report.files if p.suffix == ".docx") == sorted(names + prints)
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no staging left
    printed = open_docx((folder / prints[0]).read_bytes())
    assert len(printed.sections) == 3
    assert [t for t in (p.text for p in printed.paragraphs) if t.startswith("Dear")] == [
        "Dear Anna Alpha,", "Dear Bert Alpha,", "Dear Alpha,"]
    assert body_texts((folder / prints[1]).read_bytes())[0] == "Hello Carl Beta"
    assert body_texts((folder / "P2 Bert Alpha.docx").read_bytes())[0] == "Dear Bert Alpha,"
    assert (folder / "P4 Dora Free.docx").read_bytes() == Attachment.get_by_id(own).content
    for no in queued:
        e = entry(no)
        assert (e.delivery_status, e.e_mail_logged) == (DeliveryStatus.BLANK, False)
        if e.contact_no == "P4":
            assert e.attachment_no == own
        else:
            letter = folder / next(n for n in names if n.startswith(e.contact_no + " "))
            assert Attachment.get_by_id(e.attachment_no).content == letter.read_bytes()
    pdfs = sorted(p.name for p in folder.iterdir() if p.suffix == ".pdf")
    if shutil.which("soffice"):  # LibreOffice installed: a PDF per letter, none of the print files
        assert pdfs == sorted(n.replace(".docx", ".pdf") for n in names), report.message
        assert all((folder / n).read_bytes().startswith(b"%PDF") for n in pdfs)
    else:
        assert pdfs == []


# ---------------------------------------------------------------- 70: legacy attachment merge

LEGACY = ["Contact Name", "Contact Email", "Contact Mail Address", "Formal Salutation", "Salesperson/Purchaser Name",
          "Document Subject", "Document Segment No.", "Company Information Name", "FaxMailTo", "Entry No."]


def test_legacy_word_attachment_is_merged_with_the_documented_names(world, settings):
    """8.G 70, 72: a .docx attachment with legacy merge fields is merged per entry (Contact
    …, salutation, Salesperson/Purchaser …, Document …, Company Information …, FaxMailTo
    = the recipient's e-mail for Email, Entry No. = the entry's). The shared attachment
    is deleted once no entry, line or language uses it; one a template language holds
    stays."""
    CompanyInformation.create(name="Relman Test Ltd.")
    Contact.update(address="1 Main Street", city="Springfield").where(Contact.no == "P1").execute()
    legacy = template_with(*[paragraph(text(f"{n}: "), simple(n)) for n in LEGACY])
    shared = attachment(legacy)
    held = attachment(legacy)
    InteractionTmplLanguage.create(interaction_template="LETTER", language_code="", attachment=held)
    first, second, third = log(
        {"contact": "P1", "correspondence_type": EM, "attachment_no": shared, "subject": "Legacy"},
        {"contact": "CA", "correspondence_type": EM, "attachment_no": shared, "subject": "Legacy"},
        {"contact": "P1", "correspondence_type": HC, "attachment_no": held, "subject": "Legacy"})

    report = deliver([first, second, third], settings=settings)

    assert (report.sent, report.failed) == (3, 0)
    values = dict(t.split(": ", 1) for t in body(eml(settings.outbox_folder / f"{first} P1.eml"), "plain").splitlines()
                  if ": " in t)
    assert values["Contact Name"] == "Anna Alpha"
    assert values["Contact Email"] == values["FaxMailTo"] == "anna@alpha.example"
    assert values["Formal Salutation"].startswith("Dear") and "Anna" in values["Formal Salutation"]
    assert values["Salesperson/Purchaser Name"] == "Salesperson SP1"
    assert (values["Document Subject"], values["Document Segment No."]) == ("Legacy", "S1")
    assert values["Company Information Name"] == "Relman Test Ltd."
    assert values["Entry No."] == str(first)
    page = body(eml(settings.outbox_folder / f"{first} P1.eml"))
    assert "<p>Contact Mail Address: Alpha<br>Anna Alpha<br>1 Main Street<br>Springfield</p>" in page
    printed = body_texts((settings.output_folder / "Segment S1" / "P1 Anna Alpha.docx").read_bytes())
    assert "FaxMailTo: " in printed  # empty for Hard Copy
    assert f"Entry No.: {third}" in printed
    assert Attachment.get_or_none(Attachment.no == shared) is None  # no one uses it any more
    assert Attachment.get_by_id(held).content == legacy  # a template language holds it
    assert len({entry(n).attachment_no for n in (first, second, third)} - {shared, held}) == 3


# ---------------------------------------------------------------- 71: other files, unsupported channels

def test_other_files_by_email_and_unsupported_channels(world, settings):
    """8.G 71: a non-Word attachment by Email is attached as "Attachment.<ext>" with an
    empty HTML body; an HTML attachment is the body; by Hard Copy both are Error (the
    channel does not take that file type). Files sent as they are stay the entries'
    attachments."""
    pdf = attachment(b"%PDF-1.4 offer", "PDF")
    page = attachment(b"<html><body><p>Spring news</p></body></html>", "HTML")
    mail_pdf, mail_html, print_pdf, print_html = log(
        {"contact": "P1", "correspondence_type": EM, "attachment_no": pdf},
        {"contact": "CA", "correspondence_type": EM, "attachment_no": page, "subject": "News"},
        {"contact": "P2", "correspondence_type": HC, "attachment_no": pdf},
        {"contact": "P4", "correspondence_type": HC, "attachment_no": page})

    report = deliver([mail_pdf, mail_html, print_pdf, print_html], settings=settings)

    assert (report.sent, report.failed) == (2, 2)
    message = eml(settings.outbox_folder / f"{mail_pdf} P1.eml")
    (part,) = list(message.iter_attachments())
    assert (part.get_filename(), part.get_content_type(), part.get_content()) == (
        "Attachment.pdf", "application/pdf", b"%PDF-1.4 offer")
    assert body(message).strip() == ""
    news = eml(settings.outbox_folder / f"{mail_html} CA.eml")
    assert (news["Subject"], body(news).strip()) == ("News", "<html><body><p>Spring news</p></body></html>")
    assert status(print_pdf, print_html) == [
        (DeliveryStatus.ERROR, "Hard Copy cannot deliver a .pdf attachment: only Word documents are printed "
                               "(send it by Email)."),
        (DeliveryStatus.ERROR, "Hard Copy cannot deliver an HTML attachment: only Word documents are printed "
                               "(send it by Email).")]
    assert [entry(n).attachment_no for n in (mail_pdf, mail_html, print_pdf, print_html)] == [pdf, page, pdf, page]
    assert not settings.output_folder.exists()


# ---------------------------------------------------------------- errors per entry, failures, a crash

def test_entries_that_cannot_be_sent_are_errors_and_the_others_are_sent(letters, settings):
    """A contact whose e-mail went away, an entry without a correspondence type, and one
    whose Word template is gone are Error with the reason; the rest are delivered."""
    no_mail, blank, gone, fine = log(email_line("P1"), email_line("CA"), {"contact": "P2", "word_template_code": "WT2"},
                                     email_line("P3", contact_alt_address_code="HOME"))
    Contact.update(e_mail="").where(Contact.no == "P1").execute()
    ILE.update(correspondence_type=0).where(ILE.entry_no == blank).execute()

    report = deliver([no_mail, blank, gone, fine], settings=settings)

    assert (report.sent, report.failed) == (1, 3)
    assert dict(report.errors) == {
        no_mail: "Specify the Email field for contact P1 or for its alternative address.",
        blank: f"Correspondence Type must have a value in Interaction Log Entry: Entry No.={blank}.",
        gone: "The interaction template has no attachment for the selected language code.",
    }
    assert status(no_mail, blank, gone) == [(DeliveryStatus.ERROR, dict(report.errors)[n])
                                            for n in (no_mail, blank, gone)]
    assert status(fine) == [(DeliveryStatus.BLANK, "")]
    assert [p.name for p in report.files] == [f"{fine} P3.eml"]


def test_an_unwritable_output_folder_fails_the_letters_not_the_emails(letters, settings, tmp_path):
    """A delivery failure never undoes the log: the letters' entries are Error with the
    reason, the e-mails of the same run are delivered."""
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    letter, mail = log({"contact": "P2", "word_template_code": "WT1"}, email_line("P1"))
    blocked_settings = dataclasses.replace(settings, output_folder=blocked)

    report = deliver([letter, mail], settings=blocked_settings)

    assert (report.sent, report.failed) == (1, 1)
    (state, reason), delivered = status(letter, mail)
    assert state == DeliveryStatus.ERROR and reason.startswith("Cannot write into")
    assert delivered == (DeliveryStatus.BLANK, "")


def test_a_crash_mid_run_leaves_entries_delivered_or_in_progress(letters, settings):
    """An exception in the middle of a run (here from the progress callback): the e-mail
    already sent is recorded as delivered, the letter not yet in its folder stays In
    Progress and no file of it is left behind; the next delivery sends it."""
    letter, mail = log({"contact": "P2", "word_template_code": "WT1"}, email_line("P1"))
    calls = []

    def progress(fraction, _text):
        calls.append(fraction)
        if fraction == 1.0:  # the second of two
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        deliver([letter, mail], settings=settings, progress=progress)

    assert status(letter, mail) == [(DeliveryStatus.IN_PROGRESS, ""), (DeliveryStatus.BLANK, "")]
    assert not settings.output_folder.exists() or not any(settings.output_folder.rglob("*.docx"))
    assert (settings.outbox_folder / f"{mail} P1.eml").is_file()

    report = deliver([letter, mail], settings=settings)
    assert (report.sent, report.failed) == (1, 0)  # the e-mail is not queued any more
    assert status(letter) == [(DeliveryStatus.BLANK, "")]


def test_nothing_queued(world, settings):
    assert deliver([], settings=settings).message == "Nothing to deliver."


# ---------------------------------------------------------------- the letter as HTML

def test_docx_to_html_escapes_text_and_keeps_the_structure():
    html_page, plain = docx_to_html(word_letter(), title="A <b> title")
    assert "<title>A &lt;b&gt; title</title>" in html_page
    assert "<strong>&lt;Spring &amp; offer&gt;</strong>" in html_page
    assert "<b>" not in html_page
    assert '<table cellpadding="4"' in html_page and "<td><p>Your contact</p></td>" in html_page
    assert plain.splitlines()[:2] == ["Dear «CONTA_Name»,", "<Spring & offer>"]
    with pytest.raises(UserError, match="is not a Word document"):
        docx_to_html(b"<html/>")


# ---------------------------------------------------------------- settings

def test_delivery_settings_from_environment_over_the_config_file(tmp_path):
    config = tmp_path / "relman.toml"
    config.write_text('[delivery]\nsmtp_host = "mail.example"\nsmtp_port = 2525\nsmtp_user = "ann"\n'
                      'smtp_password = "file secret"\nmail_from = "ann@example.com"\npdf = true\n'
                      f'output_folder = "{(tmp_path / "letters").as_posix()}"\n')
    s = delivery_settings({"RELMAN_SMTP_PASSWORD": "env secret", "RELMAN_SMTP_SECURITY": "SSL",
                           "RELMAN_OUTBOX": str(tmp_path / "box"), "RELMAN_SMTP_USER": "", "RELMAN_PDF": "no"}, config)
    assert s.smtp == SmtpSettings("mail.example", 2525, "ssl", "ann", "env secret")
    assert s.pdf is False
    assert "secret" not in repr(s)
    assert (s.sender, s.output_folder, s.outbox_folder) == ("ann@example.com", tmp_path / "letters", tmp_path / "box")

    plain = delivery_settings({"RELMAN_SMTP_HOST": "localhost", "RELMAN_SMTP_SECURITY": "none"},
                              tmp_path / "missing.toml")
    assert plain.smtp == SmtpSettings("localhost", 25, "none")
    assert (plain.sender, plain.pdf) == ("relman@localhost", True)
    assert plain.output_folder.parts[-2:] == ("Relman", "Letters") and plain.outbox_folder.name == "Outbox"
    assert delivery_settings({}, tmp_path / "missing.toml").smtp is None
    no_pdf = tmp_path / "no-pdf.toml"
    no_pdf.write_text("[delivery]\npdf = false\n")
    assert delivery_settings({}, no_pdf).pdf is False

    for env, message in (({"RELMAN_SMTP_HOST": "h", "RELMAN_SMTP_PORT": "99999"}, "SMTP port must be a whole"),
                         ({"RELMAN_SMTP_HOST": "h", "RELMAN_SMTP_PORT": "abc"}, "SMTP port must be a whole"),
                         ({"RELMAN_SMTP_SECURITY": "tls"}, "starttls, ssl or none"),
                         ({"RELMAN_PDF": "maybe"}, "pdf must be yes or no"),
                         ({"RELMAN_MAIL_FROM": "nobody"}, "must be an e-mail address")):
        with pytest.raises(UserError, match=message):
            delivery_settings(env, tmp_path / "missing.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[delivery\nsmtp_host = 1")
    with pytest.raises(UserError, match="is not valid TOML") as exc:
        delivery_settings({}, broken)
    assert "\n" not in str(exc.value)
    broken.write_text('[delivery]\nsmtp_hots = "x"\n')
    with pytest.raises(UserError, match="Unknown setting 'smtp_hots'"):
        delivery_settings({}, broken)
