"""The Casbin enforcer, its policy stored in the database (`casbin_rule`).

`DEFAULT_POLICY` is what a new installation starts with; an administrator can change the
rows at run time and `Authorizer.reload()` picks them up.
"""
from pathlib import Path

import casbin
from casbin_async_sqlalchemy_adapter import Adapter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from server.auth.models import CasbinRule
from server.unit.models import is_under

MODEL_PATH = Path(__file__).with_name("model.conf")

CASE_OFFICER_ACTIONS = ("read", "list", "register", "read_pii")
CASE_HANDLER_ACTIONS = CASE_OFFICER_ACTIONS + (
    "accept", "reject", "forward", "assign", "progress", "extend", "reply", "close",
)
CASE_LEADER_ACTIONS = CASE_HANDLER_ACTIONS + ("approve_extension", "supervise", "review", "conclude")

DEFAULT_POLICY: list[tuple[str, str, str]] = [
    *[("village_clerk", "case", a) for a in CASE_OFFICER_ACTIONS],
    *[("village_head", "case", a) for a in CASE_OFFICER_ACTIONS],
    *[("township_officer", "case", a) for a in CASE_HANDLER_ACTIONS],
    *[("township_leader", "case", a) for a in CASE_LEADER_ACTIONS],
    *[("county_officer", "case", a) for a in CASE_LEADER_ACTIONS],
    *[("county_leader", "case", a) for a in CASE_LEADER_ACTIONS],
    ("county_officer", "incident", "*"),
    ("county_leader", "incident", "*"),
    ("township_officer", "incident", "read"),
    ("township_leader", "incident", "read"),
    ("county_officer", "evaluation", "*"),
    ("county_leader", "evaluation", "*"),
    ("assessor", "evaluation", "*"),
    ("assessor", "incident", "read"),
    ("township_leader", "evaluation", "read"),
    ("city_reviewer", "declaration", "read"),
    ("province_reviewer", "declaration", "read"),
    ("public_rater", "evaluation", "rate"),
    ("platform_admin", "unit", "*"),
    ("platform_admin", "user", "*"),
    ("platform_admin", "policy", "*"),
    ("county_leader", "user", "*"),
    ("county_officer", "audit", "read"),
    ("county_leader", "audit", "read"),
    *[(role, "unit", "read") for role in (
        "village_clerk", "village_head", "township_officer", "township_leader", "county_officer",
        "county_leader", "assessor", "city_reviewer", "province_reviewer", "public_rater",
    )],
]

ROLES = (
    "village_clerk", "village_head", "township_officer", "township_leader", "county_officer",
    "county_leader", "assessor", "city_reviewer", "province_reviewer", "public_rater",
    "platform_admin",
)


class Authorizer:
    """Holds the process's enforcer. Decisions are pure and in memory (~µs each)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.adapter = Adapter(engine, db_class=CasbinRule)
        self.enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), self.adapter)
        self.enforcer.add_function("pathUnder", is_under)

    async def reload(self) -> None:
        await self.enforcer.load_policy()

    def allows(self, role: str, scope_path: str, target_path: str, obj: str, act: str) -> bool:
        return self.enforcer.enforce(role, scope_path, target_path, obj, act)


async def seed_default_policy(session: AsyncSession) -> None:
    """Write the default policy into an empty `casbin_rule` table."""
    if await session.scalar(select(func.count()).select_from(CasbinRule)):
        return
    session.add_all(CasbinRule(ptype="p", v0=r, v1=o, v2=a) for r, o, a in DEFAULT_POLICY)
