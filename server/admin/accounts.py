"""Accounts: created in the administrator's subtree with a one-time password, listed, renamed,
deactivated and reset. Which roles they receive, and when, is server/admin/grants.py."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, delete, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from server.admin import rules
from server.admin.grants import PENDING, audit_requests, grant_refusal, place_grants
from server.admin.models import RoleGrantRequest
from server.admin.scope import USERNAME, managed_user
from server.audit import service as audit
from server.auth.models import SignInSession, User
from server.auth.passwords import hash_password
from server.auth.principal import Principal
from server.errors import FORBIDDEN, NOT_FOUND, DomainError, Validator
from server.pagination import Page, keyset_page
from server.unit.models import Unit, in_subtree


@dataclass
class RoleAt:
    role: str
    unit_id: int


@dataclass
class NewUser:
    unit_id: int
    username: str
    display_name: str
    roles: list[RoleAt] = field(default_factory=list)


async def check_new_user(
    db_session: AsyncSession, principal: Principal, data: NewUser, prefix: list[str], taken: set[str]
) -> tuple[Unit, list[tuple[str, Unit]]]:
    v = Validator()
    unit = await db_session.get(Unit, data.unit_id)
    if unit is None or (principal.tenant_id is not None and unit.tenant_id != principal.tenant_id):
        raise DomainError(NOT_FOUND, field=[*prefix, "unitId"])
    if unit.retired_at is not None:
        v.add("UNIT_RETIRED", [*prefix, "unitId"])
    if not principal.can("user", "create", unit.path):
        raise DomainError(FORBIDDEN, "error.OUTSIDE_SUBTREE", field=[*prefix, "unitId"])
    username = (data.username or "").strip()
    if not USERNAME.match(username):
        v.add("INVALID_USERNAME", [*prefix, "username"])
    elif username.lower() in taken or await db_session.scalar(
        select(User.id).where(func.lower(User.username) == username.lower())
    ):
        v.add("USERNAME_TAKEN", [*prefix, "username"])
    v.text(data.display_name, [*prefix, "displayName"], max_length=100)
    grants: list[tuple[str, Unit]] = []
    if not data.roles:
        v.add("REQUIRED", [*prefix, "roles"])
    for i, role_at in enumerate(data.roles):
        target = await db_session.get(Unit, role_at.unit_id)
        field_ = [*prefix, "roles", str(i)]
        if target is None or target.tenant_id != unit.tenant_id or target.retired_at is not None:
            v.add("NOT_FOUND", [*field_, "unitId"], "error.NOT_FOUND")
            continue
        refusal = grant_refusal(principal=principal, role=role_at.role, unit=target)
        if refusal:
            v.add(refusal, [*field_, "role"], role=role_at.role)
            continue
        grants.append((role_at.role, target))
    v.raise_if_any()
    return unit, grants


async def create_user(*, db_session: AsyncSession, principal: Principal, data: NewUser) -> tuple[User, str]:
    """An account in the administrator's subtree with a one-time password (returned once). A role
    that gives more than the administrator holds waits for a second administrator."""
    principal.require_user()
    unit, grants = await check_new_user(db_session, principal, data, ["input"], set())
    user, password, _placed = await add_user(db_session, principal, unit, data, grants)
    await db_session.commit()
    return user, password


async def add_user(
    db_session: AsyncSession, principal: Principal, unit: Unit, data: NewUser, grants: list[tuple[str, Unit]],
    **audit_extra: object,
) -> tuple[User, str, list[tuple[str, Unit, RoleGrantRequest | None]]]:
    """Add a checked account and its roles (or role requests), with their audit records."""
    password = rules.initial_password()
    user = User(
        tenant_id=unit.tenant_id, unit_id=unit.id, username=data.username.strip(),
        display_name=data.display_name.strip(), password_hash=hash_password(password), must_change_password=True,
    )
    db_session.add(user)
    await db_session.flush()
    placed = place_grants(db_session, principal, user, grants)
    audit.record(db_session=db_session, tenant_id=unit.tenant_id, actor_id=principal.user_id, action="user.created",
                 object_type="user", object_id=user.id, username=user.username,
                 roles=[f"{r}@{u.path}" for r, u, request in placed if request is None], **audit_extra)
    await audit_requests(db_session, principal, user, placed)
    return user, password, placed


async def set_active(*, db_session: AsyncSession, principal: Principal, user_id: int, active: bool) -> User:
    """Deactivate (its sessions end at once) or reactivate an account. Never one's own."""
    user, _unit, _grants = await managed_user(db_session, principal, user_id, "deactivate")
    if user.id == principal.user_id:
        raise DomainError("CANNOT_DEACTIVATE_SELF", field=["id"])
    if user.is_active != active:
        user.is_active = active
        if not active:
            await db_session.execute(delete(SignInSession).where(SignInSession.user_id == user.id))
        audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                     action="user.activated" if active else "user.deactivated", object_type="user", object_id=user.id)
    await db_session.commit()
    return user


