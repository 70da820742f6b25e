"""relman import-contacts FILE.csv: every row checked, all or nothing unless --skip-invalid."""

from __future__ import annotations

from models.base.db import close_database
from models.base.enums import ContactType, CorrespondenceType
from models.tables.contacts import Contact, Language, Salesperson
from models.tables.schema import open_database
from tests.cli.helpers import assert_one_error_line, rows, run, write_csv

HEADER = ["No.", "Name", "Type", "Company No.", "City", "E-Mail", "Correspondence Type",
          "Exclude from Segment", "Salesperson Code", "First Name", "Surname"]


def contacts(db_path) -> dict[str, Contact]:
    open_database(db_path)
    try:
        return {c.no: c for c in Contact.select().order_by(Contact.no)}
    finally:
        close_database()


def test_valid_file(capsys, empty_db, tmp_path):
    """A person may come before its company; rows without No. take Contact Nos. in file order."""
    source = write_csv(tmp_path / "contacts.csv", [
        HEADER,
        ["", "Robert Townes", "Person", "C-ADATUM", "Oslo", "robert@adatum.example", "Email", "",
         "", "Robert", "Townes"],
        ["c-adatum", "  Adatum Corporation ", "Company", "", "Oslo", "info@adatum.example", "Hard Copy",
         "Yes", "", "", ""],
        ["", "Lonely Person", "person", "", "Bergen", "", "", "no", "", "", ""],
    ])
    code, out, err = run(capsys, "import-contacts", source, "--db", empty_db)
    assert code == 0, err
    assert out == "imported 3, skipped 0\n"
    assert err == ""
    found = contacts(empty_db)
    assert sorted(found) == ["C-ADATUM", "CT000001", "CT000002"]
    company, robert, lonely = found["C-ADATUM"], found["CT000001"], found["CT000002"]
    assert (company.type, company.company_no, company.name) == (ContactType.COMPANY, "C-ADATUM",
                                                                 "Adatum Corporation")
    assert company.exclude_from_segment is True
    assert company.correspondence_type == CorrespondenceType.HARD_COPY
    assert company.search_name == "ADATUM CORPORATION"
    assert (robert.type, robert.company_no, robert.company_name) == (ContactType.PERSON, "C-ADATUM",
                                                                      "Adatum Corporation")
    assert robert.correspondence_type == CorrespondenceType.EMAIL
    assert (robert.first_name, robert.surname) == ("Robert", "Townes")
    assert (lonely.company_no, lonely.city, lonely.exclude_from_segment) == (None, "Bergen", False)


def test_invalid_rows_import_nothing(capsys, empty_db, tmp_path):
    source = write_csv(tmp_path / "contacts.csv", [
        HEADER,
        ["C1", "Good Company", "Company", "", "", "", "", "", "", "", ""],  # line 2
        ["", "", "Person", "", "", "", "", "", "", "", ""],  # line 3: no name
        ["", "Bad Mail", "Person", "", "", "not-an-address", "", "", "", "", ""],  # line 4
        ["", "Ghost's Employee", "Person", "NOPE", "", "", "", "", "", "", ""],  # line 5
        ["", "Robot", "Machine", "", "", "", "", "", "", "", ""],  # line 6
        ["", "Seller", "Company", "", "", "", "", "", "NOBODY", "", ""],  # line 7
        ["", "Fax Lover", "Company", "", "", "", "Fax", "", "", "", ""],  # line 8
        ["", "Unsure", "Company", "", "", "", "", "maybe", "", "", ""],  # line 9
        ["C1", "Twin Company", "Company", "", "", "", "", "", "", "", ""],  # line 10
        ["", "X" * 101, "Company", "", "", "", "", "", "", "", ""],  # line 11
        ["", "Long City", "Company", "", "C" * 31, "", "", "", "", "", ""],  # line 12
    ])
    code, out, err = run(capsys, "import-contacts", source, "--db", empty_db)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[:-1] == [
        "line 3: Name: Name must have a value.",
        "line 4: E-Mail: E-Mail 'not-an-address' is not a valid e-mail address.",
        "line 5: Company No.: Company No. 'NOPE' is not a company contact.",
        "line 6: Type: 'Machine' is not one of 'Company', 'Person'.",
        "line 7: Salesperson Code: Salesperson Code 'NOBODY' does not exist.",
        "line 8: Correspondence Type: 'Fax' is not one of 'Hard Copy', 'Email'.",
        "line 9: Exclude from Segment: 'maybe' is not Yes or No.",
        "line 10: No.: C1 is also on line 2.",
        "line 11: Name: Name is longer than 100 characters.",
        "line 12: City: is longer than 30 characters.",
    ]
    assert lines[-1] == ("relman: error: 10 rows are invalid; nothing was imported "
                         "(--skip-invalid imports the valid rows).")
    assert "Traceback" not in err
    assert contacts(empty_db) == {}


