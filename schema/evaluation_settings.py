"""The evaluation settings editor: versions with who and which reviews used them, a preview of a
draft's effect this year, and saving a draft as the next version. Mapped onto
`server.evaluation.settings_service` (the current settings and the plain setter stay in
schema/evaluation/)."""
import datetime as dt
from decimal import Decimal

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.errors import UserError, as_payload, user_errors
from schema.permissions import signed_in
from schema.types import Unit, User
from server import ids
from server.errors import TOP_LEVEL_CODES, DomainError
from server.evaluation import settings_service as service


def _en(info: Info) -> bool:
    return info.context.locale == "en"


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _county_id(value: str, *field: str) -> int:
    return ids.decode("Unit", value, field=list(field))


@strawberry.type(description="A stored annual review and when it was computed.")
class EvaluationSettingsReviewRun:
    id: strawberry.ID
    year: int
    computed_at: dt.datetime


@strawberry.type(description="One version of a county's 三无 rule template and scoring policy.")
class EvaluationSettingsVersion:
    version: int = strawberry.field(description="0: the built-in defaults, in force until a version is saved.")
    template_code: str
    template_name: str
    template: JSON
    policy: JSON
    note: str | None
    created_at: dt.datetime | None
    created_by: User | None
    current: bool = strawberry.field(description="The version in force (applies from when it was saved).")
    review_runs: list[EvaluationSettingsReviewRun] = strawberry.field(
        description="Stored annual reviews computed with this version (they keep it).")

    @classmethod
    def of(cls, v: service.Version, en: bool) -> "EvaluationSettingsVersion":
        return cls(
            version=v.version, template_code=v.template["code"],
            template_name=v.template["name_en" if en else "name_zh"], template=JSON(v.template), policy=JSON(v.policy),
            note=v.note, created_at=v.created_at, created_by=User.of(v.created_by) if v.created_by else None,
            current=v.current,
            review_runs=[EvaluationSettingsReviewRun(id=strawberry.ID(ids.encode("ReviewRun", r.id)), year=r.year,
                                                     computed_at=r.computed_at) for r in v.review_runs],
        )


@strawberry.input(description="An edited template and policy (their JSON forms, as the settings give them).")
class EvaluationSettingsDraftInput:
    county_id: strawberry.ID
    template: JSON
    policy: JSON
    year: int | None = strawberry.field(default=None, description="The year to preview; default this year.")


@strawberry.input
class SaveEvaluationSettingsInput:
    county_id: strawberry.ID
    base_version: int = strawberry.field(
        description="The version the editor showed its changes against; refused if another was saved since.")
    template: JSON
    policy: JSON
    note: str | None = None


@strawberry.type
class SaveEvaluationSettingsPayload:
    version: EvaluationSettingsVersion | None
    user_errors: list[UserError]


@strawberry.type(description="How one township or village would come out under the draft.")
class EvaluationSettingsUnitEffect:
    population: str
    sanwu_before: bool
    sanwu_after: bool
    failed_after: list[str] = strawberry.field(description="Criteria the unit would fail under the draft.")
    vetoed_before: bool
    vetoed_after: bool
    score_before: float
    score_after: float
    grade_before: str
    grade_after: str
    rank_before: int
    rank_after: int
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.unit_id))


@strawberry.type(description="Progress to a creation target now and under the draft.")
class EvaluationSettingsTargetEffect:
    tier: str
    total: int
    qualifying_before: int
    qualifying_after: int
    actual_percent_before: float | None
    actual_percent_after: float | None
    target_percent_before: float | None
    target_percent_after: float | None
    met_before: bool | None
    met_after: bool | None
    scope_unit_id: strawberry.Private[int]

    @strawberry.field
    async def scope_unit(self, info: Info) -> Unit:
        return Unit.of(await info.context.loaders.unit.load(self.scope_unit_id))


@strawberry.type(description="What a draft would change in a year, against the settings in force.")
class EvaluationSettingsPreview:
    year: int | None
    units: int
    sanwu_before: int
    sanwu_after: int
    vetoed_before: int
    vetoed_after: int
    effects: list[EvaluationSettingsUnitEffect] = strawberry.field(
        description="Only the townships and villages where something would change.")
    targets: list[EvaluationSettingsTargetEffect]
    user_errors: list[UserError] = strawberry.field(description="Problems of the draft, per field.")


