"""The evaluation's mutations, mapped onto `server.evaluation`."""

from typing import Any, cast

import strawberry
from strawberry.types import Info

from schema.errors import as_payload
from schema.evaluation.assessment import (
    DeleteWorkSubmissionPayload,
    RateUnitInput,
    Rectification,
    RectificationDoneInput,
    RectificationInput,
    RectificationPayload,
    SelfAssessmentInput,
    SelfAssessmentPayload,
    SubmitWorkInput,
    UnitRatingPayload,
    UnitRatingResult,
    WorkSubmissionPayload,
    submission_views,
)
from schema.evaluation.campaign import Campaign, CampaignPayload, CreateCampaignInput, UpdateCampaignInput
from schema.evaluation.common import decode_attachments, decode_unit, english, to_decimal
from schema.evaluation.declarations import ApplyDeclarationInput, DecideDeclarationInput, Declaration, DeclarationPayload
from schema.evaluation.review import AnnualReview, AnnualReviewPayload
from schema.evaluation.settings import EvaluationSettingsPayload, SetEvaluationSettingsInput, settings_view
from schema.permissions import signed_in
from server import ids
from server.evaluation.assessment import ratings, self_assessment, submissions
from server.evaluation.campaign import IndicatorIn, StageIn, create_campaign, update_campaign
from server.evaluation.config import Config, set_config
from server.evaluation.declaration import flows
from server.evaluation.models import Campaign as CampaignModel
from server.evaluation.models import Declaration as DeclarationModel
from server.evaluation.models import RatingKind, centi_to_decimal
from server.evaluation.review.service import ReviewData, run_annual_review


