"""relman import-links KIND FILE.csv: a contact's groups and alternative addresses, every row
checked, all or nothing unless --skip-invalid; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from models.base.db import close_database
from models.base.enums import ContactType
from models.contacts.links_import import FILES
from models.tables.contacts import (
    Contact,
    ContactMailingGroup,
    IndustryGroup,
    MailingGroup,
    active_alt_address,
)
from models.tables.schema import open_database
from tests.cli.helpers import assert_one_error_line, run, write_csv
from tui.cli import LINK_KINDS


def held(target: str, fn):
    open_database(target)
    try:
        return fn()
    finally:
        close_database()


@pytest.fixture(params=["sqlite", "postgres"])
def target(request, tmp_path):
    """A company CT1 with a person CT2, groups NEWS and XMAS, industry group RETAIL."""
    db = str(tmp_path / "links.db") if request.param == "sqlite" else request.getfixturevalue("pg_cli_url")

    def fill():
        Contact.create(no="CT1", name="Adatum", type=ContactType.COMPANY, company="CT1")
        Contact.create(no="CT2", name="Robert Townes", type=ContactType.PERSON, company="CT1")
        MailingGroup.create(code="NEWS", description="Newsletter")
        MailingGroup.create(code="XMAS", description="Christmas cards")
        IndustryGroup.create(code="RETAIL", description="Retail")

    held(db, fill)
    return db


def members(target: str) -> list[tuple[str, str]]:
    link = ContactMailingGroup
    return held(target, lambda: sorted(link.select(link.contact, link.target).tuples()))


def test_a_bad_row_imports_nothing(capsys, target, tmp_path):
    assert sorted(LINK_KINDS) == sorted(FILES)  # the command offers every kind the import reads
    source = write_csv(tmp_path / "groups.csv", [
        ["Contact No.", "Mailing Group Code"],
        ["ct1", "news"],  # line 2
        ["CT2", "NOPE"],  # line 3
        ["CT2", "XMAS"],  # line 4
    ])
    code, out, err = run(capsys, "import-links", "mailing-groups", source, "--db", target)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "line 3: Mailing Group Code: Mailing Group 'NOPE' does not exist."
    assert_one_error_line("\n".join(lines[1:]), "1 row is invalid; nothing was imported")
    assert members(target) == []

    code, out, err = run(capsys, "import-links", "mailing-groups", source, "--db", target, "--skip-invalid")
    assert (code, out) == (0, "imported 2, skipped 1\n"), err
    assert members(target) == [("CT1", "NEWS"), ("CT2", "XMAS")]

    # a link that is there, and a person's industry group (kept on its company), are refused
    again = write_csv(tmp_path / "again.csv", [["Contact No.", "Mailing Group Code"], ["CT1", "NEWS"]])
    code, _out, err = run(capsys, "import-links", "mailing-groups", again, "--db", target)
    assert code == 2
    assert err.startswith("line 2: Mailing Group Code: Contact CT1 already has Mailing Group NEWS.\n")
    person = write_csv(tmp_path / "industry.csv", [["Contact No.", "Industry Group Code"], ["CT2", "RETAIL"]])
    code, _out, err = run(capsys, "import-links", "industry-groups", person, "--db", target)
    assert code == 2
    assert err.startswith("line 2: Contact No.: Contact CT2 is a person: industry groups are kept on its "
                          "company (CT1).\n")


def test_alternative_addresses_and_their_date_ranges(capsys, target, tmp_path):
    addresses = write_csv(tmp_path / "addresses.csv", [
        ["Contact No.", "Code", "Address", "City", "E-Mail"],
        ["CT1", "WAREHOUSE", "Dock 4", "Oslo", "dock@adatum.example"],
    ])
    code, out, err = run(capsys, "import-links", "alt-addresses", addresses, "--db", target)
    assert (code, out) == (0, "imported 1, skipped 0\n"), err
    ranges = write_csv(tmp_path / "ranges.csv", [
        ["Contact No.", "Starting Date", "Ending Date", "Contact Alt. Address Code"],
        ["CT1", "2026-02-01", "2026-02-28", "WAREHOUSE"],
        ["CT1", "2026-03-01", "2026-02-01", "WAREHOUSE"],  # line 3: ends before it starts
    ])
    code, _out, err = run(capsys, "import-links", "alt-address-date-ranges", ranges, "--db", target)
    assert code == 2
    assert err.startswith("line 3: Ending Date: Ending Date must not be before Starting Date.\n")
    code, out, err = run(capsys, "import-links", "alt-address-date-ranges", ranges, "--db", target,
                         "--skip-invalid")
    assert (code, out) == (0, "imported 1, skipped 1\n"), err
    # letters use the address in its range (models.segments.defaults reads the same table)
    assert held(target, lambda: [active_alt_address("CT1", dt.date(2026, 2, d)) for d in (1, 28)]) == [
        "WAREHOUSE", "WAREHOUSE"]
    assert held(target, lambda: active_alt_address("CT1", dt.date(2026, 3, 1))) == ""
