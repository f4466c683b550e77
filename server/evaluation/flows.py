"""申报推荐 declaration workflow: township applies → county reviews and declares to the city →
city initial review → province recommendation → designation. Each step may instead return the
declaration with a comment; a returned declaration can be applied for again.

City and province reviewers see declarations and the aggregate figures copied into them (score,
grade, rank, "三无", rates as percentages) — never a case or a petitioner.
"""
from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ColumnElement, exists, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.attachment import access as attachment_access
from server.attachment.models import Attachment
from server.audit import service as audit
from server.auth.models import RoleGrant, User
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.evaluation import documents as document_rules
from server.evaluation import rate_queries, scope
from server.evaluation import rates as rates_rules
from server.evaluation.assessment.evidence import files_of
from server.evaluation.campaign import campaign_of, get_campaign, indicators
from server.evaluation.config import current_config
from server.evaluation.gate import declaration_gate
from server.evaluation.models import Declaration, DeclarationStatus, DeclarationStep, SelfAssessment, centi_to_decimal
from server.evaluation.review.compute import compute_review
from server.evaluation.review.service import latest_run, stored_result
from server.evaluation.rollup import explain
from server.evaluation.sanwu.rules import accountability
from server.evaluation.sanwu.service import judge_units
from server.evaluation.values import plain
from server.unit.models import Unit, UnitLevel

S = DeclarationStatus
# 申报材料 a declaration carries over all its steps (the township's and the county's).
MAX_DOCUMENTS = 40


class DeclarationAction(enum.StrEnum):
    COUNTY_DECLARE = "COUNTY_DECLARE"  # 县信访局审核并向市申报
    CITY_APPROVE = "CITY_APPROVE"  # 市信访局初审通过
    PROVINCE_RECOMMEND = "PROVINCE_RECOMMEND"  # 省信访局推荐
    DESIGNATE = "DESIGNATE"  # 命名
    RETURN = "RETURN"  # 退回 (at any step before designation)


# action → (status it starts from, status it leads to, Casbin action on "declaration")
TRANSITIONS: dict[DeclarationAction, tuple[DeclarationStatus, DeclarationStatus, str]] = {
    DeclarationAction.COUNTY_DECLARE: (S.APPLIED, S.COUNTY_DECLARED, "county_review"),
    DeclarationAction.CITY_APPROVE: (S.COUNTY_DECLARED, S.CITY_APPROVED, "city_review"),
    DeclarationAction.PROVINCE_RECOMMEND: (S.CITY_APPROVED, S.PROVINCE_RECOMMENDED, "province_review"),
    DeclarationAction.DESIGNATE: (S.PROVINCE_RECOMMENDED, S.DESIGNATED, "designate"),
}
# Who may return a declaration at each status: whoever decides the next step.
RETURN_ACT = {
    S.APPLIED: "county_review", S.COUNTY_DECLARED: "city_review",
    S.CITY_APPROVED: "province_review", S.PROVINCE_RECOMMENDED: "designate",
}


def next_status(status: DeclarationStatus, action: DeclarationAction) -> tuple[DeclarationStatus, str]:
    """The status an action leads to and the permission it needs; DomainError when the action
    does not apply to the status (pure)."""
    if action == DeclarationAction.RETURN:
        if status not in RETURN_ACT:
            raise DomainError("INVALID_STATE", "evaluation.DECLARATION_STATE", field=["input", "action"])
        return S.RETURNED, RETURN_ACT[status]
    start, end, act = TRANSITIONS[action]
    if status != start:
        raise DomainError("INVALID_STATE", "evaluation.DECLARATION_STATE", field=["input", "action"])
    return end, act


