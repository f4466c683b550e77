"""建 checklist items and 创 good-practice submissions of a unit, with their evidence lists and files."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.evaluation import scope
from server.evaluation.assessment.evidence import evidence_files, set_files
from server.evaluation.campaign import campaign_of, get_campaign
from server.evaluation.models import (
    Submission,
    SubmissionKind,
)
from server.unit.models import in_subtree

# The 建 checklist of seed 004 (一是抓好"建"的基础): platform, mechanisms, team.
BUILD_CHECKLIST = (
    ("PLATFORM", "建好平台：综治中心站落实硬件设施、人员和经费，一站式接待", "Platform: one-stop reception"),
    ("MEETINGS", "建好机制：排查调处例会（县每月、乡镇每半月、村每周）", "Mechanism: screening meetings"),
    ("EARLY_WARNING", "建好机制：社会矛盾排查预警、重大决策风险评估", "Mechanism: early warning, risk assessment"),
    ("FIRST_CONTACT", "建好机制：初信初访首接责任制", "Mechanism: first-contact responsibility"),
    ("LIAISON", "建好机制：建立两代表一委员和党员干部联系社区和群众制度",
     "Mechanism: deputies, committee members and Party officials linked with communities and the public"),
    ("PROXY", "建好机制：基层陪防和代理信访事项制度", "Mechanism: petition proxies"),
    ("TEAM", "建好队伍：信访干部和基层信访代理员队伍", "Team: petition staff and proxies"),
)


async def submit_work(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, kind: SubmissionKind,
    title: str, description: str | None, item_code: str | None, evidence: list[dict],
    attachment_ids: list[int] | None = None, submission_id: int | None = None,
) -> Submission:
    """建 checklist item done, or 创 good-practice submission, with its evidence list and evidence
    files; with `submission_id`, the unit's earlier submission edited (its files become exactly
    `attachment_ids`, or stay as they are when None). One checklist submission per item."""
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id, act="self_assess")
    campaign = await campaign_of(db_session=db_session, unit=unit, year=year)
    row: Submission | None = None
    if submission_id is not None:
        row = await db_session.get(Submission, submission_id)
        if row is None or row.unit_id != unit.id or row.campaign_id != campaign.id:
            raise DomainError(NOT_FOUND, field=["input", "id"])
    check = Validator()
    if row is not None and row.kind != kind:
        check.add("INVALID", ["input", "kind"])
    title = check.text(title, ["input", "title"], max_length=200)
    description = check.text(description, ["input", "description"], required=False, max_length=5000)
    if kind == SubmissionKind.CHECKLIST:
        if item_code not in {c for c, _, _ in BUILD_CHECKLIST}:
            check.add("INVALID", ["input", "itemCode"])
        else:
            other = await db_session.scalar(select(Submission.id).where(
                Submission.campaign_id == campaign.id, Submission.unit_id == unit.id,
                Submission.kind == SubmissionKind.CHECKLIST, Submission.item_code == item_code,
                *([Submission.id != row.id] if row is not None else [])).limit(1))
            if other is not None:
                check.add("CONFLICT", ["input", "itemCode"], "evaluation.CHECKLIST_ITEM_REPORTED")
    else:
        item_code = None
    if len(evidence) > 20:
        check.add("TOO_MANY", ["input", "evidence"], max=20)
    clean = []
    for n, e in enumerate(evidence[:20]):
        name = check.text(e.get("name"), ["input", "evidence", str(n), "name"], max_length=200)
        note = check.text(e.get("note"), ["input", "evidence", str(n), "note"], required=False, max_length=500)
        clean.append({"name": name, "note": note})
    files = None
    if attachment_ids is not None:
        files = await evidence_files(db_session=db_session, principal=principal, check=check, tenant_id=unit.tenant_id,
                                      attachment_ids=attachment_ids, owner_column="submission_id",
                                      owner_id=row.id if row else None, field=["input", "attachmentIds"])
    check.raise_if_any()
    if row is None:
        row = Submission(tenant_id=unit.tenant_id, campaign_id=campaign.id, unit_id=unit.id, unit_path=unit.path,
                         kind=kind)
        db_session.add(row)
        action = "evaluation.submit"
    else:
        action = "evaluation.submit_edit"
    row.item_code, row.title, row.description, row.evidence = item_code, title, description, clean
    row.submitted_by_user_id = principal.user_id
    row.submitted_at = utcnow()
    await db_session.flush()
    if files is not None:
        await set_files(db_session=db_session, owner_column="submission_id", owner_id=row.id, files=files)
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action=action, object_type="submission", object_id=row.id, kind=str(kind),
                 **({"files": [f.id for f in files]} if files is not None else {}))
    await db_session.commit()
    return row


async def delete_submission(*, db_session: AsyncSession, principal: Principal, submission_id: int) -> Submission:
    """Withdraw a submission; its files are unlinked (readable by their uploader only, and purged
    later like any upload never saved with a record)."""
    principal.require_user()
    row = await db_session.get(Submission, submission_id)
    if row is None or row.tenant_id != principal.tenant_id or not principal.can("evaluation", "read", row.unit_path):
        raise DomainError(NOT_FOUND, field=["id"])
    if not principal.can("evaluation", "self_assess", row.unit_path):
        raise DomainError(FORBIDDEN)
    await set_files(db_session=db_session, owner_column="submission_id", owner_id=row.id, files=[])
    audit.record(db_session=db_session, tenant_id=row.tenant_id, actor_id=principal.user_id,
                 action="evaluation.submit_delete", object_type="submission", object_id=row.id,
                 kind=str(row.kind), title=row.title)
    await db_session.delete(row)
    await db_session.commit()
    return row


async def submissions(
    *, db_session: AsyncSession, principal: Principal, unit_id: int, year: int, subtree: bool = False,
    kind: SubmissionKind | None = None,
) -> list[Submission]:
    """A unit's submissions of the year; with `subtree`, also those of every unit under it that the
    viewer may read (the county sees every township's and village's)."""
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id)
    campaign = await get_campaign(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if campaign is None:
        return []
    query = select(Submission).where(Submission.campaign_id == campaign.id)
    if subtree:
        query = query.where(
            in_subtree(Submission.unit_path, unit.path),
            principal.subtree_filter(Submission.unit_path, "evaluation", "read"),
        ).order_by(Submission.unit_path, Submission.kind, Submission.id)
    else:
        query = query.where(Submission.unit_id == unit.id).order_by(Submission.kind, Submission.id)
    if kind is not None:
        query = query.where(Submission.kind == kind)
    return list(await db_session.scalars(query))
