"""交办: who may assign a case, its 包案 leader candidates and the people who may join its handling."""
from dataclasses import dataclass

from sqlalchemy import Select, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import contains_eager

from server.auth.models import RoleGrant, User
from server.auth.principal import Principal
from server.case import hidden, rules
from server.case.models import Case
from server.case.visibility import readable
from server.pagination import Page, keyset_page
from server.unit.models import Unit, in_subtree, subtree_pattern


@dataclass(frozen=True)
class LeaderOption:
    """A person who may be the 包案 leader: the handling role they hold and the unit they hold it at."""

    user: "User"
    role: str
    unit: Unit


def _chain(path: str) -> list[str]:
    """A unit's path and the paths of every unit above it."""
    parts = path.split("/")
    return ["/".join(parts[:end]) for end in range(2, len(parts) + 1)]


def may_assign(principal: Principal, case: Case | None) -> Case | None:
    """The case if the viewer may read it and assign it (交办) at its handling unit; else None."""
    case = readable(principal, case)
    return case if case is not None and principal.can("case", "assign", case.handler_unit_path) else None


async def leader_options(
    *, db_session: AsyncSession, principal: Principal, case: Case, user_ids: list[int] | None = None
) -> list[LeaderOption]:
    """包案领导 candidates: active accounts holding a handling role (one that may work the case,
    `case:progress`) at the handling unit or a unit above it in the county — never of the accused
    unit (回避). One option per person (their first such role, nearest the handling unit first).
    `user_ids` narrows it to these people (the check of `assignCase`). Empty for a viewer who may
    not assign the case."""
    if may_assign(principal, case) is None:
        return []

    query = (
        select(User, RoleGrant.role, Unit)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .join(Unit, Unit.id == RoleGrant.unit_id)
        .where(
            User.tenant_id == case.tenant_id, RoleGrant.tenant_id == case.tenant_id, User.is_active.is_(True),
            Unit.path.in_(_chain(case.handler_unit_path)),
        )
        .order_by(Unit.path.desc(), User.display_name, User.id, RoleGrant.role)
    )
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids))
    options: dict[int, LeaderOption] = {}
    for user, role, unit in await db_session.execute(query):
        if user.id in options or hidden.hidden_from(unit.path, case.accused_unit_path):
            continue
        if rules.is_handling_role(principal.authorizer, role, unit.path, case.handler_unit_path):
            options[user.id] = LeaderOption(user=user, role=role, unit=unit)
    return list(options.values())


OLD_ASSIGNEES_CUT = 200


def _assignees_query(principal: Principal, case: Case | None) -> Select[User]:
    """People who can lead or join the handling of a case: active accounts of the handling unit,
    its subtree and the units above it in the county — never of an accused unit (回避). Nobody for a
    viewer who may not assign the case."""
    case = may_assign(principal, case)
    if case is None:
        return select(User).join(Unit, Unit.id == User.unit_id).where(false())
    query = (
        select(User)
        .join(Unit, Unit.id == User.unit_id)
        .where(
            User.tenant_id == case.tenant_id,
            User.is_active.is_(True),
            or_(Unit.path.in_(_chain(case.handler_unit_path)), Unit.path.like(subtree_pattern(case.handler_unit_path))),
        )
    )
    if case.accused_unit_path:
        query = query.where(~in_subtree(Unit.path, case.accused_unit_path))
    return query


async def assignees(*, db_session: AsyncSession, principal: Principal, case: Case) -> list[User]:
    """The deprecated picker list: `_assignees_query` by unit and name, the first 200 only (its
    description says so; `assignees_page` pages through everyone)."""
    query = _assignees_query(principal, case).order_by(Unit.path, User.display_name).limit(OLD_ASSIGNEES_CUT)
    return list(await db_session.scalars(query))


async def assignees_page(
    *, db_session: AsyncSession, principal: Principal, case: Case | None, first: int, after: str | None
) -> tuple[Page[User], Select[User]]:
    """One page of `_assignees_query`, by unit path then account (the one keyset helper), and the
    query for its count."""
    query = _assignees_query(principal, case)
    page = await keyset_page(
        db_session=db_session, query=query.options(contains_eager(User.unit)), sort=Unit.path, pk=User.id,
        first=first, after=after, kind=str, descending=False, key=lambda user: (user.unit.path, user.id),
    )
    return page, query
