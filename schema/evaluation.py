"""联建联创联评: "三无" status, targets, rates, campaign, ratings, annual review, declarations and
the public transparency page, mapped onto `server.evaluation`."""
import datetime as dt
from decimal import Decimal

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.errors import UserError, as_payload
from schema.incidents import Incident
from schema.types import AttachmentInfo, Unit, User
from server import ids
from server.auth.models import User as UserModel
from server.evaluation import flows
from server.evaluation.assessment import ratings, self_assessment, submissions
from server.evaluation.assessment.evidence import files_of
from server.evaluation.campaign import IndicatorIn, StageIn, campaign_for, create_campaign, indicators, update_campaign
from server.evaluation.config import Config, set_config, settings_of
from server.evaluation.models import Campaign as CampaignModel
from server.evaluation.models import Declaration as DeclarationModel
from server.evaluation.models import DeclarationStatus, RatingKind, SubmissionKind, centi_to_decimal
from server.evaluation.public import public_counties, public_overview
from server.evaluation.review.service import ReviewData, annual_review, run_annual_review, unit_review
from server.evaluation.sanwu.service import SanwuStatusData, sanwu_status, sanwu_targets
from server.evaluation.sanwu.templates import BUILT_IN_TEMPLATES
from server.evaluation.unit_rates import unit_rates
from server.unit.models import Unit as UnitModel

DeclarationStatusEnum = strawberry.enum(DeclarationStatus, name="DeclarationStatus")
DeclarationActionEnum = strawberry.enum(flows.DeclarationAction, name="DeclarationAction")
RatingKindEnum = strawberry.enum(RatingKind, name="RatingKind")
SubmissionKindEnum = strawberry.enum(SubmissionKind, name="SubmissionKind")


def _en(info: Info) -> bool:
    return info.context.locale == "en"


def _f(value: object) -> float | None:
    return None if value is None else float(Decimal(str(value)))


async def _unit(info: Info, unit_id: int) -> Unit:
    return Unit.of(await info.context.loaders.unit.load(unit_id))


def _attachment_ids(values: list[strawberry.ID] | None, *field: str) -> list[int] | None:
    return None if values is None else [ids.decode("Attachment", v, field=list(field)) for v in values]


# ---------------------------------------------------------------------------------------------
# 三无 status


@strawberry.type(description="One criterion of the unit's tier and how it came out.")
class SanwuCriterion:
    code: str
    label: str
    passed: bool
    incident_ids: list[strawberry.ID] = strawberry.field(description="The incidents that broke it.")
    overdue_backlog: int | None = strawberry.field(description="Backlog criteria: overdue cases counted.")
    max_overdue_backlog: int | None
    case_ids: list[strawberry.ID] = strawberry.field(
        description="Backlog criteria: the overdue cases counted that the viewer may open (oldest deadline first).")


@strawberry.type(description="A unit an incident is attributed to, with its part of the headcount.")
class IncidentAttribution:
    unit_id: strawberry.ID
    unit_name: str
    headcount: int


@strawberry.type(description="An incident the unit was judged on (属地: its whole subtree's), and to whom it is attributed.")
class JudgedIncident:
    incident_id: strawberry.ID
    kind: str
    occurred_on: dt.date
    headcount: int = strawberry.field(description="The people of the unit's subtree (its shares).")
    total_headcount: int = strawberry.field(description="The whole incident's people.")
    attributed_to: list[IncidentAttribution] = strawberry.field(
        description="The unit(s) of the subtree the incident is attributed to.")
    own: bool = strawberry.field(description="Attributed to the unit itself (not only to a unit under it).")
    counts_for_consequences: bool = strawberry.field(
        description="Counted for the unit's deductions and accountability (the template's consequences setting).")


@strawberry.type
class SanwuStatus:
    year: int
    qualifies: bool
    failed_rules: list[str] = strawberry.field(description="Codes of the criteria that failed.")
    criteria: list[SanwuCriterion]
    accountability: str = strawberry.field(description="Seed 003: NONE, ADMONITION (诫勉谈话) or VETO.")
    accountability_count: int
    template_code: str
    config_version: int = strawberry.field(description="0: the built-in default template.")
    incident_ids: list[strawberry.ID]
    consequences: str = strawberry.field(
        description="Whose incidents deductions and accountability count: ATTRIBUTED_UNIT or WHOLE_SUBTREE.")
    judged: list[JudgedIncident] = strawberry.field(
        description="Every incident judged (the unit's whole subtree), each naming the unit it is attributed to.")
    data: strawberry.Private[SanwuStatusData]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(self.data.unit)

    @strawberry.field(description="The incidents judged: verified, counting, of the unit's whole subtree in the year.")
    def incidents(self) -> list[Incident]:
        return [Incident.of(i) for i in self.data.incidents]

    @classmethod
    def of(cls, data: SanwuStatusData, en: bool) -> "SanwuStatus":
        r = data.result
        return cls(
            year=data.year, qualifies=r.qualifies, failed_rules=list(r.failed_codes),
            criteria=[
                SanwuCriterion(
                    code=c.code, label=c.label_en if en else c.label_zh, passed=c.passed,
                    incident_ids=[strawberry.ID(ids.encode("Incident", int(i))) for i in c.incident_ids],
                    overdue_backlog=c.overdue_backlog, max_overdue_backlog=c.max_overdue_backlog,
                    case_ids=[strawberry.ID(ids.encode("Case", i)) for i in data.backlog_case_ids]
                    if c.overdue_backlog is not None else [],
                )
                for c in r.criteria
            ],
            accountability=data.accountability_level, accountability_count=data.accountability_count,
            template_code=data.template_code, config_version=data.config_version,
            incident_ids=[strawberry.ID(ids.encode("Incident", i.id)) for i in data.incidents],
            consequences=data.consequences,
            judged=[
                JudgedIncident(
                    incident_id=strawberry.ID(ids.encode("Incident", int(e.id))), kind=e.kind.value,
                    occurred_on=e.occurred_on, headcount=e.headcount, total_headcount=e.total_headcount,
                    attributed_to=[IncidentAttribution(unit_id=strawberry.ID(ids.encode("Unit", uid)), unit_name=name,
                                                       headcount=n) for uid, name, n in e.units],
                    own=e.own, counts_for_consequences=e.counts_for_consequences)
                for e in data.explained
            ],
            data=data,
        )


