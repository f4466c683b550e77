"""A year's 放假 / 调休 days entered through the API, and the 复查 / 复核 time limits counted in working
days across it (信访工作条例 Arts. 35/36: "收到复查请求的机关、单位应当自收到复查请求之日起30日内提出复查意见").

The days entered here are fictional test data, not a real State Council notice: the year 2027
is one the holiday library does not cover, so the test enters its own."""
import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import select

from server import dates, ids
from server.audit.models import AuditEvent
from server.case.models import Case, CaseStatus
from server.dates import CHINA
from server.holidays import service as holiday_service
from server.ratelimit import limiter
from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings
from server.unit.models import Unit
from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
COUNTY = "/990000/990100/990122"
ENTER = """mutation($input: EnterHolidayYearInput!) { enterHolidayYear(input: $input) {
  year { year version source days { date kind name } } userErrors { field code message } } }"""
CALENDAR = """query { holidayCalendar { libraryFirstYear libraryLastYear nextMissingYear
  years { year version source days { date kind } } } }"""
DETAIL = """query($id: ID!) { case(id: $id) { status dueAt reviewDueAt deadlineProvisional } }"""
FICTIONAL_2027 = {
    "year": 2027, "source": "测试用虚构数据（非真实通知）", "expectedVersion": 0,
    "days": [
        {"date": "2027-01-01", "kind": "HOLIDAY", "name": "测试假日"},
        {"date": "2027-01-04", "kind": "HOLIDAY", "name": "测试假日"},
        {"date": "2027-01-05", "kind": "HOLIDAY", "name": "测试假日"},
        {"date": "2027-01-09", "kind": "WORKDAY", "name": "测试调休"},
    ],
}


@pytest.fixture(autouse=True)
def _clean_calendar():
    limiter.reset()
    dates.use_entered_years([])
    holiday_service._state = holiday_service._Loaded()
    yield
    dates.use_entered_years([])  # the test's rows are rolled back; so is this process's copy
    holiday_service._state = holiday_service._Loaded()
    limiter.reset()


async def _working_days(db) -> None:
    county = await db.scalar(select(Unit).where(Unit.path == COUNTY))
    tenant = await db.get(Tenant, county.id)
    settings = replace(TenantSettings.from_json(tenant.settings), day_count=dates.DayCount.WORKING)
    tenant.settings = settings.to_json()
    await db.commit()


async def _under_review(client_factory, anon, db, *, requested: dt.datetime, rereview: bool) -> str:
    """A case whose 复查 (or 复核) was asked at `requested` (a fixed day, set on the row)."""
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    made = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), title=f"期限测试 {requested.day}")}))
    cid, code = made["registerCase"]["case"]["id"], made["registerCase"]["case"]["queryCode"]
    await township.data('mutation($id: ID!) { acceptCase(id: $id) { userErrors { code } } }', {"id": cid})
    await township.data('mutation($id: ID!) { replyCase(id: $id, reply: "答复", outcome: EXPLAINED) { userErrors { code } } }', {"id": cid})
    asked = await anon.data('mutation($c: String!) { requestReview(queryCode: $c, phoneLast4: "1234", reason: "不服") '
                            '{ case { status } } }', {"c": code})
    assert asked["requestReview"]["case"]["status"] == "UNDER_REVIEW"
    case = (await db.execute(select(Case).where(Case.id == ids.decode("Case", cid))
                             .execution_options(populate_existing=True))).scalar_one()
    if rereview:  # arranged: the county's 复查 opinion given, the 复核 asked on the fixed day
        case.status, case.reply_round, case.rereview_requested_at = CaseStatus.UNDER_REREVIEW, 2, requested
    else:
        case.review_requested_at = requested
    from server.case.deadlines import recount

    recount(case, TenantSettings(day_count=dates.DayCount.WORKING))  # as counted on that day
    await db.commit()
    return cid


LIST = """query { cases(first: 20, filter: { search: "期限测试" }) { edges { node { id dueAt deadlineProvisional } } } }"""


async def _listed_provisional(client) -> dict[str, bool]:
    """The case list's answer, read through its fast lane (one lean statement)."""
    from server.case import listing

    calls = []
    original = listing.page_rows

    async def counting(**kwargs):
        calls.append(kwargs["columns"])
        return await original(**kwargs)

    listing.page_rows = counting
    try:
        edges = (await client.data(LIST))["cases"]["edges"]
    finally:
        listing.page_rows = original
    assert len(calls) == 1 and "rereview_requested_at" in calls[0].case
    return {e["node"]["id"]: e["node"]["deadlineProvisional"] for e in edges}


def _day(value: str) -> dt.date:
    return dt.datetime.fromisoformat(value).astimezone(CHINA).date()


