"""Incomplete score parts in the annual review. Pure.

A part nobody filled — no self-assessment, no rating at all (neither citizens nor invited
raters), no organisational assessment — is *incomplete*, not a score of 0: a unit the assessors
never visited has not scored 0 in their assessment. Such a unit keeps its computed figures (each
missing part shown as missing), but it is not graded (grade INCOMPLETE) and it is ranked apart:
after every complete unit of its population, among the incomplete ones. Storing a run that holds
incomplete units needs the county's explicit confirmation with a note (`review.service`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from server.evaluation.scoring.policy import DEFAULT_SCORING_POLICY, ScoringPolicy
from server.evaluation.scoring.units import UnitReviewInput, UnitScore, rank_units, score_unit

INCOMPLETE_GRADE = ("INCOMPLETE", "不完整（未评定等次）", "Incomplete (not graded)")


@dataclass(frozen=True)
class ReviewedUnit:
    rank: int  # complete units 1…n; incomplete units n+1… ranked among themselves
    score: UnitScore
    missing_parts: tuple[str, ...]  # SELF_ASSESSMENT, PUBLIC_EVALUATION, ORGANISATIONAL_ASSESSMENT

    @property
    def incomplete(self) -> bool:
        return bool(self.missing_parts)


def missing_parts(score: UnitScore) -> tuple[str, ...]:
    return tuple(p.code for p in score.parts if p.missing)


def review_population(
    units: Iterable[UnitReviewInput], policy: ScoringPolicy = DEFAULT_SCORING_POLICY,
) -> tuple[ReviewedUnit, ...]:
    """Score one population (a county's townships, or its villages) and rank the complete units
    first, then the incomplete ones apart (standard competition ranking, vetoed last, in each)."""
    units = tuple(units)
    ids = [u.unit_id for u in units]
    if len(set(ids)) != len(ids):
        raise ValueError("a unit is listed twice")
    scores = [score_unit(u, policy) for u in units]
    complete = [s for s in scores if not missing_parts(s)]
    incomplete = [s for s in scores if missing_parts(s)]
    out = [ReviewedUnit(r.rank, r.score, ()) for r in rank_units(complete)]
    out += [ReviewedUnit(len(complete) + r.rank, r.score, missing_parts(r.score)) for r in rank_units(incomplete)]
    return tuple(out)
