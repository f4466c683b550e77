"""复查复核维持率 through HTTP: a 复查 decision records whether it upheld the answer under review,
and the standard rate counts those decisions, worked out by hand."""
import datetime as dt

import pytest
from sqlalchemy import select

from server import ids
from server.case.models import Case
from server.dates import CHINA, utcnow
from server.ratelimit import limiter
from tests.api.helpers import REGISTER, case_input, unit_id

COUNTY = "/990000/990100/990122"
VILLAGE = COUNTY + "/005/003"
RATES = ("query($u: ID!, $s: Date!, $e: Date!) { standardRates(unitId: $u, start: $s, end: $e) { "
         "rates { code numerator denominator percent available formula inputs } } }")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


async def _reviewed(clerk, township, county, anon, db, n: int, replied: str, decided: str) -> str:
    """A case of the village replied with `replied`, taken to 复查 by the petitioner and decided
    by the county with `decided`; its id."""
    data = (await clerk.data(REGISTER, {"input": case_input(
        await unit_id(db, VILLAGE), title=f"复查维持率测试{n}", content=f"第{n}件：灌溉水渠占地补偿争议。",
        petitioners=[{"name": "李四", "phone": f"1390000{n:04d}"}])}))["registerCase"]
    assert data["userErrors"] == [], data
    case_id, code = data["case"]["id"], data["case"]["queryCode"]
    step = "mutation($id: ID!) { %s { case { status } userErrors { code } } }"
    assert (await township.data(step % "acceptCase(id: $id)", {"id": case_id}))["acceptCase"]["userErrors"] == []
    replied_call = f'replyCase(id: $id, reply: "经核实，答复如下。", outcome: {replied})'
    assert (await township.data(step % replied_call, {"id": case_id}))["replyCase"]["userErrors"] == []
    asked = (await anon.data(
        "mutation($c: String!, $p: String!) { requestReview(queryCode: $c, phoneLast4: $p, reason: \"不服\") "
        "{ case { status } userErrors { code } } }", {"c": code, "p": f"{n:04d}"}))["requestReview"]
    assert asked["case"]["status"] == "UNDER_REVIEW", asked
    decided_call = f'decideReview(id: $id, opinion: "复查意见。", outcome: {decided})'
    assert (await county.data(step % decided_call, {"id": case_id}))["decideReview"]["userErrors"] == []
    return case_id


async def test_review_decisions_record_upheld_or_changed_and_the_rate_counts_them(client_factory, anon, db):
    clerk = await client_factory("t05v03", via_password=False)
    township = await client_factory("t05_officer", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    upheld_1 = await _reviewed(clerk, township, county, anon, db, 1, "NOT_SUPPORTED", "NOT_SUPPORTED")
    upheld_2 = await _reviewed(clerk, township, county, anon, db, 2, "EXPLAINED", "EXPLAINED")
    changed = await _reviewed(clerk, township, county, anon, db, 3, "NOT_SUPPORTED", "SUPPORTED")

    rows = {c.id: c for c in await db.scalars(select(Case).where(
        Case.id.in_([ids.decode("Case", x) for x in (upheld_1, upheld_2, changed)])).execution_options(
        populate_existing=True))}
    assert [rows[ids.decode("Case", x)].review_upheld for x in (upheld_1, upheld_2, changed)] == [True, True, False]
    assert all(r.review_decided_at is not None and r.rereview_upheld is None for r in rows.values())

    today = dt.datetime.now(CHINA).date()
    period = {"s": today.replace(month=1, day=1).isoformat(), "e": today.isoformat()}

    async def upheld_rate(client, path: str, **dates: str) -> dict:
        data = await client.data(RATES, {"u": await unit_id(db, path), **period, **dates})
        return next(r for r in data["standardRates"]["rates"] if r["code"] == "REVIEW_UPHELD")

    # 复查: three decisions this year, two upheld (cases 1 and 2), one changed (case 3):
    # 2 / 3 × 100 = 66.67 % — for the village, its township and the county alike (the demo has no other).
    for path in (VILLAGE, COUNTY + "/005", COUNTY):
        rate = await upheld_rate(county, path)
        assert (rate["numerator"], rate["denominator"], rate["percent"]) == (2, 3, 66.67), path
        assert rate["formula"] == "2 / 3 × 100 = 66.67 %"
    rate = await upheld_rate(county, VILLAGE)
    assert rate["inputs"]["review"] == {"decided": 3, "upheld": 2}
    assert rate["inputs"]["rereview"] == {"decided": 0, "upheld": 0}
    assert [(d["case_id"], d["round"], d["upheld"]) for d in rate["inputs"]["decisions"]] == [
        (upheld_1, "REVIEW", True), (upheld_2, "REVIEW", True), (changed, "REVIEW", False)]
    # The village sees its own cases named too.
    assert [d["case_id"] for d in (await upheld_rate(clerk, VILLAGE))["inputs"]["decisions"]] == [
        upheld_1, upheld_2, changed]
    # Another township had no review: nothing to measure, not 0 % or 100 %.
    other = await upheld_rate(county, COUNTY + "/006")
    assert (other["numerator"], other["denominator"], other["percent"]) == (0, 0, None)
    # Last year's period counts none of this year's decisions.
    last_year = await upheld_rate(county, VILLAGE, s=f"{today.year - 1}-01-01", e=f"{today.year - 1}-12-31")
    assert last_year["denominator"] == 0

    # A 复核 decision (at the level above the reviewer) that changed case 1's review opinion:
    # 复查 2 of 3 upheld, 复核 0 of 1 → (2 + 0) / (3 + 1) = 2 / 4 = 50.00 %.
    case = rows[ids.decode("Case", upheld_1)]
    case.rereview_upheld, case.concluded_at = False, utcnow()
    await db.commit()
    rate = await upheld_rate(county, VILLAGE)
    assert (rate["numerator"], rate["denominator"], rate["percent"]) == (2, 4, 50.0)
    assert rate["inputs"]["rereview"] == {"decided": 1, "upheld": 0}
