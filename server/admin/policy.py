"""The authorisation policy: read, preview a change, change it (platform operators)."""
from __future__ import annotations

import re

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.admin import rules
from server.admin.models import PolicyChange
from server.admin.scope import require_platform
from server.audit import service as audit
from server.auth.models import CasbinRule, RoleGrant, User
from server.auth.policy import ROLES, Authorizer
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import DomainError, Validator

RULE_PART = re.compile(r"^[a-z_*]{1,64}$")
POLICY_LOCK = 7_102_512_410_003  # the advisory lock key of policy changes (any constant of this application)


async def policy_rules(*, db_session: AsyncSession, principal: Principal) -> list[tuple[str, str, str]]:
    require_platform(principal, "policy", "read")
    rows = await db_session.scalars(
        select(CasbinRule).where(CasbinRule.ptype == "p").order_by(CasbinRule.v0, CasbinRule.v1, CasbinRule.v2)
    )
    return [(r.v0, r.v1, r.v2) for r in rows]


def _check_rules(items: list[tuple[str, str, str]], name: str) -> list[tuple[str, str, str]]:
    v = Validator()
    cleaned = []
    for i, (role, obj, act) in enumerate(items):
        if role not in ROLES:
            v.add("UNKNOWN_ROLE", [name, str(i), "role"], role=role)
        elif not RULE_PART.match(obj or "") or not RULE_PART.match(act or ""):
            v.add("INVALID", [name, str(i)])
        else:
            cleaned.append((role, obj, act))
    v.raise_if_any()
    return cleaned


async def preview_policy(
    *, db_session: AsyncSession, principal: Principal, add: list[tuple[str, str, str]], remove: list[tuple[str, str, str]]
) -> tuple[list[rules.PolicyEffect], dict[str, int]]:
    """What a change would newly allow and forbid, per role, and how many accounts hold each role."""
    current = set(await policy_rules(db_session=db_session, principal=principal))
    add, remove = _check_rules(add, "add"), _check_rules(remove, "remove")
    effects = rules.policy_effects(current, set(add), set(remove))
    holders = dict(
        (await db_session.execute(
            select(RoleGrant.role, func.count(func.distinct(RoleGrant.user_id)))
            .join(User, User.id == RoleGrant.user_id).where(User.is_active.is_(True))
            .where(RoleGrant.role.in_([e.role for e in effects] or [""])).group_by(RoleGrant.role)
        )).all()
    )
    return effects, holders


async def update_policy(
    *, db_session: AsyncSession, principal: Principal, authorizer: Authorizer,
    add: list[tuple[str, str, str]], remove: list[tuple[str, str, str]],
) -> list[tuple[str, str, str]]:
    """Change the policy rows; every server process picks the change up (policy version)."""
    require_platform(principal, "policy", "update")
    await _one_change_at_a_time(db_session)
    current = set(await policy_rules(db_session=db_session, principal=principal))
    add, remove = _check_rules(add, "add"), _check_rules(remove, "remove")
    if ("platform_admin", "policy", "*") in remove:
        raise DomainError("LOCKOUT", field=["remove"])
    added = sorted(set(add) - current)
    removed = sorted(set(remove) & current)
    if not added and not removed:
        return sorted(current)
    for role, obj, act in removed:
        await db_session.execute(
            delete(CasbinRule).where(CasbinRule.ptype == "p", CasbinRule.v0 == role, CasbinRule.v1 == obj, CasbinRule.v2 == act)
        )
    for role, obj, act in added:
        db_session.add(CasbinRule(ptype="p", v0=role, v1=obj, v2=act))
    db_session.add(PolicyChange(added=[list(r) for r in added], removed=[list(r) for r in removed],
                                changed_by_user_id=principal.user_id, changed_at=utcnow()))
    audit.record(db_session=db_session, tenant_id=None, actor_id=principal.user_id, action="policy.changed",
                 object_type="policy", object_id=None, added=[list(r) for r in added], removed=[list(r) for r in removed])
    await db_session.commit()
    await authorizer.ensure_current(db_session)  # after the commit: a change that fails is never loaded
    return sorted((current | set(added)) - set(removed))


async def _one_change_at_a_time(db_session: AsyncSession) -> None:
    """PostgreSQL: hold a transaction lock while changing the policy, so changes commit in the
    order of their `policy_changes` ids — a process that loaded version 6 must not miss a change
    5 that committed after it — and two editors never overwrite each other's reading of the rows.
    SQLite takes one writer at a time already."""
    if db_session.get_bind().dialect.name == "postgresql":
        await db_session.execute(select(func.pg_advisory_xact_lock(POLICY_LOCK)))

