"""Mail merge of Word templates (SPEC 5.1; issue 4): fields in every form and place,
switches, both families of names, salutations, addresses, print file, coverage, errors."""

from __future__ import annotations

import datetime as dt
import io
import os
import posixpath
import zipfile
from decimal import Decimal

import pytest

from models.base.enums import CorrespondenceType
from models.base.errors import UserError
from models.merge.docx_fields import document_bytes
from models.merge.format import Switches, format_value, parse_instruction
from models.merge.letters import (
    MergeTemplate,
    Recipient,
    combined_document,
    coverage,
    document_text,
    inspect_template,
    merge_many,
    merge_to_bytes,
)
from models.merge.segment_letters import letter_for_line, segment_recipients
from models.tables.contacts import (
    CompanyInformation,
    ContactAltAddress,
    CountryRegion,
    Salesperson,
    Salutation,
    SalutationFormula,
)
from models.tables.segments import (
    SegmentHeader,
    SegmentInteractionLanguage,
    SegmentLine,
)
from tests.helpers import languages
from tests.models import builders as b
from tests.models import segment_builders as sb
from tests.models.docx_builders import (
    body_texts,
    letter_template,
    new_document,
    open_docx,
    paragraph,
    simple,
    template_with,
    text,
    word_split_field,
)

DATE = dt.date(2026, 3, 5)


# ---------------------------------------------------------------- switches (no database)

def test_instruction_names_and_switches():
    assert parse_instruction(r' MERGEFIELD "Contact Mail Address" \* MERGEFORMAT ') == (
        "Contact Mail Address", Switches())
    name, sw = parse_instruction(r'MERGEFIELD  CONTA_Name \b "Dear " \f "," \* Upper \*Caps')
    assert name == "CONTA_Name" and sw.before == "Dear " and sw.after == "," and sw.case == ("upper", "caps")
    assert parse_instruction(r' MERGEFIELD "Document Date" \@"dd.MM.yyyy" ')[1].date == "dd.MM.yyyy"
    assert parse_instruction(r' MERGEFIELD "Say \"hi\"" ')[0] == 'Say "hi"'
    assert parse_instruction(" PAGE ") is None and parse_instruction(" MERGEFIELDX ") is None


@pytest.mark.parametrize("value, switches, lang, expected", [
    ("anna maria", Switches(case=("upper",)), "en", "ANNA MARIA"),
    ("ANNA", Switches(case=("lower",)), "en", "anna"),
    ("anna maria-luisa", Switches(case=("caps",)), "en", "Anna Maria-Luisa"),
    ("anna maria", Switches(case=("firstcap",)), "en", "Anna maria"),
    (DATE, Switches(date="d MMMM yyyy"), "en", "5 March 2026"),
    (DATE, Switches(date="d. MMMM yyyy"), "de", "5. März 2026"),
    (DATE, Switches(date="dddd d MMMM yyyy"), "fr", "jeudi 5 mars 2026"),
    (DATE, Switches(date="d MMMM yyyy"), "nl", "5 maart 2026"),
    (DATE, Switches(date="d 'de' MMMM 'de' yyyy"), "es", "5 de marzo de 2026"),
    (DATE, Switches(date="dd.MM.yyyy"), "de", "05.03.2026"),
    (DATE, Switches(date="MMMM d, yyyy"), "en", "March 5, 2026"),
    (DATE, Switches(date="MMM d yy"), "de", "Mär 5 26"),
    (DATE, Switches(), "de", "5. März 2026"),
    (dt.datetime(2026, 3, 5, 14, 7), Switches(date="HH:mm h AM/PM"), "en", "14:07 2 PM"),
    ("2026-03-05", Switches(date="d/M/yyyy"), "en", "5/3/2026"),
    (1234.5, Switches(number="#,##0.00"), "en", "1,234.50"),
    (Decimal("7"), Switches(number="000"), "en", "007"),
    (3, Switches(number="0.00 €"), "en", "3.00 €"),
    ("Anna", Switches(before="Dear ", after=","), "en", "Dear Anna,"),
    ("", Switches(before="Dear ", after=","), "en", ""),
    (None, Switches(case=("upper",)), "en", ""),
    (True, Switches(), "de", "Ja"),
])
def test_format_value(value, switches, lang, expected):
    assert format_value(value, switches, lang) == expected