@strawberry.type
class SanwuTarget:
    tier: str
    label: str
    target_percent: float | None = strawberry.field(
        description="UNITS_SANWU_PERCENT: the least share of 三无 units; ESCALATION_REDUCTION: the most of last year's total.")
    qualifying: int = strawberry.field(description="三无 units; for a reduction: this year's total.")
    total: int = strawberry.field(description="Units counted; for a reduction: last year's total.")
    actual_percent: float | None
    met: bool | None
    kind: str = strawberry.field(description=(
        "UNITS_SANWU_PERCENT (seed 004: 40 % of townships) or ESCALATION_REDUCTION (seed 000: totals down to 50 % "
        "of last year)."))
    previous_count: int | None = strawberry.field(description="ESCALATION_REDUCTION: last year's total (人次 unless set).")
    current_count: int | None = strawberry.field(description="ESCALATION_REDUCTION: this year's total so far.")
    scope_unit_id: strawberry.Private[int]

    @strawberry.field(description="The county, or the township whose villages are counted.")
    async def scope_unit(self, info: Info) -> Unit:
        return await _unit(info, self.scope_unit_id)


# ---------------------------------------------------------------------------------------------
# Rates


@strawberry.type
class StandardRate:
    code: str
    label: str
    numerator: int
    denominator: int
    percent: float | None = strawberry.field(description="Null with nothing to measure, or unavailable.")
    available: bool
    note: str | None
    formula: str
    inputs: JSON | None = strawberry.field(
        default=None, description="What was counted, where the rate has a breakdown (REVIEW_UPHELD: per "
                                  "round, and each decision with its case when the viewer may open it).")


def _rate_inputs(inputs: dict | None) -> dict | None:
    if inputs is None or "decisions" not in inputs:
        return inputs
    return {**inputs, "decisions": [
        {**d, "case_id": ids.encode("Case", d["case_id"]) if d["case_id"] is not None else None}
        for d in inputs["decisions"]]}


@strawberry.type
class UnitRates:
    start: dt.date
    end: dt.date
    rates: list[StandardRate]
    repeat_petitions: int | None
    points: JSON = strawberry.field(description="The county's points formula applied to the counts.")
    unit_model: strawberry.Private[UnitModel]

    @strawberry.field
    def unit(self) -> Unit:
        return Unit.of(self.unit_model)


# ---------------------------------------------------------------------------------------------
# Annual review


@strawberry.type
class ReviewRow:
    score: float
    rank: int
    grade: str = strawberry.field(description="Grade code: EXCELLENT, GOOD, PASS, FAIL (or the county's).")
    grade_label: str
    sanwu: bool
    vetoed: bool
    failed_rules: list[str]
    veto_reasons: list[str]
    population: str = strawberry.field(description="Ranked among: TOWNSHIP or VILLAGE.")
    population_size: int
    incomplete: bool = strawberry.field(description=(
        "A score part nobody filled (no self-assessment, no ratings, no assessment): not graded (grade INCOMPLETE), "
        "ranked after the complete units. False in runs stored before this existed."))
    missing_parts: list[str] = strawberry.field(
        description="The parts nobody filled: SELF_ASSESSMENT, PUBLIC_EVALUATION, ORGANISATIONAL_ASSESSMENT.")
    breakdown: JSON = strawberry.field(description="Every part, weight, deduction and formula.")
    inputs: JSON = strawberry.field(description="What each figure came from: indicator lines, ratings, incidents.")
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return await _unit(info, self.unit_id)

    @classmethod
    def of(cls, row: dict, en: bool) -> "ReviewRow":
        return cls(
            score=float(row["score"]), rank=row["rank"], grade=row["grade"],
            grade_label=row["grade_en"] if en else row["grade_zh"], sanwu=row["sanwu"], vetoed=row["vetoed"],
            failed_rules=row["failed_rules"], veto_reasons=row["veto_reasons"], population=row["population"],
            population_size=row["population_size"], breakdown=row["breakdown"], inputs=row["inputs"],
            incomplete=bool(row.get("incomplete", False)), missing_parts=list(row.get("missing_parts", [])),
            unit_id=row["unit_id"],
        )


