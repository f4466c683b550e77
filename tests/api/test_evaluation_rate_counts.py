"""The database counts the standard rates exactly as the pure rule `rates.tally` does, and reads
only the period's cases to do it."""
import datetime as dt
import random

from sqlalchemy import and_, select, update

from server.case.models import Case, CaseRating, Channel, Outcome, PublicDocument, Satisfaction
from server.dates import utcnow
from server.evaluation import rate_queries, rates
from server.evaluation.rate_counts import cases as rate_cases
from server.evaluation.rate_counts import unit_report
from server.unit.models import Unit, UnitLevel

COUNTY = "/990000/990100/990122"
ROUND_KINDS = ("REPLY", "REVIEW", "REREVIEW")


async def _vary(db, county: Unit) -> None:
    """Vary the demo's cases so that every branch of the rule is taken: on time, late, open, in
    the future, rated rounds or not, with or without an outcome, first or repeat petitions,
    review requested, collective visits."""
    rng = random.Random(7)
    now = utcnow()
    cases = list(await db.scalars(select(Case).where(Case.tenant_id == county.id)))
    assert len(cases) > 30
    for c in cases:
        registered = now - dt.timedelta(days=rng.randint(0, 400))
        due = registered + dt.timedelta(days=15)
        handle_due = registered + dt.timedelta(days=rng.choice([45, 60, 75]))
        pick = rng.random
        answered = handle_due + dt.timedelta(days=rng.randint(-30, 10)) if pick() < 0.6 else None
        values = {
            "registered_at": registered, "accept_due_at": due,
            "accepted_at": registered + dt.timedelta(days=rng.randint(1, 20)) if pick() < 0.7 else None,
            "rejected_at": registered + dt.timedelta(days=rng.randint(1, 20)) if pick() < 0.1 else None,
            "forwarded_at": registered + dt.timedelta(days=2) if pick() < 0.05 else None,
            "assigned_at": registered + dt.timedelta(days=3) if pick() < 0.3 else None,
            "handle_due_at": handle_due if pick() < 0.8 else None,
            "answered_at": answered, "replied_at": answered,
            "closed_at": handle_due + dt.timedelta(days=rng.randint(-20, 15)) if pick() < 0.5 else None,
            "review_requested_at": handle_due + dt.timedelta(days=20) if pick() < 0.2 else None,
            "outcome": rng.choice([None, *Outcome]),
            "first_petition": pick() < 0.8,
            "channel": rng.choice([Channel.VISIT, Channel.LEADER_RECEPTION, Channel.LETTER]),
            "headcount": rng.choice([1, 4, 5, 12]),
        }
        await db.execute(update(Case).where(Case.id == c.id).values(**values))
        # Reply rounds: an answer, then perhaps a 复查 and a 复核 opinion, each rated or not.
        at = answered
        for round_, kind in enumerate(ROUND_KINDS, start=1):
            if at is None or (round_ > 1 and pick() < 0.5):
                break
            db.add(PublicDocument(tenant_id=c.tenant_id, case_id=c.id, kind=kind, body="…", published_at=at))
            level = rng.choice([None, *Satisfaction])
            if level is not None:
                db.add(CaseRating(tenant_id=c.tenant_id, case_id=c.id, reply_round=round_, level=level,
                                  rated_at=at + dt.timedelta(days=3), via="CODE"))
            at = at + dt.timedelta(days=rng.randint(20, 80))
    await db.flush()


async def test_the_database_tally_equals_the_rule_on_varied_cases(db):
    county = await db.scalar(select(Unit).where(Unit.path == COUNTY))
    township = await db.scalar(select(Unit).where(Unit.path == COUNTY + "/001"))
    await _vary(db, county)
    year = utcnow().year
    for unit, first_day, last_day in (
        (county, dt.date(year, 1, 1), dt.date(year, 12, 31)),
        (county, dt.date(year - 1, 7, 1), dt.date(year, 3, 31)),
        (county, utcnow().date().replace(day=1), utcnow().date()),  # the dashboard's month so far
        (township, dt.date(year, 1, 1), dt.date(year, 12, 31)),
    ):
        by_database = await unit_report.count_unit_rates(db_session=db, unit=unit, first_day=first_day, last_day=last_day)
        start, end = rate_queries.bounds(first_day, last_day)
        everything = await rate_cases.case_facts(db, rate_queries.cases_in_subtree(county.id, unit))
        by_rule = rates.count_rates(everything, start=start, end=end, now=utcnow())
        assert by_database.counts == by_rule.counts, (unit.name, first_day)
        shown = lambda report: [(r.code, r.numerator, r.denominator, r.available) for r in report.rates  # noqa: E731
                                if r.code not in ("SCREENING_ON_TIME", "INFO_REPORTED")]
        assert shown(by_database) == shown(by_rule)
        # The cases the query's WHERE reads (an instant in the period) are all the case counts need;
        # the reply rounds are read from the period's published answers.
        facts = await rate_cases.case_facts(db, and_(rate_queries.cases_in_subtree(county.id, unit),
                                                       rate_queries.in_period(start, end)))
        rounds = ("replies", "rated", "satisfied", "basically_satisfied")
        strip = lambda t, rounds=rounds: {k: v for k, v in vars(t).items() if k not in rounds}  # noqa: E731
        assert strip(rates.tally(facts, start=start, end=end, now=utcnow())) == strip(
            rates.tally(everything, start=start, end=end, now=utcnow()))
        if first_day.month == 1:
            assert by_rule.counts.accept_due > 0 and by_rule.counts.replies > 0  # the data reached the branches
            t = rates.tally(facts, start=start, end=end, now=utcnow())
            assert t.collective_base > 0 and t.rated > 0 and t.reply_due > t.replied_on_time > 0
    assert unit.level == UnitLevel.TOWNSHIP


async def test_the_rates_query_reads_the_cases_through_an_index_with_the_tenant_first(db):
    """The plan of the standard-rates aggregate: the cases are reached through an index whose first
    column is the tenant (the county's rows only), never by scanning the table. PostgreSQL is asked
    not to prefer a sequential scan on this small demo table (at scale it does not: README)."""
    from sqlalchemy import text

    county = await db.scalar(select(Unit).where(Unit.path == COUNTY))
    start, end = rate_queries.bounds(utcnow().date().replace(day=1), utcnow().date())
    statement = rate_cases.case_tally_query(county.id, county, start, end, utcnow())
    bind = db.get_bind()
    sql = str(statement.compile(bind, compile_kwargs={"literal_binds": True}))
    if bind.dialect.name == "postgresql":
        await db.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(r[0] for r in await db.execute(text("EXPLAIN " + sql)))
        scans = [line.strip() for line in plan.splitlines() if "Scan" in line]
        assert "Seq Scan on cases" not in plan, plan
        assert any("ix_cases_tenant_" in s for s in scans), plan
        assert all("ix_cases_tenant_" in s or "Bitmap Heap Scan on cases" in s or "BitmapOr" in s for s in scans), plan
    else:
        plan = "\n".join(str(r[-1]) for r in await db.execute(text("EXPLAIN QUERY PLAN " + sql)))
        assert "SCAN cases" not in plan, plan
        assert "SEARCH cases USING INDEX ix_cases_tenant_" in plan, plan
