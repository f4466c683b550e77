"""The evaluation's Query fields, mapped onto `server.evaluation`."""
import datetime as dt

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from schema.evaluation.assessment import Rectification, SelfAssessmentSheet, SheetLine, WorkSubmission, submission_views
from schema.evaluation.campaign import Campaign, Indicator
from schema.evaluation.common import DeclarationStatusEnum, SubmissionKindEnum, decode_unit, english, to_float
from schema.evaluation.declarations import Declaration
from schema.evaluation.public import PublicCounty, PublicTransparency, PublicUnitStatus
from schema.evaluation.rates import StandardRate, UnitRates, rate_inputs
from schema.evaluation.review import AnnualReview
from schema.evaluation.sanwu import SanwuStatus, SanwuTarget
from schema.evaluation.settings import EvaluationSettings, TemplateOption, settings_view
from schema.permissions import signed_in
from schema.types import AttachmentInfo
from server import ids
from server.evaluation.assessment import self_assessment, submissions
from server.evaluation.campaign import campaign_for
from server.evaluation.config import settings_of
from server.evaluation.declaration import reading
from server.evaluation.models import centi_to_decimal
from server.evaluation.public import public_counties, public_overview
from server.evaluation.review.service import annual_review, unit_review
from server.evaluation.sanwu.service import sanwu_status, sanwu_targets
from server.evaluation.sanwu.templates import BUILT_IN_TEMPLATES
from server.evaluation.unit_rates import unit_rates


