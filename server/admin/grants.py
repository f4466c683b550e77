"""Roles: who may grant which role where, granting and revoking, and the requests that wait for
a second administrator (双人审批).

A grant that carries permissions the granting administrator does not himself hold at that unit
(`rules.gives_more`) — at account creation, by `grantRole` or by an account sheet — is stored as a
`RoleGrantRequest`, which gives no permission, until another administrator approves it
(`decide_request`). Any other grant takes effect at once. The command-line and demo paths are
trusted operators' and write `role_grants` directly.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from server.admin import rules
from server.admin.models import RoleGrantRequest
from server.admin.scope import admin_roles, managed_user
from server.audit import service as audit
from server.auth.models import RoleGrant, User
from server.auth.policy import ROLES
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import FORBIDDEN, NOT_FOUND, DomainError
from server.unit.models import Unit

PENDING, APPROVED, REFUSED = "PENDING", "APPROVED", "REFUSED"


def grant_refusal(*, principal: Principal, role: str, unit: Unit, grantee_id: int | None = None) -> str | None:
    """None when the administrator may grant `role` at `unit`; else the refusal code: a role
    ranked above his own, or — to himself — one that would give more than he holds at that unit
    (a township administrator making himself an officer to read petitioners' data)."""
    refusal = rules.may_grant(admin_roles(principal, "grant", unit.path), role, unit.path, unit.level)
    if refusal is None and grantee_id is not None and grantee_id == principal.user_id and elevating(
        principal=principal, role=role, unit=unit
    ):
        return "ROLE_GIVES_MORE"
    return refusal


def elevating(*, principal: Principal, role: str, unit: Unit) -> bool:
    """Does `role` at `unit` carry a permission the administrator does not hold there? Such a
    grant waits for a second administrator (双人审批) instead of taking effect."""
    return rules.gives_more(principal.authorizer.permissions(role), lambda obj, act: principal.can(obj, act, unit.path))


def grantable_roles(*, principal: Principal, unit: Unit | None) -> list[str]:
    """The roles the viewer may grant (or ask for) at a unit."""
    principal.require_user()
    if unit is None or unit.retired_at is not None:
        return []
    if principal.tenant_id is not None and unit.tenant_id != principal.tenant_id:
        return []
    return [r for r in ROLES if grant_refusal(principal=principal, role=r, unit=unit) is None]


def place_grants(
    db_session: AsyncSession, principal: Principal, user: User, grants: list[tuple[str, Unit]]
) -> list[tuple[str, Unit, RoleGrantRequest | None]]:
    """Give `user` (flushed) the checked `grants`: at once when the administrator holds everything
    the role allows at that unit, else as a request for a second administrator (returned)."""
    placed: list[tuple[str, Unit, RoleGrantRequest | None]] = []
    for role, target in grants:
        if elevating(principal=principal, role=role, unit=target):
            request = RoleGrantRequest(tenant_id=target.tenant_id, user_id=user.id, role=role, unit_id=target.id,
                                       status=PENDING, requested_by_user_id=principal.user_id, requested_at=utcnow())
            db_session.add(request)
            placed.append((role, target, request))
        else:
            db_session.add(RoleGrant(tenant_id=target.tenant_id, user_id=user.id, role=role, unit_id=target.id))
            placed.append((role, target, None))
    return placed


async def audit_requests(
    db_session: AsyncSession, principal: Principal, user: User, placed: list[tuple[str, Unit, RoleGrantRequest | None]]
) -> None:
    """One `user.role_requested` event per request just placed (role and unit, no personal data)."""
    await db_session.flush()
    for role, target, request in placed:
        if request is not None:
            audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                         action="user.role_requested", object_type="user", object_id=user.id,
                         request=request.id, role=role, unit=target.path)


async def _open_requests(db_session: AsyncSession, user_id: int) -> list[tuple[RoleGrantRequest, Unit]]:
    rows = await db_session.execute(
        select(RoleGrantRequest, Unit).join(Unit, Unit.id == RoleGrantRequest.unit_id)
        .where(RoleGrantRequest.user_id == user_id, RoleGrantRequest.status == PENDING).order_by(RoleGrantRequest.id)
    )
    return [(r, u) for r, u in rows]



async def grant_role(*, db_session: AsyncSession, principal: Principal, user_id: int, role: str, unit_id: int) -> User:
    user, _unit, grants = await managed_user(db_session, principal, user_id, "grant")
    target = await db_session.get(Unit, unit_id)
    if target is None or target.tenant_id != user.tenant_id or target.retired_at is not None:
        raise DomainError(NOT_FOUND, field=["unitId"])
    refusal = grant_refusal(principal=principal, role=role, unit=target, grantee_id=user.id)
    if refusal:
        raise DomainError(refusal, field=["role"], role=role)
    held = any(g.role == role and g.unit_id == target.id for g, _ in grants)
    asked = any(r.role == role and r.unit_id == target.id for r, _ in await _open_requests(db_session, user.id))
    if not held and not asked:
        placed = place_grants(db_session, principal, user, [(role, target)])
        if placed[0][2] is not None:
            await audit_requests(db_session, principal, user, placed)
        else:
            audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                         action="user.role_granted", object_type="user", object_id=user.id, role=role,
                         unit=target.path)
    await db_session.commit()
    return user


