"""Segments: header, lines, criteria, undo history, saved criteria, languages, logged segments."""

from __future__ import annotations

import peewee as pw

from models.base import context
from models.base.db import BaseModel
from models.base.enums import (
    CorrespondenceType,
    CriteriaAction,
    CriteriaLineType,
    DocumentType,
    Evaluation,
    HistoryAction,
    InformationFlow,
    InitiatedBy,
)
from models.base.fields import CodeField, CodeRef, EnumField, money
from models.tables.contacts import Campaign, Contact, Salesperson
from models.tables.interactions import InteractionTemplate


class SegmentHeader(BaseModel):
    no = CodeField(20, primary_key=True)
    description = pw.CharField(max_length=100, default="")
    campaign = CodeRef(Campaign, id_name="campaign_no", index=True)
    salesperson = CodeRef(Salesperson, id_name="salesperson_code", index=True)
    correspondence_type_default = EnumField(CorrespondenceType)
    interaction_template = CodeRef(InteractionTemplate, id_name="interaction_template_code")
    unit_cost = money()
    unit_duration = pw.IntegerField(default=0)
    date = pw.DateField(null=True)
    campaign_target = pw.BooleanField(default=False)
    information_flow = EnumField(InformationFlow)
    initiated_by = EnumField(InitiatedBy)
    no_series = CodeField(20)
    campaign_response = pw.BooleanField(default=False)
    language_code_default = CodeField(10)
    interaction_group_code = CodeField(10)
    send_word_docs_as_attmt = pw.BooleanField(default=False)
    ignore_contact_corres_type = pw.BooleanField(default=False)
    subject_default = pw.CharField(max_length=100, default="")
    word_template_code = CodeField(30)


class SegmentLine(BaseModel):
    segment = CodeRef(SegmentHeader, id_name="segment_no", null=False, on_delete="CASCADE", backref="lines")
    line_no = pw.IntegerField()
    contact = CodeRef(Contact, id_name="contact_no")
    campaign_no = CodeField(20)
    salesperson_code = CodeField(20)
    correspondence_type = EnumField(CorrespondenceType)
    interaction_template_code = CodeField(10)
    cost = money()
    duration = pw.IntegerField(default=0)
    attachment_no = pw.IntegerField(default=0)
    campaign_response = pw.BooleanField(default=False)
    information_flow = EnumField(InformationFlow)
    initiated_by = EnumField(InitiatedBy)
    contact_alt_address_code = CodeField(10)
    evaluation = EnumField(Evaluation)
    campaign_target = pw.BooleanField(default=False)
    language_code = CodeField(10)
    description = pw.CharField(max_length=100, default="")
    date = pw.DateField(null=True)
    time_of_interaction = pw.TimeField(null=True)
    attempt_failed = pw.BooleanField(default=False)
    to_do_no = CodeField(20)
    contact_company_no = CodeField(20)
    campaign_entry_no = pw.IntegerField(default=0)
    interaction_group_code = CodeField(10)
    document_type = EnumField(DocumentType)
    document_no = CodeField(20)
    send_word_doc_as_attmt = pw.BooleanField(default=False)
    contact_via = pw.CharField(max_length=80, default="")
    subject = pw.CharField(max_length=100, default="")
    opportunity_no = CodeField(20)
    word_template_code = CodeField(30)
    merged = pw.BooleanField(default=False)

    class Meta:
        primary_key = pw.CompositeKey("segment", "line_no")
        indexes = ((("segment", "contact"), False),)


class CriteriaLineFields(BaseModel):
    """The fields a criteria line and a saved criteria line share (no table of its own)."""

    type = EnumField(CriteriaLineType)
    action = EnumField(CriteriaAction)
    table_no = pw.CharField(max_length=50, default="")  # which table a filter applies to
    table_view = pw.TextField(default="")  # the serialized filter
    allow_existing_contacts = pw.BooleanField(default=False)
    expand_contact = pw.BooleanField(default=False)
    allow_company_with_persons = pw.BooleanField(default=False)
    ignore_exclusion = pw.BooleanField(default=False)
    entire_companies = pw.BooleanField(default=False)
    no_of_filters = pw.IntegerField(default=0)


class SegmentCriteriaLine(CriteriaLineFields):
    """One criteria action (Add/Reduce/Refine) or one of its filters, in order."""

    segment = CodeRef(SegmentHeader, id_name="segment_no", null=False, on_delete="CASCADE", backref="criteria")
    line_no = pw.IntegerField()

    class Meta:
        primary_key = pw.CompositeKey("segment", "line_no")
        indexes = ((("segment", "type"), False),)


class SegmentHistory(BaseModel):
    """Undo log: which contacts each criteria action inserted or deleted."""

    segment = CodeRef(SegmentHeader, id_name="segment_no", null=False, on_delete="CASCADE", backref="history")
    segment_action_no = pw.IntegerField()
    segment_line_no = pw.IntegerField()
    contact_no = CodeField(20)
    action_taken = EnumField(HistoryAction)

    class Meta:
        primary_key = pw.CompositeKey("segment", "segment_action_no", "segment_line_no")


class SavedSegmentCriteria(BaseModel):
    code = CodeField(10, primary_key=True)
    description = pw.CharField(max_length=100, default="")
    user_id = CodeField(50, default=lambda: context.user_id())


class SavedSegmentCriteriaLine(CriteriaLineFields):
    segment_criteria = CodeRef(
        SavedSegmentCriteria, id_name="segment_criteria_code", null=False, on_delete="CASCADE",
        backref="lines",
    )
    line_no = pw.IntegerField()

    class Meta:
        primary_key = pw.CompositeKey("segment_criteria", "line_no", "action")


class SegmentInteractionLanguage(BaseModel):
    """Attachment and subject per language: line 0 = header level (inherited), else unique to a line."""

    segment = CodeRef(SegmentHeader, id_name="segment_no", null=False, on_delete="CASCADE", backref="languages")
    segment_line_no = pw.IntegerField(default=0)
    # a plain code, not a reference: the blank language is a real key here, as on
    # Interaction Tmpl. Language (a template without languages has one blank record)
    language = CodeField(10, column_name="language_code")
    description = pw.CharField(max_length=100, default="")
    attachment_no = pw.IntegerField(default=0)
    subject = pw.CharField(max_length=100, default="")
    word_template_code = CodeField(30)

    class Meta:
        primary_key = pw.CompositeKey("segment", "segment_line_no", "language")


class LoggedSegment(BaseModel):
    entry_no = pw.AutoField()
    segment_no = CodeField(20, unique=True)  # at most one logged segment per segment number
    description = pw.CharField(max_length=100, default="")
    creation_date = pw.DateField(default=lambda: context.today())
    user_id = CodeField(50, default=lambda: context.user_id())
    canceled = pw.BooleanField(default=False)
