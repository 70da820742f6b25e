"""Creating, changing and deleting contacts: the rules a contact card and an import share."""

from __future__ import annotations

import re
from collections.abc import Mapping

import peewee as pw

from models.base import values as value_rules
from models.base.db import db
from models.base.enums import ContactType, CorrespondenceType
from models.base.errors import FieldError, UserError
from models.tables.contacts import (
    Contact,
    CountryRegion,
    Language,
    Salesperson,
    Salutation,
)
from models.tables.setup import marketing_setup, number_for

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# field -> (model, caption) for codes that must exist
REFERENCES = {
    "salesperson_code": (Salesperson, "Salesperson Code"),
    "language_code": (Language, "Language Code"),
    "salutation_code": (Salutation, "Salutation Code"),
    "country_region_code": (CountryRegion, "Country/Region Code"),
}


class CodeCache:
    """Existing codes of the referenced tables, read once (an import checks many rows)."""

    def __init__(self):
        self._codes: dict[type, set[str]] = {}
        self.companies: dict[str, str] = {}  # company no -> name, filled as needed
        self._setup = None

    def setup(self):
        """Marketing Setup, read once (its defaults apply to every new contact)."""
        if self._setup is None:
            self._setup = marketing_setup()
        return self._setup

    def exists(self, model, code: str) -> bool:
        if model not in self._codes:
            self._codes[model] = {c for (c,) in model.select(model._meta.primary_key).tuples()}
        return code in self._codes[model]

    def company_name(self, no: str) -> str | None:
        if no not in self.companies:
            row = (Contact.select(Contact.name)
                   .where((Contact.no == no) & (Contact.type == ContactType.COMPANY)).tuples().first())
            if row is None:
                return None
            self.companies[no] = row[0]
        return self.companies[no]


def normalise(values: Mapping, cache: CodeCache | None = None, *, new: bool = True) -> dict:
    """Check and complete a contact's values; raise FieldError naming the first wrong field."""
    cache = cache or CodeCache()
    v = {k: (val.strip() if isinstance(val, str) else val) for k, val in values.items()}
    for key in ("no", "company_no", "post_code", "territory_code", *REFERENCES):
        if isinstance(v.get(key), str):
            v[key] = v[key].upper()

    v["type"] = ContactType(value_rules.option("type", "Type", ContactType, v.get("type", ContactType.COMPANY)))

    if not v.get("name"):
        raise FieldError("name", "Name must have a value.")
    if len(v["name"]) > 100:
        raise FieldError("name", "Name is longer than 100 characters.")
    v.setdefault("search_name", "")
    if not v["search_name"]:
        v["search_name"] = v["name"].upper()
    v["search_name"] = v["search_name"].upper()

    v["correspondence_type"] = CorrespondenceType(value_rules.option(
        "correspondence_type", "Correspondence Type", CorrespondenceType, v.get("correspondence_type")))

    email = v.get("e_mail") or ""
    if email and not EMAIL.match(email):
        raise FieldError("e_mail", f"E-Mail '{email}' is not a valid e-mail address.")

    for field, (model, caption) in REFERENCES.items():
        code = v.get(field)
        if code and not cache.exists(model, code):
            raise FieldError(field, f"{caption} '{code}' does not exist.")

    company_no = v.get("company_no") or ""
    if v["type"] == ContactType.COMPANY:
        if company_no and company_no != v.get("no"):
            raise FieldError("company_no", "A company's Company No. is its own No.")
        v["company_name"] = v["name"]
    elif company_no:
        name = cache.company_name(company_no)
        if name is None:
            raise FieldError("company_no", f"Company No. '{company_no}' is not a company contact.")
        v["company_name"] = name
    else:
        v["company_name"] = ""

    if new:
        setup = cache.setup()
        if v["correspondence_type"] == CorrespondenceType.BLANK:
            v["correspondence_type"] = setup.default_correspondence_type
        if not v.get("salesperson_code") and setup.default_salesperson_code:
            v["salesperson_code"] = setup.default_salesperson_code
        if not v.get("language_code") and setup.default_language_code:
            v["language_code"] = setup.default_language_code
        if not v.get("salutation_code"):
            default = (setup.def_company_salutation_code if v["type"] == ContactType.COMPANY
                       else setup.default_person_salutation_code)
            if default:
                v["salutation_code"] = default
    return v


def _columns(v: dict) -> dict:
    """Map field/id names to what Contact accepts."""
    known = {f.name for f in Contact._meta.sorted_fields} | {
        f.object_id_name for f in Contact._meta.refs
    }
    return {k: val for k, val in v.items() if k in known}


def create_contact(values: Mapping) -> Contact:
    """Insert a contact: No. from Contact Nos. unless typed (and manual numbers are allowed)."""
    with db.atomic():
        v = normalise(values, new=True)
        no, _series = number_for("contact_nos", v.get("no", ""))
        if Contact.get_or_none(Contact.no == no) is not None:
            raise FieldError("no", f"Contact {no} already exists.")
        v["no"] = no
        if v["type"] == ContactType.COMPANY:
            v["company_no"] = no
        contact = Contact.create(**_columns(v))
    return contact


def update_contact(no: str, values: Mapping) -> Contact:
    with db.atomic():
        contact = Contact.get_or_none(Contact.no == no)
        if contact is None:
            raise UserError(f"Contact {no} does not exist.")
        merged = {**contact.__data__, **{f.object_id_name: getattr(contact, f.object_id_name)
                                           for f in Contact._meta.refs}, **values, "no": no}
        merged.pop("company", None)
        v = normalise(merged, new=False)
        if contact.type != v["type"] and contact.type == ContactType.COMPANY:
            persons = Contact.select().where((Contact.company == no) & (Contact.no != no)).count()
            if persons:
                raise FieldError("type", f"Company {no} has {persons} persons; it cannot become a person.")
        if v["type"] == ContactType.COMPANY:
            v["company_no"] = no
        for key, val in _columns(v).items():
            setattr(contact, key, val)
        contact.save()
        if v["type"] == ContactType.COMPANY:  # persons show their company's name
            Contact.update(company_name=v["name"]).where(
                (Contact.company == no) & (Contact.type == ContactType.PERSON)).execute()
    return contact


def delete_contact(no: str) -> None:
    with db.atomic():
        contact = Contact.get_or_none(Contact.no == no)
        if contact is None:
            raise UserError(f"Contact {no} does not exist.")
        if contact.type == ContactType.COMPANY:
            persons = Contact.select().where((Contact.company == no) & (Contact.no != no)).count()
            if persons:
                raise UserError(f"Company {no} still has {persons} persons; delete or move them first.")
            Contact.update(company=None).where(Contact.no == no).execute()
        try:
            with db.atomic():
                Contact.delete().where(Contact.no == no).execute()
        except pw.IntegrityError:
            raise UserError(
                f"Contact {no} has interactions or segment lines; it cannot be deleted."
            ) from None
