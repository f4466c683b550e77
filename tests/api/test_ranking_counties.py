"""The province ranking over several counties equals each unit's own figures.

Issue 16: "the province (and city) reviewers get a ranking of their counties, townships and
villages by 三无 status, score and the standard rates — aggregates only". The ranking counts
every county of the province at once; this test builds a province of three counties (the demo
county, a second county of the demo city, a county of a second city), each with its own cases,
accusations, answers, ratings, incidents shared between units, a retired village, a county's own
evaluation settings and a stored annual review, and checks that the ranking says exactly what
each unit's own pages say (sanwuStatus and standardRates, asked unit by unit as that county's
officer) and orders the units by the documented rule: 三无 first, then the stored score, then the
mean of the shown rates, then the path.
"""
import datetime as dt
from decimal import Decimal

from sqlalchemy import insert, select

from server import ids
from server.auth.models import RoleGrant, User
from server.case.models import Case, CaseRating, PublicDocument
from server.dates import utcnow
from server.evaluation.models import EvaluationConfig, ReviewRun
from server.evaluation.ranking import RANKING_RATES
from server.evaluation.sanwu.templates import built_in_template
from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY
from server.incident.models import Incident, IncidentShare
from server.tenant.models import Tenant
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel
from tests.api.helpers import add_account
from tests.api.test_ranking import RANKING, RATES, SANWU, YEAR, _ranking

PROVINCE = "/990000"
COUNTIES = {"/990000/990100/990123": "/990000/990100", "/990000/990200/990201": "/990000"}
NOW = utcnow()
DAY = dt.timedelta(days=1)


async def _unit(db, *, path: str, level: UnitLevel, parent: Unit | None, tenant_id: int | None, name: str) -> Unit:
    unit = Unit(path=path, level=level, code=path.rsplit("/", 1)[1], name=name,
                parent_id=parent.id if parent else None, tenant_id=tenant_id)
    db.add(unit)
    await db.flush()
    return unit


async def _county(db, path: str, parent_path: str, n: int) -> tuple[Unit, list[Unit], list[Unit]]:
    """A county (its own tenant) of 3 townships × 4 villages, and a county officer `k{n}_officer`."""
    parent = await db.scalar(select(Unit).where(Unit.path == parent_path))
    if parent.level == UnitLevel.PROVINCE:  # a second city
        parent = await _unit(db, path=path.rsplit("/", 1)[0], level=UnitLevel.CITY, parent=parent, tenant_id=None,
                             name="第二市")
    county = await _unit(db, path=path, level=UnitLevel.COUNTY, parent=parent, tenant_id=None, name=f"第{n}县")
    county.tenant_id = county.id
    db.add(Tenant(id=county.id, settings=TenantSettings().to_json()))
    townships, villages = [], []
    for t in range(3):
        township = await _unit(db, path=f"{path}/00{t + 1}", level=UnitLevel.TOWNSHIP, parent=county,
                               tenant_id=county.id, name=f"第{n}县{t + 1}镇")
        townships.append(township)
        for v in range(4):
            villages.append(await _unit(db, path=f"{township.path}/00{v + 1}", level=UnitLevel.VILLAGE,
                                        parent=township, tenant_id=county.id, name=f"第{n}县{t + 1}镇{v + 1}村"))
    villages[-1].retired_at = NOW - 30 * DAY  # not ranked; its cases still count for its township
    officer = User(tenant_id=county.id, unit_id=county.id, username=f"k{n}_officer", display_name=f"第{n}县信访局",
                   password_hash="x")
    db.add(officer)
    await db.flush()
    db.add(RoleGrant(tenant_id=county.id, user_id=officer.id, role="county_officer", unit_id=county.id))
    await db.flush()
    return county, townships, villages


