"""Add / Reduce / Refine Contacts, Go Back, saved criteria and reuse (SPEC 2.9–2.14, 2.16; checklist 8.D, 8.E).

Item 36 (Sales/purchase value-entry filters) is not tested: value entries are out
of scope (SPEC scope note), so the dialogs offer no such tab.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from models.base.db import close_database, db
from models.base.enums import (
    CriteriaAction,
    CriteriaLineType,
    Evaluation,
    HistoryAction,
)
from models.base.errors import FieldError, UserError
from models.filters import FilterError
from models.segments import selection
from models.segments.actions import add_contacts, reduce_contacts, refine_contacts
from models.segments.contacts_out import apply_mailing_group, export_contacts
from models.segments.criteria import no_of_criteria_actions
from models.segments.explain import criteria_rows, why_here
from models.segments.go_back import go_back
from models.segments.reuse import (
    delete_saved_criteria,
    reuse_criteria,
    reuse_criteria_question,
    reuse_segment,
    reuse_segment_question,
    save_criteria,
)
from models.segments.segment import create_segment
from models.segments.selection import (
    AddOptions,
    count_matches,
    count_removals,
    matching_contacts,
)
from models.tables.contacts import (
    BusinessRelation,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
)
from models.tables.interactions import InteractionLogEntry
from models.tables.schema import MODELS, SchemaVersion, open_database
from models.tables.segments import (
    LoggedSegment,
    SavedSegmentCriteria,
    SavedSegmentCriteriaLine,
    SegmentHistory,
    SegmentLine,
)
from tests.conftest import reset_postgres
from tests.helpers import Asked, criteria_lines, line_contacts, numbered_contacts, segment_history
from tests.models import segment_builders as sb

LONDON = {"Contact": {"City": "London"}}


def groups(model, *codes):
    for code in codes:
        model.create(code=code, description=code)


@pytest.fixture(scope="module")
def pg_schema(request):
    """A PostgreSQL schema made once for this module (skipped when no server answers)."""
    url = request.getfixturevalue("pg_url")
    reset_postgres(url)
    open_database(url)
    close_database()
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def seg_db(request, tmp_path):
    """The backends of ``any_db`` (a new SQLite file; PostgreSQL), with PostgreSQL emptied by
    DELETEs between tests instead of a new schema each time (0.02 s instead of 0.3 s)."""
    if request.param == "sqlite":
        target = str(tmp_path / "relman.db")
        open_database(target)
    else:
        target = request.getfixturevalue("pg_schema")
        open_database(target)
        with db.atomic():
            for model in reversed(MODELS):  # referencing tables first
                if model is not SchemaVersion:
                    model.delete().execute()
    yield target
    close_database()


@pytest.fixture
def world(seg_db):
    """Companies Alpha (CA: P1, P2) and Beta (CB: P3), a free person P4, excluded company Xeno
    (CX, with P5), their mailing groups, job responsibilities, industry groups, business
    relations and interactions; an empty segment S1."""
    sb.company("CA", "Alpha", city="London", territory_code="NORTH")
    sb.person("P1", "Anna Alpha", "CA", city="London")
    sb.person("P2", "Bert Alpha", "CA", city="Leeds")
    sb.company("CB", "Beta", city="Paris")
    sb.person("P3", "Carl Beta", "CB", city="Paris")
    sb.person("P4", "Dora Free", None, city="London")
    sb.company("CX", "Xeno", city="London", exclude_from_segment=True)
    sb.person("P5", "Eve Xeno", "CX", city="Paris")
    groups(MailingGroup, "M1", "M2", "NEWS")
    groups(JobResponsibility, "BUY", "IT")
    groups(IndustryGroup, "RETAIL", "WHOLESALE")
    groups(BusinessRelation, "CUST", "VEND")
    for contact, group in (("CA", "M1"), ("P1", "M1"), ("P1", "M2"), ("P4", "M2")):
        ContactMailingGroup.create(contact=contact, target=group)
    ContactJobResponsibility.create(contact="P1", target="BUY")
    ContactJobResponsibility.create(contact="P3", target="IT")
    ContactIndustryGroup.create(contact="CA", target="RETAIL")
    ContactIndustryGroup.create(contact="CB", target="WHOLESALE")
    ContactBusinessRelation.create(contact="CB", target="CUST")
    ile = InteractionLogEntry
    ile.create(contact="P1", contact_company_no="CA", date=dt.date(2026, 1, 10), segment_no="SEGX",
               campaign_no="CP1", evaluation=Evaluation.POSITIVE, interaction_template_code="LETTER",
               salesperson_code="JR")
    ile.create(contact="P3", contact_company_no="CB", date=dt.date(2025, 12, 1), segment_no="SEGY",
               campaign_no="CP2", evaluation=Evaluation.NEGATIVE, interaction_template_code="CALL",
               salesperson_code="EO")
    ile.create(contact="P4", date=dt.date(2026, 1, 12), interaction_template_code="LETTER", postponed=True)
    create_segment("S1", description="Spring")
    return seg_db


# ---------------------------------------------------------------------------
# 8.D Add Contacts


def test_add_contact_filters_lines_spaced_after_last(world):
    """8.D 32: Add Contacts with only Contact filters adds every matching contact, lines
    spaced by 10000 after the last line (order Company Name, Company No., Type, Name)."""
    assert add_contacts("S1", LONDON) == 3  # CX is excluded
    assert numbered_contacts() == [(10000, "P4"), (20000, "CA"), (30000, "P1")]
    assert add_contacts("S1", {"Contact": {"City": "Paris"}}) == 3
    assert numbered_contacts()[3:] == [(40000, "CB"), (50000, "P3"), (60000, "P5")]
    assert segment_history() == [
        (1, 10000, "P4", HistoryAction.INSERTION), (1, 20000, "CA", HistoryAction.INSERTION),
        (1, 30000, "P1", HistoryAction.INSERTION), (2, 40000, "CB", HistoryAction.INSERTION),
        (2, 50000, "P3", HistoryAction.INSERTION), (2, 60000, "P5", HistoryAction.INSERTION),
    ]  # SPEC 2.9 step 4: a history Insertion per new line, for the current action
    seen = []
    add_contacts("S1", {"Contact": {"City": "Leeds"}}, progress=lambda fraction, _text: seen.append(fraction))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)  # progress at stage boundaries
    with pytest.raises(UserError, match="Segment NOPE does not exist"):
        add_contacts("NOPE", LONDON)


def test_add_combines_tabs_with_and_exists_within_a_tab(world):
    """8.D 33: tabs combine with AND; within a tab any matching related record suffices."""
    assert add_contacts("S1", {"Contact": {"City": "London"}, "Mailing Group": {"Mailing Group Code": "M2"}}) == 2
    assert sorted(line_contacts()) == ["P1", "P4"]
    go_back("S1")
    # P1 is in M1 and M2: one line, not two
    add_contacts("S1", {"Mailing Group": {"Mailing Group Code": "M1|M2"}})
    assert sorted(line_contacts()) == ["CA", "P1", "P4"]
    go_back("S1")
    add_contacts("S1", {"Mailing Group": {"Mailing Group Code": "M2"},
                           "Job Responsibility": {"Job Responsibility Code": "BUY"}})
    assert line_contacts() == ["P1"]


def test_industry_group_and_business_relation_on_the_company(world):
    """8.D 34: Industry Group and Business Relation filters are evaluated on the contact's
    company: its persons inherit them; a person without a company has none."""
    add_contacts("S1", {"Industry Group": {"Industry Group Code": "RETAIL"}})
    assert sorted(line_contacts()) == ["CA", "P1", "P2"]
    go_back("S1")
    add_contacts("S1", {"Business Relation": {"Business Relation Code": "CUST"}})
    assert sorted(line_contacts()) == ["CB", "P3"]
    go_back("S1")
    add_contacts("S1", {"Industry Group": {"Industry Group Code": "RETAIL|WHOLESALE"},
                           "Contact": {"Type": "Person"}})
    assert sorted(line_contacts()) == ["P1", "P2", "P3"]


INTERACTION_CASES = [
    ({"Date": "2026-01-01..2026-01-31"}, ["P1"]),
    ({"Date": "..2025-12-31"}, ["P3"]),
    ({"Segment No.": "SEGY"}, ["P3"]),
    ({"Campaign No.": "CP1"}, ["P1"]),
    ({"Evaluation": "Positive|Very Positive"}, ["P1"]),
    ({"Evaluation": "Negative"}, ["P3"]),
    ({"Interaction Template Code": "LETTER"}, ["P1"]),  # P4's postponed draft does not count
    ({"Salesperson Code": "EO"}, ["P3"]),
    ({"Interaction Template Code": "LETTER|CALL", "Salesperson Code": "JR"}, ["P1"]),
    ({"Canceled": "No"}, ["P1", "P3"]),
]


def test_interaction_tab(world):
    """8.D 35: the Interaction tab matches contacts with a logged (not postponed) interaction
    meeting the filters (date, segment, campaign, evaluation, template, salesperson)."""
    for view, expected in INTERACTION_CASES:
        selected = sorted(no for (no,) in matching_contacts({"Interaction": view}, None, "S1").tuples())
        assert selected == expected, view
    add_contacts("S1", {"Interaction": {"Interaction Template Code": "LETTER|CALL"}})
    assert sorted(line_contacts()) == ["P1", "P3"]


def test_allow_existing_contacts(world):
    """8.D 37: Allow Existing Contacts = false skips contacts already in the segment; true
    allows duplicates."""
    add_contacts("S1", LONDON)
    assert add_contacts("S1", {"Contact": {"City": "London|Paris"}}) == 3  # only CB, P3, P5 are new
    assert add_contacts("S1", LONDON) == 0
    assert add_contacts("S1", LONDON, AddOptions(allow_existing_contacts=True)) == 3
    assert sorted(line_contacts()).count("P1") == 2


def test_expand_companies(world):
    """8.D 38: Expand Companies replaces a selected contact with its whole company (the
    company and all its persons); a contact without a company stays alone; an excluded
    company stays out unless Ignore Exclusion."""
    add_contacts("S1", {"Contact": {"No.": "P1|P4"}}, AddOptions(expand_companies=True))
    assert sorted(line_contacts()) == ["CA", "P1", "P2", "P4"]
    go_back("S1")
    add_contacts("S1", {"Contact": {"No.": "P5"}}, AddOptions(expand_companies=True))
    assert line_contacts() == ["P5"]
    go_back("S1")
    add_contacts("S1", {"Contact": {"No.": "P5"}}, AddOptions(expand_companies=True, ignore_exclusion=True))
    assert sorted(line_contacts()) == ["CX", "P5"]


def test_allow_related_companies(world):
    """8.D 39: Allow Related Companies adds the company of each selected person (after Expand
    Companies); without it only the matched contacts are added."""
    add_contacts("S1", {"Contact": {"No.": "P2|P3|P4"}}, AddOptions(allow_related_companies=True))
    assert sorted(line_contacts()) == ["CA", "CB", "P2", "P3", "P4"]
    go_back("S1")
    add_contacts("S1", {"Contact": {"No.": "P2|P3|P4"}})
    assert sorted(line_contacts()) == ["P2", "P3", "P4"]


@pytest.fixture
def mailing(world):
    """Company A, person B (no company), person C (employee of A)."""
    sb.company("A", "Acme")
    sb.person("B", "Bea", None)
    sb.person("C", "Cid", "A")
    MailingGroup.create(code="M", description="M")
    return world


def _in_group_m(*members: str) -> None:
    ContactMailingGroup.delete().where(ContactMailingGroup.target == "M").execute()
    for c in members:
        ContactMailingGroup.create(contact=c, target="M")


def _add_group_m(**options) -> list[str]:
    add_contacts("S1", {"Mailing Group": {"Mailing Group Code": "M"}}, AddOptions(**options))
    added = sorted(line_contacts())
    go_back("S1")
    return added


def test_mailing_group_scenarios(mailing):
    """SPEC 2.9 tested behaviours / 8.D 39 (Allow Related Companies on mailing groups):
    (a) A, B and C all in group M -> A, B, C with or without Allow Related Companies (A once);
    (b) only B and C in M -> with it C's company A comes too, without it only B and C;
    (c) an unrelated person (B, no company) never pulls in a company."""
    _in_group_m("A", "B", "C")
    assert _add_group_m(allow_related_companies=False) == ["A", "B", "C"]
    assert _add_group_m(allow_related_companies=True) == ["A", "B", "C"]
    _in_group_m("B", "C")
    assert _add_group_m(allow_related_companies=True) == ["A", "B", "C"]
    assert _add_group_m(allow_related_companies=False) == ["B", "C"]
    _in_group_m("B")
    assert _add_group_m(allow_related_companies=True) == ["B"]
    assert _add_group_m(allow_related_companies=True, expand_companies=True) == ["B"]


def test_ignore_exclusion(world):
    """8.D 40: Ignore Exclusion = false skips contacts marked Exclude from Segment; true adds them."""
    add_contacts("S1", {"Contact": {"No.": "CX|CA"}})
    assert line_contacts() == ["CA"]
    add_contacts("S1", {"Contact": {"No.": "CX|CA"}}, AddOptions(ignore_exclusion=True))
    assert line_contacts() == ["CA", "CX"]


def test_order_company_name_company_no_type_name(world):
    """8.D 41: new lines are ordered by Company Name, Company No., Type (company first), Name."""
    sb.company("S2", "Same")
    sb.company("S1C", "Same")
    sb.person("Z1", "Aaron", "S2")
    sb.person("Z2", "Zed", "S1C")
    sb.person("Z3", "Abe", "S1C")
    add_contacts("S1", {"Contact": {"Company Name": "Same"}})
    assert line_contacts() == ["S1C", "Z3", "Z2", "S2", "Z1"]


def test_criteria_lines_of_each_run(world):
    """8.D 42: each run writes one Action line plus one Filter line per filtered table, with
    No. of Filters and the option flags; criteria are recorded even when nothing is added."""
    views = {"Mailing Group": {"Mailing Group Code": "NONE"}, "Contact": {"City": "London", "Name": ""},
             "Interaction": {"Date": ""}}
    MailingGroup.create(code="NONE")
    assert add_contacts("S1", views, AddOptions(expand_companies=True, ignore_exclusion=True)) == 0
    action, f1, f2 = criteria_lines()
    assert (action.type, action.action, action.no_of_filters) == (CriteriaLineType.ACTION,
                                                                  CriteriaAction.ADD_CONTACTS, 2)
    assert (action.allow_existing_contacts, action.expand_contact, action.allow_company_with_persons,
            action.ignore_exclusion) == (False, True, False, True)
    assert (f1.type, f1.table_no, json.loads(f1.table_view)) == (CriteriaLineType.FILTER, "Contact",
                                                                 {"City": "London"})
    assert (f2.table_no, json.loads(f2.table_view)) == ("Mailing Group", {"Mailing Group Code": "NONE"})
    assert [c.line_no for c in criteria_lines()] == [1, 2, 3]
    add_contacts("S1", LONDON)
    reduce_contacts("S1", {"Contact": {"No.": "P1"}}, entire_companies=True)
    reduce = criteria_lines()[-2]
    assert (reduce.action, reduce.entire_companies, reduce.no_of_filters) == (CriteriaAction.REDUCE, True, 1)
    assert no_of_criteria_actions("S1") == 3


def test_reduce_and_refine(world):
    """8.D 43: Reduce removes the lines whose contacts match; Refine removes those that don't.
    Each deleted line has a history Deletion for its action."""
    add_contacts("S1", {"Contact": {"City": "London|Paris|Leeds"}})
    assert reduce_contacts("S1", {"Contact": {"City": "Paris"}}) == 3
    assert sorted(line_contacts()) == ["CA", "P1", "P2", "P4"]
    deleted = [(a, c) for a, _l, c, t in segment_history() if t == HistoryAction.DELETION]
    assert sorted(deleted) == [(2, "CB"), (2, "P3"), (2, "P5")]
    assert refine_contacts("S1", {"Mailing Group": {"Mailing Group Code": "M1|M2"}}) == 1
    assert sorted(line_contacts()) == ["CA", "P1", "P4"]
    assert no_of_criteria_actions("S1") == 3


def test_count_removals(world):
    """The Reduce/Refine dialog's live count: (lines hit, lines that would be deleted)."""
    add_contacts("S1", {"Contact": {"City": "London|Paris|Leeds"}})  # 7 lines
    leeds = {"Contact": {"City": "Leeds"}}
    assert count_removals("S1", leeds) == (1, 1)
    assert count_removals("S1", leeds, refine=True) == (1, 6)
    assert count_removals("S1", leeds, True) == (3, 3)
    assert count_removals("S1", leeds, True, refine=True) == (3, 4)
    assert refine_contacts("S1", leeds, True) == 4


