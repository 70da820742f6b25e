"""relman export TABLE: CSV with Business Central captions, enums as labels, streamed."""

from __future__ import annotations

import pytest

from tests.cli.helpers import assert_one_error_line, header, rows, run

CONTACT_HEADER = [
    "No.", "Type", "Name", "Name 2", "Search Name", "Company No.", "Company Name", "First Name",
    "Middle Name", "Surname", "Initials", "Job Title", "Address", "Address 2", "Post Code", "City",
    "County", "Country/Region Code", "Phone No.", "Mobile Phone No.", "Fax No.", "E-Mail", "Home Page",
    "VAT Registration No.", "Salutation Code", "Language Code", "Salesperson Code", "Territory Code",
    "Exclude from Segment", "Correspondence Type", "Privacy Blocked",
]


def test_contacts(capsys, filled_db):
    code, out, err = run(capsys, "export", "contacts", "--db", filled_db)
    assert code == 0, err
    assert header(out) == CONTACT_HEADER
    company, person = rows(out)
    assert company["No."] == "CT000001"
    assert company["Type"] == "Company"
    assert company["Company No."] == "CT000001"
    assert company["Exclude from Segment"] == "Yes"
    assert company["Correspondence Type"] == "Hard Copy"
    assert company["E-Mail"] == "info@adatum.example"
    assert company["Language Code"] == ""  # a blank code reference
    assert person["Type"] == "Person"
    assert person["Name"] == "Robert Townes, Jr."  # a comma survives quoting
    assert person["Company Name"] == "Adatum Corporation"
    assert person["Correspondence Type"] == "Email"
    assert person["Exclude from Segment"] == "No"


def test_segments(capsys, filled_db):
    code, out, err = run(capsys, "--db", filled_db, "export", "segments")
    assert code == 0, err
    names = header(out)
    for caption in ("No.", "Description", "Campaign No.", "Salesperson Code",
                    "Correspondence Type (Default)", "Interaction Template Code", "Unit Cost (LCY)",
                    "Unit Duration (Min.)", "Date", "Information Flow", "Initiated By", "No. Series",
                    "Language Code (Default)", "Send Word Docs. as Attmt.", "Ignore Contact Corres. Type",
                    "Subject (Default)", "Word Template Code"):
        assert caption in names
    assert names[:2] == ["No.", "Description"]
    (segment,) = rows(out)
    assert segment["No."] == "SEG00002"
    assert segment["Date"] == "2026-01-26"
    assert segment["Correspondence Type (Default)"] == "Email"
    assert segment["Unit Cost (LCY)"] == "12.50"
    assert segment["Unit Duration (Min.)"] == "15"
    assert segment["Information Flow"] == "Outbound"
    assert segment["Initiated By"] == "Us"
    assert segment["Subject (Default)"] == "Spring offers"


def test_segment_lines(capsys, filled_db):
    code, out, err = run(capsys, "export", "segment-lines", "--db", filled_db)
    assert code == 0, err
    assert header(out)[:3] == ["Segment No.", "Line No.", "Contact No."]
    assert "Cost (LCY)" in header(out) and "Send Word Doc. As Attmt." in header(out)
    (line,) = rows(out)
    assert (line["Segment No."], line["Line No."], line["Contact No."]) == ("SEG00002", "10000", "CT000002")
    assert line["Contact Company No."] == "CT000001"
    assert line["Correspondence Type"] == "Email"
    assert line["Evaluation"] == ""  # blank enum value


def test_interaction_log_has_no_postponed_entries(capsys, filled_db):
    code, out, err = run(capsys, "export", "interaction-log", "--db", filled_db)
    assert code == 0, err
    names = header(out)
    assert names[:4] == ["Entry No.", "Contact No.", "Contact Company No.", "Date"]
    for caption in ("Cost (LCY)", "Duration (Min.)", "User ID", "Time of Interaction", "To-do No.",
                    "Logged Segment Entry No.", "Interaction Language Code", "E-Mail Logged", "Postponed"):
        assert caption in names
    (entry,) = rows(out)
    assert entry["Description"] == "Winter mailing"
    assert entry["Evaluation"] == "Very Positive"
    assert entry["Time of Interaction"] == "09:30:00"
    assert entry["Cost (LCY)"] == "1.25"
    assert entry["Postponed"] == "No"


def test_postponed(capsys, filled_db):
    code, out, err = run(capsys, "export", "postponed", "--db", filled_db)
    assert code == 0, err
    (entry,) = rows(out)
    assert entry["Description"] == "Call back"
    assert entry["Postponed"] == "Yes"
    assert entry["Initiated By"] == "Them"
    assert entry["Information Flow"] == "Inbound"
    assert entry["Wizard Step"] == "2"


