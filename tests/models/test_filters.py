"""The filter grammar (models.filters): every form on a real database, and every kind of bad input."""

import datetime as dt
import sqlite3

import peewee as pw
import pytest

from models.base.db import close_database, db
from models.base.enums import ContactType, Evaluation
from models.base.errors import UserError
from models.filters import FilterError, date_range, parse_filter
from models.segments.criteria import (
    TABLES,
    check_views,
    clean_views,
    describe_view,
    describe_views,
    view_from_text,
    view_to_text,
)
from models.tables.contacts import Contact, Salesperson
from models.tables.interactions import InteractionLogEntry as ILE
from models.tables.schema import open_database
from tests.conftest import reset_postgres

D = dt.date


@pytest.mark.parametrize("text, expected", [
    ("", (None, None)),
    ("2026-01-05", (D(2026, 1, 5), D(2026, 1, 5))),
    ("2026-01-01..2026-01-31", (D(2026, 1, 1), D(2026, 1, 31))),
    ("..2026-01-31", (None, D(2026, 1, 31))),
    ("2026-01-01..", (D(2026, 1, 1), None)),
])
def test_date_filter(text, expected):
    assert date_range(text) == expected


@pytest.mark.parametrize("text, message", [
    ("x", "is not a date"),
    ("2026-02-01..2026-01-01", "ends before it starts"),
    ("2026-13-01..", "is not a date"),
])
def test_bad_date_filter(text, message):
    with pytest.raises(UserError, match=message):
        date_range(text)


# ---------------------------------------------------------------------------
# parse_filter on a real database (SQLite and PostgreSQL)

PEOPLE = [
    # no, name, city, salesperson, type
    ("C1", "Anderson", "London", "JR", ContactType.COMPANY),
    ("C2", "Andrea Smith", "london", None, ContactType.PERSON),
    ("C3", "Bob Smithson", "New York", "EO", ContactType.PERSON),
    ("C4", "Carl", "", "JR", ContactType.COMPANY),
    ("C5", "100% Wood_", "Paris", "EO", ContactType.COMPANY),
    ("C6", "A*", "Paris", None, ContactType.PERSON),
    ("C7", "It's", "Berlin", "PH", ContactType.PERSON),
]

ENTRIES = [
    # entry no, contact, date, evaluation, canceled, logged segment entry no
    (1, "C1", D(2026, 1, 10), Evaluation.POSITIVE, False, 1),
    (2, "C2", D(2026, 1, 26), Evaluation.NEUTRAL, True, 2),
    (3, "C3", None, Evaluation.VERY_POSITIVE, False, 0),
    (4, "C4", D(2026, 1, 27), Evaluation.BLANK, False, 2),
    (5, "C5", D(2025, 12, 31), Evaluation.VERY_NEGATIVE, False, 3),
]


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def data(request, tmp_path_factory):
    """One database per backend for the whole module (the rows are only read)."""
    if request.param == "sqlite":
        target = str(tmp_path_factory.mktemp("filters") / "relman.db")
    else:
        target = request.getfixturevalue("pg_url")
        reset_postgres(target)
    open_database(target)
    with db.atomic():
        _fill()
    yield target
    close_database()


def _fill():
    for code in ("JR", "EO", "PH"):
        Salesperson.create(code=code, name=code)
    for no, name, city, sp, kind in PEOPLE:
        Contact.create(no=no, name=name, city=city, salesperson=sp, type=kind)
    for entry_no, contact, date, evaluation, canceled, lse in ENTRIES:
        ILE.create(entry_no=entry_no, contact=contact, date=date, evaluation=evaluation, canceled=canceled,
                   logged_segment_entry_no=lse)


def contacts(field, text, kind):
    return sorted(no for (no,) in Contact.select(Contact.no).where(parse_filter(field, text, kind)).tuples())


def entries(field, text, kind):
    return sorted(n for (n,) in ILE.select(ILE.entry_no).where(parse_filter(field, text, kind)).tuples())