def test_entire_companies(world):
    """8.D 44: Entire Companies extends Reduce/Refine to every contact of the matched companies."""
    everyone = {"Contact": {"City": "London|Paris|Leeds"}}
    add_contacts("S1", everyone)
    reduce_contacts("S1", {"Contact": {"City": "Leeds"}})
    assert "P2" not in line_contacts() and "CA" in line_contacts()
    go_back("S1")
    reduce_contacts("S1", {"Contact": {"City": "Leeds"}}, entire_companies=True)
    assert sorted(line_contacts()) == ["CB", "P3", "P4", "P5"]
    go_back("S1")
    refine_contacts("S1", {"Contact": {"City": "Leeds"}}, entire_companies=True)
    assert sorted(line_contacts()) == ["CA", "P1", "P2"]
    go_back("S1")
    refine_contacts("S1", {"Contact": {"City": "Leeds"}})
    assert line_contacts() == ["P2"]


def test_repeated_refine_counts_actions(world):
    """8.D 45: each Refine adds one to No. of Criteria Actions."""
    add_contacts("S1", LONDON)
    for n in range(2, 5):
        refine_contacts("S1", LONDON)
        assert no_of_criteria_actions("S1") == n
    assert len(line_contacts()) == 3


def test_go_back(world):
    """8.D 46: Go Back undoes the last action (inserted contacts removed, removed contacts
    re-added at the end with header defaults, the action and its filters deleted); it is
    refused with no actions and asks first (default No)."""
    add_contacts("S1", {"Contact": {"City": "London|Paris"}})
    before = line_contacts()
    reduce_contacts("S1", {"Contact": {"City": "Paris"}})
    assert len(criteria_lines()) == 4
    asked = Asked(always=False)
    assert go_back("S1", asked) == 0
    assert asked.questions == [("This undoes the last criteria action. Continue?", False)]
    assert no_of_criteria_actions("S1") == 2
    assert go_back("S1", Asked(always=True)) == 3
    assert sorted(line_contacts()) == sorted(before)
    assert [n for n, _c in numbered_contacts()][-3:] == [40000, 50000, 60000]  # last line no. + 10000 …
    assert line_contacts()[-3:] == ["CB", "P3", "P5"]
    assert no_of_criteria_actions("S1") == 1 and len(criteria_lines()) == 2
    assert all(a == 1 for a, *_ in segment_history())
    assert go_back("S1") == 6  # every line whose contact action 1 inserted
    assert line_contacts() == [] and criteria_lines() == [] and segment_history() == []
    with pytest.raises(UserError, match="no criteria action to undo"):
        go_back("S1")


