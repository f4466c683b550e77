"""The Casbin enforcer, its policy stored in the database (`casbin_rule`).

The migrations write the policy a new installation starts with (and add rows as features
arrive); an administrator can change the rows at run time and `Authorizer.reload()` picks
them up.
"""
from pathlib import Path

import casbin
from casbin_async_sqlalchemy_adapter import Adapter
from sqlalchemy.ext.asyncio import AsyncEngine

from server.auth.models import CasbinRule
from server.unit.models import is_under

MODEL_PATH = Path(__file__).with_name("model.conf")

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
