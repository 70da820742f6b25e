"""Personalised segment letters and Modify Word Template (SPEC 5.2, 5.4; checklist 8.G 73–74)."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base.enums import CorrespondenceType
from models.base.errors import UserError
from models.merge.letters import document_text
from models.merge.personalise import (
    MODIFY_EXISTING_Q,
    export_line_letter,
    export_modified_template,
    import_line_letter,
    import_modified_template,
    remove_line_letter,
)
from models.merge.segment_letters import (
    export_segment_letters,
    letter_for_line,
    line_letter,
    preview_line,
    segment_coverage,
)
from models.segments.lines import attachment_text
from models.segments.templates import REPLACE_ATTACHMENT_Q
from models.tables import attachments
from models.tables.contacts import CompanyInformation, Salesperson
from models.tables.interactions import Attachment, WordTemplate
from models.tables.segments import (
    SegmentHeader,
    SegmentInteractionLanguage,
    SegmentLine,
)
from tests.helpers import Asked, languages
from tests.models import builders as b
from tests.models import docx_builders as docx
from tests.models import segment_builders as sb
from tests.models.docx_builders import letter_template, open_docx


@pytest.fixture
def segment(any_db):
    """Segment S1 on template LETTER whose Word template WT1 is the test letter; a header-level
    ENU record carries it; three person lines inherit it."""
    CompanyInformation.create(name="Harbour Lane Ltd.", phone_no="+44 1")
    Salesperson.create(code="JR", name="Jessica Reed")
    languages("ENU")
    b.template("LETTER", word_template=None)
    WordTemplate.create(code="WT1", language="ENU", template=letter_template())
    SegmentHeader.create(no="S1", description="Spring", interaction_template="LETTER", language_code_default="ENU",
                         word_template_code="WT1", date=dt.date(2026, 3, 2), salesperson="JR")
    SegmentInteractionLanguage.create(segment="S1", segment_line_no=0, language="ENU", word_template_code="WT1",
                                      subject="Spring letter")
    for k, (no, name) in enumerate([("P1", "Anna Berg"), ("P2", "Ben Carter"), ("P3", "Cleo Dunn")], 1):
        sb.person(no, name, first_name=name.split()[0], address=f"{k} Main Street", post_code="AB1", city="Leeds")
        SegmentLine.create(segment="S1", line_no=k * 10000, contact=no, salesperson_code="JR",
                           interaction_template_code="LETTER", language_code="ENU", word_template_code="WT1",
                           subject="Spring letter", date=dt.date(2026, 3, 2),
                           correspondence_type=CorrespondenceType.HARD_COPY)
    return "S1"


def _edit(path, old: str, new: str) -> None:
    """Change a paragraph's text with python-docx, as a user editing the letter would."""
    doc = open_docx(path.read_bytes())
    for paragraph in doc.paragraphs:
        if old in paragraph.text:
            for run in paragraph.runs[1:]:
                run.text = ""
            paragraph.runs[0].text = paragraph.text.replace(old, new) if not paragraph.runs[1:] else \
                paragraph.runs[0].text + new
            break
    else:
        raise AssertionError(f"{old!r} not found")
    doc.save(str(path))


def test_personalised_line_letter_round_trip(segment, tmp_path):
    """8.G 73: export the merged letter of one line, edit it, import it: the line gets a unique
    attachment (Merged = Yes, Attachment "Unique"), its letter is the edited one as it is, the
    other lines still get the inherited template merged for them; remove falls back."""
    assert attachment_text("S1", 20000) == "Inherited"
    path = export_line_letter("S1", 20000, tmp_path)
    assert path.name == "P2 Ben Carter.docx"
    assert "Ben Carter" in document_text(path.read_bytes())
    _edit(path, "Thank you, BEN", " — we kept a chair for you.")
    attachment = import_line_letter("S1", 20000, path)
    line = SegmentLine.get((SegmentLine.segment == "S1") & (SegmentLine.line_no == 20000))
    assert line.merged and line.attachment_no == attachment.no
    assert attachment_text("S1", 20000) == "Unique" and attachment_text("S1", 10000) == "Inherited"
    record = SegmentInteractionLanguage.get((SegmentInteractionLanguage.segment == "S1")
                                            & (SegmentInteractionLanguage.segment_line_no == 20000))
    assert (record.language, record.attachment_no, record.word_template_code) == ("ENU", attachment.no, "WT1")
    letter = letter_for_line("S1", 20000)
    assert (letter.source, letter.merged) == ("Unique", True)
    assert "we kept a chair for you" in document_text(line_letter("S1", 20000))
    other = document_text(line_letter("S1", 30000))
    assert "Thank you, CLEO" in other and "chair" not in other

    export = export_segment_letters("S1", tmp_path / "out")
    texts = {p.name: document_text(p.read_bytes()) for p in export.files}
    assert "we kept a chair for you" in texts["P2 Ben Carter.docx"]
    assert "chair" not in texts["P1 Anna Berg.docx"] and "Thank you, ANNA" in texts["P1 Anna Berg.docx"]
    assert [p.name for p in export.print_files] == ["S1 print 1.docx", "S1 print 2.docx"]
    assert len(open_docx(export.print_files[0].read_bytes()).sections) == 2

    assert remove_line_letter("S1", 20000) is True
    line = SegmentLine.get((SegmentLine.segment == "S1") & (SegmentLine.line_no == 20000))
    assert not line.merged and attachment_text("S1", 20000) == "Inherited"
    assert Attachment.get_or_none(Attachment.no == attachment.no) is None
    assert letter_for_line("S1", 20000).source == "Word Template"
    assert remove_line_letter("S1", 20000) is False


