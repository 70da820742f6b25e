"""The one text -> value rule (models.base.values) and the callers that share it."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal

import pytest

from models.base import values
from models.base.enums import ContactType, InformationFlow
from models.base.errors import FieldError
from models.contacts.csv_import import import_contacts
from models.pages.registry import entity
from models.segments.header import update_header
from models.segments.lines import add_line, update_line
from models.segments.segment import create_segment
from models.segments.templates import save_template
from models.tables.contacts import Contact
from tests.models import builders as b
from tests.models import segment_builders as sb


def refused(call, *args) -> FieldError:
    with pytest.raises(FieldError) as err:
        call(*args)
    return err.value


# ---------------------------------------------------------------- one function per kind

def test_text_is_trimmed_and_has_a_length():
    assert values.text("description", "Description", "  Visit  ") == "Visit"
    assert values.text("description", "Description", None) == ""
    err = refused(values.text, "description", "Description", "x" * 101, 100)
    assert (err.field, str(err)) == ("description", "Description is longer than 100 characters.")


def test_code_is_upper_case_and_has_a_length():
    assert values.code("code", "Code", " visit ") == "VISIT"
    assert values.code("code", "Code", None, 10) == ""
    err = refused(values.code, "code", "Code", "abcdefghijk", 10)
    assert (err.field, str(err)) == ("code", "Code 'ABCDEFGHIJK' is longer than 10 characters.")


@pytest.mark.parametrize("text", ["Yes", "y", "TRUE", "1", "x", " yes ", True, 1])
def test_yes(text):
    assert values.yes_no("blocked", "Blocked", text) is True


@pytest.mark.parametrize("text", ["No", "n", "false", "0", "", "  ", None, False, 0])
def test_no(text):
    assert values.yes_no("blocked", "Blocked", text) is False


@pytest.mark.parametrize("text", ["maybe", "2", "yess", "on"])
def test_anything_else_is_not_yes_or_no(text):
    err = refused(values.yes_no, "blocked", "Blocked", text)
    assert (err.field, str(err)) == ("blocked", f"Blocked: '{text}' is not Yes or No.")


def test_option_by_label_or_number_blank_is_the_first():
    assert values.option("flow", "Information Flow", InformationFlow, "outbound") == InformationFlow.OUTBOUND
    assert values.option("flow", "Information Flow", InformationFlow, "2") == InformationFlow.INBOUND
    assert values.option("flow", "Information Flow", InformationFlow, 1) == InformationFlow.OUTBOUND
    assert values.option("flow", "Information Flow", InformationFlow, " ") == InformationFlow.BLANK
    assert values.option("type", "Type", ContactType, "") == ContactType.COMPANY  # no blank option
    err = refused(values.option, "flow", "Information Flow", InformationFlow, "Sideways")
    assert str(err) == "Information Flow: 'Sideways' is not one of 'Outbound', 'Inbound'."
    assert str(refused(values.option, "flow", "Information Flow", InformationFlow, 7)) == (
        "Information Flow: '7' is not one of 'Outbound', 'Inbound'.")


def test_date_and_time():
    assert values.date("date", "Date", " 2026-02-01 ") == dt.date(2026, 2, 1)
    assert values.date("date", "Date", "") is None
    assert values.date("date", "Date", dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    assert str(refused(values.date, "date", "Date", "2026-13-01")) == "Date: '2026-13-01' is not a date (YYYY-MM-DD)."
    assert values.time("time", "Time", "10:30") == dt.time(10, 30)
    assert values.time("time", "Time", "") is None
    assert str(refused(values.time, "time", "Time", "25:99")) == "Time: '25:99' is not a time (HH:MM)."


def test_decimal_is_rounded_to_cents_halves_away_from_zero():
    assert values.decimal("cost", "Cost (LCY)", "1,234.565") == Decimal("1234.57")
    assert values.decimal("cost", "Cost (LCY)", "-0.005") == Decimal("-0.01")
    assert values.decimal("cost", "Cost (LCY)", "") == Decimal("0.00")
    assert values.decimal("cost", "Cost (LCY)", Decimal("2.5")) == Decimal("2.50")
    assert str(refused(values.decimal, "cost", "Cost (LCY)", "abc")) == "Cost (LCY): 'abc' is not a number."
    assert str(refused(values.decimal, "cost", "Cost (LCY)", "NaN")) == "Cost (LCY): 'NaN' is not a number."
    err = refused(lambda: values.decimal("cost", "Cost (LCY)", "-1", allow_negative=False))
    assert str(err) == "Cost (LCY) must not be negative."


def test_integer_and_duration():
    assert values.integer("no", "Increment-by No.", "1,000") == 1000
    assert values.integer("no", "Increment-by No.", "-3") == -3
    assert values.integer("no", "Increment-by No.", "") == 0
    assert str(refused(values.integer, "no", "Increment-by No.", "1.5")) == (
        "Increment-by No.: '1.5' is not a whole number.")
    assert str(refused(values.integer, "no", "Increment-by No.", "ten")) == "Increment-by No.: 'ten' is not a number."
    assert values.duration("duration", "Duration (Min.)", "90") == 90
    assert values.duration("duration", "Duration (Min.)", 0) == 0
    assert str(refused(values.duration, "duration", "Duration (Min.)", "1.5")) == (
        "Duration (Min.) must be a whole number of minutes.")
    assert str(refused(values.duration, "duration", "Duration (Min.)", "-1")) == (
        "Duration (Min.) must not be negative.")


@pytest.mark.parametrize("call, text, message", [
    (values.integer, "9" * 30, "N: '999999999999999999999999999999' is too large."),
    (values.integer, "2147483648", "N: '2147483648' is too large."),
    (values.integer, "1e400", "N: '1e400' is too large."),
    (values.duration, "9" * 30, "N: '999999999999999999999999999999' is too large."),
    (values.decimal, "1" * 30, "N: '111111111111111111111111111111' is too large."),
    (values.decimal, "12345678901234567.5", "N: '12345678901234567.5' is too large."),
    (values.decimal, "-" + "1" * 30, "N: '-111111111111111111111111111111' is too large."),
    (values.decimal, "1e30", "N: '1e30' is too large."),
    (values.decimal, "99999999999999.99", "N: '99999999999999.99' is too large: at most 15 digits "
                                          "(9,999,999,999,999.99)."),  # SQLite would round it
])
def test_huge_numbers_are_a_field_error_not_a_crash(call, text, message):
    err = refused(call, "n", "N", text)
    assert (err.field, str(err)) == ("n", message)


def test_the_largest_numbers_every_database_keeps_are_accepted():
    assert values.integer("n", "N", str(2**31 - 1)) == 2**31 - 1
    assert values.decimal("n", "N", "9999999999999.99") == Decimal("9999999999999.99")
    assert values.decimal("n", "N", "-9,999,999,999,999.99") == Decimal("-9999999999999.99")
    assert values.decimal("n", "N", "0." + "1" * 30) == Decimal("0.11")  # 30 digits, rounded to cents


def test_numbers_on_the_header_line_template_and_wizard_paths(any_db):
    """What the value rule accepts is stored exactly on both databases (never silently
    rounded); what it refuses is refused in words on every path, never a driver error."""
    from models.interactions import wizard
    from models.tables.segments import SegmentHeader, SegmentLine

    b.series(manual=True)
    b.salesperson("SP1")
    b.template("T1")
    sb.person("P1", "Ann", None)
    no = create_segment("S1", description="Numbers").no
    update_header(no, {"interaction_template_code": "T1"})
    line_no = add_line(no, "P1").line_no
    largest = "9999999999999.99"
    update_header(no, {"unit_cost": largest, "unit_duration": str(2**31 - 1)})
    update_line(no, line_no, {"cost": largest, "duration": "90"})
    save_template("T1", {"unit_cost": largest})
    header = SegmentHeader.get_by_id(no)
    line = SegmentLine.get((SegmentLine.segment == no) & (SegmentLine.line_no == line_no))
    assert (header.unit_cost, header.unit_duration, line.cost) == (Decimal(largest), 2**31 - 1, Decimal(largest))
    for huge in ("1e30", "12345678901234567", "99999999999999.99"):
        assert "too large" in str(refused(update_header, no, {"unit_cost": huge}))
        assert "too large" in str(refused(update_line, no, line_no, {"cost": huge}))
        assert "too large" in str(refused(save_template, "T1", {"unit_cost": huge}))
    assert "too large" in str(refused(update_line, no, line_no, {"duration": "9" * 30}))
    assert "too large" in str(refused(update_header, no, {"unit_duration": "9" * 30}))
    for cost, duration in ((Decimal("1e30"), 5), (Decimal(1), 10**30)):
        draft = wizard.start("P1", "SP1")
        wizard.set_template(draft, "T1")
        draft.description, draft.cost, draft.duration = "Call", cost, duration
        while draft.step < 3:
            wizard.next_step(draft)
        assert "too large" in str(refused(wizard.log, draft))


def test_parse_by_kind_name_or_option_class():
    assert values.parse("code", "c", "Code", "ab") == "AB"
    assert values.parse("money", "c", "Cost", "1.005") == Decimal("1.01")
    assert values.parse("int", "c", "No.", "7") == 7
    assert values.parse(InformationFlow, "c", "Flow", "Inbound") == InformationFlow.INBOUND


# ---------------------------------------------------------------- "maybe", refused everywhere alike

MAYBE = "Campaign Target: 'maybe' is not Yes or No."


def test_records_refuse_maybe():
    page = entity("interaction_templates")
    with pytest.raises(FieldError) as err:
        page.parse_values({"campaign_target": "maybe"})
    assert (err.value.field, str(err.value)) == ("campaign_target", MAYBE)


def test_templates_refuse_maybe(sqlite_db):
    b.group("G")
    with pytest.raises(FieldError) as err:
        save_template(None, {"code": "T", "interaction_group_code": "G", "campaign_target": "maybe"})
    assert (err.value.field, str(err.value)) == ("campaign_target", MAYBE)


@pytest.fixture
def segment_with_a_line(sqlite_db):
    b.template("LETTER")
    create_segment("S1")
    sb.company("A")
    return add_line("S1", "A")


def test_header_rules_refuse_maybe(segment_with_a_line):
    with pytest.raises(FieldError) as err:
        update_header("S1", {"campaign_target": "maybe"})
    assert (err.value.field, str(err.value)) == ("campaign_target", MAYBE)


def test_line_rules_refuse_maybe(segment_with_a_line):
    with pytest.raises(FieldError) as err:
        update_line("S1", segment_with_a_line.line_no, {"campaign_target": "maybe"}, lambda q, d: d)
    assert (err.value.field, str(err.value)) == ("campaign_target", MAYBE)


def test_csv_import_refuses_maybe(sqlite_db, tmp_path):
    path = tmp_path / "contacts.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["Name", "Exclude from Segment"], ["Adatum", "maybe"]])
    report = import_contacts(path)
    assert [str(e) for e in report.errors] == ["line 2: Exclude from Segment: 'maybe' is not Yes or No."]
    assert Contact.select().count() == 0
