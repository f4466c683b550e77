"""The audit log: append-only even against TRUNCATE (PostgreSQL); filtered by an object's id alone."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.api.helpers import REGISTER, case_input, unit_id
from tests.conftest import BACKEND


@pytest.mark.skipif(BACKEND != "postgresql", reason="TRUNCATE exists on PostgreSQL only (SQLite's DELETE is refused row by row)")
async def test_the_audit_log_survives_truncate(connection):
    before = (await connection.execute(text("SELECT count(*) FROM audit_events"))).scalar_one()
    savepoint = await connection.begin_nested()
    with pytest.raises(DBAPIError, match="append-only"):
        await connection.execute(text("TRUNCATE audit_events"))
    await savepoint.rollback()
    assert (await connection.execute(text("SELECT count(*) FROM audit_events"))).scalar_one() == before


async def test_audit_events_filter_by_object_id_without_object_type(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    county = await client_factory("xfj_officer", via_password=False)
    admin = await client_factory("xfj_admin", via_password=False)
    case_id = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, "/990000/990100/990122/001/001"))}))["registerCase"]["case"]["id"]
    await county.data('mutation($id:ID!){superviseCase(id:$id, note:"督办"){userErrors{code}}}', {"id": case_id})
    query = "query($o: ID!) { auditEvents(objectId: $o, first: 50) { edges { node { action objectType objectId } } } }"
    for reader in (county, admin):
        body = await reader.execute(query, {"o": case_id})
        if "errors" in body:
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            continue
        nodes = [e["node"] for e in body["data"]["auditEvents"]["edges"]]
        assert nodes and {n["objectId"] for n in nodes} == {case_id}
        assert {"case.register", "case.supervise"} <= {n["action"] for n in nodes}
        break
    else:
        pytest.fail("no demo account reads the audit log")
    bad = await county.execute(query, {"o": "not-an-id"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