@strawberry.type(description="One difference between the stored review and the year computed now.")
class ReviewChange:
    field: str = strawberry.field(description="sanwu, failed_rules, vetoed, grade, score, rank; row: only in one run.")
    stored: str | None = strawberry.field(description="What the stored run shows (null: the unit is not in it).")
    live: str | None = strawberry.field(description="What a new run would show (null: no longer reviewed).")
    unit_name: str
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return await _unit(info, self.unit_id)


@strawberry.type
class AnnualReview:
    year: int
    rows: list[ReviewRow]
    stored: bool = strawberry.field(description="True: a run the county stored; false: computed now.")
    run_id: strawberry.ID | None
    computed_at: dt.datetime
    config_version: int
    template_code: str
    template: JSON = strawberry.field(description="The rule template this review used.")
    policy: JSON = strawberry.field(description="The weights and grades this review used.")
    changes: list[ReviewChange] | None = strawberry.field(description=(
        "Computed now while a run is stored (live): every difference a new run would make against the stored "
        "one, to see before storing it. Null for a stored run, or when none is stored yet."))
    compared_run_id: strawberry.ID | None
    incomplete_note: str | None = strawberry.field(
        description="The county's note confirming a stored run that holds incomplete units.")
    county_model: strawberry.Private[UnitModel]

    @strawberry.field
    def county(self) -> Unit:
        return Unit.of(self.county_model)

    @classmethod
    def of(cls, data: ReviewData, en: bool) -> "AnnualReview":
        return cls(
            year=data.year, rows=[ReviewRow.of(r, en) for r in data.result["rows"]], stored=data.run_id is not None,
            run_id=strawberry.ID(ids.encode("ReviewRun", data.run_id)) if data.run_id else None,
            computed_at=data.computed_at, config_version=data.result["config_version"],
            template_code=data.result["template_code"], template=data.template, policy=data.policy,
            changes=None if data.changes is None else [
                ReviewChange(field=c.field, stored=c.stored, live=c.live, unit_name=c.unit_name, unit_id=c.unit_id)
                for c in data.changes],
            compared_run_id=strawberry.ID(ids.encode("ReviewRun", data.compared_run_id))
            if data.compared_run_id else None,
            incomplete_note=(data.result.get("incomplete_confirmation") or {}).get("note"),
            county_model=data.county,
        )


@strawberry.type
class AnnualReviewPayload:
    review: AnnualReview | None
    user_errors: list[UserError]


# ---------------------------------------------------------------------------------------------
# Settings


@strawberry.type
class TemplateOption:
    code: str
    name: str
    source: str
    template: JSON


@strawberry.type
class EvaluationSettings:
    version: int
    template_code: str
    template: JSON
    policy: JSON
    created_at: dt.datetime | None


@strawberry.type
class EvaluationSettingsPayload:
    settings: EvaluationSettings | None
    user_errors: list[UserError]


def _settings(config: Config | None) -> EvaluationSettings | None:
    if config is None:
        return None
    return EvaluationSettings(version=config.version, template_code=config.template.code,
                              template=config.template.to_dict(), policy=config.policy.to_dict(),
                              created_at=config.created_at)


@strawberry.input
class SetEvaluationSettingsInput:
    county_id: strawberry.ID
    template_code: str | None = strawberry.field(default=None, description="A built-in: SEED_004, SEED_000, SEED_002.")
    template: JSON | None = strawberry.field(default=None, description="An edited template (its JSON form).")
    policy: JSON | None = strawberry.field(default=None, description="Weights, grades and rate points.")
    note: str | None = None


# ---------------------------------------------------------------------------------------------
# Campaign


@strawberry.type
class CampaignStage:
    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date


@strawberry.type
class Indicator:
    code: str
    part: str
    name: str
    tier: str | None
    max_points: float


@strawberry.type(description="One item of the 建 checklist (seed 004: platform, mechanisms, team).")
class ChecklistItem:
    code: str
    label: str


@strawberry.type
class Campaign:
    id: strawberry.ID
    year: int
    name: str
    stages: list[CampaignStage]
    model: strawberry.Private[CampaignModel]

    @strawberry.field
    async def indicators(self, info: Info) -> list[Indicator]:
        rows = await indicators(db_session=info.context.db, campaign_id=self.model.id)
        return [Indicator(code=i.code, part=i.part, name=i.name, tier=i.tier,
                          max_points=float(centi_to_decimal(i.max_points_centi))) for i in rows]

    @strawberry.field(description="The 建 checklist items of seed 004.")
    def checklist(self, info: Info) -> list[str]:
        return [f"{code}: {en if _en(info) else zh}" for code, zh, en in submissions.BUILD_CHECKLIST]

    @strawberry.field(description="The 建 checklist items of seed 004, with their codes (submitWork itemCode).")
    def checklist_items(self, info: Info) -> list[ChecklistItem]:
        return [ChecklistItem(code=code, label=en if _en(info) else zh) for code, zh, en in submissions.BUILD_CHECKLIST]

    @classmethod
    def of(cls, c: CampaignModel, en: bool) -> "Campaign":
        return cls(
            id=strawberry.ID(ids.encode("Campaign", c.id)), year=c.year, name=c.name,
            stages=[CampaignStage(code=s["code"], name=s["name_en"] if en else s["name_zh"],
                                  starts_on=dt.date.fromisoformat(s["starts_on"]),
                                  ends_on=dt.date.fromisoformat(s["ends_on"])) for s in c.stages],
            model=c,
        )