@pytest.mark.parametrize("text, expected", [
    ("Anderson", ["C1"]),
    ("=Anderson", ["C1"]),
    ("anderson", []),  # text compares with case
    ("@anderson", ["C1"]),  # @ ignores case
    ("And*", ["C1", "C2"]),  # starts with
    ("*son", ["C1", "C3"]),  # ends with
    ("*Smith*", ["C2", "C3"]),  # contains
    ("@*smith*", ["C2", "C3"]),
    ("*smith*", []),
    ("Car?", ["C4"]),  # one character
    ("Anderson|Carl", ["C1", "C4"]),  # or
    ("A*&*son", ["C1"]),  # and
    ("(Anderson|Carl)&<>Carl", ["C1"]),  # parentheses
    ("Anderson | Carl", ["C1", "C4"]),  # spaces around operators
    ("B..C", ["C3"]),  # range (binary order on both databases for these)
    ("..B", ["C1", "C2", "C5", "C6"]),
    ("Carl..", ["C4", "C7"]),
    ("<>Carl", ["C1", "C2", "C3", "C5", "C6", "C7"]),
    ("<Andrea Smith", ["C1", "C5", "C6"]),
    ("<=Andrea Smith", ["C1", "C2", "C5", "C6"]),
    (">Carl", ["C7"]),
    (">=Carl", ["C4", "C7"]),
    ("'Bob Smithson'", ["C3"]),  # quoted value with a space
    ("Bob Smithson", ["C3"]),  # spaces inside a value are kept
    ("'A*'", ["C6"]),  # quoted: * is a character, not a wildcard
    ("A*", ["C1", "C2", "C6"]),
    ("100%*", ["C5"]),  # % and _ are characters
    ("*_", ["C5"]),
    ("'It''s'", ["C7"]),  # '' inside quotes is one quote
    ("@'ANDERSON'|'Carl'", ["C1", "C4"]),
    ("<>A*", ["C3", "C4", "C5", "C7"]),
])
def test_text_forms(data, text, expected):
    assert contacts(Contact.name, text, "text") == expected


@pytest.mark.parametrize("text, expected", [
    ("''", ["C4"]),  # empty
    ("<>''", ["C1", "C2", "C3", "C5", "C6", "C7"]),
    ("@LONDON", ["C1", "C2"]),
    ("London|Paris", ["C1", "C5", "C6"]),
    ("''|Berlin", ["C4", "C7"]),
])
def test_empty_and_case(data, text, expected):
    assert contacts(Contact.city, text, "text") == expected


@pytest.mark.parametrize("text, expected", [
    ("JR", ["C1", "C4"]),
    ("jr", ["C1", "C4"]),  # code fields compare upper-case
    ("@jr", ["C1", "C4"]),
    ("jr|eo", ["C1", "C3", "C4", "C5"]),
    ("''", ["C2", "C6"]),  # blank code = NULL
    ("<>''", ["C1", "C3", "C4", "C5", "C7"]),
    ("<>JR", ["C2", "C3", "C5", "C6", "C7"]),  # a blank salesperson is not JR
    ("e*", ["C3", "C5"]),
    ("<>J*", ["C2", "C3", "C5", "C6", "C7"]),
    ("..F", ["C2", "C3", "C5", "C6"]),  # blank sorts first
    ("F..", ["C1", "C4", "C7"]),
    ("<F", ["C2", "C3", "C5", "C6"]),
    (">F", ["C1", "C4", "C7"]),
])
def test_code_forms(data, text, expected):
    assert contacts(Contact.salesperson, text, "code") == expected


@pytest.mark.parametrize("text, expected", [
    ("Person", ["C2", "C3", "C6", "C7"]),
    ("company", ["C1", "C4", "C5"]),
    ("Company|Person", ["C1", "C2", "C3", "C4", "C5", "C6", "C7"]),
    ("<>Person", ["C1", "C4", "C5"]),
    ("Pers*", ["C2", "C3", "C6", "C7"]),
    ("1", ["C2", "C3", "C6", "C7"]),
])
def test_enum_type(data, text, expected):
    assert contacts(Contact.type, text, "enum") == expected


@pytest.mark.parametrize("text, expected", [
    ("Positive|Neutral", [1, 2]),
    ("Very*", [3, 5]),
    ("''", [4]),
    ("<>''", [1, 2, 3, 5]),
    ("Very Positive..Neutral", [1, 2, 3]),
    (">=Negative", [5]),
])
def test_enum_evaluation(data, text, expected):
    assert entries(ILE.evaluation, text, "enum") == expected


