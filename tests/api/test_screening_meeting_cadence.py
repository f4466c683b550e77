"""Meetings on the seed-004 cadence (issue 11): a period without the unit's 排查调处例会 is flagged like
a missing report, a village clerk minutes the village's own weekly meeting, and a weekly report's
due weekday is a tenant setting (seed 002 "每周三")."""
import datetime as dt

from sqlalchemy import select

from server import ids
from server.dates import CHINA
from server.screening.models import Meeting, MeetingKind
from server.unit.models import Unit
from tests.api.helpers import unit_id

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"  # t01v01
VILLAGE_2 = TOWNSHIP + "/002"
OTHER_TOWNSHIP = COUNTY + "/002"

RECORD_MEETING = """
mutation($input: RecordMeetingInput!) {
  recordMeeting(input: $input) { meeting { id kind heldOn unit { path } } userErrors { field code message } }
}"""

STATUS = """
query($unitId: ID, $children: Boolean, $on: Date) {
  meetingStatus(unitId: $unitId, children: $children, on: $on) {
    unit { path } cadence currentState currentPeriod { start end } missing { start end } lastHeldOn
    periods { period { start } state }
  }
}"""

TASKS = "{ screeningTasks { meetings { unit { path } currentState missing { start } } } }"

UPDATE_SETTINGS = """mutation($t:ID!,$c:[TenantSettingInput!]!){ updateTenantSettings(tenantId:$t, changes:$c){
  settings{ fields{ key value } } userErrors{ field code message } } }"""

REPORTING = """
query($on: Date) { screeningStatus(on: $on) { cadence currentState currentDueOn currentPeriod { start end }
  missing { start end } } }"""


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


async def _meeting(db, path: str, held_on: dt.date, kind: MeetingKind = MeetingKind.ROUTINE) -> None:
    unit = await db.scalar(select(Unit).where(Unit.path == path))
    db.add(Meeting(tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, kind=kind, held_on=held_on,
                   attendees=["村两委成员"]))
    await db.commit()


async def test_a_village_week_without_its_routine_meeting_is_flagged_missing(client_factory, db):
    """Seed 004: "村（居）每周一次排查调处例会制度"."""
    this_week = monday(today())
    await _meeting(db, VILLAGE, this_week - dt.timedelta(days=7))  # last week: held
    await _meeting(db, VILLAGE, this_week - dt.timedelta(days=14), MeetingKind.ANALYSIS)  # a 研判会 is not the 例会
    clerk = await client_factory("t01v01", via_password=False)
    [own] = (await clerk.data(STATUS))["meetingStatus"]
    assert (own["unit"]["path"], own["cadence"]) == (VILLAGE, "WEEKLY")
    states = {p["period"]["start"]: p["state"] for p in own["periods"]}
    assert states[(this_week - dt.timedelta(days=7)).isoformat()] == "HELD"
    assert states[(this_week - dt.timedelta(days=14)).isoformat()] == "MISSING"
    assert own["currentState"] == "DUE" and own["currentPeriod"]["start"] == this_week.isoformat()
    assert {"start": (this_week - dt.timedelta(days=14)).isoformat(),
            "end": (this_week - dt.timedelta(days=8)).isoformat()} in own["missing"]
    assert own["lastHeldOn"] == (this_week - dt.timedelta(days=7)).isoformat()
    # The clerk's to-do list shows the meeting like a missing report.
    [task] = (await clerk.data(TASKS))["screeningTasks"]["meetings"]
    assert task["unit"]["path"] == VILLAGE and task["currentState"] == "DUE" and task["missing"]


