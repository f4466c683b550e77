"""Use cases of dispute screening and meetings. Each public function is one transaction."""
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.models import User
from server.auth.principal import Principal
from server.case import service as case_service
from server.case import rules as case_rules
from server.case.models import Case, Channel
from server.dates import local_date, utcnow
from server.errors import CONFLICT, FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.screening import rules
from server.screening.models import (
    Dispute,
    DisputeStatus,
    Mediation,
    MediationOutcome,
    Meeting,
    MeetingDecision,
    MeetingKind,
    ReportStatus,
    ScreeningReport,
)
from server.tenant import service as tenant_service
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel, subtree_pattern

SCREENING_LEVELS = (UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)


def today() -> dt.date:
    return local_date(utcnow())


def cadence_for(settings: TenantSettings, level: UnitLevel) -> rules.Cadence:
    return rules.Cadence(settings.screening_cadence.get(str(level), rules.Cadence.WEEKLY))


def _since(settings: TenantSettings) -> dt.date | None:
    return dt.date.fromisoformat(settings.screening_start) if settings.screening_start else None


def _key(check: Validator, value: str | None) -> str | None:
    key = (value or "").strip() or None
    if key is not None and len(key) > 64:
        check.add("TOO_LONG", ["input", "clientMutationId"], max=64)
    return key


async def _unit_for(
    db_session: AsyncSession, principal: Principal, check: Validator, unit_id: int, act: str
) -> Unit | None:
    unit = await db_session.get(Unit, unit_id)
    if unit is None or unit.tenant_id is None or unit.tenant_id != principal.tenant_id:
        check.add(NOT_FOUND, ["input", "unitId"], "error.NOT_FOUND")
        return None
    if not principal.can("screening", act, unit.path):
        check.add(FORBIDDEN, ["input", "unitId"], "error.UNIT_FORBIDDEN")
        return None
    if unit.level not in SCREENING_LEVELS or unit.retired_at is not None:
        check.add("INVALID", ["input", "unitId"], "error.UNIT_LEVEL")
        return None
    return unit


async def _by_key(db_session: AsyncSession, model, user_column, tenant_id, user_id, key):  # noqa: ANN001
    if key is None:
        return None
    return await db_session.scalar(
        select(model).where(model.tenant_id == tenant_id, user_column == user_id, model.client_mutation_id == key)
    )


# --- disputes ---------------------------------------------------------------------------------


@dataclass
class DisputeIn:
    title: str
    cause: str
    occurred_on: dt.date | None = None
    place: str | None = None
    involved_unit: str | None = None
    people_involved: int = 1
    development: str | None = None
    mediation_so_far: str | None = None
    # Photos and scans (uploaded first through POST /attachments): the dispute's complete set.
    attachment_ids: list[int] = field(default_factory=list)
    id: int | None = None  # editing a draft: this dispute of the report


# The elements a dispute's edit may change, compared to tell a change from a resend.
_ELEMENTS = ("title", "cause", "occurred_on", "place", "involved_unit", "people_involved", "development",
             "mediation_so_far")


def _dispute(check: Validator, data: DisputeIn, path: list[str]) -> Dispute | None:
    title = check.text(data.title, [*path, "title"], max_length=200)
    cause = check.text(data.cause, [*path, "cause"], max_length=5000)
    place = check.text(data.place, [*path, "place"], required=False, max_length=200)
    involved = check.text(data.involved_unit, [*path, "involvedUnit"], required=False, max_length=200)
    development = check.text(data.development, [*path, "development"], required=False, max_length=5000)
    so_far = check.text(data.mediation_so_far, [*path, "mediationSoFar"], required=False, max_length=5000)
    if not 1 <= data.people_involved <= 100_000:
        check.add("OUT_OF_RANGE", [*path, "peopleInvolved"], min=1, max=100_000)
    if data.occurred_on is not None and data.occurred_on > today():
        check.add("INVALID", [*path, "occurredOn"], "error.DATE_IN_FUTURE")
    if len(set(data.attachment_ids)) > attachment_access.MAX_PER_RECORD:
        check.add("TOO_MANY", [*path, "attachmentIds"], max=attachment_access.MAX_PER_RECORD)
    if not (title and cause):
        return None
    return Dispute(
        title=title, cause=cause, occurred_on=data.occurred_on, place=place, involved_unit=involved,
        people_involved=data.people_involved, development=development, mediation_so_far=so_far,
        status=DisputeStatus.OPEN,
    )


