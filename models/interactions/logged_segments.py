"""Logged Segments (SPEC 4.1; checklist 8.I 88–90): the record of each Log Segment run.

A logged segment is history: it can be canceled (with its campaign entries and its
entries) and, once canceled, deleted; its entries stay. Create Follow-up Segment is
``models.segments.log.follow_up_segment``; Resend is ``models.interactions.send.resend``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import peewee as pw

from models.base.ask import Confirm
from models.base.db import db
from models.base.errors import UserError
from models.interactions.selection import (
    DELETED,
    LOGGED_CAPTION,
    all_of,
    chunks,
    entry_numbers,
    filter_condition,
    toggle_question,
)
from models.tables.contacts import CampaignEntry
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import LoggedSegment

ILE = InteractionLogEntry

# Delete Canceled Segments (report 5191) filters
LOGGED_FILTERS: dict[str, tuple[str, str]] = {
    "Entry No.": ("entry_no", "integer"),
    "Segment No.": ("segment_no", "code"),
}


def logged_segments_query() -> pw.SelectQuery:
    """The Logged Segments list, newest first: Canceled, Entry No., Creation Date, User ID,
    Segment No., Description and the FlowFields No. of Interactions (entries with this
    Logged Segment Entry No. and the same Canceled value) and No. of Campaign Entries
    (Register No. = Entry No., same Canceled), as ``no_of_interactions`` and
    ``no_of_campaign_entries``."""
    ls = LoggedSegment
    e = ILE.alias("ne")
    ce = CampaignEntry.alias("nce")
    interactions = (e.select(pw.fn.COUNT(e.entry_no))
                    .where((e.logged_segment_entry_no == ls.entry_no) & (e.canceled == ls.canceled)))
    campaign_entries = (ce.select(pw.fn.COUNT(ce.entry_no))
                        .where((ce.register_no == ls.entry_no) & (ce.canceled == ls.canceled)))
    return (ls.select(ls, interactions.alias("no_of_interactions"),
                      campaign_entries.alias("no_of_campaign_entries"))
            .order_by(ls.entry_no.desc()))


def logged_segment_counts(entry_no: int) -> tuple[int, int]:
    """(No. of Interactions, No. of Campaign Entries) of one logged segment (checklist 8.I 89)."""
    row = (logged_segments_query().where(LoggedSegment.entry_no == int(entry_no)).dicts().first())
    if row is None:
        raise UserError(f"{LOGGED_CAPTION} {entry_no} does not exist.")
    return int(row["no_of_interactions"]), int(row["no_of_campaign_entries"])


def campaign_entries_query(logged_segment_entry_no: int) -> pw.SelectQuery:
    """The Campaign Entries of a logged segment (Register No.), in entry order."""
    return (CampaignEntry.select().where(CampaignEntry.register_no == int(logged_segment_entry_no))
            .order_by(CampaignEntry.entry_no))


def switch_canceled_logged(entry_nos: Iterable[int], confirm: Confirm) -> bool:
    """Switch Checkmark in Canceled on logged segments (SPEC 4.1, checklist 8.I 88).

    Asks "Logged Segment <n> is marked Canceled. Remove the checkmark?" / "Mark Logged
    Segment <n> as Canceled?" for one, "Remove the checkmark from the <n> selected Logged
    Segment lines?" / "Mark the <n> selected Logged Segment lines as Canceled?" for several
    (default Yes). The new value = not the Canceled of the first (lowest Entry No.), for
    every selected logged segment, their campaign entries (Register No.) and their
    entries. False when nothing was selected or the user said No."""
    numbers = entry_numbers(entry_nos)
    if not numbers:
        return False
    ls = LoggedSegment
    found = {n: c for chunk in chunks(numbers)
             for n, c in ls.select(ls.entry_no, ls.canceled).where(ls.entry_no.in_(chunk)).tuples()}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise UserError(f"{LOGGED_CAPTION} {missing[0]} does not exist.")
    first = numbers[0]
    if not confirm(toggle_question(LOGGED_CAPTION, len(numbers), first, bool(found[first])), True):
        return False
    new = not found[first]
    with db.atomic():
        for chunk in chunks(numbers):
            ls.update(canceled=new).where(ls.entry_no.in_(chunk)).execute()
            CampaignEntry.update(canceled=new).where(CampaignEntry.register_no.in_(chunk)).execute()
            ILE.update(canceled=new).where(ILE.logged_segment_entry_no.in_(chunk)).execute()
    return True


def delete_canceled_logged(entry_no_filter: str | None = None, segment_no_filter: str | None = None) -> str:
    """Delete Canceled Segments (report 5191; SPEC 4.1, checklist 8.I 90): the canceled
    logged segments matching the filters (BC filter texts on Entry No. and Segment No.)
    are deleted; their entries and campaign entries stay, unlinked (Logged Segment Entry
    No. / Register No. := 0). Returns "<n> Logged Segment has been deleted."."""
    ls = LoggedSegment
    where = all_of(ls.canceled == True,  # noqa: E712
                   filter_condition(ls, LOGGED_FILTERS,
                                    {"Entry No.": entry_no_filter, "Segment No.": segment_no_filter}, LOGGED_CAPTION))
    with db.atomic():
        doomed = ls.select(ls.entry_no).where(where)
        ILE.update(logged_segment_entry_no=0).where(ILE.logged_segment_entry_no.in_(doomed)).execute()
        CampaignEntry.update(register_no=0).where(CampaignEntry.register_no.in_(doomed)).execute()
        count = ls.delete().where(where).execute()
    return DELETED.format(n=count, table=LOGGED_CAPTION)


# ---------------------------------------------------------------- the page's rows

LOGGED_SEGMENT_COLUMNS = [("Entry No.", 9), ("Segment No.", 11), ("Description", 23), ("Created", 10),
                          ("User ID", 10), ("Interactions", 12), ("Camp. Entries", 13), ("Canceled", 8)]


class LoggedSegmentRow(NamedTuple):
    """A line of the Logged Segments page: the Entry No. (its key), then the text of each
    column of ``LOGGED_SEGMENT_COLUMNS``."""

    key: int
    entry_no: str
    segment_no: str
    description: str
    creation_date: str
    user_id: str
    no_of_interactions: str
    no_of_campaign_entries: str
    canceled: str


def logged_segment_rows(offset: int, limit: int) -> list[LoggedSegmentRow]:
    """A window of the Logged Segments list, newest first."""
    query = logged_segments_query().offset(offset).limit(limit).dicts()
    return [LoggedSegmentRow(r["entry_no"], str(r["entry_no"]), r["segment_no"], r["description"],
                             r["creation_date"].isoformat() if r["creation_date"] else "", r["user_id"],
                             f"{int(r['no_of_interactions']):,}", f"{int(r['no_of_campaign_entries']):,}",
                             "Yes" if r["canceled"] else "No")
            for r in query]


def logged_segment_count() -> int:
    return LoggedSegment.select().count()


__all__ = [
    "LOGGED_FILTERS", "logged_segments_query", "logged_segment_counts", "campaign_entries_query",
    "switch_canceled_logged", "delete_canceled_logged", "LOGGED_SEGMENT_COLUMNS", "LoggedSegmentRow",
    "logged_segment_rows", "logged_segment_count",
]
