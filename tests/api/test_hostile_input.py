"""Hostile and malformed input gets a clear error — never INTERNAL, never a 500 — and text is
cleaned at one boundary (GraphQL variables and literals alike)."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from server.ratelimit import limiter
from tests.api.helpers import REGISTER, case_input, unit_id
from tests.api.ws import websocket

VILLAGE = "/990000/990100/990122/001/001"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


def _codes(body: dict) -> list[str]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


async def test_control_characters_and_nul_are_removed_from_every_text_and_the_ledger_still_exports(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    # A vertical tab and NUL through variables, an escaped NUL through a literal in the document.
    created = (await clerk.data(REGISTER, {"input": case_input(
        await unit_id(db, VILLAGE), title="路灯\x0b不亮\x00了", content="第一行\n第二行\t缩进\x1b[31m",
        petitioners=[{"name": "张\x00三", "phone": "13812341234"}],
    )}))["registerCase"]
    assert created["userErrors"] == []
    assert created["case"]["title"] == "路灯不亮了"
    assert created["case"]["petitioners"][0]["name"] == "张三"
    detail = await clerk.data("query($id:ID!){case(id:$id){content}}", {"id": created["case"]["id"]})
    assert detail["case"]["content"] == "第一行\n第二行\t缩进[31m"  # line breaks and tabs stay
    noted = await county.data(
        'mutation($id:ID!){superviseCase(id:$id, note:"核实\\u0000情况\\u000b"){userErrors{code}}}', {"id": created["case"]["id"]}
    )
    assert noted["superviseCase"]["userErrors"] == []
    notes = (await county.data("query($id:ID!){case(id:$id){supervisions{note}}}", {"id": created["case"]["id"]}))["case"]
    assert [s["note"] for s in notes["supervisions"]] == ["核实情况"]
    ledger = await county.http.get("/exports/cases.xlsx")
    assert ledger.status_code == 200
    titles = [row[9] for row in load_workbook(BytesIO(ledger.content)).active.iter_rows(values_only=True)]
    assert "路灯不亮了" in titles


async def test_a_lone_surrogate_becomes_a_replacement_character_not_an_internal_error(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    body = ('{"query": "mutation($i: RegisterCaseInput!){registerCase(input:$i){case{title} userErrors{code}}}",'
            ' "variables": {"i": {"unitId": "%s", "channel": "VISIT", "title": "\\ud800坏字符", "content": "内容",'
            ' "petitioners": [{"name": "王五", "phone": "13812341234"}]}}}' % await unit_id(db, VILLAGE))
    response = await clerk.http.post("/graphql", content=body.encode(), headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert response.json()["data"]["registerCase"]["case"]["title"] == "\ufffd坏字符"


async def test_a_body_that_is_not_utf8_is_refused_with_400(anon):
    response = await anon.http.post("/graphql", content=b'{"query": "{ me { id } }\xff\xfe"}',
                                    headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert _codes(response.json()) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("query", [
    "{ incidents(year: 99999) { id } }",
    "{ meetings(year: -5) { id } }",
    "{ incidentsConnection(year: 0) { totalCount } }",
    # A Date's year too (found by the fuzzing on PostgreSQL: a filter from year 1 overflowed).
    '{ cases(filter: { registeredFrom: "0001-01-01" }, first: 0) { totalCount } }',
    '{ cases(filter: { registeredTo: "9999-12-31" }, first: 0) { totalCount } }',
])
async def test_years_out_of_range_are_bad_user_input(client_factory, query: str):
    officer = await client_factory("xfj_officer", via_password=False)
    body = await officer.execute(query)
    assert _codes(body) == ["BAD_USER_INPUT"], body


async def test_a_date_variable_outside_the_years_is_bad_user_input_and_inside_is_answered(client_factory):
    officer = await client_factory("xfj_officer", via_password=False)
    query = "query($d: Date) { cases(filter: { registeredFrom: $d }, first: 0) { totalCount } }"
    assert _codes(await officer.execute(query, {"d": "0001-01-01"})) == ["BAD_USER_INPUT"]
    assert "errors" not in await officer.execute(query, {"d": "2026-01-01"})


async def test_a_datetime_without_time_zone_is_read_as_china_time_and_garbage_is_bad_user_input(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    created = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]
    supervise = "mutation($id:ID!,$d:DateTime){superviseCase(id:$id, note:\"督办\", dueAt:$d){userErrors{code}}}"
    ok = await county.execute(supervise, {"id": created["case"]["id"], "d": "2099-03-01T17:30:00"})
    assert "errors" not in ok, ok
    notes = (await county.data("query($id:ID!){case(id:$id){supervisions{dueAt}}}", {"id": created["case"]["id"]}))
    assert notes["case"]["supervisions"][0]["dueAt"].startswith("2099-03-01T09:30:00")  # 17:30 in China is 09:30 UTC
    for bad in ("not-a-date", "2099-13-45T00:00:00", 12345, "0001-01-01T00:00:00", "9999-12-31T23:59:59+00:00"):
        body = await county.execute(supervise, {"id": created["case"]["id"], "d": bad})
        assert _codes(body) == ["BAD_USER_INPUT"], body


async def test_null_for_a_required_id_variable_is_bad_user_input(client_factory):
    officer = await client_factory("xfj_officer", via_password=False)
    body = await officer.execute("query($id: ID!) { case(id: $id) { id } }", {"id": None})
    assert _codes(body) == ["BAD_USER_INPUT"], body
    body = await officer.execute("query($id: ID!) { case(id: $id) { id } }", {"id": {"nested": 1}})
    assert _codes(body) == ["BAD_USER_INPUT"], body


async def test_errors_over_the_websocket_carry_codes_and_no_python_text(app, client_factory):
    anon = await client_factory()
    async with websocket(app, dict(anon.http.cookies)) as socket:
        await socket.subscribe("subscription { inboxChanged { toAccept } }")
        message = await socket.receive()
    assert message["type"] in ("next", "error"), message
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert [e["extensions"]["code"] for e in errors] == ["UNAUTHENTICATED"]
    assert all("Traceback" not in e["message"] and "Error(" not in e["message"] for e in errors)
    officer = await client_factory("xfj_officer", via_password=False)
    async with websocket(app, dict(officer.http.cookies)) as socket:
        await socket.subscribe("subscription { inboxChanged { noSuchField } }")
        message = await socket.receive()
    assert message["type"] == "error"
    assert [e["extensions"]["code"] for e in message["payload"]] == ["BAD_USER_INPUT"]