def _preview(p: service.Preview | None, errors: list[UserError], en: bool) -> EvaluationSettingsPreview:
    if p is None:
        return EvaluationSettingsPreview(year=None, units=0, sanwu_before=0, sanwu_after=0, vetoed_before=0,
                                         vetoed_after=0, effects=[], targets=[], user_errors=errors)
    pick = 1 if en else 0
    return EvaluationSettingsPreview(
        year=p.year, units=p.units, sanwu_before=p.sanwu_before, sanwu_after=p.sanwu_after,
        vetoed_before=p.vetoed_before, vetoed_after=p.vetoed_after,
        effects=[EvaluationSettingsUnitEffect(
            population=e.population, sanwu_before=e.sanwu_before, sanwu_after=e.sanwu_after,
            failed_after=[label[pick] for label in e.failed_after], vetoed_before=e.vetoed_before,
            vetoed_after=e.vetoed_after, score_before=float(e.score_before), score_after=float(e.score_after),
            grade_before=e.grade_before[pick], grade_after=e.grade_after[pick], rank_before=e.rank_before,
            rank_after=e.rank_after, unit_id=e.unit_id) for e in p.effects],
        targets=[EvaluationSettingsTargetEffect(
            tier=str(t.tier), total=t.total, qualifying_before=t.qualifying_before,
            qualifying_after=t.qualifying_after, actual_percent_before=_f(t.actual_before),
            actual_percent_after=_f(t.actual_after), target_percent_before=_f(t.target_before),
            target_percent_after=_f(t.target_after), met_before=t.met_before, met_after=t.met_after,
            scope_unit_id=t.scope_unit_id) for t in p.targets],
        user_errors=errors,
    )


@strawberry.type
class EvaluationSettingsQuery:
    @strawberry.field(extensions=signed_in(),
                      description="Every version of the county's evaluation settings, the one in force first, "
                                  "ending with the built-in defaults (version 0).")
    async def evaluation_settings_versions(self, info: Info, county_id: strawberry.ID) -> list[EvaluationSettingsVersion]:
        ctx = info.context
        rows = await service.versions(db_session=ctx.db, principal=ctx.principal,
                                      county_id=_county_id(county_id, "countyId"))
        return [EvaluationSettingsVersion.of(v, _en(info)) for v in rows]

    @strawberry.field(extensions=signed_in(), description="Check a draft and show what it would change this year (townships' and "
                                  "villages' 三无, vetoes, scores, grades, ranks, targets). Changes nothing.")
    async def evaluation_settings_preview(self, info: Info, input: EvaluationSettingsDraftInput) -> EvaluationSettingsPreview:
        ctx = info.context
        try:
            result = await service.preview(
                db_session=ctx.db, principal=ctx.principal,
                county_id=_county_id(input.county_id, "input", "countyId"),
                template=input.template, policy=input.policy, year=input.year)
        except DomainError as error:
            if error.code in TOP_LEVEL_CODES:
                raise
            return _preview(None, user_errors(error, ctx.locale), _en(info))
        return _preview(result, [], _en(info))


@strawberry.type
class EvaluationSettingsMutation:
    @strawberry.mutation(extensions=signed_in(),
                         description="Save an edited template and policy as the county's next version; it "
                                     "applies from now on, and stored reviews keep the version they used.")
    async def save_evaluation_settings(self, info: Info, input: SaveEvaluationSettingsInput) -> SaveEvaluationSettingsPayload:
        ctx = info.context

        async def run() -> service.Version:
            return await service.save(
                db_session=ctx.db, principal=ctx.principal,
                county_id=_county_id(input.county_id, "input", "countyId"), base_version=input.base_version,
                template=input.template, policy=input.policy, note=input.note)

        return await as_payload(ctx.locale, run, lambda v, e: SaveEvaluationSettingsPayload(
            version=EvaluationSettingsVersion.of(v, _en(info)) if v else None, user_errors=e))
