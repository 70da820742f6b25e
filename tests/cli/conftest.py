"""CLI tests: real SQLite files in tmp_path, main() called in-process."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models.base.db import close_database
from models.base.enums import (
    ContactType,
    CorrespondenceType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
)
from models.tables.contacts import Contact
from models.tables.interactions import InteractionLogEntry
from models.tables.schema import open_database
from models.tables.segments import LoggedSegment, SegmentHeader, SegmentLine
from models.tables.setup import NoSeries, NoSeriesLine, marketing_setup
from tests.conftest import WORK_DATE


@pytest.fixture(autouse=True)
def hermetic_home(tmp_path, monkeypatch):
    """The default database and the error log go to tmp_path, never the real home."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("RELMAN_DB", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    yield tmp_path / "xdg" / "relman"
    close_database()


def add_contact_series(manual: bool = True) -> None:
    NoSeries.create(code="CONT", description="Contacts", manual_nos=manual)
    NoSeriesLine.create(series="CONT", starting_no="CT000001")
    setup = marketing_setup()
    setup.contact_series = "CONT"
    setup.save()


@pytest.fixture
def empty_db(tmp_path):
    """A fresh database file with the Contact Nos. series set up (manual numbers allowed)."""
    path = tmp_path / "relman.db"
    open_database(path)
    add_contact_series()
    close_database()
    return str(path)


@pytest.fixture
def filled_db(tmp_path):
    """A database with two contacts, a segment with a line, a logged segment,
    one logged and one postponed interaction."""
    path = tmp_path / "filled.db"
    open_database(path)
    Contact.create(no="CT000001", type=ContactType.COMPANY, name="Adatum Corporation",
                   search_name="ADATUM CORPORATION", company="CT000001", company_name="Adatum Corporation",
                   city="Oslo", e_mail="info@adatum.example", exclude_from_segment=True,
                   correspondence_type=CorrespondenceType.HARD_COPY)
    Contact.create(no="CT000002", type=ContactType.PERSON, name="Robert Townes, Jr.",
                   search_name="ROBERT TOWNES, JR.", company="CT000001", company_name="Adatum Corporation",
                   first_name="Robert", surname="Townes", correspondence_type=CorrespondenceType.EMAIL)
    SegmentHeader.create(no="SEG00002", description="Spring mailing", date=WORK_DATE,
                         correspondence_type_default=CorrespondenceType.EMAIL,
                         unit_cost=Decimal("12.5"), unit_duration=15,
                         information_flow=InformationFlow.OUTBOUND, initiated_by=InitiatedBy.US,
                         subject_default="Spring offers")
    SegmentLine.create(segment="SEG00002", line_no=10000, contact="CT000002", contact_company_no="CT000001",
                       correspondence_type=CorrespondenceType.EMAIL, cost=Decimal("12.5"), duration=15,
                       description="Spring mailing", date=WORK_DATE, subject="Spring offers")
    LoggedSegment.create(segment_no="SEG00001", description="Winter mailing")
    InteractionLogEntry.create(contact="CT000002", contact_company_no="CT000001", date=WORK_DATE,
                               description="Winter mailing", information_flow=InformationFlow.OUTBOUND,
                               initiated_by=InitiatedBy.US, cost=Decimal("1.25"), duration=5,
                               user_id="TESTER", segment_no="SEG00001", evaluation=Evaluation.VERY_POSITIVE,
                               time_of_interaction=dt.time(9, 30), correspondence_type=CorrespondenceType.EMAIL,
                               logged_segment_entry_no=1, subject="Winter offers")
    InteractionLogEntry.create(contact="CT000001", contact_company_no="CT000001", date=WORK_DATE,
                               description="Call back", initiated_by=InitiatedBy.THEM,
                               information_flow=InformationFlow.INBOUND, user_id="TESTER",
                               postponed=True, wizard_step=2)
    close_database()
    return str(path)


@pytest.fixture
def pg_cli_url(pg_url):
    """The run's PostgreSQL test database, emptied (skipped when no server answers)."""
    from tests.conftest import reset_postgres

    reset_postgres(pg_url)
    return pg_url
