"""A case's timeline as people read it.

A rating (满意度评价) is one line of the timeline: its note is the petitioner's own comment and its
level is read from the rating itself (`CaseRating`, written at the same instant), so no internal
code sits in a note. Lines written before this rule stored `LEVEL` or `LEVEL: comment` in the note;
`split_rating_note` reads those the same way.
"""
import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.principal import Principal
from server.case.models import CaseEvent, CaseEventKind, CaseRating, Satisfaction
from server.case.visibility import of_readable_case

_LEGACY_RATING_NOTE = re.compile(r"^(SATISFIED|BASICALLY_SATISFIED|DISSATISFIED)(?::\s*(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class TimelineLine:
    event: CaseEvent
    note: str | None
    satisfaction: Satisfaction | None


def split_rating_note(note: str | None) -> tuple[Satisfaction | None, str | None]:
    """A rating line's stored note as (level, the petitioner's comment). A note written as
    `LEVEL` or `LEVEL: comment` gives its level and the comment; any other note is the comment."""
    if not note:
        return None, None
    match = _LEGACY_RATING_NOTE.match(note)
    if match is None:
        return None, note
    return Satisfaction(match[1]), (match[2] or None)


def line(event: CaseEvent, ratings: dict[dt.datetime, Satisfaction]) -> TimelineLine:
    """One event as shown: a rating gets its level (from the rating at its instant, or its old note)."""
    if event.kind != CaseEventKind.RATED:
        return TimelineLine(event=event, note=event.note, satisfaction=None)
    level, comment = split_rating_note(event.note)
    return TimelineLine(event=event, note=comment, satisfaction=ratings.get(event.at, level))


async def read(*, db_session: AsyncSession, principal: Principal, case_id: int) -> list[TimelineLine]:
    """The case's timeline, oldest first, for a viewer who may read the case (empty otherwise)."""
    query = of_readable_case(select(CaseEvent), principal, CaseEvent.case_id, case_id)
    events = list(await db_session.scalars(query.order_by(CaseEvent.at, CaseEvent.id)))
    ratings: dict[dt.datetime, Satisfaction] = {}
    if any(e.kind == CaseEventKind.RATED for e in events):
        rows = await db_session.execute(
            select(CaseRating.rated_at, CaseRating.level).where(CaseRating.case_id == case_id)
        )
        ratings = {at: level for at, level in rows}
    return [line(e, ratings) for e in events]