async def revoke_role(*, db_session: AsyncSession, principal: Principal, user_id: int, role: str, unit_id: int) -> User:
    user, _unit, grants = await managed_user(db_session, principal, user_id, "grant")
    for grant, target in grants:
        if grant.role == role and grant.unit_id == unit_id:
            if not admin_roles(principal, "grant", target.path):
                raise DomainError(FORBIDDEN, "error.OUTSIDE_SUBTREE", field=["unitId"])
            await db_session.delete(grant)
            audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                         action="user.role_revoked", object_type="user", object_id=user.id, role=role, unit=target.path)
    await db_session.commit()
    return user


async def decide_request(*, db_session: AsyncSession, principal: Principal, request_id: int, approve: bool) -> User:
    """Approve (the role takes effect now) or refuse a role request. Approving takes a second
    administrator: not the one who asked, not the grantee, and one whose scope covers the asking
    administrator's unit (`rules.decision_refusal`); he must also be one who may grant the role
    there. Outside the viewer's accounts: NOT_FOUND."""
    principal.require_user()
    request = await db_session.get(RoleGrantRequest, request_id)
    if request is None:
        raise DomainError(NOT_FOUND, field=["id"])
    user, _unit, grants = await managed_user(db_session, principal, request.user_id, "grant")
    if request.status != PENDING:
        raise DomainError("GRANT_ALREADY_DECIDED", "error.GRANT_ALREADY_DECIDED", field=["id"])
    target = await db_session.get(Unit, request.unit_id)
    if target is None:
        raise DomainError(NOT_FOUND, field=["id"])
    code = may_decide(principal=principal, request=request, asker_unit=await _asker_unit(db_session, request),
                      target=target, approve=approve)
    if code:
        raise DomainError(code, f"error.{code}", field=["id"], role=request.role)
    if approve and (target.retired_at is not None or not user.is_active):
        raise DomainError(NOT_FOUND, field=["id"])
    request.status = APPROVED if approve else REFUSED
    request.decided_by_user_id = principal.user_id
    request.decided_at = utcnow()
    if approve and not any(g.role == request.role and g.unit_id == target.id for g, _ in grants):
        db_session.add(RoleGrant(tenant_id=target.tenant_id, user_id=user.id, role=request.role, unit_id=target.id))
    audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                 action="user.role_approved" if approve else "user.role_refused", object_type="user",
                 object_id=user.id, request=request.id, role=request.role, unit=target.path)
    await db_session.commit()
    return user


def may_decide(
    *, principal: Principal, request: RoleGrantRequest, asker_unit: Unit | None, target: Unit, approve: bool
) -> str | None:
    """None when the viewer may approve (or refuse) the request; else the refusal code."""
    if approve or request.requested_by_user_id != principal.user_id:
        rank = rules.may_grant(admin_roles(principal, "grant", target.path), request.role, target.path, target.level)
        if rank is not None:
            return "APPROVER_OUT_OF_SCOPE"
    covers = asker_unit is not None and principal.can("user", "grant", asker_unit.path) and (
        principal.tenant_id is None or asker_unit.tenant_id == principal.tenant_id
    )
    return rules.decision_refusal(decider_id=principal.user_id, asker_id=request.requested_by_user_id,
                                  grantee_id=request.user_id, covers_asker_unit=covers, approve=approve)


async def _asker_unit(db_session: AsyncSession, request: RoleGrantRequest) -> Unit | None:
    return await db_session.scalar(
        select(Unit).join(User, User.unit_id == Unit.id).where(User.id == request.requested_by_user_id)
    )


@dataclass
class OpenRequest:
    request: RoleGrantRequest
    unit: Unit
    may_approve: bool
    may_refuse: bool


async def open_requests(
    *, db_session: AsyncSession, principal: Principal, user_ids: list[int]
) -> dict[int, list[OpenRequest]]:
    """The pending role requests of these accounts (already found in the viewer's account list),
    with whether the viewer may approve or refuse each."""
    asker_unit = aliased(Unit)
    rows = await db_session.execute(
        select(RoleGrantRequest, Unit, asker_unit)
        .join(Unit, Unit.id == RoleGrantRequest.unit_id)
        .join(User, User.id == RoleGrantRequest.requested_by_user_id)
        .join(asker_unit, asker_unit.id == User.unit_id)
        .where(RoleGrantRequest.user_id.in_(user_ids), RoleGrantRequest.status == PENDING)
        .order_by(RoleGrantRequest.id)
    )
    found: dict[int, list[OpenRequest]] = {}
    for request, target, asker in rows:
        decide = {
            approve: may_decide(principal=principal, request=request, asker_unit=asker, target=target, approve=approve)
            is None
            for approve in (True, False)
        }
        found.setdefault(request.user_id, []).append(OpenRequest(request, target, decide[True], decide[False]))
    return found


async def user_grants(
    *, db_session: AsyncSession, principal: Principal, user_ids: list[int],
) -> dict[int, list[tuple[str, Unit]]]:
    """The roles these accounts hold; none for an account the viewer may not list (its unit outside
    where they list users, or of another tenant — the rule of `accounts.list_users`)."""
    principal.require_user()
    home = aliased(Unit)
    listed = select(User.id).join(home, home.id == User.unit_id).where(
        User.id.in_(user_ids), principal.subtree_filter(home.path, "user", "list"))
    if principal.tenant_id is not None:
        listed = listed.where(User.tenant_id == principal.tenant_id)
    rows = await db_session.execute(
        select(RoleGrant.user_id, RoleGrant.role, Unit).join(Unit, Unit.id == RoleGrant.unit_id)
        .where(RoleGrant.user_id.in_(listed)).order_by(RoleGrant.id)
    )
    found: dict[int, list[tuple[str, Unit]]] = {}
    for user_id, role, unit in rows:
        found.setdefault(user_id, []).append((role, unit))
    return found

