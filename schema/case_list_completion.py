"""The case list's fast lane, second half: a page of listed rows (schema/case_list.py) is turned
into the response without graphql-core executing each of its ~250 fields.

graphql-core completes an object by calling a resolver per field and completing its value; for a
page of 20 cases that is the largest cost of the list. Here the selection of the connection is
collected once per level with graphql-core's own `collect_subfields` (fragments, aliases,
@skip/@include and merging exactly as the executor does them), compiled into a getter per
response key, and every row is read through those getters. The values are the ones the general
path reads: plain fields are the same attributes Strawberry's default resolver reads, the unit
and the 包案 leader are the rows' already built objects (what `Case.unit` / `Case.leader` return
for a listed row), `deadlineProvisional` calls the same function as its resolver, and every leaf
is coerced by the same GraphQL type (`coerce_output_value`). Any other field (a resolver with
arguments, a list, an abstract type …), a null where the schema says non-null, a failing value,
@defer, or a middleware: the page is completed by graphql-core instead, from the start — nothing
here has side effects, so starting over is safe. tests/api/test_case_list_completion.py compares
both for many selection sets.

Authorisation is untouched: the rows come from the `cases` resolver (the service call with the
principal); this only serialises what it returned.
"""
from collections import OrderedDict
from collections.abc import Callable
from enum import EnumMeta
from operator import attrgetter
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLField,
    GraphQLID,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    Undefined,
    is_leaf_type,
    is_object_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.case_list import ListedCase, ListedConnection
from schema.case_types import NOT_LISTED
from schema.types import deadline_provisional


class _General(Exception):
    """This page needs graphql-core's own completion."""


class _State:
    """What one request adds to a compiled selection: values read from the database first."""

    __slots__ = ("provisional", "resolved")

    def __init__(self) -> None:
        self.provisional: dict[int, bool] = {}  # id(ListedCase) → deadlineProvisional
        self.resolved: dict[str, Any] = {}  # response key → a connection resolver's value


Read = Callable[[Any, _State], Any]


class _Compiled:
    """A selection on CaseConnection, compiled: (response key, reader) per field."""

    def __init__(self, fields: list[tuple[str, Read]], provisional: bool,
                 resolvers: list[tuple[str, GraphQLField, list[FieldNode]]]) -> None:
        self.fields = fields
        self.provisional = provisional
        self.resolvers = resolvers  # the connection's own resolvers (totalCount), called once