def _case(i: int, n: int, unit: Unit, township: Unit) -> dict:
    """A case of a deterministic variety: every condition the rates count, in and out of the year."""
    registered = NOW - ((i * 37 + n * 11) % 400) * DAY - dt.timedelta(hours=i % 24)
    kind = i % 8
    row = {
        "tenant_id": unit.tenant_id, "unit_id": unit.id, "unit_path": unit.path, "handler_unit_id": township.id,
        "handler_unit_path": township.path, "registered_by_unit_id": unit.id, "query_code": f"K{n}{i:09d}",
        "channel": "VISIT" if i % 5 == 0 else ("LETTER", "ONLINE", "PHONE")[i % 3], "title": "测试", "content": "测试",
        "headcount": 6 if i % 5 == 0 else 1, "status": "REGISTERED", "registered_at": registered,
        "accept_due_at": registered + 15 * DAY, "first_petition": i % 3 != 0, "version": 1,
    }
    if kind == 6:
        row.update(status="REJECTED", rejected_at=registered + 2 * DAY)
    elif kind != 0:
        accepted = registered + (20 if kind == 2 else 3) * DAY
        row.update(status="ACCEPTED", accepted_at=accepted, handle_due_at=accepted + 60 * DAY)
        if kind in (3, 4, 5, 7):
            answered = registered + (30 if kind == 7 else 70) * DAY
            row.update(status="REPLIED", answered_at=answered, replied_at=answered,
                       outcome=("SUPPORTED", "EXPLAINED", "NOT_SUPPORTED")[i % 3])
        if kind in (4, 7):
            row.update(status="CLOSED", closed_at=registered + (50 if kind == 7 else 90) * DAY)
        if kind == 5:
            row.update(status="UNDER_REVIEW", review_requested_at=registered + 80 * DAY)
    for name in ("answered_at", "closed_at", "accepted_at", "rejected_at", "review_requested_at"):
        if row.get(name) is not None and row[name] > NOW:
            row[name] = None  # never an act in the future
    if row.get("answered_at") is None:
        row.pop("outcome", None)
    row["due_at"] = row["accept_due_at"] if row["status"] == "REGISTERED" else row.get("handle_due_at") \
        if row["status"] == "ACCEPTED" else None
    return row


async def _cases(db, n: int, county: Unit, townships: list[Unit], villages: list[Unit]) -> None:
    rows = []
    for i in range(len(villages) * 6 + 10):
        village = villages[i % len(villages)]
        township = next(t for t in townships if village.path.startswith(t.path + "/"))
        unit = township if i % 17 == 0 else village  # some cases of a township itself
        row = _case(i, n, unit, township)
        if i % 11 == 0:  # an accusation against its own village: hidden from it, counted above
            row.update(kind="ACCUSATION", accused_unit_id=village.id, accused_unit_path=village.path)
        elif i % 13 == 0:  # against the township: hidden from it and its villages, counted for the county
            row.update(kind="ACCUSATION", accused_unit_id=township.id, accused_unit_path=township.path)
        rows.append(row)
    await db.execute(insert(Case), rows)
    answered = list(await db.execute(select(Case.id, Case.answered_at, Case.review_requested_at).where(
        Case.tenant_id == county.id, Case.answered_at.is_not(None)).order_by(Case.id)))
    documents, ratings = [], []
    for j, (case_id, at, review) in enumerate(answered):
        documents.append({"tenant_id": county.id, "case_id": case_id, "kind": "REPLY", "body": "答复", "published_at": at})
        if j % 4 != 3:  # some answers are never rated
            ratings.append({"tenant_id": county.id, "case_id": case_id, "reply_round": 1, "via": "CODE",
                            "level": ("SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED")[j % 3],
                            "rated_at": at + DAY})
        if review is not None and j % 2 == 0:
            documents.append({"tenant_id": county.id, "case_id": case_id, "kind": "REVIEW", "body": "复查意见",
                              "published_at": min(review + 20 * DAY, NOW), "review_result": "UPHELD"})
    await db.execute(insert(PublicDocument), documents)
    await db.execute(insert(CaseRating), ratings)


