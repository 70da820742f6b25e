"""A segment as a whole (SPEC 1.6, 2.1; checklist 8.A.1): New Segment (numbering and
defaults), deleting a segment with everything it owns, and the header's FlowFields.

Changing the header's fields is models.segments.header.
"""

from __future__ import annotations

import peewee as pw

from models.base import context
from models.base.db import db
from models.base.enums import CriteriaLineType
from models.base.errors import FieldError, UserError
from models.segments.defaults import delete_language_records
from models.segments.lookups import (
    check_salesperson,
    get_header,
    normalize_no,
    write_segment,
)
from models.tables.contacts import Campaign, Salesperson, UserSetup
from models.tables.segments import (
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentHistory,
    SegmentInteractionLanguage,
    SegmentLine,
)
from models.tables.setup import number_for

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
        try:
            with db.atomic():  # another user creating the same No. at this moment
                return SegmentHeader.create(
                    no=segment_no,
                    no_series=series,
                    description=description,
                    date=context.work_date(),
                    salesperson=salesperson or default_salesperson() or None,
                    campaign=campaign or None,
                )
        except pw.IntegrityError:
            raise FieldError("no", f"Segment {segment_no} already exists.") from None


def delete_segment(no: str) -> None:
    """Delete a segment in one transaction, in Business Central's order: criteria, history,
    interaction languages (their attachments, unless read-only) and lines, then the header."""
    no = normalize_no(no)

    def delete() -> None:
        SegmentCriteriaLine.delete().where(SegmentCriteriaLine.segment == no).execute()
        SegmentHistory.delete().where(SegmentHistory.segment == no).execute()
        delete_language_records(SegmentInteractionLanguage.segment == no)
        SegmentLine.delete().where(SegmentLine.segment == no).execute()
        SegmentHeader.delete().where(SegmentHeader.no == no).execute()

    write_segment(no, delete)


# ---------------------------------------------------------------- FlowFields

def segment_totals(no: str) -> dict:
    """The header's FlowFields: No. of Lines, Cost (LCY), Duration (Min.), No. of Criteria
    Actions, Campaign Description, Attachment and Modified Word Template ("Yes"/"No")."""
    header = get_header(no)
    line = SegmentLine
    count, cost, duration = (line.select(pw.fn.COUNT(line.line_no), pw.fn.SUM(line.cost), pw.fn.SUM(line.duration))
                             .where(line.segment == header.no).tuples().get())
    criteria = SegmentCriteriaLine
    sil = SegmentInteractionLanguage
    default_record = ((sil.segment == SegmentHeader.no) & (sil.segment_line_no == 0)
                      & (sil.language == SegmentHeader.language_code_default) & (sil.attachment_no != 0))
    actions, description, attachment, modified = (
        SegmentHeader.select(
            criteria.select(pw.fn.COUNT(criteria.line_no)).where(
                (criteria.segment == SegmentHeader.no) & (criteria.type == CriteriaLineType.ACTION)),
            Campaign.select(Campaign.description).where(Campaign.no == SegmentHeader.campaign),
            pw.fn.EXISTS(sil.select(sil.segment_line_no).where(default_record & (sil.word_template_code == ""))),
            pw.fn.EXISTS(sil.select(sil.segment_line_no).where(default_record & (sil.word_template_code != ""))),
        ).where(SegmentHeader.no == header.no).tuples().get()
    )
    return {
        "No. of Lines": int(count or 0),
        "Cost (LCY)": line.cost.python_value(cost or 0),
        "Duration (Min.)": int(duration or 0),
        "No. of Criteria Actions": int(actions or 0),
        "Campaign Description": description or "",
        "Attachment": "Yes" if attachment else "No",
        "Modified Word Template": "Yes" if modified else "No",
    }
