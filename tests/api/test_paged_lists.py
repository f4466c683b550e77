"""One list contract for incidents, disputes and meetings (issue 15): every list is a keyset
connection through `server.pagination`, and nothing is cut without saying so — the old lists
stopped at 200 or 500 rows silently."""
import datetime as dt

from sqlalchemy import select

from server import ids
from server.dates import CHINA
from server.incident.models import Incident, IncidentKind
from server.unit.models import Unit

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"
OTHER_TOWNSHIP = COUNTY + "/002"

INCIDENTS_PAGE = """
query($unitId: ID, $year: Int, $first: Int, $after: String) {
  incidentsConnection(unitId: $unitId, year: $year, first: $first, after: $after) {
    edges { cursor node { id occurredOn unit { path } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}"""


def today() -> dt.date:
    return dt.datetime.now(CHINA).date()


async def _unit(db, path: str) -> Unit:
    return await db.scalar(select(Unit).where(Unit.path == path))


async def _pages(client, query: str, field: str, variables: dict, first: int) -> tuple[list[dict], int]:
    """Every node of a connection, page by page; and the totalCount of the first page."""
    nodes: list[dict] = []
    after = None
    total = None
    for _ in range(1000):
        conn = (await client.data(query, {**variables, "first": first, "after": after}))[field]
        total = conn["totalCount"] if total is None else total
        assert len(conn["edges"]) <= first
        nodes += [e["node"] for e in conn["edges"]]
        if not conn["pageInfo"]["hasNextPage"]:
            return nodes, total
        assert conn["pageInfo"]["endCursor"] == conn["edges"][-1]["cursor"]
        after = conn["pageInfo"]["endCursor"]
    raise AssertionError("the connection never ended")


async def _add_incidents(db, path: str, count: int, year: int) -> None:
    unit = await _unit(db, path)
    start = dt.date(year, 1, 1)
    db.add_all([
        Incident(
            tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, kind=IncidentKind.CITY_ESCALATED,
            occurred_on=start + dt.timedelta(days=n % 300), headcount=1, destination_level="CITY",
        )
        for n in range(count)
    ])
    await db.commit()


async def test_the_incident_list_is_complete_beyond_the_old_cap_of_500(client_factory, db):
    year = today().year - 2  # a year the demo has no incident in
    await _add_incidents(db, VILLAGE, 505, year)
    county = await client_factory("xfj_officer", via_password=False)
    plain = (await county.data("query($y:Int){ incidents(year:$y){ id occurredOn } }", {"y": year}))["incidents"]
    assert len(plain) == 505
    assert [r["occurredOn"] for r in plain] == sorted((r["occurredOn"] for r in plain), reverse=True)


async def test_the_incident_connection_pages_through_every_row_once_newest_first(client_factory, db):
    year = today().year - 2
    await _add_incidents(db, VILLAGE, 45, year)
    await _add_incidents(db, OTHER_TOWNSHIP + "/001", 7, year)
    county = await client_factory("xfj_officer", via_password=False)
    nodes, total = await _pages(county, INCIDENTS_PAGE, "incidentsConnection", {"year": year}, first=20)
    assert total == 52 and len(nodes) == 52 and len({n["id"] for n in nodes}) == 52
    days = [n["occurredOn"] for n in nodes]
    assert days == sorted(days, reverse=True)
    plain = (await county.data("query($y:Int){ incidents(year:$y){ id } }", {"y": year}))["incidents"]
    assert [n["id"] for n in nodes] == [r["id"] for r in plain]


async def test_the_incident_connection_shows_another_township_nothing(client_factory, db):
    year = today().year - 2
    await _add_incidents(db, VILLAGE, 12, year)
    other = await client_factory("t02_officer", via_password=False)
    nodes, total = await _pages(other, INCIDENTS_PAGE, "incidentsConnection", {"year": year}, first=5)
    assert (nodes, total) == ([], 0)
    township = await client_factory("t01_officer", via_password=False)
    nodes, total = await _pages(township, INCIDENTS_PAGE, "incidentsConnection", {"year": year}, first=5)
    assert total == 12 and all(n["unit"]["path"].startswith(TOWNSHIP) for n in nodes)


async def test_a_bad_cursor_or_page_size_is_a_translated_refusal(client_factory, db):
    county = await client_factory("xfj_officer", via_password=False)
    for variables in ({"after": "bm90LWEtY3Vyc29y"}, {"after": "x" * 300}, {"first": 5000}):
        body = await county.execute(INCIDENTS_PAGE, variables)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


DISPUTES_PAGE = """
query($unitId: ID, $status: [DisputeStatus!], $search: String, $first: Int, $after: String) {
  disputes(unitId: $unitId, status: $status, search: $search, first: $first, after: $after) {
    edges { cursor node { id title createdAt unit { path } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}"""