async def _attachments_for(
    db_session: AsyncSession, check: Validator, tenant_id: int, user_id: int, items: list[tuple[DisputeIn, Dispute | None]],
) -> list[list[Attachment]]:
    """The files each dispute input links (in input order). A file may be linked when it is the
    user's own unlinked upload or already belongs to that very dispute; one file, one dispute."""
    seen: set[int] = set()
    result: list[list[Attachment]] = []
    for index, (data, existing) in enumerate(items):
        path = ["input", "disputes", str(index), "attachmentIds"]
        wanted = list(dict.fromkeys(data.attachment_ids))
        if seen & set(wanted):
            check.add("INVALID", path, "error.NOT_FOUND")
            result.append([])
            continue
        seen |= set(wanted)
        rows = await attachment_access.unlinked(
            db_session=db_session, tenant_id=tenant_id, user_id=user_id, attachment_ids=wanted,
            owner_column="dispute_id" if existing is not None else None,
            owner_id=existing.id if existing is not None else None,
        )
        if rows is None:
            check.add(NOT_FOUND, path, "error.NOT_FOUND")
            rows = []
        result.append(rows)
    return result


async def _link(db_session: AsyncSession, dispute: Dispute, files: list[Attachment]) -> None:
    """Make `files` the dispute's complete set: link the new ones, unlink those left out."""
    keep = {a.id for a in files}
    for current in await db_session.scalars(select(Attachment).where(Attachment.dispute_id == dispute.id)):
        if current.id not in keep:
            current.dispute_id = None  # back to its uploader only
    for attachment in files:
        attachment.dispute_id = dispute.id


async def dispute_attachments(*, db_session: AsyncSession, dispute_id: int) -> list[Attachment]:
    return list(await db_session.scalars(
        select(Attachment).where(Attachment.dispute_id == dispute_id).order_by(Attachment.id)
    ))


# --- reports ----------------------------------------------------------------------------------


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


async def _dispute_count(db_session: AsyncSession, report_id: int) -> int:
    rows = await db_session.scalars(select(Dispute.id).where(Dispute.report_id == report_id))
    return len(list(rows))


async def save_report(*, db_session: AsyncSession, principal: Principal, data: SaveReport) -> ScreeningReport:
    """File (create, edit, submit) the screening report of a unit for one period."""
    user_id = principal.require_user()
    check = Validator()
    note = check.text(data.note, ["input", "note"], required=False, max_length=5000)
    key = _key(check, data.client_mutation_id)
    if len(data.disputes) > rules.MAX_DISPUTES:
        check.add("TOO_MANY", ["input", "disputes"], max=rules.MAX_DISPUTES)
    parsed = [_dispute(check, d, ["input", "disputes", str(i)]) for i, d in enumerate(data.disputes[: rules.MAX_DISPUTES])]
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
    unit = await _unit_for(db_session, principal, check, data.unit_id, "report")
    check.raise_if_any()
    assert unit is not None
    existing = await _by_key(db_session, ScreeningReport, ScreeningReport.created_by_user_id,
                             principal.tenant_id, user_id, key)
    if existing is not None:
        return existing

    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    cadence = cadence_for(settings, unit.level)
    now_day = today()
    period = rules.period_of(data.day or now_day, cadence)
    if not rules.can_file_for(period, now_day):
        raise DomainError("INVALID", "error.PERIOD_IN_FUTURE", field=["input", "day"])
    if data.submit and not data.zero_report and not disputes:
        raise DomainError("REQUIRED", "error.REPORT_EMPTY", field=["input", "disputes"])
    # After the idempotency key: a resend finds its files linked already, to its own report.
    files = await _attachments_for(db_session, check, unit.tenant_id, user_id, [(d, None) for d in data.disputes])
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
        again = await _by_key(db_session, ScreeningReport, ScreeningReport.created_by_user_id,
                              principal.tenant_id, user_id, key)
        if again is not None:
            return again
        raise DomainError(CONFLICT, "error.REPORT_EXISTS", field=["input", "day"]) from None
    for d, linked in zip(disputes, files, strict=True):
        d.tenant_id, d.unit_id, d.unit_path = unit.tenant_id, unit.id, unit.path
        d.report_id, d.created_by_user_id, d.created_at = report.id, user_id, now
        db_session.add(d)
        if linked:
            await db_session.flush()
            await _link(db_session, d, linked)
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
    current = {d.id: d for d in await report_disputes(db_session=db_session, report_id=report.id)}
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
                getattr(row, name) != getattr(value, name) for name in _ELEMENTS
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
    files = await _attachments_for(db_session, check, report.tenant_id, user_id, pairs)
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
        await _link(db_session, row, [])
        await db_session.delete(row)
    for row, value in changed:
        for name in _ELEMENTS:
            setattr(row, name, getattr(value, name))
    for d in added:
        d.tenant_id, d.unit_id, d.unit_path = report.tenant_id, report.unit_id, report.unit_path
        d.report_id, d.created_by_user_id, d.created_at = report.id, user_id, now
        db_session.add(d)
    await db_session.flush()
    for target, linked in zip(targets, files, strict=True):
        if target is not None:
            await _link(db_session, target, linked)
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