def test_skip_invalid(capsys, empty_db, tmp_path):
    source = write_csv(tmp_path / "contacts.csv", [
        ["Name", "Type", "Company No.", "No."],
        ["Good Person", "Person", "C1", ""],  # line 2: its company is on line 4
        ["", "Company", "", ""],  # line 3
        ["Good Company", "Company", "", "C1"],  # line 4
        ["Employee Of Bad", "Person", "C2", ""],  # line 5: its company (line 6) is invalid
        ["Bad Company", "Company", "", "C2", "extra value"],  # line 6
    ])
    code, out, err = run(capsys, "import-contacts", source, "--db", empty_db, "--skip-invalid")
    assert code == 0, err
    assert out == "imported 2, skipped 3\n"
    assert err.splitlines() == [
        "line 3: Name: Name must have a value.",
        "line 5: Company No.: 'C2' is the company on line 6, which is invalid.",
        "line 6: has 5 values; the header names 4 columns.",
    ]
    found = contacts(empty_db)
    assert sorted(found) == ["C1", "CT000001"]
    assert found["CT000001"].company_no == "C1"


def test_existing_numbers_and_codes(capsys, empty_db, tmp_path):
    """Codes are checked against the database; a No. that exists is an error on its line."""
    open_database(empty_db)
    Salesperson.create(code="JO", name="Jo")
    Language.create(code="ENU", name="English")
    Contact.create(no="C1", name="Old Company", company="C1")
    close_database()
    source = write_csv(tmp_path / "contacts.csv", [
        ["No.", "Name", "Salesperson Code", "Language Code", "Type", "Company No."],
        ["C1", "New Company", "jo", "enu", "Company", ""],
        ["", "Old Company's Person", "JO", "ENU", "Person", "C1"],
    ])
    code, out, err = run(capsys, "import-contacts", source, "--db", empty_db)
    assert code == 2
    assert err.splitlines()[0] == "line 2: No.: Contact C1 already exists."
    code, out, err = run(capsys, "import-contacts", source, "--db", empty_db, "--skip-invalid")
    assert (code, out) == (0, "imported 1, skipped 1\n")
    person = contacts(empty_db)["CT000001"]
    assert (person.company_no, person.company_name, person.salesperson_code, person.language_code) == (
        "C1", "Old Company", "JO", "ENU")


def test_numbers_need_contact_nos(capsys, tmp_path):
    """Without Contact Nos. in Marketing Setup, rows without No. cannot be numbered."""
    source = write_csv(tmp_path / "contacts.csv", [["No.", "Name"], ["", "Nameless Number"], ["K1", "Typed"]])
    db_path = str(tmp_path / "fresh.db")
    code, out, err = run(capsys, "import-contacts", source, "--db", db_path, "--create")
    assert code == 2
    assert err.splitlines()[0] == "line 2: No.: Contact Nos. must have a value in Marketing Setup."


def test_manual_numbers_not_allowed(capsys, tmp_path):
    from tests.cli.conftest import add_contact_series

    db_path = str(tmp_path / "auto.db")
    open_database(db_path)
    add_contact_series(manual=False)
    close_database()
    source = write_csv(tmp_path / "contacts.csv", [["No.", "Name"], ["K1", "Typed"], ["", "Numbered"]])
    code, out, err = run(capsys, "import-contacts", source, "--db", db_path, "--skip-invalid")
    assert code == 0
    assert err.splitlines()[0].startswith("line 2: No.: You may not enter numbers manually.")
    assert sorted(contacts(db_path)) == ["CT000001"]


