"""Contacts (companies and persons) and the tables that classify them."""

from __future__ import annotations

import datetime as dt

import peewee as pw

from models.base.db import BaseModel
from models.base.enums import ContactType, CorrespondenceType
from models.base.fields import CodeField, CodeRef, EnumField


class Language(BaseModel):
    code = CodeField(10, primary_key=True)
    name = pw.CharField(max_length=50, default="")


class CountryRegion(BaseModel):
    code = CodeField(10, primary_key=True)
    name = pw.CharField(max_length=50, default="")


class Salutation(BaseModel):
    code = CodeField(10, primary_key=True)
    description = pw.CharField(max_length=50, default="")


class SalutationFormula(BaseModel):
    """"Dear %1 %2," with %1..%5 replaced by the contact fields named in name_1..name_5.

    A name is the caption of a Contact field, as Business Central's option values:
    "Job Title", "First Name", "Middle Name", "Surname", "Initials", "Company Name"
    (blank: the placeholder stays empty). Each salutation has one formal and one
    informal row per language (e.g. MR/ENU formal "Dear Mr. %1," with name_1
    "Surname"; informal "Dear %1," with name_1 "First Name"); a row with no
    language applies to every language.
    """

    salutation = CodeRef(Salutation, id_name="salutation_code", null=False, on_delete="CASCADE")
    language = CodeRef(Language, id_name="language_code")  # NULL: every language
    formal = pw.BooleanField(default=True)
    salutation_text = pw.CharField(max_length=50, default="")
    name_1 = pw.CharField(max_length=30, default="")
    name_2 = pw.CharField(max_length=30, default="")
    name_3 = pw.CharField(max_length=30, default="")
    name_4 = pw.CharField(max_length=30, default="")
    name_5 = pw.CharField(max_length=30, default="")

    class Meta:
        indexes = ((("salutation", "language", "formal"), True),)


class Salesperson(BaseModel):
    """Salesperson/Purchaser."""

    code = CodeField(20, primary_key=True)
    name = pw.CharField(max_length=50, default="")
    e_mail = pw.CharField(max_length=80, default="")
    job_title = pw.CharField(max_length=30, default="")
    phone_no = pw.CharField(max_length=30, default="")
    blocked = pw.BooleanField(default=False)
    privacy_blocked = pw.BooleanField(default=False)


class UserSetup(BaseModel):
    """Maps an OS login to its default salesperson."""

    user_id = CodeField(50, primary_key=True)
    salesperson = CodeRef(Salesperson, id_name="salesperson_code")


class IndustryGroup(BaseModel):
    code = CodeField(10, primary_key=True)
    description = pw.CharField(max_length=100, default="")


class BusinessRelation(BaseModel):
    code = CodeField(10, primary_key=True)
    description = pw.CharField(max_length=100, default="")


class MailingGroup(BaseModel):
    code = CodeField(10, primary_key=True)
    description = pw.CharField(max_length=100, default="")


class JobResponsibility(BaseModel):
    code = CodeField(10, primary_key=True)
    description = pw.CharField(max_length=100, default="")


class Contact(BaseModel):
    no = CodeField(20, primary_key=True)
    type = EnumField(ContactType, default=ContactType.COMPANY, index=True)
    name = pw.CharField(max_length=100, default="")
    name_2 = pw.CharField(max_length=50, default="")
    search_name = pw.CharField(max_length=100, default="", index=True)
    # A company's Company No. is its own No.; a person's is its employer (or blank).
    company = CodeRef("self", id_name="company_no", index=True, on_delete="RESTRICT")
    company_name = pw.CharField(max_length=100, default="")
    first_name = pw.CharField(max_length=30, default="")
    middle_name = pw.CharField(max_length=30, default="")
    surname = pw.CharField(max_length=30, default="")
    initials = pw.CharField(max_length=30, default="")
    job_title = pw.CharField(max_length=30, default="")
    address = pw.CharField(max_length=100, default="")
    address_2 = pw.CharField(max_length=50, default="")
    post_code = CodeField(20, index=True)
    city = pw.CharField(max_length=30, default="", index=True)
    county = pw.CharField(max_length=30, default="")
    country = CodeRef(CountryRegion, id_name="country_region_code", index=True)
    phone_no = pw.CharField(max_length=30, default="")
    mobile_phone_no = pw.CharField(max_length=30, default="")
    fax_no = pw.CharField(max_length=30, default="")
    e_mail = pw.CharField(max_length=80, default="")
    home_page = pw.CharField(max_length=80, default="")
    vat_registration_no = pw.CharField(max_length=20, default="")
    salutation = CodeRef(Salutation, id_name="salutation_code")
    language = CodeRef(Language, id_name="language_code", index=True)
    salesperson = CodeRef(Salesperson, id_name="salesperson_code", index=True)
    territory_code = CodeField(10, index=True)
    exclude_from_segment = pw.BooleanField(default=False, index=True)
    correspondence_type = EnumField(CorrespondenceType, index=True)
    privacy_blocked = pw.BooleanField(default=False)

    class Meta:
        indexes = (
            # the order Add Contacts processes candidates in (SPEC 2.9)
            (("company_name", "company", "type", "name"), False),
        )

    @property
    def is_company(self) -> bool:
        return self.type == ContactType.COMPANY


