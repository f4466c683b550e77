"""A case's deadlines counted again (a year's holidays entered) and whether they are provisional.

A working-day deadline counted through a year no calendar source covers is provisional
(`server.dates.provisional`); when an administrator enters that year, every case whose deadlines
reach into it is counted again from the same starting points with the same rules."""
import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.case import rules
from server.case.models import Case, CaseStatus, ExtensionStatus
from server.dates import DayCount, provisional
from server.tenant import service as tenant_service
from server.tenant.settings import TenantSettings

# The columns holding a deadline the handlers or the petitioner count with.
BATCH = 500
DUE_COLUMNS = ("accept_due_at", "handle_due_at", "review_due_at", "review_request_due_at", "due_at")


def running_start(case: Case) -> dt.datetime | None:
    """Where the running deadline (`due_at`) is counted from, in the case's current status."""
    status = case.status
    if status == CaseStatus.REGISTERED:
        return case.registered_at
    if status == CaseStatus.FORWARDED:
        return case.forwarded_at or case.registered_at
    if status in (CaseStatus.ACCEPTED, CaseStatus.ASSIGNED):
        return case.accepted_at
    if status == CaseStatus.UNDER_REVIEW:
        return case.review_requested_at
    if status == CaseStatus.UNDER_REREVIEW:
        return case.rereview_requested_at
    return None


def is_provisional(case: Case, count: DayCount) -> bool:
    """Is the running deadline counted through a year no calendar source covers?"""
    return provisional(running_start(case), case.due_at, count)


def recount(case: Case, settings: TenantSettings) -> None:
    """Count every deadline of the case again from its starting point, with today's calendar."""
    if case.forwarded_at is not None:
        case.accept_due_at = rules.forwarded_accept_due_at(case.forwarded_at, settings)
    else:
        case.accept_due_at = rules.accept_due_at(case.registered_at, settings)
    if case.accepted_at is not None:
        handle = rules.handle_due_at(case.accepted_at, settings)
        if case.extension_status == ExtensionStatus.APPROVED and case.extension_days:
            handle = rules.extended_handle_due_at(handle, case.extension_days, settings)
        case.handle_due_at = handle
    if case.status == CaseStatus.UNDER_REVIEW and case.review_requested_at is not None:
        case.review_due_at = rules.review_due_at(case.review_requested_at, settings)
    elif case.status == CaseStatus.UNDER_REREVIEW and case.rereview_requested_at is not None:
        case.review_due_at = rules.review_due_at(case.rereview_requested_at, settings)
    if case.review_request_due_at is not None and case.replied_at is not None:
        case.review_request_due_at = rules.review_request_due_at(case.replied_at, settings)
    case.due_at = rules.running_deadline_of(case)


async def recount_from(*, db_session: AsyncSession, since: dt.datetime) -> int:
    """Count again the deadlines of every case (of counties counting working days) that reach
    `since` or later; answers how many cases changed. The caller commits."""
    changed = 0
    settings_of: dict[int, TenantSettings] = {}
    last_id = 0
    while True:  # in batches by id, so that a large database is never read at once
        batch = list(await db_session.scalars(
            select(Case)
            .where(Case.id > last_id, Case.status.not_in([CaseStatus.REJECTED, CaseStatus.CONCLUDED]))
            .where(or_(*(getattr(Case, column) >= since for column in DUE_COLUMNS)))
            .order_by(Case.id)
            .limit(BATCH)
        ))
        if not batch:
            return changed
        last_id = batch[-1].id
        for case in batch:
            if case.tenant_id not in settings_of:
                settings_of[case.tenant_id] = await tenant_service.get_settings(db_session=db_session, tenant_id=case.tenant_id)
            settings = settings_of[case.tenant_id]
            if settings.day_count != DayCount.WORKING:
                continue
            before = tuple(getattr(case, column) for column in DUE_COLUMNS)
            recount(case, settings)
            if tuple(getattr(case, column) for column in DUE_COLUMNS) != before:
                case.version += 1
                changed += 1
        await db_session.flush()