def test_logged_segments(capsys, filled_db):
    code, out, err = run(capsys, "export", "logged-segments", "--db", filled_db)
    assert code == 0, err
    assert header(out) == ["Entry No.", "Segment No.", "Description", "Creation Date", "User ID", "Canceled"]
    (logged,) = rows(out)
    assert logged == {"Entry No.": "1", "Segment No.": "SEG00001", "Description": "Winter mailing",
                      "Creation Date": "2026-01-27", "User ID": "TESTER", "Canceled": "No"}


def test_empty_table_is_a_header_only(capsys, empty_db):
    code, out, err = run(capsys, "export", "segments", "--db", empty_db)
    assert code == 0, err
    assert len(out.splitlines()) == 1 and out.startswith("No.,Description,")


def test_output_file(capsys, filled_db, tmp_path):
    target = tmp_path / "contacts.csv"
    code, out, err = run(capsys, "export", "contacts", "--db", filled_db, "--output", str(target))
    assert code == 0, err
    assert out == ""
    assert "exported 2 rows" in err
    assert header(target.read_text(encoding="utf-8")) == CONTACT_HEADER


def test_unwritable_output(capsys, filled_db):
    code, out, err = run(capsys, "export", "contacts", "--db", filled_db, "--output", "/proc/x/contacts.csv")
    assert code == 2
    assert_one_error_line(err, "Cannot write /proc/x/contacts.csv")


def test_unknown_table(capsys, filled_db):
    code, out, err = run(capsys, "export", "customers", "--db", filled_db)
    assert code == 2
    assert_one_error_line(err, "'customers'", "contacts")


@pytest.mark.parametrize("table", ["contacts", "interaction-log"])
def test_postgres(capsys, pg_cli_url, table, tmp_path):
    """The same export from a PostgreSQL database (a declared cursor streams the rows)."""
    from tests.cli.helpers import write_csv

    odd = "Street 1\nBack\\slash\tTab, \"quoted\""  # what COPY's text format must escape
    source = write_csv(tmp_path / "in.csv", [["No.", "Name", "Type", "Company No.", "Address"],
                                             ["P1", "Person One", "Person", "C1", ""],
                                             ["C1", "Company One", "Company", "", odd]])
    code, out, err = run(capsys, "import-contacts", source, "--db", pg_cli_url)
    assert (code, out) == (0, "imported 2, skipped 0\n"), err
    code, out, err = run(capsys, "export", table, "--db", pg_cli_url)
    assert code == 0, err
    if table == "contacts":
        assert [(r["No."], r["Company No."], r["Company Name"]) for r in rows(out)] == [
            ("C1", "C1", "Company One"), ("P1", "C1", "Company One")]
        assert rows(out)[0]["Address"] == odd
    else:
        assert len(out.splitlines()) == 1


# ---------------------------------------------------------------- the output file (models/base/files.py)


def test_output_to_dev_null_keeps_it(capsys, filled_db, tmp_path):
    """`-o /dev/null` writes into the device; it is never replaced nor removed (as root,
    a failed export used to delete /dev/null). A private node when we may make one."""
    import os
    import stat

    from tests.models.test_files import char_device

    null = char_device(tmp_path, "null", 3)
    code, out, err = run(capsys, "export", "contacts", "--db", filled_db, "-o", str(null))
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(null).st_mode)


@pytest.mark.parametrize("failure", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_export_keeps_the_file_that_was_there(capsys, filled_db, tmp_path, monkeypatch, failure):
    import models.contacts.csv_export

    def half_then_stop(table, out):
        out.write("No.,Name\nCT000001,half")
        raise failure("Ctrl+C")

    monkeypatch.setattr(models.contacts.csv_export, "export_table", half_then_stop)
    kept, new = tmp_path / "kept.csv", tmp_path / "new.csv"
    kept.write_text("yesterday's export\n")
    for target in (kept, new):
        code, out, err = run(capsys, "export", "contacts", "--db", filled_db, "-o", str(target))
        assert code == (130 if failure is KeyboardInterrupt else 1)
    assert kept.read_text() == "yesterday's export\n"
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv" or p.name.startswith(".")) == [
        "kept.csv"]  # no temporary file left


def test_output_is_readable_by_colleagues_with_umask_022(capsys, filled_db, tmp_path):
    import os
    import stat

    saved = os.umask(0o022)
    try:
        code, out, err = run(capsys, "export", "contacts", "--db", filled_db, "-o", str(tmp_path / "c.csv"))
    finally:
        os.umask(saved)
    assert code == 0, err
    assert stat.S_IMODE(os.stat(tmp_path / "c.csv").st_mode) == 0o644


def test_output_through_a_link_out_of_its_folder_is_refused(capsys, filled_db, tmp_path):
    (tmp_path / "shared").mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("mine")
    planted = tmp_path / "shared" / "contacts.csv"
    planted.symlink_to(secret)
    code, out, err = run(capsys, "export", "contacts", "--db", filled_db, "-o", str(planted))
    assert code == 2
    assert_one_error_line(err, "it is a symbolic link to", "outside its folder")
    assert secret.read_text() == "mine"
