"""The pages of a contact's classifications: Industry Groups, Business Relations, Mailing
Groups and Job Responsibilities with their No. of Contacts, and the contact card's
sub-lists (its groups, relations, responsibilities, alternative addresses and their date
ranges). The rules are models.contacts.links'; registered when models.pages.registry loads.
"""

from __future__ import annotations

from models.contacts import links
from models.pages.records import Column as C
from models.pages.records import Entity, register
from models.tables.contacts import ContactAltAddrDateRange, ContactAltAddress


def _register_codes(kind: links.LinkKind) -> None:
    """The list of a kind's codes: Code, Description, No. of Contacts (counted by SQL per row)."""
    register(Entity(
        name=kind.name,
        title=kind.title,
        model=kind.target,
        search=["code", "description"],
        extra_fields={"no_of_contacts": links.no_of_contacts(kind)},
        columns=[
            C("code", "Code", 10, "code", required=True, insert_only=True),
            C("description", "Description", 40),
            C("no_of_contacts", "No. of Contacts", 8, "int", read_only=True, in_card=False, short="Contacts"),
        ],
        delete=lambda key, parent: links.delete_code(kind.name, key),
    ))


def _register_contact_links(kind: links.LinkKind) -> None:
    """One contact's codes of a kind (the parent is the contact's No.)."""
    link, target = kind.link, kind.target
    register(Entity(
        name=f"contact_{kind.name}",
        title=kind.title,
        model=link,
        scope=lambda query, parent: query.where(link.contact == parent),
        join=lambda query: query.join(target, on=(link.target == target.code)),
        extra_fields={"description": target.description},
        columns=[
            C(kind.code_field, kind.code_caption, 10, "code", required=True, insert_only=True, lookup=kind.name,
              short="Code"),
            C("description", "Description", 40, read_only=True),
        ],
        create=lambda values, confirm, parent: links.add_link(kind.name, parent, values[kind.code_field]),
        update=lambda key, values, confirm, parent: key,  # a link has nothing to change
        delete=lambda key, parent: links.remove_link(kind.name, parent, key),
    ))


for _kind in links.KINDS.values():
    _register_codes(_kind)
    _register_contact_links(_kind)

register(Entity(
    name="contact_alt_addresses",
    title="Alt. Addresses",
    model=ContactAltAddress,
    scope=lambda query, parent: query.where(ContactAltAddress.contact == parent),
    columns=[
        C("code", "Code", 10, "code", required=True, insert_only=True),
        C("company_name", "Company Name", 30, in_list=False),
        C("address", "Address", 24),
        C("address_2", "Address 2", 30, in_list=False),
        C("post_code", "Post Code", 9, "code"),
        C("city", "City", 14),
        C("county", "County", 20, in_list=False),
        C("country_region_code", "Country/Region Code", 6, "code", in_list=False, lookup="countries"),
        C("phone_no", "Phone No.", 20, in_list=False),
        C("fax_no", "Fax No.", 20, in_list=False),
        C("e_mail", "E-Mail", 18),
    ],
    create=lambda values, confirm, parent: links.save_alt_address(parent, None, values),
    update=lambda key, values, confirm, parent: links.save_alt_address(parent, key, values),
    delete=lambda key, parent: links.delete_alt_address(parent, key),
))

register(Entity(
    name="contact_alt_addr_date_ranges",
    title="Alt. Address Date Ranges",
    model=ContactAltAddrDateRange,
    scope=lambda query, parent: query.where(ContactAltAddrDateRange.contact == parent),
    columns=[
        C("starting_date", "Starting Date", 10, "date", required=True, insert_only=True, hint="YYYY-MM-DD",
          short="Starting"),
        C("ending_date", "Ending Date", 10, "date", hint="YYYY-MM-DD (blank: open-ended)", short="Ending"),
        C("contact_alt_address_code", "Contact Alt. Address Code", 12, "code", required=True,
          lookup="contact_alt_addresses", short="Alt. Address"),
    ],
    create=lambda values, confirm, parent: links.save_date_range(parent, None, values),
    update=lambda key, values, confirm, parent: links.save_date_range(parent, key, values),
    delete=lambda key, parent: links.delete_date_range(parent, key),
))