def test_go_back_removes_every_line_of_an_inserted_contact(world):
    """SPEC 2.11: undoing an insertion deletes all lines of the segment with that contact."""
    add_contacts("S1", {"Contact": {"No.": "P4"}})
    add_contacts("S1", {"Contact": {"No.": "P4|P1"}}, AddOptions(allow_existing_contacts=True))
    assert sorted(line_contacts()) == ["P1", "P4", "P4"]
    go_back("S1")
    assert line_contacts() == []


def test_reduce_emptying_the_segment_asks_to_reset(world):
    """SPEC 2.10 tested behaviour: reducing away the only contact (added as action 1) gives 2
    actions -> "The segment is now empty. Reset…?" (default Yes): Yes resets to 0, No keeps 2.
    The question is asked before the write transaction."""
    add_contacts("S1", {"Contact": {"No.": "P4"}})
    asked = Asked(always=False)
    reduce_contacts("S1", {"Contact": {"No.": "P4"}}, confirm=asked)
    assert asked.questions == [("The segment is now empty. Reset the number of criteria actions?", True)]
    assert no_of_criteria_actions("S1") == 2
    add_contacts("S1", {"Contact": {"No.": "P4"}})
    reduce_contacts("S1", {"Contact": {"No.": "P4"}}, confirm=Asked(always=True))
    assert no_of_criteria_actions("S1") == 0 and segment_history() == []


