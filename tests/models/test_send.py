"""Log, commit, then deliver (models/interactions/send.py): a delivery failure never undoes
the log. Each test runs on SQLite and on PostgreSQL (``log_db``)."""

from __future__ import annotations

import pytest

from models.base.enums import CorrespondenceType, DeliveryStatus
from models.interactions import delivery, send
from models.interactions import wizard as wz
from models.interactions.delivery_settings import DeliverySettings
from models.interactions.entries import record_delivery
from models.tables.interactions import InteractionLogEntry as ILE
from models.tables.segments import LoggedSegment, SegmentHeader
from tests.models import builders as b
from tests.models.log_builders import HC, line, log_db, pg_schema, world  # noqa: F401


@pytest.fixture
def settings(tmp_path) -> DeliverySettings:
    return DeliverySettings(output_folder=tmp_path / "out", outbox_folder=tmp_path / "outbox",
                            sender="sales@relman.example", pdf=False)


@pytest.fixture
def letters(world):
    """Segment S1 with three Hard Copy lines merged from Word template WT1."""
    b.word_template("WT1")
    for i, contact in enumerate(("P1", "P2", "P3"), 1):
        line(i * 10000, contact, correspondence_type=HC, word_template_code="WT1")
    return world


def statuses() -> list[tuple[int, str]]:
    return [(DeliveryStatus(e.delivery_status), e.delivery_error) for e in ILE.select().order_by(ILE.entry_no)]


def assert_logged(result: send.LoggedAndSent) -> None:
    """The log stands: the logged segment, its entries, the segment gone."""
    assert LoggedSegment.select().where(LoggedSegment.segment_no == "S1").count() == 1
    assert SegmentHeader.get_or_none(SegmentHeader.no == "S1") is None
    assert ILE.select().count() == result.log.entries == 3


def test_log_then_deliver(letters, settings):
    """The letters are delivered after the log committed; progress runs from 0 to 1, the
    log filling the first half."""
    seen = []
    result = send.log_segment_and_send("S1", deliver=True, follow_up=False, settings=settings,
                                       progress=lambda fraction, text: seen.append((fraction, text)))
    assert_logged(result)
    assert result.sent.queued == result.log.queued and len(result.sent.queued) == 3
    assert (result.sent.report.sent, result.sent.report.failed, result.sent.error) == (3, 0, None)
    assert result.sent.message.startswith("3 delivered.")
    assert statuses() == [(DeliveryStatus.BLANK, "")] * 3
    fractions = [f for f, _text in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert ("Logging…" in {t for f, t in seen if f <= 0.5}) and any(t.startswith("Delivering") for _f, t in seen)


def test_a_delivery_that_cannot_run_leaves_the_log_with_errors(letters, monkeypatch, settings):
    """Delivery settings that cannot be read stop the run before it sends anything: the log
    stands, every queued entry is Error with the reason, nothing is raised; Resend then
    sends them."""
    monkeypatch.setenv("RELMAN_SMTP_HOST", "mail.example")
    monkeypatch.setenv("RELMAN_SMTP_PORT", "many")
    result = send.log_segment_and_send("S1", deliver=True, follow_up=False)
    assert_logged(result)
    reason = "The SMTP port must be a whole number from 1 to 65535, not 'many'."
    assert statuses() == [(DeliveryStatus.ERROR, reason)] * 3
    assert result.sent.reason == reason and result.sent.report.failed == 3
    assert result.sent.message == f"Delivery failed (Delivery Status Error): {reason} " \
                                  "The entries can be sent again with Resend."

    logged = result.log.logged_segment_entry_no
    again = send.resend(filters={"Logged Segment Entry No.": str(logged), "Delivery Status": "Error"},
                        settings=settings)
    assert (again.report.sent, again.error) == (3, None)
    assert statuses() == [(DeliveryStatus.BLANK, "")] * 3


def test_a_bug_mid_run_is_recorded_on_the_entries_not_yet_delivered(letters, monkeypatch):
    """An unexpected exception after the first entry was delivered: that entry stays
    delivered, the others are Error naming the exception; the result keeps it."""
    def first_then_crash(entry_nos, **_options):
        record_delivery(entry_nos[0])
        raise RuntimeError("the printer driver\ncrashed")

    monkeypatch.setattr(delivery, "deliver", first_then_crash)
    result = send.log_segment_and_send("S1", deliver=True, follow_up=False)
    assert_logged(result)
    reason = "Unexpected error (RuntimeError): the printer driver crashed."
    assert statuses() == [(DeliveryStatus.BLANK, ""), (DeliveryStatus.ERROR, reason), (DeliveryStatus.ERROR, reason)]
    assert isinstance(result.sent.error, RuntimeError) and result.sent.report.failed == 2


def test_without_send_attachments_nothing_is_delivered(letters, monkeypatch):
    monkeypatch.setattr(delivery, "deliver", lambda *a, **k: pytest.fail("nothing is queued"))
    result = send.log_segment_and_send("S1", deliver=False, follow_up=False)
    assert_logged(result)
    assert (result.sent.queued, result.sent.message) == ([], "")
    assert statuses() == [(DeliveryStatus.BLANK, "")] * 3


def test_the_wizard_logs_then_records_a_failed_delivery(world, monkeypatch):
    """Create Interaction: the entry is logged whatever the delivery does; a disk that is
    full is an Error on the entry and a line for the user."""
    def disk_full(entry_nos, **_options):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(delivery, "deliver", disk_full)
    draft = wz.start(contact_no="P1")
    wz.set_template(draft, "LETTER")
    assert draft.correspondence_type == CorrespondenceType.HARD_COPY
    result = wz.log(draft)
    entry = ILE.get_by_id(result.entry_no)
    assert not entry.postponed and draft.step == 4
    assert (entry.delivery_status, entry.delivery_error) == (DeliveryStatus.ERROR, "No space left on device.")
    assert result.delivery.startswith("Delivery failed (Delivery Status Error): No space left on device.")