# ---------------------------------------------------------------- data

@pytest.fixture
def people(any_db):
    """Our company, a salesperson, countries, salutations (formal/informal per language, one
    formula without language) and contacts: a company, a German person, a French person
    without formula in her language, a person with no address, a person with alternative
    addresses."""
    CompanyInformation.create(name="Harbour Lane Ltd.", address="12 Harbour Lane", post_code="E14 5AB",
                              city="London", country_region_code="GB", phone_no="+44 20 7946 0000",
                              e_mail="info@harbour.example", iban="GB33BUKB20201555555555")
    CountryRegion.create(code="GB", name="United Kingdom")
    CountryRegion.create(code="DE", name="Germany")
    languages("ENU", "DEU", "FRA")
    Salesperson.create(code="JR", name="Jessica Reed", e_mail="jessica@harbour.example", job_title="Sales Manager",
                       phone_no="+44 20 7946 0100")
    for code in ("MR", "MS", "COMPANY"):
        Salutation.create(code=code)
    SalutationFormula.create(salutation="MR", language="DEU", formal=True, salutation_text="Sehr geehrter Herr %1,",
                             name_1="Surname")
    SalutationFormula.create(salutation="MR", language="DEU", formal=False, salutation_text="Lieber %1,",
                             name_1="First Name")
    SalutationFormula.create(salutation="MR", language="ENU", formal=True, salutation_text="Dear Mr. %1,",
                             name_1="Surname")
    SalutationFormula.create(salutation="MS", language=None, formal=True, salutation_text="Dear Ms. %1 %2,",
                             name_1="First Name", name_2="Surname")
    SalutationFormula.create(salutation="COMPANY", language="ENU", formal=True,
                             salutation_text="Dear Sir or Madam,")
    sb.company("C1", "Müller & Söhne GmbH", address="Hauptstraße 5", post_code="10115", city="Berlin",
               country="DE", e_mail="info@mueller.example", salutation="COMPANY", language="DEU")
    sb.person("P1", "Hans Müller", "C1", first_name="Hans", surname="Müller", salutation="MR", language="DEU",
              address="Hauptstraße 5", post_code="10115", city="Berlin", country="DE", job_title="Einkauf",
              e_mail="hans@mueller.example")
    sb.person("P2", "Claire Dubois", None, first_name="Claire", surname="Dubois", salutation="MS",
              language="FRA", address="3 Rue de Rivoli", post_code="75001", city="Paris")
    sb.person("P3", "Nobody Known", None)
    sb.person("P4", "Tom Baker", None, first_name="Tom", surname="Baker", salutation="MR", language="ENU",
              address="1 High Street", post_code="SW1A 1AA", city="London", country="GB",
              e_mail="tom@home.example")
    ContactAltAddress.create(contact="P4", code="OFFICE", company_name="Baker Ltd.", address="99 Office Road",
                             post_code="M1 1AA", city="Manchester", country="GB", e_mail="tom@office.example")
    sb.alt_address("P4", "OFFICE", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    return any_db


def r(contact_no: str, **values) -> Recipient:
    values.setdefault("salesperson_code", "JR")
    values.setdefault("date", DATE)
    return Recipient(contact_no, **values)


# ---------------------------------------------------------------- the Word-style letter

def test_letter_fields_in_body_tables_headers_and_footers(people):
    """Simple and complex fields (instruction split over runs and instrText elements, with
    proofing marks and a bookmark inside) are replaced in the body, a table, the default and
    first-page headers and footers; the result run's formatting and the style are kept; a
    field never updated (no separate) and a MERGEFIELD inside an IF are filled too."""
    letter = merge_to_bytes(letter_template(), r("P1"))
    doc = open_docx(letter)
    texts = [p.text for p in doc.paragraphs]
    assert texts[:7] == [
        "Müller & Söhne GmbH", "Hans Müller", "Hauptstraße 5", "10115 Berlin",
        "Sehr geehrter Herr Müller,", "Thank you, HANS. Kind regards from Harbour Lane Ltd.", "Berlin"]
    name_run = doc.paragraphs[1].runs[0]
    assert (name_run.text, name_run.bold, name_run.italic) == ("Hans Müller", True, True)
    assert doc.paragraphs[4].style.name == "Relman Letter"
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Your contact", "Jessica Reed"]
    assert [c.text for c in table.rows[1].cells] == ["E-mail", "jessica@harbour.example"]
    section = doc.sections[0]
    assert section.first_page_header.paragraphs[0].text == "Harbour Lane Ltd."
    assert section.header.paragraphs[0].text == "Page header for Hans Müller"
    assert section.footer.paragraphs[0].text == "Footer +44 20 7946 0000"
    assert section.first_page_footer.paragraphs[0].text == "Jessica Reed"
    xml = zipfile.ZipFile(io.BytesIO(letter)).read("word/document.xml").decode()
    assert "MERGEFIELD CONTA_" not in xml and "«" not in xml
    assert "Einkauf" in xml  # the IF's nested MERGEFIELD became its value (in the instruction)


def test_letter_is_a_clean_zip_that_reuses_the_templates_compressed_members(people):
    template = letter_template()
    letter = merge_to_bytes(template, r("P2"))
    src, out = zipfile.ZipFile(io.BytesIO(template)), zipfile.ZipFile(io.BytesIO(letter))
    assert out.testzip() is None
    assert [i.filename for i in out.infolist()] == [i.filename for i in src.infolist()]
    styles_in, styles_out = src.getinfo("word/styles.xml"), out.getinfo("word/styles.xml")
    assert (styles_in.CRC, styles_in.compress_size) == (styles_out.CRC, styles_out.compress_size)
    assert out.read("word/styles.xml") == src.read("word/styles.xml")


def test_legacy_names_mail_address_document_fields_and_fax_mail_to(people):
    """Legacy attachment names (SPEC 5.1, 2): the mail address as lines (Word line breaks),
    the document fields (date in the merge language), salesperson, company information,
    FaxMailTo only for Email, Entry No. = the line number of a preview."""
    names = ["Contact Mail Address", "Contact No.", "Contact Name", "Contact Company Name", "Contact Email",
             "Contact Country/Region Name", "Formal Salutation", "Informal Salutation",
             "Salesperson/Purchaser Name", "Salesperson/Purchaser Email", "Document Date", "Document Subject",
             "Document Description", "Document Segment No.", "Document Campaign No.",
             "Company Information Name", "Company Information Country/Region Name", "FaxMailTo", "Entry No."]
    template = template_with(*[paragraph(text(n + ": "), simple(n)) for n in names])
    letter = merge_to_bytes(template, r("P1", subject="Angebot", description="Frühjahr", segment_no="SEG01",
                                        campaign_no="CP1", language_code="DEU", line_no=20000,
                                        correspondence_type=CorrespondenceType.EMAIL))
    values = dict(t.split(": ", 1) for t in body_texts(letter) if ": " in t)
    assert values["Contact Mail Address"] == "Müller & Söhne GmbH\nHans Müller\nHauptstraße 5\n10115 Berlin\nGermany"
    assert (values["Contact No."], values["Contact Name"], values["Contact Company Name"]) == (
        "P1", "Hans Müller", "Müller & Söhne GmbH")
    assert values["Contact Email"] == values["FaxMailTo"] == "hans@mueller.example"
    assert values["Contact Country/Region Name"] == "Germany"
    assert (values["Formal Salutation"], values["Informal Salutation"]) == ("Sehr geehrter Herr Müller,",
                                                                             "Lieber Hans,")
    assert (values["Salesperson/Purchaser Name"], values["Salesperson/Purchaser Email"]) == (
        "Jessica Reed", "jessica@harbour.example")
    assert values["Document Date"] == "5. März 2026"
    assert (values["Document Subject"], values["Document Description"], values["Document Segment No."],
            values["Document Campaign No."]) == ("Angebot", "Frühjahr", "SEG01", "CP1")
    assert (values["Company Information Name"], values["Company Information Country/Region Name"]) == (
        "Harbour Lane Ltd.", "United Kingdom")
    assert values["Entry No."] == "20000"
    xml = zipfile.ZipFile(io.BytesIO(letter)).read("word/document.xml").decode()
    assert "Hans Müller</w:t><w:br/><w:t" in xml  # a multi-line value is broken in Word, not in text
    hard_copy = merge_to_bytes(template, r("P1", correspondence_type=CorrespondenceType.HARD_COPY))
    assert "FaxMailTo: " in body_texts(hard_copy)  # empty for Hard Copy


def test_names_match_without_case_quotes_or_spacing(people):
    template = template_with(
        paragraph(simple("conta_post code")), paragraph(simple("CONTA_E-MAIL")), paragraph(simple("Contact E-Mail")),
        paragraph(simple("contact_mail_address")), paragraph(simple("COMPA_IBAN")), paragraph(simple("SALES_Name")))
    texts = body_texts(merge_to_bytes(template, r("P2")))
    assert texts == ["75001", "", "", "Claire Dubois\n3 Rue de Rivoli\n75001 Paris", "GB33BUKB20201555555555",
                     "Jessica Reed"]
    info = inspect_template(template)
    assert [f.known for f in info.fields] == ["CONTA_Post Code", "CONTA_E-Mail", "Contact Email",
                                              "Contact Mail Address", "COMPA_IBAN", "SALES_Name"]


def test_switches_in_a_template(people):
    template = template_with(
        paragraph(word_split_field("CONTA_Name", r"\* Upper \* MERGEFORMAT")),
        paragraph(simple("CONTA_City", r"\* Lower")),
        paragraph(simple("Contact Name", r"\* Caps")),
        paragraph(simple("Document Subject", r"\* FirstCap")),
        paragraph(simple("Document Date", r'\@ "dddd, d MMMM yyyy"')),
        paragraph(simple("Document Date", r'\@ "dd.MM.yyyy"')),
        paragraph(simple("CONTA_Job Title", r'\b "Job: " \f " (title)"')),
        paragraph(simple("CONTA_Job Title", r'\b "Job: "')),
        paragraph(simple("Entry No.", r'\# "#,##0.00"')),
    )
    fr = body_texts(merge_to_bytes(template, r("P2", subject="une offre", language_code="FRA", line_no=10000)))
    assert fr == ["CLAIRE DUBOIS", "paris", "Claire Dubois", "Une offre", "jeudi, 5 mars 2026", "05.03.2026",
                  "", "", "10,000.00"]
    de = body_texts(merge_to_bytes(template, r("P1", language_code="DEU")))
    assert de[4] == "Donnerstag, 5 März 2026" and de[6:8] == ["Job: Einkauf (title)", "Job: Einkauf"]
    nl = body_texts(merge_to_bytes(template, r("P1", language_code="NLD")))
    assert nl[4] == "donderdag, 5 maart 2026"
    es = body_texts(merge_to_bytes(template, r("P1", language_code="ESP")))
    assert es[4] == "jueves, 5 marzo 2026"


def test_salutations_per_language_and_fallbacks(people):
    """Formal/informal from the contact's salutation code and language; CONTA_CALC uses the
    contact's language first, the legacy names the letter's; a formula without language is
    the next choice, then a default in the letter's language."""
    template = template_with(paragraph(simple("CONTA_CALC_Formal Salutation")),
                             paragraph(simple("CONTA_CALC_Informal Salutation")),
                             paragraph(simple("Formal Salutation")))
    assert body_texts(merge_to_bytes(template, r("P1", language_code="ENU"))) == [
        "Sehr geehrter Herr Müller,", "Lieber Hans,", "Dear Mr. Müller,"]
    assert body_texts(merge_to_bytes(template, r("P2", language_code="FRA"))) == [
        "Dear Ms. Claire Dubois,", "Bonjour Claire,", "Dear Ms. Claire Dubois,"]
    assert body_texts(merge_to_bytes(template, r("C1", language_code="DEU"))) == [
        "Sehr geehrte Damen und Herren,", "Guten Tag,", "Sehr geehrte Damen und Herren,"]
    assert body_texts(merge_to_bytes(template, r("C1", language_code="ENU")))[2] == "Dear Sir or Madam,"
    # no salutation code and no formula: a sensible default with the name
    assert body_texts(merge_to_bytes(template, r("P3", language_code="ENU"))) == [
        "Dear Nobody Known,", "Hello Nobody Known,", "Dear Nobody Known,"]


def test_mail_address_uses_the_alternative_address_active_on_the_date(people):
    template = template_with(paragraph(simple("Contact Mail Address")), paragraph(simple("FaxMailTo")))
    email = CorrespondenceType.EMAIL
    in_range = body_texts(merge_to_bytes(template, r("P4", date=dt.date(2026, 3, 15), correspondence_type=email)))
    assert in_range == ["Baker Ltd.\nTom Baker\n99 Office Road\nManchester\nM1 1AA", "tom@office.example"]
    after = body_texts(merge_to_bytes(template, r("P4", date=dt.date(2026, 4, 1), correspondence_type=email)))
    assert after == ["Tom Baker\n1 High Street\nLondon\nSW1A 1AA", "tom@home.example"]
    # a segment line carries its alternative address code: '' means none, whatever the date
    assert body_texts(merge_to_bytes(template, r("P4", date=dt.date(2026, 3, 15), alt_address_code="")))[0] == \
        "Tom Baker\n1 High Street\nLondon\nSW1A 1AA"


def test_contact_without_address_merges_with_empty_values(people):
    template = template_with(paragraph(simple("Contact Mail Address")), paragraph(text("Dear "), simple("CONTA_Name")),
                             paragraph(simple("CONTA_Address", r'\b "Street: "')))
    assert body_texts(merge_to_bytes(template, r("P3"))) == ["", "Dear Nobody Known", ""]
    assert coverage(template, [r("P3"), r("P1")]) == [("Contact Mail Address", 1), ("CONTA_Name", 0),
                                                      ("CONTA_Address", 1)]


# ---------------------------------------------------------------- inspect, unknown, bad input

def test_inspect_reports_forms_places_and_unknown_names(people):
    template = letter_template()
    info = inspect_template(template)
    assert {(f.known, f.form, f.where) for f in info.fields} >= {
        ("CONTA_Name", "complex", "body"), ("CONTA_Company Name", "simple", "body"),
        ("SALES_Name", "complex", "table"), ("SALES_E-Mail", "simple", "table"),
        ("COMPA_Name", "simple", "header"), ("CONTA_Name", "complex", "header"),
        ("COMPA_Phone No.", "simple", "footer"), ("SALES_Name", "complex", "footer")}
    assert info.unknown == []
    odd = template_with(paragraph(simple("CONTA_Shoe Size")), paragraph(simple("CONTA_Name")),
                        paragraph(word_split_field("Contact Favourite Colour")))
    info = inspect_template(odd)
    assert info.unknown == ["CONTA_Shoe Size", "Contact Favourite Colour"]
    # unknown fields stay fields with Word's placeholder; known ones are merged
    assert document_text(merge_to_bytes(odd, r("P1"))).splitlines() == [
        "«CONTA_Shoe Size»", "Hans Müller", "«Contact Favourite Colour»"]


def test_bad_input_gives_one_clear_message(people, tmp_path):
    template = letter_template()
    cases = {
        "empty": b"",
        "text renamed .docx": b"Dear customer,\nthis is plain text.\n",
        "corrupt": template[: len(template) // 2],
        "zip without a body": _zip({"readme.txt": b"hi"}),
        "body that is not XML": _zip({"word/document.xml": b"<w:document><w:body>"}),
    }
    for label, content in cases.items():
        with pytest.raises(UserError, match=r"^The template is not a Word document \(\.docx\)\.$"):
            merge_to_bytes(content, r("P1"))
        with pytest.raises(UserError, match="is not a Word document"):
            inspect_template(content)
    plain = template_with(paragraph(text("No fields here.")))
    with pytest.raises(UserError, match=r"^The template has no merge fields\.$"):
        inspect_template(plain)
    with pytest.raises(UserError, match="letter.docx has no merge fields"):
        merge_many(plain, [r("P1")], tmp_path / "out", name="letter.docx")
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def _zip(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_document_text_marks_headers_and_footers(people):
    text_ = document_text(merge_to_bytes(letter_template(), r("P2")))
    lines = text_.splitlines()
    assert lines[0] == "[Header]" and "Page header for Claire Dubois" in lines
    assert "Your contact | Jessica Reed" in lines and "[Footer]" in lines
    assert lines.index("[Footer]") > lines.index("Your contact | Jessica Reed")


# ---------------------------------------------------------------- many letters and the print file

def test_merge_many_writes_one_file_per_recipient(people, tmp_path):
    tmp_path = tmp_path / "letters"
    seen = []
    paths = merge_many(letter_template(), [r("P1"), r("P2"), r("P1"), r("P3")], tmp_path,
                       progress=lambda fraction, text: seen.append(fraction))
    assert [p.name for p in paths] == ["P1 Hans Müller.docx", "P2 Claire Dubois.docx", "P1 Hans Müller (2).docx",
                                       "P3 Nobody Known.docx"]
    assert sorted(os.listdir(tmp_path)) == sorted(p.name for p in paths)  # no temporary folder left
    assert seen == [0.25, 0.5, 0.75, 1.0]  # a letter at a time, the last at 4 of 4
    assert body_texts(paths[1].read_bytes())[1] == "Claire Dubois"


def test_merge_many_writes_nothing_when_a_letter_fails(people, tmp_path, monkeypatch):
    template = MergeTemplate(letter_template())
    original = template.letter
    calls = []

    def failing(values, row):
        calls.append(row)
        if len(calls) == 3:
            raise UserError("Disk full.")
        return original(values, row)

    monkeypatch.setattr(template, "letter", failing)
    tmp_path = tmp_path / "letters"
    tmp_path.mkdir()
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(UserError, match="Disk full"):
        merge_many(template, [r("P1"), r("P2"), r("P3")], tmp_path)
    assert os.listdir(tmp_path) == ["keep.txt"]


def test_combined_print_file_has_a_section_per_letter_with_its_own_headers(people, tmp_path):
    recipients = [r("P1"), r("P2"), r("P4")]
    path = combined_document(letter_template(), recipients, tmp_path / "out" / "print.docx")
    assert os.listdir(tmp_path / "out") == ["print.docx"]
    doc = open_docx(path.read_bytes())
    from docx.enum.section import WD_SECTION_START

    assert len(doc.sections) == 3
    assert all(s.start_type == WD_SECTION_START.NEW_PAGE for s in doc.sections)
    assert [s.header.paragraphs[0].text for s in doc.sections] == [
        "Page header for Hans Müller", "Page header for Claire Dubois", "Page header for Tom Baker"]
    assert [s.first_page_header.paragraphs[0].text for s in doc.sections] == ["Harbour Lane Ltd."] * 3
    assert [s.footer.paragraphs[0].text for s in doc.sections] == ["Footer +44 20 7946 0000"] * 3
    texts = [p.text for p in doc.paragraphs]
    assert [t for t in texts if t.startswith("Thank you")] == [
        f"Thank you, {name}. Kind regards from Harbour Lane Ltd." for name in ("HANS", "CLAIRE", "TOM")]
    assert [p.style.name for p in doc.paragraphs if p.text.startswith("Dear") or p.text.startswith("Sehr")] == [
        "Relman Letter"] * 3
    assert len(doc.tables) == 3
    archive = zipfile.ZipFile(path)
    assert archive.testzip() is None
    names = set(archive.namelist())
    rels = archive.read("word/_rels/document.xml.rels").decode()
    import re

    for target in re.findall(r'Target="([^"]+)"', rels):
        if not target.startswith("http"):
            assert posixpath.normpath("word/" + target) in names, target
    xml = archive.read("word/document.xml").decode()
    assert xml.count('<w:pgNumType w:start="1"/>') == 3 and "_GoBack" not in xml
    types = archive.read("[Content_Types].xml").decode()
    assert types.count("header2_2.xml") == 1 and types.count("header2_3.xml") == 1


def test_print_file_ids_of_paragraphs_and_table_rows_are_never_repeated(people, tmp_path):
    """Word wants every w14:paraId / w14:textId unique in a document; the print file repeats the
    body per letter, so they go — of table rows as well as of paragraphs."""
    from docx.oxml.ns import qn
    from lxml import etree

    from models.merge.docx_fields import add_simple_field

    doc = new_document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Name"
    add_simple_field(table.cell(0, 1).paragraphs[0], "CONTA_Name")
    for k, el in enumerate([*table._tbl.tr_lst, *doc.element.body.iter(qn("w:p"))]):
        el.set(qn("w14:paraId"), f"{0x1A000000 + k:08X}")
        el.set(qn("w14:textId"), f"{0x2B000000 + k:08X}")
    path = combined_document(document_bytes(doc), [r("P1"), r("P2"), r("P4")], tmp_path / "print.docx")
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    ids = [value for el in root.iter() for name, value in el.attrib.items()
           if name in (qn("w14:paraId"), qn("w14:textId"))]
    assert len(ids) == len(set(ids))
    assert [row.cells[1].text for t in open_docx(path.read_bytes()).tables for row in t.rows[:1]] == [
        "Hans Müller", "Claire Dubois", "Tom Baker"]


def test_print_file_with_one_letter_and_none(people, tmp_path):
    tmp_path = tmp_path / "out"
    path = combined_document(letter_template(), [r("P2")], tmp_path / "one.docx")
    assert len(open_docx(path.read_bytes()).sections) == 1
    with pytest.raises(UserError, match="no letters"):
        combined_document(letter_template(), [], tmp_path / "none.docx")
    assert sorted(os.listdir(tmp_path)) == ["one.docx"]


def test_demo_templates_merge(people):
    from models.demo.documents import template_docx

    for template, lang in (("LETTER", "ENU"), ("NEWS", "DEU"), ("OFFER", "DEU")):
        letter = merge_to_bytes(template_docx(template, lang), r("P1", segment_no="SEG1", language_code=lang))
        text_ = document_text(letter)
        assert "«" not in text_ and "Harbour Lane Ltd." in text_


# ---------------------------------------------------------------- segments: recipients, sources, coverage

@pytest.fixture
def segment(people):
    """Segment S1 on template LETTER with Word template WT-ENU (header-level ENU and DEU
    records); lines for P1 (DEU), P2, P3, P4 (ENU) dated 15 March, P4 on its OFFICE address."""
    b.template("LETTER", word_template=None)
    from models.tables.interactions import WordTemplate

    WordTemplate.create(code="WT-ENU", language="ENU", template=letter_template())
    WordTemplate.create(code="WT-DEU", language="DEU", template=template_with(
        paragraph(text("Sehr geehrte "), simple("CONTA_Name"))))
    SegmentHeader.create(no="S1", description="Spring letter", interaction_template="LETTER",
                         language_code_default="ENU", word_template_code="WT-ENU", date=dt.date(2026, 3, 15),
                         salesperson="JR")
    for language, word in (("ENU", "WT-ENU"), ("DEU", "WT-DEU")):
        SegmentInteractionLanguage.create(segment="S1", segment_line_no=0, language=language,
                                          word_template_code=word, subject=f"Subject {language}")
    for k, (contact, language, alt) in enumerate(
            [("P1", "DEU", ""), ("P2", "ENU", ""), ("P3", "ENU", ""), ("P4", "ENU", "OFFICE")], 1):
        SegmentLine.create(segment="S1", line_no=k * 10000, contact=contact, salesperson_code="JR",
                           interaction_template_code="LETTER", language_code=language,
                           word_template_code=f"WT-{language}", subject=f"Subject {language}",
                           description="Spring letter", date=dt.date(2026, 3, 15), contact_alt_address_code=alt,
                           correspondence_type=CorrespondenceType.EMAIL if contact == "P4" else
                           CorrespondenceType.HARD_COPY)
    SegmentLine.create(segment="S1", line_no=50000, contact=None)
    return "S1"


def test_segment_recipients_and_sources(segment):
    recipients = list(segment_recipients("S1"))
    assert [(x.contact_no, x.line_no, x.language_code, x.subject) for x in recipients] == [
        ("P1", 10000, "DEU", "Subject DEU"), ("P2", 20000, "ENU", "Subject ENU"),
        ("P3", 30000, "ENU", "Subject ENU"), ("P4", 40000, "ENU", "Subject ENU")]
    assert letter_for_line("S1", 10000).source == "Word Template"
    content, source = letter_for_line("S1", 20000)
    assert source == "Word Template" and content == letter_template()


def test_coverage_of_a_segment_in_one_query_equals_the_merged_values(segment):
    names = ["Contact Mail Address", "CONTA_Name", "CONTA_Address", "CONTA_E-Mail", "CONTA_Job Title",
             "SALES_Name", "COMPA_Fax No.", "COMPA_Name", "Document Date", "FaxMailTo", "Formal Salutation",
             "Contact Country/Region Name", "CONTA_Correspondence Type", "Document Subject"]
    template = template_with(*[paragraph(simple(n)) for n in names])
    expected = [("Contact Mail Address", 1), ("CONTA_Name", 0), ("CONTA_Address", 1), ("CONTA_E-Mail", 2),
                ("CONTA_Job Title", 3), ("SALES_Name", 0), ("COMPA_Fax No.", 4), ("COMPA_Name", 0),
                ("Document Date", 0), ("FaxMailTo", 3), ("Formal Salutation", 0),
                ("Contact Country/Region Name", 2), ("CONTA_Correspondence Type", 4), ("Document Subject", 0)]
    from playhouse.test_utils import count_queries

    with count_queries() as counter:
        assert coverage(template, "S1") == expected
    assert counter.count <= 4
    assert coverage(template, list(segment_recipients("S1"))) == expected


def test_coverage_scales_to_many_lines(segment):
    """100,000 lines are one aggregate query (checked here on 3,000 for speed)."""
    from playhouse.test_utils import count_queries

    rows = [dict(segment="S1", line_no=100000 + i, contact="P2", salesperson_code="JR", date=DATE,
                 language_code="ENU") for i in range(3000)]
    from models.base.db import db

    with db.atomic():
        for start in range(0, len(rows), 500):
            SegmentLine.insert_many(rows[start:start + 500]).execute()
    template = template_with(paragraph(simple("Contact Mail Address")), paragraph(simple("CONTA_Job Title")))
    with count_queries() as counter:
        assert coverage(template, "S1") == [("Contact Mail Address", 1), ("CONTA_Job Title", 3003)]
    assert counter.count <= 4
