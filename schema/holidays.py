"""The holiday calendar: years the library covers, years entered from the State Council's notice."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.errors import UserError, as_payload
from schema.permissions import signed_in
from server.holidays import service
from server.holidays.rules import DayKind, HolidayDay

strawberry.enum(DayKind, name="HolidayDayKind", description="HOLIDAY 放假 or WORKDAY 调休上班")


@strawberry.type
class HolidayCalendarDay:
    date: dt.date
    kind: DayKind
    name: str


@strawberry.type
class HolidayYearEntry:
    year: int
    source: str = strawberry.field(description="The State Council notice the days come from")
    version: int
    entered_at: dt.datetime
    days: list[HolidayCalendarDay]

    @classmethod
    def of(cls, entry: service.YearEntry) -> "HolidayYearEntry":
        return cls(
            year=entry.year, source=entry.source, version=entry.version, entered_at=entry.entered_at,
            days=[HolidayCalendarDay(date=d.day, kind=d.kind, name=d.name) for d in entry.days],
        )


@strawberry.type
class HolidayCalendar:
    library_first_year: int = strawberry.field(description="First year the holiday library covers")
    library_last_year: int = strawberry.field(description="Last year the holiday library covers")
    next_missing_year: int = strawberry.field(
        description="The first year from this one on that no source covers: working-day deadlines counted "
        "through it are provisional until it is entered"
    )
    years: list[HolidayYearEntry] = strawberry.field(description="Years entered by administrators")


@strawberry.input
class HolidayDayInput:
    date: dt.date
    kind: DayKind
    name: str = ""


@strawberry.input
class EnterHolidayYearInput:
    year: int
    source: str
    days: list[HolidayDayInput]
    expected_version: int | None = strawberry.field(
        default=None, description="The version being corrected (0 for a new year); refused when it changed meanwhile"
    )


@strawberry.type
class HolidayYearPayload:
    year: HolidayYearEntry | None
    user_errors: list[UserError]


@strawberry.type
class HolidayQuery:
    @strawberry.field(extensions=signed_in(),
                      description="The holiday calendar (county administrators and the platform operator)")
    async def holiday_calendar(self, info: Info) -> HolidayCalendar:
        ctx = info.context
        view = await service.overview(db_session=ctx.db, principal=ctx.principal)
        return HolidayCalendar(
            library_first_year=view.library_first, library_last_year=view.library_last,
            next_missing_year=view.next_missing, years=[HolidayYearEntry.of(e) for e in view.entered],
        )

    @strawberry.field(extensions=signed_in(), description="Every version of an entered year, the newest first")
    async def holiday_year_history(self, info: Info, year: int) -> list[HolidayYearEntry]:
        ctx = info.context
        return [HolidayYearEntry.of(e) for e in await service.history(db_session=ctx.db, principal=ctx.principal, year=year)]


@strawberry.type
class HolidayMutation:
    @strawberry.mutation(extensions=signed_in(),
                         description="Enter (or correct) a year's 放假 / 调休 days from the State Council's notice; "
                         "working-day deadlines that reach into the year are counted again")
    async def enter_holiday_year(self, info: Info, input: EnterHolidayYearInput) -> HolidayYearPayload:
        ctx = info.context

        async def run() -> service.YearEntry:
            return await service.enter_year(
                db_session=ctx.db, principal=ctx.principal, year=input.year, source=input.source,
                days=[HolidayDay(d.date, DayKind(d.kind), (d.name or "").strip()) for d in input.days],
                expected_version=input.expected_version,
            )

        return await as_payload(
            ctx.locale, run,
            lambda entry, errors: HolidayYearPayload(year=HolidayYearEntry.of(entry) if entry else None, user_errors=errors),
        )
