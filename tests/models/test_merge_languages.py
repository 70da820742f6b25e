"""Letters in the contact's language (issue 13, part 4): CLDR month and day names for
Business Central's language codes, number pictures in the office's locale ([merge] locale),
and the e-mail body of a .docx keeping its list numbering and link targets."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from models.base.config import default_config_file
from models.merge.format import Switches, format_value, language_from_lcid, language_key
from models.merge.html import docx_to_html
from models.merge.letters import Recipient, merge_to_bytes
from models.merge.merge_settings import office_locale
from tests.helpers import languages
from tests.models import segment_builders as sb
from tests.models.docx_builders import body_texts, paragraph, simple, template_with

DATE = dt.date(2026, 3, 5)  # a Thursday


def test_swedish_and_polish_month_names():
    """Word writes the month after a day number in the 'format' case (Polish genitive
    "marca") and a month alone in the 'stand-alone' case ("marzec")."""
    swedish, polish = language_key("SVE"), language_key("PLK")
    assert format_value(DATE, Switches(date="d MMMM yyyy"), swedish) == "5 mars 2026"
    assert format_value(DATE, Switches(date="dddd d MMMM yyyy"), swedish) == "torsdag 5 mars 2026"
    assert format_value(DATE, Switches(date="d MMMM yyyy"), polish) == "5 marca 2026"
    assert format_value(DATE, Switches(date="MMMM yyyy"), polish) == "marzec 2026"
    assert format_value(DATE, Switches(), polish) == "5 marca 2026"  # the language's long date
    assert (language_from_lcid(1053), language_from_lcid(1045), language_from_lcid(2055)) == ("sv", "pl", "de_CH")


def test_unknown_language_falls_back_to_english():
    assert {language_key(code) for code in ("XYZ", "", None, "Klingon", "xx-YY")} == {"en"}
    assert format_value(DATE, Switches(date="dddd d MMMM yyyy"), "xx") == "Thursday 5 March 2026"
    assert language_from_lcid(0) == language_from_lcid(99999) == ""


def test_german_office_reads_number_pictures_with_its_separators():
    assert format_value(1234.5, Switches(number="#.##0,00"), "en", "de_DE") == "1.234,50"
    assert format_value(1234.5, Switches(number="#,##0.00 €"), "de", "en_US") == "1,234.50 €"


def test_merge_in_the_contacts_language_and_the_offices_locale(sqlite_db, monkeypatch, tmp_path):
    """[merge] locale in relman.toml reaches the merge; the contact's language (no
    interaction language) names the month."""
    monkeypatch.delenv("RELMAN_MERGE_LOCALE")
    assert office_locale({"LANG": "sv_SE.UTF-8"}, tmp_path / "none.toml") == "sv_SE"  # the system's
    assert office_locale({"LANG": "C.UTF-8"}, tmp_path / "none.toml") == "en_US"
    config = default_config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[merge]\nlocale = "de_DE"\n', encoding="utf-8")
    languages("PLK")
    sb.person("P1", "Anna Nowak", language="PLK")
    template = template_with(paragraph(simple("Document Date", r'\@ "d MMMM yyyy"')),
                             paragraph(simple("Entry No.", r'\# "#.##0,00"')))
    letter = merge_to_bytes(template, Recipient("P1", date=DATE, line_no=123450))
    assert body_texts(letter) == ["5 marca 2026", "123.450,00"]


def _hyperlink(document, paragraph, target: str, text: str) -> None:
    rid = document.part.relate_to(target, RT.HYPERLINK, is_external=True)
    link, run, t = OxmlElement("w:hyperlink"), OxmlElement("w:r"), OxmlElement("w:t")
    link.set(qn("r:id"), rid)
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def test_email_body_keeps_list_numbering_and_link_targets():
    document = docx.Document()
    document.add_paragraph("Our offer:")
    document.add_paragraph("Free delivery", style="List Number")  # numbering by style
    document.add_paragraph("Two years warranty", style="List Number")
    document.add_paragraph("Order by phone", style="List Bullet")
    p = document.add_paragraph("Read more on ")
    _hyperlink(document, p, "https://example.com/offer?a=1&b=2", "our site")
    _hyperlink(document, p, "javascript:alert(1)", " today")
    buffer = io.BytesIO()
    document.save(buffer)
    page, text = docx_to_html(buffer.getvalue())
    body = "".join(page.split("\n"))
    assert "<ol><li>Free delivery</li><li>Two years warranty</li></ol><ul><li>Order by phone</li></ul>" in body
    assert '<p>Read more on <a href="https://example.com/offer?a=1&amp;b=2">our site</a> today</p>' in body
    assert "javascript" not in page
    assert text.splitlines()[1:] == ["1. Free delivery", "2. Two years warranty", "• Order by phone",
                                     "Read more on our site <https://example.com/offer?a=1&b=2> today"]
