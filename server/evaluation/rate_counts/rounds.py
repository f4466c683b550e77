"""The reply rounds (满意率 / 参评率): the tenant's published answers (答复, 复查意见, 复核意见) of a
period, each with its own round's rating, grouped by case path and accused unit."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.case.hidden import hidden_from
from server.case.models import Case, CaseRating, PublicDocument, Satisfaction
from server.case.rounds import ROUND_OF_KIND
from server.evaluation import rates as rates_rules
from server.evaluation.rate_queries import cases_in_subtree, within
from server.unit.models import Unit, in_subtree, is_under

_ROUND = ROUND_OF_KIND


@dataclass(frozen=True)
class RoundCounts:
    """The reply rounds answered in a period under one path (and accused unit), and their ratings."""

    unit_path: str
    accused_unit_path: str | None
    replies: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied


def _round_counts_query(tenants: ColumnElement[bool], documents: ColumnElement[bool], start: dt.datetime,
                        end: dt.datetime) -> Select[str, str | None, int, int, int, int]:
    def rated(level: Satisfaction) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((CaseRating.level == level, 1), else_=0)), 0)

    return (
        select(Case.unit_path, Case.accused_unit_path, func.count(), rated(Satisfaction.SATISFIED),
               rated(Satisfaction.BASICALLY_SATISFIED), rated(Satisfaction.DISSATISFIED))
        .select_from(PublicDocument)
        .join(Case, Case.id == PublicDocument.case_id)
        .outerjoin(CaseRating, and_(CaseRating.case_id == PublicDocument.case_id, CaseRating.reply_round == _ROUND))
        .where(documents, PublicDocument.kind.in_(list(rates_rules.ROUND_OF_DOCUMENT)),
               within(PublicDocument.published_at, start, end), tenants)
        .group_by(Case.unit_path, Case.accused_unit_path)
    )


async def round_counts(
    db_session: AsyncSession, tenant_id: int, start: dt.datetime, end: dt.datetime, unit: Unit | None = None
) -> list[RoundCounts]:
    """Per case path and accused unit: the rounds answered in [start, end) and each round's own rating."""
    query = _round_counts_query(Case.tenant_id == tenant_id, PublicDocument.tenant_id == tenant_id, start, end)
    if unit is not None:
        query = query.where(cases_in_subtree(tenant_id, unit))
    return [RoundCounts(path, accused, int(n), int(s), int(b), int(d))
            for path, accused, n, s, b, d in await db_session.execute(query)]


async def round_counts_of(
    db_session: AsyncSession, tenant_ids: list[int], root_path: str, start: dt.datetime, end: dt.datetime,
) -> list[RoundCounts]:
    """`round_counts` of several tenants' cases under `root_path` in one grouped query (the province ranking)."""
    query = _round_counts_query(Case.tenant_id.in_(tenant_ids), PublicDocument.tenant_id.in_(tenant_ids), start, end)
    query = query.where(in_subtree(Case.unit_path, root_path))
    return [RoundCounts(path, accused, int(n), int(s), int(b), int(d))
            for path, accused, n, s, b, d in await db_session.execute(query)]


def rounds_under(counts: list[RoundCounts], path: str) -> RoundCounts:
    """The rounds of a unit's subtree from the per-path counts (less accusations hidden from it)."""
    mine = [c for c in counts if is_under(c.unit_path, path)
            and not hidden_from(path, c.accused_unit_path)]
    return RoundCounts(path, None, *(sum(getattr(c, k) for c in mine)
                               for k in ("replies", "satisfied", "basically_satisfied", "dissatisfied")))


async def case_rounds(db_session: AsyncSession, case_ids: list[int]) -> dict[int, tuple[rates_rules.RoundFacts, ...]]:
    """Each case's reply rounds with their own ratings, oldest first."""
    out: dict[int, list[rates_rules.RoundFacts]] = {}
    for i in range(0, len(case_ids), 500):
        chunk = case_ids[i:i + 500]
        rows = await db_session.execute(
            select(PublicDocument.case_id, _ROUND, PublicDocument.published_at, CaseRating.level)
            .outerjoin(CaseRating, and_(CaseRating.case_id == PublicDocument.case_id, CaseRating.reply_round == _ROUND))
            .where(PublicDocument.case_id.in_(chunk), PublicDocument.kind.in_(list(rates_rules.ROUND_OF_DOCUMENT)))
            .order_by(PublicDocument.case_id, PublicDocument.published_at))
        for case_id, round_, at, level in rows:
            out.setdefault(case_id, []).append(rates_rules.RoundFacts(int(round_), at, str(level) if level else None))
    return {k: tuple(v) for k, v in out.items()}
