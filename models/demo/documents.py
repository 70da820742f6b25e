"""The demo's Word documents: the letter, newsletter and quotation templates in every
language, with MERGEFIELDs in every form Word writes (simple, complex, split across
runs), the same bytes every time. python-docx is imported only when one is built.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from models.demo import words as D


@functools.lru_cache(maxsize=None)
def template_docx(template: str, lang: str) -> bytes:
    """The .docx of a template in a language (the same bytes every time)."""
    if template == "LETTER":
        return _letter(lang)
    if template == "NEWS":
        return _newsletter(lang)
    return _offer(lang)


Piece = str | tuple[str, str]


def _write(paragraph, pieces: Iterable[Piece] | str, bold: bool = False) -> None:
    from models.merge.docx_fields import add_complex_field, add_simple_field

    if isinstance(pieces, str):
        pieces = [pieces]
    for piece in pieces:
        if isinstance(piece, str):
            run = paragraph.add_run(piece)
            run.bold = bold or None
        else:
            form, name = piece
            if form == "simple":
                add_simple_field(paragraph, name, bold=bold)
            else:
                add_complex_field(paragraph, name, split=form == "split", bold=bold)


def _new_document(title: str):
    from docx import Document
    from docx.shared import Pt

    document = Document()
    props = document.core_properties
    fixed = dt.datetime(2020, 1, 1)
    props.author = props.last_modified_by = "Relman"
    props.title = title
    props.created = props.modified = fixed
    props.last_printed = fixed
    props.revision = 1
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    return document


def _head_and_foot(document, header: list[list[Piece]], footer: list[list[Piece]]) -> None:
    section = document.sections[0]
    for container, paragraphs in ((section.header, header), (section.footer, footer)):
        first = True
        for pieces in paragraphs:
            paragraph = container.paragraphs[0] if first else container.add_paragraph()
            first = False
            _write(paragraph, pieces)


def _table(document, rows: list[tuple[str, Piece]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        _write(cells[1].paragraphs[0], [value])


def _letter(lang: str) -> bytes:
    from models.merge.docx_fields import document_bytes

    t = D.LETTER_TEXT[lang]
    doc = _new_document(t["subject"])
    _head_and_foot(
        doc,
        header=[[("simple", "COMPA_Name")],
                [("complex", "COMPA_Address"), ", ", ("split", "COMPA_Post Code"), " ", ("complex", "COMPA_City")]],
        footer=[[("complex", "COMPA_Phone No."), " · ", ("simple", "COMPA_E-Mail"), " · ",
                 ("simple", "COMPA_Home Page")],
                ["VAT ", ("split", "COMPA_VAT Registration No."), " · IBAN ", ("simple", "COMPA_IBAN")]],
    )
    for pieces in ([("simple", "CONTA_Company Name")], [("simple", "CONTA_Name")],
                   [("complex", "CONTA_Address")],
                   [("simple", "CONTA_Post Code"), " ", ("split", "CONTA_City")]):
        _write(doc.add_paragraph(), pieces)
    doc.add_paragraph()
    _write(doc.add_paragraph(), t["subject"], bold=True)
    _write(doc.add_paragraph(), [("split", "CONTA_CALC_Formal Salutation")])
    for pieces in t["body"]:
        _write(doc.add_paragraph(), pieces)
    label_contact, label_mail, label_phone = t["table"]
    _table(doc, [(label_contact, ("simple", "SALES_Name")), (label_mail, ("split", "SALES_E-Mail")),
                 (label_phone, ("complex", "SALES_Phone No."))])
    doc.add_paragraph()
    _write(doc.add_paragraph(), t["closing"])
    doc.add_paragraph()
    _write(doc.add_paragraph(), [("complex", "SALES_Name")])
    _write(doc.add_paragraph(), [("simple", "SALES_Job Title")])
    return document_bytes(doc)


def _newsletter(lang: str) -> bytes:
    from models.merge.docx_fields import document_bytes

    t = D.EMAIL_TEXT[lang]
    doc = _new_document(t["subject"])
    _head_and_foot(
        doc,
        header=[[("simple", "COMPA_Name"), " – ", t["subject"]]],
        footer=[[t["footer"]],
                [("complex", "COMPA_Name"), ", ", ("split", "COMPA_Address"), ", ",
                 ("simple", "COMPA_City")]],
    )
    _write(doc.add_paragraph(), [("split", "CONTA_CALC_Informal Salutation")])
    for pieces in t["body"]:
        _write(doc.add_paragraph(), pieces)
    _write(doc.add_paragraph(), t["closing"])
    _write(doc.add_paragraph(), [("complex", "SALES_Name")])
    _table(doc, [("E-mail", ("simple", "SALES_E-Mail")), ("☎", ("complex", "SALES_Phone No."))])
    return document_bytes(doc)


def _offer(lang: str) -> bytes:
    """A legacy Word attachment: merge fields named "<table caption> <field caption>" (SPEC 5.1, 2)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from models.merge.docx_fields import document_bytes

    t = D.OFFER_TEXT[lang]
    doc = _new_document(t["subject"])
    _head_and_foot(
        doc,
        header=[[("simple", "Company Information Name")],
                [("complex", "Company Information Address"), ", ",
                 ("simple", "Company Information Post Code"), " ", ("split", "Company Information City")]],
        footer=[[("complex", "Company Information Phone No."), " · ",
                 ("simple", "Company Information VAT Registration No.")]],
    )
    _write(doc.add_paragraph(), [("split", "Contact Mail Address")])
    date = doc.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _write(date, [("simple", "Document Date")])
    _write(doc.add_paragraph(), [("split", "Document Subject")], bold=True)
    _write(doc.add_paragraph(), [("complex", "Formal Salutation")])
    for pieces in t["body"]:
        _write(doc.add_paragraph(), pieces)
    label_ref, label_contact, label_sales = t["table"]
    _table(doc, [(label_ref, ("simple", "Document Segment No.")),
                 (label_contact, ("complex", "Contact No.")),
                 (label_sales, ("split", "Salesperson/Purchaser Name"))])
    doc.add_paragraph()
    _write(doc.add_paragraph(), t["closing"])
    _write(doc.add_paragraph(), [("complex", "Salesperson/Purchaser Name")])
    _write(doc.add_paragraph(), [("simple", "Salesperson/Purchaser Job Title")])
    return document_bytes(doc)
