"""Screening reports, disputes, mediation, turning a dispute into a case, reporting state, meetings."""
import datetime as dt

from sqlalchemy import func, select

from server import ids
from server.audit.models import AuditEvent
from server.auth.models import User
from server.case.models import Case
from server.dates import CHINA
from server.screening import rules
from server.screening.models import Dispute, ScreeningReport
from tests.api.helpers import unit_id

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"  # 东风村, t01v01; the demo leaves its current week due
VILLAGE_2 = TOWNSHIP + "/002"
VILLAGE_3 = TOWNSHIP + "/003"  # t01v03; its current week is due in the demo too
OTHER_TOWNSHIP_VILLAGE = COUNTY + "/002/001"

SAVE = """
mutation($input: SaveScreeningReportInput!) {
  saveScreeningReport(input: $input) {
    report { id status zeroReport version cadence period { start end } unit { name }
             disputes { id title cause peopleInvolved status } }
    userErrors { field message code }
  }
}"""

STATUS = """
query($unitId: ID, $children: Boolean, $on: Date) {
  screeningStatus(unitId: $unitId, children: $children, on: $on) {
    unit { name path } cadence currentState currentPeriod { start end }
    currentReport { id status } missing { start end } periods { state }
  }
}"""


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()


async def save(client, **input_) -> dict:
    return (await client.data(SAVE, {"input": input_}))["saveScreeningReport"]


DISPUTE = {
    "title": "土地流转租金纠纷", "cause": "流转大户拖欠租金", "occurredOn": None, "place": "东风村三组",
    "involvedUnit": "某合作社", "peopleInvolved": 12, "development": "农户准备集体反映", "mediationSoFar": "已约谈",
}


async def test_a_village_clerk_files_this_weeks_report_with_a_dispute(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    result = await save(clerk, unitId=await unit_id(db, VILLAGE), disputes=[DISPUTE], submit=True,
                        clientMutationId="offline-r-1")
    assert result["userErrors"] == []
    report = result["report"]
    period = rules.period_of(today(), rules.Cadence.WEEKLY)
    assert report["period"] == {"start": period.start.isoformat(), "end": period.end.isoformat()}
    assert report["cadence"] == "WEEKLY" and report["status"] == "SUBMITTED" and report["zeroReport"] is False
    assert [(d["title"], d["peopleInvolved"], d["status"]) for d in report["disputes"]] == [
        ("土地流转租金纠纷", 12, "OPEN")
    ]
    audit = await db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "screening.report.create", AuditEvent.object_id == ids.decode("ScreeningReport", report["id"])))
    assert audit == 1
    status = (await clerk.data(STATUS))["screeningStatus"]
    assert [(s["unit"]["path"], s["currentState"]) for s in status] == [(VILLAGE, "SUBMITTED")]


