"""自查自评: a township's or village's points on the county's indicators with their evidence, its
rectification items (整改), and the sheet that shows them."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import local_date, utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.evaluation import scope
from server.evaluation.assessment.evidence import evidence_files, files_of, set_files
from server.evaluation.campaign import campaign_of, get_campaign, indicators
from server.evaluation.models import (
    Campaign,
    Declaration,
    Indicator,
    Rectification,
    SelfAssessment,
    centi_to_decimal,
    decimal_to_centi,
)
from server.unit.models import Unit, UnitLevel


@dataclass
class ScoreIn:
    indicator_code: str
    points: Decimal
    evidence: str | None = None
    # The line's evidence files (ids of uploads): exactly these afterwards; None keeps the files.
    attachment_ids: list[int] | None = None


async def submit_self_assessment(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, scores: list[ScoreIn],
) -> list[SelfAssessment]:
    """自查自评: a township or village scores itself on the county's indicators (again = update),
    each line with its evidence note and evidence files."""
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id, act="self_assess")
    if unit.level == UnitLevel.COUNTY:
        raise DomainError("INVALID", "evaluation.NOT_ASSESSED_TIER", field=["input", "unitId"])
    campaign = await campaign_of(db_session=db_session, unit=unit, year=year)
    table = {i.code: i for i in await indicators(db_session=db_session, principal=principal, campaign_id=campaign.id)}
    existing = {
        r.indicator_id: r for r in await db_session.scalars(
            select(SelfAssessment).where(SelfAssessment.campaign_id == campaign.id, SelfAssessment.unit_id == unit.id))
    }
    check = Validator()
    files: dict[int, list[Attachment]] = {}  # position in `scores` → the files to keep on that line
    seen_files: set[int] = set()
    for n, s in enumerate(scores):
        ind = table.get(s.indicator_code)
        if ind is None or (ind.tier and ind.tier != unit.level):
            check.add("INVALID", ["input", "scores", str(n), "indicatorCode"])
            continue
        maximum = centi_to_decimal(ind.max_points_centi)
        if not Decimal(0) <= s.points <= maximum:
            check.add("OUT_OF_RANGE", ["input", "scores", str(n), "points"], min=0, max=maximum)
        check.text(s.evidence, ["input", "scores", str(n), "evidence"], required=False, max_length=2000)
        if s.attachment_ids is not None:
            row = existing.get(ind.id)
            found = await evidence_files(db_session=db_session, principal=principal, check=check, tenant_id=unit.tenant_id,
                                          attachment_ids=s.attachment_ids, owner_column="self_assessment_id",
                                          owner_id=row.id if row else None,
                                          field=["input", "scores", str(n), "attachmentIds"])
            if found is not None:
                if seen_files & {f.id for f in found}:
                    check.add("DUPLICATE", ["input", "scores", str(n), "attachmentIds"], "evaluation.FILE_TWICE")
                seen_files |= {f.id for f in found}
                files[n] = found
    check.raise_if_any()
    saved = []
    for s in scores:
        ind = table[s.indicator_code]
        row = existing.get(ind.id)
        if row is None:
            row = SelfAssessment(tenant_id=unit.tenant_id, campaign_id=campaign.id, indicator_id=ind.id,
                                 unit_id=unit.id, unit_path=unit.path, points_centi=0)
            db_session.add(row)
            existing[ind.id] = row
        row.points_centi = decimal_to_centi(s.points)
        row.evidence = (s.evidence or "").strip() or None
        row.submitted_by_user_id = principal.user_id
        row.submitted_at = utcnow()
        saved.append(row)
    await db_session.flush()
    linked = {}
    for n, found in files.items():
        row = saved[n]
        await set_files(db_session=db_session, owner_column="self_assessment_id", owner_id=row.id, files=found)
        linked[scores[n].indicator_code] = [f.id for f in found]
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action="evaluation.self_assess", object_type="unit", object_id=unit.id, year=year,
                 indicators=[s.indicator_code for s in scores], **({"files": linked} if linked else {}))
    await db_session.commit()
    return saved


async def add_rectification(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, description: str, owner: str,
    due_on: dt.date, indicator_code: str | None = None,
) -> Rectification:
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id, act="self_assess")
    campaign = await campaign_of(db_session=db_session, unit=unit, year=year)
    check = Validator()
    description = check.text(description, ["input", "description"], max_length=2000)
    owner = check.text(owner, ["input", "owner"], max_length=100)
    indicator_id = None
    if indicator_code:
        ind = next((i for i in await indicators(db_session=db_session, principal=principal, campaign_id=campaign.id)
                    if i.code == indicator_code), None)
        if ind is None:
            check.add("INVALID", ["input", "indicatorCode"])
        else:
            indicator_id = ind.id
    check.raise_if_any()
    row = Rectification(tenant_id=unit.tenant_id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                        indicator_id=indicator_id, description=description, owner=owner, due_on=due_on,
                        created_by_user_id=principal.user_id)
    db_session.add(row)
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action="evaluation.rectification_add", object_type="rectification", object_id=row.id)
    await db_session.commit()
    return row


async def set_rectification_done(
    *, db_session: AsyncSession, principal: Principal, rectification_id: int, done_on: dt.date | None,
) -> Rectification:
    """整改完成: the unit marks a rectification item done on a day (None: reopened)."""
    principal.require_user()
    row = await db_session.get(Rectification, rectification_id)
    if row is None or row.tenant_id != principal.tenant_id or not principal.can("evaluation", "read", row.unit_path):
        raise DomainError(NOT_FOUND, field=["input", "id"])
    if not principal.can("evaluation", "self_assess", row.unit_path):
        raise DomainError(FORBIDDEN)
    if done_on is not None and not dt.date(2000, 1, 1) <= done_on <= local_date(utcnow()):
        raise DomainError("OUT_OF_RANGE", "evaluation.DONE_ON_RANGE", field=["input", "doneOn"])
    row.done_on = done_on
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=row.tenant_id, actor_id=principal.user_id,
                 action="evaluation.rectification_done" if done_on else "evaluation.rectification_reopen",
                 object_type="rectification", object_id=row.id, done_on=done_on.isoformat() if done_on else None)
    await db_session.commit()
    return row


@dataclass(frozen=True)
class SheetLine:
    indicator: Indicator
    points: Decimal | None
    evidence: str | None
    files: list[Attachment]


@dataclass(frozen=True)
class SelfAssessmentSheet:
    unit: Unit
    campaign: Campaign
    lines: list[SheetLine]
    rectifications: list[Rectification]
    declaration_status: str | None

    @property
    def earned(self) -> Decimal:
        """The points the unit gave itself on the lines it scored."""
        return sum((line.points or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def maximum(self) -> Decimal:
        """The most the unit's lines allow."""
        return sum((centi_to_decimal(line.indicator.max_points_centi) for line in self.lines), Decimal(0))


