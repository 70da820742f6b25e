"""Logging a segment (SPEC 2.15, 1.12, 1.13, 5.4, 6.3; checklist 8.F) and follow-up segments.

``log_segment`` turns a segment into history in ONE transaction that first takes the
segment's lock (``lookups.lock_segment``, as every write to a segment does), so the lines
it checks, copies and deletes are the same lines: another user's edit waits and then is
refused ("Segment <no> has been logged."), or landed before and is logged:

1. a Logged Segment for the segment number must not exist yet, the header needs a
   Description;
2. every line with a contact is checked (Date; the contact exists; Salesperson Code
   filled and existing for non-document lines; Interaction Template Code filled and
   existing; the campaign exists; the e-mail rule; with Deliver, an attachment or a
   Word template) in ONE aggregate query over the lines (no Python loop): the lowest
   Line No. that fails a check — the line Business Central's loop stops at — and, in
   the same pass, the number of lines, their campaigns and attachments; the failing
   line's message is then read from that line alone;
3. the Logged Segment is inserted (its Segment No. is unique: a second process that
   logs the same segment gets "A logged segment already exists for segment <no>.");
4. one Campaign Entry per campaign of the lines, found (same campaign, segment no.
   and document type) or inserted by one ``INSERT … SELECT`` (Register No. = the
   logged segment's Entry No.; date and salesperson of the campaign's first line by
   Date, Line No.);
5. the header's Modified Word Template and every logged line's attachment become
   read-only (two UPDATEs);
6. ONE ``INSERT INTO interaction_log_entry … SELECT … FROM segment_line`` copies every
   field of Business Central's CopyFromSegment, in line order;
7. the segment is deleted (criteria, history, interaction languages, lines, header);
8. with Create Follow-up Segment, a new segment from "Segment Nos." (Description
   "Follow-up on segment <no>", cut to 50; the old campaign; date = work date;
   salesperson from User Setup) gets the same contacts by Reuse Segment.

Any error rolls everything back: no logged segment, no entries, no campaign entries,
the segment as it was. Delivery (SPEC 5.3) is not done here: with Deliver, the
entries to send get Delivery Status "In Progress" and ``LogResult.queued`` lists
them; ``delivery_queue`` reads them in Business Central's Delivery Sorter order.

Decisions (SPEC quirks):

* A line without a contact is not logged and raises no error (Business Central's
  loop filters Contact No. <> ''); it is deleted with the segment.
* The e-mail rule is Business Central's: an Email line whose contact has no e-mail
  is logged with a blank Correspondence Type, unless the line's alternative address
  exists and has an e-mail (then Email stays). With Deliver, an Email line whose
  contact has no e-mail and whose line has no alternative address is an error.
* Queued for delivery (Delivery Status In Progress, attachment required) are the
  lines whose *effective* Correspondence Type (after the e-mail rule) is not blank —
  the SPEC 2.15 quirk box: Business Central also queues lines whose template default
  is not blank, which then fail at send time.
* The entry's Attachment No. is the line's; a line without one gets the header's
  Modified Word Template in "Modified Word Template" (as Business Central).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import peewee as pw

from models.base import context
from models.base.ask import Progress, report
from models.base.db import db, transaction
from models.base.enums import CorrespondenceType, DeliveryStatus, DocumentType
from models.base.errors import UserError
from models.segments.lookups import (
    LOGGED,
    get_header,
    lock_segment,
    modified_word_template,
    normalize_no,
)
from models.segments.reuse import reuse_segment
from models.segments.segment import create_segment, delete_segment
from models.tables.contacts import (
    Campaign,
    CampaignEntry,
    Contact,
    ContactAltAddress,
    Salesperson,
)
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InteractionTemplate,
)
from models.tables.segments import LoggedSegment, SegmentLine
from models.tables.setup import series_for

LOGGED_EXISTS = "A logged segment already exists for segment {no}."
NO_DESCRIPTION = "Description must have a value in Segment Header: No.={no}."
EMPTY = "Segment {no} is empty."
NO_EMAIL = "Specify the Email field for contact {contact} or for its alternative address."
FOLLOW_UP = "Follow-up on segment {no}"

EMAIL = int(CorrespondenceType.EMAIL)
IN_PROGRESS = int(DeliveryStatus.IN_PROGRESS)
# a CASE over this many campaigns at most; more use a correlated lookup per line
CAMPAIGN_CASE_LIMIT = 50


@dataclass(frozen=True)
class LogOptions:
    """The Log dialog's request page (SPEC 2.15, checklist 8.F 54)."""

    deliver: bool  # Send Attachments: on when some line has a correspondence type
    deliver_enabled: bool  # … and only then can it be changed
    follow_up: bool = False  # Create Follow-up Segment


