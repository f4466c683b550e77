"""The case list's fast lane: the same `Case` fields, answered from one lean statement.

When a page selects only plain columns of a case, `overdue`, `deadlineState`, `deadlineProvisional`
(from the columns it reads, selected with the page), the unit's and the
包案 leader's own scalars, the rows come from `server.case.listing.page_rows` (one statement, unit
and leader joined) and the `Case` type's own resolvers run over them without loaders or
per-field tasks. Any other selection (petitioners, timeline, actions, a unit's parent …) takes
the general path. Both read the same service query, so the same rows for the same viewer
(tests/api/test_case_list_fast_lane.py compares them field by field).
"""
import datetime as dt
from collections import OrderedDict

import strawberry
from sqlalchemy import Row
from strawberry.types import Info
from strawberry.types.nodes import SelectedField
from strawberry.utils.str_converters import to_camel_case

from schema.case_types import NOT_LISTED, Case, CaseConnection, CaseEdge
from schema.types import PageInfo, Unit, User
from server import ids
from server.case.listing import Columns, listable
from server.dates import DeadlineState, deadline_state, utcnow
from server.pagination import Page

# GraphQL name → Case attribute, for the fields Case.of copies from a column of the same name.
_PLAIN = {
    (f.graphql_name or to_camel_case(f.python_name)): f.python_name
    for f in Case.__strawberry_definition__.fields
    if f.base_resolver is None and f.python_name not in ("id", "overdue", "deadline_state")
}
_COMPUTED_PLAIN = {"overdue", "deadlineState"}  # from due_at, set by ListedCase as Case.of does
_COMPUTED = {"id", "__typename"}
_UNIT_FIELDS = {"id", "name", "level", "path", "__typename"}
_LEADER_FIELDS = {"id", "username", "displayName", "__typename"}
_CONNECTION_FIELDS = {"pageInfo", "totalCount", "__typename"}
# `deadlineProvisional` reads these columns of the row (`deadlines.running_start`, the county).
_PROVISIONAL_COLUMNS = ("tenant_id", "status", "registered_at", "forwarded_at", "accepted_at",
                        "review_requested_at", "rereview_requested_at", "due_at")


def _flat(selections: list) -> list[SelectedField] | None:
    """Fields with fragments spread; None when a directive (@include, @skip …) is involved."""
    out: list[SelectedField] = []
    for selection in selections:
        if selection.directives:
            return None
        if isinstance(selection, SelectedField):
            out.append(selection)
        else:
            inner = _flat(selection.selections)
            if inner is None:
                return None
            out.extend(inner)
    return out


# Plans by the identity of the field's nodes (the parser cache hands out the same parsed document
# for the same text; nothing in a plan depends on the variables: any directive means no plan).
# Each entry holds its nodes, so that no id is reused while it lives.
_PLANS: OrderedDict[tuple[int, ...], tuple[object, Columns | None]] = OrderedDict()
_PLANS_SIZE = 256


def plan(info: Info) -> Columns | None:
    """The columns a connection's selection needs, or None when it needs the general path."""
    nodes = info._raw_info.field_nodes
    key = tuple(map(id, nodes))
    hit = _PLANS.get(key)
    if hit is not None:
        _PLANS.move_to_end(key)
        return hit[1]
    columns = _plan(info)
    _PLANS[key] = (nodes, columns)
    while len(_PLANS) > _PLANS_SIZE:
        _PLANS.popitem(last=False)
    return columns


def _plan(info: Info) -> Columns | None:
    connection = _flat(info.selected_fields)
    if connection is None or len(connection) != 1:
        return None
    node: list[SelectedField] = []
    for field in _flat(connection[0].selections) or [None]:
        if field is None:
            return None
        if field.name in _CONNECTION_FIELDS:
            continue
        if field.name != "edges":
            return None
        for edge_field in _flat(field.selections) or [None]:
            if edge_field is None:
                return None
            if edge_field.name in ("cursor", "__typename"):
                continue
            inner = _flat(edge_field.selections) if edge_field.name == "node" else None
            if inner is None:
                return None
            node.extend(inner)
    case: list[str] = []
    unit = leader = False
    for field in node:
        if field.name in _PLAIN:
            case.append(_PLAIN[field.name])
        elif field.name in ("unit", "leader"):
            allowed = _UNIT_FIELDS if field.name == "unit" else _LEADER_FIELDS
            inner = _flat(field.selections)
            if inner is None or any(f.name not in allowed for f in inner):
                return None
            unit, leader = unit or field.name == "unit", leader or field.name == "leader"
        elif field.name == "deadlineProvisional":
            case.extend(_PROVISIONAL_COLUMNS)
        elif field.name not in _COMPUTED and field.name not in _COMPUTED_PLAIN:
            return None
    if not listable(case):
        return None
    return Columns(case=tuple(dict.fromkeys(case)), unit=unit, leader=leader)


class ListedCase:
    """A listed row as the `Case` type reads it: plain fields as attributes (copied from the row),
    the row as `model` (due_at, unit_id, leader_id for the computed fields), unit and leader
    already built."""

    listed_unit: object = NOT_LISTED
    listed_leader: object = NOT_LISTED

    def __init__(self, row: Row, columns: Columns, now: dt.datetime) -> None:
        # The selected columns as attributes, as on a Case (any other is missing): each is read
        # about once, and a __getattr__ fallback costs an AttributeError per read.
        # By name through the row's mapping: the same values as row.<name>, several times cheaper.
        get = row._mapping.__getitem__
        for name in columns.case:
            setattr(self, name, get(name))
        self.id = strawberry.ID(ids.encode("Case", get("id")))
        self.deadline_state = deadline_state(get("due_at"), now)
        self.overdue = self.deadline_state == DeadlineState.OVERDUE
        self.model = row
        self.detail = False
        if columns.unit:
            self.listed_unit = Unit(
                id=strawberry.ID(ids.encode("Unit", get("unit_id"))), name=get("unit_name"),
                level=get("unit_level"), path=get("unit_path"), model=None,
            )
        if columns.leader:
            leader_id = get("leader_id")
            self.listed_leader = None if leader_id is None else User(
                id=strawberry.ID(ids.encode("User", leader_id)), username=get("leader_username"),
                display_name=get("leader_display_name"), model=None,
            )


class ListedConnection(CaseConnection):
    """A page of the fast lane: its edges hold ListedCase rows (schema/case_list_completion.py
    serialises it without a resolver call per field)."""


def connection(page: Page[Row], count_query, columns: Columns) -> CaseConnection:
    now = utcnow()
    return ListedConnection(
        edges=[CaseEdge(node=ListedCase(r, columns, now), cursor=c) for r, c in zip(page.items, page.cursors, strict=True)],
        page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.cursors[-1] if page.cursors else None),
        count_query=count_query,
    )
