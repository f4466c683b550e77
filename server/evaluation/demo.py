"""Demo data of the joint evaluation: this year's campaign of the demo county with an indicator
table, self-assessments, invited public raters' and assessors' scores, a few verified incidents,
and a declaration already with the city — so the annual review shows a meaningful ranking.
Deterministic (seeded random); accounts share the demo password.

Uses the demo accounts `rater01`, `rater02` (public_rater, county) and `province_reviewer`.
"""
import datetime as dt
import random
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.models import User
from server.dates import china_today, utcnow
from server.evaluation.campaign import default_stages
from server.evaluation.declaration import summary
from server.evaluation.models import (
    Campaign,
    Declaration,
    DeclarationStatus,
    DeclarationStep,
    Indicator,
    RatingKind,
    Rectification,
    SelfAssessment,
    Submission,
    SubmissionKind,
    UnitRating,
    decimal_to_centi,
)
from server.incident.models import AttributionStatus, Incident, IncidentKind
from server.unit.models import Unit, UnitLevel

# (code, part, name, tier, max points): a county indicator table after seed 004's 建·创·评·联.
INDICATORS = [
    ("B1", "BUILD", "综治中心站硬件、人员、经费落实，一站式接待", None, 15),
    ("B2", "BUILD", "排查调处例会按期召开（乡镇每半月、村每周）", None, 15),
    ("B3", "BUILD", "初信初访首接责任制、代理信访制度建立运行", None, 10),
    ("C1", "CREATE", "学习“枫桥经验”，形成可复制推广的工作经验或品牌", None, 10),
    ("E1", "EVALUATE", "信访事项及时受理、按期办结", None, 20),
    ("E2", "EVALUATE", "群众满意度评价与回访", None, 10),
    ("L1", "LINK", "信访信息系统联通，上下联动、定期报告", None, 10),
    ("L2", "LINK", "人民调解、行政调解、司法调解联合化解", "TOWNSHIP", 10),
]

EXTRA_ACCOUNTS = [("rater01",), ("rater02",), ("province_reviewer",)]

# (township code, village code or None, kind, headcount, month, day)
INCIDENTS = [
    ("004", None, IncidentKind.BEIJING_NON_RECEPTION, 2, 4, 12),  # seed 003: 2 人次 in 04-01..10-01 → veto
    ("006", None, IncidentKind.COLLECTIVE_TO_CITY, 5, 5, 20),  # township: 5 to the city (boundary)
    ("007", "002", IncidentKind.COLLECTIVE_TO_COUNTY, 6, 6, 3),  # village: 6 to the county
    ("008", "005", IncidentKind.CITY_ESCALATED, 1, 7, 15),  # village: to the city
]


