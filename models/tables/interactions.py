"""Interaction groups and templates, attachments and the Interaction Log Entry."""

from __future__ import annotations

import peewee as pw

from models.base import context
from models.base.db import BaseModel
from models.base.enums import (
    CorrespondenceType,
    DeliveryStatus,
    DocumentType,
    Evaluation,
    InformationFlow,
    InitiatedBy,
    StorageType,
    WizardAction,
)
from models.base.fields import CodeField, CodeRef, EnumField, money
from models.tables.contacts import Campaign, Contact, Language, Salesperson


class Attachment(BaseModel):
    """A stored file (Word letter, HTML, PDF …); embedded storage keeps the bytes here."""

    no = pw.AutoField()
    attachment_file = pw.BlobField(null=True)
    storage_type = EnumField(StorageType)
    storage_pointer = pw.CharField(max_length=250, default="")
    file_extension = pw.CharField(max_length=250, default="")
    read_only = pw.BooleanField(default=False)
    last_modified = pw.DateTimeField(default=lambda: context.now())
    merge_source = pw.TextField(default="")

    @property
    def content(self) -> bytes:
        return bytes(self.attachment_file or b"")


class WordTemplate(BaseModel):
    """A Word document with MERGEFIELDs over "Interaction Merge Data"."""

    code = CodeField(30, primary_key=True)
    name = pw.CharField(max_length=250, default="")
    language = CodeRef(Language, id_name="language_code")
    template = pw.BlobField(null=True)


class InteractionGroup(BaseModel):
    code = CodeField(10, primary_key=True)
    description = pw.CharField(max_length=100, default="")


class InteractionTemplate(BaseModel):
    code = CodeField(10, primary_key=True)
    interaction_group = CodeRef(InteractionGroup, id_name="interaction_group_code", null=False)
    description = pw.CharField(max_length=100, default="")
    unit_cost = money()
    unit_duration = pw.IntegerField(default=0)
    information_flow = EnumField(InformationFlow)
    initiated_by = EnumField(InitiatedBy)
    campaign = CodeRef(Campaign, id_name="campaign_no")
    campaign_target = pw.BooleanField(default=False)
    campaign_response = pw.BooleanField(default=False)
    correspondence_type_default = EnumField(CorrespondenceType, default=CorrespondenceType.EMAIL)
    language_code_default = CodeField(10)
    wizard_action = EnumField(WizardAction)
    ignore_contact_corres_type = pw.BooleanField(default=False)
    word_template = CodeRef(WordTemplate, id_name="word_template_code")


class InteractionTmplLanguage(BaseModel):
    """Interaction Tmpl. Language: a template's attachment (or Word template) per language."""

    interaction_template = CodeRef(
        InteractionTemplate, id_name="interaction_template_code", null=False, on_delete="CASCADE",
        backref="languages",
    )
    language_code = CodeField(10)
    description = pw.CharField(max_length=100, default="")
    attachment = CodeRef(Attachment, id_name="attachment_no", on_delete="SET NULL", on_update=None)
    custom_layout_code = CodeField(20)
    word_template = CodeRef(WordTemplate, id_name="word_template_code")

    class Meta:
        primary_key = pw.CompositeKey("interaction_template", "language_code")


class InteractionTemplateSetup(BaseModel):
    """Which templates automatic events use (a singleton, id 1)."""

    e_mails = CodeField(10)
    cover_sheets = CodeField(10)
    outg_calls = CodeField(10)
    meeting_invitation = CodeField(10)
    e_mail_draft = CodeField(10)


class InteractionLogEntry(BaseModel):
    """The permanent record of one interaction with one contact (or a postponed draft)."""

    entry_no = pw.AutoField()
    # blank only on a postponed segment wizard: its Segment No. names the segment instead
    contact = CodeRef(Contact, id_name="contact_no")
    contact_company_no = CodeField(20)
    date = pw.DateField(null=True)
    description = pw.CharField(max_length=100, default="")
    information_flow = EnumField(InformationFlow)
    initiated_by = EnumField(InitiatedBy)
    attachment_no = pw.IntegerField(default=0)
    cost = money()
    duration = pw.IntegerField(default=0)
    user_id = CodeField(50)
    interaction_group_code = CodeField(10, index=True)
    interaction_template_code = CodeField(10)
    campaign_no = CodeField(20, index=True)
    campaign_entry_no = pw.IntegerField(default=0)
    campaign_response = pw.BooleanField(default=False)
    campaign_target = pw.BooleanField(default=False)
    segment_no = CodeField(20, index=True)
    evaluation = EnumField(Evaluation, index=True)
    time_of_interaction = pw.TimeField(null=True)
    attempt_failed = pw.BooleanField(default=False)
    to_do_no = CodeField(20)
    salesperson_code = CodeField(20, index=True)
    delivery_status = EnumField(DeliveryStatus)
    delivery_error = pw.CharField(max_length=250, default="")
    canceled = pw.BooleanField(default=False)
    correspondence_type = EnumField(CorrespondenceType)
    contact_alt_address_code = CodeField(10)
    logged_segment_entry_no = pw.IntegerField(default=0)
    document_type = EnumField(DocumentType)
    document_no = CodeField(20)
    version_no = pw.IntegerField(default=0)
    doc_no_occurrence = pw.IntegerField(default=0)
    contact_via = pw.CharField(max_length=80, default="")
    send_word_docs_as_attmt = pw.BooleanField(default=False)
    interaction_language_code = CodeField(10)
    e_mail_logged = pw.BooleanField(default=False)
    subject = pw.CharField(max_length=100, default="")
    opportunity_no = CodeField(20)
    postponed = pw.BooleanField(default=False)
    word_template_code = CodeField(30)
    merged = pw.BooleanField(default=False)
    modified_word_template = pw.IntegerField(default=0)
    wizard_step = pw.IntegerField(default=0)  # the step a postponed wizard reached
    # who has a postponed interaction open in the wizard ("USER:token", '' when nobody):
    # a compare-and-set claim, so a second user's save cannot silently overwrite (models/wizard.py)
    wizard_claim = pw.CharField(max_length=80, default="")

    class Meta:
        indexes = (
            (("logged_segment_entry_no", "postponed"), False),
            (("contact_company_no", "contact", "date", "postponed"), False),
            (("interaction_template_code", "canceled", "date", "postponed"), False),
            (("contact", "date"), False),
            (("date",), False),
        )


class InterLogEntryCommentLine(BaseModel):
    entry = CodeRef(
        InteractionLogEntry, id_name="entry_no", null=False, on_delete="CASCADE", backref="comments",
    )
    line_no = pw.IntegerField()
    date = pw.DateField(null=True)
    comment = pw.CharField(max_length=80, default="")

    class Meta:
        primary_key = pw.CompositeKey("entry", "line_no")


__all__ = [
    "Attachment", "WordTemplate", "InteractionGroup", "InteractionTemplate",
    "InteractionTmplLanguage", "InteractionTemplateSetup", "InteractionLogEntry",
    "InterLogEntryCommentLine", "Salesperson",
]
