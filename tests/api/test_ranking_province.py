"""The ranking of the real 安徽省 tree (tests/fixtures/anhui/units.csv.gz: 16 cities, 119 county-level
units, 1,685 townships, 18,334 villages — the DESIGN's province), loaded as the province benchmark
loads it (`bench_data.load_province`), with no case yet: the province reviewer's ranking has
every county, township and village, 100 to a page, each without a figure; the 合肥市 reviewer's has
合肥's own."""
from sqlalchemy import select

from server import bench_data, ids
from server.unit.models import Unit
from tests.api.test_ranking import RANKING, YEAR

EXPECTED = {"COUNTY": 119, "TOWNSHIP": 1685, "VILLAGE": 18334}


async def test_the_province_ranking_of_anhui_has_every_unit_of_each_level(app, client_factory, db):
    assert await bench_data.load_province(app.state.database) == 1 + 16 + sum(EXPECTED.values())
    province = ids.encode("Unit", await db.scalar(select(Unit.id).where(Unit.path == "/34")))
    hefei = ids.encode("Unit", await db.scalar(select(Unit.id).where(Unit.path == "/34/3401")))
    reviewer = await client_factory("ah_reviewer", via_password=False)

    levels = (await reviewer.data(RANKING, {"u": province, "y": YEAR}))["unitRanking"]
    assert {lv["level"]: lv["rows"]["totalCount"] for lv in levels} == EXPECTED
    for level in levels:
        rows = [e["node"] for e in level["rows"]["edges"]]
        assert len(rows) == 100 and level["rows"]["pageInfo"]["hasNextPage"]
        assert [r["rank"] for r in rows] == list(range(1, 101))
        assert all(r["unit"]["level"] == level["level"] and r["unit"]["path"].startswith("/34/") for r in rows)
        # No case, no incident, no stored review: nothing counted, nothing scored.
        assert all(r["score"] is None and all(rate["denominator"] == 0 for rate in r["rates"]) for r in rows)
        # … and every unit 三无 (nothing failed): the documented last tie-break, the path, orders them.
        assert all(r["sanwu"] and r["failedRules"] == [] for r in rows)
        assert [r["unit"]["path"] for r in rows] == sorted(r["unit"]["path"] for r in rows)
    # The counties' second page: the other 19, and among all 119 every one of the 16 cities.
    counties = levels[0]["rows"]
    after = (await reviewer.data(RANKING, {"u": province, "y": YEAR, "after": counties["pageInfo"]["endCursor"]}))
    rest = after["unitRanking"][0]["rows"]
    paths = [e["node"]["unit"]["path"] for e in counties["edges"] + rest["edges"]]
    assert len(rest["edges"]) == 19 and not rest["pageInfo"]["hasNextPage"]
    assert len(set(paths)) == 119 and len({p.rsplit("/", 1)[0] for p in paths}) == 16

    city = await client_factory("hf_reviewer", via_password=False)
    levels = (await city.data(RANKING, {"u": hefei, "y": YEAR}))["unitRanking"]
    hefei_counties = [e["node"]["unit"]["path"] for e in levels[0]["rows"]["edges"]]
    assert hefei_counties and all(p.startswith("/34/3401/") for p in hefei_counties)
    assert sorted(hefei_counties) == sorted(p for p in paths if p.startswith("/34/3401/"))
    assert (await city.execute(RANKING, {"u": province, "y": YEAR}))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