@strawberry.input
class IndicatorInput:
    code: str
    name: str
    part: str = strawberry.field(description="BUILD, CREATE, EVALUATE or LINK.")
    max_points: float
    tier: str | None = strawberry.field(default=None, description="TOWNSHIP, VILLAGE, or null for both.")


@strawberry.input
class CreateCampaignInput:
    county_id: strawberry.ID
    year: int
    name: str | None = None
    indicators: list[IndicatorInput] | None = None


@strawberry.input
class StageInput:
    code: str = strawberry.field(description="MOBILISE, ADVANCE or DECLARE (all three, in order).")
    starts_on: dt.date
    ends_on: dt.date


@strawberry.input
class UpdateCampaignInput:
    id: strawberry.ID
    name: str | None = None
    stages: list[StageInput] | None = strawberry.field(default=None, description="Every stage with its dates.")
    indicators: list[IndicatorInput] | None = strawberry.field(
        default=None, description="The whole indicator table, lines matched by code (null keeps it).")


@strawberry.type
class CampaignPayload:
    campaign: Campaign | None
    user_errors: list[UserError]


@strawberry.input
class IndicatorScoreInput:
    indicator_code: str
    points: float
    evidence: str | None = None
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The line's evidence files (uploads with purpose=evidence): exactly these "
                                  "afterwards; null keeps the files it has.")


@strawberry.input
class SelfAssessmentInput:
    unit_id: strawberry.ID
    year: int
    scores: list[IndicatorScoreInput]


@strawberry.type
class SelfAssessmentPayload:
    saved: int
    user_errors: list[UserError]


@strawberry.input
class RectificationInput:
    unit_id: strawberry.ID
    year: int
    description: str
    owner: str
    due_on: dt.date
    indicator_code: str | None = None


@strawberry.type
class Rectification:
    id: strawberry.ID
    description: str
    owner: str
    due_on: dt.date
    done_on: dt.date | None

    @classmethod
    def of(cls, r) -> "Rectification":
        return cls(id=strawberry.ID(ids.encode("Rectification", r.id)), description=r.description, owner=r.owner,
                   due_on=r.due_on, done_on=r.done_on)


@strawberry.input
class RectificationDoneInput:
    id: strawberry.ID
    done_on: dt.date | None = strawberry.field(description="The day it was done; null reopens it.")


@strawberry.type
class RectificationPayload:
    rectification: Rectification | None
    user_errors: list[UserError]


@strawberry.input
class RateUnitInput:
    unit_id: strawberry.ID
    year: int
    score: float = strawberry.field(description="0–100.")
    comment: str | None = None


@strawberry.type
class UnitRatingResult:
    id: strawberry.ID
    kind: RatingKindEnum
    score: float
    comment: str | None


@strawberry.type
class UnitRatingPayload:
    rating: UnitRatingResult | None
    user_errors: list[UserError]


@strawberry.input
class EvidenceInput:
    name: str
    note: str | None = None


@strawberry.input
class SubmitWorkInput:
    unit_id: strawberry.ID
    year: int
    kind: SubmissionKindEnum
    title: str
    description: str | None = None
    item_code: str | None = strawberry.field(default=None, description="CHECKLIST: the 建 item code.")
    evidence: list[EvidenceInput] | None = None
    id: strawberry.ID | None = strawberry.field(default=None, description="Edit this submission of the unit.")
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Evidence files (uploads with purpose=evidence): exactly these afterwards; "
                                  "null keeps an edited submission's files.")


@strawberry.type
class Evidence:
    name: str
    note: str | None


@strawberry.type
class WorkSubmission:
    id: strawberry.ID
    kind: SubmissionKindEnum
    item_code: str | None
    title: str
    description: str | None
    evidence: list[Evidence]
    files: list[AttachmentInfo] = strawberry.field(description="Evidence files; GET their url to download.")
    submitted_at: dt.datetime
    unit_id: strawberry.Private[int]
    submitted_by_id: strawberry.Private[int | None]

    @strawberry.field(description="The township or village that submitted it.")
    async def unit(self, info: Info) -> Unit:
        return await _unit(info, self.unit_id)

    @strawberry.field
    async def submitted_by(self, info: Info) -> User | None:
        if self.submitted_by_id is None:
            return None
        user: UserModel | None = await info.context.loaders.user.load(self.submitted_by_id)
        return User.of(user) if user else None


@strawberry.type
class WorkSubmissionPayload:
    submission: WorkSubmission | None
    user_errors: list[UserError]


@strawberry.type
class DeleteWorkSubmissionPayload:
    deleted_id: strawberry.ID | None
    user_errors: list[UserError]


def _submission(s, files: list) -> WorkSubmission:
    return WorkSubmission(
        id=strawberry.ID(ids.encode("Submission", s.id)), kind=s.kind, item_code=s.item_code, title=s.title,
        description=s.description, evidence=[Evidence(name=e["name"], note=e.get("note")) for e in s.evidence],
        files=[AttachmentInfo.of(f) for f in files], submitted_at=s.submitted_at, unit_id=s.unit_id,
        submitted_by_id=s.submitted_by_user_id,
    )


