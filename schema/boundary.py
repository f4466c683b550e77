"""The one boundary every GraphQL input passes, over HTTP and over the WebSocket alike.

- Text: every string of the variables and every string literal of the document is cleaned
  (`server.security.inputs.clean`: invisible control characters removed, broken surrogates
  replaced) before the operation runs — no resolver sees a NUL or a vertical tab.
- Years: every argument or input field named `year` (or ending in `Year`) must lie in
  [YEAR_MIN, YEAR_MAX]; anything else is refused as BAD_USER_INPUT before any resolver runs.
- Cost: the fields an operation would resolve, each counted once per row of every page above it
  (`first`, or the field's default page), must stay within GRAPHQL_MAX_COST — refused before
  execution as QUERY_TOO_COSTLY (29 aliases of `cases(first: 100)` were 14.5 s of work).
- DateTime: an ISO 8601 date-time; one without a time zone is read as China time (UTC+8), the
  time zone of every office using the product.
- Date and DateTime: a year outside [YEAR_MIN, YEAR_MAX] is refused as BAD_USER_INPUT (a filter
  from "0001-01-01" overflowed when shifted to UTC).
"""
import datetime as dt
from collections import OrderedDict
from collections.abc import Iterator, Mapping

import strawberry
from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ObjectFieldNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    VariableNode,
    get_named_type,
    visit,
)
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.scalar import ScalarDefinition

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


def _page(field_def, node: FieldNode, variables: dict, default: int, most: int) -> int:
    """How many rows a field answers at most: its `first` (literal, variable or default)."""
    argument = field_def.args.get("first")
    if argument is None:
        return 1
    value: object = None
    for arg in node.arguments or ():
        if arg.name.value == "first":
            if isinstance(arg.value, IntValueNode):
                value = int(arg.value.value)
            elif isinstance(arg.value, VariableNode):
                value = variables.get(arg.value.name.value)
            break
    else:
        value = argument.default_value
    if not isinstance(value, int) or isinstance(value, bool):
        value = default
    return max(1, min(value, most))


def operation_cost(schema: GraphQLSchema, document: DocumentNode, operation_name: str | None,
                   variables: dict, default_page: int, most: int) -> int:
    """Fields resolved, each once per row of every page above it (fragments followed)."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    if not chosen:
        return 0
    operation = chosen[0]
    root = {"query": schema.query_type, "mutation": schema.mutation_type, "subscription": schema.subscription_type}[
        operation.operation.value]

    def cost(selection_set: SelectionSetNode, parent: object, rows: int, depth: int) -> int:
        if depth > 50:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += rows
                fields = getattr(parent, "fields", {})
                field_def = fields.get(selection.name.value)
                if field_def is None or selection.selection_set is None:
                    continue
                inner = rows * _page(field_def, selection, variables, default_page, most)
                total += cost(selection.selection_set, get_named_type(field_def.type), inner, depth + 1)
            elif isinstance(selection, InlineFragmentNode):
                typed = schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                total += cost(selection.selection_set, typed, rows, depth + 1)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
                fragment = fragments[selection.name.value]
                total += cost(fragment.selection_set, schema.get_type(fragment.type_condition.name.value), rows, depth + 1)
        return total

    return cost(operation.selection_set, root, 1, 0)


_COSTS: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
_COSTS_SIZE = 512


class InputBoundary(SchemaExtension):
    def on_execute(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.variables:
            cleaned = clean_tree(ctx.variables)
            if isinstance(cleaned, dict):  # always: clean_tree keeps a dict a dict
                ctx.variables = cleaned
        query = ctx.query or ""
        # Only documents that can hold a year or an escaped character are walked.
        inputs = None
        if ctx.graphql_document is not None and ("\\u" in query or "ear" in query):
            inputs = _Inputs()
            ctx.graphql_document = visit(ctx.graphql_document, inputs)
        if ctx.graphql_document is not None:
            refusal = year_refusal(inputs, ctx.variables) or self._cost_refusal(rewritten=inputs is not None)
            if refusal is not None:
                ctx.result = ExecutionResult(
                    data=None, errors=[GraphQLError(refusal.code, path=None, original_error=refusal)]
                )
        yield

    def _cost_refusal(self, *, rewritten: bool) -> DomainError | None:
        ctx = self.execution_context
        settings = getattr(ctx.context, "settings", None)
        if settings is None or ctx.graphql_document is None:
            return None
        schema, document, variables = ctx.schema._schema, ctx.graphql_document, ctx.variables or {}
        # A cost depends on the document, the operation, the page sizes and, of the variables, only
        # the integers (`_page` reads any other value as the default page). The parser cache hands
        # out the same document for the same text; a document rewritten for this request is new.
        key = (id(schema), id(document), ctx.operation_name, settings.page_size_default, settings.page_size_max,
               tuple(sorted((k, v) for k, v in variables.items() if type(v) is int)))
        hit = None if rewritten else _COSTS.get(key)
        if hit is not None:
            _COSTS.move_to_end(key)
            cost = hit[1]
        else:
            cost = operation_cost(schema, document, ctx.operation_name, variables,
                                  settings.page_size_default, settings.page_size_max)
            if not rewritten:
                _COSTS[key] = ((schema, document), cost)  # holds them: no id is reused while it lives
                while len(_COSTS) > _COSTS_SIZE:
                    _COSTS.popitem(last=False)
        if cost > settings.graphql_max_cost:
            return DomainError("QUERY_TOO_COSTLY", "error.QUERY_TOO_COSTLY", cost=cost, max=settings.graphql_max_cost)
        return None


def _parse_datetime(value: object) -> dt.datetime:
    if not isinstance(value, str):
        raise ValueError("a DateTime is an ISO 8601 string")
    parsed = dt.datetime.fromisoformat(value)
    if not year_in_range(parsed.year):
        raise ValueError("year out of range")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=CHINA)


DateTime = strawberry.scalar(
    name="DateTime",
    description="Date with time (ISO 8601). Without a time zone it is read as China time (UTC+8).",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse_datetime,
)


def _parse_date(value: object) -> dt.date:
    if not isinstance(value, str):
        raise ValueError("a Date is an ISO 8601 string")
    parsed = dt.date.fromisoformat(value)
    if not year_in_range(parsed.year):
        raise ValueError("year out of range")
    return parsed


Date = strawberry.scalar(
    name="Date",
    description="Date (isoformat)",
    serialize=lambda value: value.isoformat(),
    parse_value=_parse_date,
)
SCALARS: Mapping[object, ScalarDefinition] = {dt.datetime: DateTime, dt.date: Date}