@pytest.mark.parametrize("text, expected", [
    ("2026-01-10", [1]),
    ("2026-01-01..2026-01-26", [1, 2]),
    ("2026-01-11..", [2, 4]),
    ("..2026-01-10", [1, 3, 5]),  # a blank date is before every date
    ("<2026-01-10", [3, 5]),
    (">2026-01-10", [2, 4]),
    ("<>2026-01-10", [2, 3, 4, 5]),
    ("''", [3]),
    ("<>''", [1, 2, 4, 5]),
    ("w", [2]),  # the work date (pinned 2026-01-26)
    ("workdate", [2]),
    ("t", [4]),  # today (pinned 2026-01-27)
    ("TODAY", [4]),
    ("w..t", [2, 4]),
    ("2026-01-10|w", [1, 2]),
])
def test_date_forms(data, text, expected):
    assert entries(ILE.date, text, "date") == expected


@pytest.mark.parametrize("text, expected", [
    ("2", [2, 4]),
    ("1..2", [1, 2, 4]),
    ("..1", [1, 3]),
    ("2..", [2, 4, 5]),
    ("<>2", [1, 3, 5]),
    (">=2&<3", [2, 4]),
    ("0|3", [3, 5]),
])
def test_integer_forms(data, text, expected):
    assert entries(ILE.logged_segment_entry_no, text, "integer") == expected


@pytest.mark.parametrize("text, expected", [
    ("Yes", [2]), ("no", [1, 3, 4, 5]), ("TRUE", [2]), ("0", [1, 3, 4, 5]), ("<>Yes", [1, 3, 4, 5]),
])
def test_boolean_forms(data, text, expected):
    assert entries(ILE.canceled, text, "boolean") == expected


def test_decimal_forms(data):
    with db.atomic() as tx:
        ILE.update(cost="2.50").where(ILE.entry_no == 1).execute()
        ILE.update(cost="10").where(ILE.entry_no == 2).execute()
        assert entries(ILE.cost, "2.5", "decimal") == [1]
        assert entries(ILE.cost, "1..5", "decimal") == [1]
        assert entries(ILE.cost, ">2.5", "decimal") == [2]
        tx.rollback()


def test_blank_text_is_no_filter():
    assert parse_filter(Contact.name, "", "text") is None
    assert parse_filter(Contact.name, "   ", "text") is None


def test_values_are_bound_not_sql(data):
    """User text never becomes SQL text: a quote or a statement is just a value."""
    assert contacts(Contact.name, "'x''); DROP TABLE contact; --'", "text") == []
    assert Contact.select().count() == len(PEOPLE)


