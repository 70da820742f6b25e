"""Marketing Setup and number series."""

from __future__ import annotations

import datetime as dt
import re

import peewee as pw

from models.base import context
from models.base.db import BaseModel, db
from models.base.enums import CorrespondenceType, StorageType
from models.base.errors import UserError
from models.base.fields import CodeField, CodeRef, EnumField
from models.tables.contacts import Language, Salesperson, Salutation


class NoSeries(BaseModel):
    code = CodeField(20, primary_key=True)
    description = pw.CharField(max_length=100, default="")
    default_nos = pw.BooleanField(default=True)
    manual_nos = pw.BooleanField(default=False)


class NoSeriesLine(BaseModel):
    series = CodeRef(NoSeries, id_name="series_code", null=False, on_delete="CASCADE")
    line_no = pw.IntegerField(default=10000)
    starting_date = pw.DateField(null=True)
    starting_no = pw.CharField(max_length=20, default="")
    ending_no = pw.CharField(max_length=20, default="")
    warning_no = pw.CharField(max_length=20, default="")
    last_no_used = pw.CharField(max_length=20, default="")
    last_date_used = pw.DateField(null=True)
    increment_by = pw.IntegerField(default=1)
    open = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("series", "line_no"), True),)


class MarketingSetup(BaseModel):
    """The singleton (id 1) read by every rule that needs a series or a default."""

    contact_series = CodeRef(NoSeries, id_name="contact_nos", backref="+")
    campaign_series = CodeRef(NoSeries, id_name="campaign_nos", backref="+")
    segment_series = CodeRef(NoSeries, id_name="segment_nos", backref="+")
    task_series = CodeRef(NoSeries, id_name="task_nos", backref="+")
    opportunity_series = CodeRef(NoSeries, id_name="opportunity_nos", backref="+")
    default_salesperson = CodeRef(Salesperson, id_name="default_salesperson_code")
    default_language = CodeRef(Language, id_name="default_language_code")
    default_correspondence_type = EnumField(CorrespondenceType)
    def_company_salutation = CodeRef(Salutation, id_name="def_company_salutation_code", backref="+")
    default_person_salutation = CodeRef(Salutation, id_name="default_person_salutation_code", backref="+")
    attachment_storage_type = EnumField(StorageType)
    attachment_storage_location = pw.CharField(max_length=250, default="")
    mergefield_language_id = pw.IntegerField(default=0)

    # Marketing Setup field -> the caption errors name
    SERIES_CAPTIONS = {
        "contact_nos": "Contact Nos.",
        "campaign_nos": "Campaign Nos.",
        "segment_nos": "Segment Nos.",
        "task_nos": "To-do Nos.",
        "opportunity_nos": "Opportunity Nos.",
    }

    def validate(self) -> None:
        if self.attachment_storage_type == StorageType.DISK_FILE and not self.attachment_storage_location.strip():
            raise UserError("Attachment Storage Location must have a value.")


def marketing_setup() -> MarketingSetup:
    """The Marketing Setup record, created empty on first use."""
    setup = MarketingSetup.get_or_none(MarketingSetup.id == 1)
    if setup is None:
        setup = MarketingSetup.create(id=1)
    return setup


def series_for(setup_field: str) -> str:
    """The series code in a Marketing Setup field, or a UserError naming the field."""
    code = getattr(marketing_setup(), f"{setup_field}")
    if not code:
        caption = MarketingSetup.SERIES_CAPTIONS[setup_field]
        raise UserError(f"{caption} must have a value in Marketing Setup.")
    return code


_TRAILING_DIGITS = re.compile(r"(\d+)(\D*)$")


def increment_no(no: str, by: int = 1) -> str:
    """Business Central's IncStr: add to the last run of digits, keeping its width."""
    match = _TRAILING_DIGITS.search(no)
    if not match:
        raise UserError(f"The number {no!r} cannot be increased: it has no digits.")
    digits = match.group(1)
    new = str(int(digits) + by).zfill(len(digits))
    return no[: match.start(1)] + new + match.group(2)


def _open_line(series_code: str, on: dt.date) -> NoSeriesLine:
    line = (
        NoSeriesLine.select()
        .where(
            (NoSeriesLine.series == series_code)
            & NoSeriesLine.open
            & (NoSeriesLine.starting_date.is_null() | (NoSeriesLine.starting_date <= on))
        )
        .order_by(NoSeriesLine.starting_date.desc(nulls="LAST"), NoSeriesLine.line_no.desc())
        .first()
    )
    if line is None:
        if NoSeries.get_or_none(NoSeries.code == series_code) is None:
            raise UserError(f"The No. Series {series_code} does not exist.")
        raise UserError(f"No. Series {series_code} has no open line for {on:%Y-%m-%d}.")
    return line


