"""The merge field names Relman knows (SPEC 5.1) and the values of many recipients.

Two families of names, one catalogue:

* Word templates over "Interaction Merge Data": ``ID``, ``Contact No.``,
  ``Salesperson Code``, ``Log Entry Number``; ``CONTA_<contact field caption>``
  (``CONTA_Name``, ``CONTA_Post Code``, ``CONTA_E-Mail`` …),
  ``CONTA_CALC_Formal Salutation``, ``CONTA_CALC_Informal Salutation``;
  ``SALES_<salesperson caption>``; ``COMPA_<Company Information caption>``.
* Legacy Word attachments: ``Contact Mail Address`` (the formatted postal address,
  from the alternative address active on the date when there is one), ``Contact
  Name`` …, ``Formal Salutation``, ``Salesperson/Purchaser Name`` …, ``Document
  Date`` …, ``Company Information Name`` …, ``FaxMailTo``, ``Entry No.``.

Names match case-insensitively, ignoring spaces, underscores, hyphens, dots and
slashes (``"CONTA_Post Code"``, ``conta_postcode``, ``Contact E-Mail`` and
``Contact Email`` are found alike).

``Values(keys)`` loads what the template needs for a list of recipients in a few
queries per 500 recipients (contacts, their alternative addresses, salespeople;
Company Information, countries and salutation formulas once) and gives each
recipient's raw values (text, dates, numbers) by key.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from models.base import context
from models.base.enums import ContactType, CorrespondenceType
from models.merge.format import language_from_lcid, language_key
from models.merge.merge_settings import office_locale

# ---------------------------------------------------------------- recipients


@dataclass
class Recipient:
    """One letter's data row (SPEC 1.18): a contact, a salesperson and the document's fields.

    ``alt_address_code`` None means "the alternative address active on ``date``";
    '' means none. ``line_no`` is the segment line (also the Entry No. of a preview).
    """

    contact_no: str
    salesperson_code: str = ""
    date: dt.date | None = None
    subject: str = ""
    description: str = ""
    segment_no: str = ""
    campaign_no: str = ""
    entry_no: int = 0
    language_code: str = ""
    correspondence_type: CorrespondenceType = CorrespondenceType.BLANK
    alt_address_code: str | None = None
    line_no: int = 0


# ---------------------------------------------------------------- the catalogue

CONTACT_COLUMNS = (
    "no", "name", "name_2", "search_name", "type", "company", "company_name", "first_name", "middle_name",
    "surname", "initials", "job_title", "address", "address_2", "post_code", "city", "county", "country",
    "phone_no", "mobile_phone_no", "fax_no", "e_mail", "home_page", "vat_registration_no", "salutation",
    "language", "salesperson", "territory_code", "exclude_from_segment", "correspondence_type",
    "privacy_blocked",
)
# CONTA_<caption> -> contact column
CONTACT_CAPTIONS = {
    "No.": "no", "Name": "name", "Name 2": "name_2", "Search Name": "search_name", "Type": "type",
    "Company No.": "company", "Company Name": "company_name", "First Name": "first_name",
    "Middle Name": "middle_name", "Surname": "surname", "Initials": "initials", "Job Title": "job_title",
    "Address": "address", "Address 2": "address_2", "Post Code": "post_code", "City": "city",
    "County": "county", "Country/Region Code": "country", "Phone No.": "phone_no",
    "Mobile Phone No.": "mobile_phone_no", "Fax No.": "fax_no", "E-Mail": "e_mail", "Home Page": "home_page",
    "VAT Registration No.": "vat_registration_no", "Salutation Code": "salutation",
    "Language Code": "language", "Salesperson Code": "salesperson", "Territory Code": "territory_code",
    "Exclude from Segment": "exclude_from_segment", "Correspondence Type": "correspondence_type",
    "Privacy Blocked": "privacy_blocked",
}
# legacy "Contact <caption>" -> contact column
LEGACY_CONTACT = {
    "No.": "no", "Company Name": "company_name", "Name": "name", "Name 2": "name_2", "Address": "address",
    "Address 2": "address_2", "Post Code": "post_code", "City": "city", "County": "county",
    "Job Title": "job_title", "Phone No.": "phone_no", "Fax No.": "fax_no", "Email": "e_mail",
    "Mobile Phone No.": "mobile_phone_no", "VAT Registration No.": "vat_registration_no",
    "Home Page": "home_page",
}
SALES_COLUMNS = ("code", "name", "e_mail", "job_title", "phone_no")
SALES_CAPTIONS = {"Code": "code", "Name": "name", "E-Mail": "e_mail", "Job Title": "job_title",
                  "Phone No.": "phone_no"}
LEGACY_SALES = {"Code": "code", "Name": "name", "Job Title": "job_title", "Phone No.": "phone_no",
                "Email": "e_mail"}
COMPANY_CAPTIONS = {
    "Name": "name", "Name 2": "name_2", "Address": "address", "Address 2": "address_2",
    "Post Code": "post_code", "City": "city", "County": "county", "Country/Region Code": "country_region_code",
    "Phone No.": "phone_no", "Fax No.": "fax_no", "E-Mail": "e_mail", "Home Page": "home_page",
    "VAT Registration No.": "vat_registration_no", "Registration No.": "registration_no",
    "Bank Name": "bank_name", "Bank Branch No.": "bank_branch_no", "Bank Account No.": "bank_account_no",
    "Giro No.": "giro_no", "IBAN": "iban", "SWIFT Code": "swift_code",
}
DOCUMENT_FIELDS = {"Date": "date", "Campaign No.": "campaign_no", "Segment No.": "segment_no",
                   "Description": "description", "Subject": "subject"}

FORMAL, INFORMAL = "Formal Salutation", "Informal Salutation"
MAIL_ADDRESS = "Contact Mail Address"


@dataclass(frozen=True)
class FieldDef:
    """A known field: its canonical name, where its value comes from, and how."""

    name: str
    source: str  # "contact", "sales", "company", "recipient", "calc"
    column: str = ""  # the column (contact, sales, company) or recipient attribute, or calc name


def _catalogue() -> list[FieldDef]:
    defs = [
        FieldDef("ID", "calc", "id"),
        FieldDef("Contact No.", "recipient", "contact_no"),
        FieldDef("Salesperson Code", "recipient", "salesperson_code"),
        FieldDef("Log Entry Number", "calc", "entry_no"),
        FieldDef("Entry No.", "calc", "entry_no"),
    ]
    defs += [FieldDef(f"CONTA_{caption}", "contact", column) for caption, column in CONTACT_CAPTIONS.items()]
    defs += [FieldDef("CONTA_CALC_Formal Salutation", "calc", "formal_contact"),
             FieldDef("CONTA_CALC_Informal Salutation", "calc", "informal_contact")]
    defs += [FieldDef(f"SALES_{caption}", "sales", column) for caption, column in SALES_CAPTIONS.items()]
    defs += [FieldDef(f"COMPA_{caption}", "company", column) for caption, column in COMPANY_CAPTIONS.items()]
    defs += [FieldDef(MAIL_ADDRESS, "calc", "mail_address")]
    defs += [FieldDef(f"Contact {caption}", "contact", column) for caption, column in LEGACY_CONTACT.items()
             if caption != "No."]
    defs += [FieldDef("Contact Country/Region Name", "calc", "contact_country_name"),
             FieldDef(FORMAL, "calc", "formal"), FieldDef(INFORMAL, "calc", "informal")]
    defs += [FieldDef(f"Salesperson/Purchaser {caption}", "sales", column)
             for caption, column in LEGACY_SALES.items()]
    defs += [FieldDef(f"Document {caption}", "recipient", attr) for caption, attr in DOCUMENT_FIELDS.items()]
    defs += [FieldDef(f"Company Information {caption}", "company", column)
             for caption, column in COMPANY_CAPTIONS.items()]
    defs += [FieldDef("Company Information Country/Region Name", "calc", "company_country_name"),
             FieldDef("FaxMailTo", "calc", "fax_mail_to")]
    return defs


_IGNORED = re.compile(r"[\s_\-./\\'\"«»]+")


def normalize(name: str) -> str:
    """The matching form of a field name: lower case without spaces, _ - . / or quotes."""
    return _IGNORED.sub("", name or "").casefold()


CATALOGUE: dict[str, FieldDef] = {}
_BY_NORMAL: dict[str, FieldDef] = {}
for _def in _catalogue():
    CATALOGUE[_def.name] = _def
    _BY_NORMAL.setdefault(normalize(_def.name), _def)


def resolve(name: str) -> str | None:
    """The canonical name of a field Relman knows, or None."""
    found = _BY_NORMAL.get(normalize(name))
    return found.name if found is not None else None


def known_fields() -> list[str]:
    """Every field name Relman fills, canonical spelling, catalogue order."""
    return list(CATALOGUE)


# ---------------------------------------------------------------- salutations and addresses

_DEFAULT_SALUTATIONS = {  # lang: (formal person, formal company, informal person, informal company)
    "en": ("Dear {name},", "Dear Sir or Madam,", "Hello {first},", "Hello,"),
    "de": ("Guten Tag {name},", "Sehr geehrte Damen und Herren,", "Hallo {first},", "Guten Tag,"),
    "fr": ("Bonjour {name},", "Madame, Monsieur,", "Bonjour {first},", "Bonjour,"),
    "nl": ("Geachte {name},", "Geachte heer, mevrouw,", "Beste {first},", "Beste relatie,"),
    "es": ("Estimado/a {name}:", "Estimados señores:", "Hola, {first}:", "Hola:"),
    "it": ("Gentile {name},", "Spettabile ditta,", "Ciao {first},", "Salve,"),
}
_NAME_PARTS = {"job title": "job_title", "first name": "first_name", "middle name": "middle_name",
               "surname": "surname", "initials": "initials", "company name": "company_name", "name": "name"}


def salutation_text(formula: tuple | None, contact: dict, formal: bool, lang: str) -> str:
    """A salutation from a formula (text, name_1..name_5) for a contact; the language's
    default when there is no formula. A formula whose name parts are all blank for the
    contact takes the contact's Name for %1 (so "Dear Mr. %1," never becomes "Dear Mr.,")."""
    is_person = contact.get("type") == ContactType.PERSON
    if formula is None:
        defaults = _DEFAULT_SALUTATIONS.get(lang.split("_")[0], _DEFAULT_SALUTATIONS["en"])
        name = (contact.get("name") or "").strip()
        first = (contact.get("first_name") or "").strip() or name
        if not is_person or not name:
            return defaults[1] if formal else defaults[3]
        return (defaults[0] if formal else defaults[2]).format(name=name, first=first)
    text, *names = formula
    values = [(contact.get(_NAME_PARTS.get((n or "").strip().lower(), ""), "") or "").strip() for n in names]
    used = [i for i in range(5) if f"%{i + 1}" in text]
    if used and not any(values[i] for i in used) and contact.get("name"):
        values = [contact.get("name") or ""] + [""] * 4
    for i in range(5, 0, -1):
        text = text.replace(f"%{i}", values[i - 1])
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.:;!?])", r"\1", text)


