"""Screening reports (排查报告, or 零报告) of a unit for each period of its cadence, and the reporting
record: which periods are filed, due or missing (a missing report is itself a finding)."""
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import china_today, utcnow
from server.errors import CONFLICT, NOT_FOUND, DomainError, Validator
from server.idempotency import by_client_key, client_key
from server.pagination import Page, keyset_page
from server.screening import rules
from server.screening.disputes import (
    ELEMENTS,
    DisputeIn,
    attachments_for,
    link_files,
    parse_dispute,
)
from server.screening.models import (
    Dispute,
    DisputeStatus,
    Mediation,
    ReportStatus,
    ScreeningReport,
)
from server.screening.scope import since_of, unit_for, watched_units
from server.tenant import service as tenant_service
from server.unit.models import Unit, in_subtree


@dataclass
class SaveReport:
    unit_id: int | None = None  # required to create
    day: dt.date | None = None  # any day of the period; today when omitted
    zero_report: bool = False
    note: str | None = None
    disputes: list[DisputeIn] = field(default_factory=list)
    submit: bool = False
    report_id: int | None = None  # to edit a draft
    expected_version: int | None = None
    # Editing: `disputes` is the report's complete list (those with an id are changed, those left
    # out removed, those without an id added). Otherwise an edit only adds the disputes given.
    disputes_complete: bool = False
    client_mutation_id: str | None = None


async def save_report(*, db_session: AsyncSession, principal: Principal, data: SaveReport) -> ScreeningReport:
    """File (create, edit, submit) the screening report of a unit for one period."""
    user_id = principal.require_user()
    check = Validator()
    note = check.text(data.note, ["input", "note"], required=False, max_length=5000)
    key = client_key(check, data.client_mutation_id)
    if len(data.disputes) > rules.MAX_DISPUTES:
        check.add("TOO_MANY", ["input", "disputes"], max=rules.MAX_DISPUTES)
    parsed = [parse_dispute(check, d, ["input", "disputes", str(i)]) for i, d in enumerate(data.disputes[: rules.MAX_DISPUTES])]
    disputes = [d for d in parsed if d is not None]
    if data.zero_report and data.disputes:
        check.add("INVALID", ["input", "zeroReport"], "error.ZERO_REPORT_WITH_DISPUTES")

    if data.report_id is not None:
        check.raise_if_any()
        return await _edit_report(db_session, principal, data, note, parsed, key)
    if any(d.id is not None for d in data.disputes):
        check.add("INVALID", ["input", "disputes"], "error.NOT_FOUND")

    if data.unit_id is None:
        check.add("REQUIRED", ["input", "unitId"])
        check.raise_if_any()
    unit = await unit_for(db_session, principal, check, data.unit_id, "report")
    check.raise_if_any()
    assert unit is not None
    existing = await by_client_key(
        db_session, ScreeningReport, ScreeningReport.created_by_user_id, tenant_id=principal.tenant_id, user_id=user_id, key=key,
    )
    if existing is not None:
        return existing

    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    cadence = rules.cadence_for(settings, unit.level)
    now_day = china_today()
    period = rules.period_of(data.day or now_day, cadence)
    if not rules.can_file_for(period, now_day):
        raise DomainError("INVALID", "error.PERIOD_IN_FUTURE", field=["input", "day"])
    if data.submit and not data.zero_report and not disputes:
        raise DomainError("REQUIRED", "error.REPORT_EMPTY", field=["input", "disputes"])
    # After the idempotency key: a resend finds its files linked already, to its own report.
    files = await attachments_for(db_session, check, unit.tenant_id, user_id, [(d, None) for d in data.disputes])
    check.raise_if_any()
    taken = await db_session.scalar(
        select(ScreeningReport).where(ScreeningReport.unit_id == unit.id, ScreeningReport.period_start == period.start)
    )
    if taken is not None:
        raise DomainError(CONFLICT, "error.REPORT_EXISTS", field=["input", "day"], report_id=taken.id)

    now = utcnow()
    report = ScreeningReport(
        tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, cadence=str(cadence),
        period_start=period.start, period_end=period.end, zero_report=data.zero_report, note=note,
        status=ReportStatus.SUBMITTED if data.submit else ReportStatus.DRAFT, version=1,
        created_by_user_id=user_id, created_at=now, updated_at=now, client_mutation_id=key,
        submitted_at=now if data.submit else None, submitted_by_user_id=user_id if data.submit else None,
    )
    db_session.add(report)
    try:
        await db_session.flush()
    except IntegrityError:
        await db_session.rollback()
        again = await by_client_key(
            db_session, ScreeningReport, ScreeningReport.created_by_user_id,
            tenant_id=principal.tenant_id, user_id=user_id, key=key,
        )
        if again is not None:
            return again
        raise DomainError(CONFLICT, "error.REPORT_EXISTS", field=["input", "day"]) from None
    for d, linked in zip(disputes, files, strict=True):
        d.tenant_id, d.unit_id, d.unit_path = unit.tenant_id, unit.id, unit.path
        d.report_id, d.created_by_user_id, d.created_at = report.id, user_id, now
        db_session.add(d)
        if linked:
            await db_session.flush()
            await link_files(db_session, d, linked)
    audit.record(
        db_session=db_session, tenant_id=report.tenant_id, actor_id=user_id, action="screening.report.create",
        object_type="screening_report", object_id=report.id, unit_id=unit.id,
        period_start=period.start.isoformat(), zero_report=data.zero_report, disputes=len(disputes),
        submitted=data.submit, attachments=sum(len(f) for f in files),
    )
    await db_session.commit()
    return report


