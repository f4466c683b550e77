"""An accusation is never seen by the accused — on any read path.

信访工作条例 第三十条: "对信访人的检举、揭发材料……不得将检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位。"

The sweep runs every root field of the GraphQL Query type, every plain HTTP route and the live
subscription as each user of the accused unit's subtree, once before an accusation against the
unit exists and once after it was registered, accepted, noted, given a file and discussed in a
county meeting. The answers must be the same (so no list, count, figure or signal moved), and
none may carry the case's id, title, content, petitioner or file. A query field or route that is
in neither table below fails the test: a new read path has to be classified here first.
"""
import datetime as dt
import json

import pytest
from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType

from schema import build_schema
from server import ids
from server.dates import CHINA, utcnow
from server.ratelimit import limiter
from tests.api.helpers import REGISTER, case_input, unit_id
from tests.api.ws import websocket

COUNTY = "/990000/990100/990122"
ACCUSED = "/990000/990100/990122/001"  # 城关镇: the accusation concerns its officials
VILLAGE = "/990000/990100/990122/001/001"
ACCUSED_USERS = ("t01_officer", "t01_leader", "t01_admin", "t01v01")
MARKERS = ("哨点标记甲乙丙", "检举人郑某某", "13987654321", "8765", "sweep-evidence.png")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 80

# Every root query field, with the arguments the sweep passes. Placeholders: $OWN (the viewer's
# own unit), $COUNTY, $YEAR, $CASE (the accusation, or an id that exists nowhere before it),
# $MEETING (the county meeting that discussed it), $NOWHERE:Type (an id of nothing).
QUERIES: dict[str, dict] = {
    "me": {}, "viewerCan": {}, "inbox": {}, "screeningTasks": {}, "sanwuTemplates": {}, "publicCounties": {},
    "tenants": {}, "policy": {}, "roles": {},
    "unit": {"id": "$OWN"}, "units": {"parentId": "$OWN"},
    "forwardTargets": {"caseId": "$CASE"}, "case": {"id": "$CASE"}, "caseAssignees": {"id": "$CASE"},
    "caseAssigneesConnection": {"id": "$CASE", "first": 100},
    "caseLeaderOptions": {"id": "$CASE"}, "holidayCalendar": {}, "holidayYearHistory": {"year": 2027},
    "cases": {"first": 100},
    "inboxCases": {"task": "*", "first": 100},
    "trackCase": {"queryCode": "ABCDEFGHJKLM", "phoneLast4": "4321"},
    "ratingLinkCase": {"token": "bm90LWEtdG9rZW4"},
    "publicUnits": {"parentId": "$OWN"}, "publicUnitsConnection": {"parentId": "$OWN", "first": 100},
    "auditEvents": {"first": 100},
    "screeningReport": {"id": "$NOWHERE:ScreeningReport"},
    "screeningReports": {"unitId": "$OWN"},
    "screeningReportsConnection": {"unitId": "$OWN", "first": 100},
    "screeningStatus": {"unitId": "$OWN", "children": True},
    "dispute": {"id": "$NOWHERE:Dispute"}, "disputes": {"unitId": "$OWN"},
    "meetingAttendeeOptions": {"unitId": "$OWN"},
    "meetingAttendeeOptionsConnection": {"unitId": "$OWN", "first": 100},
    "meeting": {"id": "$MEETING"}, "meetings": {"year": "$YEAR"},
    "meetingStatus": {"unitId": "$OWN", "children": True},
    "myMeetingDecisions": {"open": False},
    "incidents": {"year": "$YEAR"}, "incident": {"id": "$NOWHERE:Incident"},
    "incidentsConnection": {"year": "$YEAR", "first": 100},
    "sanwuStatus": {"unitId": "$OWN", "year": "$YEAR"},
    "sanwuTargets": {"countyId": "$COUNTY", "year": "$YEAR"},
    "annualReview": {"countyId": "$COUNTY", "year": "$YEAR", "live": True},
    "unitAnnualReview": {"unitId": "$OWN", "year": "$YEAR"},
    "standardRates": {"unitId": "$OWN", "start": "$JAN1", "end": "$DEC31"},
    "evaluationSettings": {"countyId": "$COUNTY"},
    "campaign": {"countyId": "$COUNTY", "year": "$YEAR"},
    "selfAssessment": {"unitId": "$OWN", "year": "$YEAR"},
    "workSubmissions": {"unitId": "$OWN", "year": "$YEAR", "subtree": True},
    "declarations": {"year": "$YEAR"}, "declaration": {"id": "$NOWHERE:Declaration"},
    "evaluationSettingsVersions": {"countyId": "$COUNTY"},
    "evaluationSettingsPreview": {"input": {"countyId": "$COUNTY", "template": {}, "policy": {}}},
    "adminUsers": {"first": 100}, "grantableRoles": {"unitId": "$OWN"}, "policyPreview": {},
    "tenantSettings": {"tenantId": "$COUNTY"}, "tenantSettingsHistory": {"tenantId": "$COUNTY"},
    "tenantSettingsHistoryConnection": {"tenantId": "$COUNTY", "first": 100},
    "unitRanking": {"unitId": "$COUNTY", "year": "$YEAR"},  # province and city reviewers only
}
# Public, county-wide aggregates: they count every case of the county (the accusation too) and
# name none; the sweep checks that nothing of the case shows, not that the totals stay put.
COUNTY_WIDE = {"publicTransparency": {"countyId": "$COUNTY", "year": "$YEAR"}}

