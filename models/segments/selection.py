"""Which contacts and lines a set of filters selects (SPEC 2.9, 2.10): the options of Add
Contacts, the one query Add Contacts inserts from, the lines Reduce/Refine delete, and the
live counts of their dialogs.

Everything here is a peewee expression or a read: the actions (models.segments.actions)
write. ``views`` is ``{table caption: {field caption: filter text}}`` as in
models.segments.criteria.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

import peewee as pw

from models.base.enums import ContactType, CriteriaAction
from models.segments.criteria import TABLES, clean_views, view_condition
from models.segments.lookups import line_count, normalize_no
from models.tables.contacts import Contact
from models.tables.segments import SegmentLine

_TRUE = pw.SQL("1 = 1")

# The options of Add Contacts: (AddOptions field, caption), in the dialog's order.
ADD_OPTION_CAPTIONS = (
    ("allow_existing_contacts", "Allow Existing Contacts"),
    ("expand_companies", "Expand Companies"),
    ("allow_related_companies", "Allow Related Companies"),
    ("ignore_exclusion", "Ignore Exclusion"),
)
ENTIRE_COMPANIES = "Entire Companies"  # the one option of Reduce and Refine Contacts


def _all(parts) -> pw.Node:
    parts = [p for p in parts if p is not None]
    return reduce(operator.and_, parts) if parts else _TRUE


@dataclass(frozen=True)
class AddOptions:
    """The options of Add Contacts (SPEC 2.9)."""

    allow_existing_contacts: bool = False  # duplicates allowed
    expand_companies: bool = False  # a selected contact brings its whole company
    allow_related_companies: bool = False  # a selected person brings its company
    ignore_exclusion: bool = False  # "Exclude from Segment" contacts are added too

    def criteria_fields(self) -> dict[str, bool]:
        """The option fields of the Action criteria line."""
        return {
            "allow_existing_contacts": bool(self.allow_existing_contacts),
            "expand_contact": bool(self.expand_companies),
            "allow_company_with_persons": bool(self.allow_related_companies),
            "ignore_exclusion": bool(self.ignore_exclusion),
        }

    @classmethod
    def from_criteria(cls, line) -> AddOptions:
        return cls(
            allow_existing_contacts=bool(line.allow_existing_contacts),
            expand_companies=bool(line.expand_contact),
            allow_related_companies=bool(line.allow_company_with_persons),
            ignore_exclusion=bool(line.ignore_exclusion),
        )

    def labels(self) -> list[str]:
        return [caption for name, caption in ADD_OPTION_CAPTIONS if getattr(self, name)]


def as_add_options(options) -> AddOptions:
    """AddOptions from None (all off), an AddOptions or a dict of its fields."""
    if options is None:
        return AddOptions()
    if isinstance(options, AddOptions):
        return options
    if isinstance(options, dict):
        return AddOptions(**options)
    raise TypeError(f"options must be AddOptions, not {type(options).__name__}")


def check_filters(views: dict | None) -> None:
    """Every filter must read before anything is written: FilterError for the first that does not."""
    contact_condition(views)


# ---------------------------------------------------------------------------
# Add Contacts (SPEC 2.9): one SQL query


def contact_condition(views: dict | None, x=Contact) -> pw.Node:
    """The contacts (``x``: Contact or an alias of it) that pass every non-empty tab.

    AND across tabs; within a tab, "exists": Contact filters apply to the contact
    itself; Mailing Group and Job Responsibility need ≥1 matching link row of the
    contact; Industry Group and Business Relation ≥1 of the contact's company (a
    company's Company No. is its own No., so persons inherit and a person without
    a company has none); Interaction ≥1 matching non-postponed Interaction Log
    Entry of the contact. No filters at all: every contact.
    """
    parts = []
    for caption, view in clean_views(views).items():
        tbl = TABLES[caption]
        if tbl.match == "self":
            parts.append(view_condition(tbl, view, x))
            continue
        link = tbl.model.alias()
        where = view_condition(tbl, view, link)
        if tbl.match == "interaction":
            where = _all([where, link.postponed == False])  # noqa: E712
        owners = link.select(link.contact).where(where)
        parts.append((x.company if tbl.match == "company" else x.no).in_(owners))
    return _all(parts)


def _not_excluded(x, options: AddOptions):
    # "!= True", not "= False": the flag is far from selective, so no index should be read for it
    return None if options.ignore_exclusion else (x.exclude_from_segment != True)  # noqa: E712


def _selected(views, options: AddOptions, x) -> pw.Node:
    """The candidate set of Add Contacts for a contact alias ``x`` (no allow-existing rule).

    Exclusion is checked on every contact that enters the set (as Business
    Central checks each insert into its candidate list): an excluded person is
    not a candidate, so it brings neither its company nor (when expanding) its
    colleagues through itself.
    """
    def matched(y):
        return _all([contact_condition(views, y), _not_excluded(y, options)])

    def expanded(y):
        if not options.expand_companies:
            return matched(y)
        s = Contact.alias()
        companies = s.select(s.company).where(matched(s) & s.company.is_null(False))
        return _all([
            _not_excluded(y, options),
            (y.company.is_null() & matched(y)) | y.company.in_(companies),
        ])

    if not options.allow_related_companies:
        return expanded(x)
    e = Contact.alias()
    employers = e.select(e.company).where(
        expanded(e) & (e.type == ContactType.PERSON) & e.company.is_null(False))
    return expanded(x) | _all([_not_excluded(x, options), x.no.in_(employers)])


def _on_segment(segment_no: str, x) -> pw.Node:
    line = SegmentLine.alias()
    return pw.fn.EXISTS(line.select(pw.SQL("1")).where((line.segment == segment_no) & (line.contact == x.no)))


def matching_contacts(views: dict | None, options: AddOptions | None = None,
                      segment_no: str = "") -> pw.SelectQuery:
    """``SELECT contact.no`` of the contacts Add Contacts would insert (SPEC 2.9).

    Filters (AND across tabs, exists within a tab), Expand Companies, then Allow
    Related Companies, exclusion, and — unless Allow Existing Contacts — not
    already on a line of ``segment_no``. One row per contact (set semantics).
    Raises FilterError for an invalid filter.
    """
    options = as_add_options(options)
    segment_no = normalize_no(segment_no)
    where = _selected(views, options, Contact)
    if not options.allow_existing_contacts and segment_no:
        where = where & ~_on_segment(segment_no, Contact)
    return Contact.select(Contact.no).where(where)


# Below this many lines, "would be added" is counted by subtracting the selected contacts
# already on the segment (a query over its lines); above it, by testing every selected
# contact against the lines in the one scan (a probe per contact).
SUBTRACT_BELOW_LINES = 20_000


def count_matches(segment_no: str, views: dict | None, options: AddOptions | None = None) -> tuple[int, int]:
    """(contacts selected, of which Add Contacts would add) for the dialog's live count.

    The second number leaves out contacts already on the segment unless Allow
    Existing Contacts is set. One scan of the selected contacts, plus for a
    segment with lines either a count over its lines or a probe per contact.
    """
    options = as_add_options(options)
    segment_no = normalize_no(segment_no)
    where = _selected(views, options, Contact)
    count = pw.fn.COUNT(pw.SQL("*"))
    lines = 0 if options.allow_existing_contacts else line_count(segment_no)
    if not lines or lines < SUBTRACT_BELOW_LINES:
        total = int(Contact.select(count).where(where).scalar() or 0)
        if not lines:
            return total, total
        y = Contact.alias()
        present = (SegmentLine.select(pw.fn.COUNT(SegmentLine.contact.distinct()))
                   .join(y, on=(y.no == SegmentLine.contact))
                   .where((SegmentLine.segment == segment_no) & _selected(views, options, y))
                   .scalar())
        return total, total - int(present or 0)
    new = pw.Case(None, [(_on_segment(segment_no, Contact), 0)], 1)
    total, adding = Contact.select(count, pw.fn.SUM(new)).where(where).tuples().get()
    return int(total or 0), int(adding or 0)


# ---------------------------------------------------------------------------
# Reduce / Refine Contacts (SPEC 2.10)


def _hit_condition(views: dict | None, entire_companies: bool) -> pw.Node:
    """Segment lines whose contact is in the "hit set" of Reduce/Refine (SPEC 2.10).

    Evaluated over the lines' contacts. With Entire Companies a line is hit when
    any contact of its contact's company matches (the hit set expanded to whole
    companies); a contact without a company is hit when it matches itself. The
    companies with a matching contact are one uncorrelated subquery (read once),
    so each line costs a primary-key look-up and a set probe.
    """
    y = Contact.alias()
    if not entire_companies:
        hits = y.select(pw.SQL("1")).where((y.no == SegmentLine.contact) & contact_condition(views, y))
        return pw.fn.EXISTS(hits)
    z = Contact.alias()
    matched_companies = z.select(z.company).where(z.company.is_null(False) & contact_condition(views, z))
    hits = y.select(pw.SQL("1")).where(
        (y.no == SegmentLine.contact)
        & ((y.company.is_null() & contact_condition(views, y))
           | (y.company.is_null(False) & y.company.in_(matched_companies)))
    )
    return pw.fn.EXISTS(hits)


def removal_condition(action: CriteriaAction, views, entire_companies: bool) -> pw.Node:
    """The segment lines Reduce (hit) or Refine (not hit) deletes; lines without a contact stay."""
    hit = _hit_condition(views, entire_companies)
    has_contact = SegmentLine.contact.is_null(False)
    return has_contact & (hit if action == CriteriaAction.REDUCE else ~hit)


def count_removals(segment_no: str, views: dict | None, entire_companies: bool = False, *,
                   refine: bool = False) -> tuple[int, int]:
    """(lines whose contact is hit, lines Reduce — or with ``refine`` Refine — would delete)
    for the dialog's live count; the same rule as Reduce and Refine Contacts."""
    segment_no = normalize_no(segment_no)
    hit = _hit_condition(views, bool(entire_companies))
    with_contact = (SegmentLine.segment == segment_no) & SegmentLine.contact.is_null(False)
    hits = pw.fn.SUM(pw.Case(None, [(hit, 1)], 0))
    total, matching = SegmentLine.select(pw.fn.COUNT(pw.SQL("*")), hits).where(with_contact).tuples().get()
    total, matching = int(total or 0), int(matching or 0)
    return matching, (total - matching) if refine else matching