@pytest.mark.parametrize("field, kind, text, message", [
    (ILE.logged_segment_entry_no, "integer", "10..x", "'10..x' is not a valid range: 'x' is not a number."),
    (ILE.logged_segment_entry_no, "integer", "x", "'x' is not a number."),
    (ILE.logged_segment_entry_no, "integer", "1.5", "'1.5' is not a whole number."),
    (ILE.logged_segment_entry_no, "integer", "20..10", "'20..10' is not a valid range: it ends before it starts."),
    (ILE.logged_segment_entry_no, "integer", "1*", "wildcards (* and ?) only work on text and code"),
    (ILE.cost, "decimal", "1,5", "'1,5' is not a number."),
    (ILE.cost, "decimal", "nan", "'nan' is not a number."),
    (ILE.date, "date", "2026-13-01", "'2026-13-01' is not a date: write YYYY-MM-DD, t (today) or w"),
    (ILE.date, "date", "2026-02-01..2026-01-01", "it ends before it starts"),
    (ILE.date, "date", "2026-01-01..soon", "'2026-01-01..soon' is not a valid range: 'soon' is not a date"),
    (ILE.date, "date", "2026*", "is not a date: wildcards"),
    (ILE.canceled, "boolean", "maybe", "'maybe' is not Yes or No."),
    (ILE.evaluation, "enum", "Great", "'Great' is not one of 'Very Positive', 'Positive'"),
    (ILE.evaluation, "enum", ">Pos*", "wildcards (* ?) cannot be combined with '>'"),
    (Contact.name, "text", "'abc", "has a quote (') that is not closed"),
    (Contact.name, "text", "(A|B", "has a '(' without its ')'"),
    (Contact.name, "text", "A|B)", "has a ')' without its '('"),
    (Contact.name, "text", "A|", "is missing a value"),
    (Contact.name, "text", "|A", "is missing a value"),
    (Contact.name, "text", "A||B", "is missing a value"),
    (Contact.name, "text", "A&&B", "is missing a value"),
    (Contact.name, "text", "()", "is missing a value"),
    (Contact.name, "text", "A(B)", "text right before a '('"),
    (Contact.name, "text", "(A)B", "text right after a ')'"),
    (Contact.name, "text", "<>", "needs a value after '<>'; write '' for a blank value"),
    (Contact.name, "text", ">=", "needs a value after '>='"),
    (Contact.name, "text", "..", "give a start, an end or both"),
    (Contact.name, "text", "A..B..C", "more than one '..'"),
    (Contact.name, "text", "<A..B", "mixes '<' with a range"),
    (Contact.name, "text", "A*..B", "wildcards (* ?) cannot be used in a range"),
    (Contact.name, "text", ">A*", "wildcards (* ?) cannot be combined with '>'"),
])
def test_bad_filters(field, kind, text, message):
    with pytest.raises(FilterError) as caught:
        parse_filter(field, text, kind)
    assert message in str(caught.value)
    assert isinstance(caught.value, UserError)


def test_unknown_kind():
    with pytest.raises(ValueError):
        parse_filter(Contact.name, "x", "colour")


# ---------------------------------------------------------------------------
# Criteria tables and views


def test_tables_offered():
    assert list(TABLES) == ["Contact", "Mailing Group", "Interaction", "Job Responsibility",
                            "Industry Group", "Business Relation"]
    contact = [f.caption for f in TABLES["Contact"].fields]
    for caption in ("No.", "Search Name", "Name", "Type", "Company No.", "Salesperson Code", "Post Code",
                    "City", "Country/Region Code", "Territory Code", "Language Code", "Correspondence Type",
                    "Exclude from Segment"):
        assert caption in contact
    interaction = [f.caption for f in TABLES["Interaction"].fields]
    for caption in ("Date", "Segment No.", "Campaign No.", "Evaluation", "Interaction Template Code",
                    "Salesperson Code", "Canceled", "Logged Segment Entry No."):
        assert caption in interaction
    assert [f.caption for f in TABLES["Mailing Group"].fields] == ["Mailing Group Code"]
    assert [f.caption for f in TABLES["Industry Group"].fields] == ["Industry Group Code"]
    assert [f.caption for f in TABLES["Business Relation"].fields] == ["Business Relation Code"]
    assert [f.caption for f in TABLES["Job Responsibility"].fields] == ["Job Responsibility Code"]
    for t in TABLES.values():  # every field exists on its model with a known kind
        for f in t.fields:
            assert hasattr(t.model, f.name), (t.caption, f.name)


def test_describe_views():
    view = {"City": "LONDON|PARIS", "Type": "Person", "Name": "  "}
    assert describe_view("Contact", view) == "Type=Person, City=LONDON|PARIS"  # in the table's field order
    assert describe_views({"Mailing Group": {"Mailing Group Code": "NEWS"}, "Contact": {"City": "LONDON|PARIS"}}) \
        == "Contact: City=LONDON|PARIS; Mailing Group: Code=NEWS"
    assert describe_views({"Contact": {"City": ""}}) == ""
    assert describe_views({"Interaction": {"Interaction Template Code": "LETTER"}}) \
        == "Interaction: Interaction Template Code=LETTER"


def test_views_serialize_as_json_text():
    view = {"City": "'New York'|Zürich"}
    text = view_to_text(view)
    assert isinstance(text, str) and "Zürich" in text
    assert view_from_text(text) == view
    assert view_from_text("") == {}
    with pytest.raises(FilterError, match="cannot be read"):
        view_from_text("City=London")


