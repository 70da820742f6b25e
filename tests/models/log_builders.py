"""Fixtures and builders for the logging and logged-entry tests.

``log_db`` runs a test on a SQLite file and on PostgreSQL (one schema per module on
PostgreSQL, emptied by DELETEs between tests). ``world`` fills it with what a segment
needs to be logged: salespeople (SP1 is the user's), templates, campaigns, contacts
with and without e-mail and alternative addresses, the Segment Nos. series and a
segment S1 ("Spring mailing") without lines; ``line`` adds lines.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.base.db import close_database, db
from models.base.enums import CorrespondenceType, InformationFlow, InitiatedBy
from models.tables.contacts import Campaign, ContactAltAddress
from models.tables.interactions import Attachment
from models.tables.schema import MODELS, SchemaVersion, open_database
from models.tables.segments import SegmentHeader, SegmentLine
from tests.conftest import WORK_DATE, reset_postgres
from tests.models import builders as b
from tests.models import segment_builders as sb

HC, EM, BLANK = CorrespondenceType.HARD_COPY, CorrespondenceType.EMAIL, CorrespondenceType.BLANK


@pytest.fixture(scope="module")
def pg_schema(request):
    url = request.getfixturevalue("pg_url")
    reset_postgres(url)
    open_database(url)
    close_database()
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def log_db(request, tmp_path):
    if request.param == "sqlite":
        target = str(tmp_path / "relman.db")
        open_database(target)
    else:
        target = request.getfixturevalue("pg_schema")
        open_database(target)
        with db.atomic():
            for model in reversed(MODELS):
                if model is not SchemaVersion:
                    model.delete().execute()
        _restart_sequences()
    yield target
    close_database()


def _restart_sequences() -> None:
    """Entry numbers start at 1 again on PostgreSQL (as in a new SQLite file)."""
    rows = db.execute_sql(
        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'").fetchall()
    for (name,) in rows:
        db.execute_sql(f'ALTER SEQUENCE "{name}" RESTART WITH 1')


@pytest.fixture
def world(log_db):
    b.series("SEG", "SEG00001")
    b.salesperson("SP1", user="TESTER")
    b.salesperson("SP2")
    b.template("LETTER", "LETTER", description="Product letter", correspondence_type_default=HC,
               unit_cost=Decimal("1.20"), unit_duration=5, information_flow=InformationFlow.OUTBOUND,
               initiated_by=InitiatedBy.US)
    b.template("NEWS", "EMAIL", description="Newsletter", correspondence_type_default=EM)
    Campaign.create(no="CP1", description="Spring campaign")
    Campaign.create(no="CP2", description="Autumn campaign")
    sb.company("CA", "Alpha", e_mail="info@alpha.example")
    sb.person("P1", "Anna Alpha", "CA", e_mail="anna@alpha.example")
    sb.person("P2", "Bert Alpha", "CA")  # no e-mail
    sb.person("P3", "Carl Beta")  # no e-mail, an alternative address with one
    sb.person("P4", "Dora Free")  # no e-mail, an alternative address without one
    ContactAltAddress.create(contact="P3", code="HOME", e_mail="carl@home.example")
    ContactAltAddress.create(contact="P4", code="HOME")
    SegmentHeader.create(no="S1", description="Spring mailing", salesperson="SP1", interaction_template="LETTER",
                         date=WORK_DATE, campaign="CP1")
    return log_db


def line(line_no: int, contact: str | None = "P1", segment: str = "S1", **values) -> SegmentLine:
    """A segment line written straight into the table, with a loggable default for every field
    the log checks (date, salesperson, template); ``values`` override them."""
    fields = dict(segment=segment, line_no=line_no, contact=contact, date=WORK_DATE, salesperson_code="SP1",
                  interaction_template_code="LETTER", interaction_group_code="LETTER",
                  description="Spring mailing", correspondence_type=HC)
    fields.update(values)
    return SegmentLine.create(**fields)


def attachment(content: bytes = b"letter", extension: str = "DOCX", *, read_only: bool = False) -> int:
    return Attachment.create(attachment_file=content, file_extension=extension, read_only=read_only).no


def on(day: int) -> dt.date:
    return dt.date(2026, 1, day)