@dataclass
class LogResult:
    segment_no: str
    logged_segment_entry_no: int
    entries: int  # Interaction Log Entries created
    follow_up_segment_no: str = ""  # "" without Create Follow-up Segment
    queued: list[int] = field(default_factory=list)  # entry nos. to deliver (Delivery Status In Progress)

    @property
    def message(self) -> str:
        """What the Segment page tells the user after logging (checklist 8.F 58)."""
        text = LOGGED.format(no=self.segment_no)
        if self.follow_up_segment_no:
            text += f" Follow-up segment {self.follow_up_segment_no} was created."
        return text


def log_options(segment_no: str) -> LogOptions:
    """Send Attachments defaults to Yes and is enabled only when at least one line has a
    non-blank Correspondence Type; otherwise No and disabled. Follow-up defaults to No."""
    header = get_header(segment_no)
    some = (SegmentLine.select(SegmentLine.line_no)
            .where((SegmentLine.segment == header.no) & (SegmentLine.correspondence_type != 0))
            .exists())
    return LogOptions(deliver=some, deliver_enabled=some)


# ---------------------------------------------------------------- the line checks

def _line_ref(segment_no: str, line_no: int) -> str:
    return f"Segment Line: Segment No.={segment_no}, Line No.={line_no}"


def _alt_address(line=SegmentLine, name: str = "la"):
    """The line's alternative address record (Business Central's ContactAltAddress.Get)."""
    a = ContactAltAddress.alias(name)
    return a, ((a.contact == line.contact) & (a.code == line.contact_alt_address_code)
               & (line.contact_alt_address_code != ""))


def effective_correspondence_type(line=SegmentLine) -> pw.Node:
    """SQL of the Correspondence Type a line is logged with (SPEC 2.15 step 6 e-mail rule):
    an Email line keeps Email when its contact or its alternative address has an e-mail,
    else it becomes blank; other types are kept."""
    c = Contact.alias("ec")
    a, alt_on = _alt_address(line, "ea")
    contact_email = c.select(c.e_mail).where(c.no == line.contact)
    alt_email = a.select(a.e_mail).where(alt_on)
    no_email = ((pw.fn.COALESCE(contact_email, "") == "") & (pw.fn.COALESCE(alt_email, "") == ""))
    return pw.Case(None, [((line.correspondence_type == EMAIL) & no_email, 0)], line.correspondence_type)


# check code -> message (format keys: ref, contact, salesperson, template, campaign)
_CHECKS = {
    1: "Date must have a value in {ref}.",
    2: "Contact {contact} does not exist ({ref}).",
    3: "Salesperson Code must have a value in {ref}.",
    4: "Salesperson {salesperson} does not exist ({ref}).",
    5: "Interaction Template Code must have a value in {ref}.",
    6: "Interaction Template {template} does not exist ({ref}).",
    7: "Campaign {campaign} does not exist ({ref}).",
    8: NO_EMAIL + " ({ref})",
    9: "Attachment No. must have a value in {ref}.",
}


def _lines_with_contact(segment_no: str, line=SegmentLine):
    return (line.segment == segment_no) & line.contact.is_null(False)