def test_clean_views_orders_tabs_and_fields():
    views = {"mailing group": {"mailing group code": "NEWS"}, "Contact": {"Type": "Person", "City": "Paris"},
             "Interaction": {"Date": ""}}
    assert clean_views(views) == {"Contact": {"City": "Paris", "Type": "Person"},
                                  "Mailing Group": {"Mailing Group Code": "NEWS"}}


def test_check_views_marks_every_invalid_field():
    errors = check_views({
        "Contact": {"City": "London", "Type": "Robot", "Name": "(A"},
        "Interaction": {"Date": "2026-01-01..x", "Logged Segment Entry No.": "1"},
        "Mailing Group": {"Colour": "Red"},
        "Opportunity": {"No.": "1"},
    })
    assert set(errors) == {("Contact", "Type"), ("Contact", "Name"), ("Interaction", "Date"),
                           ("Mailing Group", "Colour"), ("Opportunity", "")}
    assert "'Robot' is not one of 'Company', 'Person'" in errors[("Contact", "Type")]
    assert errors[("Interaction", "Date")].startswith("'2026-01-01..x' is not a valid range: 'x' is not a date")
    assert "no field 'Colour'" in errors[("Mailing Group", "Colour")]
    assert "no criteria table 'Opportunity'" in errors[("Opportunity", "")]
    assert check_views({"Contact": {"City": "London"}}) == {}


def test_few_valued_fields_stay_off_indexes_without_statistics(data):
    """SQLite without ANALYZE statistics thinks every index equally selective; an option or
    Yes/No filter is then compared in a form no index serves (the City index wins over Type).
    With statistics (and on PostgreSQL) the planner decides. The rows are the same either way."""
    from models.segments.criteria import view_condition

    view = {"City": "London|Paris", "Type": "Person", "Exclude from Segment": "No"}

    def run():
        where = view_condition("Contact", view)
        sql = Contact.select(Contact.no).where(where).sql()[0]
        return sorted(no for (no,) in Contact.select(Contact.no).where(where).tuples()), sql

    rows, sql = run()
    assert rows == ["C6"]
    if data.endswith(".db"):
        assert '+"t1"."type"' in sql and '+"t1"."exclude_from_segment"' in sql
        db.execute_sql("ANALYZE")
        try:
            analyzed_rows, analyzed_sql = run()
            assert analyzed_rows == rows and "+" not in analyzed_sql
        finally:
            db.execute_sql("DROP TABLE sqlite_stat1")
    else:
        assert "+" not in sql


# ---------------------------------------------------------------------------
# Hostile and careless input (issue 11): a result or a FilterError with a reason, quickly


def _sql(field, text, kind):
    return field.model.select(pw.fn.COUNT(pw.SQL("*"))).where(parse_filter(field, text, kind)).sql()


def test_a_pasted_list_of_10000_values_is_one_in(data):
    """A spreadsheet column pasted as CT000001|CT000002|… (SQLite once overflowed its parser at 85)."""
    codes = [f"CT{n:06d}" for n in range(1, 10_001)]
    text = "|".join(codes[:-2] + ["c1", "c7"])
    sql, params = _sql(Contact.no, text, "code")
    assert sql.count(" IN (") == 1 and " OR " not in sql and len(params) == 10_000
    assert contacts(Contact.no, text, "code") == ["C1", "C7"]
    assert contacts(Contact.no, "|".join(["C2"] * 10_000), "code") == ["C2"]  # repeated values bound once
    with pytest.raises(FilterError, match="has more than 10,000 values"):
        parse_filter(Contact.no, text + "|C3", "code")


def test_an_old_sqlite_binds_fewer_values(data):
    """SQLite before 3.32 binds 999 values a query: a long list is refused in words there."""
    text = "|".join(f"CT{n:06d}" for n in range(2_000)) + "|C1"
    if data.endswith(".db"):
        connection = db.connection()
        before = connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        try:
            with pytest.raises(FilterError, match=r"too many values for this SQLite \(at most 499"):
                parse_filter(Contact.no, text, "code")
        finally:
            connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)
    assert contacts(Contact.no, text, "code") == ["C1"]


