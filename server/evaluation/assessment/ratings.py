"""Ratings of a unit: an invited public rater's (群众点评) or an assessor's (组织考评) score, and the
citizens' own ratings of the reply rounds (满意度评价)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import DomainError, Validator
from server.evaluation import scope
from server.evaluation.campaign import campaign_of
from server.evaluation.models import (
    RatingKind,
    UnitRating,
    decimal_to_centi,
)
from server.evaluation.rate_counts import rounds
from server.unit.models import Unit, UnitLevel


async def rate_unit(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, kind: RatingKind,
    score: Decimal, comment: str | None = None,
) -> UnitRating:
    """An invited public rater's (群众点评) or an assessor's (组织考评) score for a unit; rating
    again replaces the rater's earlier score."""
    act = "rate" if kind == RatingKind.PUBLIC_RATER else "assess"
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id, act=act)
    if unit.level == UnitLevel.COUNTY:
        raise DomainError("INVALID", "evaluation.NOT_ASSESSED_TIER", field=["input", "unitId"])
    campaign = await campaign_of(db_session=db_session, unit=unit, year=year)
    check = Validator()
    if not Decimal(0) <= score <= Decimal(100):
        check.add("OUT_OF_RANGE", ["input", "score"], min=0, max=100)
    comment = check.text(comment, ["input", "comment"], required=False, max_length=1000)
    check.raise_if_any()
    row = await db_session.scalar(select(UnitRating).where(
        UnitRating.campaign_id == campaign.id, UnitRating.unit_id == unit.id, UnitRating.kind == kind,
        UnitRating.rater_user_id == principal.user_id))
    if row is None:
        row = UnitRating(tenant_id=unit.tenant_id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                         kind=kind, rater_user_id=principal.user_id, score_centi=0)
        db_session.add(row)
    row.score_centi = decimal_to_centi(score)
    row.comment = comment
    row.rated_at = utcnow()
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action=f"evaluation.{act}", object_type="unit", object_id=unit.id, year=year, score=str(score))
    await db_session.commit()
    return row


async def citizen_ratings(
    *, db_session: AsyncSession, tenant_id: int, units: list[Unit], start: dt.datetime, end: dt.datetime
) -> dict[int, tuple[int, int, int]]:
    """Citizens' ratings (满意度评价) per unit: (满意, 基本满意, 不满意) of the reply rounds answered
    in the period in the unit's subtree, each round with its own rating — the rounds 满意率 counts
    (rates.tally), so the review, the public page and the standard rates agree."""
    counts = await rounds.round_counts(db_session, tenant_id, start, end)
    out = {}
    for unit in units:
        r = rounds.rounds_under(counts, unit.path)
        out[unit.id] = (r.satisfied, r.basically_satisfied, r.dissatisfied)
    return out