def next_number(series_code: str, on: dt.date | None = None) -> str:
    """Draw the next number of a series; safe when several processes draw at once.

    The write is a compare-and-set on last_no_used, so a concurrent draw (on
    PostgreSQL, or a second connection) makes this one retry instead of
    returning the same number. On SQLite the IMMEDIATE transaction already
    serialises writers.
    """
    on = on or context.work_date()
    for _attempt in range(100):
        with db.atomic():
            line = _open_line(series_code, on)
            previous = line.last_no_used
            if previous:
                new = increment_no(previous, line.increment_by or 1)
            elif line.starting_no:
                new = line.starting_no
            else:
                raise UserError(f"No. Series {series_code} has no Starting No.")
            if line.ending_no and _beyond(new, line.ending_no):
                raise UserError(
                    f"You cannot assign new numbers from the No. Series {series_code}: "
                    f"the last number {line.ending_no} has been used."
                )
            updated = (
                NoSeriesLine.update(last_no_used=new, last_date_used=on)
                .where((NoSeriesLine.id == line.id) & (NoSeriesLine.last_no_used == previous))
                .execute()
            )
            if updated == 1:
                return new
    raise UserError(f"No. Series {series_code} is busy; try again.")


def next_numbers(series_code: str, count: int, on: dt.date | None = None) -> list[str]:
    """Draw ``count`` consecutive numbers of a series in one write (a bulk import).

    The same rules as next_number (open line, Increment-by No., Ending No.,
    compare-and-set against concurrent draws), applied to a block.
    """
    if count <= 0:
        return []
    on = on or context.work_date()
    for _attempt in range(100):
        with db.atomic():
            line = _open_line(series_code, on)
            previous = line.last_no_used
            step = line.increment_by or 1
            if previous:
                first = increment_no(previous, step)
            elif line.starting_no:
                first = line.starting_no
            else:
                raise UserError(f"No. Series {series_code} has no Starting No.")
            numbers = _block(first, step, count)
            if line.ending_no and _beyond(numbers[-1], line.ending_no):
                raise UserError(
                    f"You cannot assign {count} new numbers from the No. Series {series_code}: "
                    f"they would go past its Ending No. {line.ending_no}."
                )
            updated = (
                NoSeriesLine.update(last_no_used=numbers[-1], last_date_used=on)
                .where((NoSeriesLine.id == line.id) & (NoSeriesLine.last_no_used == previous))
                .execute()
            )
            if updated == 1:
                return numbers
    raise UserError(f"No. Series {series_code} is busy; try again.")


def _block(first: str, step: int, count: int) -> list[str]:
    """first, first+step, … (count numbers) with IncStr's width-keeping digits."""
    match = _TRAILING_DIGITS.search(first)
    if not match:
        raise UserError(f"The number {first!r} cannot be increased: it has no digits.")
    head, digits, tail = first[: match.start(1)], match.group(1), match.group(2)
    start, width = int(digits), len(digits)
    return [f"{head}{str(start + i * step).zfill(width)}{tail}" for i in range(count)]


def _beyond(no: str, ending_no: str) -> bool:
    a, b = _TRAILING_DIGITS.search(no), _TRAILING_DIGITS.search(ending_no)
    if a and b and no[: a.start(1)] == ending_no[: b.start(1)]:
        return int(a.group(1)) > int(b.group(1))
    return no > ending_no


def check_manual_no(series_code: str) -> None:
    """A typed-in number is allowed only when the series allows manual numbers."""
    series = NoSeries.get_or_none(NoSeries.code == series_code)
    if series is not None and not series.manual_nos:
        raise UserError(
            "You may not enter numbers manually. If you want to enter numbers manually, "
            f"please activate Manual Nos. in No. Series {series_code}."
        )


def number_for(setup_field: str, typed_no: str = "") -> tuple[str, str]:
    """(No., No. Series) for a new record: draw from the setup's series, or check a typed one."""
    typed_no = (typed_no or "").strip().upper()
    if typed_no:
        code = getattr(marketing_setup(), setup_field)
        if code:
            check_manual_no(code)
        return typed_no, ""
    code = series_for(setup_field)
    return next_number(code), code
