"""Demo data (models/demo/): deterministic, consistent, with real Word MERGEFIELDs."""

from __future__ import annotations

import hashlib
import io
import sys
import zipfile

import pytest
from lxml import etree

from models.base.db import close_database, db, is_sqlite
from models.base.enums import ContactType
from models.base.errors import UserError
from models.demo.generate import NOT_EMPTY, generate
from models.merge.docx_fields import W_NS, field_name, instruction, merge_fields
from models.tables.contacts import (
    Campaign,
    CampaignEntry,
    Contact,
    ContactAltAddress,
    ContactJobResponsibility,
    ContactMailingGroup,
    Language,
    Salesperson,
    SalutationFormula,
    UserSetup,
)
from models.tables.interactions import (
    Attachment,
    InteractionLogEntry,
    InteractionTemplate,
    InteractionTmplLanguage,
    WordTemplate,
)
from models.tables.schema import open_database
from models.tables.segments import LoggedSegment, SegmentHeader, SegmentLine
from models.tables.setup import MarketingSetup, next_number

N = 200


def contacts_digest() -> str:
    """A digest of every contact column, the same on SQLite and PostgreSQL for the same data."""
    columns = [f.column_name for f in Contact._meta.sorted_fields]
    cursor = db.execute_sql(
        "SELECT " + ", ".join(f'"{c}"' for c in columns) + ' FROM "contact" ORDER BY "no"'
    )
    h = hashlib.sha256()
    for row in cursor.fetchall():
        norm = ["" if v is None else str(int(v)) if isinstance(v, bool) else str(v) for v in row]
        h.update("\x1f".join(norm).encode() + b"\x1e")
    return h.hexdigest()


def test_same_seed_same_data_on_every_database(any_db, tmp_path):
    """Same seed -> identical contacts (also across SQLite and PostgreSQL); another seed differs."""
    generate(N, seed=7)
    first = contacts_digest()
    close_database()
    open_database(tmp_path / "again.db")
    generate(N, seed=7)
    assert contacts_digest() == first
    close_database()
    open_database(tmp_path / "other-seed.db")
    generate(N, seed=8)
    assert contacts_digest() != first


def test_counts_consistency_and_number_series(any_db):
    counts = generate(N, seed=1)
    assert counts["contact"] == N == Contact.select().count()
    assert counts["interaction_log_entry"] == InteractionLogEntry.select().count()

    companies = Contact.select().where(Contact.type == ContactType.COMPANY).count()
    persons = N - companies
    assert 3 <= persons / companies <= 6  # about 1 company per 4-5 persons
    for no, company_no in Contact.select(Contact.no, Contact.company).where(
            Contact.type == ContactType.COMPANY).tuples():
        assert no == company_no
    # persons carry their company's name; every search name is the upper-case name
    company_names = dict(Contact.select(Contact.no, Contact.name)
                         .where(Contact.type == ContactType.COMPANY).tuples())
    for name, search, ctype, company_no, company_name in Contact.select(
            Contact.name, Contact.search_name, Contact.type, Contact.company, Contact.company_name).tuples():
        assert search == name.upper()
        if company_no:
            assert company_name == company_names[company_no]
        else:
            assert ctype == ContactType.PERSON and company_name == ""
    assert Contact.select().where(Contact.exclude_from_segment).count() > 0
    assert len({ct for (ct,) in Contact.select(Contact.correspondence_type).tuples()}) == 3
    assert ContactMailingGroup.select().count() > 0
    assert ContactJobResponsibility.select().count() > 0
    assert ContactAltAddress.select().count() >= 1

    # setup
    assert {c for (c,) in Language.select(Language.code).tuples()} == {"ENU", "DEU", "FRA", "NLD", "ESP"}
    assert SalutationFormula.select().count() == 5 * 4 * 2
    assert Salesperson.select().where(Salesperson.blocked).count() == 1
    assert UserSetup.get_by_id("TESTER").salesperson_code == "JR"
    setup = MarketingSetup.get_by_id(1)
    assert (setup.contact_nos, setup.campaign_nos, setup.segment_nos, setup.task_nos,
            setup.opportunity_nos) == ("CONT", "CAMP", "SEG", "TODO", "OPP")
    assert Campaign.select().count() == 6

    # history
    assert InteractionLogEntry.select().where(InteractionLogEntry.postponed).count() == 2
    logged = InteractionLogEntry.select().where(InteractionLogEntry.logged_segment_entry_no > 0)
    assert logged.count() > 0
    assert InteractionLogEntry.select().where(InteractionLogEntry.canceled).count() > 0
    assert InteractionLogEntry.select().where(InteractionLogEntry.evaluation > 0).count() > 0
    for entry in LoggedSegment.select():
        members = logged.where(InteractionLogEntry.logged_segment_entry_no == entry.entry_no)
        assert members.count() > 0
        assert {e.segment_no for e in members} == {entry.segment_no}
    assert CampaignEntry.select().count() > 0
    dates = [d for (d,) in InteractionLogEntry.select(InteractionLogEntry.date)
             .where(~InteractionLogEntry.postponed).order_by(InteractionLogEntry.entry_no).tuples()]
    assert dates == sorted(dates)  # entry numbers follow the dates, as when they were logged
    assert SegmentHeader.select().count() == 2
    for header in SegmentHeader.select():
        assert SegmentLine.select().where(SegmentLine.segment == header.no).count() > 0

    # (one test, not two: every PostgreSQL database set-up costs a third of a second)
    check_number_series_continue_after_demo_numbers()


