"""Petition cases: queries and mutations mapped onto `server.case.service`."""
import strawberry
from strawberry.types import Info

from server import ids
from server.case import service as case_service
from server.case.models import Case as CaseModel
from server.pagination import page_size
from schema.errors import UserError, as_payload
from schema.types import Case, CaseConnection, CaseEdge, CaseStatusEnum, ChannelEnum, PageInfo


@strawberry.input
class PetitionerInput:
    name: str
    phone: str


@strawberry.input
class RegisterCaseInput:
    unit_id: strawberry.ID = strawberry.field(description="The unit the matter belongs to (属地)")
    channel: ChannelEnum
    title: str
    content: str
    category: str | None = None
    headcount: int | None = 1
    petitioners: list[PetitionerInput]
    client_mutation_id: str | None = strawberry.field(
        default=None, description="Idempotency key: the same key twice registers one case"
    )


@strawberry.input
class CaseFilter:
    unit_id: strawberry.ID | None = None
    status: list[CaseStatusEnum] | None = None
    overdue: bool | None = None
    search: str | None = None


@strawberry.type
class CasePayload:
    case: Case | None
    user_errors: list[UserError]


def _payload(case: CaseModel | None, errors: list[UserError]) -> CasePayload:
    return CasePayload(case=Case.of(case, detail=True) if case else None, user_errors=errors)


@strawberry.type
class CaseQuery:
    @strawberry.field(name="case")
    async def case_(self, info: Info, id: strawberry.ID) -> Case | None:
        ctx = info.context
        ctx.principal.require_user()
        case = case_service.readable(
            ctx.principal, await ctx.loaders.case.load(ids.decode("Case", id, field=["id"]))
        )
        return Case.of(case, detail=True) if case else None

    @strawberry.field
    async def cases(
        self,
        info: Info,
        filter: CaseFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> CaseConnection:
        ctx = info.context
        flt = filter or CaseFilter()
        page, count_query = await case_service.list_cases(
            db_session=ctx.db,
            principal=ctx.principal,
            flt=case_service.CaseFilter(
                unit_id=ids.decode("Unit", flt.unit_id, field=["filter", "unitId"]) if flt.unit_id else None,
                statuses=list(flt.status) if flt.status else None,
                overdue=flt.overdue,
                search=flt.search,
            ),
            first=page_size(first, ctx.settings),
            after=after,
        )
        return CaseConnection(
            edges=[CaseEdge(node=Case.of(c), cursor=cur) for c, cur in zip(page.items, page.cursors)],
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
            count_query=count_query,
        )


@strawberry.type
class CaseMutation:
    @strawberry.mutation
    async def register_case(self, info: Info, input: RegisterCaseInput) -> CasePayload:
        ctx = info.context
        ctx.principal.require_user()

        async def run() -> CaseModel:
            unit_id = ids.decode("Unit", input.unit_id, field=["input", "unitId"])
            return await case_service.register(
                db_session=ctx.db,
                principal=ctx.principal,
                data=case_service.RegisterCase(
                    unit_id=unit_id,
                    channel=input.channel,
                    title=input.title,
                    content=input.content,
                    category=input.category,
                    headcount=input.headcount if input.headcount is not None else 1,
                    petitioners=[case_service.PetitionerIn(p.name, p.phone) for p in input.petitioners],
                    client_mutation_id=input.client_mutation_id,
                ),
            )

        return await as_payload(ctx.locale, run, _payload)
