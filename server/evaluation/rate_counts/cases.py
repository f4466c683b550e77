"""The cases' part of the standard rates: `rates.tally`'s conditions as one aggregate over the
period's cases, and the cases' facts read as columns (the rule's input; tests compare it with the
database's counts)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.case.models import Case
from server.evaluation import rates as rates_rules
from server.evaluation.rate_counts.rounds import case_rounds
from server.evaluation.rate_queries import DECIDED, cases_in_subtree, in_period, within
from server.unit.models import Unit

_FACT_COLUMNS = (
    Case.id, Case.registered_at, Case.accept_due_at, *DECIDED, Case.handle_due_at, Case.answered_at,
    Case.closed_at, Case.review_requested_at, Case.first_petition, Case.outcome, Case.review_decided_at,
    Case.review_upheld, Case.concluded_at, Case.rereview_upheld, Case.headcount, Case.channel,
)


def _deadline_rate(act: SQLColumnExpression[dt.datetime | None], due: SQLColumnExpression[dt.datetime | None],
                   start: dt.datetime, end: dt.datetime, now: dt.datetime) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(on time, late) of `rates.counted_at`: on time when the act came by the deadline (it counts
    the day of the act); late when it did not, counting the day the deadline passed. The two are
    disjoint (act <= due, or no act / act > due): the cases counted are their sum."""
    on_time = act.is_not(None) & (act <= due) & within(act, start, end) & (act <= now)
    late = due.is_not(None) & or_(act.is_(None), act > due) & within(due, start, end) & (due <= now)
    return on_time, late


# The counts `tally_columns` gives: the 13 of `rates.Tally` it can count from a case's own row, with
# each "counted" denominator as its two disjoint parts (`tally_of` adds them up).
TALLY_COLUMNS = ("accepted_on_time", "accepted_late", "replied_on_time", "replied_late", "closed_on_time",
                 "closed_late", "resolved_base", "resolved", "collective_base", "collective_resolved",
                 "first_closed", "first_one_pass", "repeats")


def tally_columns(start: dt.datetime, end: dt.datetime, now: dt.datetime) -> dict[str, ColumnElement[int]]:
    """`rates.tally` over the cases as SQL: one filtered count per `TALLY_COLUMNS` entry, with the
    same conditions (a NULL compares false). The first decision is the earliest of the four
    decision instants. Each condition is written once: a denominator is the sum of its disjoint
    on-time and late parts, not a third condition (the province ranking evaluates these on every
    case of the year)."""
    def count(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.count().filter(condition)

    due = Case.accept_due_at
    decided_by_due = or_(*(d <= due for d in DECIDED))  # the first decision came by the deadline
    first_decision_in = and_(or_(*(within(d, start, end) for d in DECIDED)),
                             *(or_(d.is_(None), d >= start) for d in DECIDED))
    accepted_on_time = decided_by_due & first_decision_in & or_(*(d <= now for d in DECIDED))
    # Not decided by the deadline: the negation of `decided_by_due` (disjoint from on time).
    accepted_late = and_(*(or_(d.is_(None), d > due) for d in DECIDED)) & within(due, start, end) & (due <= now)
    replied_on_time, replied_late = _deadline_rate(Case.answered_at, Case.handle_due_at, start, end, now)
    closed_on_time, closed_late = _deadline_rate(Case.closed_at, Case.handle_due_at, start, end, now)
    answered = within(Case.answered_at, start, end) & Case.outcome.is_not(None)
    resolved = answered & Case.outcome.in_(rates_rules.RESOLVED_OUTCOMES) & Case.review_requested_at.is_(None)
    collective = Case.channel.in_(rates_rules.VISIT_CHANNELS) & (Case.headcount >= rates_rules.COLLECTIVE_HEADCOUNT)
    first_closed = Case.first_petition.is_(True) & within(Case.closed_at, start, end)
    columns = {
        "accepted_on_time": count(accepted_on_time),
        "accepted_late": count(accepted_late),
        "replied_on_time": count(replied_on_time),
        "replied_late": count(replied_late),
        "closed_on_time": count(closed_on_time),
        "closed_late": count(closed_late),
        "resolved_base": count(answered),
        "resolved": count(resolved),
        "collective_base": count(answered & collective),
        "collective_resolved": count(resolved & collective),
        "first_closed": count(first_closed),
        "first_one_pass": count(first_closed & Case.review_requested_at.is_(None)),
        "repeats": count(Case.first_petition.is_(False) & within(Case.registered_at, start, end)),
    }
    assert tuple(columns) == TALLY_COLUMNS
    return columns


def tally_of(counts: Sequence[int], *, replies: int, satisfied: int, basically_satisfied: int,
             dissatisfied: int) -> rates_rules.Tally:
    """The `rates.Tally` of the `TALLY_COLUMNS` counts (in that order) and the reply rounds' counts."""
    (accepted_on_time, accepted_late, replied_on_time, replied_late, closed_on_time, closed_late, resolved_base,
     resolved, collective_base, collective_resolved, first_closed, first_one_pass, repeats) = counts
    return rates_rules.Tally(
        accept_due=accepted_on_time + accepted_late, accepted_on_time=accepted_on_time,
        reply_due=replied_on_time + replied_late, replied_on_time=replied_on_time,
        close_due=closed_on_time + closed_late, closed_on_time=closed_on_time,
        replies=replies, rated=satisfied + basically_satisfied + dissatisfied, satisfied=satisfied,
        basically_satisfied=basically_satisfied, first_closed=first_closed, first_one_pass=first_one_pass,
        resolved_base=resolved_base, resolved=resolved, collective_base=collective_base,
        collective_resolved=collective_resolved, repeats=repeats)


def case_tally_query(
    tenant_id: int, unit: Unit, start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> Select[*tuple[int, ...]]:
    """The one aggregate over the subtree's cases of the period (EXPLAIN it: tests and README):
    the `TALLY_COLUMNS`, then how many of the cases mark a first petition and an outcome at all."""
    columns = tally_columns(start, end, now)
    return select(*(c.label(k) for k, c in columns.items()),
                  func.count().filter(Case.first_petition.is_not(None)).label("marks_first"),
                  func.count().filter(Case.outcome.is_not(None)).label("marks_outcome")).where(
        cases_in_subtree(tenant_id, unit), in_period(start, end))


async def case_facts(db_session: AsyncSession, where: ColumnElement[bool]) -> list[rates_rules.CaseFacts]:
    """The facts of the cases `where` selects, read as columns (not ORM objects)."""
    rows = list(await db_session.execute(select(*_FACT_COLUMNS).where(where)))
    rounds = await case_rounds(db_session, [c.id for c in rows])
    facts = []
    for c in rows:
        decided = [t for t in (c.accepted_at, c.rejected_at, c.forwarded_at, c.assigned_at) if t is not None]
        facts.append(rates_rules.CaseFacts(
            registered_at=c.registered_at, accept_due_at=c.accept_due_at, decided_at=min(decided) if decided else None,
            handle_due_at=c.handle_due_at, answered_at=c.answered_at, closed_at=c.closed_at,
            review_requested_at=c.review_requested_at, rounds=rounds.get(c.id, ()),
            first_petition=c.first_petition, outcome=str(c.outcome) if c.outcome is not None else None,
            case_id=c.id, review_decided_at=c.review_decided_at, review_upheld=c.review_upheld,
            rereview_decided_at=c.concluded_at if c.rereview_upheld is not None else None,
            rereview_upheld=c.rereview_upheld, headcount=c.headcount, channel=str(c.channel),
        ))
    return facts
