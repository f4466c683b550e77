"""The county's campaign of a year: stages, indicator table, 建 checklist."""
import datetime as dt

import strawberry
from strawberry.types import Info

from schema.errors import UserError
from schema.evaluation.common import english
from server import ids
from server.evaluation.assessment import submissions
from server.evaluation.campaign import indicators
from server.evaluation.models import Campaign as CampaignModel
from server.evaluation.models import centi_to_decimal


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
        rows = await indicators(db_session=info.context.db, principal=info.context.principal, campaign_id=self.model.id)
        return [Indicator(code=i.code, part=i.part, name=i.name, tier=i.tier,
                          max_points=float(centi_to_decimal(i.max_points_centi))) for i in rows]

    @strawberry.field(description="The 建 checklist items of seed 004.")
    def checklist(self, info: Info) -> list[str]:
        return [f"{code}: {en if english(info) else zh}" for code, zh, en in submissions.BUILD_CHECKLIST]

    @strawberry.field(description="The 建 checklist items of seed 004, with their codes (submitWork itemCode).")
    def checklist_items(self, info: Info) -> list[ChecklistItem]:
        return [ChecklistItem(code=code, label=en if english(info) else zh) for code, zh, en in submissions.BUILD_CHECKLIST]

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
