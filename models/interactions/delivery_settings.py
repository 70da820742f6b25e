"""Where delivered letters and e-mails go (SPEC 5.3): the output and outbox folders, the
sender, and the SMTP server — from RELMAN_* environment variables over the [delivery]
section of relman.toml. Credentials are never stored in the database."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from models.base.config import settings
from models.base.errors import UserError

SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
# [delivery] key in the config file -> environment variable that overrides it
SETTINGS_ENV = {
    "smtp_host": "RELMAN_SMTP_HOST", "smtp_port": "RELMAN_SMTP_PORT", "smtp_security": "RELMAN_SMTP_SECURITY",
    "smtp_user": "RELMAN_SMTP_USER", "smtp_password": "RELMAN_SMTP_PASSWORD", "mail_from": "RELMAN_MAIL_FROM",
    "output_folder": "RELMAN_OUTPUT", "outbox_folder": "RELMAN_OUTBOX", "pdf": "RELMAN_PDF",
}
_YES, _NO = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    security: str = "starttls"  # "starttls" | "ssl" | "none"
    user: str = ""
    password: str = field(default="", repr=False)


@dataclass(frozen=True)
class DeliverySettings:
    output_folder: Path  # Hard Copy letters go here
    outbox_folder: Path  # .eml files when no SMTP is configured
    sender: str = "relman@localhost"
    smtp: SmtpSettings | None = None
    pdf: bool = True  # a PDF of each Hard Copy letter when LibreOffice is installed


def _port(text: str) -> int:
    try:
        port = int(text.strip())
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise UserError(f"The SMTP port must be a whole number from 1 to 65535, not '{text}'.")
    return port


def address_ok(address: str) -> bool:
    local, at, domain = address.rpartition("@")
    return bool(at and local and domain) and not any(ch.isspace() or ord(ch) < 32 or ch in "<>,;\"" for ch in address)


def delivery_settings(environ=os.environ, config_file: Path | None = None) -> DeliverySettings:
    """Where and how to deliver: the [delivery] section of the config file (default
    ``platformdirs.user_config_dir("relman")/relman.toml``: smtp_host, smtp_port,
    smtp_security, smtp_user, smtp_password, mail_from, output_folder, outbox_folder, pdf),
    each overridden by its environment variable (RELMAN_SMTP_HOST … RELMAN_OUTBOX;
    ``SETTINGS_ENV``) when that is not blank; ``pdf`` (RELMAN_PDF, yes/no, default yes)
    makes a PDF of each Hard Copy letter when LibreOffice is installed. Without an SMTP host there is no SMTP: the
    e-mails go to the outbox folder. The port defaults by security: 587 (starttls), 465
    (ssl), 25 (none). The folders default to Letters and Outbox in
    ``platformdirs.user_documents_dir()/Relman``. A malformed file, an unknown setting, a
    bad port, security or sender is a UserError."""
    values = settings("delivery", SETTINGS_ENV, environ, config_file, switches={"pdf"}, verbatim={"smtp_password"})
    security = values.get("smtp_security", "starttls").strip().lower()
    if security not in SECURITY_PORTS:
        raise UserError(f"The SMTP security must be starttls, ssl or none, not '{values['smtp_security']}'.")
    smtp = None
    host = values.get("smtp_host", "").strip()
    if host:
        port = _port(values["smtp_port"]) if values.get("smtp_port", "").strip() else SECURITY_PORTS[security]
        smtp = SmtpSettings(host=host, port=port, security=security, user=values.get("smtp_user", "").strip(),
                            password=values.get("smtp_password", ""))
    pdf = values.get("pdf", "yes").strip().lower()
    if pdf not in _YES | _NO:
        raise UserError(f"The setting pdf must be yes or no, not '{values['pdf']}'.")
    sender = values.get("mail_from", "").strip() or DeliverySettings.sender
    if not address_ok(sender):
        raise UserError(f"The sender (mail_from) must be an e-mail address, not '{sender}'.")
    documents = None
    folders = {}
    for key, default in (("output_folder", "Letters"), ("outbox_folder", "Outbox")):
        text = values.get(key, "").strip()
        if not text:
            if documents is None:
                import platformdirs

                documents = Path(platformdirs.user_documents_dir()) / "Relman"
            folders[key] = documents / default
        else:
            folders[key] = Path(text).expanduser()
    return DeliverySettings(output_folder=folders["output_folder"], outbox_folder=folders["outbox_folder"],
                            sender=sender, smtp=smtp, pdf=pdf in _YES)
