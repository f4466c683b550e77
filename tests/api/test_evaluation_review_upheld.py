"""复查复核维持率 through HTTP: a 复查 / 复核 decision states its result (维持 / 变更 / 撤销), the case keeps
it, and the standard rate counts the stated results — decisions made before results were stated
keep the value inferred then — worked out by hand."""
import datetime as dt

import pytest
from sqlalchemy import select

from server import ids
from server.case.models import Case, CaseStatus
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


async def _reviewed(clerk, township, county, anon, db, n: int, replied: str, result: str, outcome: str | None) -> str:
    """A case of the village replied with `replied`, taken to 复查 by the petitioner and decided
    by the county with `result` (and `outcome`, when given); its id."""
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
    assert await _decide(county, case_id, result, outcome) == []
    return case_id


async def _decide(county, case_id: str, result: str, outcome: str | None) -> list:
    decided_call = f'decideReview(id: $id, opinion: "复查意见。", result: {result}' + (
        f", outcome: {outcome})" if outcome else ")")
    step = "mutation($id: ID!) { %s { case { status } userErrors { code } } }"
    return (await county.data(step % decided_call, {"id": case_id}))["decideReview"]["userErrors"]


async def test_review_decisions_keep_their_stated_result_and_the_rate_counts_it(client_factory, anon, db):
    clerk = await client_factory("t05v03", via_password=False)
    township = await client_factory("t05_officer", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    made = [
        # n, the reply's outcome, the stated result, the outcome given with it
        (1, "NOT_SUPPORTED", "UPHELD", None),  # 维持: the outcome stays 不予支持
        (2, "EXPLAINED", "UPHELD", "EXPLAINED"),  # 维持, the outcome repeated
        (3, "NOT_SUPPORTED", "CHANGED", "SUPPORTED"),  # 变更
        (4, "EXPLAINED", "CHANGED", "EXPLAINED"),  # 变更 keeping the category: the old inference said "upheld"
        (5, "NOT_SUPPORTED", "REVOKED", "EXPLAINED"),  # 撤销
        (6, "EXPLAINED", "CHANGED", "EXPLAINED"),  # made "before": its stated result is removed below
    ]
    case_ids = [await _reviewed(clerk, township, county, anon, db, *row) for row in made]
    rows = {c.id: c for c in await db.scalars(select(Case).where(
        Case.id.in_([ids.decode("Case", x) for x in case_ids])).execution_options(populate_existing=True))}
    ordered = [rows[ids.decode("Case", x)] for x in case_ids]
    assert [(r.review_result, r.review_upheld) for r in ordered] == [
        ("UPHELD", True), ("UPHELD", True), ("CHANGED", False), ("CHANGED", False), ("REVOKED", False),
        ("CHANGED", False)]
    assert [r.outcome for r in ordered] == ["NOT_SUPPORTED", "EXPLAINED", "SUPPORTED", "EXPLAINED", "EXPLAINED",
                                           "EXPLAINED"]
    assert all(r.review_decided_at is not None and r.rereview_upheld is None for r in ordered)
    # Case 6 as a decision made before results were stated: no result, and the value inferred then
    # (its outcome equals the one reviewed → upheld), which the rate keeps counting.
    legacy = ordered[5]
    legacy.review_result, legacy.review_upheld = None, True
    await db.commit()

    today = dt.datetime.now(CHINA).date()
    period = {"s": today.replace(month=1, day=1).isoformat(), "e": today.isoformat()}

    async def upheld_rate(client, path: str, **dates: str) -> dict:
        data = await client.data(RATES, {"u": await unit_id(db, path), **period, **dates})
        return next(r for r in data["standardRates"]["rates"] if r["code"] == "REVIEW_UPHELD")

    # 复查: six decisions this year; upheld: 1 and 2 (stated 维持) and 6 (inferred before) = 3;
    # not upheld: 3 (变更), 4 (变更 with the same category), 5 (撤销) → 3 / 6 × 100 = 50.00 % — for the
    # village and its township alike; the county adds the demo's own reviews (its 复查/复核 road in
    # township 009, server/case/demo_reviews.py), and nothing else.
    for path in (VILLAGE, COUNTY + "/005"):
        rate = await upheld_rate(county, path)
        assert (rate["numerator"], rate["denominator"], rate["percent"]) == (3, 6, 50.0), path
        assert rate["formula"] == "3 / 6 × 100 = 50.00 %"
    demo, whole = await upheld_rate(county, COUNTY + "/009"), await upheld_rate(county, COUNTY)
    assert (whole["numerator"] - demo["numerator"], whole["denominator"] - demo["denominator"]) == (3, 6)
    rate = await upheld_rate(county, VILLAGE)
    assert rate["inputs"]["review"] == {"decided": 6, "upheld": 3}
    assert rate["inputs"]["rereview"] == {"decided": 0, "upheld": 0}
    assert [(d["case_id"], d["round"], d["upheld"]) for d in rate["inputs"]["decisions"]] == [
        (case_ids[0], "REVIEW", True), (case_ids[1], "REVIEW", True), (case_ids[2], "REVIEW", False),
        (case_ids[3], "REVIEW", False), (case_ids[4], "REVIEW", False), (case_ids[5], "REVIEW", True)]
    # The village sees its own cases named too.
    assert [d["case_id"] for d in (await upheld_rate(clerk, VILLAGE))["inputs"]["decisions"]] == case_ids
    # Another township had no review: nothing to measure, not 0 % or 100 %.
    other = await upheld_rate(county, COUNTY + "/006")
    assert (other["numerator"], other["denominator"], other["percent"]) == (0, 0, None)
    # Last year's period counts none of this year's decisions.
    last_year = await upheld_rate(county, VILLAGE, s=f"{today.year - 1}-01-01", e=f"{today.year - 1}-12-31")
    assert last_year["denominator"] == 0

    # A 复核 of case 3's 复查 opinion (支持), stated 维持. 复核 is at the city, outside the county's
    # system; the county is made the re-reviewing body in the database to take the step through HTTP.
    case = ordered[2]
    case.status, case.rereview_requested_at = CaseStatus.UNDER_REREVIEW, utcnow()
    await db.commit()
    assert await _decide(county, case_ids[2], "UPHELD", None) == []
    await db.refresh(case)
    assert (case.status, case.rereview_result, case.rereview_upheld, case.outcome) == (
        "CONCLUDED", "UPHELD", True, "SUPPORTED")
    # 复查 3 of 6 upheld, 复核 1 of 1 → (3 + 1) / (6 + 1) = 4 / 7 × 100 = 57.142… → 57.14 %.
    rate = await upheld_rate(county, VILLAGE)
    assert (rate["numerator"], rate["denominator"], rate["percent"]) == (4, 7, 57.14)
    assert rate["inputs"]["rereview"] == {"decided": 1, "upheld": 1}
    assert rate["inputs"]["decisions"][-1]["case_id"] == case_ids[2]
    assert rate["inputs"]["decisions"][-1]["round"] == "REREVIEW"
