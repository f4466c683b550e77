"""Who may read a case and what of it they are shown: the one authorisation path of the case domain.

Per case (`readable`, `handles`), in SQL for lists and for a case's related records
(`visible_filter`, `of_readable_case`), and per viewer of one case (`view_of`).
"""
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, literal, or_
from sqlalchemy.orm import InstrumentedAttribute

from server.auth.principal import Principal
from server.case import hidden
from server.case.models import Case
from server.events import CaseChanged, ChangesMissed
from server.unit.models import in_subtree

SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


def _hidden_from(path: str, case: Case) -> bool:
    """An accusation is invisible to the accused unit and everything under it (Art. 30)."""
    return hidden.hidden_from(path, case.accused_unit_path)


@dataclass(frozen=True)
class Receipt:
    """登记回执: the query code and time of a registration, for the official who made it."""

    query_code: str
    registered_at: dt.datetime


def receipt_of(principal: Principal, case: Case) -> Receipt | None:
    """The registration receipt, for the official who registered the case and no one else — even
    when the case is then hidden from them (an accusation against their own village, Art. 30)."""
    if principal.user_id is None or case.registered_by_user_id != principal.user_id:
        return None
    return Receipt(query_code=case.query_code, registered_at=case.registered_at)


def readable(principal: Principal, case: Case | None) -> Case | None:
    """The case if the viewer may read it; None otherwise, so other units' ids reveal nothing."""
    principal.require_user()
    if case is None or case.tenant_id != principal.tenant_id:
        return None
    for path in (case.unit_path, case.handler_unit_path):
        if any(not _hidden_from(g.unit_path, case) for g in principal.grants_for("case", "read", path)):
            return case
    return None


def sees_change(principal: Principal, event: CaseChanged | ChangesMissed) -> bool:
    """Should a live subscriber hear of this change? Only of a case they may read: a change to
    an accusation against their unit is not even a signal (Art. 30). Missed changes are heard by
    all: they name no case, and the subscriber counts again under its own rights."""
    if isinstance(event, ChangesMissed):
        return True
    if event.tenant_id != principal.tenant_id:
        return False
    return any(
        not hidden.hidden_from(g.unit_path, event.accused_unit_path)
        for path in (event.unit_path, event.handler_unit_path)
        for g in principal.grants_for("case", "read", path)
    )


def handles(principal: Principal, case: Case) -> bool:
    """Does the viewer handle this case (and so see its petitioners unmasked)? The unit that
    reviews it (复查) handles it too: it hears the petitioner and signs the review opinion."""
    units = {case.unit_id, case.handler_unit_id, case.registered_by_unit_id, case.review_unit_id}
    return any(
        g.unit_id in units and not _hidden_from(g.unit_path, case)
        for g in principal.grants
        if principal.grants_for("case", "read_pii", g.unit_path)
    )


def not_hidden_from(path: str) -> ColumnElement[bool]:
    """SQL: the case is not an accusation against the unit at `path` or a unit above it — the
    rows a unit's own lists, counts and figures may hold (Art. 30)."""
    return or_(
        Case.accused_unit_path.is_(None),
        and_(literal(path) != Case.accused_unit_path, ~literal(path).like(Case.accused_unit_path + "/%")),
    )


def visible_filter(principal: Principal, act: str = "list") -> ColumnElement[bool]:
    """SQL: cases the viewer may `act` on — by 属地 or by handling unit inside one of their
    subtrees, never an accusation against their own unit or a unit above them."""
    return _visible_clause(principal.tenant_id, tuple(principal.scopes("case", act)))


@functools.lru_cache(maxsize=4096)
def _visible_clause(tenant_id: int | None, scopes: tuple[str, ...]) -> ColumnElement[bool]:
    """The condition for a tenant and the viewer's scopes (decided afresh on every request by
    `principal.scopes`); only the building of the immutable SQL expression is remembered."""
    c = Case.__table__.c
    clauses = []
    for path in scopes:
        inside = or_(in_subtree(c.unit_path, path), in_subtree(c.handler_unit_path, path))
        clauses.append(and_(inside, not_hidden_from(path)))
    return and_(c.tenant_id == tenant_id, or_(*clauses)) if clauses else false()


def of_readable_case(
    query: SelectT, principal: Principal, case_id_column: ColumnElement[int] | InstrumentedAttribute[int], case_id: int
) -> SelectT:
    """`query`'s rows of one case, and only if the viewer may read that case: decided in the
    statement by the lists' own condition, so another subtree's or county's case id gives nothing."""
    principal.require_user()
    return query.join(Case, Case.id == case_id_column).where(Case.id == case_id, visible_filter(principal, "read"))


@dataclass(frozen=True)
class CaseView:
    """What one viewer is shown of one case beyond its plain fields. The petitioner's credential,
    words and materials stay with the units handling the case, and only in the case itself (its
    detail): a list row shows them to no one, whoever reads it."""

    query_code: bool  # the query code unmasked (for the reply letter)
    rating_comments: bool  # the petitioner's comments on each round's rating
    attachments: bool  # the case's files, and adding more (addCaseAttachments)
    rating_link: bool  # the reply letter's rating link may be asked for (`public_rating.rating_link` decides the rest)


def view_of(principal: Principal, case: Case, *, detail: bool) -> CaseView:
    """The viewer's `CaseView` of a case read in its detail (`detail`) or as a list row."""
    handling = detail and handles(principal, case)
    return CaseView(query_code=handling, rating_comments=handling, attachments=handling, rating_link=detail)