async def _submissions(info: Info, rows: list) -> list[WorkSubmission]:
    files = await files_of(db_session=info.context.db, owner_column="submission_id", owner_ids=[s.id for s in rows])
    return [_submission(s, files[s.id]) for s in rows]


@strawberry.type
class SheetLine:
    indicator: Indicator
    points: float | None
    evidence: str | None
    files: list[AttachmentInfo] = strawberry.field(description="Evidence files of this line.")


@strawberry.type(description="A unit's 自查自评 against the county's indicator table of a year.")
class SelfAssessmentSheet:
    campaign: Campaign
    lines: list[SheetLine]
    earned: float
    maximum: float
    rectifications: list[Rectification]
    declaration_status: DeclarationStatusEnum | None
    unit_model: strawberry.Private[UnitModel]

    @strawberry.field
    def unit(self) -> Unit:
        return Unit.of(self.unit_model)


# ---------------------------------------------------------------------------------------------
# Declarations


@strawberry.type
class DeclarationStep:
    from_status: str | None
    to_status: str
    comment: str | None
    at: dt.datetime
    actor_id: strawberry.Private[int | None]

    @strawberry.field
    async def actor(self, info: Info) -> User | None:
        if self.actor_id is None:
            return None
        user: UserModel | None = await info.context.loaders.user.load(self.actor_id)
        return User.of(user) if user else None


@strawberry.type(description="A 申报推荐 declaration: aggregate figures only, no case or petitioner data.")
class Declaration:
    id: strawberry.ID
    year: int
    status: DeclarationStatusEnum
    summary: JSON = strawberry.field(description="Score, grade, rank, 三无 and rates as copied at the last step.")
    applied_at: dt.datetime
    updated_at: dt.datetime
    model: strawberry.Private[DeclarationModel]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return await _unit(info, self.model.unit_id)

    @strawberry.field(description="申报材料: the files the township and the county attached.")
    async def documents(self, info: Info) -> list[AttachmentInfo]:
        rows = await flows.documents(db_session=info.context.db, declaration_ids=[self.model.id])
        return [AttachmentInfo.of(a) for a in rows[self.model.id]]

    @strawberry.field
    async def steps(self, info: Info) -> list[DeclarationStep]:
        rows = await flows.steps(db_session=info.context.db, declaration_id=self.model.id)
        return [DeclarationStep(from_status=s.from_status, to_status=s.to_status, comment=s.comment, at=s.at,
                                actor_id=s.actor_user_id) for s in rows]

    @classmethod
    def of(cls, d: DeclarationModel) -> "Declaration":
        return cls(id=strawberry.ID(ids.encode("Declaration", d.id)), year=d.year, status=d.status,
                   summary=d.summary, applied_at=d.applied_at, updated_at=d.updated_at, model=d)


@strawberry.type
class DeclarationPayload:
    declaration: Declaration | None
    user_errors: list[UserError]


@strawberry.input
class ApplyDeclarationInput:
    unit_id: strawberry.ID
    year: int
    comment: str | None = None
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="申报材料 (uploads with purpose=evidence), added to the declaration.")


@strawberry.input
class DecideDeclarationInput:
    id: strawberry.ID
    action: DeclarationActionEnum
    comment: str | None = None
    attachment_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Documents the county adds as it reviews (its own uploads).")


# ---------------------------------------------------------------------------------------------
# Public transparency


@strawberry.type(description="阳光信访: aggregates per unit; no names, phones or matters.")
class PublicUnitStatus:
    name: str
    level: str
    parent_name: str | None
    sanwu: bool
    rated: int
    satisfaction_percent: float | None


@strawberry.type
class PublicCounty:
    id: strawberry.ID
    name: str


@strawberry.type
class PublicTransparency:
    county_name: str
    year: int
    units: list[PublicUnitStatus]


# ---------------------------------------------------------------------------------------------
# Root fields


def _decode_unit(value: str, *field: str) -> int:
    return ids.decode("Unit", value, field=list(field))


