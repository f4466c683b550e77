"""The one connection shape of the API's lists (Relay: edges, pageInfo, totalCount), built from a
`server.pagination.Page`. `Connection[Dispute]` is the GraphQL type `DisputeConnection`."""
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry
from sqlalchemy import Select
from strawberry.types import Info

from schema.types import PageInfo
from server import pagination

N = TypeVar("N")
R = TypeVar("R")


@strawberry.type
class Edge(Generic[N]):
    node: N
    cursor: str


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    count_query: strawberry.Private[Select]

    @strawberry.field(description="How many rows the whole list has (counted only when asked for).")
    async def total_count(self, info: Info) -> int:
        return await pagination.count(db_session=info.context.db, query=self.count_query)


def connection(page: pagination.Page[R], count_query: Select, node: Callable[[R], N]) -> Connection[N]:
    return Connection(
        edges=[Edge(node=node(row), cursor=cursor) for row, cursor in zip(page.items, page.cursors, strict=True)],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.cursors[-1] if page.cursors else None),
        count_query=count_query,
    )
