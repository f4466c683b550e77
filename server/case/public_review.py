"""复查 / 复核 asked for by the petitioner: who takes the request (the body above the answering
unit, recorded by this county when that body is the city), and the request itself."""
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.case import rules
from server.case.models import Case, CaseEvent, CaseStatus
from server.case.public import Caller, find
from server.case.rules import Action
from server.dates import utcnow
from server.errors import Validator
from server.events import broker
from server.tenant import service as tenant_service
from server.unit.models import Unit


@dataclass(frozen=True)
class ReviewRoute:
    """Who takes a 复查 / 复核 request: the body above the answering unit, and the unit of this
    county that acts on it (the body itself, or the county bureau when the body is the city)."""

    body: Unit
    acting: Unit

    @property
    def outside(self) -> bool:
        return self.body.id != self.acting.id


async def review_route(db_session: AsyncSession, case: Case) -> ReviewRoute | None:
    answered_by_id = rules.answering_unit_id(case)
    answered_by = await db_session.get(Unit, answered_by_id) if answered_by_id else None
    body = await db_session.get(Unit, answered_by.parent_id) if answered_by and answered_by.parent_id else None
    if body is None:
        return None
    if body.tenant_id == case.tenant_id:
        return ReviewRoute(body=body, acting=body)
    county = await db_session.get(Unit, case.tenant_id)  # the county bureau records the city's opinion
    return ReviewRoute(body=body, acting=county) if county is not None else None


async def can_request_review(db_session: AsyncSession, case: Case, now: dt.datetime) -> bool:
    """True exactly when `request_review` would accept a request (the same rule)."""
    if rules.review_request_refusal(case, now, True) is not None:
        return False  # no need to look the body up
    route = await review_route(db_session, case)
    return rules.review_request_refusal(case, now, route and route.body) is None


async def review_body_name(db_session: AsyncSession, case: Case, now: dt.datetime) -> str | None:
    """The body reviewing the matter now (复查 / 复核 under way), or the one the petitioner may ask
    next; None when neither (not answered yet, concluded, or the 30 days have passed)."""
    if case.status in (CaseStatus.UNDER_REVIEW, CaseStatus.UNDER_REREVIEW):
        rereview = case.status == CaseStatus.UNDER_REREVIEW
        body_id = (case.rereview_body_unit_id if rereview else case.review_body_unit_id) or case.review_unit_id
        body = await db_session.get(Unit, body_id) if body_id else None
        return body.name if body else None
    if not await can_request_review(db_session, case, now):
        return None
    route = await review_route(db_session, case)
    return route.body.name if route else None


async def request_review(
    *, db_session: AsyncSession, caller: Caller, query_code: str, phone_last4: str, reason: str
) -> Case:
    """复查 (after the reply) or 复核 (after the review opinion), at the level above."""
    case = await find(db_session, caller, query_code, phone_last4)
    now = utcnow()
    route = await review_route(db_session, case)
    refusal = rules.review_request_refusal(case, now, route and route.body)
    if refusal is not None:
        raise refusal
    assert route is not None
    check = Validator()
    stated = check.text(reason, ["reason"], max_length=5000)
    check.raise_if_any()
    settings = await tenant_service.get_settings(db_session=db_session, tenant_id=case.tenant_id)
    action = rules.REVIEW_ROUNDS[case.reply_round]
    case.status = rules.next_status(action, case.status)
    if action == Action.REQUEST_REVIEW:
        case.review_requested_at = now
        case.review_body_unit_id = route.body.id
    else:
        case.rereview_requested_at = now
        case.rereview_body_unit_id = route.body.id
    case.review_unit_id = route.acting.id
    case.review_due_at = rules.review_due_at(now, settings)
    case.due_at = rules.running_deadline_of(case)
    case.version += 1
    note = stated or ""  # required: present once the check has passed
    if route.outside:
        step = "复查" if action == Action.REQUEST_REVIEW else "复核"
        note += f"\n（向{route.body.name}申请{step}；由{route.acting.name}信访部门接收并登记其{step}意见）"
    db_session.add(CaseEvent(
        tenant_id=case.tenant_id, case_id=case.id, kind=rules.EVENT_KIND[action], at=now, actor_id=None,
        note=note,
    ))
    audit.record(
        db_session=db_session, tenant_id=case.tenant_id, actor_id=None, action=f"case.{action.lower()}",
        object_type="case", object_id=case.id, review_unit_id=route.acting.id, review_body_unit_id=route.body.id,
    )
    await db_session.commit()
    broker.publish(case)
    return case
