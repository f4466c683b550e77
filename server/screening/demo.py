"""Demo screening data: reports of 城关镇 (township 001) and its villages with
gaps, a meeting with decisions, and three incidents (one contested). Deterministic."""
import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.models import User
from server.case.models import Case
from server.dates import CHINA, china_today, utcnow
from server.incident.models import AttributionStatus, Incident, IncidentKind
from server.screening import rules
from server.screening.models import (
    Dispute,
    DisputeStatus,
    Mediation,
    MediationOutcome,
    Meeting,
    MeetingDecision,
    MeetingKind,
    ReportStatus,
    ScreeningReport,
)
from server.screening.rules import cadence_for
from server.tenant.settings import TenantSettings
from server.unit.models import Unit, UnitLevel, subtree_pattern

DISPUTES = [
    ("宅基地界址纠纷", "两户因翻建房屋对宅基地界址认识不一", "邻户", 2, "双方多次争吵，尚未动手", "村调委会已上门了解情况"),
    ("土地流转租金纠纷", "流转大户拖欠部分农户土地租金", "某农业合作社", 12, "农户准备集体到镇反映", "村两委已约谈合作社负责人"),
    ("赡养纠纷", "兄弟三人对老人赡养费分担有分歧", None, 4, "老人生活暂无着落", "网格员已联系其子女"),
    ("工程款纠纷", "村道施工队拖欠本村务工人员工资", "某建筑公司", 8, "务工人员多次催要", "已报镇劳动保障所"),
]