def check_number_series_continue_after_demo_numbers():
    assert next_number("CONT") == f"CT{N + 1:06d}"
    assert next_number("CAMP") == "CP0007"
    last_segment = max(
        [no for (no,) in LoggedSegment.select(LoggedSegment.segment_no).tuples()]
        + [no for (no,) in SegmentHeader.select(SegmentHeader.no).tuples()]
    )
    assert next_number("SEG") == f"SEG{int(last_segment[3:]) + 1:05d}"
    assert next_number("TODO") == "TD000001"
    # serial columns continue after the rows written with explicit numbers (PostgreSQL sequences)
    last = InteractionLogEntry.select(InteractionLogEntry.entry_no).order_by(
        InteractionLogEntry.entry_no.desc()).scalar()
    assert InteractionLogEntry.create(contact="CT000001").entry_no == last + 1
    assert LoggedSegment.create(segment_no="SEG99999").entry_no == LoggedSegment.select().count()


def _document_parts(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        return {name: zf.read(name) for name in zf.namelist() if name.startswith("word/")}


def test_every_template_docx_has_simple_and_complex_mergefields(sqlite_db):
    generate(50, seed=1)
    documents = {f"word template {code}": bytes(blob)
                 for code, blob in WordTemplate.select(WordTemplate.code, WordTemplate.template).tuples()}
    documents.update({f"attachment {no}": bytes(blob) for no, blob in Attachment.select(
        Attachment.no, Attachment.attachment_file).where(Attachment.file_extension == "DOCX").tuples()})
    assert len(documents) >= 12
    all_names = set()
    for label, blob in documents.items():
        import docx

        docx.Document(io.BytesIO(blob))  # python-docx opens it
        fields = merge_fields(blob)
        forms = {f.form for f in fields}
        assert forms == {"simple", "complex"}, label
        for part_kind in ("document", "header", "footer"):
            in_part = {f.form for f in fields if f.part.startswith(f"word/{part_kind}")}
            assert in_part, (label, part_kind)
        all_names |= {f.name for f in fields}

        xml = _document_parts(blob)["word/document.xml"]
        root = etree.fromstring(xml)
        ns = {"w": W_NS}
        # a field inside a table cell
        assert root.xpath("//w:tbl//w:fldSimple | //w:tbl//w:instrText", namespaces=ns), label
        # at least one complex field whose instruction Word split over several runs
        split = False
        for begin in root.xpath("//w:fldChar[@w:fldCharType='begin']", namespaces=ns):
            run = begin.getparent()
            pieces = []
            for sibling in run.itersiblings():
                if sibling.xpath("w:fldChar[@w:fldCharType='separate']", namespaces=ns):
                    break
                pieces += sibling.xpath("w:instrText/text()", namespaces=ns)
            if len(pieces) > 1 and field_name("".join(pieces)):
                split = True
        assert split, label
    for name in ("CONTA_Name", "CONTA_Address", "CONTA_City", "CONTA_Post Code",
                 "CONTA_CALC_Formal Salutation", "SALES_Name", "SALES_E-Mail", "COMPA_Name",
                 "Contact Mail Address", "Document Date", "Document Subject"):
        assert name in all_names, name

    # letter text per language, and the templates point to their documents
    letters = {wt.language_code: wt for wt in WordTemplate.select().where(WordTemplate.code.startswith("LETTER"))}
    assert {"ENU", "DEU", "FRA"} <= set(letters)
    assert b"Kind regards" in _document_parts(bytes(letters["ENU"].template))["word/document.xml"]
    assert "Grüßen".encode() in _document_parts(bytes(letters["DEU"].template))["word/document.xml"]
    for row in InteractionTmplLanguage.select():
        assert row.word_template_code or row.attachment_no, row.interaction_template_code
    letter = InteractionTemplate.get_by_id("LETTER")
    assert letter.word_template_code == "LETTER-ENU" and letter.language_code_default == "ENU"
    with_attachment = InteractionTmplLanguage.select().where(InteractionTmplLanguage.attachment.is_null(False))
    assert with_attachment.count() >= 1
    for row in with_attachment:
        att = Attachment.get_by_id(row.attachment_no)
        assert att.file_extension == "DOCX" and att.content[:2] == b"PK"


def test_docx_bytes_are_deterministic(tmp_path):
    from models.demo.documents import template_docx

    build = template_docx.__wrapped__  # not the cached one
    assert build("LETTER", "DEU") == build("LETTER", "DEU")


def test_instruction_quotes_names_with_spaces():
    assert instruction("CONTA_Name") == r" MERGEFIELD CONTA_Name \* MERGEFORMAT "
    assert instruction("CONTA_Post Code") == r' MERGEFIELD "CONTA_Post Code" \* MERGEFORMAT '
    assert field_name(r' MERGEFIELD "Contact Mail Address" \* MERGEFORMAT ') == "Contact Mail Address"
    assert field_name(" MERGEFIELD  CONTA_Name ") == "CONTA_Name"
    assert field_name(" DATE \\@ dd.MM.yyyy ") is None


def test_a_database_with_contacts_is_refused(sqlite_db):
    generate(20, seed=1)
    before = Contact.select().count()
    with pytest.raises(UserError) as err:
        generate(20, seed=2)
    assert str(err.value) == NOT_EMPTY
    assert Contact.select().count() == before


def test_foreign_keys_hold_and_indexes_are_rebuilt(sqlite_db):
    indexes_before = {t: sorted(i.name for i in db.get_indexes(t)) for t in ("contact", "interaction_log_entry")}
    generate(300, seed=3)
    assert is_sqlite()
    assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    for table, names in indexes_before.items():
        assert sorted(i.name for i in db.get_indexes(table)) == names


def test_progress_reports_fractions_up_to_one(sqlite_db):
    seen = []
    generate(30, seed=1, progress=lambda fraction, text: seen.append((fraction, text)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(0 <= f <= 1 for f in fractions)
    assert all(isinstance(text, str) and text for _, text in seen)


def test_importing_models_demo_does_not_import_docx():
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", "import sys, models.demo.generate, models.merge.docx_fields; print('docx' in sys.modules)"],
        capture_output=True, text=True, check=True,
    )
    assert out.stdout.strip() == "False"


def test_demo_data_obeys_the_rules_it_demonstrates(sqlite_db):
    """Every postponed interaction can be resumed and saved again (postponed, then logged), and
    every open segment passes Log's line checks with the Log dialog's defaults."""
    from models.interactions import postponed, wizard
    from models.segments.log import check_lines, log_options

    generate(200, seed=1)
    drafts = InteractionLogEntry.select().where(InteractionLogEntry.postponed)
    assert drafts.count() == 2
    for entry in drafts:
        draft = postponed.resume(entry.entry_no)
        assert wizard.postpone(draft) == entry.entry_no  # saved again as it was
        draft = postponed.resume(entry.entry_no)
        while draft.step < 3:
            wizard.next_step(draft)
        assert wizard.log(draft).entry_no == entry.entry_no
        logged = InteractionLogEntry.get_by_id(entry.entry_no)
        assert not logged.postponed, entry.interaction_template_code
    for header in SegmentHeader.select():
        options = log_options(header.no)
        assert check_lines(header.no, options.deliver) > 0, header.no
    # a template that sends by e-mail has a document to send
    from models.base.enums import CorrespondenceType

    for template in InteractionTemplate.select():
        if template.correspondence_type_default == CorrespondenceType.EMAIL:
            assert template.word_template_code or InteractionTmplLanguage.select().where(
                InteractionTmplLanguage.interaction_template == template.code).exists(), template.code
