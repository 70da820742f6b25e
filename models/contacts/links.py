"""A contact's classifications and alternative addresses: the rules the contact card's
sub-lists and ``relman import-links`` share, so a link is checked the same way both ways.

Mailing groups belong to any contact, job responsibilities to persons only; industry groups
and business relations to companies, and a person has its company's (as Add Contacts reads
them, SPEC 2.9). An alternative address is the contact's own (Contact No., Code) with its
address; its date ranges (Contact Alt. Addr. Date Range) say from when to when letters
use it. A group, relation or responsibility with contacts is not deleted (its No. of
Contacts must be 0, as in Business Central).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import peewee as pw

from models.base import values as value_rules
from models.base.db import db
from models.base.enums import ContactType
from models.base.errors import FieldError, UserError
from models.contacts.card import EMAIL, CodeCache
from models.tables.contacts import (
    BusinessRelation,
    Contact,
    ContactAltAddrDateRange,
    ContactAltAddress,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    CountryRegion,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
)

ANY, COMPANY, PERSON = "contact", "company", "person"  # whose links a kind holds
CHUNK = 2000  # contact numbers per "WHERE … IN (…)" look-up


@dataclass(frozen=True)
class LinkKind:
    name: str  # mailing_groups
    title: str  # Mailing Groups
    single: str  # Mailing Group
    link: type[pw.Model]  # Contact Mailing Group: (contact, target)
    target: type[pw.Model]  # Mailing Group: (code, description)
    owner: str = ANY

    @property
    def code_field(self) -> str:
        """The link's code column: mailing_group_code."""
        return self.link.target.object_id_name

    @property
    def code_caption(self) -> str:
        return f"{self.single} Code"


KINDS: dict[str, LinkKind] = {k.name: k for k in (
    LinkKind("mailing_groups", "Mailing Groups", "Mailing Group", ContactMailingGroup, MailingGroup),
    LinkKind("industry_groups", "Industry Groups", "Industry Group", ContactIndustryGroup, IndustryGroup,
             COMPANY),
    LinkKind("business_relations", "Business Relations", "Business Relation", ContactBusinessRelation,
             BusinessRelation, COMPANY),
    LinkKind("job_responsibilities", "Job Responsibilities", "Job Responsibility", ContactJobResponsibility,
             JobResponsibility, PERSON),
)}


def no_of_contacts(kind: LinkKind) -> pw.Node:
    """The No. of Contacts of each code, as SQL: a count per row of a list (one index range)."""
    link = kind.link.alias("nc")
    return link.select(pw.fn.COUNT(pw.SQL("*"))).where(link.target == kind.target.code)


class ContactsSeen:
    """(type, company no.) of contacts, read once per number: an import checks many rows."""

    def __init__(self) -> None:
        self.known: dict[str, tuple[ContactType, str] | None] = {}

    def preload(self, numbers: Iterable[str]) -> None:
        wanted = sorted({n for n in numbers if n and n not in self.known})
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            self.known.update((no, None) for no in chunk)
            query = Contact.select(Contact.no, Contact.type, Contact.company).where(Contact.no.in_(chunk))
            self.known.update((no, (ContactType(kind), company or "")) for no, kind, company in query.tuples())

    def get(self, no: str) -> tuple[ContactType, str] | None:
        if no not in self.known:
            self.preload([no])
        return self.known[no]


def contact_no(value, contacts: ContactsSeen) -> tuple[str, ContactType, str]:
    """(No., type, company no.) of an existing contact, else FieldError on contact_no."""
    no = value_rules.code("contact_no", "Contact No.", value, 20)
    if not no:
        raise FieldError("contact_no", "Contact No. must have a value.")
    found = contacts.get(no)
    if found is None:
        raise FieldError("contact_no", f"Contact {no} does not exist.")
    return no, *found


