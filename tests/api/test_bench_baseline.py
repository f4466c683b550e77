"""The benchmark's hand-written endpoint (server/bench_baseline.py) answers what the GraphQL case
list answers for the same viewer — including the rule that an accusation is hidden from the
accused unit and every unit under it (信访工作条例 Art. 30), which its own SQL applies."""
from sqlalchemy import select

from server import bench_baseline
from server.auth.models import User
from server.auth.service import start_session
from server.bench import LIST_QUERY, VIEWERS
from tests.api.helpers import REGISTER, case_input, unit_id

TOWNSHIP = "/990000/990100/990122/001"
VILLAGE = "/990000/990100/990122/001/001"  # t01v01's village


async def _register(client, db, title: str, accused: str) -> str:
    created = (await client.data(REGISTER, {"input": case_input(
        await unit_id(db, VILLAGE), kind="ACCUSATION", title=title, accusedUnitId=await unit_id(db, accused),
    )}))["registerCase"]
    assert created["userErrors"] == [], created
    return created["case"]["id"]


async def test_the_baseline_hides_an_accusation_from_the_accused_unit_as_the_graphql_list_does(
    client_factory, connection, db, settings
):
    county = await client_factory("xfj_officer", via_password=False)
    # Both concern t01v01's village (its 属地): one accuses the village, one its township.
    against_village = await _register(county, db, "反映村干部优亲厚友", VILLAGE)
    against_township = await _register(county, db, "反映镇干部截留补助", TOWNSHIP)
    pages = {}
    for viewer, username in VIEWERS.items():
        user = await db.scalar(select(User).where(User.username == username))
        token = start_session(db_session=db, settings=settings, user=user)
        await db.commit()
        client = await client_factory()
        client.http.cookies.set(settings.session_cookie, token)
        graphql = await client.execute(LIST_QUERY, {"first": 20})
        baseline = await bench_baseline.first_page(connection, token)
        assert baseline == graphql, viewer
        pages[viewer] = {e["node"]["id"] for e in baseline["data"]["cases"]["edges"]}
    assert {against_village, against_township} <= pages["county"]
    assert against_village in pages["township"] and against_township not in pages["township"]
    # Without the rule the village clerk would see both: the newest cases of the village.
    assert not {against_village, against_township} & pages["village"]
    assert await bench_baseline.first_page(connection, "no such session") == {"errors": [{"message": "UNAUTHENTICATED"}]}
