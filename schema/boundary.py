"""The one boundary every GraphQL input passes, over HTTP and over the WebSocket alike.

- Text: every string of the variables and every string literal of the document is cleaned
  (`server.security.inputs.clean`: invisible control characters removed, broken surrogates
  replaced) before the operation runs — no resolver sees a NUL or a vertical tab.
- Years: every argument or input field named `year` (or ending in `Year`) must lie in
  [YEAR_MIN, YEAR_MAX]; anything else is refused as BAD_USER_INPUT before any resolver runs.
- DateTime: an ISO 8601 date-time; one without a time zone is read as China time (UTC+8), the
  time zone of every office using the product.
"""
import datetime as dt
from collections.abc import Iterator

import strawberry
from graphql import (
    ArgumentNode,
    GraphQLError,
    IntValueNode,
    ObjectFieldNode,
    StringValueNode,
    VariableNode,
    visit,
)
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from server.dates import CHINA
from server.errors import DomainError
from server.security.inputs import YEAR_MAX, YEAR_MIN, clean, clean_tree, year_in_range


def _is_year(name: str) -> bool:
    return name == "year" or name.endswith("Year")


class _Inputs(Visitor):
    """Cleans string literals in place; collects year literals and variables."""

    def __init__(self) -> None:
        super().__init__()
        self.years: list[tuple[str, object]] = []

    def enter_string_value(self, node: StringValueNode, *_args) -> StringValueNode | None:
        cleaned = clean(node.value)
        if cleaned == node.value:
            return None
        return StringValueNode(value=cleaned, block=node.block, loc=node.loc)

    def _named(self, name: str, value) -> None:
        if _is_year(name):
            self.years.append((name, value))

    def enter_argument(self, node: ArgumentNode, *_args) -> None:
        self._named(node.name.value, node.value)

    def enter_object_field(self, node: ObjectFieldNode, *_args) -> None:
        self._named(node.name.value, node.value)


def _variable_years(value: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _is_year(key):
                yield key, item
            yield from _variable_years(item, (*path, str(key)))
    elif isinstance(value, list):
        for item in value:
            yield from _variable_years(item, path)


def year_refusal(inputs: _Inputs | None, variables: dict | None) -> DomainError | None:
    found: list[tuple[str, object]] = []
    for name, node in inputs.years if inputs else ():
        if isinstance(node, IntValueNode):
            found.append((name, int(node.value)))
        elif isinstance(node, VariableNode) and variables is not None:
            found.append((name, variables.get(node.name.value)))
    found.extend(_variable_years(variables or {}))
    for name, value in found:
        if isinstance(value, int) and not isinstance(value, bool) and not year_in_range(value):
            return DomainError("OUT_OF_RANGE", field=[name], min=YEAR_MIN, max=YEAR_MAX)
    return None


class InputBoundary(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.variables:
            ctx.variables = clean_tree(ctx.variables)
        query = ctx.query or ""
        # Only documents that can hold a year or an escaped character are walked.
        inputs = None
        if ctx.graphql_document is not None and ("\\u" in query or "ear" in query):
            inputs = _Inputs()
            ctx.graphql_document = visit(ctx.graphql_document, inputs)
        if ctx.graphql_document is not None:
            refusal = year_refusal(inputs, ctx.variables)
            if refusal is not None:
                ctx.result = ExecutionResult(
                    data=None, errors=[GraphQLError(refusal.code, path=None, original_error=refusal)]
                )
        yield


def _parse_datetime(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("a DateTime is an ISO 8601 string")
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=CHINA)


DateTime = strawberry.scalar(
    name="DateTime",
    description="Date with time (ISO 8601). Without a time zone it is read as China time (UTC+8).",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse_datetime,
)
SCALARS = {dt.datetime: DateTime}