def test_replacing_a_personalised_letter_asks_and_read_only_refuses(segment, tmp_path):
    path = export_line_letter("S1", 10000, tmp_path / "anna")
    assert path.name == "anna.docx"
    first = import_line_letter("S1", 10000, path)
    no = Asked(always=False)
    assert import_line_letter("S1", 10000, path, confirm=no) is None
    assert no.questions == [(REPLACE_ATTACHMENT_Q, False)]
    assert SegmentLine.get(SegmentLine.line_no == 10000).attachment_no == first.no
    second = import_line_letter("S1", 10000, path, confirm=lambda q, d: True)
    assert Attachment.get_or_none(Attachment.no == first.no) is None  # the replaced one is gone
    Attachment.update(read_only=True).where(Attachment.no == second.no).execute()
    with pytest.raises(UserError, match="read-only"):
        import_line_letter("S1", 10000, path, confirm=lambda q, d: True)
    # SPEC 5.4: removing the line's letter keeps a read-only attachment
    assert remove_line_letter("S1", 10000)
    assert Attachment.get_or_none(Attachment.no == second.no) is not None
    assert attachment_text("S1", 10000) == "Inherited"


def test_import_refuses_what_is_not_a_word_document(segment, tmp_path):
    text = tmp_path / "letter.docx"
    text.write_text("Dear Anna, plain text.")
    with pytest.raises(UserError, match=r"letter\.docx is not a Word document \(\.docx\)\."):
        import_line_letter("S1", 10000, text)
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="could not be read"):
        import_line_letter("S1", 10000, empty)
    SegmentLine.update(interaction_template_code="").where(SegmentLine.line_no == 30000).execute()
    path = export_line_letter("S1", 10000, tmp_path)
    with pytest.raises(UserError, match="Interaction Template Code must have a value"):
        import_line_letter("S1", 30000, path)
    assert not SegmentInteractionLanguage.select().where(SegmentInteractionLanguage.segment_line_no != 0).exists()


def test_modify_word_template_is_used_by_every_line_without_its_own_letter(segment, tmp_path):
    """8.G 74: Modify Word Template exports the Word template, the edited copy is stored on
    the header-level record (with its Word Template Code) and every line without its own
    letter uses it; a personalised line keeps its letter. Asked again: Yes replaces the
    copy, No resets it from the original."""
    own = export_line_letter("S1", 30000, tmp_path / "cleo")
    import_line_letter("S1", 30000, own)
    path = export_modified_template("S1", tmp_path / "modified")
    assert path.read_bytes() == letter_template()
    _edit(path, "Thank you, ", "Many thanks, ")
    copy = import_modified_template("S1", path)
    record = SegmentInteractionLanguage.get((SegmentInteractionLanguage.segment == "S1")
                                            & (SegmentInteractionLanguage.segment_line_no == 0))
    assert (record.attachment_no, record.word_template_code) == (copy.no, "WT1")
    assert letter_for_line("S1", 10000).source == "Modified"
    assert letter_for_line("S1", 30000).source == "Unique"
    assert "Many thanks" in document_text(line_letter("S1", 10000))
    assert "Anna Berg" in document_text(line_letter("S1", 10000))
    assert "Many thanks" not in document_text(line_letter("S1", 30000))
    assert export_modified_template("S1", tmp_path / "again").read_bytes() == copy.content
    assert attachment_text("S1", 20000) == "Inherited"

    asked = Asked(always=True)
    second = import_modified_template("S1", path, confirm=asked)
    assert asked.questions == [(MODIFY_EXISTING_Q, True)] and Attachment.get_or_none(Attachment.no == copy.no) is None
    assert import_modified_template("S1", path, confirm=lambda q, d: False) is None
    assert Attachment.get_or_none(Attachment.no == second.no) is None
    assert letter_for_line("S1", 10000).source == "Word Template"
    assert "Thank you, ANNA" in document_text(line_letter("S1", 10000))