async def _summary(db_session: AsyncSession, principal: Principal | None, unit: Unit, year: int) -> dict:
    """Aggregate figures only: the unit's review row and its rates (percentages)."""
    county = await db_session.get(Unit, unit.tenant_id)
    config, result = await compute_review(db_session=db_session, county=county, year=year)
    row = result.row_of(unit.id)
    judged = await judge_units(db_session=db_session, tenant_id=unit.tenant_id, units=[unit], year=year, config=config)
    status = judged[unit.id].result
    report = await _year_rates(db_session, unit, year)
    return {
        "score": str(row.score) if row else None, "grade": row.grade if row else None,
        "grade_zh": row.grade_zh if row else None, "rank": row.rank if row else None,
        "population_size": row.population_size if row else None,
        "sanwu": status.qualifies, "failed_rules": list(status.failed_codes),
        "vetoed": row.vetoed if row else False,
        "rates": [
            {"code": r.code, "label_zh": r.label_zh, "label_en": r.label_en,
             "percent": str(r.percent) if r.percent is not None else None, "available": r.available}
            for r in report.rates
        ],
        "template_code": result.template_code, "config_version": result.config_version,
    }


async def _check_gate(db_session: AsyncSession, unit: Unit, year: int, field: list[str]) -> None:
    """Refuse to apply for or declare a unit that is not 三无 in the year or is vetoed, naming the
    rule and the incidents (`gate`)."""
    config = await current_config(db_session=db_session, tenant_id=unit.tenant_id)
    judged = await judge_units(db_session=db_session, tenant_id=unit.tenant_id, units=[unit], year=year, config=config)
    status = judged[unit.id]
    outcome = accountability(config.template, status.view.counted_for_consequences())
    rule = config.template.accountability
    refusal = declaration_gate(status.result, outcome, explain(status.view),
                               (rule.label_zh, rule.label_en) if rule else None)
    if refusal is not None:
        raise DomainError("DECLARATION_BARRED", "evaluation.DECLARATION_BARRED", field=field, **refusal.params())


async def _year_rates(db_session: AsyncSession, unit: Unit, year: int) -> rates_rules.RateReport:
    """The standard rates of the unit's subtree over the year, counted from the records now."""
    return await rate_queries.count_unit_rates(
        db_session=db_session, unit=unit, first_day=dt.date(year, 1, 1), last_day=dt.date(year, 12, 31))


async def apply(*, db_session: AsyncSession, principal: Principal, unit_id: int, year: int,
                comment: str | None = None, attachment_ids: list[int] | None = None) -> Declaration:
    """The township (for itself or one of its villages) applies after its self-assessment, with
    its 申报材料 (uploaded files; added to those of an earlier, returned application)."""
    scope.check_year(year)
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id, act="apply",
                                     obj="declaration")
    check = Validator()
    comment = check.text(comment, ["input", "comment"], required=False, max_length=2000)
    existing = await db_session.scalar(select(Declaration).where(Declaration.unit_id == unit.id,
                                                                 Declaration.year == year))
    files = await _documents_to_link(db_session, principal, check, unit.tenant_id, attachment_ids, existing)
    check.raise_if_any()
    campaign = await campaign_of(db_session=db_session, unit=unit, year=year)
    if unit.level != UnitLevel.COUNTY:
        done = await db_session.scalar(select(SelfAssessment.id).where(
            SelfAssessment.campaign_id == campaign.id, SelfAssessment.unit_id == unit.id).limit(1))
        if done is None:
            raise DomainError("INVALID_STATE", "evaluation.SELF_ASSESSMENT_FIRST", field=["input", "unitId"])
    row = await db_session.scalar(select(Declaration).where(Declaration.unit_id == unit.id, Declaration.year == year))
    previous = row.status if row else None
    if row is not None and row.status != S.RETURNED:
        raise DomainError("CONFLICT", "evaluation.DECLARATION_EXISTS", field=["input", "unitId"])
    await _check_gate(db_session, unit, year, ["input", "unitId"])
    summary = await _summary(db_session, principal, unit, year)
    if row is None:
        row = Declaration(tenant_id=unit.tenant_id, unit_id=unit.id, unit_path=unit.path, year=year,
                          status=S.APPLIED, summary=summary, applied_by_user_id=principal.user_id)
        db_session.add(row)
    else:
        row.status, row.summary, row.applied_by_user_id = S.APPLIED, summary, principal.user_id
        row.applied_at = row.updated_at = utcnow()
    await db_session.flush()
    for f in files:
        f.declaration_id = row.id
    db_session.add(DeclarationStep(tenant_id=unit.tenant_id, declaration_id=row.id,
                                   from_status=str(previous) if previous else None, to_status=str(S.APPLIED),
                                   comment=comment, actor_user_id=principal.user_id))
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id,
                 action="declaration.apply", object_type="declaration", object_id=row.id, year=year,
                 **({"files": [f.id for f in files]} if files else {}))
    await db_session.commit()
    return row