async def load_demo_evaluation(db_session: AsyncSession, password_hash: str | None = None) -> None:
    county = await db_session.scalar(select(Unit).where(Unit.level == UnitLevel.COUNTY).order_by(Unit.id))
    if county is None:
        return
    rng = random.Random(5005)
    year = china_today().year
    now = utcnow()
    if password_hash is None:
        password_hash = await db_session.scalar(select(User.password_hash).where(User.username == "xfj_officer"))
    # The raters and the province reviewer are demo accounts (server/demo.py `demo_accounts`).
    extra = {
        u.username: u
        for u in await db_session.scalars(select(User).where(User.username.in_([a[0] for a in EXTRA_ACCOUNTS])))
    }
    users = {u.username: u for u in await db_session.scalars(select(User).where(User.tenant_id == county.id))}
    officer, assessor = users["xfj_officer"], users["assessor"]

    campaign = Campaign(tenant_id=county.id, year=year, stages=default_stages(year),
                        name=f"{year}年信访工作“三无”县乡镇村（居）“联建联创联评”活动")
    db_session.add(campaign)
    await db_session.flush()
    indicators = []
    for n, (code, part, name, tier, points) in enumerate(INDICATORS):
        ind = Indicator(tenant_id=county.id, campaign_id=campaign.id, code=code, part=part, name=name, tier=tier,
                        max_points_centi=points * 100, position=n)
        db_session.add(ind)
        indicators.append(ind)
    await db_session.flush()

    units = list(await db_session.scalars(
        select(Unit).where(Unit.tenant_id == county.id, Unit.level.in_((UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)))
        .order_by(Unit.path)))
    by_path = {u.path: u for u in units}
    for unit in units:
        # Most units self-assess; a few villages have not yet (their part shows as missing).
        if unit.level == UnitLevel.VILLAGE and rng.random() < 0.15:
            continue
        quality = rng.uniform(0.65, 0.98)
        for ind in indicators:
            if ind.tier and ind.tier != unit.level:
                continue
            maximum = Decimal(ind.max_points_centi) / 100
            points = (maximum * Decimal(str(round(min(1.0, quality + rng.uniform(-0.1, 0.1)), 2)))).quantize(
                Decimal("0.5"))
            db_session.add(SelfAssessment(
                tenant_id=county.id, campaign_id=campaign.id, indicator_id=ind.id, unit_id=unit.id,
                unit_path=unit.path, points_centi=decimal_to_centi(points),
                evidence=f"{unit.name}{ind.name[:8]}台账、会议记录及照片", submitted_at=now))
        if unit.level == UnitLevel.TOWNSHIP:
            for rater in ("rater01", "rater02"):
                db_session.add(UnitRating(
                    tenant_id=county.id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                    kind=RatingKind.PUBLIC_RATER, rater_user_id=extra[rater].id,
                    score_centi=decimal_to_centi(Decimal(rng.randint(72, 98)))))
            db_session.add(UnitRating(
                tenant_id=county.id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                kind=RatingKind.ASSESSOR, rater_user_id=assessor.id,
                score_centi=decimal_to_centi(Decimal(rng.randint(70, 97)))))
        else:
            if rng.random() < 0.7:
                db_session.add(UnitRating(
                    tenant_id=county.id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                    kind=RatingKind.PUBLIC_RATER, rater_user_id=extra["rater01"].id,
                    score_centi=decimal_to_centi(Decimal(rng.randint(70, 98)))))
            if rng.random() < 0.8:
                db_session.add(UnitRating(
                    tenant_id=county.id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                    kind=RatingKind.ASSESSOR, rater_user_id=assessor.id,
                    score_centi=decimal_to_centi(Decimal(rng.randint(65, 96)))))

    t01 = by_path[county.path + "/001"]
    db_session.add(Rectification(
        tenant_id=county.id, campaign_id=campaign.id, unit_id=t01.id, unit_path=t01.path,
        indicator_id=indicators[1].id, description="排查调处例会记录不全，补齐会议纪要并按半月召开",
        owner="综治办主任", due_on=dt.date(year, 11, 30), created_by_user_id=users["t01_officer"].id))
    db_session.add(Submission(
        tenant_id=county.id, campaign_id=campaign.id, unit_id=t01.id, unit_path=t01.path,
        kind=SubmissionKind.CHECKLIST, item_code="PLATFORM", title="镇综治中心一站式接待大厅建成运行",
        evidence=[{"name": "综治中心建设验收表", "note": None}], submitted_by_user_id=users["t01_officer"].id))
    db_session.add(Submission(
        tenant_id=county.id, campaign_id=campaign.id, unit_id=t01.id, unit_path=t01.path,
        kind=SubmissionKind.GOOD_PRACTICE, title="“板凳夜话”村民议事化解矛盾",
        description="每月一次夜间议事，村干部、调解员与村民面对面。",
        evidence=[{"name": "典型经验材料", "note": "县委政法委简报转发"}], submitted_by_user_id=users["t01_officer"].id))

    for t_code, v_code, kind, headcount, month, day in INCIDENTS:
        path = f"{county.path}/{t_code}" + (f"/{v_code}" if v_code else "")
        unit = by_path[path]
        occurred = dt.date(year, month, day)
        db_session.add(Incident(
            tenant_id=county.id, unit_id=unit.id, unit_path=unit.path, kind=kind, occurred_on=occurred,
            headcount=headcount, verified=True, status=AttributionStatus.ATTRIBUTED,
            note="演示数据", recorded_by_user_id=officer.id))

    # 城关镇 (001) applied after its self-assessment; the county declared it to the city.
    declaration = Declaration(
        tenant_id=county.id, unit_id=t01.id, unit_path=t01.path, year=year, status=DeclarationStatus.COUNTY_DECLARED,
        summary={"note": "recomputed when the county declares again", "sanwu": True},
        applied_by_user_id=users["t01_officer"].id)
    db_session.add(declaration)
    await db_session.flush()
    db_session.add(DeclarationStep(tenant_id=county.id, declaration_id=declaration.id, from_status=None,
                                   to_status="APPLIED", comment="自评达标，申报“三无”乡镇",
                                   actor_user_id=users["t01_officer"].id))
    db_session.add(DeclarationStep(tenant_id=county.id, declaration_id=declaration.id, from_status="APPLIED",
                                   to_status="COUNTY_DECLARED", comment="经县信访局审核，同意申报",
                                   actor_user_id=officer.id))
    await db_session.flush()
    # The declared figures as the county saw them (aggregates only).
    declaration.summary = await summary.summary_of(db_session, None, t01, year)
    await db_session.flush()