def city_line(country: str, post_code: str, city: str, county: str) -> list[str]:
    post_code, city, county = (post_code or "").strip(), (city or "").strip(), (county or "").strip()
    if country == "US":
        head = ", ".join(p for p in (city, county) if p)
        return [" ".join(p for p in (head, post_code) if p)] if (head or post_code) else []
    if country == "GB":
        return [p for p in (city, post_code) if p]
    line = " ".join(p for p in (post_code, city) if p)
    return [line] if line else []


def mail_address(contact: dict, alt: dict | None, countries: dict, home_country: str) -> str:
    """The contact's postal address as lines (Business Central's ContactAddrAlt): the
    company and person names, street, city line by country, and the country name when
    it is not our own. '' when the address has no street, post code or city."""
    source = alt if alt is not None else contact
    if not any((source.get(k) or "").strip() for k in ("address", "address_2", "post_code", "city")):
        return ""
    name = (contact.get("name") or "").strip()
    lines: list[str] = []
    if alt is not None:
        company = (alt.get("company_name") or "").strip()
        lines += [company] if company else []
        if name and name != company:
            lines.append(name)
    elif contact.get("type") == ContactType.PERSON and (contact.get("company_name") or "").strip():
        lines += [contact["company_name"].strip(), name]
    else:
        lines += [name, (contact.get("name_2") or "").strip()]
    country = source.get("country") or ""
    lines += [(source.get("address") or "").strip(), (source.get("address_2") or "").strip()]
    lines += city_line(country, source.get("post_code"), source.get("city"), source.get("county"))
    if country and country != home_country:
        lines.append(countries.get(country) or country)
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- loading values