def readable(principal: Principal, row: Declaration | None) -> Declaration | None:
    principal.require_user()
    if row is None or not principal.can("declaration", "read", row.unit_path):
        return None
    return row


def _declared() -> ColumnElement[bool]:
    """SQL: the declaration has been declared to the city (a COUNTY_DECLARED step exists)."""
    return exists().where(DeclarationStep.declaration_id == Declaration.id,
                          DeclarationStep.to_status == str(S.COUNTY_DECLARED))


async def visible(db_session: AsyncSession, principal: Principal, row: Declaration | None) -> Declaration | None:
    """The declaration if the viewer may read it: within the county as the permissions say; for
    reviewers above the county (city, province) only once the county has declared it to them."""
    row = readable(principal, row)
    if row is None or row.tenant_id == principal.tenant_id:
        return row
    declared = await db_session.scalar(select(DeclarationStep.id).where(
        DeclarationStep.declaration_id == row.id, DeclarationStep.to_status == str(S.COUNTY_DECLARED)).limit(1))
    return row if declared else None


async def get(*, db_session: AsyncSession, principal: Principal, declaration_id: int) -> Declaration | None:
    return await visible(db_session, principal, await db_session.get(Declaration, declaration_id))


async def decide(*, db_session: AsyncSession, principal: Principal, declaration_id: int,
                 action: DeclarationAction, comment: str | None = None,
                 attachment_ids: list[int] | None = None) -> Declaration:
    """One step; the county may add its own documents (审核意见, 推荐材料) as it declares."""
    row = await get(db_session=db_session, principal=principal, declaration_id=declaration_id)
    if row is None:
        raise DomainError(NOT_FOUND)
    to_status, act = next_status(row.status, action)
    if not principal.can("declaration", act, row.unit_path):
        raise DomainError(FORBIDDEN)
    check = Validator()
    comment = check.text(comment, ["input", "comment"], required=action == DeclarationAction.RETURN,
                         max_length=2000)
    files = await _documents_to_link(db_session, principal, check, row.tenant_id, attachment_ids, row)
    check.raise_if_any()
    for f in files:
        f.declaration_id = row.id
    previous = row.status
    if action == DeclarationAction.COUNTY_DECLARE:
        # The figures the city sees are the county's at the moment it declares.
        unit = await db_session.get(Unit, row.unit_id)
        await _check_gate(db_session, unit, row.year, ["input", "id"])
        row.summary = await _summary(db_session, principal, unit, row.year)
    row.status = to_status
    row.updated_at = utcnow()
    db_session.add(DeclarationStep(tenant_id=row.tenant_id, declaration_id=row.id, from_status=str(previous),
                                   to_status=str(to_status), comment=comment, actor_user_id=principal.user_id))
    audit.record(db_session=db_session, tenant_id=row.tenant_id, actor_id=principal.user_id,
                 action=f"declaration.{action.lower()}", object_type="declaration", object_id=row.id,
                 from_status=str(previous), to_status=str(to_status),
                 **({"files": [f.id for f in files]} if files else {}))
    await db_session.commit()
    return row


async def list_declarations(*, db_session: AsyncSession, principal: Principal, year: int | None = None,
                            status: list[DeclarationStatus] | None = None) -> list[Declaration]:
    principal.require_user()
    query = select(Declaration).where(principal.subtree_filter(Declaration.unit_path, "declaration", "read"))
    own = Declaration.tenant_id == principal.tenant_id if principal.tenant_id is not None else false()
    query = query.where(or_(own, _declared()))
    if year is not None:
        query = query.where(Declaration.year == year)
    if status:
        query = query.where(Declaration.status.in_(status))
    return list(await db_session.scalars(query.order_by(Declaration.year.desc(), Declaration.unit_path)))