def test_criteria_rows(world):
    """8.D 47: the Segment Criteria view lists the actions, each with its filters indented."""
    add_contacts("S1", {"Contact": {"City": "London|Paris"}, "Mailing Group": {"Mailing Group Code": "M1"}},
                    AddOptions(expand_companies=True))
    refine_contacts("S1", {"Industry Group": {"Industry Group Code": "RETAIL"}}, entire_companies=True)
    rows = criteria_rows("S1")
    assert [(row.is_filter, row.text) for row in rows] == [
        (False, "Add Contacts (Expand Companies)"),
        (True, "Contact: City=London|Paris"),
        (True, "Mailing Group: Code=M1"),
        (False, "Remove Contacts (Refine) (Entire Companies)"),
        (True, "Industry Group: Code=RETAIL"),
    ]


def test_bad_filters_write_nothing(world):
    """An invalid filter raises FilterError before any criteria or line is written."""
    with pytest.raises(FilterError, match="'Robot' is not one of"):
        add_contacts("S1", {"Contact": {"Type": "Robot"}})
    with pytest.raises(FilterError):
        reduce_contacts("S1", {"Interaction": {"Date": "soon"}})
    assert criteria_lines() == [] and line_contacts() == []


def test_count_matches(world, monkeypatch):
    """The dialog's live count: (selected, would be added), by either way of counting."""
    assert count_matches("S1", LONDON) == (3, 3)
    add_contacts("S1", {"Contact": {"No.": "P1|P3"}})
    add_contacts("S1", {"Contact": {"No.": "P1"}}, AddOptions(allow_existing_contacts=True))
    for subtract_below in (20_000, 0):
        monkeypatch.setattr(selection, "SUBTRACT_BELOW_LINES", subtract_below)
        _check_counts()