class _Lines:
    """The lines with a contact and the checks of SPEC 2.15 step 6 as one CASE (the code of
    the first failing check, NULL when the line passes). Existence is read from primary-key
    indexes (LEFT JOINs); a contact's and an alternative address's e-mail only for Email
    lines (correlated lookups inside the CASE, which SQL evaluates lazily)."""

    def __init__(self, segment_no: str, deliver: bool):
        self.segment_no = segment_no
        line = self.line = SegmentLine
        self.c = Contact.alias("c")
        self.sp = Salesperson.alias("sp")
        self.t = InteractionTemplate.alias("t")
        self.cp = Campaign.alias("cp")
        plain = line.document_type == int(DocumentType.BLANK)
        cases = [
            (line.date.is_null(), 1),
            (self.c.no.is_null(), 2),
            (plain & (line.salesperson_code == ""), 3),
            (plain & self.sp.code.is_null(), 4),
            (line.interaction_template_code == "", 5),
            (self.t.code.is_null(), 6),
            ((line.campaign_no != "") & self.cp.no.is_null(), 7),
        ]
        if deliver:
            e = Contact.alias("e")
            a, alt_on = _alt_address(line, "ca")
            no_contact_email = pw.fn.COALESCE(e.select(e.e_mail).where(e.no == line.contact), "") == ""
            no_alt = ~pw.fn.EXISTS(a.select(a.code).where(alt_on))
            cases += [
                ((line.correspondence_type == EMAIL) & no_contact_email & no_alt, 8),
                ((line.word_template_code == "") & (line.attachment_no == 0)
                 & (effective_correspondence_type(line) != 0), 9),
            ]
        self.check = pw.Case(None, cases, None)

    def select(self, *columns):
        line = self.line
        return (line.select(*columns)
                .join(self.c, pw.JOIN.LEFT_OUTER, on=(self.c.no == line.contact))
                .join(self.sp, pw.JOIN.LEFT_OUTER, on=(self.sp.code == line.salesperson_code), src=line)
                .join(self.t, pw.JOIN.LEFT_OUTER, on=(self.t.code == line.interaction_template_code), src=line)
                .join(self.cp, pw.JOIN.LEFT_OUTER, on=(self.cp.no == line.campaign_no), src=line)
                .where(_lines_with_contact(self.segment_no, line)))


@dataclass
class _Survey:
    """What one pass over the lines tells the log (and what it spares the later statements)."""

    lines: int  # lines with a contact
    first_bad: int | None  # the Line No. of the first line that fails a check
    campaigns: tuple  # (MIN, MAX) of (Campaign No.), (Document Type), Date
    attachments: tuple  # (MIN, MAX) of the non-zero Attachment Nos.


def _survey(lines: _Lines) -> _Survey:
    """ONE aggregate query over the segment's lines with a contact."""
    line = lines.line
    fn = pw.fn
    row = lines.select(
        fn.COUNT(line.line_no),
        fn.MIN(pw.Case(None, [(lines.check.is_null(False), line.line_no)], None)),
        fn.MIN(line.campaign_no), fn.MAX(line.campaign_no),
        fn.MIN(line.document_type), fn.MAX(line.document_type),
        fn.MIN(pw.Case(None, [(line.campaign_no != "", line.date)], None)),
        fn.MIN(fn.NULLIF(line.attachment_no, 0)), fn.MAX(fn.NULLIF(line.attachment_no, 0)),
    ).tuples().get()
    count, first_bad, c_min, c_max, d_min, d_max, date_min, a_min, a_max = row
    return _Survey(int(count or 0), first_bad, (c_min or "", c_max or "", d_min, d_max, date_min),
                   (a_min, a_max))


def _raise_for_line(lines: _Lines, line_no: int) -> None:
    line = lines.line
    row = (lines.select(lines.check, line.contact, line.salesperson_code, line.interaction_template_code,
                        line.campaign_no)
           .where(line.line_no == line_no).tuples().get())
    code, contact, salesperson, template, campaign = row
    raise UserError(_CHECKS[int(code)].format(
        ref=_line_ref(lines.segment_no, line_no), contact=contact, salesperson=salesperson,
        template=template, campaign=campaign))