async def steps(*, db_session: AsyncSession, declaration_id: int) -> list[DeclarationStep]:
    return list(await db_session.scalars(
        select(DeclarationStep).where(DeclarationStep.declaration_id == declaration_id).order_by(DeclarationStep.id)))


# ---------------------------------------------------------------------------------------------
# 申报材料: documents of a declaration


async def _documents_to_link(db_session: AsyncSession, principal: Principal, check: Validator, tenant_id: int,
                             attachment_ids: list[int] | None, row: Declaration | None) -> list[Attachment]:
    """The uploads to add to a declaration: the user's own, in the county's tenant, not yet linked
    (or already this declaration's). Reviewers above the county add comments, not files."""
    if not attachment_ids:
        return []
    field = ["input", "attachmentIds"]
    if len(set(attachment_ids)) > attachment_access.MAX_PER_RECORD:
        check.add("TOO_MANY", field, max=attachment_access.MAX_PER_RECORD)
        return []
    found = await attachment_access.unlinked(
        db_session=db_session, tenant_id=tenant_id, user_id=principal.user_id, attachment_ids=attachment_ids,
        owner_column="declaration_id", owner_id=row.id if row is not None else None)
    if found is None:
        check.add(NOT_FOUND, field, "error.NOT_FOUND")
        return []
    if row is not None:
        already = await db_session.scalar(select(func.count()).select_from(Attachment).where(
            Attachment.declaration_id == row.id, Attachment.id.not_in([f.id for f in found])))
        if already + len(found) > MAX_DOCUMENTS:
            check.add("TOO_MANY", field, max=MAX_DOCUMENTS)
            return []
    return found


async def documents(*, db_session: AsyncSession, declaration_ids: list[int]) -> dict[int, list[Attachment]]:
    return await files_of(db_session=db_session, owner_column="declaration_id", owner_ids=declaration_ids)


async def may_read_document(*, db_session: AsyncSession, principal: Principal, attachment: Attachment) -> bool:
    """A declaration's document: readable by whoever may read the declaration — the township, the
    county, and the city and province reviewers above it (who see nothing of the county's cases)."""
    row = await visible(db_session, principal, await db_session.get(Declaration, attachment.declaration_id))
    return row is not None and attachment.tenant_id == row.tenant_id


# ---------------------------------------------------------------------------------------------
# 申报表 / 推荐表: the declaration as a document, generated from the records when downloaded


def step_act(from_status: str | None, to_status: str) -> str:
    """The Casbin action on "declaration" a recorded step needed: whose step it was (pure)."""
    if to_status == S.RETURNED:
        return RETURN_ACT.get(from_status or "", "county_review")
    return next((act for _, end, act in TRANSITIONS.values() if end == to_status), "apply")


