"""Word templates for merge tests, built the way Word writes them.

``letter_template()`` holds, in one document: simple fields (``w:fldSimple``),
complex fields whose instruction Word split over runs *and* over several
``w:instrText`` elements of one run (with spell-check marks and a bookmark inside
the field), a result in two differently formatted runs, fields in a table, in the
default and the first-page header and in the footer, a field with no ``separate``
(never updated), an IF field around a MERGEFIELD, a custom paragraph style, and
rsid / paraId attributes.
"""

from __future__ import annotations

import io

from models.merge.docx_fields import add_complex_field, add_simple_field, document_bytes

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"')


def _xml(fragment: str):
    from docx.oxml import parse_xml

    return parse_xml(fragment.replace("<w:p>", f"<w:p {NS}>", 1) if fragment.startswith("<w:p>") else fragment)


def raw_paragraph(document, xml: str):
    """Append a paragraph given as Word XML (without namespace declarations)."""
    paragraph = document.add_paragraph()
    element = _xml(xml.replace("<w:p", f"<w:p {NS}", 1))
    paragraph._p.addprevious(element)
    paragraph._p.getparent().remove(paragraph._p)
    return element


def word_split_field(name: str, switches: str = r"\* MERGEFORMAT", bold: bool = True) -> str:
    """A complex field as Word stores it after edits: the instruction cut inside the
    keyword and inside the quoted name, two instrText in one run, proofErr marks between
    runs, a result in two runs (the first bold italic) and a bookmark before the end."""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else "<w:rPr/>"
    quoted = f'"{name}"' if " " in name else name
    cut = max(2, len(quoted) // 2)
    return (
        f'<w:r w:rsidR="00B2C3D4">{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> MERGE</w:instrText>'
        f'<w:instrText xml:space="preserve">FIELD {quoted[:cut]}</w:instrText></w:r>'
        '<w:proofErr w:type="spellStart"/>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve">{quoted[cut:]}</w:instrText></w:r>'
        '<w:proofErr w:type="spellEnd"/>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> {switches} </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:rPr><w:b/><w:i/><w:noProof/></w:rPr><w:t>\u00ab' + name[:3] + '</w:t></w:r>'
        '<w:r><w:rPr><w:noProof/></w:rPr><w:t>' + name[3:] + '\u00bb</w:t></w:r>'
        '<w:bookmarkStart w:id="7" w:name="_GoBack"/><w:bookmarkEnd w:id="7"/>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def simple(name: str, switches: str = r"\* MERGEFORMAT") -> str:
    quoted = f'"{name}"' if " " in name else name
    instr = f" MERGEFIELD {quoted} {switches} ".replace('"', "&quot;")
    return (f'<w:fldSimple w:instr="{instr}"><w:r><w:rPr><w:noProof/></w:rPr>'
            f'<w:t>\u00ab{name}\u00bb</w:t></w:r></w:fldSimple>')


def text(value: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{value}</w:t></w:r>'


def paragraph(*pieces: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p w:rsidR="00A1B2C3" w14:paraId="1A2B3C4D">{ppr}{"".join(pieces)}</w:p>'


def new_document():
    from docx import Document

    return Document()


def letter_template() -> bytes:
    """The test letter: Word-style fields everywhere (see the module docstring)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    doc = new_document()
    style = doc.styles.add_style("Relman Letter", WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(13)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    add_simple_field(section.first_page_header.paragraphs[0], "COMPA_Name")
    head = section.header.paragraphs[0]
    head.add_run("Page header for ")
    add_complex_field(head, "CONTA_Name", split=True)
    foot = section.footer.paragraphs[0]
    foot.add_run("Footer ")
    add_simple_field(foot, "COMPA_Phone No.")
    foot2 = section.first_page_footer.paragraphs[0]
    add_complex_field(foot2, "SALES_Name")

    raw_paragraph(doc, paragraph(simple("CONTA_Company Name")))
    raw_paragraph(doc, paragraph(word_split_field("CONTA_Name")))
    raw_paragraph(doc, paragraph(simple("CONTA_Address")))
    raw_paragraph(doc, paragraph(word_split_field("CONTA_Post Code", bold=False), text(" "),
                                 simple("CONTA_City")))
    raw_paragraph(doc, paragraph(word_split_field("CONTA_CALC_Formal Salutation", bold=False),
                                 style="RelmanLetter"))
    p = doc.add_paragraph("Thank you, ")
    add_complex_field(p, "CONTA_First Name", switches=r"\* Upper")
    p.add_run(". Kind regards from ")
    add_simple_field(p, "COMPA_Name")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Your contact"
    add_complex_field(table.cell(0, 1).paragraphs[0], "SALES_Name", split=True)
    table.cell(1, 0).text = "E-mail"
    add_simple_field(table.cell(1, 1).paragraphs[0], "SALES_E-Mail")
    # a field Word never updated (no separate) and an IF around a MERGEFIELD
    raw_paragraph(doc, paragraph(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> MERGEFIELD CONTA_City \\* Caps </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    raw_paragraph(doc, paragraph(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> MERGEFIELD "CONTA_Job Title" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>«CONTA_Job Title»</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> = "" "" "Job" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t>Job</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    return document_bytes(doc)


def template_with(*paragraphs: str, header: str = "", footer: str = "") -> bytes:
    """A document whose body is the given paragraphs (XML), with optional header/footer paragraphs."""
    doc = new_document()
    section = doc.sections[0]
    if header:
        h = section.header.paragraphs[0]
        h._p.addprevious(_xml(header.replace("<w:p", f"<w:p {NS}", 1)))
        h._p.getparent().remove(h._p)
    if footer:
        f = section.footer.paragraphs[0]
        f._p.addprevious(_xml(footer.replace("<w:p", f"<w:p {NS}", 1)))
        f._p.getparent().remove(f._p)
    for xml in paragraphs:
        raw_paragraph(doc, xml)
    return document_bytes(doc)


def open_docx(content: bytes):
    from docx import Document

    return Document(io.BytesIO(content))


def body_texts(content: bytes) -> list[str]:
    return [p.text for p in open_docx(content).paragraphs]
