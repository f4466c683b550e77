"""The Casbin enforcer, its policy stored in the database (`casbin_rule`).

The migrations write the policy a new installation starts with (and add rows as features
arrive); an administrator can change the rows at run time and `Authorizer.reload()` picks
them up.

Every server process sees a change without a restart: each change of the rows also adds a row
to `policy_changes` (server/admin/policy.py), in the same transaction, whose highest id is the
policy's version (changes commit in the order of their ids: server/admin/policy.py holds a lock
while changing). Every signed-in request reads that version with its principal (one indexed
`max(id)` in the same statement, server/auth/service.py) and `ensure_current` reloads when it is
newer than the one this process loaded — so no request is ever decided by a policy older than
the last change committed before it began, in whichever process the change was made. No timer,
no window: a cache of permissions that could be stale is what this avoids. The same on SQLite
and PostgreSQL.
"""
import asyncio
import copy
from pathlib import Path

import casbin
from casbin.persist.adapter import load_policy_line
from casbin_async_sqlalchemy_adapter import Adapter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from server.admin.models import PolicyChange
from server.auth.models import CasbinRule
from server.unit.models import is_under

DECISIONS_KEPT = 50_000  # a bound on the memo of decisions; it starts afresh when full
MODEL_PATH = Path(__file__).with_name("model.conf")

ROLES = (
    "village_clerk", "village_head", "township_officer", "township_leader", "county_officer",
    "county_leader", "assessor", "city_reviewer", "province_reviewer", "public_rater",
    "platform_admin", "county_admin", "township_admin",
)


class Authorizer:
    """Holds the process's enforcer. Decisions are pure and in memory (~µs each)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.adapter = Adapter(engine, db_class=CasbinRule)
        self.enforcer = casbin.AsyncEnforcer(str(MODEL_PATH), self.adapter)
        self.enforcer.add_function("pathUnder", is_under)
        self.version: int | None = None  # the policy_changes id this process has loaded
        self._lock = asyncio.Lock()
        # Decisions of the policy loaded now, remembered until the next load (never across one).
        self._decided: dict[tuple[str, str, str, str, str], bool] = {}

    async def reload(self, db_session: AsyncSession | None = None) -> None:
        """Load the policy rows; through `db_session` when given. One load at a time."""
        async with self._lock:
            await self._load(db_session)

    async def ensure_current(self, db_session: AsyncSession, version: int | None = None) -> bool:
        """Reload when the policy's version in the database (`version`, when the caller read it
        with its own query, else read here) is newer than the one loaded: another process changed
        it. Only forward: a request whose snapshot predates a load never takes the process back."""
        if version is None:
            version = await current_version(db_session)
        if self.version is not None and version <= self.version:
            return False
        async with self._lock:
            if self.version is not None and version <= self.version:  # loaded meanwhile
                return False
            await self._load(db_session)
            return True

    async def _load(self, db_session: AsyncSession | None) -> None:
        if db_session is None:  # at start-up, before any request
            version = await _version_from_engine(self.adapter)  # before the rows: never newer
            await self.enforcer.load_policy()
            self.version, self._decided = version, {}
            return
        version = await current_version(db_session)  # before the rows: never newer
        rules = (await db_session.scalars(select(CasbinRule).order_by(CasbinRule.id))).all()
        model = copy.deepcopy(self.enforcer.model)
        model.clear_policy()
        for rule in rules:
            load_policy_line(str(rule), model)
        model.sort_policies_by_priority()
        # The rules and their version take effect together, after the last await: a request
        # checking the version meanwhile either waits for the lock or decides by the old pair.
        self.enforcer.model, self.version, self._decided = model, version, {}

    def permissions(self, role: str) -> set[tuple[str, str]]:
        """The (object, action) pairs the policy gives a role."""
        return {(row[1], row[2]) for row in self.enforcer.get_filtered_policy(0, role) if len(row) >= 3}

    def allows(self, role: str, scope_path: str, target_path: str, obj: str, act: str) -> bool:
        key = (role, scope_path, target_path, obj, act)
        decided = self._decided.get(key)
        if decided is None:
            if len(self._decided) >= DECISIONS_KEPT:
                self._decided = {}
            decided = self._decided[key] = self.enforcer.enforce(*key)
        return decided


# The policy's version: selected alone, or as a column of another statement (the principal's).
VERSION = select(func.coalesce(func.max(PolicyChange.id), 0)).scalar_subquery()


async def current_version(db_session: AsyncSession) -> int:
    return await db_session.scalar(select(VERSION)) or 0


async def _version_from_engine(adapter: Adapter) -> int | None:
    try:
        async with adapter.session_local() as session:
            return await session.scalar(select(VERSION)) or 0
    except Exception:  # noqa: BLE001 — a database without the table yet: checked again later
        return None