_CHUNK = 500


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Row:
    """The data of one recipient and its lazily computed values."""

    __slots__ = ("recipient", "contact", "sales", "values", "alt", "lang")

    def __init__(self, recipient: Recipient, contact: dict, sales: dict, alt: dict | None, lang: str):
        self.recipient = recipient
        self.contact = contact
        self.sales = sales
        self.alt = alt
        self.lang = lang
        self.values: dict = {}

    @property
    def name(self) -> str:
        return self.contact.get("name") or ""


class Values:
    """Loads, for the fields named by ``keys``, what the recipients' values need."""

    def __init__(self, keys: Iterable[str]):
        from models.tables.contacts import CompanyInformation, CountryRegion
        from models.tables.setup import MarketingSetup

        self.keys = [k for k in dict.fromkeys(keys) if k in CATALOGUE]
        defs = [CATALOGUE[k] for k in self.keys]
        calcs = {d.column for d in defs if d.source == "calc"}
        self.need_alt = bool(calcs & {"mail_address", "fax_mail_to"})
        self.need_sales = any(d.source == "sales" for d in defs)
        self.need_formulas = bool(calcs & {"formal", "informal", "formal_contact", "informal_contact"})
        company = CompanyInformation.select().order_by(CompanyInformation.id).first()
        self.company = company.__data__ if company is not None else {}
        self.countries = {code: name for code, name in CountryRegion.select(
            CountryRegion.code, CountryRegion.name).tuples()}
        self.home_country = self.company.get("country_region_code") or ""
        setup = (MarketingSetup.select(MarketingSetup.mergefield_language_id,
                                       MarketingSetup.def_company_salutation,
                                       MarketingSetup.default_person_salutation,
                                       MarketingSetup.default_language)
                 .order_by(MarketingSetup.id).tuples().first())
        lcid, company_sal, person_sal, default_language = setup or (0, None, None, None)
        self.setup_lang = language_from_lcid(lcid)
        self.office = office_locale()  # number pictures use the office's separators
        self.default_salutation = {ContactType.COMPANY: company_sal or "", ContactType.PERSON: person_sal or ""}
        self.default_language = default_language or ""
        self.formulas: dict = {}
        if self.need_formulas:
            from models.tables.contacts import SalutationFormula as F

            for sal, lang, formal, *formula in F.select(
                    F.salutation, F.language, F.formal, F.salutation_text, F.name_1, F.name_2, F.name_3,
                    F.name_4, F.name_5).tuples():
                self.formulas[(sal, lang or "", bool(formal))] = tuple(formula)
        self._sales_cache: dict[str, dict] = {}

    # -- loading per chunk

    def rows(self, recipients: Iterable[Recipient]) -> Iterator[Row]:
        """One Row per recipient, in order; a recipient whose contact is missing gets empty contact data."""
        batch: list[Recipient] = []
        for recipient in recipients:
            batch.append(recipient)
            if len(batch) >= _CHUNK:
                yield from self._rows(batch)
                batch = []
        if batch:
            yield from self._rows(batch)

    def _rows(self, batch: list[Recipient]) -> Iterator[Row]:
        from models.tables.contacts import Contact

        numbers = list({r.contact_no for r in batch if r.contact_no})
        columns = [getattr(Contact, c) for c in CONTACT_COLUMNS]
        contacts = {}
        for values in Contact.select(*columns).where(Contact.no.in_(numbers)).tuples():
            contacts[values[0]] = dict(zip(CONTACT_COLUMNS, values))
        sales = self._load_sales({r.salesperson_code for r in batch if r.salesperson_code})
        alt_codes, alt_rows = self._load_alt(batch, contacts) if self.need_alt else ({}, {})
        for recipient in batch:
            contact = contacts.get(recipient.contact_no) or {"no": recipient.contact_no}
            alt = None
            if self.need_alt:
                code = alt_codes.get(id(recipient), "")
                alt = alt_rows.get((recipient.contact_no, code)) if code else None
            lang = (language_key(recipient.language_code) if recipient.language_code
                    else self.setup_lang or language_key(contact.get("language") or self.default_language))
            yield Row(recipient, contact, sales.get(recipient.salesperson_code, {}), alt, lang)

    def _load_sales(self, codes: set[str]) -> dict:
        missing = [c for c in codes if c not in self._sales_cache]
        if missing and self.need_sales:
            from models.tables.contacts import Salesperson

            columns = [getattr(Salesperson, c) for c in SALES_COLUMNS]
            for values in Salesperson.select(*columns).where(Salesperson.code.in_(missing)).tuples():
                self._sales_cache[values[0]] = dict(zip(SALES_COLUMNS, values))
        return self._sales_cache

    def _load_alt(self, batch: list[Recipient], contacts: dict) -> tuple[dict, dict]:
        from models.tables.contacts import ContactAltAddrDateRange as R
        from models.tables.contacts import ContactAltAddress as A

        numbers = list(contacts)
        ranges: dict[str, list] = {}
        for contact, start, end, code in (R.select(R.contact, R.starting_date, R.ending_date,
                                                   R.contact_alt_address_code)
                                          .where(R.contact.in_(numbers)).tuples()):
            ranges.setdefault(contact, []).append((start, end, code))
        codes = {}
        for recipient in batch:
            code = recipient.alt_address_code
            if code is None:
                on = recipient.date or context.work_date()
                active = [(start, c) for start, end, c in ranges.get(recipient.contact_no, ())
                          if start <= on and (end is None or end >= on)]
                code = max(active)[1] if active else ""
            codes[id(recipient)] = code or ""
        columns = ("contact", "code", "company_name", "address", "address_2", "post_code", "city", "county",
                   "country", "phone_no", "fax_no", "e_mail")
        rows = {}
        wanted = {c for c in codes.values() if c}
        if wanted:
            for values in (A.select(*[getattr(A, c) for c in columns])
                           .where(A.contact.in_(numbers) & A.code.in_(list(wanted))).tuples()):
                rows[(values[0], values[1])] = dict(zip(columns, values))
        return codes, rows

    # -- values

    def value(self, row: Row, key: str):
        """The raw value of a field for a row (text, date, number, bool or None)."""
        values = row.values
        if key in values:
            return values[key]
        definition = CATALOGUE[key]
        source = definition.source
        if source == "contact":
            value = row.contact.get(definition.column)
            if definition.column in ("type", "correspondence_type") and value is not None:
                value = value.label
        elif source == "sales":
            value = row.sales.get(definition.column)
        elif source == "company":
            value = self.company.get(definition.column)
        elif source == "recipient":
            value = getattr(row.recipient, definition.column)
        else:
            value = self._calc(row, definition.column)
        values[key] = value
        return value

    def _calc(self, row: Row, name: str):
        r = row.recipient
        if name == "entry_no":
            return (r.entry_no or r.line_no) or None
        if name == "id":
            return str(uuid.uuid5(uuid.NAMESPACE_URL, f"relman:{r.segment_no}:{r.line_no}:{r.entry_no}:"
                                                      f"{r.contact_no}"))
        if name == "mail_address":
            return mail_address(row.contact, row.alt, self.countries, self.home_country)
        if name == "contact_country_name":
            code = row.contact.get("country") or ""
            return self.countries.get(code, "") if code else ""
        if name == "company_country_name":
            code = self.home_country
            return self.countries.get(code, "") if code else ""
        if name == "fax_mail_to":
            if r.correspondence_type != CorrespondenceType.EMAIL:
                return ""
            if row.alt is not None and (row.alt.get("e_mail") or "").strip():
                return row.alt["e_mail"]
            return row.contact.get("e_mail") or ""
        formal = name.startswith("formal")
        if name.endswith("_contact"):  # CONTA_CALC_: the contact's language first
            order = [row.contact.get("language") or "", r.language_code]
        else:  # legacy: the letter's language first
            order = [r.language_code, row.contact.get("language") or ""]
        return self.salutation(row.contact, formal, order, row.lang)

    def salutation(self, contact: dict, formal: bool, languages: list[str], lang: str) -> str:
        code = contact.get("salutation") or self.default_salutation.get(contact.get("type"), "")
        formula = None
        if code:
            for language in [*languages, "", self.default_language]:
                if language is None:
                    continue
                formula = self.formulas.get((code, language, formal))
                if formula is not None:
                    break
        return salutation_text(formula, contact, formal, lang)
