"""The province's ranking of its counties, townships and villages (unitRanking): the same 三无
and the same standard rates as each unit's own pages, aggregates only, for province and city
reviewers alone."""
import pytest

from server.dates import utcnow
from server.evaluation.ranking import RANKING_RATES
from tests.api.helpers import REGISTER, case_input, unit_id

YEAR = utcnow().year
PROVINCE, CITY, COUNTY = "/990000", "/990000/990100", "/990000/990100/990122"
RANKING = """query($u: ID!, $y: Int!, $after: String) { unitRanking(unitId: $u, year: $y) {
  level rows(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
    unit { id name path level } rank sanwu failedRules score rates { code numerator denominator percent available } } } } } }"""


async def _ranking(client, unit: str) -> list[tuple[str, list[dict]]]:
    """Every level's rows, page after page (100 at a time)."""
    levels = (await client.data(RANKING, {"u": unit, "y": YEAR}))["unitRanking"]
    out = []
    for index, level in enumerate(levels):
        rows, page = [], level["rows"]
        while True:
            rows += [e["node"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
            page = (await client.data(RANKING, {"u": unit, "y": YEAR, "after": after}))["unitRanking"][index]["rows"]
        assert len(rows) == level["rows"]["totalCount"]
        out.append((level["level"], rows))
    return out
SANWU = """query($u: ID!, $y: Int!) { sanwuStatus(unitId: $u, year: $y) { qualifies failedRules } }"""
RATES = """query($u: ID!, $s: Date!, $e: Date!) { standardRates(unitId: $u, start: $s, end: $e) {
  rates { code numerator denominator percent available } } }"""


async def test_the_province_ranks_every_unit_with_the_units_own_figures(client_factory, db):
    # An accusation against a village: it counts for the township above, never for the village.
    accuser = await client_factory("t01v02", via_password=False)
    created = (await accuser.data(REGISTER, {"input": case_input(
        await unit_id(db, COUNTY + "/001/002"), kind="ACCUSATION", title="反映村干部",
        accusedUnitId=await unit_id(db, COUNTY + "/001/001"))}))["registerCase"]
    assert created["userErrors"] == []
    township = await client_factory("t01_officer", via_password=False)
    accepted = await township.data('mutation($id: ID!) { acceptCase(id: $id, note: "受理") { userErrors { code } } }',
                                   {"id": created["case"]["id"]})
    assert accepted["acceptCase"]["userErrors"] == []  # now it counts for 及时受理率
    reviewer = await client_factory("province_reviewer", via_password=False)
    levels = await _ranking(reviewer, await unit_id(db, PROVINCE))
    assert [level for level, _ in levels] == ["COUNTY", "TOWNSHIP", "VILLAGE"]
    county, townships, villages = (rows for _, rows in levels)
    assert [r["unit"]["path"] for r in county] == [COUNTY]
    assert len(townships) == 10 and len(villages) >= 50  # the demo county's
    for rows in (townships, villages):
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
        # 三无 first: no unit that fails ranks above one that qualifies.
        assert [r["sanwu"] for r in rows] == sorted((r["sanwu"] for r in rows), reverse=True)

    officer = await client_factory("xfj_officer", via_password=False)
    for row in [county[0], townships[0], townships[-1], *villages[:3],
                next(r for r in villages if r["unit"]["path"] == COUNTY + "/001/001"),
                next(r for r in townships if r["unit"]["path"] == COUNTY + "/001")]:
        u = row["unit"]["id"]
        own = (await officer.data(SANWU, {"u": u, "y": YEAR}))["sanwuStatus"]
        assert (row["sanwu"], row["failedRules"]) == (own["qualifies"], own["failedRules"]), row["unit"]["path"]
        rates = (await officer.data(RATES, {"u": u, "s": f"{YEAR}-01-01", "e": f"{YEAR}-12-31"}))["standardRates"]
        by_code = {r["code"]: r for r in rates["rates"]}
        assert row["rates"] == [by_code[c] for c in RANKING_RATES], row["unit"]["path"]
    assert any(r["rates"][0]["denominator"] for r in townships)  # figures, not zeros everywhere
    accused = next(r for r in villages if r["unit"]["path"] == COUNTY + "/001/001")["rates"][0]
    above = next(r for r in townships if r["unit"]["path"] == COUNTY + "/001")["rates"][0]
    neighbour = next(r for r in villages if r["unit"]["path"] == COUNTY + "/001/002")["rates"][0]
    # The accusation (registered in village 002, against village 001) counts for 002 and the
    # township, never for the accused village (信访工作条例 Art. 30 keeps it from them).
    assert neighbour["denominator"] >= 1 and above["denominator"] >= neighbour["denominator"] + accused["denominator"]


async def test_a_city_reviewer_ranks_their_city_only_and_nobody_else_ranks(client_factory, db):
    city = await client_factory("city_reviewer", via_password=False)
    levels = await _ranking(city, await unit_id(db, CITY))
    assert levels[0][1][0]["unit"]["path"] == COUNTY
    body = await city.execute(RANKING, {"u": await unit_id(db, PROVINCE), "y": YEAR})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for username in ("xfj_officer", "xfj_leader", "t01_officer", "t01v01"):
        client = await client_factory(username, via_password=False)
        body = await client.execute(RANKING, {"u": await unit_id(db, CITY), "y": YEAR})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", username
    reviewer = await client_factory("province_reviewer", via_password=False)
    body = await reviewer.execute(RANKING, {"u": await unit_id(db, COUNTY), "y": YEAR})
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"  # a county is ranked, not a ranking


@pytest.mark.parametrize("field", ["petitioners", "title", "queryCode", "incidents"])
async def test_the_ranking_has_no_case_petitioner_or_incident_field(client_factory, db, field):
    reviewer = await client_factory("province_reviewer", via_password=False)
    body = await reviewer.execute(
        "query($u: ID!, $y: Int!) { unitRanking(unitId: $u, year: $y) { rows { edges { node { %s } } } } }" % field,
        {"u": await unit_id(db, PROVINCE), "y": YEAR})
    assert "data" not in body or body.get("data") is None
    assert body["errors"]
