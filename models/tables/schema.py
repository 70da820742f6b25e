"""Every table, created on first open; a version number so later changes migrate; opening
the database (never another application's: a SQLite file with other tables is refused)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee as pw

from models.base.db import (
    BaseModel,
    close_database,
    db,
    first_line,
    is_sqlite,
    is_url,
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

SCHEMA_VERSION = 3


def _add_wizard_claim() -> None:
    """2: Interaction Log Entry "wizard_claim" (who has a postponed interaction open)."""
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(db.obj)
    migrate(migrator.add_column(InteractionLogEntry._meta.table_name, "wizard_claim",
                                pw.CharField(max_length=80, default="")))


def _contact_may_be_blank() -> None:
    """3: Interaction Log Entry "contact_no" loses NOT NULL (a postponed segment wizard has
    no contact). PostgreSQL drops the constraint. SQLite cannot; rebuilding the table (the
    migrator's way) would drop the old one, and with foreign keys on — they cannot be turned
    off inside this transaction — that deletes every comment line by cascade. So the table's
    recorded definition loses the words NOT NULL: SQLite's documented way to remove a NOT
    NULL constraint ("Making Other Kinds Of Table Schema Changes"), the rows untouched."""
    from playhouse.migrate import SchemaMigrator, migrate

    table, column = InteractionLogEntry._meta.table_name, InteractionLogEntry.contact.column_name
    if all(c.null for c in db.get_columns(table) if c.name == column):
        return  # made by a Relman that knew it
    if not is_sqlite():
        migrate(SchemaMigrator.from_database(db.obj).drop_not_null(table, column))
        return
    (sql,) = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    old = f'"{column}" VARCHAR(20) NOT NULL'
    if sql.count(old) != 1:
        raise UserError(f"The table {table} is not as Relman made it ({old!r} not found once): not migrated.")
    (version,) = db.execute_sql("PRAGMA schema_version").fetchone()
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        db.execute_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                       (sql.replace(old, f'"{column}" VARCHAR(20)'), table))
        db.execute_sql(f"PRAGMA schema_version = {int(version) + 1}")  # every connection reads it again
    finally:
        db.execute_sql("PRAGMA writable_schema = OFF")


# version -> function that upgrades a database from version-1 to version, in one
# transaction (playhouse.migrate.SchemaMigrator for column changes).
MIGRATIONS: dict[int, callable] = {2: _add_wizard_claim, 3: _contact_may_be_blank}


def current_version() -> int | None:
    """The schema version the database holds: None without a version table, 0 when it is empty."""
    if not db.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return row or 0


def _foreign_tables() -> list[str]:
    """A SQLite file's tables when it has no Relman schema: another application's database."""
    if not is_sqlite():
        return []
    return [name for name in db.get_tables() if not name.startswith("sqlite_")]


def ensure_schema(create: bool = True, name: str = "The database") -> None:
    """Create the schema in a new database, or migrate an older one; refuse a database that
    is newer, another application's, or holds a schema_version table without a version."""
    version = current_version()
    if version is None:
        if not create:
            raise UserError(f"{name} has no Relman schema.")
        foreign = _foreign_tables()
        if foreign:
            raise UserError(
                f"{name} holds {len(foreign)} table{'s' if len(foreign) > 1 else ''} of another application "
                f"({', '.join(foreign[:3])}"
                f"{', …' if len(foreign) > 3 else ''}) and no Relman schema: Relman does not add its tables to it."
            )
        with db.atomic():
            db.create_tables(MODELS, safe=True)
            SchemaVersion.create(version=SCHEMA_VERSION)
        return
    if version < 1:
        raise UserError(f"{name} has an empty schema_version table: it was not made by Relman, "
                        "or its making was interrupted.")
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{name} has schema version {version}; this Relman knows {SCHEMA_VERSION}. "
            "Upgrade Relman."
        )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        with db.atomic():
            MIGRATIONS[target]()
            SchemaVersion.create(version=target)


def database_file(target: str | os.PathLike) -> Path | None:
    """The SQLite file a path or ``sqlite://`` URL names; None for PostgreSQL and ":memory:"."""
    target = str(target)
    if is_url(target):
        if not target.split("://", 1)[0].startswith("sqlite"):
            return None
        target = target.split("://", 1)[1]
    return None if target in ("", ":memory:") else Path(target).expanduser()


def open_database(target: str | os.PathLike, *, create: bool = True) -> pw.Database:
    """Open (and on first use create or migrate) the database at a path or URL."""
    target = str(target)
    database = make_database(target)
    if db.obj is not None and not db.is_closed():
        db.close()
    db.initialize(database)
    try:
        db.connect(reuse_if_open=True)
        ensure_schema(create=create, name=f"The database {redact(target)}")
    except UserError:
        close_database()
        raise
    except (pw.DatabaseError, pw.InterfaceError, sqlite3.Error) as exc:
        close_database()
        raise UserError(f"Cannot open database {redact(target)}: {first_line(exc)}") from None
    return database