async def _incidents(db, county: Unit, townships: list[Unit], villages: list[Unit], n: int) -> None:
    def incident(unit: Unit, kind: str, headcount: int, **extra) -> dict:
        return {"tenant_id": county.id, "unit_id": unit.id, "unit_path": unit.path, "kind": kind,
                "occurred_on": dt.date(YEAR, 3, 1 + n), "headcount": headcount, "verified": True,
                "status": "ATTRIBUTED", **extra}

    rows = [
        incident(villages[0], "BEIJING_ESCALATED", 2),
        incident(villages[4], "COLLECTIVE_TO_CITY", 60, destination_level="CITY"),  # shared with another township
        incident(villages[5], "CITY_ESCALATED", 1, verified=False),  # not verified: never counts
        incident(villages[6], "BEIJING_ESCALATED", 1, status="WITHDRAWN"),  # withdrawn: never counts
        incident(townships[2], "COLLECTIVE_TO_COUNTY", 12, destination_level="COUNTY", occurred_on=dt.date(YEAR - 1, 6, 1)),
    ][: 5 if n == 2 else 4]
    await db.execute(insert(Incident), rows)
    shared = await db.scalar(select(Incident.id).where(Incident.tenant_id == county.id,
                                                       Incident.kind == "COLLECTIVE_TO_CITY"))
    await db.execute(insert(IncidentShare), [{"tenant_id": county.id, "incident_id": shared, "unit_id": villages[9].id,
                                              "unit_path": villages[9].path, "headcount": 25}])


async def _arrange(db) -> None:
    for n, (path, parent) in enumerate(COUNTIES.items(), start=2):
        county, townships, villages = await _county(db, path, parent, n)
        await _cases(db, n, county, townships, villages)
        await _incidents(db, county, townships, villages, n)
        if n == 3:  # this county judges with seed 000's template
            template = built_in_template("SEED_000")
            db.add(EvaluationConfig(tenant_id=county.id, version=1, template=template.to_dict(),
                                    policy=DEFAULT_SCORING_POLICY.to_dict()))
        else:  # two stored reviews of the year: the latest one's scores rank
            for k, base in enumerate(("70", "80")):
                rows = [{"unit_id": u.id, "score": str(Decimal(base) + i % 4)} for i, u in enumerate([*townships, *villages])]
                db.add(ReviewRun(tenant_id=county.id, year=YEAR, config_version=0, template={}, policy={},
                                 result={"rows": rows}, computed_at=NOW - (2 - k) * DAY))
    await db.commit()


def _mean(rates: list[dict]) -> Decimal:
    shown = [Decimal(str(r["percent"])) for r in rates if r["available"] and r["percent"] is not None]
    return sum(shown, Decimal(0)) / len(shown) if shown else Decimal(-1)