def test_a_read_only_modified_template_is_not_replaced(segment, tmp_path):
    path = export_modified_template("S1", tmp_path / "m.docx")
    copy = import_modified_template("S1", path)
    Attachment.update(read_only=True).where(Attachment.no == copy.no).execute()
    with pytest.raises(UserError, match="read-only"):
        import_modified_template("S1", path)
    assert attachments.get_attachment(copy.no) is not None


def test_line_sources_follow_spec_5_2(segment):
    """Unique (own attachment) > Modified (header copy) > Inherited (header-level attachment)
    > Word Template; nothing at all is the delivery error."""
    assert letter_for_line("S1", 10000).source == "Word Template"
    legacy = attachments.create_attachment(letter_template(), "DOCX")
    SegmentInteractionLanguage.update(word_template_code="", attachment_no=legacy.no).where(
        SegmentInteractionLanguage.segment_line_no == 0).execute()
    SegmentLine.update(word_template_code="", attachment_no=legacy.no).execute()
    SegmentHeader.update(word_template_code="").execute()
    assert letter_for_line("S1", 10000).source == "Inherited"
    own = attachments.create_attachment(letter_template(), "DOCX")
    SegmentInteractionLanguage.create(segment="S1", segment_line_no=20000, language="ENU", attachment_no=own.no)
    content, source = letter_for_line("S1", 20000)
    assert source == "Unique" and not letter_for_line("S1", 20000).merged
    assert "Ben Carter" in document_text(line_letter("S1", 20000))  # a unique template is merged
    SegmentInteractionLanguage.delete().where(SegmentInteractionLanguage.segment_line_no == 0).execute()
    SegmentLine.update(attachment_no=0).where(SegmentLine.line_no == 30000).execute()
    with pytest.raises(UserError, match="no attachment for the selected language code"):
        letter_for_line("S1", 30000)


def test_preview_names_the_line_and_its_document(segment, tmp_path):
    heading, text = preview_line("S1", 20000)
    assert heading == "Line 20000 · P2 Ben Carter · Word Template WT1"
    assert "Thank you, BEN" in text and "[Header]" in text
    import_line_letter("S1", 20000, export_line_letter("S1", 20000, tmp_path))
    heading, _text = preview_line("S1", 20000)
    assert heading.endswith("· Unique personalised")


def test_segment_coverage_counts_lines_without_a_value(segment, tmp_path):
    """The coverage report over the segment's documents: Cleo has no address; a modified
    template with a field Relman does not know lists it; the unknown field has no count."""
    from models.tables.contacts import Contact

    Contact.update(address="").where(Contact.no == "P3").execute()
    missing, unknown = segment_coverage("S1")
    assert dict(missing)["CONTA_Address"] == 1 and dict(missing)["CONTA_Name"] == 0
    assert dict(missing)["CONTA_Job Title"] == 3 and unknown == []
    path = export_modified_template("S1", tmp_path / "m.docx")
    from tests.models.docx_builders import paragraph, simple, template_with

    path.write_bytes(template_with(paragraph(simple("CONTA_Name")), paragraph(simple("Shoe Size"))))
    import_modified_template("S1", path)
    assert segment_coverage("S1") == ([("CONTA_Name", 0)], ["Shoe Size"])


def test_coverage_gives_field_names_with_brackets_as_written(segment):
    """A name with "[" or "]" is a name (the coverage pane shows it as text: tests/tui/test_merge.py)."""
    WordTemplate.update(template=docx.template_with(docx.paragraph(docx.simple("CONTA_Address")),
                                                    docx.paragraph(docx.simple("Shoe[/b] [Size]")))).execute()
    missing, unknown = segment_coverage("S1")
    assert missing == [("CONTA_Address", 0)] and unknown == ["Shoe[/b] [Size]"]