def check_link(kind: LinkKind, values: Mapping, contacts: ContactsSeen, codes: CodeCache) -> tuple[str, str]:
    """(contact no., code) of a link that may exist: the contact is of the kind's type, the code exists."""
    no, contact_type, company = contact_no(values.get("contact_no"), contacts)
    if kind.owner == COMPANY and contact_type == ContactType.PERSON:
        where = f" ({company})" if company else ""
        raise FieldError("contact_no", f"Contact {no} is a person: {kind.title.lower()} are kept on "
                                       f"its company{where}.")
    if kind.owner == PERSON and contact_type == ContactType.COMPANY:
        raise FieldError("contact_no", f"Contact {no} is a company: {kind.title.lower()} are kept on persons.")
    code = value_rules.code(kind.code_field, kind.code_caption, values.get(kind.code_field), 10)
    if not code:
        raise FieldError(kind.code_field, f"{kind.code_caption} must have a value.")
    if not codes.exists(kind.target, code):
        raise FieldError(kind.code_field, f"{kind.single} '{code}' does not exist.")
    return no, code


def link_owner(kind_name: str, contact: str) -> str:
    """Whose links the contact's card shows: a person's industry groups and business relations
    are its company's."""
    kind = KINDS[kind_name]
    found = ContactsSeen().get(contact)
    if found is None:
        raise UserError(f"Contact {contact} no longer exists.")
    contact_type, company = found
    if kind.owner == COMPANY and contact_type == ContactType.PERSON:
        if not company:
            raise UserError(f"Contact {contact} has no company: {kind.title.lower()} are kept on companies.")
        return company
    if kind.owner == PERSON and contact_type == ContactType.COMPANY:
        raise UserError(f"Contact {contact} is a company: {kind.title.lower()} are kept on persons.")
    return contact


def add_link(kind_name: str, contact: str, code: str) -> str:
    """Put a contact into a group (relation, responsibility); the code."""
    kind = KINDS[kind_name]
    with db.atomic():
        no, code = check_link(kind, {"contact_no": contact, kind.code_field: code}, ContactsSeen(), CodeCache())
        link = kind.link
        if link.select().where((link.contact == no) & (link.target == code)).exists():
            raise FieldError(kind.code_field, f"Contact {no} already has {kind.single} {code}.")
        link.insert(contact=no, target=code).execute()
    return code


def remove_link(kind_name: str, contact: str, code: str) -> None:
    kind = KINDS[kind_name]
    link = kind.link
    with db.atomic():
        if not link.delete().where((link.contact == contact) & (link.target == code)).execute():
            raise UserError(f"Contact {contact} no longer has {kind.single} {code}.")


def delete_code(kind_name: str, code: str) -> None:
    """Delete a mailing group (industry group, …): only one no contact is in."""
    kind = KINDS[kind_name]
    with db.atomic():
        members = kind.link.select().where(kind.link.target == code).count()
        if members:
            raise UserError(f"{kind.single} {code} has {members:,} contacts (No. of Contacts must be 0); "
                            "remove them from it first.")
        kind.target.delete().where(kind.target.code == code).execute()


def existing_pairs(model: type[pw.Model], key, contacts: Iterable[str]) -> set[tuple[str, object]]:
    """(contact no., key) of the model's rows for these contacts (looked up in chunks)."""
    numbers = sorted(set(contacts))
    found: set[tuple[str, object]] = set()
    for start in range(0, len(numbers), CHUNK):
        chunk = numbers[start : start + CHUNK]
        found.update(model.select(model.contact, key).where(model.contact.in_(chunk)).tuples())
    return found


# ---------------------------------------------------------------- alternative addresses

ALT_ADDRESS_COLUMNS: list[tuple[str, str, str]] = [  # (key, caption, kind)
    ("code", "Code", "code"),
    ("company_name", "Company Name", "text"),
    ("address", "Address", "text"),
    ("address_2", "Address 2", "text"),
    ("post_code", "Post Code", "code"),
    ("city", "City", "text"),
    ("county", "County", "text"),
    ("country_region_code", "Country/Region Code", "code"),
    ("phone_no", "Phone No.", "text"),
    ("fax_no", "Fax No.", "text"),
    ("e_mail", "E-Mail", "text"),
]


def _max_length(model: type[pw.Model], key: str) -> int | None:
    fields = {f.object_id_name if isinstance(f, pw.ForeignKeyField) else f.name: f
              for f in model._meta.sorted_fields}
    return getattr(fields[key], "max_length", None)