def check_lines(segment_no: str, deliver: bool) -> int:
    """Raise the UserError of the first line (in line order) that cannot be logged (SPEC 2.15
    step 6, 6.3), or "Segment <no> is empty." without lines with a contact; else the number
    of lines that will be logged."""
    segment_no = normalize_no(segment_no)
    lines = _Lines(segment_no, deliver)
    survey = _survey(lines)
    if survey.first_bad is not None:
        _raise_for_line(lines, survey.first_bad)
    if not survey.lines:
        raise UserError(EMPTY.format(no=segment_no))
    return survey.lines


# ---------------------------------------------------------------- logging

def _insert_logged_segment(segment_no: str, description: str) -> int:
    """The Logged Segment; its unique Segment No. turns a concurrent second log into the
    "already exists" error (the savepoint keeps a PostgreSQL transaction usable)."""
    try:
        with db.atomic():
            return int(LoggedSegment.insert(
                segment_no=segment_no, description=description, creation_date=context.today(),
                user_id=context.user_id(), canceled=False,
            ).execute())
    except pw.IntegrityError:
        raise UserError(LOGGED_EXISTS.format(no=segment_no)) from None


def _campaign_pairs(segment_no: str, survey: _Survey) -> list[tuple[str, int, object]]:
    """(Campaign No., Document Type, first Date) of the lines' campaigns, in campaign order."""
    c_min, c_max, d_min, d_max, date_min = survey.campaigns
    if not c_max:
        return []
    if c_min == c_max and d_min == d_max:  # one campaign on every line: the survey said it all
        return [(c_max, int(d_max), date_min)]
    line = SegmentLine
    return [(c, int(d), first) for c, d, first in
            line.select(line.campaign_no, line.document_type, pw.fn.MIN(line.date))
            .where(_lines_with_contact(segment_no) & (line.campaign_no != ""))
            .group_by(line.campaign_no, line.document_type)
            .order_by(line.campaign_no, line.document_type).tuples()]


def _campaign_entries(segment_no: str, description: str, logged_entry_no: int,
                      survey: _Survey) -> dict[tuple[str, int], int]:
    """SPEC 2.15 step 4: {(campaign no., document type): campaign entry no.} for the lines'
    campaigns. An entry of the same campaign, segment no. and document type is reused (the
    first by Date, as Business Central's FindFirst); a campaign without one gets a new entry
    from its first line by Date, Line No. (date, salesperson), with Register No. = the logged
    segment — one INSERT … SELECT for all of them."""
    line = SegmentLine
    ce = CampaignEntry
    found: dict[tuple[str, int], int] = {}
    first_lines = []
    for campaign, document_type, first_date in _campaign_pairs(segment_no, survey):
        row = (ce.select(ce.entry_no)
               .where((ce.campaign == campaign) & (ce.segment_no == segment_no) & (ce.document_type == document_type))
               .order_by(ce.date, ce.entry_no).tuples().first())
        if row:
            found[(campaign, document_type)] = row[0]
            continue
        same = (_lines_with_contact(segment_no) & (line.campaign_no == campaign)
                & (line.document_type == document_type))
        same &= line.date.is_null() if first_date is None else (line.date == first_date)
        first_lines.append(line.select(line.line_no).where(same).order_by(line.line_no).limit(1).scalar())
    if first_lines:
        values = {
            ce.campaign: line.campaign_no,
            ce.date: line.date,
            ce.segment_no: line.segment,
            ce.salesperson_code: line.salesperson_code,
            ce.user_id: _constant(ce.user_id, context.user_id()),
            ce.document_type: line.document_type,
            ce.description: _constant(ce.description, description),
            ce.register_no: _constant(ce.register_no, logged_entry_no),
            ce.canceled: _constant(ce.canceled, False),
        }
        select = (line.select(*values.values())
                  .where((line.segment == segment_no) & line.line_no.in_(first_lines))
                  .order_by(line.campaign_no, line.document_type))
        ce.insert_from(select, list(values)).execute()
        for campaign, document_type, entry_no in (
                ce.select(ce.campaign, ce.document_type, ce.entry_no)
                .where((ce.register_no == logged_entry_no) & (ce.segment_no == segment_no)).tuples()):
            found.setdefault((campaign, int(document_type)), entry_no)
    return found


