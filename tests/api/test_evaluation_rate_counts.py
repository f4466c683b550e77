"""The database counts the standard rates exactly as the pure rule `rates.tally` does."""
import datetime as dt
import random

from sqlalchemy import select, update

from server.case.models import Case, Outcome, Satisfaction
from server.dates import utcnow
from server.evaluation import rates
from server.evaluation import service
from server.unit.models import Unit, UnitLevel

COUNTY = "/990000/990100/990122"


async def test_the_database_tally_equals_the_rule_on_varied_cases(db):
    county = await db.scalar(select(Unit).where(Unit.path == COUNTY))
    township = await db.scalar(select(Unit).where(Unit.path == COUNTY + "/001"))
    # Vary the demo's cases so that every branch of the rule is taken: on time, late, open,
    # rated or not, with or without an outcome, first or repeat petitions, review requested.
    rng = random.Random(7)
    now = utcnow()
    cases = list(await db.scalars(select(Case).where(Case.tenant_id == county.id)))
    assert len(cases) > 30
    for c in cases:
        registered = now - dt.timedelta(days=rng.randint(0, 400))
        due = registered + dt.timedelta(days=15)
        handle_due = registered + dt.timedelta(days=rng.choice([45, 60, 75]))
        pick = rng.random
        values = {
            "registered_at": registered, "accept_due_at": due,
            "accepted_at": registered + dt.timedelta(days=rng.randint(1, 20)) if pick() < 0.7 else None,
            "rejected_at": registered + dt.timedelta(days=rng.randint(1, 20)) if pick() < 0.1 else None,
            "forwarded_at": None, "assigned_at": registered + dt.timedelta(days=3) if pick() < 0.3 else None,
            "handle_due_at": handle_due if pick() < 0.8 else None,
            "replied_at": handle_due + dt.timedelta(days=rng.randint(-30, 10)) if pick() < 0.6 else None,
            "closed_at": handle_due + dt.timedelta(days=rng.randint(-20, 15)) if pick() < 0.5 else None,
            "review_requested_at": handle_due + dt.timedelta(days=20) if pick() < 0.2 else None,
            "rating": rng.choice([None, *Satisfaction]),
            "outcome": rng.choice([None, *Outcome]),
            "first_petition": pick() < 0.8,
        }
        await db.execute(update(Case).where(Case.id == c.id).values(**values))
    await db.flush()

    year = now.year
    for unit, first_day, last_day in (
        (county, dt.date(year, 1, 1), dt.date(year, 12, 31)),
        (county, dt.date(year - 1, 7, 1), dt.date(year, 3, 31)),
        (township, dt.date(year, 1, 1), dt.date(year, 12, 31)),
    ):
        by_database = await service.count_unit_rates(db_session=db, unit=unit, first_day=first_day, last_day=last_day)
        start = dt.datetime.combine(first_day, dt.time(), service.CHINA).astimezone(dt.UTC)
        end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), service.CHINA).astimezone(dt.UTC)
        facts = await service._case_facts(db, service._in_subtree(county.id, unit))
        by_rule = rates.count_rates(facts, start=start, end=end, now=utcnow())
        assert by_database.counts == by_rule.counts, (unit.name, first_day)
        assert [(r.code, r.numerator, r.denominator) for r in by_database.rates if r.code != "SCREENING_ON_TIME"] == [
            (r.code, r.numerator, r.denominator) for r in by_rule.rates if r.code != "SCREENING_ON_TIME"]
        assert by_rule.counts.accept_due > 0 and by_rule.counts.replies > 0  # the data reached the branches
    assert unit.level == UnitLevel.TOWNSHIP