def check_alt_address(values: Mapping, codes: CodeCache) -> dict:
    """An alternative address's values, checked (the contact is checked by the caller)."""
    out = {}
    for key, caption, kind in ALT_ADDRESS_COLUMNS:
        rule = value_rules.code if kind == "code" else value_rules.text
        out[key] = rule(key, caption, values.get(key), _max_length(ContactAltAddress, key))
    if not out["code"]:
        raise FieldError("code", "Code must have a value.")
    if out["e_mail"] and not EMAIL.match(out["e_mail"]):
        raise FieldError("e_mail", f"E-Mail '{out['e_mail']}' is not a valid e-mail address.")
    country = out["country_region_code"]
    if country and not codes.exists(CountryRegion, country):
        raise FieldError("country_region_code", f"Country/Region Code '{country}' does not exist.")
    out["country_region_code"] = country or None
    return out


def save_alt_address(contact: str, key: str | None, values: Mapping) -> str:
    """Create (key None) or change one of the contact's alternative addresses; its code."""
    a = ContactAltAddress
    with db.atomic():
        no, _type, _company = contact_no(contact, ContactsSeen())
        v = check_alt_address(values if key is None else {**values, "code": key}, CodeCache())
        mine = (a.contact == no) & (a.code == v["code"])
        if key is None:
            if a.select().where(mine).exists():
                raise FieldError("code", f"Contact {no} already has an alternative address {v['code']}.")
            a.insert(contact=no, **v).execute()
        elif not a.update(**{k: val for k, val in v.items() if k != "code"}).where(mine).execute():
            raise UserError(f"Contact {no}: alternative address {key} no longer exists.")
    return v["code"]


def delete_alt_address(contact: str, code: str) -> None:
    """An alternative address goes with the date ranges that use it."""
    r = ContactAltAddrDateRange
    with db.atomic():
        r.delete().where((r.contact == contact) & (r.contact_alt_address_code == code)).execute()
        ContactAltAddress.delete().where(
            (ContactAltAddress.contact == contact) & (ContactAltAddress.code == code)).execute()


def alt_address_codes(contacts: Iterable[str]) -> set[tuple[str, str]]:
    return existing_pairs(ContactAltAddress, ContactAltAddress.code, contacts)


def check_date_range(no: str, values: Mapping, alt_codes: set[tuple[str, str]]) -> dict:
    """A date range's values, checked: a start, no end before it, an address of the contact."""
    start = value_rules.date("starting_date", "Starting Date", values.get("starting_date"))
    if start is None:
        raise FieldError("starting_date", "Starting Date must have a value.")
    end = value_rules.date("ending_date", "Ending Date", values.get("ending_date"))
    if end is not None and end < start:
        raise FieldError("ending_date", "Ending Date must not be before Starting Date.")
    code = value_rules.code("contact_alt_address_code", "Contact Alt. Address Code",
                            values.get("contact_alt_address_code"), 10)
    if not code:
        raise FieldError("contact_alt_address_code", "Contact Alt. Address Code must have a value.")
    if (no, code) not in alt_codes:
        raise FieldError("contact_alt_address_code", f"Contact {no} has no alternative address {code}.")
    return {"starting_date": start, "ending_date": end, "contact_alt_address_code": code}


def save_date_range(contact: str, key: dt.date | None, values: Mapping) -> dt.date:
    """Create (key None) or change one of the contact's date ranges; its Starting Date."""
    r = ContactAltAddrDateRange
    with db.atomic():
        no, _type, _company = contact_no(contact, ContactsSeen())
        v = check_date_range(no, values if key is None else {**values, "starting_date": key},
                             alt_address_codes([no]))
        mine = (r.contact == no) & (r.starting_date == v["starting_date"])
        if key is None:
            if r.select().where(mine).exists():
                raise FieldError("starting_date", f"Contact {no} already has a date range from "
                                                  f"{v['starting_date'].isoformat()}.")
            r.insert(contact=no, **v).execute()
        elif not r.update(ending_date=v["ending_date"],
                          contact_alt_address_code=v["contact_alt_address_code"]).where(mine).execute():
            raise UserError(f"Contact {no}: the date range from {key} no longer exists.")
    return v["starting_date"]


def delete_date_range(contact: str, starting_date: dt.date) -> None:
    r = ContactAltAddrDateRange
    with db.atomic():
        r.delete().where((r.contact == contact) & (r.starting_date == starting_date)).execute()