async def self_assessment_sheet(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int
) -> SelfAssessmentSheet | None:
    """A unit's self-assessment against the county's indicator table of the year (None without a
    campaign), with its rectification items and where its declaration stands."""
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id)
    campaign = await get_campaign(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if campaign is None:
        return None
    table = [i for i in await indicators(db_session=db_session, principal=principal, campaign_id=campaign.id)
             if i.tier in (None, unit.level)]
    own = {r.indicator_id: r for r in await db_session.scalars(select(SelfAssessment).where(
        SelfAssessment.campaign_id == campaign.id, SelfAssessment.unit_id == unit.id))}
    files = await files_of(db_session=db_session, principal=principal, owner_column="self_assessment_id",
                           owner_ids=[r.id for r in own.values()])
    lines = [SheetLine(i, centi_to_decimal(own[i.id].points_centi) if i.id in own else None,
                       own[i.id].evidence if i.id in own else None, files[own[i.id].id] if i.id in own else [])
             for i in table]
    items = list(await db_session.scalars(select(Rectification).where(
        Rectification.campaign_id == campaign.id, Rectification.unit_id == unit.id).order_by(Rectification.id)))
    status = await db_session.scalar(select(Declaration.status).where(
        Declaration.unit_id == unit.id, Declaration.year == year))
    return SelfAssessmentSheet(unit, campaign, lines, items, str(status) if status else None)