async def test_the_ranking_of_several_counties_equals_each_units_own_figures(client_factory, db):
    await _arrange(db)
    reviewer = await client_factory("province_reviewer", via_password=False)
    province = (await db.scalar(select(Unit).where(Unit.path == PROVINCE))).id
    levels = await _ranking(reviewer, ids.encode("Unit", province))
    assert [level for level, _ in levels] == ["COUNTY", "TOWNSHIP", "VILLAGE"]

    officers = {"/990000/990100/990122": "xfj_officer", **{p: f"k{n}_officer" for n, p in enumerate(COUNTIES, start=2)}}
    clients = {path: await client_factory(name, via_password=False) for path, name in officers.items()}
    units = list(await db.scalars(select(Unit).where(Unit.path.like(PROVINCE + "/%"), Unit.retired_at.is_(None),
                                                     Unit.tenant_id.is_not(None)).order_by(Unit.path)))
    scores: dict[int, float] = {}
    for run in await db.scalars(select(ReviewRun).order_by(ReviewRun.id)):
        scores.update({int(r["unit_id"]): float(r["score"]) for r in run.result["rows"]})

    seen_sanwu, seen_rates = set(), set()
    for (level, rows), expected_level in zip(levels, ("COUNTY", "TOWNSHIP", "VILLAGE"), strict=True):
        mine = [u for u in units if u.level == expected_level]
        assert sorted(r["unit"]["path"] for r in rows) == [u.path for u in mine], level
        expected = []
        for unit in mine:
            client = clients[next(p for p in officers if unit.path == p or unit.path.startswith(p + "/"))]
            uid = ids.encode("Unit", unit.id)
            own = (await client.data(SANWU, {"u": uid, "y": YEAR}))["sanwuStatus"]
            rates = (await client.data(RATES, {"u": uid, "s": f"{YEAR}-01-01", "e": f"{YEAR}-12-31"}))["standardRates"]
            by_code = {r["code"]: r for r in rates["rates"]}
            expected.append({"path": unit.path, "sanwu": own["qualifies"], "failedRules": own["failedRules"],
                             "score": scores.get(unit.id), "rates": [by_code[c] for c in RANKING_RATES]})
        expected.sort(key=lambda e: (not e["sanwu"], -(e["score"] if e["score"] is not None else -1),
                                     -_mean(e["rates"]), e["path"]))
        got = [{"path": r["unit"]["path"], "sanwu": r["sanwu"], "failedRules": r["failedRules"], "score": r["score"],
                "rates": r["rates"]} for r in rows]
        assert got == expected, level
        assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
        seen_sanwu |= {e["sanwu"] for e in expected}
        seen_rates |= {(r["code"], r["denominator"] > 0) for e in expected for r in e["rates"]}
    # The dataset exercises what it should: units that qualify and units that fail, every rate counted somewhere.
    assert seen_sanwu == {True, False}
    assert {code for code, counted in seen_rates if counted} == set(RANKING_RATES)


async def test_a_city_reviewer_ranks_only_the_counties_of_their_city(client_factory, db):
    await _arrange(db)
    city = (await db.scalar(select(Unit).where(Unit.path == "/990000/990100"))).id
    reviewer = await client_factory("city_reviewer", via_password=False)
    levels = (await reviewer.data(RANKING, {"u": ids.encode("Unit", city), "y": YEAR}))["unitRanking"]
    counties = [e["node"]["unit"]["path"] for e in levels[0]["rows"]["edges"]]
    assert sorted(counties) == ["/990000/990100/990122", "/990000/990100/990123"]
    assert all(e["node"]["unit"]["path"].startswith("/990000/990100/") for lv in levels for e in lv["rows"]["edges"])


async def test_a_city_reviewer_may_not_rank_another_city_or_its_counties(client_factory, db):
    """The reviewer of 青川市 (990100) asking for 第二市 (990200) is refused, FORBIDDEN, nothing ranked;
    asking for a county of it is refused too (NOT_FOUND: a county is ranked, never ranks). The
    reviewer of 第二市 ranks their own city — its one county — and may not rank 青川市."""
    await _arrange(db)
    units = {u.path: ids.encode("Unit", u.id) for u in await db.scalars(select(Unit).where(Unit.path.in_(
        ["/990000/990100", "/990000/990200", "/990000/990200/990201", "/990000/990100/990123"])))}
    second_city = await db.scalar(select(Unit).where(Unit.path == "/990000/990200"))
    await add_account(db, "k_city_reviewer", unit=second_city, role="city_reviewer", display_name="第二市 审核员")
    ours = await client_factory("city_reviewer", via_password=False)
    theirs = await client_factory("k_city_reviewer", via_password=False)

    levels = (await theirs.data(RANKING, {"u": units["/990000/990200"], "y": YEAR}))["unitRanking"]
    assert [e["node"]["unit"]["path"] for e in levels[0]["rows"]["edges"]] == ["/990000/990200/990201"]
    for client, path, code in ((ours, "/990000/990200", "FORBIDDEN"), (theirs, "/990000/990100", "FORBIDDEN"),
                               (ours, "/990000/990200/990201", "NOT_FOUND"),
                               (theirs, "/990000/990100/990123", "NOT_FOUND")):
        body = await client.execute(RANKING, {"u": units[path], "y": YEAR})
        assert body["data"] is None, path  # nothing ranked
        assert [e["extensions"]["code"] for e in body["errors"]] == [code], path