def _check_counts():
    assert count_matches("S1", LONDON) == (3, 2)
    assert count_matches("S1", LONDON, AddOptions(allow_existing_contacts=True)) == (3, 3)
    assert count_matches("S1", LONDON, AddOptions(ignore_exclusion=True)) == (4, 3)
    assert count_matches("S1", LONDON, AddOptions(expand_companies=True)) == (4, 3)  # + P2
    assert count_matches("S1", {}) == (7, 5)  # no filters: every contact but the excluded one


def test_matching_contacts_is_one_query(world):
    """The selection is one SELECT (it runs inside INSERT … SELECT)."""
    query = matching_contacts(LONDON, AddOptions(expand_companies=True, allow_related_companies=True), "S1")
    assert sorted(no for (no,) in query.tuples()) == ["CA", "P1", "P2", "P4"]


# ---------------------------------------------------------------------------
# 8.E Saved criteria and reuse


def test_save_criteria_needs_actions(world):
    """8.E 48: Save Criteria errors when the segment has no criteria actions."""
    with pytest.raises(UserError, match=r"No. of Criteria Actions must have a value in Segment Header: No.=S1. "
                                        "It cannot be zero or empty."):
        save_criteria("S1", "C1", "x")


def test_save_criteria_copies_lines(world):
    """8.E 49: Save Criteria needs a new, unique code and copies every criteria line (actions
    and filters, line numbers, options, No. of Filters) with the current user."""
    add_contacts("S1", {"Contact": {"City": "London"}, "Mailing Group": {"Mailing Group Code": "M1|M2"}},
                    AddOptions(allow_related_companies=True))
    refine_contacts("S1", {"Contact": {"Type": "Person"}}, entire_companies=True)
    with pytest.raises(FieldError, match="Code must have a value") as caught:
        save_criteria("S1", " ", "x")
    assert caught.value.field == "code"
    saved = save_criteria("S1", "lon", "London people")
    assert (saved.code, saved.description, saved.user_id) == ("LON", "London people", "TESTER")
    copied = list(SavedSegmentCriteriaLine.select().where(SavedSegmentCriteriaLine.segment_criteria == "LON")
                  .order_by(SavedSegmentCriteriaLine.line_no))
    fields = ("line_no", "type", "action", "table_no", "table_view", "allow_existing_contacts", "expand_contact",
              "allow_company_with_persons", "ignore_exclusion", "entire_companies", "no_of_filters")
    assert [tuple(getattr(c, f) for f in fields) for c in copied] == \
        [tuple(getattr(c, f) for f in fields) for c in criteria_lines()]
    assert len(copied) == 5
    with pytest.raises(FieldError, match="Saved Segment Criteria LON already exists."):
        save_criteria("S1", "LON", "again")


