"""The province's (or a city's) ranking of its counties, townships and villages: aggregates only."""
import strawberry
from strawberry.types import Info

from schema.evaluation.common import english, to_float
from schema.evaluation.rates import StandardRate
from schema.permissions import signed_in
from schema.types import PageInfo, Unit
from server import ids
from server.evaluation import ranking as service
from server.pagination import list_page, page_size
from server.unit.models import Unit as UnitModel
from server.unit.models import UnitLevel


@strawberry.type(description="A unit's place within its level: 三无, the stored review's score, the standard rates.")
class RankedUnit:
    unit: Unit
    rank: int
    sanwu: bool
    failed_rules: list[str] = strawberry.field(description="The 三无 criteria the unit fails (codes).")
    score: float | None = strawberry.field(
        description="The county's stored annual review of the year (townships and villages); null when none is stored.")
    rates: list[StandardRate]

    @classmethod
    def of(cls, row: service.RankedUnit, unit: UnitModel, en: bool) -> "RankedUnit":
        return cls(unit=Unit.of(unit), rank=row.rank, sanwu=row.sanwu, failed_rules=list(row.failed_rules),
                   score=to_float(row.score), rates=[
                       StandardRate(code=x.code, label=x.label_en if en else x.label_zh, numerator=x.numerator,
                                    denominator=x.denominator, percent=to_float(x.percent), available=x.available,
                                    note=x.note, formula=x.formula)
                       for x in row.rates])


@strawberry.type
class RankedUnitEdge:
    node: RankedUnit
    cursor: str


@strawberry.type
class RankedUnitConnection:
    edges: list[RankedUnitEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class LevelRanking:
    level: UnitLevel  # the GraphQL enum UnitLevel (schema.types registers it)
    ranked: strawberry.Private[tuple[service.RankedUnit, ...]]

    @strawberry.field(description="The level's units by rank, a page at a time.")
    async def rows(self, info: Info, first: int | None = None, after: str | None = None) -> RankedUnitConnection:
        page = list_page(items=self.ranked, key=lambda r: (r.rank, r.unit_id),
                         first=page_size(first, info.context.settings), after=after)
        en = english(info)
        units = await info.context.loaders.unit.load_many([r.unit_id for r in page.items])  # only the page's units
        edges = [RankedUnitEdge(node=RankedUnit.of(r, u, en), cursor=c)
                 for r, c, u in zip(page.items, page.cursors, units, strict=True) if u is not None]
        return RankedUnitConnection(
            edges=edges, total_count=len(self.ranked),
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=edges[-1].cursor if edges else None))


@strawberry.type
class RankingQuery:
    @strawberry.field(extensions=signed_in(),
                      description="Province and city reviewers: every county, township and village under the unit "
                      "ranked within its level by 三无, then score, then the standard rates of the year. Counts and "
                      "percentages only: never a case, a petitioner or an incident.")
    async def unit_ranking(self, info: Info, unit_id: strawberry.ID, year: int) -> list[LevelRanking]:
        ctx = info.context
        levels = await service.unit_ranking(db_session=ctx.db, principal=ctx.principal,
                                            unit_id=ids.decode("Unit", unit_id, field=["unitId"]), year=year)
        return [LevelRanking(level=lv.level, ranked=lv.rows) for lv in levels]