MEETINGS_PAGE = """
query($unitId: ID, $year: Int, $first: Int, $after: String) {
  meetings(unitId: $unitId, year: $year, first: $first, after: $after) {
    edges { cursor node { id heldOn unit { path } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}"""


async def _add_disputes(db, path: str, count: int, title: str) -> None:
    from server.screening.models import Dispute

    unit = await _unit(db, path)
    same_instant = dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC)  # ties on the sort key are ordered by id
    db.add_all([
        Dispute(
            tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, title=f"{title} {n}", cause="土地边界",
            people_involved=2, created_at=same_instant if n % 3 == 0 else same_instant + dt.timedelta(minutes=n),
        )
        for n in range(count)
    ])
    await db.commit()


async def test_the_dispute_list_pages_past_the_old_cap_of_200_without_repeating_a_row(client_factory, db):
    await _add_disputes(db, VILLAGE, 230, "宅基地纠纷")
    county = await client_factory("xfj_officer", via_password=False)
    nodes, total = await _pages(county, DISPUTES_PAGE, "disputes", {"search": "宅基地纠纷"}, first=100)
    assert total == 230 and len(nodes) == 230 and len({n["id"] for n in nodes}) == 230
    stamps = [n["createdAt"] for n in nodes]
    assert stamps == sorted(stamps, reverse=True)


async def test_the_dispute_list_of_another_township_is_empty(client_factory, db):
    await _add_disputes(db, VILLAGE, 8, "水渠纠纷")
    other = await client_factory("t02_officer", via_password=False)
    assert await _pages(other, DISPUTES_PAGE, "disputes", {"search": "水渠纠纷"}, first=3) == ([], 0)
    township = await client_factory("t01_officer", via_password=False)
    nodes, total = await _pages(township, DISPUTES_PAGE, "disputes", {"search": "水渠纠纷"}, first=3)
    assert total == 8 and {n["unit"]["path"] for n in nodes} == {VILLAGE}


async def test_the_meeting_list_pages_past_the_old_cap_of_200(client_factory, db):
    from server.screening.models import Meeting, MeetingKind

    year = today().year - 3
    unit = await _unit(db, TOWNSHIP)
    db.add_all([
        Meeting(tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, kind=MeetingKind.ROUTINE,
                held_on=dt.date(year, 1, 1) + dt.timedelta(days=n // 2), attendees=["综治中心主任"])
        for n in range(210)
    ])
    await db.commit()
    county = await client_factory("xfj_officer", via_password=False)
    nodes, total = await _pages(county, MEETINGS_PAGE, "meetings", {"year": year}, first=50)
    assert total == 210 and len({n["id"] for n in nodes}) == 210
    days = [n["heldOn"] for n in nodes]
    assert days == sorted(days, reverse=True)
    other = await client_factory("t02_officer", via_password=False)
    assert await _pages(other, MEETINGS_PAGE, "meetings", {"year": year}, first=50) == ([], 0)


REPORTS_PAGE = """
query($unitId: ID, $since: Date, $first: Int, $after: String) {
  screeningReportsConnection(unitId: $unitId, since: $since, first: $first, after: $after) {
    edges { cursor node { id period { start } unit { path } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}"""


async def test_the_report_list_pages_past_the_old_list_of_100(client_factory, db):
    from server.screening.models import ReportStatus, ScreeningReport

    unit = await _unit(db, OTHER_TOWNSHIP + "/003")
    first_week = dt.date(2020, 1, 6)  # a Monday, years before the demo's reports
    db.add_all([
        ScreeningReport(
            tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, cadence="WEEKLY",
            period_start=first_week + dt.timedelta(weeks=n), period_end=first_week + dt.timedelta(weeks=n, days=6),
            zero_report=True, status=ReportStatus.SUBMITTED,
        )
        for n in range(130)
    ])
    await db.commit()
    township = await client_factory("t02_officer", via_password=False)
    variables = {"unitId": ids.encode("Unit", unit.id)}
    nodes, total = await _pages(township, REPORTS_PAGE, "screeningReportsConnection", variables, first=50)
    starts = [n["period"]["start"] for n in nodes]
    assert total >= 130 and len(nodes) == total and len(set(starts)) == total
    assert starts == sorted(starts, reverse=True)
    assert {(first_week + dt.timedelta(weeks=n)).isoformat() for n in range(130)} <= set(starts)
    # The old list says in the schema that it stops at 100 (deprecated), and does.
    old = (await township.data("query($u:ID){ screeningReports(unitId:$u){ id } }", variables))["screeningReports"]
    assert len(old) == 100
    # Another township sees none of them.
    other = await client_factory("t01_officer", via_password=False)
    assert await _pages(other, REPORTS_PAGE, "screeningReportsConnection", variables, first=10) == ([], 0)
