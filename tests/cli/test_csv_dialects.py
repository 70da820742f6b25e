"""The CSV files Excel writes in any region: semicolons and tabs sniffed on import (with a
BOM, a quoted comma), ``export --excel`` in the office locale, and the round trip."""

from __future__ import annotations

import csv
import io

from models.base.csv_dialect import excel_dialect, sniff
from models.base.db import close_database
from models.tables.contacts import Contact
from models.tables.schema import open_database
from tests.cli.helpers import assert_one_error_line, run


def names(db_path) -> dict[str, str]:
    open_database(db_path)
    try:
        return {c.no: c.name for c in Contact.select()}
    finally:
        close_database()


def test_semicolon_file_with_bom_and_quoted_comma(capsys, empty_db, tmp_path):
    source = tmp_path / "excel-de.csv"
    source.write_bytes("\ufeffNo.;Name;City\r\nK1;\"Townes, Jr.\";Köln\r\nK2;Müller GmbH;\"Bonn; Rhein\"\r\n"
                       .encode("utf-8"))
    code, out, err = run(capsys, "import-contacts", str(source), "--db", empty_db)
    assert (code, out, err) == (0, "imported 2, skipped 0\n", "read as semicolon-separated\n")
    assert names(empty_db) == {"K1": "Townes, Jr.", "K2": "Müller GmbH"}


def test_tab_file_and_its_row_errors(capsys, empty_db, tmp_path):
    source = tmp_path / "unicode-text.txt"
    source.write_text("No.\tName\tE-Mail\nT1\tTab One\t\nT2\tTab Two\tnot-an-address\n", encoding="utf-8")
    code, out, err = run(capsys, "import-contacts", str(source), "--db", empty_db)
    assert code == 2  # all or nothing, line N: Field: reason, as for commas
    assert err.splitlines()[:2] == ["read as tab-separated",
                                    "line 3: E-Mail: E-Mail 'not-an-address' is not a valid e-mail address."]
    code, out, err = run(capsys, "import-contacts", str(source), "--db", empty_db, "--skip-invalid")
    assert (code, out) == (0, "imported 1, skipped 1\n"), err
    assert names(empty_db) == {"T1": "Tab One"}


def test_not_text_is_one_line(capsys, empty_db, tmp_path):
    binary = tmp_path / "contacts.xlsx"
    binary.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5U8\xa0")
    code, out, err = run(capsys, "import-contacts", str(binary), "--db", empty_db)
    assert (code, out) == (2, "")
    assert_one_error_line(err, "contacts.xlsx", "not UTF-8 text")
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes("No.\tName\nU1\tUni\n".encode("utf-16"))  # Excel's "Unicode Text"
    code, _out, err = run(capsys, "import-contacts", str(utf16), "--db", empty_db)
    assert code == 2
    assert_one_error_line(err, "unicode.txt", "UTF-16", "CSV UTF-8")


def test_sniff():
    assert sniff('No.;Name\nK1;"Townes, Jr."\nK2;"A, B, C"\n') == ";"
    assert sniff('No.,Name\nK1,"Meier; Söhne"\n') == ","
    assert sniff("Name\nOne, Two\n") == ","  # one column: nothing to sniff, the comma
    assert sniff("No.\tName\nK1\tA, B; C\n") == "\t"


def test_export_for_excel_in_germany_and_back(capsys, filled_db, empty_db, tmp_path, monkeypatch):
    monkeypatch.setenv("RELMAN_MERGE_LOCALE", "de_DE")
    target = tmp_path / "kontakte.csv"
    code, out, err = run(capsys, "export", "contacts", "--db", filled_db, "--excel", "-o", str(target))
    assert code == 0, err
    assert err == f"exported 2 rows to {target} for Excel in de_DE (semicolon-separated)\n"
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfNo.;Type;Name;")
    assert b"CT000002;Person;Robert Townes, Jr.;" in data  # the comma needs no quotes
    code, out, err = run(capsys, "export", "segment-lines", "--db", filled_db, "--excel")
    assert code == 0, err
    line = next(csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert line["Cost (LCY)"] == "12,50"  # the locale's decimal symbol

    code, out, err = run(capsys, "import-contacts", str(target), "--db", empty_db)
    assert (code, out, err) == (0, "imported 2, skipped 0\n", "read as semicolon-separated\n")
    before = run(capsys, "export", "contacts", "--db", filled_db)[1]
    after = run(capsys, "export", "contacts", "--db", empty_db)[1]
    assert after == before


def test_excel_dialect_follows_the_decimal_symbol():
    assert (excel_dialect("en_US").delimiter, excel_dialect("en_US").decimal) == (",", ".")
    assert (excel_dialect("sv_SE").delimiter, excel_dialect("sv_SE").decimal) == (";", ",")
    assert excel_dialect("de_CH").delimiter == ","  # Swiss German writes 1’234.50