@strawberry.type
class EvaluationMutation:
    @strawberry.mutation(extensions=signed_in(), description=(
        "Save a new version of the county's settings from a built-in template and/or replaced parts; "
        "checked like the editor's saveEvaluationSettings, which also guards against a concurrent save."))
    async def set_evaluation_settings(self, info: Info, input: SetEvaluationSettingsInput) -> EvaluationSettingsPayload:
        ctx = info.context

        async def run() -> Config:
            return await set_config(
                db_session=ctx.db, principal=ctx.principal, county_id=decode_unit(input.county_id, "input", "countyId"),
                template_code=input.template_code, note=input.note,
                # Any JSON value to GraphQL: set_config refuses one that is not an object, with its path.
                template=cast("dict[str, Any] | None", input.template), policy=cast("dict[str, Any] | None", input.policy))

        return await as_payload(ctx.locale, run, lambda c, e: EvaluationSettingsPayload(
            settings=settings_view(c) if c is not None else None, user_errors=e))

    @strawberry.mutation(extensions=signed_in(), description="Open the county's campaign of a year, with seed 004's stages.")
    async def create_campaign(self, info: Info, input: CreateCampaignInput) -> CampaignPayload:
        ctx = info.context

        async def run() -> CampaignModel:
            return await create_campaign(
                db_session=ctx.db, principal=ctx.principal, county_id=decode_unit(input.county_id, "input", "countyId"),
                year=input.year, name=input.name,
                indicators=[IndicatorIn(code=i.code, name=i.name, part=i.part, max_points=to_decimal(i.max_points),
                                                tier=i.tier) for i in input.indicators or []])

        en = english(info)
        return await as_payload(ctx.locale, run, lambda c, e: CampaignPayload(
            campaign=Campaign.of(c, en) if c else None, user_errors=e))

    @strawberry.mutation(extensions=signed_in(), description="The county edits its campaign: name, stage dates, indicator table.")
    async def update_campaign(self, info: Info, input: UpdateCampaignInput) -> CampaignPayload:
        ctx = info.context

        async def run() -> CampaignModel:
            return await update_campaign(
                db_session=ctx.db, principal=ctx.principal,
                campaign_id=ids.decode("Campaign", input.id, field=["input", "id"]), name=input.name,
                stages=[StageIn(x.code, x.starts_on, x.ends_on) for x in input.stages]
                if input.stages is not None else None,
                indicators=[IndicatorIn(code=i.code, name=i.name, part=i.part, max_points=to_decimal(i.max_points),
                                                tier=i.tier) for i in input.indicators]
                if input.indicators is not None else None)

        en = english(info)
        return await as_payload(ctx.locale, run, lambda c, e: CampaignPayload(
            campaign=Campaign.of(c, en) if c else None, user_errors=e))

    @strawberry.mutation(extensions=signed_in(), description="自查自评: a unit's points on the county's indicators.")
    async def submit_self_assessment(self, info: Info, input: SelfAssessmentInput) -> SelfAssessmentPayload:
        ctx = info.context

        async def run() -> list:
            return await self_assessment.submit_self_assessment(
                db_session=ctx.db, principal=ctx.principal, unit_id=decode_unit(input.unit_id, "input", "unitId"),
                year=input.year, scores=[
                    self_assessment.ScoreIn(s.indicator_code, to_decimal(s.points), s.evidence,
                                    decode_attachments(s.attachment_ids, "input", "scores", str(n), "attachmentIds"))
                    for n, s in enumerate(input.scores)])

        return await as_payload(ctx.locale, run, lambda r, e: SelfAssessmentPayload(saved=len(r or []), user_errors=e))

    @strawberry.mutation(extensions=signed_in(), description="整改事项 from the self-assessment, with owner and due date.")
    async def add_rectification(self, info: Info, input: RectificationInput) -> RectificationPayload:
        ctx = info.context

        async def run():
            return await self_assessment.add_rectification(
                db_session=ctx.db, principal=ctx.principal, unit_id=decode_unit(input.unit_id, "input", "unitId"),
                year=input.year, description=input.description, owner=input.owner, due_on=input.due_on,
                indicator_code=input.indicator_code)

        return await as_payload(ctx.locale, run, lambda r, e: RectificationPayload(
            rectification=Rectification.of(r) if r else None, user_errors=e))

    @strawberry.mutation(extensions=signed_in(),
                         description="整改完成: mark a rectification item done on a day (null doneOn reopens it).")
    async def set_rectification_done(self, info: Info, input: RectificationDoneInput) -> RectificationPayload:
        ctx = info.context

        async def run():
            return await self_assessment.set_rectification_done(
                db_session=ctx.db, principal=ctx.principal,
                rectification_id=ids.decode("Rectification", input.id, field=["input", "id"]), done_on=input.done_on)

        return await as_payload(ctx.locale, run, lambda r, e: RectificationPayload(
            rectification=Rectification.of(r) if r else None, user_errors=e))

    @strawberry.mutation(extensions=signed_in(), description="群众点评 by an invited public rater (0–100).")
    async def rate_unit(self, info: Info, input: RateUnitInput) -> UnitRatingPayload:
        return await _rate(info, input, RatingKind.PUBLIC_RATER)

    @strawberry.mutation(extensions=signed_in(), description="组织考评 by a county assessor (0–100).")
    async def assess_unit(self, info: Info, input: RateUnitInput) -> UnitRatingPayload:
        return await _rate(info, input, RatingKind.ASSESSOR)

    @strawberry.mutation(extensions=signed_in(),
                         description="建 checklist item or 创 good practice, with evidence notes and files; "
                                     "with id, edits the unit's earlier submission.")
    async def submit_work(self, info: Info, input: SubmitWorkInput) -> WorkSubmissionPayload:
        ctx = info.context

        async def run():
            row = await submissions.submit_work(
                db_session=ctx.db, principal=ctx.principal, unit_id=decode_unit(input.unit_id, "input", "unitId"),
                year=input.year, kind=input.kind, title=input.title, description=input.description,
                item_code=input.item_code, evidence=[{"name": e.name, "note": e.note} for e in input.evidence or []],
                attachment_ids=decode_attachments(input.attachment_ids, "input", "attachmentIds"),
                submission_id=ids.decode("Submission", input.id, field=["input", "id"]) if input.id else None)
            return (await submission_views(info, [row]))[0]

        return await as_payload(ctx.locale, run, lambda r, e: WorkSubmissionPayload(submission=r, user_errors=e))

    @strawberry.mutation(extensions=signed_in(),
                         description="Withdraw a 建 or 创 submission (its files are unlinked, then purged "
                                     "like any upload never saved with a record).")
    async def delete_work_submission(self, info: Info, id: strawberry.ID) -> DeleteWorkSubmissionPayload:
        ctx = info.context

        async def run():
            await submissions.delete_submission(db_session=ctx.db, principal=ctx.principal,
                                            submission_id=ids.decode("Submission", id, field=["id"]))
            return id

        return await as_payload(ctx.locale, run, lambda r, e: DeleteWorkSubmissionPayload(deleted_id=r, user_errors=e))

    @strawberry.mutation(extensions=signed_in(), description=(
        "Compute and store the annual review with the settings it used. With incomplete units (a score part "
        "nobody filled) it is stored only with confirmIncomplete and a note (INCOMPLETE_UNITS otherwise)."))
    async def run_annual_review(self, info: Info, county_id: strawberry.ID, year: int,
                                confirm_incomplete: bool = False, note: str | None = None) -> AnnualReviewPayload:
        ctx = info.context

        async def run() -> ReviewData:
            return await run_annual_review(db_session=ctx.db, principal=ctx.principal,
                                                   county_id=decode_unit(county_id, "countyId"), year=year,
                                                   confirm_incomplete=confirm_incomplete, note=note)

        en = english(info)
        return await as_payload(ctx.locale, run, lambda r, e: AnnualReviewPayload(
            review=AnnualReview.of(r, en) if r else None, user_errors=e))

    @strawberry.mutation(extensions=signed_in(),
                         description="申报: a township applies (for itself or a village) after self-assessment.")
    async def apply_declaration(self, info: Info, input: ApplyDeclarationInput) -> DeclarationPayload:
        ctx = info.context

        async def run() -> DeclarationModel:
            return await flows.apply(db_session=ctx.db, principal=ctx.principal,
                                     unit_id=decode_unit(input.unit_id, "input", "unitId"), year=input.year,
                                     comment=input.comment,
                                     attachment_ids=decode_attachments(input.attachment_ids, "input", "attachmentIds"))

        return await as_payload(ctx.locale, run, lambda d, e: DeclarationPayload(
            declaration=Declaration.of(d) if d else None, user_errors=e))

    @strawberry.mutation(extensions=signed_in(),
                         description="A step of the declaration: county declares, city approves, province "
                                     "recommends, designation; or return with a comment.")
    async def decide_declaration(self, info: Info, input: DecideDeclarationInput) -> DeclarationPayload:
        ctx = info.context

        async def run() -> DeclarationModel:
            return await flows.decide(db_session=ctx.db, principal=ctx.principal,
                                      declaration_id=ids.decode("Declaration", input.id, field=["input", "id"]),
                                      action=input.action, comment=input.comment,
                                      attachment_ids=decode_attachments(input.attachment_ids, "input", "attachmentIds"))

        return await as_payload(ctx.locale, run, lambda d, e: DeclarationPayload(
            declaration=Declaration.of(d) if d else None, user_errors=e))


async def _rate(info: Info, input: RateUnitInput, kind: RatingKind) -> UnitRatingPayload:
    ctx = info.context

    async def run():
        return await ratings.rate_unit(db_session=ctx.db, principal=ctx.principal,
                                       unit_id=decode_unit(input.unit_id, "input", "unitId"), year=input.year,
                                       kind=kind, score=to_decimal(input.score), comment=input.comment)

    return await as_payload(ctx.locale, run, lambda r, e: UnitRatingPayload(
        rating=UnitRatingResult(id=strawberry.ID(ids.encode("UnitRating", r.id)), kind=r.kind,
                                score=float(centi_to_decimal(r.score_centi)), comment=r.comment) if r else None,
        user_errors=e))