def test_reuse_criteria_asks_when_actions_exist(world):
    """8.E 50: Reuse Criteria asks (default No) when the segment already has actions; No stops."""
    add_contacts("S1", LONDON)
    save_criteria("S1", "LON")
    asked = Asked(always=False)
    assert reuse_criteria("S1", "LON", asked) == 0
    assert asked.questions == [
        ("Segment S1 already contains 1 No. of Criteria Actions. Reuse a Saved Segment Criteria anyway?", False)]
    assert no_of_criteria_actions("S1") == 1
    create_segment("S2")
    never = Asked()
    reuse_criteria("S2", "LON", never)
    assert never.questions == []  # no actions yet: nothing to ask


def test_reuse_question_asked_by_the_caller(world):
    """A screen asks the reuse question before the pick (the same text the domain would ask)
    and runs the reuse with ``anyway``: it is not asked again, and no caller reads its text."""
    assert reuse_criteria_question("S1") is None and reuse_segment_question("S1") is None
    add_contacts("S1", LONDON)
    save_criteria("S1", "LON")
    assert reuse_criteria_question("s1") == (
        "Segment S1 already contains 1 No. of Criteria Actions. Reuse a Saved Segment Criteria anyway?")
    assert reuse_segment_question("S1") == (
        "Segment S1 already contains 1 No. of Criteria Actions. Reuse a Logged Segment anyway?")
    never = Asked()
    assert reuse_criteria("S1", "LON", never, anyway=True) == 1
    assert never.questions == [] and no_of_criteria_actions("S1") == 2
    logged = LoggedSegment.create(segment_no="OLD")
    InteractionLogEntry.create(contact="P4", logged_segment_entry_no=logged.entry_no)
    assert reuse_segment("S1", logged.entry_no, anyway=True) == 1
    assert reuse_segment("S1", logged.entry_no) == 0  # asked nobody: No


