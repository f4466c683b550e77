"""The county's campaign of a year (seed 004): its stages and the indicator table units score
themselves on."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.errors import NOT_FOUND, DomainError, Validator
from server.evaluation import scope
from server.evaluation.models import (
    Campaign,
    Indicator,
    Rectification,
    SelfAssessment,
    centi_to_decimal,
    decimal_to_centi,
)
from server.unit.models import Unit

# Seed 004, 三、活动安排和步骤: the three stages and their months (the year is the campaign's).
SEED_004_STAGES = (
    ("MOBILISE", "动员部署阶段", "Mobilisation", (4, 20), (4, 30)),
    ("ADVANCE", "全面推进阶段", "Full implementation (建·创·评·联)", (5, 1), (11, 30)),
    ("DECLARE", "申报推荐阶段", "Declaration and recommendation", (12, 1), (12, 31)),
)


async def get_campaign(*, db_session: AsyncSession, tenant_id: int, year: int) -> Campaign | None:
    return await db_session.scalar(select(Campaign).where(Campaign.tenant_id == tenant_id, Campaign.year == year))


def default_stages(year: int) -> list[dict]:
    return [
        {"code": code, "name_zh": zh, "name_en": en, "starts_on": dt.date(year, *s).isoformat(),
         "ends_on": dt.date(year, *e).isoformat()}
        for code, zh, en, s, e in SEED_004_STAGES
    ]


@dataclass
class IndicatorIn:
    code: str
    name: str
    part: str
    max_points: Decimal
    tier: str | None = None


async def create_campaign(
    *, db_session: AsyncSession, principal: Principal, county_id: int, year: int, name: str | None = None,
    indicators: list[IndicatorIn] | None = None,
) -> Campaign:
    """Open the county's campaign of a year with seed 004's stages and an indicator table."""
    scope.check_year(year)
    county = await scope.county_in_scope(db_session=db_session, principal=principal, county_id=county_id, act="configure")
    if await get_campaign(db_session=db_session, tenant_id=county.id, year=year):
        raise DomainError("CONFLICT", "evaluation.CAMPAIGN_EXISTS", field=["input", "year"], year=year)
    check = Validator()
    name = check.text(name or f"{year}年信访工作“三无”县乡镇村（居）“联建联创联评”活动", ["input", "name"],
                      max_length=200)
    _check_indicators(check, indicators or [])
    check.raise_if_any()
    campaign = Campaign(tenant_id=county.id, year=year, name=name, stages=default_stages(year))
    db_session.add(campaign)
    await db_session.flush()
    for n, ind in enumerate(indicators or []):
        db_session.add(Indicator(
            tenant_id=county.id, campaign_id=campaign.id, code=ind.code.strip(), name=ind.name.strip(),
            part=ind.part, tier=ind.tier, max_points_centi=decimal_to_centi(ind.max_points), position=n,
        ))
    audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id,
                 action="evaluation.campaign_create", object_type="campaign", object_id=campaign.id, year=year)
    await db_session.commit()
    return campaign


def _check_indicators(check: Validator, table: list[IndicatorIn]) -> None:
    seen = set()
    for n, ind in enumerate(table):
        at = ["input", "indicators", str(n)]
        code = check.text(ind.code, [*at, "code"], max_length=32)
        check.text(ind.name, [*at, "name"], max_length=200)
        if code is not None and code in seen:
            check.add("DUPLICATE", [*at, "code"], "evaluation.DUPLICATE")
        seen.add(code)
        if not Decimal(0) < ind.max_points <= Decimal(1000):
            check.add("OUT_OF_RANGE", [*at, "maxPoints"], min=0, max=1000)
        if ind.part not in ("BUILD", "CREATE", "EVALUATE", "LINK"):
            check.add("INVALID", [*at, "part"])
        if ind.tier not in (None, "TOWNSHIP", "VILLAGE"):
            check.add("INVALID", [*at, "tier"])


@dataclass
class StageIn:
    code: str
    starts_on: dt.date
    ends_on: dt.date


async def update_campaign(
    *, db_session: AsyncSession, principal: Principal, campaign_id: int, name: str | None = None,
    stages: list[StageIn] | None = None, indicators: list[IndicatorIn] | None = None,
) -> Campaign:
    """The county edits its campaign: the name, the stages' dates (seed 004's stages, in order,
    within the year) and the indicator table (lines matched by code; a line units have already
    scored cannot be removed, moved to another tier or given fewer points than a unit scored)."""
    principal.require_user()
    campaign = await db_session.get(Campaign, campaign_id)
    if campaign is None or campaign.tenant_id != principal.tenant_id:
        raise DomainError(NOT_FOUND, field=["input", "id"])
    county = await scope.county_in_scope(db_session=db_session, principal=principal, county_id=campaign.tenant_id,
                                         act="configure")
    check = Validator()
    if name is not None:
        name = check.text(name, ["input", "name"], max_length=200)
    new_stages = None
    if stages is not None:
        known = {st["code"]: st for st in campaign.stages}
        if [x.code for x in stages] != list(known):
            check.add("INVALID", ["input", "stages"], "evaluation.STAGES_FIXED")
        else:
            first, last = dt.date(campaign.year, 1, 1), dt.date(campaign.year, 12, 31)
            previous_end = None
            for n, x in enumerate(stages):
                if not first <= x.starts_on <= x.ends_on <= last:
                    check.add("OUT_OF_RANGE", ["input", "stages", str(n), "endsOn"], "evaluation.STAGE_DATES",
                              year=campaign.year)
                elif previous_end is not None and x.starts_on <= previous_end:
                    check.add("INVALID", ["input", "stages", str(n), "startsOn"], "evaluation.STAGE_ORDER")
                previous_end = x.ends_on
            new_stages = [{**known[x.code], "starts_on": x.starts_on.isoformat(), "ends_on": x.ends_on.isoformat()}
                          for x in stages]
    # (`indicators` is the argument here: the table is read through `_indicators_of`.)
    table = {i.code: i for i in await _indicators_of(db_session, campaign.id)} if indicators is not None else {}
    if indicators is not None:
        _check_indicators(check, indicators)
        scored = await _scored_lines(db_session, campaign.id)
        wanted = {(i.code or "").strip() for i in indicators}
        for code, ind in table.items():
            if code not in wanted and ind.id in scored:
                check.add("IN_USE", ["input", "indicators"], "evaluation.INDICATOR_IN_USE", indicator=code)
        for n, new in enumerate(indicators):
            old = table.get((new.code or "").strip())
            if old is None or old.id not in scored:
                continue
            best, levels = scored[old.id]
            if Decimal(0) < new.max_points and decimal_to_centi(new.max_points) < best:
                check.add("OUT_OF_RANGE", ["input", "indicators", str(n), "maxPoints"],
                          "evaluation.INDICATOR_POINTS_SCORED", points=centi_to_decimal(best))
            if new.tier is not None and any(level != new.tier for level in levels):
                check.add("IN_USE", ["input", "indicators", str(n), "tier"], "evaluation.INDICATOR_TIER_SCORED")
    check.raise_if_any()
    if name is not None:
        campaign.name = name
    if new_stages is not None:
        campaign.stages = new_stages
    if indicators is not None:
        keep = set()
        for n, new in enumerate(indicators):
            code = new.code.strip()
            row = table.get(code)
            if row is None:
                row = Indicator(tenant_id=campaign.tenant_id, campaign_id=campaign.id, code=code)
                db_session.add(row)
            row.name, row.part, row.tier = new.name.strip(), new.part, new.tier
            row.max_points_centi, row.position = decimal_to_centi(new.max_points), n
            keep.add(code)
        for code, row in table.items():
            if code not in keep:
                await db_session.execute(
                    Rectification.__table__.update().where(Rectification.indicator_id == row.id).values(indicator_id=None))
                await db_session.delete(row)
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id,
                 action="evaluation.campaign_update", object_type="campaign", object_id=campaign.id,
                 year=campaign.year, name=name is not None, stages=new_stages is not None,
                 indicators=[i.code.strip() for i in indicators] if indicators is not None else None)
    await db_session.commit()
    return campaign


async def _indicators_of(db_session: AsyncSession, campaign_id: int) -> list[Indicator]:
    return await indicator_table(db_session=db_session, campaign_id=campaign_id)


async def _scored_lines(db_session: AsyncSession, campaign_id: int) -> dict[int, tuple[int, set[str]]]:
    """Per indicator that units have scored: the highest points given and the levels of those units."""
    rows = (await db_session.execute(
        select(SelfAssessment.indicator_id, SelfAssessment.points_centi, Unit.level)
        .join(Unit, Unit.id == SelfAssessment.unit_id).where(SelfAssessment.campaign_id == campaign_id))).all()
    out: dict[int, tuple[int, set[str]]] = {}
    for indicator_id, points, level in rows:
        best, levels = out.get(indicator_id, (0, set()))
        out[indicator_id] = (max(best, points), levels | {str(level)})
    return out


async def campaign_for(*, db_session: AsyncSession, principal: Principal, county_id: int, year: int) -> Campaign | None:
    county = await scope.county_in_scope(db_session=db_session, principal=principal, county_id=county_id)
    return await get_campaign(db_session=db_session, tenant_id=county.id, year=year)


async def indicators(*, db_session: AsyncSession, principal: Principal, campaign_id: int) -> list[Indicator]:
    """The campaign's indicator table, none when it is another county's campaign or the viewer reads
    no evaluation records at all (the table is the county's, the same for each of its units)."""
    principal.require_user()
    if not principal.scopes("evaluation", "read"):
        return []
    own = select(Campaign.id).where(Campaign.id == campaign_id, Campaign.tenant_id == principal.tenant_id)
    rows = await db_session.scalars(
        select(Indicator).where(Indicator.campaign_id == campaign_id, Indicator.campaign_id.in_(own))
        .order_by(Indicator.position, Indicator.id))
    return list(rows)


async def indicator_table(*, db_session: AsyncSession, campaign_id: int) -> list[Indicator]:
    """The campaign's indicator table, unchecked: for a caller that has already put the campaign's
    county in scope (a campaign edit, a county's review run)."""
    rows = await db_session.scalars(
        select(Indicator).where(Indicator.campaign_id == campaign_id).order_by(Indicator.position, Indicator.id))
    return list(rows)


async def campaign_of(*, db_session: AsyncSession, unit: Unit, year: int) -> Campaign:
    campaign = await get_campaign(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if campaign is None:
        raise DomainError("NOT_FOUND", "evaluation.NO_CAMPAIGN", field=["input", "year"], year=year)
    return campaign
