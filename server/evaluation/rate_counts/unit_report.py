"""A unit's standard rates for a period, counted from the records now (`count_unit_rates`)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, or_
from sqlalchemy.ext.asyncio import AsyncSession

from server.case.models import Case
from server.dates import utcnow
from server.db import plan_aggregate
from server.evaluation import rates as rates_rules
from server.evaluation.rate_counts.cases import case_facts, case_tally_query, tally_of
from server.evaluation.rate_counts.reporting import incident_facts, screening_on_time
from server.evaluation.rate_counts.rounds import round_counts, rounds_under
from server.evaluation.rate_queries import bounds, cases_in_subtree, within
from server.tenant import service as tenant_service
from server.unit.models import Unit


async def count_unit_rates(
    *, db_session: AsyncSession, unit: Unit, first_day: dt.date, last_day: dt.date
) -> rates_rules.RateReport:
    """The standard rates of a unit's subtree for the China days [first_day, last_day], from the
    records now — the one count every output shows (dashboard, annual review, exports, the
    declaration documents; the public page and the review's citizen ratings use `round_counts`)."""
    tenant_id = unit.tenant_id
    assert tenant_id is not None  # rates are counted for units of a county (only those above one have none)
    start, end = bounds(first_day, last_day)
    subtree = cases_in_subtree(tenant_id, unit)
    await plan_aggregate(db_session)
    *counts, marks_first, marks_outcome = (
        await db_session.execute(case_tally_query(tenant_id, unit, start, end, utcnow()))).one()
    rounds = rounds_under(await round_counts(db_session, tenant_id, start, end, unit), unit.path)
    tally = tally_of(tuple(int(n) for n in counts), replies=rounds.replies, satisfied=rounds.satisfied,
                     basically_satisfied=rounds.basically_satisfied, dissatisfied=rounds.dissatisfied)
    decisions = await case_facts(db_session, and_(subtree, or_(
        within(Case.review_decided_at, start, end), within(Case.concluded_at, start, end))))
    # Whether the period's cases mark first petitions / outcomes at all (else unavailable, not 0).
    knows_first, knows_outcome = marks_first > 0, marks_outcome > 0
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=tenant_id)
    screening = await screening_on_time(db_session=db_session, unit=unit, first_day=first_day, last_day=last_day,
                                        settings=settings)
    hours = settings.info_report_hours
    info = rates_rules.info_reported(await incident_facts(db_session, unit, first_day, last_day),
                                     first_day, last_day, hours)
    return rates_rules.report(
        tally, rates_rules.review_upheld_rate(decisions, start, end), screening=screening if screening[1] else None,
        knows_first=knows_first, knows_outcome=knows_outcome, info=info, info_hours=hours,
    )
