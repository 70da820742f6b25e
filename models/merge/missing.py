"""How many of a segment's lines lack each merge field's value: the coverage report
before a merge, one aggregate SELECT however many lines (models/merge/letters.py
``coverage`` and models/merge/segment_letters.py ``segment_coverage`` show it).
"""

from __future__ import annotations

import functools
import operator

import peewee as pw

from models.base.enums import CorrespondenceType
from models.merge.fields import CATALOGUE


def _blank(expr):
    return expr.is_null() | (expr == "")


def segment_missing(segment_no: str, keys: set[str]) -> dict[str, int]:
    """How many of a segment's lines with a contact have no value for each catalogue key,
    in one SELECT (a computed salutation always has one)."""
    from models.segments.lookups import get_header
    from models.tables.contacts import (
        CompanyInformation,
        Contact,
        ContactAltAddress,
        CountryRegion,
        Salesperson,
    )
    from models.tables.segments import SegmentLine

    header = get_header(segment_no)
    line = SegmentLine
    c = Contact.alias("c")
    s = Salesperson.alias("s")
    a = ContactAltAddress.alias("a")
    cr = CountryRegion.alias("cr")
    company = CompanyInformation.select().order_by(CompanyInformation.id).first()
    company_data = company.__data__ if company is not None else {}
    expressions: dict[str, object] = {}
    constants: dict[str, bool] = {}
    has_alt = line.contact_alt_address_code != ""
    for key in keys:
        d = CATALOGUE[key]
        if d.source == "contact":
            column = getattr(c, d.column)
            if d.column in ("exclude_from_segment", "privacy_blocked", "type"):
                constants[key] = False
            elif d.column == "correspondence_type":
                expressions[key] = column.is_null() | (column == int(CorrespondenceType.BLANK))
            else:
                expressions[key] = _blank(column)
        elif d.source == "sales":
            expressions[key] = _blank(getattr(s, d.column))
        elif d.source == "company":
            value = company_data.get(d.column)
            constants[key] = value is None or str(value) == ""
        elif d.source == "recipient":
            column = {"contact_no": line.contact, "salesperson_code": line.salesperson_code, "date": line.date,
                      "subject": line.subject, "description": line.description,
                      "campaign_no": line.campaign_no}.get(d.column)
            if column is None:  # segment_no
                constants[key] = False
            elif d.column == "date":
                expressions[key] = column.is_null()
            else:
                expressions[key] = _blank(column)
        elif d.column in ("id", "entry_no", "formal", "informal", "formal_contact", "informal_contact"):
            constants[key] = False
        elif d.column == "mail_address":
            parts = ("address", "address_2", "post_code", "city")
            on_alt = functools.reduce(operator.and_, [_blank(getattr(a, p)) for p in parts])
            on_contact = functools.reduce(operator.and_, [_blank(getattr(c, p)) for p in parts])
            expressions[key] = pw.Case(None, [(has_alt & a.contact.is_null(False), on_alt)], on_contact)
        elif d.column == "contact_country_name":
            expressions[key] = _blank(cr.name)
        elif d.column == "company_country_name":
            code = company_data.get("country_region_code") or ""
            country = CountryRegion.get_or_none(CountryRegion.code == code) if code else None
            constants[key] = country is None or not country.name
        elif d.column == "fax_mail_to":
            email_type = line.correspondence_type == int(CorrespondenceType.EMAIL)
            alt_mail = has_alt & a.contact.is_null(False) & ~_blank(a.e_mail)
            expressions[key] = ~email_type | (~alt_mail & _blank(c.e_mail))
    where = (line.segment == header.no) & line.contact.is_null(False)
    names = list(expressions)
    select = [pw.fn.COUNT(line.line_no)] + [
        pw.fn.SUM(pw.Case(None, [(expressions[k], 1)], 0)) for k in names]
    query = (line.select(*select)
             .join(c, pw.JOIN.LEFT_OUTER, on=(c.no == line.contact))
             .join(s, pw.JOIN.LEFT_OUTER, on=(s.code == line.salesperson_code), src=line)
             .join(a, pw.JOIN.LEFT_OUTER, on=((a.contact == line.contact)
                                             & (a.code == line.contact_alt_address_code)), src=line)
             .join(cr, pw.JOIN.LEFT_OUTER, on=(cr.code == c.country), src=c)
             .where(where))
    row = query.tuples().get()
    total = int(row[0] or 0)
    counts = {k: int(v or 0) for k, v in zip(names, row[1:])}
    for key, missing in constants.items():
        counts[key] = total if missing else 0
    return counts

