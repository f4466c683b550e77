"""The reporting rates' records: incidents reported in time (重要信息上报率) and screening reports
filed on time (排查报告按时率)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.dates import local_date, utcnow
from server.evaluation import rates as rates_rules
from server.evaluation.rate_queries import bounds
from server.incident.models import COUNTING_STATUSES, Incident
from server.screening import rules as screening_rules
from server.screening.models import ReportStatus, ScreeningReport
from server.screening.rules import cadence_for
from server.tenant import service as tenant_service
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel, in_subtree


async def incident_facts(db_session: AsyncSession, unit: Unit, first_day: dt.date, last_day: dt.date
                         ) -> list[rates_rules.IncidentFacts]:
    rows = await db_session.execute(select(Incident.occurred_on, Incident.recorded_at, Incident.status).where(
        Incident.tenant_id == unit.tenant_id,
        in_subtree(Incident.unit_path, unit.path),
        Incident.occurred_on >= first_day, Incident.occurred_on <= last_day))
    return [rates_rules.IncidentFacts(on, at, status in COUNTING_STATUSES) for on, at, status in rows]


# --- screening reports -----------------------------------------------------------------------


async def screening_on_time(
    *, db_session: AsyncSession, unit: Unit, first_day: dt.date, last_day: dt.date,
    settings: TenantSettings | None = None,
) -> tuple[int, int]:
    """(reports filed on time, reports due) for the unit and the screening units under it, over
    the periods whose report fell due within [first_day, last_day] and before today (since the
    tenant's `screening_start`). On time: a submitted report covering the period, submitted
    before the end of the period's due day (China time), as the screening page shows it."""
    if settings is None:
        settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    today = local_date(utcnow())
    since = dt.date.fromisoformat(settings.screening_start) if settings.screening_start else None
    last = min(last_day, today - dt.timedelta(days=1))
    first = max(first_day, since) if since else first_day
    if last < first:
        return 0, 0
    members = list(await db_session.scalars(select(Unit).where(
        in_subtree(Unit.path, unit.path), Unit.retired_at.is_(None),
        Unit.level.in_((UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)))))
    reports = (await db_session.execute(select(
        ScreeningReport.unit_id, ScreeningReport.period_start, ScreeningReport.period_end,
        ScreeningReport.submitted_at).where(
        ScreeningReport.tenant_id == unit.tenant_id, ScreeningReport.unit_id.in_([m.id for m in members]),
        ScreeningReport.status == ReportStatus.SUBMITTED, ScreeningReport.period_end >= first,
        ScreeningReport.period_start <= last))).all()
    by_unit: dict[int, list[Row[int, dt.date, dt.date, dt.datetime | None]]] = {}
    for r in reports:
        by_unit.setdefault(r.unit_id, []).append(r)
    # Per cadence: the periods wholly within [first, last].
    periods: dict[screening_rules.Cadence, list[screening_rules.Period]] = {}
    due = on_time = 0
    for member in members:
        cadence = cadence_for(settings, member.level)
        if cadence not in periods:
            periods[cadence] = [p for p in screening_rules.periods_between(first, last, cadence)
                                if p.start >= first and p.end <= last]
        due += len(periods[cadence])
        filed = by_unit.get(member.id, [])
        for period in periods[cadence] if filed else []:
            # A weekly report may be due before the week ends (the tenant's due weekday, seed 002 "每周三").
            due_day = screening_rules.due_on(period, cadence, settings.weekly_report_due_weekday)
            deadline = bounds(due_day, due_day)[1]  # the start of the day after the due day
            if any(period.overlaps(r.period_start, r.period_end) and r.submitted_at is not None
                   and r.submitted_at < deadline for r in filed):
                on_time += 1
    return on_time, due