def _campaign_entry_no(mapping: dict[tuple[str, int], int], segment_no: str) -> pw.Node:
    """The entry's Campaign Entry No.: its campaign's entry for a line with a campaign (a CASE
    over the few campaigns), else the line's own value."""
    line = SegmentLine
    if not mapping:
        return line.campaign_entry_no
    if len(mapping) <= CAMPAIGN_CASE_LIMIT:
        whens = [((line.campaign_no == campaign) & (line.document_type == document_type), entry_no)
                 for (campaign, document_type), entry_no in mapping.items()]
        return pw.Case(None, whens, line.campaign_entry_no)
    ce = CampaignEntry.alias("lce")
    lookup = (ce.select(ce.entry_no)
              .where((ce.campaign == line.campaign_no) & (ce.segment_no == segment_no)
                     & (ce.document_type == line.document_type))
              .order_by(ce.date, ce.entry_no).limit(1))
    return pw.Case(None, [(line.campaign_no != "", lookup)], line.campaign_entry_no)


def _constant(f: pw.Field, value) -> pw.Node:
    return pw.Value(f.db_value(value), unpack=False)


def _entry_select(segment_no: str, logged_entry_no: int, deliver: bool, mwt: int,
                  campaign_entries: dict) -> tuple[pw.SelectQuery, list[pw.Field]]:
    """The SELECT of the new entries, one per line with a contact in line order, and the
    entry fields it fills: Business Central's CopyFromSegment plus the logging fields."""
    line = SegmentLine
    ile = InteractionLogEntry
    corr = effective_correspondence_type(line)
    computed = {
        ile.contact: line.contact,
        ile.contact_company_no: line.contact_company_no,
        ile.date: line.date,
        ile.description: line.description,
        ile.information_flow: line.information_flow,
        ile.initiated_by: line.initiated_by,
        ile.attachment_no: line.attachment_no,
        ile.cost: line.cost,
        ile.duration: line.duration,
        ile.user_id: _constant(ile.user_id, context.user_id()),
        ile.interaction_group_code: line.interaction_group_code,
        ile.interaction_template_code: line.interaction_template_code,
        ile.interaction_language_code: line.language_code,
        ile.subject: line.subject,
        ile.campaign_no: line.campaign_no,
        ile.campaign_entry_no: _campaign_entry_no(campaign_entries, segment_no),
        ile.campaign_response: line.campaign_response,
        ile.campaign_target: line.campaign_target,
        ile.segment_no: line.segment,
        ile.evaluation: line.evaluation,
        ile.time_of_interaction: line.time_of_interaction,
        ile.attempt_failed: line.attempt_failed,
        ile.to_do_no: line.to_do_no,
        ile.salesperson_code: line.salesperson_code,
        ile.correspondence_type: corr,
        ile.contact_alt_address_code: line.contact_alt_address_code,
        ile.document_type: line.document_type,
        ile.document_no: line.document_no,
        ile.send_word_docs_as_attmt: line.send_word_doc_as_attmt,
        ile.contact_via: line.contact_via,
        ile.opportunity_no: line.opportunity_no,
        ile.word_template_code: line.word_template_code,
        ile.merged: line.merged,
        ile.logged_segment_entry_no: _constant(ile.logged_segment_entry_no, logged_entry_no),
        ile.delivery_status: (pw.Case(None, [(corr != 0, IN_PROGRESS)], 0) if deliver
                              else _constant(ile.delivery_status, DeliveryStatus.BLANK)),
        ile.modified_word_template: (pw.Case(None, [(line.attachment_no == 0, mwt)], 0) if mwt
                                     else _constant(ile.modified_word_template, 0)),
    }
    fields, columns = [], []
    for f in ile._meta.sorted_fields:
        if f is ile.entry_no:
            continue
        expr = computed.get(f)
        if expr is None:  # canceled, postponed, e-mail logged, … : the field's default
            default = f.default() if callable(f.default) else f.default
            expr = _constant(f, default)
        fields.append(f)
        columns.append(expr)
    select = line.select(*columns).where(_lines_with_contact(segment_no)).order_by(line.line_no)
    return select, fields


