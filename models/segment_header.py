"""Creating and deleting a Segment Header (SPEC 1.6 #1, #4, #10 and on delete; 6.1; 8.A.1–2).

The rest of the segment rules (header → line propagation, languages, criteria)
build on these two functions.
"""

from __future__ import annotations

from models import attachments, context
from models.contacts import Campaign, Salesperson, UserSetup
from models.db import db
from models.errors import FieldError, UserError
from models.segments import (
    SegmentCriteriaLine, SegmentHeader, SegmentHistory, SegmentInteractionLanguage, SegmentLine,
)
from models.setup import number_for

# values create_segment accepts besides the No.
CREATE_FIELDS = ("description", "salesperson_code", "campaign_no")


def default_salesperson(user_id: str | None = None) -> str:
    """The User Setup salesperson of a user (default: the current one) if it may be used, else ''.

    Blocked and privacy-blocked salespeople are never defaulted.
    """
    user_id = (user_id or context.user_id() or "").strip().upper()
    row = (
        Salesperson.select(Salesperson.code)
        .join(UserSetup, on=(UserSetup.salesperson == Salesperson.code))
        .where(
            (UserSetup.user_id == user_id)
            & (Salesperson.blocked == False)  # noqa: E712
            & (Salesperson.privacy_blocked == False)  # noqa: E712
        )
        .tuples()
        .first()
    )
    return row[0] if row else ""


def check_salesperson(code: str, field: str = "salesperson_code") -> None:
    """A salesperson on a segment must exist and not be blocked."""
    if not code:
        return
    person = Salesperson.get_or_none(Salesperson.code == code)
    if person is None:
        raise FieldError(field, f"Salesperson Code '{code}' does not exist.")
    if person.blocked:
        raise FieldError(field, f"Salesperson {code} is blocked.")


def create_segment(no: str = "", **values) -> SegmentHeader:
    """Insert a Segment Header.

    * A blank No. draws the next number of Marketing Setup "Segment Nos."
      ("Segment Nos. must have a value in Marketing Setup." when it is not set)
      and records the series in No. Series; a typed No. is allowed only when
      that series allows manual numbers, and leaves No. Series blank.
    * Date = the work date.
    * Salesperson Code, when not given, = the current user's User Setup
      salesperson if it is not blocked.

    ``values``: description, salesperson_code, campaign_no.
    """
    unknown = set(values) - set(CREATE_FIELDS)
    if unknown:
        raise TypeError(f"create_segment: unknown fields {sorted(unknown)}")
    description = str(values.get("description") or "").strip()
    if len(description) > 100:
        raise FieldError("description", "Description is longer than 100 characters.")
    salesperson = str(values.get("salesperson_code") or "").strip().upper()
    campaign = str(values.get("campaign_no") or "").strip().upper()
    typed = (no or "").strip().upper()
    if len(typed) > 20:
        raise FieldError("no", f"No. '{typed}' is longer than 20 characters.")

    with db.atomic():
        check_salesperson(salesperson)
        if campaign and Campaign.get_or_none(Campaign.no == campaign) is None:
            raise FieldError("campaign_no", f"Campaign No. '{campaign}' does not exist.")
        if typed and SegmentHeader.get_or_none(SegmentHeader.no == typed) is not None:
            raise FieldError("no", f"Segment {typed} already exists.")
        segment_no, series = number_for("segment_nos", typed)
        if not typed and SegmentHeader.get_or_none(SegmentHeader.no == segment_no) is not None:
            raise UserError(
                f"Segment {segment_no} already exists: No. Series {series} gave a number "
                "that was typed in by hand. Set its Last No. Used past it."
            )
        return SegmentHeader.create(
            no=segment_no,
            no_series=series,
            description=description,
            date=context.work_date(),
            salesperson=salesperson or default_salesperson() or None,
            campaign=campaign or None,
        )


def delete_segment(no: str) -> None:
    """Delete a segment: criteria, history, interaction languages (their attachments
    unless read-only) and lines, then the header, in one transaction."""
    no = (no or "").strip().upper()
    with db.atomic():
        if SegmentHeader.get_or_none(SegmentHeader.no == no) is None:
            raise UserError(f"Segment {no} does not exist.")
        numbers = [n for (n,) in SegmentInteractionLanguage.select(SegmentInteractionLanguage.attachment_no)
                   .where(SegmentInteractionLanguage.segment == no).tuples()]
        SegmentCriteriaLine.delete().where(SegmentCriteriaLine.segment == no).execute()
        SegmentHistory.delete().where(SegmentHistory.segment == no).execute()
        SegmentInteractionLanguage.delete().where(SegmentInteractionLanguage.segment == no).execute()
        SegmentLine.delete().where(SegmentLine.segment == no).execute()
        SegmentHeader.delete().where(SegmentHeader.no == no).execute()
        attachments.delete_attachments(numbers)