class _Compiler:
    def __init__(self, ctx: "ListExecutionContext") -> None:
        self.ctx = ctx
        self.provisional = False
        self.resolvers: list[tuple[str, GraphQLField, list[FieldNode]]] = []

    def compile(self, connection: GraphQLObjectType, details: FieldDetailsList) -> _Compiled:
        fields = self.level(connection, details, top=True)
        return _Compiled(fields, self.provisional, self.resolvers)

    def level(self, parent: GraphQLObjectType, details: FieldDetailsList, top: bool = False) -> list[tuple[str, Read]]:
        grouped, defers, forbidden = self.ctx.collect_subfields(parent, details)
        if defers or forbidden or parent.is_type_of is not None:
            raise _General
        out: list[tuple[str, Read]] = []
        for key, group in grouped.items():
            if any(d.defer_usage is not None or d.fragment_variable_values for d in group):
                raise _General
            node = group[0].node
            name = node.name.value
            if name == "__typename":
                out.append((key, _constant(parent.name)))
                continue
            field = self.ctx.schema.get_field(parent, name)
            if field is None:
                continue  # as graphql-core: a field the type lacks is left out
            if field.args or node.arguments:
                raise _General
            get = self.getter(parent, key, field, group, top)
            out.append((key, self.complete(field.type, group, get)))
        return out

    def getter(self, parent: GraphQLObjectType, key: str, field: GraphQLField, group: FieldDetailsList,
               top: bool) -> Read | str:
        """How a field's value is read: an attribute's name (a field without resolver), or a function."""
        resolve = field.resolve
        name = group[0].node.name.value
        if resolve is not None and getattr(resolve, "_is_default", False):
            # Strawberry's resolver of a field without one: the attribute of that name.
            definition = field.extensions.get("strawberry-definition")
            if definition is None:
                raise _General
            return definition.python_name
        if parent.name == "Case" and name in ("unit", "leader"):
            return _listed(f"listed_{name}")
        if parent.name == "Case" and name == "deadlineProvisional":
            self.provisional = True
            return lambda source, state: state.provisional[id(source)]
        if top:
            # A resolver of the connection itself (totalCount): called once, as graphql-core calls it.
            self.resolvers.append((key, field, [d.node for d in group]))
            return lambda source, state: state.resolved[key]
        raise _General

    def complete(self, kind: GraphQLOutputType, group: FieldDetailsList, get: Read | str) -> Read:
        non_null = isinstance(kind, GraphQLNonNull)
        inner = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
        if is_leaf_type(inner) and isinstance(get, str):
            return _attribute_leaf(get, inner, non_null)
        if isinstance(get, str):
            get = _attribute(get)
        if is_leaf_type(inner):
            coerce = _coercion(inner)

            def leaf(source: Any, state: _State) -> Any:
                value = get(source, state)
                if value is None or value is Undefined:
                    if non_null:
                        raise _General
                    return None
                coerced = coerce(value)
                if coerced is None or coerced is Undefined:
                    raise _General
                return coerced

            return leaf
        if is_object_type(inner):
            fields = self.level(inner, group)

            def obj(source: Any, state: _State) -> Any:
                value = get(source, state)
                if value is None or value is Undefined:
                    if non_null:
                        raise _General
                    return None
                return {key: read(value, state) for key, read in fields}

            return obj
        if isinstance(inner, GraphQLList):
            item = self.complete(inner.of_type, group, _same)

            def items(source: Any, state: _State) -> Any:
                value = get(source, state)
                if value is None or value is Undefined:
                    if non_null:
                        raise _General
                    return None
                if not isinstance(value, list):
                    raise _General
                return [item(v, state) for v in value]

            return items
        raise _General  # interfaces and unions: not in the list's selection


# The built-in scalars return a value of their own Python type unchanged (graphql-core's
# serialize_string / serialize_id / serialize_boolean): that value needs no call.
_UNCHANGED: dict[object, type] = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}


def _coercion(kind: GraphQLLeafType) -> Callable[[Any], Any]:
    """The type's `coerce_output_value`; for a Strawberry enum, its answer for each member worked
    out once here (the type itself scans its values, reading `.value` of each, on every call)."""
    coerce = kind.coerce_output_value
    members = getattr(kind, "wrapped_cls", None)
    if not isinstance(members, EnumMeta):
        return coerce
    names: dict[int, Any] = {}
    member: Any
    for member in members:
        try:
            names[id(member)] = coerce(member)
        except Exception:  # noqa: BLE001 — left to the type's own coercion, which raises it again
            continue
    # Keyed by identity (members are singletons that live as long as their class): no __hash__ call.
    return lambda value: names[id(value)] if type(value) is members and id(value) in names else coerce(value)


def _attribute_leaf(name: str, kind: GraphQLLeafType, non_null: bool) -> Read:
    """A leaf read from an attribute and coerced by its GraphQL type."""
    coerce = _coercion(kind)
    unchanged = _UNCHANGED.get(kind)

    def leaf(source: Any, state: _State) -> Any:
        value = getattr(source, name)
        if type(value) is unchanged:
            return value
        if value is None or value is Undefined:
            if non_null:
                raise _General
            return None
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _General
        return coerced

    return leaf


def _attribute(name: str) -> Read:
    get = attrgetter(name)
    return lambda source, state: get(source)