@strawberry.type
class EvaluationQuery:
    @strawberry.field(extensions=signed_in(), description="Whether a unit is 三无 in a year, which rule failed and why.")
    async def sanwu_status(self, info: Info, unit_id: strawberry.ID, year: int) -> SanwuStatus:
        ctx = info.context
        data = await sanwu_status(db_session=ctx.db, principal=ctx.principal,
                                          unit_id=decode_unit(unit_id, "unitId"), year=year)
        return SanwuStatus.of(data, english(info))

    @strawberry.field(extensions=signed_in(), description=(
        "Progress to the template's targets, for the county and per township: shares of 三无 units, and "
        "year-on-year reductions of escalations (seed 000)."))
    async def sanwu_targets(self, info: Info, county_id: strawberry.ID, year: int) -> list[SanwuTarget]:
        ctx = info.context
        rows = await sanwu_targets(db_session=ctx.db, principal=ctx.principal,
                                           county_id=decode_unit(county_id, "countyId"), year=year)
        return [SanwuTarget(tier=str(r.tier), label=r.label_en if english(info) else r.label_zh,
                            target_percent=to_float(r.target_percent), qualifying=r.qualifying, total=r.total,
                            actual_percent=to_float(r.actual_percent), met=r.met, kind=r.kind,
                            previous_count=r.previous, current_count=r.current, scope_unit_id=r.scope_unit.id)
                for r in rows]

    @strawberry.field(extensions=signed_in(), description="The county's annual review: its stored run, else computed now.")
    async def annual_review(self, info: Info, county_id: strawberry.ID, year: int, live: bool = False) -> AnnualReview:
        ctx = info.context
        data = await annual_review(db_session=ctx.db, principal=ctx.principal,
                                           county_id=decode_unit(county_id, "countyId"), year=year, live=live)
        return AnnualReview.of(data, english(info))

    @strawberry.field(extensions=signed_in(), description=(
        "The county's stored annual review as a unit sees it: only the rows of the unit's subtree the "
        "viewer may read (a township: itself and its villages). Null until the county has stored a run."))
    async def unit_annual_review(self, info: Info, unit_id: strawberry.ID, year: int) -> AnnualReview | None:
        ctx = info.context
        data = await unit_review(db_session=ctx.db, principal=ctx.principal,
                                         unit_id=decode_unit(unit_id, "unitId"), year=year)
        return AnnualReview.of(data, english(info)) if data else None

    @strawberry.field(extensions=signed_in(), description="Standard rates of a unit (its subtree) for the days start..end.")
    async def standard_rates(self, info: Info, unit_id: strawberry.ID, start: dt.date, end: dt.date) -> UnitRates:
        ctx = info.context
        data = await unit_rates(db_session=ctx.db, principal=ctx.principal,
                                unit_id=decode_unit(unit_id, "unitId"), start=start, end=end)
        report, en = data.report, english(info)
        return UnitRates(
            start=start, end=end, repeat_petitions=report.repeat_petitions,
            rates=[StandardRate(code=r.code, label=r.label_en if en else r.label_zh, numerator=r.numerator,
                                denominator=r.denominator, percent=to_float(r.percent), available=r.available,
                                note=r.note, formula=r.formula_in(en=en), inputs=rate_inputs(r.inputs))
                   for r in report.rates],
            points=JSON(data.points), unit_model=data.unit,
        )

    @strawberry.field(extensions=signed_in(), description="The county's rule template and weights in force.")
    async def evaluation_settings(self, info: Info, county_id: strawberry.ID) -> EvaluationSettings:
        ctx = info.context
        return settings_view(await settings_of(db_session=ctx.db, principal=ctx.principal,
                                           county_id=decode_unit(county_id, "countyId")))

    @strawberry.field(extensions=signed_in(), description="The built-in 三无 rule templates (seeds 004, 000, 002).")
    def sanwu_templates(self, info: Info) -> list[TemplateOption]:
        return [TemplateOption(code=t.code, name=t.name_en if english(info) else t.name_zh, source=t.source,
                               template=JSON(t.to_dict())) for t in BUILT_IN_TEMPLATES.values()]

    @strawberry.field(extensions=signed_in())
    async def campaign(self, info: Info, county_id: strawberry.ID, year: int) -> Campaign | None:
        ctx = info.context
        row = await campaign_for(db_session=ctx.db, principal=ctx.principal,
                                         county_id=decode_unit(county_id, "countyId"), year=year)
        return Campaign.of(row, english(info)) if row else None

    @strawberry.field(extensions=signed_in(),
                      description="A unit's self-assessment sheet of a year; null when there is no campaign.")
    async def self_assessment(self, info: Info, unit_id: strawberry.ID, year: int) -> SelfAssessmentSheet | None:
        ctx = info.context
        sheet = await self_assessment.self_assessment_sheet(db_session=ctx.db, principal=ctx.principal,
                                                    unit_id=decode_unit(unit_id, "unitId"), year=year)
        if sheet is None:
            return None
        lines = [SheetLine(indicator=Indicator(code=x.indicator.code, part=x.indicator.part, name=x.indicator.name,
                                               tier=x.indicator.tier,
                                               max_points=float(centi_to_decimal(x.indicator.max_points_centi))),
                           points=to_float(x.points), evidence=x.evidence, files=[AttachmentInfo.of(f) for f in x.files])
                 for x in sheet.lines]
        return SelfAssessmentSheet(
            campaign=Campaign.of(sheet.campaign, english(info)), lines=lines,
            earned=float(sheet.earned), maximum=float(sheet.maximum),
            rectifications=[Rectification.of(r) for r in sheet.rectifications],
            declaration_status=DeclarationStatusEnum(sheet.declaration_status) if sheet.declaration_status else None,
            unit_model=sheet.unit,
        )

    @strawberry.field(extensions=signed_in(),
                      description="A unit's 建 checklist and 创 good-practice submissions of a year; with "
                                  "subtree, those of every unit under it too (the county's overview).")
    async def work_submissions(self, info: Info, unit_id: strawberry.ID, year: int, subtree: bool = False,
                               kind: SubmissionKindEnum | None = None) -> list[WorkSubmission]:
        ctx = info.context
        rows = await submissions.submissions(db_session=ctx.db, principal=ctx.principal,
                                         unit_id=decode_unit(unit_id, "unitId"), year=year, subtree=subtree,
                                         kind=kind)
        return await submission_views(info, rows)

    @strawberry.field(extensions=signed_in())
    async def declarations(self, info: Info, year: int | None = None,
                           status: list[DeclarationStatusEnum] | None = None) -> list[Declaration]:
        ctx = info.context
        rows = await reading.list_declarations(db_session=ctx.db, principal=ctx.principal, year=year,
                                             status=list(status) if status else None)
        return [Declaration.of(d) for d in rows]

    @strawberry.field(extensions=signed_in())
    async def declaration(self, info: Info, id: strawberry.ID) -> Declaration | None:
        ctx = info.context
        row = await reading.get(db_session=ctx.db, principal=ctx.principal,
                              declaration_id=ids.decode("Declaration", id, field=["id"]))
        return Declaration.of(row) if row else None

    @strawberry.field(description="Counties with a public transparency page. No sign-in needed.")
    async def public_counties(self, info: Info) -> list[PublicCounty]:
        rows = await public_counties(db_session=info.context.db)
        return [PublicCounty(id=strawberry.ID(ids.encode("Unit", u.id)), name=u.name) for u in rows]

    @strawberry.field(description="阳光信访: 三无 status and satisfaction per unit. No sign-in needed.")
    async def public_transparency(self, info: Info, county_id: strawberry.ID, year: int) -> PublicTransparency:
        county, rows = await public_overview(db_session=info.context.db,
                                                     county_id=decode_unit(county_id, "countyId"), year=year)
        return PublicTransparency(county_name=county.name, year=year, units=[
            PublicUnitStatus(name=r.name, level=r.level, parent_name=r.parent_name, sanwu=r.sanwu, rated=r.rated,
                             satisfaction_percent=to_float(r.satisfaction_percent)) for r in rows])
