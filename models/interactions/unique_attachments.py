"""When an attachment may go with its entry (SPEC 5.4).

An attachment is *unique* to an entry when no other Interaction Log Entry refers to it
(by Attachment No. or Modified Word Template) — Business Central's UniqueAttachment. It
is deleted with that entry even when read-only, but never while a template language or a
segment language still holds it.
"""

from __future__ import annotations

import peewee as pw

from models.interactions.selection import chunks
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InteractionTmplLanguage,
)
from models.tables.segments import SegmentInteractionLanguage

ILE = InteractionLogEntry


def not_held_by_languages() -> pw.Node:
    """The attachments no template language and no segment language refers to."""
    tl = InteractionTmplLanguage
    sil = SegmentInteractionLanguage
    return (Attachment.no.not_in(tl.select(tl.attachment).where(tl.attachment.is_null(False)))
            & Attachment.no.not_in(sil.select(sil.attachment_no).where(sil.attachment_no != 0)))


def _refs_per_attachment(numbers: list[int]) -> dict[int, int]:
    """How many entries in total refer to each attachment of these entries (Attachment No.)."""
    own = set()
    for chunk in chunks(numbers):
        own |= {a for (a,) in ILE.select(ILE.attachment_no)
                .where(ILE.entry_no.in_(chunk) & (ILE.attachment_no != 0)).tuples()}
    counts: dict[int, int] = {}
    for chunk in chunks(sorted(own)):
        for a, n in (ILE.select(ILE.attachment_no, pw.fn.COUNT(ILE.entry_no))
                     .where(ILE.attachment_no.in_(chunk)).group_by(ILE.attachment_no).tuples()):
            counts[a] = int(n)
        for a, n in (ILE.select(ILE.modified_word_template, pw.fn.COUNT(ILE.entry_no))
                     .where(ILE.modified_word_template.in_(chunk)).group_by(ILE.modified_word_template).tuples()):
            counts[a] = counts.get(a, 0) + int(n)
    return counts


def attachments_unique_to_each(numbers: list[int]) -> dict[int, int]:
    """{entry no.: attachment no.} for entries whose attachment no other entry refers to
    (judged on each entry alone) and no language holds."""
    counts = _refs_per_attachment(numbers)
    candidates = [a for a, n in counts.items() if n == 1]
    if not candidates:
        return {}
    held = set()
    for chunk in chunks(candidates):
        free = {n for (n,) in Attachment.select(Attachment.no)
                .where(Attachment.no.in_(chunk) & not_held_by_languages()).tuples()}
        held |= set(chunk) - free
    result = {}
    for chunk in chunks(numbers):
        for entry_no, attachment in (ILE.select(ILE.entry_no, ILE.attachment_no)
                                     .where(ILE.entry_no.in_(chunk) & (ILE.attachment_no != 0)).tuples()):
            if counts.get(attachment) == 1 and attachment not in held:
                result[entry_no] = attachment
    return result