class ContactAltAddress(BaseModel):
    contact = CodeRef(Contact, id_name="contact_no", null=False, on_delete="CASCADE")
    code = CodeField(10)
    company_name = pw.CharField(max_length=100, default="")
    address = pw.CharField(max_length=100, default="")
    address_2 = pw.CharField(max_length=50, default="")
    post_code = CodeField(20)
    city = pw.CharField(max_length=30, default="")
    county = pw.CharField(max_length=30, default="")
    country = CodeRef(CountryRegion, id_name="country_region_code")
    phone_no = pw.CharField(max_length=30, default="")
    fax_no = pw.CharField(max_length=30, default="")
    e_mail = pw.CharField(max_length=80, default="")

    class Meta:
        primary_key = pw.CompositeKey("contact", "code")


class ContactAltAddrDateRange(BaseModel):
    """The alternative address a contact uses between two dates."""

    contact = CodeRef(Contact, id_name="contact_no", null=False, on_delete="CASCADE")
    starting_date = pw.DateField()
    ending_date = pw.DateField(null=True)
    contact_alt_address_code = CodeField(10)

    class Meta:
        primary_key = pw.CompositeKey("contact", "starting_date")


def active_alt_address(contact_no: str, on: dt.date) -> str:
    """The code of the contact's alternative address active on a date, or ''."""
    row = (
        ContactAltAddrDateRange.select(ContactAltAddrDateRange.contact_alt_address_code)
        .where(
            (ContactAltAddrDateRange.contact == contact_no)
            & (ContactAltAddrDateRange.starting_date <= on)
            & (
                ContactAltAddrDateRange.ending_date.is_null()
                | (ContactAltAddrDateRange.ending_date >= on)
            )
        )
        .order_by(ContactAltAddrDateRange.starting_date.desc())
        .tuples()
        .first()
    )
    return row[0] if row else ""


def _link(name: str, target, target_id: str):
    """A contact ↔ classification link table with its (code, contact) index."""

    attrs = {
        "contact": CodeRef(Contact, id_name="contact_no", null=False, on_delete="CASCADE"),
        "target": CodeRef(target, id_name=target_id, null=False, on_delete="CASCADE"),
        "Meta": type(
            "Meta",
            (),
            {
                "primary_key": pw.CompositeKey("contact", "target"),
                "indexes": ((("target", "contact"), False),),
            },
        ),
        "__module__": __name__,
    }
    return type(name, (BaseModel,), attrs)


ContactMailingGroup = _link("ContactMailingGroup", MailingGroup, "mailing_group_code")
ContactIndustryGroup = _link("ContactIndustryGroup", IndustryGroup, "industry_group_code")
ContactBusinessRelation = _link("ContactBusinessRelation", BusinessRelation, "business_relation_code")
ContactJobResponsibility = _link("ContactJobResponsibility", JobResponsibility, "job_responsibility_code")


class Campaign(BaseModel):
    no = CodeField(20, primary_key=True)
    description = pw.CharField(max_length=100, default="")
    starting_date = pw.DateField(null=True)
    ending_date = pw.DateField(null=True)
    salesperson = CodeRef(Salesperson, id_name="salesperson_code")
    status_code = CodeField(10)


class CampaignTargetGroup(BaseModel):
    """Contacts (companies) a campaign targets; a campaign with any is Activated."""

    campaign = CodeRef(Campaign, id_name="campaign_no", null=False, on_delete="CASCADE")
    contact = CodeRef(Contact, id_name="contact_no", null=False, on_delete="CASCADE")

    class Meta:
        primary_key = pw.CompositeKey("campaign", "contact")


class CampaignEntry(BaseModel):
    entry_no = pw.AutoField()
    campaign = CodeRef(Campaign, id_name="campaign_no", null=False, index=True)
    date = pw.DateField(null=True)
    segment_no = CodeField(20, index=True)
    salesperson_code = CodeField(20)
    user_id = CodeField(50)
    document_type = pw.IntegerField(default=0)
    description = pw.CharField(max_length=100, default="")
    register_no = pw.IntegerField(default=0, index=True)  # Logged Segment Entry No.
    canceled = pw.BooleanField(default=False)


class CompanyInformation(BaseModel):
    """Our own company: the COMPA_ merge fields of letters (a singleton, id 1)."""

    name = pw.CharField(max_length=100, default="")
    name_2 = pw.CharField(max_length=50, default="")
    address = pw.CharField(max_length=100, default="")
    address_2 = pw.CharField(max_length=50, default="")
    post_code = CodeField(20)
    city = pw.CharField(max_length=30, default="")
    county = pw.CharField(max_length=30, default="")
    country_region_code = CodeField(10)
    phone_no = pw.CharField(max_length=30, default="")
    fax_no = pw.CharField(max_length=30, default="")
    e_mail = pw.CharField(max_length=80, default="")
    home_page = pw.CharField(max_length=80, default="")
    vat_registration_no = pw.CharField(max_length=20, default="")
    registration_no = pw.CharField(max_length=50, default="")
    bank_name = pw.CharField(max_length=100, default="")
    bank_branch_no = pw.CharField(max_length=20, default="")
    bank_account_no = pw.CharField(max_length=30, default="")
    giro_no = pw.CharField(max_length=20, default="")
    iban = pw.CharField(max_length=50, default="")
    swift_code = pw.CharField(max_length=20, default="")