def _mark_read_only(segment_no: str, mwt: int, survey: _Survey) -> None:
    """SPEC 2.15 steps 5–6, 5.4: the Modified Word Template and the attachments of the logged
    lines become read-only (one UPDATE)."""
    a_min, a_max = survey.attachments
    numbers = [mwt] if mwt else []
    condition = None
    if a_min is not None and a_min == a_max:  # every line with an attachment has the same one
        numbers.append(a_min)
    elif a_min is not None:
        line = SegmentLine
        condition = Attachment.no.in_(line.select(line.attachment_no)
                                      .where(_lines_with_contact(segment_no) & (line.attachment_no != 0)))
    if numbers:
        condition = Attachment.no.in_(numbers) if condition is None else (condition | Attachment.no.in_(numbers))
    if condition is not None:
        Attachment.update(read_only=True).where(condition & (Attachment.read_only == False)).execute()  # noqa: E712


def log_segment(segment_no: str, *, deliver: bool, follow_up: bool, progress: Progress | None = None) -> LogResult:
    """Log a segment (SPEC 2.15): see the module docstring. One transaction; ``progress``
    is called with 0.0 … 1.0 between its statements (from inside the transaction)."""
    segment_no = normalize_no(segment_no)
    result = transaction(lambda: _log(segment_no, deliver, follow_up, progress))
    report(progress, 1.0)
    return result


def _log(segment_no: str, deliver: bool, follow_up: bool, progress: Progress | None) -> LogResult:
    report(progress, 0.0, "Checking the lines…")
    header = _lock(segment_no)
    if not (header.description or "").strip():
        raise UserError(NO_DESCRIPTION.format(no=segment_no))
    lines = _Lines(segment_no, deliver)
    survey = _survey(lines)
    if survey.first_bad is not None:
        _raise_for_line(lines, survey.first_bad)
    if not survey.lines:
        raise UserError(EMPTY.format(no=segment_no))
    if follow_up:
        series_for("segment_nos")  # the follow-up needs a number: fail before the work
    report(progress, 0.1, "Logging the segment…")

    logged = _insert_logged_segment(segment_no, header.description)
    campaign_entries = _campaign_entries(segment_no, header.description, logged, survey)
    mwt = modified_word_template(header)
    _mark_read_only(segment_no, mwt, survey)
    report(progress, 0.2, "Writing the entries…")

    select, fields = _entry_select(segment_no, logged, deliver, mwt, campaign_entries)
    count = int(InteractionLogEntry.insert_from(select, fields).as_rowcount().execute() or 0)
    report(progress, 0.6, "Removing the segment…")

    delete_segment(segment_no)
    report(progress, 0.8, "Finishing…")

    follow_up_no = ""
    if follow_up:
        follow_up_no = _follow_up(FOLLOW_UP.format(no=segment_no), header.campaign_no or "", logged)
    queued = _queued(logged) if deliver else []
    report(progress, 0.95, "Finishing…")
    return LogResult(segment_no, logged, count, follow_up_no, queued)


def _lock(segment_no: str):
    """The segment's header, locked; "A logged segment already exists …" when it was logged
    (also by another user while this one waited for the lock)."""
    logged = LoggedSegment.select().where(LoggedSegment.segment_no == segment_no)
    try:
        header = lock_segment(segment_no)
    except UserError:
        if logged.exists():
            raise UserError(LOGGED_EXISTS.format(no=segment_no)) from None
        raise
    if logged.exists():
        raise UserError(LOGGED_EXISTS.format(no=segment_no))
    return header


