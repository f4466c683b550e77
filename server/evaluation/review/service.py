"""The annual review's use cases: the county's stored run (or the year computed now, with what a new
run would change), storing a run, and a unit's view of the stored run."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.principal import Principal
from server.dates import utcnow
from server.errors import DomainError, Validator
from server.evaluation import scope
from server.evaluation.models import ReviewRun
from server.evaluation.review.compute import compute_review
from server.evaluation.review.diff import ReviewChange, review_changes
from server.evaluation.review.result import IncompleteConfirmation, ReviewResult
from server.unit.models import Unit, in_subtree


@dataclass(frozen=True)
class ReviewData:
    county: Unit
    year: int
    result: ReviewResult
    run_id: int | None  # None: computed live, not stored
    computed_at: dt.datetime
    template: dict
    policy: dict
    # Computed now while a run is stored: what a new run would change against the stored one.
    changes: list[ReviewChange] | None = None
    compared_run_id: int | None = None


def stored_result(run: ReviewRun) -> ReviewResult:
    """The result a run stored (any readable schema version)."""
    return ReviewResult.from_json(run.result)


async def latest_run(*, db_session: AsyncSession, tenant_id: int, year: int) -> ReviewRun | None:
    return await db_session.scalar(
        select(ReviewRun).where(ReviewRun.tenant_id == tenant_id, ReviewRun.year == year)
        .order_by(ReviewRun.id.desc()).limit(1))


async def annual_review(
    *, db_session: AsyncSession, principal: Principal, county_id: int, year: int, live: bool = False
) -> ReviewData:
    """The county's stored annual review of the year (its latest run), or — when none is stored
    or `live` is asked — the review computed now from the records."""
    scope.check_year(year)
    county = await scope.county_in_scope(db_session=db_session, principal=principal, county_id=county_id)
    run = await latest_run(db_session=db_session, tenant_id=county.id, year=year)
    if run is not None and not live:
        return ReviewData(county, year, stored_result(run), run.id, run.computed_at, run.template, run.policy)
    config, result = await compute_review(db_session=db_session, county=county, year=year)
    # Compared as each run shows its rows (their JSON form), the stored run's read back through its
    # typed value like any other reader of it (any readable schema version).
    changes = (review_changes([r.to_json() for r in stored_result(run).rows], [r.to_json() for r in result.rows])
               if run is not None else None)
    return ReviewData(county, year, result, None, utcnow(), config.template.to_dict(), config.policy.to_dict(),
                      changes, run.id if run is not None else None)


async def run_annual_review(
    *, db_session: AsyncSession, principal: Principal, county_id: int, year: int,
    confirm_incomplete: bool = False, note: str | None = None,
) -> ReviewData:
    """Compute and store the annual review with a copy of the template and weights it used.
    A run with incomplete units (a score part nobody filled) is stored only when the county
    confirms it with a note, which the stored run keeps beside its rows."""
    scope.check_year(year)
    county = await scope.county_in_scope(db_session=db_session, principal=principal, county_id=county_id, act="review")
    check = Validator()
    note = check.text(note, ["note"], required=False, max_length=2000)
    check.raise_if_any()
    config, result = await compute_review(db_session=db_session, county=county, year=year)
    incomplete = [r.unit_name for r in result.incomplete_rows]
    if incomplete:
        if not confirm_incomplete:
            raise DomainError("INCOMPLETE_UNITS", "evaluation.INCOMPLETE_UNITS", field=["confirmIncomplete"],
                              count=len(incomplete), units="、".join(incomplete[:10]))
        if note is None:
            raise DomainError("REQUIRED", "evaluation.INCOMPLETE_NOTE", field=["note"])
        result = result.confirmed(IncompleteConfirmation(len(incomplete), note, principal.user_id))
    run = ReviewRun(tenant_id=county.id, year=year, config_version=config.version, template=config.template.to_dict(),
                    policy=config.policy.to_dict(), result=result.to_json(), computed_by_user_id=principal.user_id)
    db_session.add(run)
    await db_session.flush()
    audit.record(db_session=db_session, tenant_id=county.id, actor_id=principal.user_id,
                 action="evaluation.review_run", object_type="review_run", object_id=run.id, year=year,
                 config_version=config.version,
                 **({"incomplete": len(incomplete), "note": note} if incomplete else {}))
    await db_session.commit()
    return ReviewData(county, year, result, run.id, run.computed_at, run.template, run.policy)


async def unit_review(*, db_session: AsyncSession, principal: Principal, unit_id: int, year: int) -> ReviewData | None:
    """The county's stored annual review as a unit sees it: only the rows of the unit's subtree
    that the viewer may read (a township: itself and its villages; a village: itself; the county:
    every row), each with its score, grade, rank (among the whole county), 三无 and inputs.
    None until the county has stored a run — a township never sees a review still being computed."""
    scope.check_year(year)
    unit = await scope.unit_in_scope(db_session=db_session, principal=principal, unit_id=unit_id)
    run = await latest_run(db_session=db_session, tenant_id=unit.tenant_id, year=year)
    if run is None:
        return None
    visible = set(await db_session.scalars(select(Unit.id).where(
        Unit.tenant_id == unit.tenant_id,
        in_subtree(Unit.path, unit.path),
        principal.subtree_filter(Unit.path, "evaluation", "read"))))
    stored = stored_result(run)
    result = stored.with_rows([r for r in stored.rows if r.unit_id in visible])
    county = await db_session.get(Unit, unit.tenant_id)
    return ReviewData(county, year, result, run.id, run.computed_at, run.template, run.policy)