async def test_a_village_clerk_records_the_villages_own_weekly_meeting_and_no_other(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    result = (await clerk.data(RECORD_MEETING, {"input": {
        "unitId": await unit_id(db, VILLAGE), "kind": "ROUTINE", "heldOn": today().isoformat(),
        "attendees": ["村支书", "调解委员会主任", "网格员"], "summary": "本周排查矛盾纠纷两件，均已安排调处。",
        "clientMutationId": "village-weekly-1",
    }}))["recordMeeting"]
    assert result["userErrors"] == []
    assert (result["meeting"]["kind"], result["meeting"]["unit"]["path"]) == ("ROUTINE", VILLAGE)
    [own] = (await clerk.data(STATUS))["meetingStatus"]
    assert own["currentState"] == "HELD" and own["lastHeldOn"] == today().isoformat()
    # Only the weeks gone by without one remain on the to-do list.
    tasks = (await clerk.data(TASKS))["screeningTasks"]["meetings"]
    assert all(t["currentState"] == "HELD" and t["missing"] for t in tasks)
    # Not a neighbouring village's meeting, nor the township's.
    for path in (VILLAGE_2, TOWNSHIP):
        refused = (await clerk.data(RECORD_MEETING, {"input": {
            "unitId": await unit_id(db, path), "kind": "ROUTINE", "heldOn": today().isoformat(), "attendees": ["x"],
        }}))["recordMeeting"]
        assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"], path
        assert refused["userErrors"][0]["message"]


async def test_the_township_watches_its_villages_meetings_and_another_township_sees_nothing(client_factory, db):
    """Seed 004: "乡镇每半月一次": the township's own record is half-monthly, its villages' weekly."""
    await _meeting(db, VILLAGE_2, today())
    township = await client_factory("t01_officer", via_password=False)
    [own] = (await township.data(STATUS))["meetingStatus"]
    assert (own["unit"]["path"], own["cadence"]) == (TOWNSHIP, "HALF_MONTHLY")
    grid = (await township.data(STATUS, {"children": True}))["meetingStatus"]
    by_path = {g["unit"]["path"]: g for g in grid}
    assert by_path[VILLAGE_2]["currentState"] == "HELD" and by_path[VILLAGE_2]["cadence"] == "WEEKLY"
    assert all(p.startswith(TOWNSHIP + "/") for p in by_path)
    other = await client_factory("t02_officer", via_password=False)
    body = await other.execute(STATUS, {"unitId": await unit_id(db, TOWNSHIP)})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    county = await client_factory("xfj_officer", via_password=False)
    [county_own] = (await county.data(STATUS))["meetingStatus"]
    assert county_own["cadence"] == "MONTHLY"  # seed 004: "县每月一次"


async def test_the_meeting_cadence_is_a_tenant_setting_and_a_bad_one_is_refused(client_factory, db):
    admin = await client_factory("xfj_admin", via_password=False)
    county = ids.encode("Unit", await db.scalar(select(Unit.id).where(Unit.path == COUNTY)))
    result = (await admin.data(UPDATE_SETTINGS, {"t": county, "c": [
        {"key": "meeting_cadence", "value": {"VILLAGE": "HALF_MONTHLY"}}]}))["updateTenantSettings"]
    assert result["userErrors"] == []
    clerk = await client_factory("t01v01", via_password=False)
    [own] = (await clerk.data(STATUS))["meetingStatus"]
    assert own["cadence"] == "HALF_MONTHLY"
    refused = (await admin.data(UPDATE_SETTINGS, {"t": county, "c": [
        {"key": "meeting_cadence", "value": {"VILLAGE": "YEARLY"}}]}))["updateTenantSettings"]
    assert refused["settings"] is None and [e["code"] for e in refused["userErrors"]] == ["INVALID"]
    assert refused["userErrors"][0]["message"]


async def test_a_weekly_report_due_on_wednesday_is_missing_on_thursday(client_factory, db):
    """Seed 002: "各村、各单位每周三将排查出的问题及时上报镇综治办"."""
    admin = await client_factory("xfj_admin", via_password=False)
    county = ids.encode("Unit", await db.scalar(select(Unit.id).where(Unit.path == COUNTY)))
    bad = (await admin.data(UPDATE_SETTINGS, {"t": county, "c": [
        {"key": "weekly_report_due_weekday", "value": 8}]}))["updateTenantSettings"]
    assert [e["code"] for e in bad["userErrors"]] == ["OUT_OF_RANGE"]
    ok = (await admin.data(UPDATE_SETTINGS, {"t": county, "c": [
        {"key": "weekly_report_due_weekday", "value": 3}]}))["updateTenantSettings"]
    assert ok["userErrors"] == []
    clerk = await client_factory("t02v01", via_password=False)  # the demo files nothing for township 002's villages
    week = monday(today()) + dt.timedelta(days=7)
    wednesday, thursday = week + dt.timedelta(days=2), week + dt.timedelta(days=3)
    [on_wednesday] = (await clerk.data(REPORTING, {"on": wednesday.isoformat()}))["screeningStatus"]
    assert (on_wednesday["currentState"], on_wednesday["currentDueOn"]) == ("DUE", wednesday.isoformat())
    [on_thursday] = (await clerk.data(REPORTING, {"on": thursday.isoformat()}))["screeningStatus"]
    assert on_thursday["currentState"] == "MISSING"
    assert {"start": week.isoformat(), "end": (week + dt.timedelta(days=6)).isoformat()} in on_thursday["missing"]


async def test_the_on_time_rate_counts_a_weekly_report_by_the_due_weekday(db):
    """Seed 002: "每周三 … 上报": a report filed on the Thursday is filed, but not on time."""
    from server.evaluation.rate_counts.reporting import screening_on_time
    from server.screening.models import ReportStatus, ScreeningReport
    from server.tenant.models import Tenant

    village = await db.scalar(select(Unit).where(Unit.path == OTHER_TOWNSHIP + "/001"))  # nothing filed by the demo
    week = monday(today()) - dt.timedelta(days=14)
    thursday = dt.datetime.combine(week + dt.timedelta(days=3), dt.time(10), CHINA)
    db.add(ScreeningReport(
        tenant_id=village.tenant_id, unit_id=village.id, unit_path=village.path, cadence="WEEKLY",
        period_start=week, period_end=week + dt.timedelta(days=6), zero_report=True,
        status=ReportStatus.SUBMITTED, submitted_at=thursday.astimezone(dt.UTC), created_at=thursday.astimezone(dt.UTC),
    ))
    await db.commit()
    span = {"db_session": db, "unit": village, "first_day": week, "last_day": week + dt.timedelta(days=6)}
    assert await screening_on_time(**span) == (1, 1)  # due on the Sunday: on time
    tenant = await db.get(Tenant, village.tenant_id)
    tenant.settings = {**(tenant.settings or {}), "weekly_report_due_weekday": 3}
    await db.commit()
    assert await screening_on_time(**span) == (0, 1)  # due on the Wednesday: late