def _queued(logged_entry_no: int) -> list[int]:
    ile = InteractionLogEntry
    return [n for (n,) in ile.select(ile.entry_no)
            .where((ile.logged_segment_entry_no == logged_entry_no) & (ile.delivery_status == IN_PROGRESS))
            .order_by(ile.entry_no).tuples()]


# ---------------------------------------------------------------- follow-up segments

def _follow_up(description: str, campaign_no: str, logged_entry_no: int) -> str:
    header = create_segment(description=description[:50], campaign_no=campaign_no)
    reuse_segment(header.no, logged_entry_no)
    return header.no


def follow_up_segment(logged_segment_entry_no: int) -> str:
    """Create Follow-up Segment (Logged Segments page; SPEC preface, 4.1): a new segment
    numbered from "Segment Nos." ("Segment Nos. must have a value in Marketing Setup."
    without one), Description "Follow-up on segment <no>" (cut to 50), date = work date,
    salesperson from User Setup, the campaign when the logged segment has exactly one
    campaign entry (the logged segment keeps no header campaign), with one line per entry
    of the logged segment (Reuse Segment: each entry's contact and campaign, an Add
    Contacts action with Allow Existing Contacts). One transaction; returns the new No."""
    entry_no = int(logged_segment_entry_no)
    logged = LoggedSegment.get_or_none(LoggedSegment.entry_no == entry_no)
    if logged is None:
        raise UserError(f"Logged Segment {entry_no} does not exist.")
    campaigns = {c for (c,) in CampaignEntry.select(CampaignEntry.campaign)
                 .where(CampaignEntry.register_no == entry_no).distinct().tuples()}
    campaign_no = campaigns.pop() if len(campaigns) == 1 else ""
    with db.atomic():
        series_for("segment_nos")
        return _follow_up(FOLLOW_UP.format(no=logged.segment_no), campaign_no, entry_no)


# ---------------------------------------------------------------- the delivery queue

def delivery_queue(entry_nos: list[int] | None = None, logged_segment_entry_no: int | None = None):
    """The entries waiting for delivery (Delivery Status In Progress) as dicts in Business
    Central's Delivery Sorter order (attachment, correspondence type, subject, send as
    attachment, entry no.), so identical mailings are merged in one batch (SPEC 1.19):
    entry_no, attachment_no (the Modified Word Template when the entry has one, else its
    attachment), correspondence_type, subject, send_word_docs_as_attmt, language_code,
    word_template_code, wizard_action (the template's), contact_no, contact_alt_address_code."""
    ile = InteractionLogEntry
    t = InteractionTemplate.alias("qt")
    attachment = pw.Case(None, [(ile.modified_word_template > 0, ile.modified_word_template)], ile.attachment_no)
    condition = ile.delivery_status == IN_PROGRESS
    if entry_nos is not None:
        condition &= ile.entry_no.in_([int(n) for n in entry_nos])
    if logged_segment_entry_no is not None:
        condition &= ile.logged_segment_entry_no == int(logged_segment_entry_no)
    return (ile.select(ile.entry_no, attachment.alias("attachment_no"), ile.correspondence_type, ile.subject,
                       ile.send_word_docs_as_attmt, ile.interaction_language_code.alias("language_code"),
                       ile.word_template_code, pw.fn.COALESCE(t.wizard_action, 0).alias("wizard_action"),
                       ile.contact.alias("contact_no"), ile.contact_alt_address_code)
            .join(t, pw.JOIN.LEFT_OUTER, on=(t.code == ile.interaction_template_code))
            .where(condition)
            .order_by(attachment, ile.correspondence_type, ile.subject, ile.send_word_docs_as_attmt, ile.entry_no)
            .dicts())


__all__ = [
    "LogOptions", "LogResult", "log_options", "log_segment", "check_lines", "follow_up_segment",
    "delivery_queue", "effective_correspondence_type",
]
