"""Entering a year's 放假 / 调休 days (county administrators, the platform operator) and loading
the entered years into every process's working-day arithmetic (`server.dates`)."""
import datetime as dt
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server import dates
from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import CHINA, china_today, utcnow
from server.errors import FORBIDDEN, DomainError, ValidationErrors
from server.holidays import rules
from server.holidays.models import HolidayYear, HolidayYearChange
from server.holidays.rules import HolidayDay


@dataclass(frozen=True)
class YearEntry:
    year: int
    days: list[HolidayDay]
    source: str
    version: int
    entered_at: dt.datetime
    entered_by_user_id: int | None


@dataclass(frozen=True)
class CalendarOverview:
    """What the counting knows: the library's years, the entered ones, and the next year missing."""

    library_first: int
    library_last: int
    entered: list[YearEntry]
    next_missing: int  # the first year from this one on that no source covers


def may_edit(principal: Principal) -> bool:
    return bool(principal.scopes("calendar", "edit"))


def _entry(row) -> YearEntry:
    return YearEntry(row.year, rules.from_json(row.days), row.source, row.version, row.entered_at, row.entered_by_user_id)


# --- loading into the process -----------------------------------------------------------------

@dataclass
class _Loaded:
    """What this process loaded, and when it last looked."""

    checked: float = 0.0
    signature: tuple[tuple[int, int], ...] | None = None


_state = _Loaded()


async def load(db_session: AsyncSession) -> None:
    rows = list(await db_session.scalars(select(HolidayYear)))
    dates.use_entered_years([rules.entered_year(r.year, rules.from_json(r.days)) for r in rows])
    _state.signature = tuple(sorted((r.year, r.version) for r in rows))
    _state.checked = time.monotonic()


async def refresh_if_stale(db_session: AsyncSession, every_seconds: float) -> None:
    """Reload when another process entered a year (checked at most every `every_seconds`)."""
    if _state.signature is not None and time.monotonic() - _state.checked < every_seconds:
        return
    rows = await db_session.execute(select(HolidayYear.year, HolidayYear.version))
    signature = tuple(sorted((year, version) for year, version in rows))
    _state.checked = time.monotonic()
    if signature != _state.signature:
        await load(db_session)


# --- reading and entering ---------------------------------------------------------------------

async def overview(*, db_session: AsyncSession, principal: Principal) -> CalendarOverview:
    principal.require_user()
    if not may_edit(principal):
        raise DomainError(FORBIDDEN)
    await load(db_session)
    entered = [_entry(r) for r in await db_session.scalars(select(HolidayYear).order_by(HolidayYear.year))]
    known = [y for y in range(rules.FIRST_YEAR, rules.LAST_YEAR + 1) if dates.library_covers(y)]
    year = china_today().year
    while dates.year_covered(year):
        year += 1
    return CalendarOverview(library_first=known[0], library_last=known[-1], entered=entered, next_missing=year)


async def history(*, db_session: AsyncSession, principal: Principal, year: int) -> list[YearEntry]:
    principal.require_user()
    if not may_edit(principal):
        raise DomainError(FORBIDDEN)
    rows = await db_session.scalars(
        select(HolidayYearChange).where(HolidayYearChange.year == year).order_by(HolidayYearChange.version.desc())
    )
    return [_entry(r) for r in rows]


async def enter_year(
    *, db_session: AsyncSession, principal: Principal, year: int, days: list[HolidayDay], source: str,
    expected_version: int | None = None,
) -> YearEntry:
    """Save a year's days (a new year, or a corrected version of one entered before), then count
    again every working-day deadline that reaches into the year. One transaction; audited."""
    from server.case import deadlines

    user_id = principal.require_user()
    if not may_edit(principal):
        raise DomainError(FORBIDDEN)
    errors = rules.check_year(year, days, source)
    if errors:
        raise ValidationErrors(errors)
    row = await db_session.get(HolidayYear, year)
    current = row.version if row else 0
    if expected_version is not None and expected_version != current:
        raise DomainError("CONFLICT", "error.HOLIDAY_VERSION", field=["input", "expectedVersion"], version=current)
    now = utcnow()
    text = rules.to_json(days)
    if row is None:
        row = HolidayYear(year=year, days=text, source=source.strip(), version=1, entered_by_user_id=user_id, entered_at=now)
        db_session.add(row)
    else:
        row.days, row.source, row.version = text, source.strip(), row.version + 1
        row.entered_by_user_id, row.entered_at = user_id, now
    db_session.add(HolidayYearChange(
        year=year, version=row.version, days=text, source=row.source, entered_by_user_id=user_id, entered_at=now,
    ))
    await db_session.flush()
    await load(db_session)  # count with the new year from here on
    since = dt.datetime(year, 1, 1, tzinfo=CHINA).astimezone(dt.UTC)
    try:
        recounted = await deadlines.recount_from(db_session=db_session, since=since)
        audit.record(
            db_session=db_session, tenant_id=None, actor_id=user_id, action="calendar.enter_year",
            object_type="holiday_year", object_id=year, version=row.version, source=row.source,
            holidays=sum(d.kind == rules.DayKind.HOLIDAY for d in days),
            workdays=sum(d.kind == rules.DayKind.WORKDAY for d in days), recounted_cases=recounted,
        )
        await db_session.commit()
    except BaseException:
        await db_session.rollback()
        await load(db_session)
        raise
    return _entry(row)