async def _edit_report(
    db_session: AsyncSession, principal: Principal, data: SaveReport, note: str | None,
    parsed: list[Dispute | None], key: str | None,
) -> ScreeningReport:
    user_id = principal.require_user()
    report = readable_report(principal, await db_session.get(ScreeningReport, data.report_id))
    if report is None or not principal.can("screening", "report", report.unit_path):
        raise DomainError(NOT_FOUND, field=["input", "id"])
    if key is not None and report.edit_mutation_id == key:
        return report  # this very edit was applied already (its answer was lost): nothing to redo
    if data.expected_version is not None and data.expected_version != report.version:
        raise DomainError(CONFLICT, "error.CONFLICT", field=["input", "expectedVersion"], version=report.version)
    if report.status == ReportStatus.SUBMITTED:
        raise DomainError("LOCKED", "error.REPORT_SUBMITTED", field=["input", "id"])

    check = Validator()
    current = {d.id: d for d in await report_disputes(db_session=db_session, principal=principal, report_id=report.id)}
    changed: list[tuple[Dispute, Dispute]] = []  # (row, parsed input)
    added: list[Dispute] = []
    pairs: list[tuple[DisputeIn, Dispute | None]] = []
    targets: list[Dispute | None] = []  # the row each input ends up as, for its files
    for index, (given, value) in enumerate(zip(data.disputes, parsed, strict=True)):
        assert value is not None  # the elements were checked before
        path = ["input", "disputes", str(index)]
        row = None
        if given.id is not None:
            row = current.get(given.id)
            if row is None:
                check.add(NOT_FOUND, [*path, "id"], "error.NOT_FOUND")
            elif row.status != DisputeStatus.OPEN and any(
                getattr(row, name) != getattr(value, name) for name in ELEMENTS
            ):
                check.add("LOCKED", [*path, "id"], "error.DISPUTE_HANDLED")
            else:
                changed.append((row, value))
            targets.append(row)
        else:
            added.append(value)
            targets.append(value)
        pairs.append((given, row))
    listed = {d.id for d in data.disputes if d.id is not None}
    removed = [d for d in current.values() if data.disputes_complete and d.id not in listed]
    for row in removed:
        handled = row.status != DisputeStatus.OPEN or await db_session.scalar(
            select(func.count()).select_from(Mediation).where(Mediation.dispute_id == row.id)
        )
        if handled:
            check.add("LOCKED", ["input", "disputes"], "error.DISPUTE_HANDLED")
            break
    files = await attachments_for(db_session, check, report.tenant_id, user_id, pairs)
    check.raise_if_any()

    remaining = len(current) - len(removed) + len(added)
    if data.zero_report and remaining:
        raise DomainError("INVALID", "error.ZERO_REPORT_WITH_DISPUTES", field=["input", "zeroReport"])
    if data.submit and not data.zero_report and not remaining:
        raise DomainError("REQUIRED", "error.REPORT_EMPTY", field=["input", "disputes"])
    now = utcnow()
    report.zero_report = data.zero_report
    report.note = note
    report.version += 1
    report.updated_at = now
    report.edit_mutation_id = key
    if data.submit:
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = now
        report.submitted_by_user_id = user_id
    for row in removed:
        await link_files(db_session, row, [])
        await db_session.delete(row)
    for row, value in changed:
        for name in ELEMENTS:
            setattr(row, name, getattr(value, name))
    for d in added:
        d.tenant_id, d.unit_id, d.unit_path = report.tenant_id, report.unit_id, report.unit_path
        d.report_id, d.created_by_user_id, d.created_at = report.id, user_id, now
        db_session.add(d)
    await db_session.flush()
    for target, linked in zip(targets, files, strict=True):
        if target is not None:
            await link_files(db_session, target, linked)
    audit.record(
        db_session=db_session, tenant_id=report.tenant_id, actor_id=user_id,
        action="screening.report.submit" if data.submit else "screening.report.edit",
        object_type="screening_report", object_id=report.id, version=report.version,
        zero_report=data.zero_report, disputes_added=len(added), disputes_changed=len(changed),
        disputes_removed=len(removed), attachments=sum(len(f) for f in files),
    )
    await db_session.commit()
    return report