async def test_review_limits_across_an_entered_year_are_provisional_then_recounted(client_factory, anon, db):
    await _working_days(db)
    review = await _under_review(client_factory, anon, db, requested=dt.datetime(2026, 12, 10, 9, tzinfo=CHINA), rereview=False)
    rereview = await _under_review(client_factory, anon, db, requested=dt.datetime(2026, 12, 17, 9, tzinfo=CHINA), rereview=True)
    county = await client_factory("xfj_officer", via_password=False)

    # No source covers 2027 yet: Monday–Friday are counted, and the limit says it is provisional.
    seen = (await county.data(DETAIL, {"id": review}))["case"]
    assert seen["deadlineProvisional"] is True
    assert _day(seen["reviewDueAt"]) == dt.date(2027, 1, 21) and _day(seen["dueAt"]) == dt.date(2027, 1, 21)
    seen = (await county.data(DETAIL, {"id": rereview}))["case"]
    assert seen["status"] == "UNDER_REREVIEW" and seen["deadlineProvisional"] is True
    assert _day(seen["reviewDueAt"]) == dt.date(2027, 1, 28)
    # "show it as provisional everywhere deadlines are shown": the case list (its fast lane) too.
    assert await _listed_provisional(county) == {review: True, rereview: True}

    # The county administrator enters 2027 (fictional test days); the limits are counted again.
    admin = await client_factory("xfj_admin", via_password=False)
    calendar = (await admin.data(CALENDAR))["holidayCalendar"]
    assert calendar["libraryLastYear"] == 2026 and calendar["nextMissingYear"] == 2027 and calendar["years"] == []
    entered = (await admin.data(ENTER, {"input": FICTIONAL_2027}))["enterHolidayYear"]
    assert entered["userErrors"] == [] and entered["year"]["version"] == 1

    seen = (await county.data(DETAIL, {"id": review}))["case"]
    # 30 working days from 10 December: 15 in December, then 6–8 Jan, the Saturday 9 Jan worked, … 25 Jan.
    assert seen["deadlineProvisional"] is False and _day(seen["reviewDueAt"]) == dt.date(2027, 1, 25)
    seen = (await county.data(DETAIL, {"id": rereview}))["case"]
    assert seen["deadlineProvisional"] is False and _day(seen["reviewDueAt"]) == dt.date(2027, 2, 1)
    assert (await admin.data(CALENDAR))["holidayCalendar"]["nextMissingYear"] == 2028
    assert await _listed_provisional(county) == {review: False, rereview: False}

    audited = await db.scalar(select(AuditEvent).where(AuditEvent.action == "calendar.enter_year"))
    assert audited is not None and audited.object_id == 2027 and audited.detail["recounted_cases"] >= 2


async def test_entries_are_validated_versioned_and_only_for_administrators(client_factory, db):
    officer = await client_factory("xfj_officer", via_password=False)
    refused = await officer.execute(ENTER, {"input": FICTIONAL_2027})
    assert refused["data"]["enterHolidayYear"]["userErrors"][0]["code"] == "FORBIDDEN"
    assert (await officer.execute(CALENDAR))["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    operator = await client_factory("admin", via_password=False)  # the platform operator may too
    bad = dict(FICTIONAL_2027, days=[{"date": "2027-01-06", "kind": "WORKDAY"}, {"date": "2028-01-01", "kind": "HOLIDAY"}])
    errors = (await operator.data(ENTER, {"input": bad}))["enterHolidayYear"]["userErrors"]
    assert [(e["field"], e["message"]) for e in errors] == [
        (["input", "days", "0", "date"], "调休上班日应为周六或周日"),
        (["input", "days", "1", "date"], "日期不在 2027 年内"),
    ]
    library = (await operator.data(ENTER, {"input": dict(FICTIONAL_2027, year=2026)}))["enterHolidayYear"]
    assert library["userErrors"][0]["message"] == "2026 年的节假日已由节假日库提供，无需录入"

    first = (await operator.data(ENTER, {"input": FICTIONAL_2027}))["enterHolidayYear"]
    assert first["userErrors"] == []
    stale = (await operator.data(ENTER, {"input": FICTIONAL_2027}))["enterHolidayYear"]  # expected 0, now 1
    assert stale["userErrors"][0]["code"] == "CONFLICT"
    corrected = dict(FICTIONAL_2027, expectedVersion=1, days=FICTIONAL_2027["days"][:2])
    second = (await operator.data(ENTER, {"input": corrected}))["enterHolidayYear"]
    assert second["userErrors"] == [] and second["year"]["version"] == 2 and len(second["year"]["days"]) == 2
    history = (await operator.data("query { holidayYearHistory(year: 2027) { version days { date } } }"))
    assert [(h["version"], len(h["days"])) for h in history["holidayYearHistory"]] == [(2, 2), (1, 4)]