async def declaration_document(*, db_session: AsyncSession, principal: Principal, declaration_id: int,
                               fmt: str) -> dict:
    """The 申报表 / 推荐表 of a declaration as of now, for exactly whoever may see the declaration
    (NOT_FOUND otherwise — city and province reviewers only once it was declared to them); the
    download is audited. Aggregates only (see `server.evaluation.documents`): the county's stored
    annual review of the year (else the review computed now), this year's rates and
    self-assessment, the names of the 申报材料 and every step with the unit and role that took it."""
    row = await get(db_session=db_session, principal=principal, declaration_id=declaration_id)
    if row is None:
        raise DomainError(NOT_FOUND)
    unit = await db_session.get(Unit, row.unit_id)
    county = await db_session.get(Unit, row.tenant_id)
    township = await db_session.get(Unit, unit.parent_id) if unit.level == UnitLevel.VILLAGE else None
    run = await latest_run(db_session=db_session, tenant_id=county.id, year=row.year)
    if run is not None:
        result, review_at = stored_result(run), run.computed_at
    else:
        _, result = await compute_review(db_session=db_session, county=county, year=row.year)
        review_at = utcnow()
    review_row = result.row_of(unit.id)
    if review_row is not None:
        sanwu = review_row.inputs.sanwu
    else:  # a unit the review does not rank (e.g. retired since): its 三无 judged now
        config = await current_config(db_session=db_session, tenant_id=county.id)
        sanwu = plain((await judge_units(db_session=db_session, tenant_id=county.id, units=[unit], year=row.year,
                                       config=config))[unit.id].result)
    report = await _year_rates(db_session, unit, row.year)
    files = (await documents(db_session=db_session, declaration_ids=[row.id]))[row.id]
    step_rows = await steps(db_session=db_session, declaration_id=row.id)
    people = await _people(db_session, {s.actor_user_id for s in step_rows} | {f.uploaded_by_user_id for f in files})
    step_facts = []
    for s in step_rows:
        act = step_act(s.from_status, s.to_status)
        name, unit_name, role = _acting_as(principal, people.get(s.actor_user_id), row.unit_path, act)
        step_facts.append(document_rules.StepFacts(act=act, to_status=s.to_status, at=s.at, comment=s.comment,
                                                   actor_name=name, unit_name=unit_name, role=role))
    file_facts = [document_rules.FileFacts(filename=f.filename, size=f.size, uploaded_at=f.created_at,
                                           unit_name=people[f.uploaded_by_user_id][1].name
                                           if f.uploaded_by_user_id in people else "")
                  for f in files]
    content = document_rules.content(
        county_name=county.name, year=row.year, unit_name=unit.name, unit_level=str(unit.level),
        township_name=township.name if township else None, status=str(row.status), generated_at=utcnow(),
        review_row=review_row, review_stored=run is not None, review_at=review_at,
        template_code=result.template_code, config_version=result.config_version, sanwu=sanwu,
        rates=report.rates, self_lines=await _self_assessment_lines(db_session, unit, row.year),
        files=file_facts, steps=step_facts)
    audit.record(db_session=db_session, tenant_id=row.tenant_id, actor_id=principal.user_id,
                 action="declaration.export", object_type="declaration", object_id=row.id, format=fmt,
                 status=str(row.status))
    await db_session.commit()
    content["file_stem"] = f"{unit.code}-{row.year}"
    return content


async def _people(db_session: AsyncSession, user_ids: set[int | None]) -> dict[int, tuple]:
    """user id → (user, their own unit, [(role, unit) of their grants])."""
    wanted = {u for u in user_ids if u is not None}
    if not wanted:
        return {}
    users = {u.id: u for u in await db_session.scalars(select(User).where(User.id.in_(wanted)))}
    grants = list(await db_session.scalars(select(RoleGrant).where(RoleGrant.user_id.in_(wanted))
                                           .order_by(RoleGrant.id)))
    unit_ids = {u.unit_id for u in users.values()} | {g.unit_id for g in grants}
    units = {u.id: u for u in await db_session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    return {
        uid: (user, units[user.unit_id], [(g.role, units[g.unit_id]) for g in grants if g.user_id == uid])
        for uid, user in users.items()
    }


def _acting_as(principal: Principal, person: tuple | None, target_path: str, act: str) -> tuple[str, str, str | None]:
    """(display name, unit, role) of the official behind a step: the grant that allows the step's
    action on the declaration; their own unit and no role when no grant does any more."""
    if person is None:
        return "", "", None
    user, home, grants = person
    for role, unit in grants:
        if principal.authorizer.allows(role, unit.path, target_path, "declaration", act):
            return user.display_name, unit.name, role
    return user.display_name, home.name, None


async def _self_assessment_lines(db_session: AsyncSession, unit: Unit, year: int) -> list[dict]:
    """The county's indicator lines of the year that apply to the unit, with the unit's points."""
    campaign = await get_campaign(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if campaign is None:
        return []
    table = [i for i in await indicators(db_session=db_session, campaign_id=campaign.id)
             if i.tier in (None, str(unit.level))]
    own = {r.indicator_id: r.points_centi for r in await db_session.scalars(select(SelfAssessment).where(
        SelfAssessment.campaign_id == campaign.id, SelfAssessment.unit_id == unit.id))}
    return [{"code": i.code, "name": i.name,
             "points": centi_to_decimal(own[i.id]) if i.id in own else None,
             "max_points": centi_to_decimal(i.max_points_centi)} for i in table]


attachment_access.register_reader(
    "declaration_id",
    may_read=lambda db_session, principal, attachment: may_read_document(
        db_session=db_session, principal=principal, attachment=attachment),
    across_tenants=True,
)
