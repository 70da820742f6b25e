"""relman segment …: a monthly runbook as a user's script runs it, on SQLite and PostgreSQL;
the criteria text round trip; questions without --yes and wrong filters as one-line errors;
the Segment Criteria view's Copy as Text gives the same commands."""

from __future__ import annotations

import json

import pytest

from models.base.db import close_database
from models.segments.criteria import describe_views
from models.segments.criteria_text import views_from_text
from models.tables.interactions import InteractionLogEntry
from models.tables.schema import open_database
from models.tables.segments import (
    LoggedSegment,
    SegmentCriteriaLine,
    SegmentHeader,
    SegmentLine,
)
from tests.cli.helpers import assert_one_error_line, run

NEWS = "Contact: City=L*; Mailing Group: Code=NEWS"


@pytest.fixture(params=["sqlite", "postgres"])
def demo(request, tmp_path, capsys):
    """A demo database (60 contacts) made by `relman demo`; yields its path or URL."""
    target = str(tmp_path / "demo.db") if request.param == "sqlite" else request.getfixturevalue("pg_cli_url")
    code, _out, err = run(capsys, "demo", "--db", target, "--contacts", "60")
    assert code == 0, err
    return target


def segment(capsys, target: str, *argv: str) -> tuple[int, str, str]:
    return run(capsys, "segment", *argv, "--db", target)


def held(target: str, fn):
    """What the database holds now (every command has closed its connection)."""
    open_database(target)
    try:
        return fn()
    finally:
        close_database()


def test_a_monthly_runbook(capsys, demo):
    code, out, err = segment(capsys, demo, "new", "--description", "Newsletter", "--template", "NEWS",
                             "--salesperson", "JR")
    assert code == 0, err
    no = out.strip()
    assert err.strip() == f"New segment {no} (Newsletter)."

    code, out, err = segment(capsys, demo, "add", no, "--filter", NEWS, "--json")
    assert code == 0, err
    assert json.loads(out)["added"] > 0
    code, out, err = segment(capsys, demo, "add", no, "--expand-companies", "--filter", "Contact: City=B*")
    assert (code, out) == (0, "")  # steps go to stderr
    assert err.startswith(f"Add Contacts on {no}: ")
    code, out, err = segment(capsys, demo, "reduce", no, "--filter", "Contact: Type=Company", "--json")
    assert code == 0, err
    lines = json.loads(out)["lines"]

    # the criteria come back as the commands that made them (the view's Copy as Text)
    code, out, err = segment(capsys, demo, "criteria", no)
    assert out.splitlines() == [
        f'relman segment add "$SEGMENT" --filter "{NEWS}"',
        'relman segment add "$SEGMENT" --expand-companies --filter "Contact: City=B*"',
        'relman segment reduce "$SEGMENT" --filter "Contact: Type=Company"',
    ]
    # saved criteria show as the same text
    assert segment(capsys, demo, "save-criteria", no, "MONTHLY")[0] == 0
    assert segment(capsys, demo, "criteria", "--saved", "monthly")[1] == out
    code, _out, err = segment(capsys, demo, "criteria", "--saved", "NOPE")
    assert code == 2 and "Saved Segment Criteria NOPE does not exist." in err
    code, out, err = segment(capsys, demo, "lines", no, "--format", "json")
    rows = json.loads(out)
    assert len(rows) == lines and {r["Interaction Template Code"] for r in rows} == {"NEWS"}

    # Log is the app's dialog: a question, so it needs --yes; without it nothing is logged
    code, out, err = segment(capsys, demo, "log", no, "--follow-up")
    assert code == 2
    assert_one_error_line(err, f'"Log segment {no}?', "--yes")
    code, out, err = segment(capsys, demo, "log", no, "--follow-up", "--yes", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["entries"] == lines

    def logged():
        ile = InteractionLogEntry
        entry = LoggedSegment.get(LoggedSegment.segment_no == no).entry_no
        follow_up = SegmentLine.select().where(SegmentLine.segment == result["follow_up_segment_no"]).count()
        return (entry, ile.select().where(ile.logged_segment_entry_no == entry).count(),
                SegmentHeader.select().where(SegmentHeader.no == no).exists(), follow_up)

    assert held(demo, logged) == (result["logged_segment_entry_no"], lines, False, lines)


def test_questions_need_yes_and_filters_are_named(capsys, tmp_path):
    target = str(tmp_path / "demo.db")
    assert run(capsys, "demo", "--db", target, "--contacts", "60")[0] == 0
    code, out, err = segment(capsys, target, "new", "--description", "Test")
    no = out.strip()
    assert segment(capsys, target, "add", no, "--filter", "Contact: City=L*")[0] == 0

    for text, fragment in [("Contcat: City=L*", "There is no criteria table 'Contcat'"),
                           ("Contact: Town=L*", "Contact has no field 'Town'"),
                           ("City=L*", "names no table"),
                           ("Interaction: Date=soon", "Interaction › Date: 'soon' is not a date")]:
        code, out, err = segment(capsys, target, "reduce", no, "--filter", text)
        assert code == 2, text
        assert_one_error_line(err, "relman: error: --filter: ", fragment)

    code, out, err = segment(capsys, target, "go-back", no)
    assert code == 2
    assert_one_error_line(err, '"This undoes the last criteria action. Continue?" needs an answer', "--yes")

    def criteria() -> int:
        return SegmentCriteriaLine.select().where(SegmentCriteriaLine.segment == no).count()

    assert held(target, criteria) == 2  # nothing was undone: the Action line and its filter
    code, out, err = segment(capsys, target, "go-back", no, "--yes")
    assert code == 0, err
    assert held(target, criteria) == 0


@pytest.mark.parametrize("text", [
    "Contact: City=L*; Mailing Group: Code=NEWS",
    "Contact: Name=Robert Townes, Jr., Type=Person, E-Mail=''; Interaction: Date=2026-01-01.., Evaluation=Positive",
    "Contact: City='A; B: c'|Oslo; Industry Group: Code=RETAIL|IT",
])
def test_the_criteria_text_is_a_round_trip(sqlite_db, text):
    views = views_from_text(text)
    assert describe_views(views) == text
    assert views_from_text(describe_views(views)) == views
    assert views_from_text("mailing group: mailing group code=NEWS") == {"Mailing Group": {"Mailing Group Code": "NEWS"}}


async def test_copy_as_text_in_the_criteria_view(capsys, tmp_path):
    from tests.tui.conftest import SIZE, wait_for
    from tui.app import RelmanApp
    from tui.screens.criteria_view import CriteriaTextDialog, CriteriaView

    target = str(tmp_path / "demo.db")
    assert run(capsys, "demo", "--db", target, "--contacts", "60")[0] == 0
    no = segment(capsys, target, "new", "--description", "Copy")[1].strip()
    assert segment(capsys, target, "add", no, "--allow-existing", "--filter", NEWS)[0] == 0
    commands = segment(capsys, target, "criteria", no)[1].strip()

    app = RelmanApp(target, start_page=f"segment:{no}")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f10", "f10", "c")  # Criteria
        await wait_for(pilot, lambda: isinstance(app.screen, CriteriaView), "the Segment Criteria view")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CriteriaTextDialog), "Copy as Text")
        assert app.clipboard == commands
        assert app.clipboard == f'relman segment add "$SEGMENT" --allow-existing --filter "{NEWS}"'