@pytest.mark.parametrize("field, kind, text, expected", [
    (Contact.city, "text", "''|Paris|Berlin", ["C4", "C5", "C6", "C7"]),  # the blank value in a list
    (Contact.salesperson, "code", "''|jr", ["C1", "C2", "C4", "C6"]),  # NULL is the blank code
    (ILE.date, "date", "''|2026-01-10|w", [1, 2, 3]),
    (ILE.logged_segment_entry_no, "integer", "0|3|3", [3, 5]),
    (ILE.evaluation, "enum", "Positive|Neutral|''", [1, 2, 4]),
    (ILE.canceled, "boolean", "Yes|No", [1, 2, 3, 4, 5]),
])
def test_value_lists_keep_the_blank_rule(data, field, kind, text, expected):
    found = contacts(field, text, kind) if field.model is Contact else entries(field, text, kind)
    assert found == expected
    assert " IN (" in _sql(field, text, kind)[0]


def test_600_terms_of_every_form(data):
    """600 plain values are one IN; terms that cannot be (wildcards, comparisons, ranges) are
    joined in shallow groups, 500 at most: SQLite plans them in squared time."""
    assert contacts(Contact.name, "|".join(f"Z{n}" for n in range(599)) + "|Carl", "text") == ["C4"]
    assert contacts(Contact.name, "|".join(f"Z{n}*" for n in range(499)) + "|Carl", "text") == ["C4"]
    assert contacts(Contact.name, "&".join(f"<>Z{n}" for n in range(499)) + "&C*", "text") == ["C4"]
    ranges = "|".join(f"{n * 10}..{n * 10 + 1}" for n in range(1, 500))
    assert entries(ILE.logged_segment_entry_no, ranges + "|3", "integer") == [5]
    assert contacts(Contact.name, "|".join(f"(Z{n}*&<>Carl)" for n in range(249)) + "|Carl", "text") == ["C4"]
    for text in ("|".join(f"Z{n}*" for n in range(600)), "&".join(f"<>Z{n}" for n in range(600)),
                 "|".join(f"(Z{n}*&<>Carl)" for n in range(300))):
        with pytest.raises(FilterError, match="more than 500 terms with wildcards, comparisons or ranges"):
            parse_filter(Contact.name, text, "text")


def test_parentheses_nested_too_deeply(data):
    with pytest.raises(FilterError, match=r"nested too deeply: at most 6 parentheses"):
        parse_filter(Contact.name, "(" * 400 + "Carl" + ")" * 400, "text")
    assert contacts(Contact.name, "(" * 6 + "Carl" + ")" * 6, "text") == ["C4"]


def test_the_deepest_filter_allowed_runs_in_the_deepest_segment_query(data):
    """MAX_DEPTH is what SQLite's parser (about 100 open parentheses) has room for inside the
    deepest query a filter meets: Add Contacts with both expand options, on the Interaction tab
    (and a filter on every Contact field: they are joined flat)."""
    from models.segments.selection import AddOptions, count_removals, matching_contacts

    text = "C1"
    for level in range(5):  # alternating | and &, siblings in parentheses: 6 deep
        siblings = "|".join(f"(<>@Z{level}x{n}*&A{n}..Z)" for n in range(4))
        text = f"{siblings}|({text})" if level % 2 else f"({siblings})&({text})"
    views = {"Interaction": {"Segment No.": text}, "Mailing Group": {"Mailing Group Code": text},
             "Contact": {f.caption: text for f in TABLES["Contact"].fields if f.kind in ("text", "code")}}
    options = AddOptions(expand_companies=True, allow_related_companies=True)
    assert matching_contacts(views, options, "S1").count() == 0
    assert count_removals("S1", views, True, refine=True) == (0, 0)