# Every plain HTTP route: how the sweep reads it, or why it carries nothing of a case.
ROUTES = {
    "/healthz": "no case data",
    "/graphql": "swept field by field above (and the subscription over the WebSocket below)",
    "/": "the PWA's static files",
    "/exports/annual-review/{county_id}/{year}.{fmt}": "read",
    "/exports/declarations/{id}.{fmt}": "read",
    "/exports/cases.xlsx": "read",
    "/letters/reply/{case_id}": "read",
    "/letters/print.js": "a static script (the letter's print button), the same for everyone",
    "/attachments/{attachment_id}": "read",
    "/attachments": "upload only (answers the new file's id)",
    "/public/attachments": "a citizen's upload only (answers a token)",
    "/admin/import/{kind:str}": "unit and account sheets; answers the rows it read",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


def _named(type_):
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def _selection(type_, depth: int) -> str:
    """Every field reachable without required arguments, `depth` objects deep."""
    type_ = _named(type_)
    if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
        return ""
    if not isinstance(type_, GraphQLObjectType):
        return "{ __typename }"
    parts = []
    for name, field in type_.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in field.args.values()):
            continue
        inner = _named(field.type)
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            parts.append(name)
        elif depth > 0:
            sub = _selection(inner, depth - 1)
            if sub:
                parts.append(f"{name} {sub}")
    return "{ " + " ".join(parts) + " }" if parts else ""