def test_unknown_columns(capsys, empty_db, tmp_path):
    source = write_csv(tmp_path / "contacts.csv", [["No.", "Name", "Shoe Size", "Blood Type"], ["", "A", "", ""]])
    code, out, err = run(capsys, "import-contacts", source, "--db", empty_db)
    assert code == 2
    assert_one_error_line(err, "unknown columns 'Shoe Size', 'Blood Type'")
    assert contacts(empty_db) == {}


def test_header_without_name(capsys, empty_db, tmp_path):
    source = write_csv(tmp_path / "contacts.csv", [["No.", "City"], ["C1", "Oslo"]])
    code, out, err = run(capsys, "import-contacts", source, "--db", empty_db)
    assert code == 2
    assert_one_error_line(err, "no 'Name' column")


def test_empty_file_and_bad_encoding(capsys, empty_db, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    code, out, err = run(capsys, "import-contacts", str(empty), "--db", empty_db)
    assert code == 2
    assert_one_error_line(err, "is empty")
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("Name\nJosé\n".encode("latin-1"))
    code, out, err = run(capsys, "import-contacts", str(latin), "--db", empty_db)
    assert code == 2
    assert_one_error_line(err, "latin1.csv", "not UTF-8")


def test_missing_file(capsys, empty_db, tmp_path):
    code, out, err = run(capsys, "import-contacts", str(tmp_path / "nope.csv"), "--db", empty_db)
    assert code == 2
    assert_one_error_line(err, "nope.csv", "no such file")


def test_excel_file_with_bom_and_blank_lines(capsys, empty_db, tmp_path):
    source = tmp_path / "excel.csv"
    source.write_bytes("\ufeffNo.;Name\r\n".replace(";", ",").encode("utf-8")
                       + b"E1,\"Multi\nLine\"\r\n\r\nE2,Second\r\n")
    code, out, err = run(capsys, "import-contacts", str(source), "--db", empty_db)
    assert (code, out) == (0, "imported 2, skipped 0\n"), err
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"No.,Name\r\nE3,\"Multi\nLine\"\r\n\r\nE4,\r\n")
    code, out, err = run(capsys, "import-contacts", str(bad), "--db", empty_db)
    assert err.splitlines()[0] == "line 5: Name: Name must have a value."  # the physical line


def test_round_trip(capsys, filled_db, empty_db, tmp_path):
    """An export of contacts imports into another database unchanged."""
    exported = tmp_path / "contacts.csv"
    assert run(capsys, "export", "contacts", "--db", filled_db, "-o", str(exported))[0] == 0
    code, out, err = run(capsys, "import-contacts", str(exported), "--db", empty_db)
    assert (code, out) == (0, "imported 2, skipped 0\n"), err
    before = run(capsys, "export", "contacts", "--db", filled_db)[1]
    after = run(capsys, "export", "contacts", "--db", empty_db)[1]
    assert rows(after) == rows(before)


def test_many_rows_take_few_queries(empty_db, tmp_path):
    """No per-row query: the statements an import sends do not grow with its rows
    (the inserts themselves go through the driver in bulk)."""
    from playhouse.test_utils import count_queries

    from models.contacts.csv_import import import_contacts

    lines = [["No.", "Name", "Type", "Company No.", "E-Mail"]]
    for i in range(3000):
        if i % 3 == 0:
            lines.append([f"C{i}", f"Company {i}", "Company", "", f"c{i}@example.com"])
        else:
            lines.append(["", f"Person {i}", "Person", f"C{i - i % 3}", ""])
    source = write_csv(tmp_path / "many.csv", lines)
    open_database(empty_db)
    with count_queries() as counter:
        report = import_contacts(source)
    assert (report.imported, report.errors) == (3000, [])
    assert counter.count < 30
    assert Contact.select().where(Contact.company == "C2997").count() == 3
    assert Contact.get(Contact.no == "CT002000").company_name == "Company 2997"
    close_database()