@strawberry.type
class EvaluationQuery:
    @strawberry.field(description="Whether a unit is 三无 in a year, which rule failed and why.")
    async def sanwu_status(self, info: Info, unit_id: strawberry.ID, year: int) -> SanwuStatus:
        ctx = info.context
        data = await sanwu_status(db_session=ctx.db, principal=ctx.principal,
                                          unit_id=_decode_unit(unit_id, "unitId"), year=year)
        return SanwuStatus.of(data, _en(info))

    @strawberry.field(description=(
        "Progress to the template's targets, for the county and per township: shares of 三无 units, and "
        "year-on-year reductions of escalations (seed 000)."))
    async def sanwu_targets(self, info: Info, county_id: strawberry.ID, year: int) -> list[SanwuTarget]:
        ctx = info.context
        rows = await sanwu_targets(db_session=ctx.db, principal=ctx.principal,
                                           county_id=_decode_unit(county_id, "countyId"), year=year)
        return [SanwuTarget(tier=str(r.tier), label=r.label_en if _en(info) else r.label_zh,
                            target_percent=_f(r.target_percent), qualifying=r.qualifying, total=r.total,
                            actual_percent=_f(r.actual_percent), met=r.met, kind=r.kind,
                            previous_count=r.previous, current_count=r.current, scope_unit_id=r.scope_unit.id)
                for r in rows]

    @strawberry.field(description="The county's annual review: its stored run, else computed now.")
    async def annual_review(self, info: Info, county_id: strawberry.ID, year: int, live: bool = False) -> AnnualReview:
        ctx = info.context
        data = await annual_review(db_session=ctx.db, principal=ctx.principal,
                                           county_id=_decode_unit(county_id, "countyId"), year=year, live=live)
        return AnnualReview.of(data, _en(info))

    @strawberry.field(description=(
        "The county's stored annual review as a unit sees it: only the rows of the unit's subtree the "
        "viewer may read (a township: itself and its villages). Null until the county has stored a run."))
    async def unit_annual_review(self, info: Info, unit_id: strawberry.ID, year: int) -> AnnualReview | None:
        ctx = info.context
        data = await unit_review(db_session=ctx.db, principal=ctx.principal,
                                         unit_id=_decode_unit(unit_id, "unitId"), year=year)
        return AnnualReview.of(data, _en(info)) if data else None

    @strawberry.field(description="Standard rates of a unit (its subtree) for the days start..end.")
    async def standard_rates(self, info: Info, unit_id: strawberry.ID, start: dt.date, end: dt.date) -> UnitRates:
        ctx = info.context
        data = await unit_rates(db_session=ctx.db, principal=ctx.principal,
                                unit_id=_decode_unit(unit_id, "unitId"), start=start, end=end)
        report, en = data.report, _en(info)
        return UnitRates(
            start=start, end=end, repeat_petitions=report.repeat_petitions,
            rates=[StandardRate(code=r.code, label=r.label_en if en else r.label_zh, numerator=r.numerator,
                                denominator=r.denominator, percent=_f(r.percent), available=r.available,
                                note=r.note, formula=r.formula_in(en=en), inputs=_rate_inputs(r.inputs))
                   for r in report.rates],
            points=data.points, unit_model=data.unit,
        )

    @strawberry.field(description="The county's rule template and weights in force.")
    async def evaluation_settings(self, info: Info, county_id: strawberry.ID) -> EvaluationSettings:
        ctx = info.context
        return _settings(await settings_of(db_session=ctx.db, principal=ctx.principal,
                                           county_id=_decode_unit(county_id, "countyId")))

    @strawberry.field(description="The built-in 三无 rule templates (seeds 004, 000, 002).")
    def sanwu_templates(self, info: Info) -> list[TemplateOption]:
        info.context.principal.require_user()
        return [TemplateOption(code=t.code, name=t.name_en if _en(info) else t.name_zh, source=t.source,
                               template=t.to_dict()) for t in BUILT_IN_TEMPLATES.values()]

    @strawberry.field
    async def campaign(self, info: Info, county_id: strawberry.ID, year: int) -> Campaign | None:
        ctx = info.context
        row = await campaign_for(db_session=ctx.db, principal=ctx.principal,
                                         county_id=_decode_unit(county_id, "countyId"), year=year)
        return Campaign.of(row, _en(info)) if row else None

    @strawberry.field(description="A unit's self-assessment sheet of a year; null when there is no campaign.")
    async def self_assessment(self, info: Info, unit_id: strawberry.ID, year: int) -> SelfAssessmentSheet | None:
        ctx = info.context
        sheet = await self_assessment.self_assessment_sheet(db_session=ctx.db, principal=ctx.principal,
                                                    unit_id=_decode_unit(unit_id, "unitId"), year=year)
        if sheet is None:
            return None
        lines = [SheetLine(indicator=Indicator(code=x.indicator.code, part=x.indicator.part, name=x.indicator.name,
                                               tier=x.indicator.tier,
                                               max_points=float(centi_to_decimal(x.indicator.max_points_centi))),
                           points=_f(x.points), evidence=x.evidence, files=[AttachmentInfo.of(f) for f in x.files])
                 for x in sheet.lines]
        return SelfAssessmentSheet(
            campaign=Campaign.of(sheet.campaign, _en(info)), lines=lines,
            earned=float(sheet.earned), maximum=float(sheet.maximum),
            rectifications=[Rectification.of(r) for r in sheet.rectifications],
            declaration_status=sheet.declaration_status, unit_model=sheet.unit,
        )

    @strawberry.field(description="A unit's 建 checklist and 创 good-practice submissions of a year; with "
                                  "subtree, those of every unit under it too (the county's overview).")
    async def work_submissions(self, info: Info, unit_id: strawberry.ID, year: int, subtree: bool = False,
                               kind: SubmissionKindEnum | None = None) -> list[WorkSubmission]:
        ctx = info.context
        rows = await submissions.submissions(db_session=ctx.db, principal=ctx.principal,
                                         unit_id=_decode_unit(unit_id, "unitId"), year=year, subtree=subtree,
                                         kind=kind)
        return await _submissions(info, rows)

    @strawberry.field
    async def declarations(self, info: Info, year: int | None = None,
                           status: list[DeclarationStatusEnum] | None = None) -> list[Declaration]:
        ctx = info.context
        rows = await flows.list_declarations(db_session=ctx.db, principal=ctx.principal, year=year,
                                             status=list(status) if status else None)
        return [Declaration.of(d) for d in rows]

    @strawberry.field
    async def declaration(self, info: Info, id: strawberry.ID) -> Declaration | None:
        ctx = info.context
        row = await flows.get(db_session=ctx.db, principal=ctx.principal,
                              declaration_id=ids.decode("Declaration", id, field=["id"]))
        return Declaration.of(row) if row else None

    @strawberry.field(description="Counties with a public transparency page. No sign-in needed.")
    async def public_counties(self, info: Info) -> list[PublicCounty]:
        rows = await public_counties(db_session=info.context.db)
        return [PublicCounty(id=strawberry.ID(ids.encode("Unit", u.id)), name=u.name) for u in rows]

    @strawberry.field(description="阳光信访: 三无 status and satisfaction per unit. No sign-in needed.")
    async def public_transparency(self, info: Info, county_id: strawberry.ID, year: int) -> PublicTransparency:
        county, rows = await public_overview(db_session=info.context.db,
                                                     county_id=_decode_unit(county_id, "countyId"), year=year)
        return PublicTransparency(county_name=county.name, year=year, units=[
            PublicUnitStatus(name=r.name, level=r.level, parent_name=r.parent_name, sanwu=r.sanwu, rated=r.rated,
                             satisfaction_percent=_f(r.satisfaction_percent)) for r in rows])


