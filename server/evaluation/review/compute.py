"""The annual review computed from the records: score, grade, rank and 三无 of every township and
village of a county, with every input kept beside its figure."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.evaluation import scope
from server.evaluation.assessment.evidence import attached_files
from server.evaluation.assessment.ratings import citizen_ratings
from server.evaluation.campaign import get_campaign, indicator_table
from server.evaluation.config import Config, current_config
from server.evaluation.models import (
    Indicator,
    RatingKind,
    SelfAssessment,
    UnitRating,
    centi_to_decimal,
)
from server.evaluation.review.completeness import INCOMPLETE_GRADE, review_population
from server.evaluation.review.result import (
    JSON,
    CitizenRatings,
    IncidentShare,
    RatingScore,
    ReviewIncident,
    ReviewInputs,
    ReviewResult,
    ReviewRow,
    SelfAssessmentLine,
)
from server.evaluation.rollup import UnitIncidents, explain
from server.evaluation.sanwu.rules import accountability, incident_deductions
from server.evaluation.sanwu.service import judge_units
from server.evaluation.scoring.parts import PublicEvaluationInput, SelfAssessmentInput
from server.evaluation.scoring.units import UnitReviewInput
from server.evaluation.values import plain
from server.unit.models import Unit, UnitLevel


async def compute_review(*, db_session: AsyncSession, county: Unit, year: int) -> tuple[Config, ReviewResult]:
    """Score, grade, rank and 三无 of every township and village of the county, with every input
    kept beside its figure (`ReviewResult`; its JSON form is what a run stores). Townships rank among
    townships, villages among villages."""
    config = await current_config(db_session=db_session, tenant_id=county.id)
    units = await scope.units_of_county(db_session=db_session, county=county)
    by_id = {u.id: u for u in units}
    status = await judge_units(db_session=db_session, tenant_id=county.id, units=units, year=year, config=config)
    campaign = await get_campaign(db_session=db_session, tenant_id=county.id, year=year)
    table: dict[int, Indicator] = {}
    self_rows: dict[int, list[SelfAssessment]] = {}
    ratings: dict[tuple[int, RatingKind], list[UnitRating]] = {}
    if campaign is not None:
        table = {i.id: i for i in await indicator_table(db_session=db_session, campaign_id=campaign.id)}
        for line in await db_session.scalars(select(SelfAssessment).where(SelfAssessment.campaign_id == campaign.id)):
            self_rows.setdefault(line.unit_id, []).append(line)
        for rating in await db_session.scalars(
                select(UnitRating).where(UnitRating.campaign_id == campaign.id).order_by(UnitRating.id)):
            ratings.setdefault((rating.unit_id, rating.kind), []).append(rating)
    start, end = scope.year_bounds(year)
    citizen = await citizen_ratings(db_session=db_session, tenant_id=county.id, units=units, start=start, end=end)
    line_files = await attached_files(db_session=db_session, owner_column="self_assessment_id",
                                owner_ids=[r.id for rows in self_rows.values() for r in rows])

    inputs: dict[int, UnitReviewInput] = {}
    details: dict[int, ReviewInputs] = {}
    sanwu_plain: dict[int, JSON] = {}  # judge_units judges alike units once: their results are one object
    max_points = {i.id: centi_to_decimal(i.max_points_centi) for i in table.values()}
    applicable_of = {level: [i for i in table.values() if i.tier in (None, level)]
                     for level in (UnitLevel.TOWNSHIP, UnitLevel.VILLAGE)}
    for unit in units:
        result, view = status[unit.id].result, status[unit.id].view
        if id(result) not in sanwu_plain:
            sanwu_plain[id(result)] = plain(result)
        consequence_incidents = view.counted_for_consequences()
        applicable = applicable_of[unit.level]
        own = self_rows.get(unit.id, [])
        self_input = None
        if own and applicable:
            applicable_ids = {i.id for i in applicable}
            earned = sum((centi_to_decimal(r.points_centi) for r in own if r.indicator_id in applicable_ids),
                         Decimal(0))
            maximum = sum((max_points[i.id] for i in applicable), Decimal(0))
            self_input = SelfAssessmentInput(earned=earned, maximum=maximum)
        s, b, d = citizen.get(unit.id, (0, 0, 0))
        raters = ratings.get((unit.id, RatingKind.PUBLIC_RATER), [])
        assessors = ratings.get((unit.id, RatingKind.ASSESSOR), [])
        acc = accountability(config.template, consequence_incidents)
        inputs[unit.id] = UnitReviewInput(
            unit_id=str(unit.id), self_assessment=self_input,
            public=PublicEvaluationInput(satisfied=s, basically_satisfied=b, dissatisfied=d,
                                         rater_scores=tuple(centi_to_decimal(r.score_centi) for r in raters)),
            organisational_scores=tuple(centi_to_decimal(r.score_centi) for r in assessors),
            deductions=incident_deductions(config.template, consequence_incidents), accountability=acc,
        )
        details[unit.id] = ReviewInputs(
            sanwu=sanwu_plain[id(result)], incidents=explained_incidents(view),
            self_assessment_lines=tuple(
                SelfAssessmentLine(table[r.indicator_id].code, table[r.indicator_id].name,
                                   centi_to_decimal(r.points_centi), max_points[r.indicator_id],
                                   r.evidence, tuple(f.filename for f in line_files.get(r.id, [])))
                for r in own if r.indicator_id in table),
            public_rater_scores=tuple(RatingScore(r.id, centi_to_decimal(r.score_centi)) for r in raters),
            assessor_scores=tuple(RatingScore(r.id, centi_to_decimal(r.score_centi)) for r in assessors),
            citizen_ratings=CitizenRatings(s, b, d), consequences=config.template.consequences.value,
        )
    rows = []
    for level in (UnitLevel.TOWNSHIP, UnitLevel.VILLAGE):
        population = [inputs[u.id] for u in units if u.level == level]
        for ranked in review_population(population, config.policy):
            unit = by_id[int(ranked.score.unit_id)]
            sc = ranked.score
            # A part nobody filled leaves the unit incomplete: not graded, ranked apart.
            grade = INCOMPLETE_GRADE if ranked.incomplete else (sc.grade.code, sc.grade.label_zh, sc.grade.label_en)
            rows.append(ReviewRow(
                unit_id=unit.id, unit_name=unit.name, unit_path=unit.path, level=str(unit.level),
                parent_id=unit.parent_id, score=sc.total, rank=ranked.rank, grade=grade[0], grade_zh=grade[1],
                grade_en=grade[2], sanwu=status[unit.id].result.qualifies,
                failed_rules=tuple(status[unit.id].result.failed_codes), vetoed=sc.vetoed,
                veto_reasons=tuple(sc.veto_reasons), population=str(level), population_size=len(population),
                breakdown=plain(sc), inputs=details[unit.id], incomplete=ranked.incomplete,
                missing_parts=tuple(ranked.missing_parts),
            ))
    return config, ReviewResult(
        county_id=county.id, county_name=county.name, year=year, config_version=config.version,
        template_code=config.template.code, template_name_zh=config.template.name_zh, rows=tuple(rows),
    )


def explained_incidents(view: UnitIncidents) -> tuple[ReviewIncident, ...]:
    """The review's explanation of a unit's incidents: each incident judged, with the unit(s) it
    is attributed to and whether it counts for the unit's own consequences."""
    return tuple(
        ReviewIncident(
            id=int(e.id), kind=e.kind.value, occurred_on=e.occurred_on.isoformat(), headcount=e.headcount,
            total_headcount=e.total_headcount, destination=e.destination.value if e.destination else None,
            units=tuple(IncidentShare(uid, name, n) for uid, name, n in e.units), own=e.own,
            counts_for_consequences=e.counts_for_consequences)
        for e in explain(view)
    )