def readable_report(principal: Principal, report: ScreeningReport | None) -> ScreeningReport | None:
    principal.require_user()
    if report is None or report.tenant_id != principal.tenant_id:
        return None
    return report if principal.can("screening", "read", report.unit_path) else None


async def report_disputes(*, db_session: AsyncSession, principal: Principal, report_id: int) -> list[Dispute]:
    """The report's disputes, none when the viewer may not read the report (its tenant and unit
    checked in the query, as `readable_report` checks a loaded one)."""
    principal.require_user()
    readable = select(ScreeningReport.id).where(
        ScreeningReport.id == report_id, ScreeningReport.tenant_id == principal.tenant_id,
        principal.subtree_filter(ScreeningReport.unit_path, "screening", "read"),
    )
    return list(await db_session.scalars(
        select(Dispute).where(Dispute.report_id == report_id, Dispute.report_id.in_(readable)).order_by(Dispute.id)
    ))


async def list_reports(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, since: dt.date | None, first: int,
    after: str | None,
) -> tuple[Page[ScreeningReport], Select]:
    """One page of the reports of the unit's subtree (every readable one when no unit) whose period
    ends on or after `since`, the newest period first; also the query for counting."""
    principal.require_user()
    query = select(ScreeningReport).where(
        ScreeningReport.tenant_id == principal.tenant_id,
        principal.subtree_filter(ScreeningReport.unit_path, "screening", "read"),
    )
    if unit_id is not None:
        unit = await db_session.get(Unit, unit_id)
        if unit is None:
            raise DomainError(NOT_FOUND, field=["unitId"])
        query = query.where(in_subtree(ScreeningReport.unit_path, unit.path))
    if since is not None:
        query = query.where(ScreeningReport.period_end >= since)
    page = await keyset_page(
        db_session=db_session, query=query, sort=ScreeningReport.period_start, pk=ScreeningReport.id, first=first,
        after=after, kind=dt.date,
    )
    return page, query


# --- reporting state (due / missing) ----------------------------------------------------------


@dataclass
class UnitReporting:
    unit: Unit
    cadence: rules.Cadence
    states: list[rules.PeriodState]
    current_report: ScreeningReport | None

    @property
    def current(self) -> rules.PeriodState:
        return self.states[-1]

    @property
    def missing(self) -> list[rules.Period]:
        return rules.missing_periods(self.states)


async def reporting(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, children: bool, on: dt.date | None = None
) -> list[UnitReporting]:
    """Who has filed for which period: the unit itself, or its direct children (the grid an upper
    unit watches). Only units the viewer may read are returned."""
    unit, units = await watched_units(db_session, principal, unit_id, children)
    if not units:
        return []
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    day = on or china_today()
    starts = {
        u.id: rules.window_start(day, rules.cadence_for(settings, u.level), settings.screening_lookback_periods,
                                 since_of(settings))
        for u in units
    }
    reports = list(await db_session.scalars(
        select(ScreeningReport).where(
            ScreeningReport.tenant_id == unit.tenant_id,
            ScreeningReport.unit_id.in_([u.id for u in units]),
            ScreeningReport.period_end >= min(starts.values()),
        )
    ))
    by_unit: dict[int, list[ScreeningReport]] = {}
    for r in reports:
        by_unit.setdefault(r.unit_id, []).append(r)
    result = []
    for u in units:
        cadence = rules.cadence_for(settings, u.level)
        mine = by_unit.get(u.id, [])
        states = rules.reporting_states(
            today=day, cadence=cadence,
            submitted=[(r.period_start, r.period_end) for r in mine if r.status == ReportStatus.SUBMITTED],
            drafts=[(r.period_start, r.period_end) for r in mine if r.status == ReportStatus.DRAFT],
            lookback=settings.screening_lookback_periods, since=since_of(settings),
            weekly_due_weekday=settings.weekly_report_due_weekday,
        )
        current = states[-1].period
        current_report = next((r for r in mine if current.overlaps(r.period_start, r.period_end)), None)
        result.append(UnitReporting(u, cadence, states, current_report))
    return result