@pytest.mark.parametrize("field, kind, text, message", [
    (ILE.logged_segment_entry_no, "integer", str(2**63), "is out of range: a whole number from -2,147,483,648"),
    (ILE.logged_segment_entry_no, "integer", "-" + str(2**31 + 1), "is out of range"),
    (ILE.logged_segment_entry_no, "integer", "9" * 5000, "is out of range"),
    (ILE.logged_segment_entry_no, "integer", "1e3", "'1e3' is not a whole number."),
    (ILE.cost, "decimal", "1" * 30, "is out of range: a number below 10,000,000,000,000,000 in size."),
    (ILE.cost, "decimal", "1e30", "'1e30' is out of range"),
    (ILE.cost, "decimal", "0..1e17", "'0..1e17' is not a valid range: '1e17' is out of range"),
    (Contact.name, "text", "a\x00b", "'a?b' has a NUL character, which no field holds."),
    (Contact.name, "text", "Carl|\ud800", "has a character that is not text (a lone surrogate)."),
    (Contact.salesperson, "code", "x" * 250_001, "The filter is 250,001 characters long: at most 250,000."),
    (Contact.name, "text", "*a" * 1500, "is too long for a pattern (* ? or @): at most 2,000 characters."),
    (Contact.name, "text", "'" + "x" * 100, "''" + "x" * 56 + "…' has a quote (') that is not closed."),
])
def test_hostile_values_are_refused_in_words(data, field, kind, text, message):
    with pytest.raises(FilterError) as caught:
        field.model.select().where(parse_filter(field, text, kind)).count()
    assert message in str(caught.value)


def test_long_decimals_and_numbers_in_range_still_work(data):
    assert entries(ILE.cost, "0." + "0" * 29 + "1", "decimal") == [1, 2, 3, 4, 5]  # rounds to 0.00
    assert entries(ILE.logged_segment_entry_no, "-2147483648..2147483647", "integer") == [1, 2, 3, 4, 5]


def test_whitespace_is_read_in_one_pass(data):
    """60,000 spaces around and inside a filter (once 8 s: the parser was quadratic in them)."""
    spaces = " " * 60_000
    assert contacts(Contact.name, f"Carl{spaces}|{spaces}@anderson{spaces}", "text") == ["C1", "C4"]
    assert contacts(Contact.name, f"{spaces}B{spaces}..{spaces}C{spaces}", "text") == ["C3"]
    assert contacts(Contact.name, f"'Carl'{spaces}", "text") == ["C4"]
    assert parse_filter(Contact.name, spaces, "text") is None
    with pytest.raises(FilterError, match="needs a value after '<>'"):
        parse_filter(Contact.name, f"<>{spaces}", "text")


def test_at_ignores_case_for_every_letter_on_both_databases(data):
    """SQLite's LOWER folds only A-Z; @ uses PostgreSQL's lower() there too (not casefold:
    PostgreSQL has none, and '@strasse' does not find 'Straße' on it)."""
    with db.atomic() as tx:
        for no, name in (("U1", "École"), ("U2", "ΣΑΣ"), ("U3", "Straße"), ("U4", "İstanbul")):
            Contact.create(no=no, name=name, city=name.upper())
        assert contacts(Contact.name, "@école", "text") == ["U1"]
        assert contacts(Contact.name, "@ÉCOLE|@σασ", "text") == ["U1", "U2"]
        assert contacts(Contact.name, "@*COL*", "text") == ["U1"]
        assert contacts(Contact.name, "@strasse", "text") == []
        assert contacts(Contact.name, "@istanbul", "text") == ["U4"]
        assert contacts(Contact.name, "@ée..éf", "text") == []
        assert contacts(Contact.name, "@éa..éz", "text") == ["U1"]
        assert contacts(Contact.city, "@<>école&@É*", "text") == []
        tx.rollback()


def test_list_page_search_takes_percent_and_underscore_as_characters(data):
    from models.pages.registry import entity

    page = entity("salespeople")
    with db.atomic() as tx:
        for code, name in (("P1", "50% off"), ("P2", "50 off"), ("U1", "a_b"), ("U2", "axb"),
                           ("E1", "École"), ("B1", "back\\slash")):
            Salesperson.create(code=code, name=name)
        assert [row[0] for row in page.rows("50%")] == ["P1"]
        assert [row[0] for row in page.rows("a_b")] == ["U1"]
        assert [row[0] for row in page.rows("%")] == ["P1"]
        assert [row[0] for row in page.rows("k\\s")] == ["B1"]
        assert [row[0] for row in page.rows("ÉCOLE")] == ["E1"]
        assert page.count("a\x00_b\ud800") == 1  # what no database stores is left out
        tx.rollback()