async def test_the_same_idempotency_key_files_one_report_and_one_dispute(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    village = await unit_id(db, VILLAGE)
    before = (await db.scalar(select(func.count()).select_from(ScreeningReport)),
              await db.scalar(select(func.count()).select_from(Dispute)))
    first = await save(clerk, unitId=village, disputes=[DISPUTE], submit=True, clientMutationId="k-42")
    second = await save(clerk, unitId=village, disputes=[DISPUTE], submit=True, clientMutationId="k-42")
    assert second["userErrors"] == [] and first["report"]["id"] == second["report"]["id"]
    after = (await db.scalar(select(func.count()).select_from(ScreeningReport)),
             await db.scalar(select(func.count()).select_from(Dispute)))
    assert after == (before[0] + 1, before[1] + 1)


async def test_a_second_report_for_the_same_period_is_a_conflict(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    village = await unit_id(db, VILLAGE)
    await save(clerk, unitId=village, zeroReport=True, submit=True, clientMutationId="a")
    again = await save(clerk, unitId=village, zeroReport=True, submit=True, clientMutationId="b")
    assert again["report"] is None
    assert [(e["code"], e["field"]) for e in again["userErrors"]] == [("CONFLICT", ["input", "day"])]


async def test_report_content_rules(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    village = await unit_id(db, VILLAGE)
    empty = await save(clerk, unitId=village, submit=True)
    assert [e["code"] for e in empty["userErrors"]] == ["REQUIRED"]
    mixed = await save(clerk, unitId=village, zeroReport=True, disputes=[DISPUTE], submit=True)
    assert [e["field"] for e in mixed["userErrors"]] == [["input", "zeroReport"]]
    future = await save(clerk, unitId=village, zeroReport=True, day=(today() + dt.timedelta(days=8)).isoformat())
    assert [e["code"] for e in future["userErrors"]] == ["INVALID"]
    bad = await save(clerk, unitId=village, disputes=[{**DISPUTE, "title": " ", "peopleInvolved": 0}])
    assert sorted(tuple(e["field"]) for e in bad["userErrors"]) == [
        ("input", "disputes", "0", "peopleInvolved"), ("input", "disputes", "0", "title"),
    ]


async def test_a_draft_is_edited_with_its_version_and_a_stale_version_is_a_conflict(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    draft = (await save(clerk, unitId=await unit_id(db, VILLAGE), note="初稿"))["report"]
    assert draft["status"] == "DRAFT" and draft["version"] == 1
    edited = await save(clerk, id=draft["id"], expectedVersion=1, disputes=[DISPUTE], note="补充")
    assert edited["userErrors"] == [] and edited["report"]["version"] == 2
    stale = await save(clerk, id=draft["id"], expectedVersion=1, zeroReport=False, submit=True)
    assert [e["code"] for e in stale["userErrors"]] == ["CONFLICT"]
    submitted = await save(clerk, id=draft["id"], expectedVersion=2, submit=True)
    assert submitted["report"]["status"] == "SUBMITTED" and len(submitted["report"]["disputes"]) == 1
    locked = await save(clerk, id=draft["id"], expectedVersion=3, note="改")
    assert [e["code"] for e in locked["userErrors"]] == ["LOCKED"]


async def test_a_clerk_cannot_file_for_a_neighbouring_village(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    result = await save(clerk, unitId=await unit_id(db, VILLAGE_2), zeroReport=True, submit=True)
    assert [e["code"] for e in result["userErrors"]] == ["FORBIDDEN"]


async def test_the_township_sees_its_villages_due_submitted_and_missing(client_factory, db):
    officer = await client_factory("t01_officer", via_password=False)
    grid = (await officer.data(STATUS, {"unitId": await unit_id(db, TOWNSHIP), "children": True}))["screeningStatus"]
    assert [row["unit"]["path"] for row in grid] == [f"{TOWNSHIP}/{v:03d}" for v in range(1, 8)]
    states = {row["unit"]["path"]: row["currentState"] for row in grid}
    assert states[VILLAGE] == "DUE"  # the demo leaves 东风村's current week open
    assert "SUBMITTED" in states.values()
    assert all(row["cadence"] == "WEEKLY" and len(row["periods"]) == 6 for row in grid)
    assert sum(len(row["missing"]) for row in grid) > 0  # the demo leaves some weeks missing
    for row in grid:
        assert len(row["missing"]) == [p["state"] for p in row["periods"]].count("MISSING")
    # After the clerk files, the grid shows it.
    clerk = await client_factory("t01v01", via_password=False)
    await save(clerk, unitId=await unit_id(db, VILLAGE), zeroReport=True, submit=True)
    grid = (await officer.data(STATUS, {"unitId": await unit_id(db, TOWNSHIP), "children": True}))["screeningStatus"]
    assert {row["unit"]["path"]: row["currentState"] for row in grid}[VILLAGE] == "SUBMITTED"


async def test_the_township_files_half_monthly_and_cannot_see_another_townships_grid(client_factory, db):
    officer = await client_factory("t01_officer", via_password=False)
    own = (await officer.data(STATUS))["screeningStatus"]
    assert [(r["unit"]["path"], r["cadence"]) for r in own] == [(TOWNSHIP, "HALF_MONTHLY")]
    body = await officer.execute(STATUS, {"unitId": await unit_id(db, COUNTY + "/002"), "children": True})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_the_reports_due_show_in_the_clerks_tasks(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    query = "{ screeningTasks { reports { unit { path } currentState } decisions { content dueOn owner { username } } } }"
    tasks = (await clerk.data(query))["screeningTasks"]
    assert [(r["unit"]["path"], r["currentState"]) for r in tasks["reports"]] == [(VILLAGE, "DUE")]
    assert [d["owner"]["username"] for d in tasks["decisions"]] == ["t01v01"]  # from the demo meeting


MEDIATE = """
mutation($input: MediateDisputeInput!) {
  mediateDispute(input: $input) {
    dispute { id status mediations { mediator outcome agreement } }
    userErrors { field code }
  }
}"""

TO_CASE = """
mutation($input: TurnDisputeIntoCaseInput!) {
  turnDisputeIntoCase(input: $input) {
    dispute { id status case { id title headcount status unit { path } } }
    userErrors { field code }
  }
}"""


async def _dispute(clerk, db) -> str:
    report = await save(clerk, unitId=await unit_id(db, VILLAGE), disputes=[DISPUTE], submit=True)
    return report["report"]["disputes"][0]["id"]


async def test_a_dispute_is_mediated(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    dispute = await _dispute(clerk, db)
    refused = (await clerk.data(MEDIATE, {"input": {
        "disputeId": dispute, "mediator": "村调委会 王主任", "parties": "农户代表与合作社", "outcome": "SUCCESS",
    }}))["mediateDispute"]
    assert [e["field"] for e in refused["userErrors"]] == [["input", "agreement"]]
    done = (await clerk.data(MEDIATE, {"input": {
        "disputeId": dispute, "mediator": "村调委会 王主任", "parties": "农户代表与合作社", "outcome": "SUCCESS",
        "agreement": "合作社于月底前付清租金", "clientMutationId": "m-1",
    }}))["mediateDispute"]
    assert done["userErrors"] == []
    assert done["dispute"]["status"] == "MEDIATED"
    assert [m["outcome"] for m in done["dispute"]["mediations"]] == ["SUCCESS"]


async def test_a_dispute_turned_into_a_case_keeps_the_link_and_a_retry_registers_one_case(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    dispute = await _dispute(clerk, db)
    before = await db.scalar(select(func.count()).select_from(Case))
    payload = {"input": {
        "disputeId": dispute, "channel": "VISIT", "petitioners": [{"name": "李四", "phone": "13900001111"}],
        "clientMutationId": "to-case-1",
    }}
    first = (await clerk.data(TO_CASE, payload))["turnDisputeIntoCase"]
    assert first["userErrors"] == []
    assert first["dispute"]["status"] == "CASE"
    case = first["dispute"]["case"]
    assert case["title"] == "土地流转租金纠纷" and case["headcount"] == 12 and case["unit"]["path"] == VILLAGE
    second = (await clerk.data(TO_CASE, payload))["turnDisputeIntoCase"]
    assert second["dispute"]["case"]["id"] == case["id"]
    assert await db.scalar(select(func.count()).select_from(Case)) == before + 1
    row = await db.get(Dispute, ids.decode("Dispute", dispute))
    assert row.case_id == ids.decode("Case", case["id"])


async def test_other_townships_cannot_read_a_report_or_dispute(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    report = (await save(clerk, unitId=await unit_id(db, VILLAGE), disputes=[DISPUTE], submit=True))["report"]
    other = await client_factory("t02_officer", via_password=False)
    data = await other.data(
        "query($r:ID!,$d:ID!){ screeningReport(id:$r){id} dispute(id:$d){id} }",
        {"r": report["id"], "d": report["disputes"][0]["id"]},
    )
    assert data == {"screeningReport": None, "dispute": None}
    listed = await other.data("{ screeningReports { unit { path } } }")
    assert all(r["unit"]["path"].startswith(COUNTY + "/002") for r in listed["screeningReports"])
    mediate = (await other.data(MEDIATE, {"input": {
        "disputeId": report["disputes"][0]["id"], "mediator": "x", "parties": "y", "outcome": "FAILED",
    }}))["mediateDispute"]
    assert [e["code"] for e in mediate["userErrors"]] == ["NOT_FOUND"]


RECORD_MEETING = """
mutation($input: RecordMeetingInput!) {
  recordMeeting(input: $input) {
    meeting { id kind heldOn attendees cases { id } disputes { id }
              decisions { id content dueOn done owner { username } } }
    userErrors { field code }
  }
}"""


COMPLETE = """
mutation($id: ID!, $note: String) {
  completeMeetingDecision(id: $id, note: $note) { decision { done doneNote } userErrors { code message } }
}"""


async def _user_id(db, username: str) -> str:
    user = await db.scalar(select(User).where(User.username == username))
    return ids.encode("User", user.id)


async def test_a_meeting_records_decisions_that_show_in_the_owners_task_lists(client_factory, db):
    officer = await client_factory("t01_officer", via_password=False)
    clerk = await client_factory("t01v03", via_password=False)
    dispute = (await save(clerk, unitId=await unit_id(db, VILLAGE_3), disputes=[DISPUTE], submit=True))[
        "report"]["disputes"][0]["id"]
    due = (today() + dt.timedelta(days=5)).isoformat()
    result = (await officer.data(RECORD_MEETING.replace("attendees ", "attendees attendeeUsers { username } "), {"input": {
        "unitId": await unit_id(db, TOWNSHIP), "kind": "ANALYSIS", "heldOn": today().isoformat(),
        "attendeeIds": [await _user_id(db, "t01_leader"), await _user_id(db, "t01v03")],
        "attendees": ["司法所所长"], "disputeIds": [dispute],
        "decisions": [{"content": "三日内回访纠纷当事人", "ownerId": await _user_id(db, "t01v03"), "dueOn": due}],
        "clientMutationId": "meet-1",
    }}))["recordMeeting"]
    assert result["userErrors"] == []
    meeting = result["meeting"]
    assert meeting["kind"] == "ANALYSIS" and [d["id"] for d in meeting["disputes"]] == [dispute]
    assert [u["username"] for u in meeting["attendeeUsers"]] == ["t01_leader", "t01v03"]
    assert meeting["attendees"] == ["司法所所长"]
    decision = meeting["decisions"][0]
    assert (decision["owner"]["username"], decision["dueOn"], decision["done"]) == ("t01v03", due, False)

    # The owner finds it in their screening to-dos (the home reminder) and their decision list.
    tasks = (await clerk.data("{ screeningTasks { decisions { id content meeting { kind } } } }"))["screeningTasks"]
    assert decision["id"] in [d["id"] for d in tasks["decisions"]]
    mine = (await clerk.data("{ myMeetingDecisions { id content overdue meeting { kind } } }"))["myMeetingDecisions"]
    assert [d["id"] for d in mine] == [decision["id"]]
    # ... and nobody else does.
    leader = await client_factory("t01_leader", via_password=False)
    assert decision["id"] not in [d["id"] for d in (await leader.data("{ myMeetingDecisions { id } }"))["myMeetingDecisions"]]

    # Only the owner marks it done: not the officer who minuted the meeting, not another township.
    refused = (await officer.data(COMPLETE, {"id": decision["id"]}))["completeMeetingDecision"]
    assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"] and refused["decision"] is None
    assert "责任人" in refused["userErrors"][0]["message"]
    other = await client_factory("t02_officer", via_password=False)
    hidden = (await other.data(COMPLETE, {"id": decision["id"]}))["completeMeetingDecision"]
    assert [e["code"] for e in hidden["userErrors"]] == ["NOT_FOUND"]
    assert (await clerk.data("{ myMeetingDecisions { id } }"))["myMeetingDecisions"] != []

    done = (await clerk.data(COMPLETE, {"id": decision["id"], "note": "已回访"}))["completeMeetingDecision"]
    assert done["decision"] == {"done": True, "doneNote": "已回访"}
    assert (await clerk.data("{ myMeetingDecisions { id } }"))["myMeetingDecisions"] == []
    owner = await db.scalar(select(User).where(User.username == "t01v03"))
    audited = list(await db.scalars(select(AuditEvent).where(
        AuditEvent.action == "screening.decision.done",
        AuditEvent.object_id == ids.decode("MeetingDecision", decision["id"]),
    )))
    assert [a.actor_id for a in audited] == [owner.id]
    # Pressing again changes nothing and records nothing more.
    again = (await clerk.data(COMPLETE, {"id": decision["id"], "note": "再次"}))["completeMeetingDecision"]
    assert again["decision"] == {"done": True, "doneNote": "已回访"}
    assert await db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "screening.decision.done",
        AuditEvent.object_id == ids.decode("MeetingDecision", decision["id"]),
    )) == 1
    # The unit's meeting list shows the decision done.
    listed = (await officer.data(
        "query($u:ID){ meetings(unitId:$u, first: 100){ edges { node { id decisions { id done doneNote owner { username } } } } } }",
        {"u": await unit_id(db, TOWNSHIP)},
    ))["meetings"]["edges"]
    listed = [e["node"] for e in listed]
    ours = next(m for m in listed if m["id"] == meeting["id"])
    assert ours["decisions"] == [{"id": decision["id"], "done": True, "doneNote": "已回访", "owner": {"username": "t01v03"}}]


OPTIONS = "query($u:ID,$s:String){ meetingAttendeeOptions(unitId:$u, search:$s){ username unit { path } } }"


async def test_attendees_and_owners_are_picked_from_the_units_officials(client_factory, db):
    officer = await client_factory("t01_officer", via_password=False)
    township = await unit_id(db, TOWNSHIP)
    people = (await officer.data(OPTIONS, {"u": township}))["meetingAttendeeOptions"]
    names = [p["username"] for p in people]
    assert {"t01_officer", "t01_leader", "t01v01", "t01v03"} <= set(names)
    assert all(p["unit"]["path"] == TOWNSHIP or p["unit"]["path"].startswith(TOWNSHIP + "/") for p in people)
    assert names.index("t01_leader") < names.index("t01v01")  # the unit's own officials first
    found = (await officer.data(OPTIONS, {"u": township, "s": "t01v03"}))["meetingAttendeeOptions"]
    assert [p["username"] for p in found] == ["t01v03"]
    # LIKE wildcards are taken literally.
    assert (await officer.data(OPTIONS, {"u": township, "s": "t01v0_"}))["meetingAttendeeOptions"] == []
    # A clerk (no meetings) and another township's officer get nobody.
    clerk = await client_factory("t01v01", via_password=False)
    assert (await clerk.data(OPTIONS, {"u": township}))["meetingAttendeeOptions"] == []
    other = await client_factory("t02_officer", via_password=False)
    assert (await other.data(OPTIONS, {"u": township}))["meetingAttendeeOptions"] == []

    refused = (await officer.data(RECORD_MEETING, {"input": {
        "unitId": township, "kind": "ROUTINE", "heldOn": today().isoformat(),
        "attendeeIds": [await _user_id(db, "t02v01")],
        "decisions": [
            {"content": "跨镇交办", "ownerId": await _user_id(db, "t02_officer")},
            {"content": "期限早于会议", "ownerId": await _user_id(db, "t01v01"),
             "dueOn": (today() - dt.timedelta(days=1)).isoformat()},
        ],
    }}))["recordMeeting"]
    assert refused["meeting"] is None
    assert sorted(tuple(e["field"]) for e in refused["userErrors"]) == [
        ("input", "attendeeIds"), ("input", "decisions", "0", "ownerId"), ("input", "decisions", "1", "dueOn"),
    ]
    nobody = (await officer.data(RECORD_MEETING, {"input": {
        "unitId": township, "kind": "ROUTINE", "heldOn": today().isoformat(),
    }}))["recordMeeting"]
    assert [(e["code"], e["field"]) for e in nobody["userErrors"]] == [("REQUIRED", ["input", "attendeeIds"])]


async def test_a_village_clerk_cannot_record_a_township_meeting(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    result = (await clerk.data(RECORD_MEETING, {"input": {
        "unitId": await unit_id(db, TOWNSHIP), "kind": "ROUTINE", "heldOn": today().isoformat(), "attendees": ["x"],
    }}))["recordMeeting"]
    assert [e["code"] for e in result["userErrors"]] == ["FORBIDDEN"]


async def test_meetings_are_listed_in_the_subtree(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    meetings = [e["node"] for e in (await county.data(
        "{ meetings(first: 100) { edges { node { unit { path } kind decisions { content } } } } }"))["meetings"]["edges"]]
    assert any(m["unit"]["path"] == TOWNSHIP and len(m["decisions"]) == 3 for m in meetings)
    other = await client_factory("t02_officer", via_password=False)
    assert (await other.data("{ meetings { edges { node { id } } totalCount } }"))["meetings"] == {"edges": [], "totalCount": 0}
