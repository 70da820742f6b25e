"""Log, commit, then deliver: the one rule of Log Segment, Resend and the Create Interaction wizard.

The log (or Resend's re-queue) is its own transaction and commits before anything is sent,
so no letter goes out for an interaction that is not history. Delivery runs after it; what
it cannot deliver — one entry, or the whole run (no output folder, no SMTP server, a
bug) — is recorded on the entries as Delivery Status Error with the reason, to be sent
again with Resend, and reported in the result. A delivery failure never undoes the log and
never raises past ``send_queued``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from models.base.ask import Progress, report
from models.base.enums import CorrespondenceType
from models.base.errors import UserError
from models.interactions import delivery
from models.interactions.delivery_settings import DeliverySettings
from models.interactions.entries import record_delivery_failure
from models.interactions.reasons import stopped_reason
from models.interactions.resend import prepare_resend, prepare_resend_logged
from models.segments.log import LogResult, log_segment

DELIVERY_FAILED = "Delivery failed (Delivery Status Error): {reason} The entries can be sent again with Resend."
LOG_SHARE = 0.5  # of the progress bar, when a log is followed by a delivery


@dataclass
class SendResult:
    """What became of the entries a log queued."""

    queued: list[int] = field(default_factory=list)  # entry nos. queued for delivery (In Progress)
    report: delivery.DeliveryReport = field(default_factory=delivery.DeliveryReport)  # what the delivery run did
    error: Exception | None = None  # what stopped the run, if something did
    reason: str = ""  # its text, as recorded on the entries it had not finished

    @property
    def message(self) -> str:
        """One line for the user; "" when nothing was queued."""
        if self.error is not None:
            return DELIVERY_FAILED.format(reason=self.reason)
        return self.report.message if self.queued else ""


class LoggedAndSent(NamedTuple):
    log: LogResult
    sent: SendResult


def _part(progress: Progress | None, start: float, share: float, text: str) -> Progress | None:
    """A progress that fills ``share`` of the bar from ``start``."""
    if progress is None:
        return None
    return lambda fraction, detail="": report(progress, start + share * fraction, detail or text)


def send_queued(entry_nos: Iterable[int], progress: Progress | None = None, *,
                settings: DeliverySettings | None = None) -> SendResult:
    """Deliver the entries a committed log queued (Delivery Status In Progress). Every
    outcome is recorded on its entry; when the run itself stops, the entries it had not
    finished get Error with the reason and the result says why. Never raises for a
    delivery failure."""
    result = SendResult(queued=[int(n) for n in entry_nos])
    if not result.queued:
        return result
    tell = _part(progress, 0.0, 1.0, "Delivering…")
    try:
        result.report = delivery.deliver(result.queued, settings=settings, progress=tell)
    except Exception as exc:  # the log stands whatever stopped the delivery
        if not isinstance(exc, (UserError, OSError)):
            logging.getLogger("relman").exception("Delivery stopped")
        result.error, result.reason = exc, stopped_reason(exc)
        try:
            result.report.failed += record_delivery_failure(result.queued, result.reason)
        except Exception:  # the database is gone too: the entries stay In Progress, to Resend
            logging.getLogger("relman").exception("Delivery outcome not recorded")
    return result


def log_segment_and_send(segment_no: str, *, deliver: bool, follow_up: bool, progress: Progress | None = None,
                         settings: DeliverySettings | None = None) -> LoggedAndSent:
    """Log Segment (SPEC 2.15; ``models.segments.log.log_segment``) and, with Send
    Attachments, the delivery of what it queued after the log committed."""
    share = LOG_SHARE if deliver else 1.0
    log = _part(progress, 0.0, share, "Logging…")
    logged = log_segment(segment_no, deliver=deliver, follow_up=follow_up,
                         progress=log)
    return LoggedAndSent(logged, send_queued(logged.queued, _part(progress, share, 1.0 - share, ""),
                                             settings=settings))


def resend(entry_nos: Iterable[int] | None = None, filters: Mapping[str, str] | None = None,
           correspondence_type: CorrespondenceType | None = None, update_merge_fields: bool = False,
           progress: Progress | None = None, *, settings: DeliverySettings | None = None) -> SendResult:
    """Resend (SPEC 4.3): the entries re-queued (or their "Resend:" copies logged) by
    ``models.interactions.resend.prepare_resend`` in one transaction, then delivered."""
    queued = prepare_resend(entry_nos, filters, correspondence_type, update_merge_fields)
    return send_queued(queued, progress, settings=settings)


def resend_logged(logged_nos: Iterable[int], progress: Progress | None = None, *,
                  settings: DeliverySettings | None = None) -> SendResult:
    """Resend on Logged Segments: the entries with Delivery Status Error of every logged
    segment given, queued in one transaction (``prepare_resend_logged``), then delivered."""
    return send_queued(prepare_resend_logged(logged_nos), progress, settings=settings)


__all__ = ["SendResult", "LoggedAndSent", "send_queued", "log_segment_and_send", "resend", "resend_logged"]