async def load_demo_screening(db_session: AsyncSession) -> None:
    county = await db_session.scalar(select(Unit).where(Unit.level == UnitLevel.COUNTY))
    if county is None:
        return
    rng = random.Random(404)
    settings = TenantSettings()
    now_day = china_today()
    township = await db_session.scalar(select(Unit).where(Unit.path == county.path + "/001"))
    villages = list(await db_session.scalars(
        select(Unit).where(Unit.parent_id == township.id).order_by(Unit.path)
    ))
    users = {u.username: u for u in await db_session.scalars(select(User).where(User.tenant_id == county.id))}
    now = utcnow()

    # Reports: the last five closed periods of each village of township 001, with gaps; the
    # current period filed by some villages only (t01v01's current week stays due).
    for index, village in enumerate(villages):
        clerk = users.get(f"t01v{index + 1:02d}")
        cadence = cadence_for(settings, UnitLevel.VILLAGE)
        period = rules.period_of(now_day, cadence)
        periods = [period]
        for _ in range(5):
            periods.append(rules.previous_period(periods[-1], cadence))
        for age, p in enumerate(periods):
            if age == 0 and index in (0, 2, 5):
                continue  # current period still due
            if age > 0 and rng.random() < 0.2:
                continue  # a missing report
            with_disputes = rng.random() < 0.35
            # Filed on the period's last afternoon (a past period's report was filed then, in time).
            filed = min(now, dt.datetime.combine(p.end, dt.time(17), CHINA).astimezone(dt.UTC))
            report = ScreeningReport(
                tenant_id=county.id, unit_id=village.id, unit_path=village.path, cadence=str(cadence),
                period_start=p.start, period_end=p.end, zero_report=not with_disputes,
                status=ReportStatus.SUBMITTED, version=1, created_by_user_id=clerk.id if clerk else None,
                created_at=filed, updated_at=filed, submitted_at=filed,
                submitted_by_user_id=clerk.id if clerk else None,
            )
            db_session.add(report)
            await db_session.flush()
            if with_disputes:
                title, cause, involved, people, development, so_far = rng.choice(DISPUTES)
                dispute = Dispute(
                    tenant_id=county.id, unit_id=village.id, unit_path=village.path, report_id=report.id,
                    title=title, cause=cause, occurred_on=p.start, place=village.name, involved_unit=involved,
                    people_involved=people, development=development, mediation_so_far=so_far,
                    status=DisputeStatus.OPEN, created_by_user_id=clerk.id if clerk else None, created_at=now,
                )
                db_session.add(dispute)
                await db_session.flush()
                if rng.random() < 0.5:
                    dispute.status = DisputeStatus.MEDIATED
                    db_session.add(Mediation(
                        tenant_id=county.id, dispute_id=dispute.id, mediator="村人民调解委员会",
                        parties="纠纷双方当事人", outcome=MediationOutcome.SUCCESS,
                        agreement="双方自愿达成调解协议，按约定履行。", mediated_on=min(p.end, now_day),
                        recorded_by_user_id=clerk.id if clerk else None,
                    ))

    # The township's own half-monthly report for the previous period.
    t_cadence = cadence_for(settings, UnitLevel.TOWNSHIP)
    previous = rules.previous_period(rules.period_of(now_day, t_cadence), t_cadence)
    officer = users.get("t01_officer")
    db_session.add(ScreeningReport(
        tenant_id=county.id, unit_id=township.id, unit_path=township.path, cadence=str(t_cadence),
        period_start=previous.start, period_end=previous.end, zero_report=True, status=ReportStatus.SUBMITTED,
        version=1, created_by_user_id=officer.id, created_at=now, updated_at=now, submitted_at=now,
        submitted_by_user_id=officer.id,
    ))

    # A 排查调处例会 at the township with decisions owned by the officer and a village clerk.
    some_case = await db_session.scalar(
        select(Case).where(Case.unit_path.like(subtree_pattern(township.path))).order_by(Case.id).limit(1)
    )
    meeting = Meeting(
        tenant_id=county.id, unit_id=township.id, unit_path=township.path, kind=MeetingKind.ROUTINE,
        held_on=now_day - dt.timedelta(days=3),
        attendees=["镇党委副书记", "综治中心主任", "司法所所长", "派出所副所长", "各村支部书记"],
        summary="通报本期各村排查情况，逐件研究重点矛盾纠纷的化解措施。",
        case_ids=[some_case.id] if some_case else [], dispute_ids=[], recorded_by_user_id=officer.id,
    )
    db_session.add(meeting)
    await db_session.flush()
    for position, (content, owner, days) in enumerate([
        ("牵头约谈流转大户，督促兑付拖欠租金", "t01_officer", 7),
        ("东风村补报本周排查报告并上门回访当事人", "t01v01", 2),
        ("司法所跟进宅基地纠纷调解协议履行情况", "t01_officer", 14),
    ]):
        db_session.add(MeetingDecision(
            tenant_id=county.id, meeting_id=meeting.id, position=position, content=content,
            owner_user_id=users[owner].id, due_on=now_day + dt.timedelta(days=days),
        ))

    # Incidents recorded by the county bureau; the second one contested by the township.
    recorder = users.get("xfj_officer")
    year_start = dt.date(now_day.year, 1, 1)
    for unit, kind, days_ago, headcount, status in [
        (villages[3], IncidentKind.CITY_ESCALATED, 50, 2, AttributionStatus.ATTRIBUTED),
        (township, IncidentKind.COLLECTIVE_TO_CITY, 30, 7, AttributionStatus.CONTESTED),
        (villages[1], IncidentKind.COLLECTIVE_TO_COUNTY, 12, 6, AttributionStatus.CONFIRMED),
    ]:
        occurred = max(year_start, now_day - dt.timedelta(days=days_ago))
        incident = Incident(
            tenant_id=county.id, unit_id=unit.id, unit_path=unit.path, kind=kind, occurred_on=occurred,
            headcount=headcount, destination_level={"CITY_ESCALATED": "CITY", "COLLECTIVE_TO_CITY": "CITY"}.get(
                str(kind), "COUNTY"),
            verified=status != AttributionStatus.ATTRIBUTED, status=status,
            recorded_by_user_id=recorder.id, recorded_at=now,
        )
        if status in (AttributionStatus.CONTESTED, AttributionStatus.CONFIRMED):
            incident.contest_reason = "当事人户籍已迁出本辖区，事项属地应为其现居住地。"
            incident.contested_at = now
            incident.contested_by_user_id = officer.id
        if status == AttributionStatus.CONFIRMED:
            incident.decision_note = "经核实当事人长期居住本村，属地认定无误。"
            incident.decided_at = now
            incident.decided_by_user_id = users["xfj_leader"].id
        db_session.add(incident)
    await db_session.flush()