async def report_disputes(*, db_session: AsyncSession, report_id: int) -> list[Dispute]:
    return list(await db_session.scalars(select(Dispute).where(Dispute.report_id == report_id).order_by(Dispute.id)))


async def list_reports(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, since: dt.date | None, limit: int = 100
) -> list[ScreeningReport]:
    principal.require_user()
    query = select(ScreeningReport).where(
        ScreeningReport.tenant_id == principal.tenant_id,
        principal.subtree_filter(ScreeningReport.unit_path, "screening", "read"),
    )
    if unit_id is not None:
        unit = await db_session.get(Unit, unit_id)
        if unit is None:
            raise DomainError(NOT_FOUND, field=["unitId"])
        query = query.where(or_(ScreeningReport.unit_path == unit.path,
                                ScreeningReport.unit_path.like(subtree_pattern(unit.path))))
    if since is not None:
        query = query.where(ScreeningReport.period_end >= since)
    query = query.order_by(ScreeningReport.period_start.desc(), ScreeningReport.id.desc()).limit(limit)
    return list(await db_session.scalars(query))


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
    principal.require_user()
    if unit_id is None:
        unit_id = principal.unit_id
    unit = await db_session.get(Unit, unit_id)
    if unit is None or unit.tenant_id != principal.tenant_id or not principal.can("screening", "read", unit.path):
        raise DomainError(NOT_FOUND, field=["unitId"])
    if children:
        units = list(await db_session.scalars(
            select(Unit).where(Unit.parent_id == unit.id, Unit.retired_at.is_(None)).order_by(Unit.path)
        ))
    else:
        units = [unit]
    units = [u for u in units if u.level in SCREENING_LEVELS and principal.can("screening", "read", u.path)]
    if not units:
        return []
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=unit.tenant_id)
    day = on or today()
    starts = {
        u.id: rules.window_start(day, cadence_for(settings, u.level), settings.screening_lookback_periods,
                                 _since(settings))
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
        cadence = cadence_for(settings, u.level)
        mine = by_unit.get(u.id, [])
        states = rules.reporting_states(
            today=day, cadence=cadence,
            submitted=[(r.period_start, r.period_end) for r in mine if r.status == ReportStatus.SUBMITTED],
            drafts=[(r.period_start, r.period_end) for r in mine if r.status == ReportStatus.DRAFT],
            lookback=settings.screening_lookback_periods, since=_since(settings),
        )
        current = states[-1].period
        current_report = next((r for r in mine if current.overlaps(r.period_start, r.period_end)), None)
        result.append(UnitReporting(u, cadence, states, current_report))
    return result


# --- mediation and escalation -----------------------------------------------------------------


async def _dispute_for(db_session: AsyncSession, principal: Principal, dispute_id: int, act: str) -> Dispute:
    dispute = await db_session.get(Dispute, dispute_id)
    if dispute is None or dispute.tenant_id != principal.tenant_id or not principal.can(
        "screening", "read", dispute.unit_path
    ):
        raise DomainError(NOT_FOUND, field=["input", "disputeId"])
    if not principal.can("screening", act, dispute.unit_path):
        raise DomainError(FORBIDDEN, field=["input", "disputeId"])
    return dispute


async def list_disputes(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, statuses: list[DisputeStatus] | None,
    search: str | None, limit: int = 100,
) -> list[Dispute]:
    """Disputes of the unit's subtree (every readable one when no unit), newest first."""
    principal.require_user()
    query = select(Dispute).where(
        Dispute.tenant_id == principal.tenant_id, principal.subtree_filter(Dispute.unit_path, "screening", "read"),
    )
    if unit_id is not None:
        unit = await db_session.get(Unit, unit_id)
        if unit is None or unit.tenant_id != principal.tenant_id:
            raise DomainError(NOT_FOUND, field=["unitId"])
        query = query.where(or_(Dispute.unit_path == unit.path, Dispute.unit_path.like(subtree_pattern(unit.path))))
    if statuses:
        query = query.where(Dispute.status.in_(statuses))
    term = (search or "").strip()[:50]
    if term:
        pattern = f"%{case_rules.escape_like(term)}%"
        query = query.where(or_(Dispute.title.like(pattern, escape="\\"), Dispute.cause.like(pattern, escape="\\")))
    query = query.order_by(Dispute.created_at.desc(), Dispute.id.desc()).limit(max(1, min(limit, 200)))
    return list(await db_session.scalars(query))


def readable_dispute(principal: Principal, dispute: Dispute | None) -> Dispute | None:
    principal.require_user()
    if dispute is None or dispute.tenant_id != principal.tenant_id:
        return None
    return dispute if principal.can("screening", "read", dispute.unit_path) else None


@dataclass
class MediateDispute:
    dispute_id: int
    mediator: str
    parties: str
    outcome: MediationOutcome
    mediated_on: dt.date | None = None
    agreement: str | None = None
    agreement_document: str | None = None
    client_mutation_id: str | None = None


async def mediate(*, db_session: AsyncSession, principal: Principal, data: MediateDispute) -> Dispute:
    """人民调解: record a mediation of a dispute; a successful one resolves it."""
    user_id = principal.require_user()
    check = Validator()
    mediator = check.text(data.mediator, ["input", "mediator"], max_length=100)
    parties = check.text(data.parties, ["input", "parties"], max_length=2000)
    agreement = check.text(data.agreement, ["input", "agreement"], required=False, max_length=10_000)
    document = check.text(data.agreement_document, ["input", "agreementDocument"], required=False, max_length=500)
    key = _key(check, data.client_mutation_id)
    mediated_on = data.mediated_on or today()
    if mediated_on > today():
        check.add("INVALID", ["input", "mediatedOn"], "error.DATE_IN_FUTURE")
    if data.outcome == MediationOutcome.SUCCESS and not (agreement or document):
        check.add("REQUIRED", ["input", "agreement"], "error.AGREEMENT_REQUIRED")
    check.raise_if_any()
    dispute = await _dispute_for(db_session, principal, data.dispute_id, "mediate")
    if await _by_key(db_session, Mediation, Mediation.recorded_by_user_id, principal.tenant_id, user_id, key):
        return dispute
    if dispute.status == DisputeStatus.CASE:
        raise DomainError("INVALID", "error.DISPUTE_IS_CASE", field=["input", "disputeId"])
    db_session.add(Mediation(
        tenant_id=dispute.tenant_id, dispute_id=dispute.id, mediator=mediator, parties=parties,
        outcome=data.outcome, agreement=agreement, agreement_document=document, mediated_on=mediated_on,
        recorded_by_user_id=user_id, client_mutation_id=key,
    ))
    if data.outcome == MediationOutcome.SUCCESS:
        dispute.status = DisputeStatus.MEDIATED
    audit.record(
        db_session=db_session, tenant_id=dispute.tenant_id, actor_id=user_id, action="screening.dispute.mediate",
        object_type="dispute", object_id=dispute.id, outcome=str(data.outcome),
    )
    await db_session.commit()
    return dispute


async def mediations(*, db_session: AsyncSession, dispute_id: int) -> list[Mediation]:
    return list(await db_session.scalars(
        select(Mediation).where(Mediation.dispute_id == dispute_id).order_by(Mediation.mediated_on, Mediation.id)
    ))


@dataclass
class EscalateDispute:
    dispute_id: int
    channel: Channel
    petitioners: list[case_service.PetitionerIn]
    title: str | None = None
    content: str | None = None
    category: str | None = None
    client_mutation_id: str | None = None


async def turn_into_case(*, db_session: AsyncSession, principal: Principal, data: EscalateDispute) -> Dispute:
    """Register a petition case for the dispute (登记) and keep the link dispute → case."""
    user_id = principal.require_user()
    dispute = await _dispute_for(db_session, principal, data.dispute_id, "escalate")
    if dispute.case_id is not None:
        return dispute  # already a case: a retry changes nothing
    content = data.content or "\n".join(
        part for part in (
            dispute.cause, dispute.development and f"事态发展：{dispute.development}",
            dispute.mediation_so_far and f"调处情况：{dispute.mediation_so_far}",
        ) if part
    )
    case = await case_service.register(
        db_session=db_session, principal=principal,
        data=case_service.RegisterCase(
            unit_id=dispute.unit_id, channel=data.channel, title=data.title or dispute.title,
            content=content, petitioners=data.petitioners, category=data.category,
            headcount=max(1, min(dispute.people_involved, 10_000)),
            client_mutation_id=data.client_mutation_id,
        ),
    )
    dispute = await db_session.get(Dispute, data.dispute_id)
    dispute.case_id = case.id
    dispute.status = DisputeStatus.CASE
    audit.record(
        db_session=db_session, tenant_id=dispute.tenant_id, actor_id=user_id, action="screening.dispute.to_case",
        object_type="dispute", object_id=dispute.id, case_id=case.id,
    )
    await db_session.commit()
    return dispute


# --- meetings ---------------------------------------------------------------------------------


@dataclass
class DecisionIn:
    content: str
    owner_id: int
    due_on: dt.date | None = None


@dataclass
class RecordMeeting:
    unit_id: int
    kind: MeetingKind
    held_on: dt.date
    attendees: list[str]  # others present, as minuted (names and posts)
    attendee_ids: list[int] = field(default_factory=list)  # officials of the unit's subtree
    summary: str | None = None
    case_ids: list[int] = field(default_factory=list)
    dispute_ids: list[int] = field(default_factory=list)
    decisions: list[DecisionIn] = field(default_factory=list)
    client_mutation_id: str | None = None


async def record_meeting(*, db_session: AsyncSession, principal: Principal, data: RecordMeeting) -> Meeting:
    """Minute a 排查调处例会 / 研判会 with the matters discussed and the decisions taken."""
    user_id = principal.require_user()
    check = Validator()
    summary = check.text(data.summary, ["input", "summary"], required=False, max_length=20_000)
    key = _key(check, data.client_mutation_id)
    attendees = [a.strip()[:100] for a in data.attendees if a.strip()]
    attendee_ids = list(dict.fromkeys(data.attendee_ids))
    if not attendees and not attendee_ids:
        check.add("REQUIRED", ["input", "attendeeIds"])
    elif len(attendees) + len(attendee_ids) > rules.MAX_ATTENDEES:
        check.add("TOO_MANY", ["input", "attendeeIds"], max=rules.MAX_ATTENDEES)
    if data.held_on > today():
        check.add("INVALID", ["input", "heldOn"], "error.DATE_IN_FUTURE")
    if len(data.decisions) > rules.MAX_DECISIONS:
        check.add("TOO_MANY", ["input", "decisions"], max=rules.MAX_DECISIONS)
    unit = await _unit_for(db_session, principal, check, data.unit_id, "meeting")
    # Attendees and owners are officials of the meeting's unit or of the units under it.
    officials = await _officials(db_session, unit, attendee_ids + [d.owner_id for d in data.decisions]) if unit else {}
    if unit is not None and any(i not in officials for i in attendee_ids):
        check.add(NOT_FOUND, ["input", "attendeeIds"], "error.OFFICIAL_OUTSIDE_UNIT")
    decisions: list[MeetingDecision] = []
    for i, d in enumerate(data.decisions[: rules.MAX_DECISIONS]):
        content = check.text(d.content, ["input", "decisions", str(i), "content"], max_length=2000)
        owner = officials.get(d.owner_id)
        if unit is not None and owner is None:
            check.add(NOT_FOUND, ["input", "decisions", str(i), "ownerId"], "error.OFFICIAL_OUTSIDE_UNIT")
        if d.due_on is not None and d.due_on < data.held_on:
            check.add("INVALID", ["input", "decisions", str(i), "dueOn"], "error.DUE_BEFORE_MEETING")
        if content and owner is not None:
            decisions.append(MeetingDecision(position=i, content=content, owner_user_id=owner.id, due_on=d.due_on))
    case_ids = sorted(set(data.case_ids))[:100]
    dispute_ids = sorted(set(data.dispute_ids))[:100]
    if unit is not None:
        if case_ids:
            found = set(await db_session.scalars(select(Case.id).where(
                Case.id.in_(case_ids), Case.tenant_id == unit.tenant_id,
                principal.subtree_filter(Case.unit_path, "case", "read"),
            )))
            if found != set(case_ids):
                check.add(NOT_FOUND, ["input", "caseIds"], "error.NOT_FOUND")
        if dispute_ids:
            found = set(await db_session.scalars(select(Dispute.id).where(
                Dispute.id.in_(dispute_ids), Dispute.tenant_id == unit.tenant_id,
                principal.subtree_filter(Dispute.unit_path, "screening", "read"),
            )))
            if found != set(dispute_ids):
                check.add(NOT_FOUND, ["input", "disputeIds"], "error.NOT_FOUND")
    check.raise_if_any()
    assert unit is not None
    existing = await _by_key(db_session, Meeting, Meeting.recorded_by_user_id, principal.tenant_id, user_id, key)
    if existing is not None:
        return existing
    meeting = Meeting(
        tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, kind=data.kind, held_on=data.held_on,
        attendees=attendees, attendee_user_ids=attendee_ids, summary=summary, case_ids=case_ids,
        dispute_ids=dispute_ids,
        recorded_by_user_id=user_id, client_mutation_id=key,
    )
    db_session.add(meeting)
    try:
        await db_session.flush()
    except IntegrityError:
        await db_session.rollback()
        again = await _by_key(db_session, Meeting, Meeting.recorded_by_user_id, principal.tenant_id, user_id, key)
        if again is None:
            raise
        return again
    for d in decisions:
        d.tenant_id, d.meeting_id = unit.tenant_id, meeting.id
        db_session.add(d)
    audit.record(
        db_session=db_session, tenant_id=meeting.tenant_id, actor_id=user_id, action="screening.meeting.record",
        object_type="meeting", object_id=meeting.id, unit_id=unit.id, kind=str(data.kind),
        attendees=len(attendees) + len(attendee_ids), decisions=len(decisions),
    )
    await db_session.commit()
    return meeting


def _officials_query(unit: Unit):  # noqa: ANN202
    return (
        select(User)
        .join(Unit, Unit.id == User.unit_id)
        .where(
            User.tenant_id == unit.tenant_id, User.is_active.is_(True),
            or_(Unit.path == unit.path, Unit.path.like(subtree_pattern(unit.path))),
        )
    )


async def _officials(db_session: AsyncSession, unit: Unit, user_ids: list[int]) -> dict[int, User]:
    if not user_ids:
        return {}
    rows = await db_session.scalars(_officials_query(unit).where(User.id.in_(set(user_ids))))
    return {u.id: u for u in rows}


async def meeting_people(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, search: str | None, limit: int = 50
) -> list[User]:
    """Officials who may attend a meeting of the unit or own its decisions: the active accounts of
    the unit and of the units under it, the unit's own first; `search` matches name, account or unit."""
    principal.require_user()
    unit = await db_session.get(Unit, unit_id if unit_id is not None else principal.unit_id)
    if unit is None or unit.tenant_id != principal.tenant_id or not principal.can("screening", "meeting", unit.path):
        return []
    query = _officials_query(unit)
    term = (search or "").strip()[:50]
    if term:
        pattern = f"%{case_rules.escape_like(term)}%"
        query = query.where(or_(
            User.display_name.like(pattern, escape="\\"), User.username.like(pattern, escape="\\"),
            Unit.name.like(pattern, escape="\\"),
        ))
    query = query.order_by(func.length(Unit.path), Unit.path, User.display_name, User.id).limit(max(1, min(limit, 200)))
    return list(await db_session.scalars(query))


def readable_meeting(principal: Principal, meeting: Meeting | None) -> Meeting | None:
    principal.require_user()
    if meeting is None or meeting.tenant_id != principal.tenant_id:
        return None
    return meeting if principal.can("screening", "read", meeting.unit_path) else None


async def list_meetings(
    *, db_session: AsyncSession, principal: Principal, unit_id: int | None, year: int | None
) -> list[Meeting]:
    principal.require_user()
    query = select(Meeting).where(
        Meeting.tenant_id == principal.tenant_id,
        principal.subtree_filter(Meeting.unit_path, "screening", "read"),
    )
    if unit_id is not None:
        unit = await db_session.get(Unit, unit_id)
        if unit is None:
            raise DomainError(NOT_FOUND, field=["unitId"])
        query = query.where(or_(Meeting.unit_path == unit.path, Meeting.unit_path.like(subtree_pattern(unit.path))))
    if year is not None:
        query = query.where(Meeting.held_on >= dt.date(year, 1, 1), Meeting.held_on <= dt.date(year, 12, 31))
    return list(await db_session.scalars(query.order_by(Meeting.held_on.desc(), Meeting.id.desc()).limit(200)))


async def meeting_decisions(*, db_session: AsyncSession, meeting_id: int) -> list[MeetingDecision]:
    return list(await db_session.scalars(
        select(MeetingDecision).where(MeetingDecision.meeting_id == meeting_id).order_by(MeetingDecision.position)
    ))


async def my_decisions(*, db_session: AsyncSession, principal: Principal, open_only: bool = True) -> list[MeetingDecision]:
    """The decisions the viewer owns: their task list."""
    user_id = principal.require_user()
    query = select(MeetingDecision).where(
        MeetingDecision.tenant_id == principal.tenant_id, MeetingDecision.owner_user_id == user_id
    )
    if open_only:
        query = query.where(MeetingDecision.done_at.is_(None))
    return list(await db_session.scalars(query.order_by(MeetingDecision.due_on, MeetingDecision.id)))


async def complete_decision(
    *, db_session: AsyncSession, principal: Principal, decision_id: int, note: str | None
) -> MeetingDecision:
    user_id = principal.require_user()
    check = Validator()
    note = check.text(note, ["note"], required=False, max_length=2000)
    check.raise_if_any()
    decision = await db_session.get(MeetingDecision, decision_id)
    if decision is None or decision.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND, field=["id"])
    if decision.owner_user_id != user_id:
        # Only the owner reports a decision done: the meeting's record says who answers for it.
        meeting = readable_meeting(principal, await db_session.get(Meeting, decision.meeting_id))
        if meeting is None:
            raise DomainError(NOT_FOUND, field=["id"])
        raise DomainError(FORBIDDEN, "error.DECISION_NOT_OWNER", field=["id"])
    if decision.done_at is not None:
        return decision
    decision.done_at = utcnow()
    decision.done_note = note
    audit.record(
        db_session=db_session, tenant_id=decision.tenant_id, actor_id=user_id, action="screening.decision.done",
        object_type="meeting_decision", object_id=decision.id, meeting_id=decision.meeting_id,
    )
    await db_session.commit()
    return decision
