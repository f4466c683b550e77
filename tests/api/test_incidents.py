"""Escalation incidents: recorded by the county, contested by the unit, decided by the county."""
import datetime as dt

from sqlalchemy import select

from server import ids
from server.audit.models import AuditEvent
from server.dates import CHINA
from tests.api.helpers import unit_id

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"
OTHER_TOWNSHIP = COUNTY + "/002"

RECORD = """
mutation($input: RecordIncidentInput!) {
  recordIncident(input: $input) {
    incident { id kind occurredOn headcount destinationLevel verified status unit { path } case { id } }
    userErrors { field message code }
  }
}"""

CONTEST = """
mutation($id: ID!, $reason: String!) {
  contestIncident(id: $id, reason: $reason) { incident { id status contestReason } userErrors { field code } }
}"""

DECIDE = """
mutation($id: ID!, $accept: Boolean!, $note: String!) {
  decideIncidentContest(id: $id, accept: $accept, note: $note) {
    incident { id status decisionNote decidedAt } userErrors { field code }
  }
}"""

LIST = "query($unitId: ID, $year: Int) { incidents(unitId: $unitId, year: $year) { id kind status unit { path } canContest canDecide } }"


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()


async def record(client, **input_) -> dict:
    return (await client.data(RECORD, {"input": input_}))["recordIncident"]


async def test_the_county_records_an_incident_against_a_village(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    result = await record(
        county, unitId=await unit_id(db, VILLAGE), kind="PROVINCE_ESCALATED", occurredOn=today().isoformat(),
        headcount=3, verified=True, clientMutationId="inc-1",
    )
    assert result["userErrors"] == []
    incident = result["incident"]
    assert (incident["kind"], incident["headcount"], incident["destinationLevel"], incident["verified"],
            incident["status"], incident["unit"]["path"]) == (
        "PROVINCE_ESCALATED", 3, "PROVINCE", True, "ATTRIBUTED", VILLAGE)
    again = await record(
        county, unitId=await unit_id(db, VILLAGE), kind="PROVINCE_ESCALATED", occurredOn=today().isoformat(),
        headcount=3, verified=True, clientMutationId="inc-1",
    )
    assert again["incident"]["id"] == incident["id"]
    events = list(await db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "incident", AuditEvent.object_id == ids.decode("Incident", incident["id"]))))
    assert events == ["incident.record"]


async def test_only_the_county_records_incidents_and_input_is_checked(client_factory, db):
    township = await client_factory("t01_officer", via_password=False)
    refused = await record(township, unitId=await unit_id(db, VILLAGE), kind="CITY_ESCALATED",
                           occurredOn=today().isoformat())
    assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"]
    county = await client_factory("xfj_officer", via_password=False)
    bad = await record(county, unitId=await unit_id(db, VILLAGE), kind="CITY_ESCALATED",
                       occurredOn=(today() + dt.timedelta(days=1)).isoformat(), headcount=0, destinationLevel="MOON")
    assert sorted(e["field"][-1] for e in bad["userErrors"]) == ["destinationLevel", "headcount", "occurredOn"]


