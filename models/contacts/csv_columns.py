"""A contact's CSV columns, named with Business Central's field captions ("No.",
"Company No.", "Correspondence Type" …): what an import accepts and the contacts
export writes, so a file from Business Central's configuration packages or from Excel
comes in as it is.
"""

from __future__ import annotations

import peewee as pw

# Caption -> the key normalise() reads. Import accepts these; export writes them in this order.
CONTACT_COLUMNS: list[tuple[str, str]] = [
    ("No.", "no"),
    ("Type", "type"),
    ("Name", "name"),
    ("Name 2", "name_2"),
    ("Search Name", "search_name"),
    ("Company No.", "company_no"),
    ("Company Name", "company_name"),
    ("First Name", "first_name"),
    ("Middle Name", "middle_name"),
    ("Surname", "surname"),
    ("Initials", "initials"),
    ("Job Title", "job_title"),
    ("Address", "address"),
    ("Address 2", "address_2"),
    ("Post Code", "post_code"),
    ("City", "city"),
    ("County", "county"),
    ("Country/Region Code", "country_region_code"),
    ("Phone No.", "phone_no"),
    ("Mobile Phone No.", "mobile_phone_no"),
    ("Fax No.", "fax_no"),
    ("E-Mail", "e_mail"),
    ("Home Page", "home_page"),
    ("VAT Registration No.", "vat_registration_no"),
    ("Salutation Code", "salutation_code"),
    ("Language Code", "language_code"),
    ("Salesperson Code", "salesperson_code"),
    ("Territory Code", "territory_code"),
    ("Exclude from Segment", "exclude_from_segment"),
    ("Correspondence Type", "correspondence_type"),
    ("Privacy Blocked", "privacy_blocked"),
]
CONTACT_CAPTIONS = {key: caption for caption, key in CONTACT_COLUMNS}
CONTACT_CAPTIONS_BY_CAPTION = {caption: key for caption, key in CONTACT_COLUMNS}


def field_key(f: pw.Field) -> str:
    """The key a field's value goes by in a row: a foreign key's column id, else its name."""
    return f.object_id_name if isinstance(f, pw.ForeignKeyField) else f.name