def _literal(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.isupper() and value.isidentifier():
        return value  # an enum value
    return json.dumps(value, ensure_ascii=False)


def _operations(graphql_schema, fields: dict[str, dict], values: dict[str, object]) -> dict[str, str]:
    query_type = graphql_schema.query_type
    out = {}
    for name, args in fields.items():
        field = query_type.fields[name]
        selection = _selection(field.type, 3)
        variants = [args]
        if args.get("task") == "*":
            variants = [{**args, "task": v} for v in _named(field.args["task"].type).values]
        for variant in variants:
            resolved = {k: _resolve(v, values) for k, v in variant.items()}
            call = f"({', '.join(f'{k}: {_literal(v)}' for k, v in resolved.items())})" if resolved else ""
            out[f"{name}{call}"] = f"{{ {name}{call} {selection} }}"
    return out


def _resolve(value, values: dict[str, object]):
    if isinstance(value, dict):
        return {k: _resolve(v, values) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("$NOWHERE:"):
        return ids.encode(value.split(":", 1)[1], 987_654_321)
    if isinstance(value, str) and value.startswith("$"):
        return values[value[1:]]
    return value


def test_every_query_field_and_route_is_classified(settings, app):
    fields = set(build_schema(settings)._schema.query_type.fields)
    assert fields == set(QUERIES) | set(COUNTY_WIDE), (
        "classify the new or removed query fields in the accusation sweep: "
        f"{sorted(fields ^ (set(QUERIES) | set(COUNTY_WIDE)))}"
    )
    paths = {getattr(r, "path", None) for r in app.routes}
    assert paths == set(ROUTES), f"classify the new or removed routes: {sorted(paths ^ set(ROUTES))}"


async def _read_everything(app, clients: dict, values_of) -> dict:
    graphql_schema = build_schema(app.state.settings)._schema
    seen: dict[tuple[str, str], object] = {}
    for username, client in clients.items():
        values = values_of(username)
        for label, query in _operations(graphql_schema, QUERIES, values).items():
            body = await client.execute(query)
            seen[(username, label)] = body
        for label, query in _operations(graphql_schema, COUNTY_WIDE, values).items():
            seen[(username, "county-wide " + label)] = await client.execute(query)
        http = client.http
        seen[(username, "ledger")] = await _ledger_rows(http)
        for fmt in ("xlsx", "pdf"):
            response = await http.get(f"/exports/annual-review/{values['COUNTY']}/{values['YEAR']}.{fmt}")
            seen[(username, f"annual-review.{fmt}")] = response.status_code
        seen[(username, "declaration")] = (await http.get(f"/exports/declarations/{ids.encode('Declaration', 987_654_321)}.pdf")).status_code
        seen[(username, "letter")] = (await http.get(f"/letters/reply/{values['CASE']}")).status_code
        seen[(username, "file")] = (await http.get(f"/attachments/{values['FILE']}")).status_code
        async with websocket(app, dict(http.cookies)) as socket:
            await socket.subscribe("subscription { inboxChanged { toAccept toAssign dueSoon overdue supervised toReview extensionRequests flagged } }")
            seen[(username, "inboxChanged")] = await socket.receive()
    return seen


async def _ledger_rows(http) -> object:
    from io import BytesIO

    from openpyxl import load_workbook

    response = await http.get("/exports/cases.xlsx")
    if response.status_code != 200:
        return response.status_code
    sheet = load_workbook(BytesIO(response.content)).active
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


async def test_an_accusation_reaches_no_user_of_the_accused_unit_on_any_path(client_factory, app, db, settings, tmp_path):
    settings.attachment_dir = tmp_path / "files"
    county = await client_factory("xfj_officer", via_password=False)
    clients = {name: await client_factory(name, via_password=False) for name in ACCUSED_USERS}
    today = utcnow().astimezone(CHINA).date()
    own = {"t01v01": await unit_id(db, VILLAGE)}
    fixed = {
        "COUNTY": await unit_id(db, COUNTY), "YEAR": today.year,
        "JAN1": dt.date(today.year, 1, 1).isoformat(), "DEC31": dt.date(today.year, 12, 31).isoformat(),
    }
    township = await unit_id(db, ACCUSED)
    before_ids = {"CASE": ids.encode("Case", 987_654_321), "MEETING": ids.encode("Meeting", 987_654_321),
                  "FILE": ids.encode("Attachment", 987_654_321)}

    before = await _read_everything(app, clients, lambda u: {**fixed, **before_ids, "OWN": own.get(u, township)})

    # The county bureau registers an accusation against 城关镇's officials, with a file, at one of
    # its villages (属地), accepts it, notes it and discusses it in a county meeting.
    upload = await county.http.post("/attachments", files={"file": (MARKERS[4], PNG, "image/png")},
                                    headers={"x-requested-with": "lianchuang"})
    assert upload.status_code == 201, upload.text
    file_id = upload.json()["id"]
    created = (await county.data(REGISTER, {"input": case_input(
        await unit_id(db, VILLAGE), kind="ACCUSATION", accusedUnitId=township, title=f"反映镇干部截留补助 {MARKERS[0]}",
        content=f"{MARKERS[0]} 详情", petitioners=[{"name": MARKERS[1], "phone": MARKERS[2]}], attachmentIds=[file_id],
    )}))["registerCase"]
    assert created["userErrors"] == [], created
    case_id = created["case"]["id"]
    accepted = await county.data('mutation($id:ID!){acceptCase(id:$id, note:"受理"){userErrors{code}}}', {"id": case_id})
    assert accepted["acceptCase"]["userErrors"] == []
    noted = await county.data('mutation($id:ID!){addCaseNote(id:$id, note:"已约谈"){userErrors{code}}}', {"id": case_id})
    assert noted["addCaseNote"]["userErrors"] == []
    me = (await county.data("{ me { id } }"))["me"]["id"]
    meeting = (await county.data(
        """mutation($i: RecordMeetingInput!) { recordMeeting(input: $i) { meeting { id } userErrors { field code } } }""",
        {"i": {"unitId": fixed["COUNTY"], "kind": "ANALYSIS", "heldOn": today.isoformat(), "attendeeIds": [me],
               "summary": f"研判 {MARKERS[0]}", "caseIds": [case_id],
               "decisions": [{"content": f"核查 {MARKERS[0]}", "ownerId": me}]}},
    ))["recordMeeting"]
    assert meeting["userErrors"] == [], meeting

    after_ids = {"CASE": case_id, "MEETING": meeting["meeting"]["id"], "FILE": file_id}
    after = await _read_everything(app, clients, lambda u: {**fixed, **after_ids, "OWN": own.get(u, township)})

    forbidden = (*MARKERS, case_id, after_ids["MEETING"], file_id)
    assert len(before) == len(after) > 60 * len(ACCUSED_USERS)
    for key, answer in after.items():
        text = json.dumps(answer, ensure_ascii=False, default=str)
        leaked = [m for m in forbidden if m in text]
        assert not leaked, f"{key} shows {leaked} to the accused unit: {text[:500]}"
        if not key[1].startswith("county-wide"):
            assert answer == before[_same(key, before)], f"{key} changed once the accusation existed"
    # The sweep is not vacuous: the county, which handles it, does read it.
    assert (await county.data("query($id:ID!){ case(id:$id) { title } }", {"id": case_id}))["case"]["title"].endswith(MARKERS[0])


def _same(key: tuple[str, str], before: dict) -> tuple[str, str]:
    """The answer before the accusation to the same question (ids differ, the field does not)."""
    username, label = key
    if key in before:
        return key
    name = label.split("(")[0]
    matches = [k for k in before if k[0] == username and k[1].split("(")[0] == name]
    assert len(matches) == 1, (key, matches)
    return matches[0]
