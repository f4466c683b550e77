"""申报表 / 推荐表: the declaration as a document, generated from the records when downloaded
(the content is `server.evaluation.documents`'s, the file formats `server.evaluation.exports`')."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.models import RoleGrant, User
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import NOT_FOUND, DomainError
from server.evaluation import documents as document_rules
from server.evaluation.campaign import get_campaign, indicator_table
from server.evaluation.config import current_config
from server.evaluation.declaration.files import documents
from server.evaluation.declaration.reading import get, steps
from server.evaluation.declaration.summary import year_rates
from server.evaluation.declaration.transitions import step_act
from server.evaluation.models import SelfAssessment, centi_to_decimal
from server.evaluation.review.compute import compute_review
from server.evaluation.review.service import latest_run, stored_result
from server.evaluation.sanwu.service import judge_units
from server.evaluation.values import plain
from server.unit.models import Unit, UnitLevel


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
    report = await year_rates(db_session, unit, row.year)
    files = (await documents(db_session=db_session, principal=principal, declaration_ids=[row.id]))[row.id]
    step_rows = await steps(db_session=db_session, principal=principal, declaration_id=row.id)
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
    # The declaration was found visible (a city reviewer is of another tenant): the table unchecked.
    table = [i for i in await indicator_table(db_session=db_session, campaign_id=campaign.id)
             if i.tier in (None, str(unit.level))]
    own = {r.indicator_id: r.points_centi for r in await db_session.scalars(select(SelfAssessment).where(
        SelfAssessment.campaign_id == campaign.id, SelfAssessment.unit_id == unit.id))}
    return [{"code": i.code, "name": i.name,
             "points": centi_to_decimal(own[i.id]) if i.id in own else None,
             "max_points": centi_to_decimal(i.max_points_centi)} for i in table]