async def test_the_attributed_unit_contests_and_the_county_withdraws_the_attribution(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    incident = (await record(county, unitId=await unit_id(db, VILLAGE), kind="COLLECTIVE_TO_COUNTY",
                             occurredOn=today().isoformat(), headcount=6))["incident"]
    clerk = await client_factory("t01v01", via_password=False)
    listed = (await clerk.data(LIST))["incidents"]
    assert {i["unit"]["path"] for i in listed} == {VILLAGE}
    mine = next(i for i in listed if i["id"] == incident["id"])
    assert mine["canContest"] is True and mine["canDecide"] is False

    empty = (await clerk.data(CONTEST, {"id": incident["id"], "reason": "  "}))["contestIncident"]
    assert [e["code"] for e in empty["userErrors"]] == ["REQUIRED"]
    contested = (await clerk.data(CONTEST, {"id": incident["id"], "reason": "当事人系邻村村民"}))["contestIncident"]
    assert contested["incident"]["status"] == "CONTESTED"
    twice = (await clerk.data(CONTEST, {"id": incident["id"], "reason": "再次"}))["contestIncident"]
    assert [e["code"] for e in twice["userErrors"]] == ["INVALID"]

    # The village cannot decide its own contest; the county can.
    self_decided = (await clerk.data(DECIDE, {"id": incident["id"], "accept": True, "note": "x"}))["decideIncidentContest"]
    assert [e["code"] for e in self_decided["userErrors"]] == ["FORBIDDEN"]
    leader = await client_factory("xfj_leader", via_password=False)
    decided = (await leader.data(DECIDE, {"id": incident["id"], "accept": True, "note": "经核实属实，撤销认定"}))[
        "decideIncidentContest"]
    assert decided["userErrors"] == []
    assert decided["incident"]["status"] == "WITHDRAWN" and decided["incident"]["decisionNote"] == "经核实属实，撤销认定"
    again = (await leader.data(DECIDE, {"id": incident["id"], "accept": False, "note": "改"}))["decideIncidentContest"]
    assert [e["code"] for e in again["userErrors"]] == ["INVALID"]

    actions = list(await db.scalars(select(AuditEvent.action).where(
        AuditEvent.object_type == "incident", AuditEvent.object_id == ids.decode("Incident", incident["id"])
    ).order_by(AuditEvent.id)))
    assert actions == ["incident.record", "incident.contest", "incident.decide"]


async def test_a_rejected_contest_confirms_the_attribution(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    incident = (await record(county, unitId=await unit_id(db, TOWNSHIP), kind="COLLECTIVE_TO_CITY",
                             occurredOn=today().isoformat(), headcount=9))["incident"]
    township = await client_factory("t01_leader", via_password=False)
    await township.data(CONTEST, {"id": incident["id"], "reason": "非本镇属地"})
    decided = (await county.data(DECIDE, {"id": incident["id"], "accept": False, "note": "属地认定无误"}))[
        "decideIncidentContest"]
    assert decided["incident"]["status"] == "CONFIRMED"


async def test_a_contest_needs_a_pending_attribution_and_deciding_needs_a_contest(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    incident = (await record(county, unitId=await unit_id(db, VILLAGE), kind="MEDIA_HYPE",
                             occurredOn=today().isoformat()))["incident"]
    early = (await county.data(DECIDE, {"id": incident["id"], "accept": True, "note": "x"}))["decideIncidentContest"]
    assert [e["code"] for e in early["userErrors"]] == ["INVALID"]


async def test_other_townships_neither_see_nor_contest(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    incident = (await record(county, unitId=await unit_id(db, VILLAGE), kind="CITY_ESCALATED",
                             occurredOn=today().isoformat()))["incident"]
    other = await client_factory("t02_officer", via_password=False)
    assert all(i["unit"]["path"].startswith(OTHER_TOWNSHIP) for i in (await other.data(LIST))["incidents"])
    assert (await other.data("query($id:ID!){ incident(id:$id){ id } }", {"id": incident["id"]}))["incident"] is None
    refused = (await other.data(CONTEST, {"id": incident["id"], "reason": "x"}))["contestIncident"]
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]


async def test_incidents_are_filtered_by_unit_and_year_and_the_demo_has_one_contested(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    year = today().year
    rows = (await county.data(LIST, {"unitId": await unit_id(db, TOWNSHIP), "year": year}))["incidents"]
    assert len(rows) >= 3 and all(r["unit"]["path"].startswith(TOWNSHIP) for r in rows)
    assert [r["status"] for r in rows].count("CONTESTED") == 1
    assert any(r["canDecide"] for r in rows)
    assert (await county.data(LIST, {"year": year - 5}))["incidents"] == []


async def test_verification_is_set_by_the_county_and_audited(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    incident = (await record(county, unitId=await unit_id(db, VILLAGE), kind="CITY_ESCALATED",
                             occurredOn=today().isoformat()))["incident"]
    mutation = "mutation($id:ID!,$v:Boolean!){ setIncidentVerified(id:$id, verified:$v){ incident { verified } userErrors { code } } }"
    clerk = await client_factory("t01v01", via_password=False)
    refused = (await clerk.data(mutation, {"id": incident["id"], "v": True}))["setIncidentVerified"]
    assert [e["code"] for e in refused["userErrors"]] == ["FORBIDDEN"]
    done = (await county.data(mutation, {"id": incident["id"], "v": True}))["setIncidentVerified"]
    assert done["incident"] == {"verified": True}
    assert await db.scalar(select(AuditEvent.id).where(AuditEvent.action == "incident.verify")) is not None
