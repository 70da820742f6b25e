"""Counts for the home page (the role centre's cues)."""

from __future__ import annotations

from models.tables.contacts import Contact
from models.tables.interactions import InteractionLogEntry
from models.tables.segments import LoggedSegment, SegmentHeader


def role_center_counts() -> dict[str, int]:
    ile = InteractionLogEntry
    return {
        "Open Segments": SegmentHeader.select().count(),
        "Logged Segments": LoggedSegment.select().where(~LoggedSegment.canceled).count(),
        "Postponed Interactions": ile.select().where(ile.postponed).count(),
        "Interaction Log Entries": ile.select().where(~ile.postponed).count(),
        "Contacts": Contact.select().count(),
    }
