"""Email delivery: the message for each entry, and one SMTP connection for a whole run.

A run of a thousand e-mails must not open a thousand connections, and one refusal must
not stop the rest: a message the server refuses is an Error on its entry only; a
connection that cannot be made (or is lost twice) fails every e-mail not yet sent with the
reason. A connection the server dropped while idle is reopened once. Without SMTP each
message is written as "<entry no> <contact no>.eml" into the outbox folder.

Decisions: the template's Wizard Action Open (show the e-mail editor first) is not
honoured — e-mails are sent as they are; an HTML e-mail-merge layout is not rendered per
recipient — the HTML attachment is the body as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from models.base import context
from models.base.errors import UserError
from models.base.files import safe_file_name, write_atomic
from models.interactions.delivery_settings import SmtpSettings
from models.interactions.reasons import reason

BAD_ADDRESS = "The e-mail address '{address}' of contact {contact} is not valid."
ATTACHED_BODY = "Please find {name} attached."
SMTP_TIMEOUT_SECONDS = 30
DOCX_MIME = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def new_message(sender: str, entry_no: int, contact_no: str, contact_name: str, address: str, subject: str,
                page: str, text: str | None):
    """The e-mail of one entry: the HTML ``page`` as the body, with ``text`` as its plain
    alternative (None: HTML only). UserError when the address cannot be written."""
    from email.errors import MessageError
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    message = EmailMessage()
    message["From"] = sender
    try:
        message["To"] = Address(display_name=_one_line(contact_name), addr_spec=address)
    except (ValueError, TypeError, MessageError):
        raise UserError(BAD_ADDRESS.format(address=address, contact=contact_no)) from None
    message["Subject"] = _one_line(subject)
    message["Date"] = format_datetime(context.now().astimezone())
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["X-Relman-Entry-No"] = str(entry_no)
    if text is None:
        message.set_content(page, subtype="html")
    else:
        message.set_content(text)
        message.add_alternative(page, subtype="html")
    return message


def attach_file(message, content: bytes, extension: str) -> None:
    """Any other file attached as "Attachment.<ext>"."""
    import mimetypes

    file_name = f"Attachment.{extension}" if extension else "Attachment"
    mime = (mimetypes.guess_type(file_name)[0] or "application/octet-stream").split("/", 1)
    message.add_attachment(content, maintype=mime[0], subtype=mime[1], filename=file_name)


def attached_letter_body(subject: str) -> tuple[str, str]:
    """Send Word Docs. as Attmt.: (the letter's file name, the short body that names it)."""
    file_name = safe_file_name(subject or "Attachment", ".docx")
    return file_name, ATTACHED_BODY.format(name=file_name)


def write_to_outbox(folder: Path, entry_no: int, contact_no: str, message) -> Path:
    """Without SMTP: the message as "<entry no> <contact no>.eml" in the outbox folder."""
    import email.policy

    name = safe_file_name(f"{entry_no} {contact_no}", ".eml")
    return write_atomic(Path(folder).expanduser() / name, message.as_bytes(policy=email.policy.SMTP))


class SmtpDown(Exception):
    """The SMTP connection failed: every message not yet sent fails with this reason."""


class Smtp:
    """One SMTP connection for a delivery run, opened on the first message."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.conn = None
        self.broken = ""

    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def connect(self) -> None:
        """Open the connection (TLS as configured, login when a user is set); SmtpDown when it fails."""
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
            self._fail(f"Cannot connect to the SMTP server {self._where()}: {reason(exc)}")
        self.conn = conn

    def _fail(self, text: str) -> NoReturn:
        self.broken = text
        raise SmtpDown(text)

    def send(self, message, sender: str, to: str) -> None:
        """Send one message; UserError when the server refuses it, SmtpDown when the
        connection fails. A server that dropped an idle connection is reconnected once."""
        import smtplib

        for attempt in (1, 2):
            if self.broken:
                raise SmtpDown(self.broken)
            if self.conn is None:
                self.connect()
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
                raise UserError(f"The SMTP server cannot take this message: {reason(exc)}") from None
            except smtplib.SMTPServerDisconnected as exc:
                self.close()
                if attempt == 2:
                    self._fail(f"The connection to the SMTP server {self._where()} failed: {reason(exc)}")
            except (OSError, smtplib.SMTPException) as exc:
                self.close()
                self._fail(f"The connection to the SMTP server {self._where()} failed: {reason(exc)}")

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except Exception:  # the server is gone: nothing left to say to it
            conn.close()