def test_reuse_criteria_replays(world):
    """8.E 51: Reuse Criteria replays each saved action in order with its options and filters:
    the same contacts, and new criteria and history lines (Go Back undoes one replayed action).

    Refine quirk (SPEC 2.13): Business Central ignores the stored Entire Companies on a Refine
    replay; we replay it as stored, so the result equals the original run."""
    add_contacts("S1", {"Contact": {"City": "London|Paris|Leeds"}}, AddOptions(ignore_exclusion=True))
    reduce_contacts("S1", {"Contact": {"No.": "P3"}})
    refine_contacts("S1", {"Contact": {"City": "Leeds"}}, entire_companies=True)
    save_criteria("S1", "MIX")
    create_segment("S2")
    assert reuse_criteria("S2", "MIX") == 3
    assert sorted(line_contacts("S2")) == sorted(line_contacts("S1")) == ["CA", "P1", "P2"]
    assert criteria_rows("S2") == criteria_rows("S1")
    assert [(a, c, t) for a, _l, c, t in segment_history("S2")] == [(a, c, t) for a, _l, c, t in segment_history("S1")]
    go_back("S2")
    assert no_of_criteria_actions("S2") == 2
    assert sorted(line_contacts("S2")) == ["CA", "CB", "CX", "P1", "P2", "P4", "P5"]


def test_delete_saved_criteria(world):
    """8.E 52: deleting a saved criteria deletes its lines."""
    add_contacts("S1", LONDON)
    save_criteria("S1", "LON")
    delete_saved_criteria("LON")
    assert SavedSegmentCriteria.select().count() == 0
    assert SavedSegmentCriteriaLine.select().count() == 0
    with pytest.raises(UserError, match="does not exist"):
        delete_saved_criteria("LON")