def _listed(attribute: str) -> Read:
    """`Case.unit` / `Case.leader` of a listed row: the object the row carries (what the resolver
    returns when it is set)."""

    def get(source: Any, state: _State) -> Any:
        value = getattr(source, attribute, NOT_LISTED)
        if value is NOT_LISTED:
            raise _General
        return value

    return get


def _constant(value: str) -> Read:
    return lambda source, state: value


def _same(source: Any, state: _State) -> Any:
    return source


def _has_directives(ctx: "ListExecutionContext", selections, seen: set[str]) -> bool:
    for selection in selections:
        if selection.directives:
            return True
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen:
                continue
            seen.add(name)
            fragment = ctx.fragments.get(name)
            if fragment is None or _has_directives(ctx, fragment.definition.selection_set.selections, seen):
                return True
        elif selection.selection_set is not None and _has_directives(ctx, selection.selection_set.selections, seen):
            return True
    return False


# Compiled selections by the identity of their nodes (the parser cache hands out the same parsed
# document for the same text), each entry holding its nodes so that no id is reused while it lives.
# Only selections without directives are kept: nothing else in them depends on the variables.
_CACHE: OrderedDict[tuple, tuple[object, _Compiled]] = OrderedDict()
_CACHE_SIZE = 256


def _compiled(ctx: "ListExecutionContext", connection: GraphQLObjectType, details: FieldDetailsList) -> _Compiled:
    key = (id(ctx.schema), *(id(d.node) for d in details))
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit[1]
    compiled = _Compiler(ctx).compile(connection, details)
    nodes = [d.node for d in details]
    if not any(n.directives or (n.selection_set and _has_directives(ctx, n.selection_set.selections, set()))
               for n in nodes):
        _CACHE[key] = ((ctx.schema, nodes), compiled)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return compiled


class _ContextOnly:
    """What `deadline_provisional` reads of an Info: the request's context."""

    def __init__(self, context: Any) -> None:
        self.context = context


def _wrapped(manager: Any) -> bool:
    """Does a middleware (a schema extension's `resolve`) wrap every resolver? (Strawberry hands
    graphql-core a manager on every request, empty when no extension has `resolve`.)"""
    return manager is not None and bool(manager.middlewares)


class ListExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, with the fast lane's pages completed from a compiled
    selection."""

    def complete_object_value(self, return_type, field_details_list, info, path, result, position_context):
        if type(result) is ListedConnection and not _wrapped(self.middleware_manager):
            try:
                compiled = _compiled(self, return_type, field_details_list)
            except _General:
                compiled = None
            if compiled is not None and not compiled.provisional and not compiled.resolvers:
                try:
                    return {key: read(result, _NO_STATE) for key, read in compiled.fields}
                except Exception:  # noqa: BLE001 — graphql-core completes it and reports what failed
                    pass
            elif compiled is not None:
                return self._listed(compiled, return_type, field_details_list, info, path, result, position_context)
        return super().complete_object_value(return_type, field_details_list, info, path, result, position_context)

    async def _listed(self, compiled: _Compiled, return_type, field_details_list, info, path, result,
                      position_context):
        try:
            state = _State()
            if compiled.provisional:
                context = _ContextOnly(self.context_value)
                for edge in result.edges:
                    node = edge.node
                    if not isinstance(node, ListedCase):
                        raise _General
                    state.provisional[id(node)] = await deadline_provisional(context, node.model)  # type: ignore[arg-type]
            for key, field, nodes in compiled.resolvers:
                resolve_info = self.build_resolve_info(field, nodes, return_type, Path(path, key, return_type.name))
                value = field.resolve(result, resolve_info)  # type: ignore[misc]
                state.resolved[key] = await value if self.is_awaitable(value) else value
            return {key: read(result, state) for key, read in compiled.fields}
        except Exception:  # noqa: BLE001 — graphql-core completes it and reports what failed
            pass
        general = super().complete_object_value(return_type, field_details_list, info, path, result, position_context)
        return await general if self.is_awaitable(general) else general


_NO_STATE = _State()
