"""Every table, created on first open; a version number so later changes migrate; opening the database."""

from __future__ import annotations

import os
import sqlite3

import peewee as pw

from models.base.db import (
    BaseModel,
    close_database,
    db,
    first_line,
    make_database,
    redact,
)
from models.base.errors import UserError
from models.tables.contacts import (
    BusinessRelation,
    Campaign,
    CampaignEntry,
    CampaignTargetGroup,
    CompanyInformation,
    Contact,
    ContactAltAddrDateRange,
    ContactAltAddress,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    CountryRegion,
    IndustryGroup,
    JobResponsibility,
    Language,
    MailingGroup,
    Salesperson,
    Salutation,
    SalutationFormula,
    UserSetup,
)
from models.tables.interactions import (
    Attachment,
    InteractionGroup,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTemplateSetup,
    InteractionTmplLanguage,
    InterLogEntryCommentLine,
    WordTemplate,
)
from models.tables.segments import (
    LoggedSegment,
    SavedSegmentCriteria,
    SavedSegmentCriteriaLine,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentInteractionLanguage,
    SegmentLine,
)
from models.tables.setup import MarketingSetup, NoSeries, NoSeriesLine


class SchemaVersion(BaseModel):
    version = pw.IntegerField()


# In dependency order: a table comes after the tables it references.
MODELS: list[type[BaseModel]] = [
    Language, CountryRegion, Salutation, SalutationFormula, Salesperson, UserSetup,
    IndustryGroup, BusinessRelation, MailingGroup, JobResponsibility,
    Contact, ContactAltAddress, ContactAltAddrDateRange,
    ContactMailingGroup, ContactIndustryGroup, ContactBusinessRelation, ContactJobResponsibility,
    Campaign, CampaignTargetGroup, CampaignEntry, CompanyInformation,
    NoSeries, NoSeriesLine, MarketingSetup,
    Attachment, WordTemplate, InteractionGroup, InteractionTemplate, InteractionTmplLanguage,
    InteractionTemplateSetup, InteractionLogEntry, InterLogEntryCommentLine,
    SegmentHeader, SegmentLine, SegmentCriteriaLine, SegmentHistory,
    SavedSegmentCriteria, SavedSegmentCriteriaLine, SegmentInteractionLanguage, LoggedSegment,
    SchemaVersion,
]

SCHEMA_VERSION = 2


def _add_wizard_claim() -> None:
    """2: Interaction Log Entry "wizard_claim" (who has a postponed interaction open)."""
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(db.obj)
    migrate(migrator.add_column(InteractionLogEntry._meta.table_name, "wizard_claim",
                                pw.CharField(max_length=80, default="")))


# version -> function that upgrades a database from version-1 to version, in one
# transaction (playhouse.migrate.SchemaMigrator for column changes).
MIGRATIONS: dict[int, callable] = {2: _add_wizard_claim}


def current_version() -> int | None:
    if not db.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return row or 0


def ensure_schema(create: bool = True) -> None:
    version = current_version()
    if version is None:
        if not create:
            raise UserError("The database has no Relman schema.")
        with db.atomic():
            db.create_tables(MODELS, safe=True)
            SchemaVersion.create(version=SCHEMA_VERSION)
        return
    if version > SCHEMA_VERSION:
        raise UserError(
            f"The database has schema version {version}; this Relman knows {SCHEMA_VERSION}. "
            "Upgrade Relman."
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[target]()
            SchemaVersion.create(version=target)


def open_database(target: str | os.PathLike, *, create: bool = True) -> pw.Database:
    """Open (and on first use create or migrate) the database at a path or URL."""
    target = str(target)
    database = make_database(target)
    if db.obj is not None and not db.is_closed():
        db.close()
    db.initialize(database)
    try:
        db.connect(reuse_if_open=True)
        ensure_schema(create=create)
    except UserError:
        close_database()
        raise
    except (pw.DatabaseError, pw.InterfaceError, sqlite3.Error) as exc:
        close_database()
        raise UserError(f"Cannot open database {redact(target)}: {first_line(exc)}") from None
    return database