async def update_user(*, db_session: AsyncSession, principal: Principal, user_id: int, display_name: str) -> User:
    user, _unit, _grants = await managed_user(db_session, principal, user_id, "update")
    v = Validator()
    name = v.text(display_name, ["displayName"], max_length=100)
    v.raise_if_any()
    if name != user.display_name:
        audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                     action="user.updated", object_type="user", object_id=user.id, old=user.display_name, new=name)
        user.display_name = name
    await db_session.commit()
    return user


async def reset_password(*, db_session: AsyncSession, principal: Principal, user_id: int) -> tuple[User, str]:
    """A new one-time password (returned once); the lock is lifted and every session ends."""
    user, _unit, _grants = await managed_user(db_session, principal, user_id, "reset_password")
    password = rules.initial_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    await db_session.execute(delete(SignInSession).where(SignInSession.user_id == user.id))
    audit.record(db_session=db_session, tenant_id=user.tenant_id, actor_id=principal.user_id,
                 action="user.password_reset", object_type="user", object_id=user.id)
    await db_session.commit()
    return user, password


@dataclass
class UserFilter:
    unit_id: int | None = None
    search: str | None = None
    include_inactive: bool = True
    pending_grants: bool = False  # only accounts with a role request waiting for approval


async def list_users(
    *, db_session: AsyncSession, principal: Principal, flt: UserFilter, first: int, after: str | None
) -> tuple[Page[User], Select]:
    """Accounts whose unit lies where the viewer may list users (their subtree, their tenant), a
    page at a time by unit path (then creation); also the query for counting."""
    principal.require_user()
    query = select(User).join(Unit, Unit.id == User.unit_id).where(principal.subtree_filter(Unit.path, "user", "list"))
    if principal.tenant_id is not None:
        query = query.where(User.tenant_id == principal.tenant_id)
    if flt.unit_id is not None:
        unit = await db_session.get(Unit, flt.unit_id)
        if unit is None:
            query = query.where(false())
        else:
            query = query.where(in_subtree(Unit.path, unit.path))
    if flt.search:
        raw = flt.search.strip()[:50]
        term = "%" + raw.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(User.username.ilike(term, escape="\\"), User.display_name.like(term, escape="\\"))
        )
    if not flt.include_inactive:
        query = query.where(User.is_active.is_(True))
    if flt.pending_grants:
        query = query.where(
            select(RoleGrantRequest.id).where(RoleGrantRequest.user_id == User.id, RoleGrantRequest.status == PENDING)
            .exists()
        )
    page = await keyset_page(
        db_session=db_session, query=query.options(contains_eager(User.unit)), sort=Unit.path, pk=User.id,
        first=first, after=after, kind=str, descending=False, key=lambda user: (user.unit.path, user.id),
    )
    return page, query

