"""Segment Header creation defaults and deletion (SPEC 1.6 #4, #10, "On delete")."""

from __future__ import annotations

import pytest

from models.base import context
from models.base.errors import FieldError, UserError
from models.segments.segment import create_segment, default_salesperson, delete_segment
from models.tables.contacts import Campaign, Salesperson
from models.tables.segments import SegmentHeader
from tests.models import builders as b


def test_privacy_blocked_or_unknown_user_gets_no_default_salesperson(any_db):
    b.salesperson("PB", user=context.user_id())
    Salesperson.update(privacy_blocked=True).execute()
    assert default_salesperson() == ""
    Salesperson.update(privacy_blocked=False).execute()
    assert default_salesperson() == "PB"
    assert default_salesperson("SOMEONE ELSE") == ""


def test_given_salesperson_and_campaign_must_be_usable(any_db):
    b.salesperson("OLD", blocked=True)
    with pytest.raises(FieldError, match="Salesperson OLD is blocked") as err:
        create_segment("S1", salesperson_code="OLD")
    assert err.value.field == "salesperson_code"
    with pytest.raises(FieldError, match="Salesperson Code 'NOBODY' does not exist"):
        create_segment("S1", salesperson_code="nobody")
    with pytest.raises(FieldError, match="Campaign No. 'CP9' does not exist") as err:
        create_segment("S1", campaign_no="CP9")
    assert err.value.field == "campaign_no"
    Campaign.create(no="CP1")
    assert create_segment("S1", campaign_no="cp1").campaign_no == "CP1"
    assert SegmentHeader.select().count() == 1


def test_delete_segment_removes_its_rows_and_unused_attachments(any_db):
    from models.base.enums import CriteriaAction
    from models.tables.contacts import Language
    from models.tables.interactions import Attachment
    from models.tables.segments import (
        SegmentCriteriaLine,
        SegmentHistory,
        SegmentInteractionLanguage,
        SegmentLine,
    )

    Language.create(code="ENU")
    b.contact("CT1")
    segment = create_segment("S1")
    free = Attachment.create(attachment_file=b"x").no
    logged = Attachment.create(attachment_file=b"y", read_only=True).no
    SegmentLine.create(segment="S1", line_no=10000, contact="CT1", attachment_no=free)
    SegmentCriteriaLine.create(segment="S1", line_no=1, action=CriteriaAction.ADD_CONTACTS)
    SegmentHistory.create(segment="S1", segment_action_no=1, segment_line_no=10000, contact_no="CT1")
    SegmentInteractionLanguage.create(segment="S1", segment_line_no=0, language="ENU", attachment_no=free)
    SegmentInteractionLanguage.create(segment="S1", segment_line_no=10000, language="ENU", attachment_no=logged)
    create_segment("S2")

    delete_segment(segment.no)
    assert [s.no for s in SegmentHeader.select()] == ["S2"]
    for model in (SegmentLine, SegmentCriteriaLine, SegmentHistory, SegmentInteractionLanguage):
        assert model.select().count() == 0
    assert [a.no for a in Attachment.select()] == [logged]
    with pytest.raises(UserError, match="Segment S1 does not exist"):
        delete_segment("S1")