def _dec(value: float) -> Decimal:
    return Decimal(str(value))


@strawberry.type
class EvaluationMutation:
    @strawberry.mutation(description=(
        "Save a new version of the county's settings from a built-in template and/or replaced parts; "
        "checked like the editor's saveEvaluationSettings, which also guards against a concurrent save."))
    async def set_evaluation_settings(self, info: Info, input: SetEvaluationSettingsInput) -> EvaluationSettingsPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> Config:
            return await set_config(
                db_session=ctx.db, principal=ctx.principal, county_id=_decode_unit(input.county_id, "input", "countyId"),
                template_code=input.template_code, template=input.template, policy=input.policy, note=input.note)

        return await as_payload(ctx.locale, run, lambda c, e: EvaluationSettingsPayload(settings=_settings(c),
                                                                                      user_errors=e))

    @strawberry.mutation(description="Open the county's campaign of a year, with seed 004's stages.")
    async def create_campaign(self, info: Info, input: CreateCampaignInput) -> CampaignPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> CampaignModel:
            return await create_campaign(
                db_session=ctx.db, principal=ctx.principal, county_id=_decode_unit(input.county_id, "input", "countyId"),
                year=input.year, name=input.name,
                indicators=[IndicatorIn(code=i.code, name=i.name, part=i.part, max_points=_dec(i.max_points),
                                                tier=i.tier) for i in input.indicators or []])

        en = _en(info)
        return await as_payload(ctx.locale, run, lambda c, e: CampaignPayload(
            campaign=Campaign.of(c, en) if c else None, user_errors=e))

    @strawberry.mutation(description="The county edits its campaign: name, stage dates, indicator table.")
    async def update_campaign(self, info: Info, input: UpdateCampaignInput) -> CampaignPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> CampaignModel:
            return await update_campaign(
                db_session=ctx.db, principal=ctx.principal,
                campaign_id=ids.decode("Campaign", input.id, field=["input", "id"]), name=input.name,
                stages=[StageIn(x.code, x.starts_on, x.ends_on) for x in input.stages]
                if input.stages is not None else None,
                indicators=[IndicatorIn(code=i.code, name=i.name, part=i.part, max_points=_dec(i.max_points),
                                                tier=i.tier) for i in input.indicators]
                if input.indicators is not None else None)

        en = _en(info)
        return await as_payload(ctx.locale, run, lambda c, e: CampaignPayload(
            campaign=Campaign.of(c, en) if c else None, user_errors=e))

    @strawberry.mutation(description="自查自评: a unit's points on the county's indicators.")
    async def submit_self_assessment(self, info: Info, input: SelfAssessmentInput) -> SelfAssessmentPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> list:
            return await self_assessment.submit_self_assessment(
                db_session=ctx.db, principal=ctx.principal, unit_id=_decode_unit(input.unit_id, "input", "unitId"),
                year=input.year, scores=[
                    self_assessment.ScoreIn(s.indicator_code, _dec(s.points), s.evidence,
                                    _attachment_ids(s.attachment_ids, "input", "scores", str(n), "attachmentIds"))
                    for n, s in enumerate(input.scores)])

        return await as_payload(ctx.locale, run, lambda r, e: SelfAssessmentPayload(saved=len(r or []), user_errors=e))

    @strawberry.mutation(description="整改事项 from the self-assessment, with owner and due date.")
    async def add_rectification(self, info: Info, input: RectificationInput) -> RectificationPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run():
            return await self_assessment.add_rectification(
                db_session=ctx.db, principal=ctx.principal, unit_id=_decode_unit(input.unit_id, "input", "unitId"),
                year=input.year, description=input.description, owner=input.owner, due_on=input.due_on,
                indicator_code=input.indicator_code)

        return await as_payload(ctx.locale, run, lambda r, e: RectificationPayload(
            rectification=Rectification.of(r) if r else None, user_errors=e))

    @strawberry.mutation(description="整改完成: mark a rectification item done on a day (null doneOn reopens it).")
    async def set_rectification_done(self, info: Info, input: RectificationDoneInput) -> RectificationPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run():
            return await self_assessment.set_rectification_done(
                db_session=ctx.db, principal=ctx.principal,
                rectification_id=ids.decode("Rectification", input.id, field=["input", "id"]), done_on=input.done_on)

        return await as_payload(ctx.locale, run, lambda r, e: RectificationPayload(
            rectification=Rectification.of(r) if r else None, user_errors=e))

    @strawberry.mutation(description="群众点评 by an invited public rater (0–100).")
    async def rate_unit(self, info: Info, input: RateUnitInput) -> UnitRatingPayload:
        return await _rate(info, input, RatingKind.PUBLIC_RATER)

    @strawberry.mutation(description="组织考评 by a county assessor (0–100).")
    async def assess_unit(self, info: Info, input: RateUnitInput) -> UnitRatingPayload:
        return await _rate(info, input, RatingKind.ASSESSOR)

    @strawberry.mutation(description="建 checklist item or 创 good practice, with evidence notes and files; "
                                     "with id, edits the unit's earlier submission.")
    async def submit_work(self, info: Info, input: SubmitWorkInput) -> WorkSubmissionPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run():
            row = await submissions.submit_work(
                db_session=ctx.db, principal=ctx.principal, unit_id=_decode_unit(input.unit_id, "input", "unitId"),
                year=input.year, kind=input.kind, title=input.title, description=input.description,
                item_code=input.item_code, evidence=[{"name": e.name, "note": e.note} for e in input.evidence or []],
                attachment_ids=_attachment_ids(input.attachment_ids, "input", "attachmentIds"),
                submission_id=ids.decode("Submission", input.id, field=["input", "id"]) if input.id else None)
            return (await _submissions(info, [row]))[0]

        return await as_payload(ctx.locale, run, lambda r, e: WorkSubmissionPayload(submission=r, user_errors=e))

    @strawberry.mutation(description="Withdraw a 建 or 创 submission (its files are unlinked, then purged "
                                     "like any upload never saved with a record).")
    async def delete_work_submission(self, info: Info, id: strawberry.ID) -> DeleteWorkSubmissionPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run():
            await submissions.delete_submission(db_session=ctx.db, principal=ctx.principal,
                                            submission_id=ids.decode("Submission", id, field=["id"]))
            return id

        return await as_payload(ctx.locale, run, lambda r, e: DeleteWorkSubmissionPayload(deleted_id=r, user_errors=e))

    @strawberry.mutation(description=(
        "Compute and store the annual review with the settings it used. With incomplete units (a score part "
        "nobody filled) it is stored only with confirmIncomplete and a note (INCOMPLETE_UNITS otherwise)."))
    async def run_annual_review(self, info: Info, county_id: strawberry.ID, year: int,
                                confirm_incomplete: bool = False, note: str | None = None) -> AnnualReviewPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> ReviewData:
            return await run_annual_review(db_session=ctx.db, principal=ctx.principal,
                                                   county_id=_decode_unit(county_id, "countyId"), year=year,
                                                   confirm_incomplete=confirm_incomplete, note=note)

        en = _en(info)
        return await as_payload(ctx.locale, run, lambda r, e: AnnualReviewPayload(
            review=AnnualReview.of(r, en) if r else None, user_errors=e))

    @strawberry.mutation(description="申报: a township applies (for itself or a village) after self-assessment.")
    async def apply_declaration(self, info: Info, input: ApplyDeclarationInput) -> DeclarationPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> DeclarationModel:
            return await flows.apply(db_session=ctx.db, principal=ctx.principal,
                                     unit_id=_decode_unit(input.unit_id, "input", "unitId"), year=input.year,
                                     comment=input.comment,
                                     attachment_ids=_attachment_ids(input.attachment_ids, "input", "attachmentIds"))

        return await as_payload(ctx.locale, run, lambda d, e: DeclarationPayload(
            declaration=Declaration.of(d) if d else None, user_errors=e))

    @strawberry.mutation(description="A step of the declaration: county declares, city approves, province "
                                     "recommends, designation; or return with a comment.")
    async def decide_declaration(self, info: Info, input: DecideDeclarationInput) -> DeclarationPayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> DeclarationModel:
            return await flows.decide(db_session=ctx.db, principal=ctx.principal,
                                      declaration_id=ids.decode("Declaration", input.id, field=["input", "id"]),
                                      action=input.action, comment=input.comment,
                                      attachment_ids=_attachment_ids(input.attachment_ids, "input", "attachmentIds"))

        return await as_payload(ctx.locale, run, lambda d, e: DeclarationPayload(
            declaration=Declaration.of(d) if d else None, user_errors=e))


async def _rate(info: Info, input: RateUnitInput, kind: RatingKind) -> UnitRatingPayload:
    ctx = info.context
    ctx.principal.require_user()

    async def run():
        return await ratings.rate_unit(db_session=ctx.db, principal=ctx.principal,
                                       unit_id=_decode_unit(input.unit_id, "input", "unitId"), year=input.year,
                                       kind=kind, score=_dec(input.score), comment=input.comment)

    return await as_payload(ctx.locale, run, lambda r, e: UnitRatingPayload(
        rating=UnitRatingResult(id=strawberry.ID(ids.encode("UnitRating", r.id)), kind=r.kind,
                                score=float(centi_to_decimal(r.score_centi)), comment=r.comment) if r else None,
        user_errors=e))
