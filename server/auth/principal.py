"""Who is asking, and what they may do — decided by Casbin, cached for the request."""
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TypeGuard

from sqlalchemy import ColumnElement, false, or_

from server.auth.policy import Authorizer
from server.errors import FORBIDDEN, NOT_FOUND, UNAUTHENTICATED, DomainError
from server.unit.models import Unit, UnitLevel, in_subtree

INVALID = "INVALID"
# The message of each `unit_refusal` on the field that named the unit.
UNIT_REFUSALS = {NOT_FOUND: "error.NOT_FOUND", FORBIDDEN: "error.UNIT_FORBIDDEN", INVALID: "error.UNIT_LEVEL"}


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    unit_path: str


@dataclass
class Principal:
    """The signed-in user (or nobody) with the roles they hold at units."""

    authorizer: Authorizer
    user_id: int | None = None
    tenant_id: int | None = None
    unit_id: int | None = None
    grants: tuple[Grant, ...] = ()
    # Signed in with a one-time password: no grants until it is changed (only `me`, `logout`
    # and `changePassword` work).
    must_change_password: bool = False
    _decisions: dict[tuple[str, str, str], tuple[Grant, ...]] = field(default_factory=dict)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    def require_user(self) -> int:
        if self.user_id is None:
            raise DomainError(UNAUTHENTICATED)
        if self.must_change_password:
            raise DomainError(FORBIDDEN, "error.PASSWORD_CHANGE_REQUIRED")
        return self.user_id

    def grants_for(self, obj: str, act: str, target_path: str) -> tuple[Grant, ...]:
        """The grants under which the user may do `act` on `obj` at `target_path`."""
        key = (obj, act, target_path)
        if key not in self._decisions:
            self._decisions[key] = tuple(
                g for g in self.grants
                if self.authorizer.allows(g.role, g.unit_path, target_path, obj, act)
            )
        return self._decisions[key]

    def can(self, obj: str, act: str, target_path: str) -> bool:
        return bool(self.grants_for(obj, act, target_path))

    def unit_refusal(
        self, unit: Unit | None, obj: str, act: str, levels: Collection[UnitLevel] | None = None, *,
        retired: bool = True,
    ) -> str | None:
        """Unit in scope — the one check of a unit a request names: None when it is a unit of the
        viewer's tenant where they may `act` on `obj`; else why not, in this order: NOT_FOUND (no such
        unit in the tenant: other counties' ids reveal nothing), FORBIDDEN (outside the viewer's
        scope), INVALID (not one of `levels`, or retired when `retired` is False)."""
        if unit is None or unit.tenant_id is None or unit.tenant_id != self.tenant_id:
            return NOT_FOUND
        if not self.can(obj, act, unit.path):
            return FORBIDDEN
        if (levels is not None and unit.level not in levels) or (not retired and unit.retired_at is not None):
            return INVALID
        return None

    def in_scope(self, unit: Unit | None, obj: str, act: str) -> TypeGuard[Unit]:
        """`unit_refusal` as a yes or no (any refusal reads as "no such unit" to the caller)."""
        return self.unit_refusal(unit, obj, act) is None

    def require(self, obj: str, act: str, target_path: str) -> None:
        self.require_user()
        if not self.can(obj, act, target_path):
            raise DomainError(FORBIDDEN)

    def scopes(self, obj: str, act: str) -> list[str]:
        """Unit paths under which the user may `act` on `obj`: each grant asked at its own unit."""
        paths = {g.unit_path for g in self.grants if self.grants_for(obj, act, g.unit_path)}
        # A scope inside another adds nothing to the SQL filter.
        return sorted(p for p in paths if not any(p.startswith(q + "/") for q in paths))

    def subtree_filter(self, path_column, obj: str, act: str) -> ColumnElement[bool]:
        """SQL condition: the row's unit path lies in a subtree where the user may `act`."""
        clauses = [
            in_subtree(path_column, p) for p in self.scopes(obj, act)
        ]
        return or_(*clauses) if clauses else false()

    def holds_at(self, obj: str, act: str, unit_ids: set[int]) -> bool:
        """True when a grant that permits the action is held at one of exactly these units."""
        return any(g.unit_id in unit_ids for g in self.grants if self.grants_for(obj, act, g.unit_path))