def test_reuse_segment(world):
    """8.E 53: Reuse Segment inserts one line per interaction of the logged segment (no
    duplicate filtering), each with the entry's campaign, and records an Add Contacts action
    with Allow Existing Contacts and the Interaction filter on the logged segment entry."""
    logged = LoggedSegment.create(segment_no="OLD", description="Old mailing")
    other = LoggedSegment.create(segment_no="OTHER")
    ile = InteractionLogEntry
    for contact, campaign in (("P1", "CP1"), ("CB", ""), ("P1", "CP2")):
        ile.create(contact=contact, logged_segment_entry_no=logged.entry_no, campaign_no=campaign)
    ile.create(contact="P3", logged_segment_entry_no=other.entry_no)
    add_contacts("S1", {"Contact": {"No.": "P4"}})
    asked = Asked(always=True)
    assert reuse_segment("S1", logged.entry_no, asked) == 3
    assert asked.questions == [
        ("Segment S1 already contains 1 No. of Criteria Actions. Reuse a Logged Segment anyway?", False)]
    added = list(SegmentLine.select(SegmentLine.contact, SegmentLine.campaign_no)
                 .where(SegmentLine.line_no > 10000).order_by(SegmentLine.line_no).tuples())
    assert sorted(added) == [("CB", ""), ("P1", "CP1"), ("P1", "CP2")]
    action, filt = criteria_lines()[-2:]
    assert (action.action, action.allow_existing_contacts, action.no_of_filters) == (
        CriteriaAction.ADD_CONTACTS, True, 1)
    assert (filt.table_no, json.loads(filt.table_view)) == (
        "Interaction", {"Logged Segment Entry No.": str(logged.entry_no)})
    assert sorted(c for a, _l, c, _t in segment_history() if a == 2) == ["CB", "P1", "P1"]
    assert reuse_segment("S1", logged.entry_no, Asked(always=False)) == 0
    with pytest.raises(UserError, match="Logged Segment 999 does not exist"):
        reuse_segment("S1", 999)


# ---------------------------------------------------------------------------
# Why is this contact here? Apply Mailing Group, Export Contacts


def test_why_here(world):
    add_contacts("S1", LONDON)
    add_contacts("S1", {"Contact": {"No.": "P3"}})
    add_contacts("S1", {"Contact": {"No.": "P2"}, "Mailing Group": {"Mailing Group Code": ""}},
                    AddOptions(expand_companies=True))
    assert why_here("S1", 20000) == "Added by action 1: Add Contacts — Contact: City=London"
    assert why_here("S1", 40000) == "Entered by hand (action 2: Add Contacts — Contact: No.=P3)"
    assert why_here("S1", 50000) == "Added by action 3: Add Contacts (Expand Companies) — Contact: No.=P2"
    SegmentHistory.delete().execute()
    assert "is not from any criteria action" in why_here("S1", 10000)
    with pytest.raises(UserError, match="has no line 5"):
        why_here("S1", 5)


def test_apply_mailing_group(world):
    """SPEC 2.16 Apply Mailing Group: every line's contact joins the group once; Delete Old
    Assignments first empties the group; one code is required."""
    add_contacts("S1", {"Contact": {"City": "London|Leeds"}})
    add_contacts("S1", {"Contact": {"No.": "P1"}}, AddOptions(allow_existing_contacts=True))
    members = lambda: sorted(c for (c,) in ContactMailingGroup.select(ContactMailingGroup.contact)  # noqa: E731
                             .where(ContactMailingGroup.target == "M1").tuples())
    ContactMailingGroup.create(contact="P3", target="M1")
    assert apply_mailing_group("S1", "m1", False) == "Mailing Group M1 is now applied to Segment S1."
    assert members() == ["CA", "P1", "P2", "P3", "P4"]
    apply_mailing_group("S1", "M1", True)
    assert members() == ["CA", "P1", "P2", "P4"]
    for bad in ("", "  ", "M1|M2", "M*", "M1..M2"):
        with pytest.raises(FieldError, match="Specify a Mailing Group Code."):
            apply_mailing_group("S1", bad, False)
    with pytest.raises(UserError, match="Mailing Group NOPE does not exist"):
        apply_mailing_group("S1", "NOPE", False)


def test_export_contacts(world):
    """SPEC 2.16 Export Contacts: a header of captions and a row per line with the contact's fields."""
    add_contacts("S1", LONDON)
    out = io.StringIO()
    assert export_contacts("S1", out) == 3
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    header = rows[0]
    assert header[:4] == ["No.", "Name", "Name 2", "Address"]
    for caption in ("Company No.", "Exclude from Segment", "Correspondence Type", "Salutation Code", "Type"):
        assert caption in header
    assert "Telex No." not in header  # fields our Contact does not have are left out
    by_no = {r[0]: dict(zip(header, r)) for r in rows[1:]}
    assert [r[0] for r in rows[1:]] == ["P4", "CA", "P1"]
    assert by_no["P1"]["Company No."] == "CA" and by_no["P1"]["Type"] == "Person"
    assert by_no["CA"]["City"] == "London" and by_no["CA"]["Exclude from Segment"] == "No"
