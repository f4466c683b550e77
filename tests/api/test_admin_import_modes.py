"""Unit import modes through HTTP: adding and updating retires nothing; a full list retires what it
leaves out only when the administrator types the number of retirements; one township's full list."""
from sqlalchemy import func, select

from server import ids
from server.audit.models import AuditEvent
from server.unit.models import Unit
from tests.api.admin_support import COUNTY_PATH, codes_csv, demo_rows, ndjson, upload


async def _id(db, path: str) -> str:
    return ids.encode("Unit", await db.scalar(select(Unit.id).where(Unit.path == path)))


async def _retired(db) -> int:
    return await db.scalar(select(func.count()).select_from(Unit).where(Unit.retired_at.is_not(None)))


TWO_ROWS = codes_csv([("990122001000", "城关镇"), ("990122001009", "新建村")])


async def test_a_two_row_sheet_adds_one_village_and_retires_nothing_by_default(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    tenant = await _id(db, COUNTY_PATH)
    report = (await upload(client, "units", tenant, TWO_ROWS)).json()
    assert report["mode"] == "MERGE" and report["scope"] is None
    assert report["counts"] == {"ADD": 1, "RENAME": 0, "MOVE": 0, "RETIRE": 0, "RESTORE": 0}
    progress, final = ndjson(await upload(client, "units", tenant, TWO_ROWS, apply=True))
    assert final["result"]["applied"] is True
    assert await _retired(db) == 0
    assert await db.scalar(select(Unit.name).where(Unit.path == f"{COUNTY_PATH}/001/009")) == "新建村"


async def test_a_full_county_list_needs_the_count_of_retirements_typed(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    tenant = await _id(db, COUNTY_PATH)
    preview = (await upload(client, "units", tenant, TWO_ROWS, query="&mode=REPLACE")).json()
    assert preview["scope"] == COUNTY_PATH
    retiring = preview["counts"]["RETIRE"]
    assert retiring == 79  # the other 9 townships with their 63 villages, and 城关镇's 7 villages
    assert [c["kind"] for c in preview["changes"][:retiring]] == ["RETIRE"] * retiring

    for query in ("&mode=REPLACE", "&mode=REPLACE&confirm=78", "&mode=REPLACE&confirm=abc"):
        refused = await upload(client, "units", tenant, TWO_ROWS, apply=True, query=query,
                               **{"Accept-Language": "en"})
        assert refused.status_code == 400, query
        error = refused.json()["errors"][0]
        assert error["code"] == "RETIRE_NOT_CONFIRMED" and "type 79" in error["message"]
    assert await _retired(db) == 0
    assert await db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "unit.imported")) == 0

    _, final = ndjson(await upload(client, "units", tenant, TWO_ROWS, apply=True, query="&mode=REPLACE&confirm=79"))
    assert final["result"]["applied"] is True
    assert await _retired(db) == 79
    audit = await db.scalar(select(AuditEvent).where(AuditEvent.action == "unit.imported"))
    assert audit.detail["mode"] == "REPLACE" and audit.detail["counts"]["RETIRE"] == 79


async def test_a_full_list_of_one_township_retires_only_its_missing_villages(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    tenant = await _id(db, COUNTY_PATH)
    township = await _id(db, f"{COUNTY_PATH}/002")
    rows = [(c, n) for c, n in demo_rows() if c.startswith("990122002") and c != "990122002003"]
    sheet = codes_csv(rows)
    preview = (await upload(client, "units", tenant, sheet, query=f"&mode=REPLACE&scope={township}")).json()
    assert preview["ok"], preview["errors"]
    assert preview["scope"] == f"{COUNTY_PATH}/002"
    assert [(c["kind"], c["path"]) for c in preview["changes"]] == [("RETIRE", f"{COUNTY_PATH}/002/003")]
    _, final = ndjson(await upload(client, "units", tenant, sheet, apply=True,
                                   query=f"&mode=REPLACE&scope={township}&confirm=1"))
    assert final["result"]["applied"] is True
    assert await _retired(db) == 1
    # A village of another township in that sheet is refused row by row.
    other = codes_csv(rows + [("990122003001", demo_rows()[0][1] + "X")])
    refused = (await upload(client, "units", tenant, other, query=f"&mode=REPLACE&scope={township}")).json()
    assert refused["ok"] is False and refused["errors"][0]["code"] == "OUTSIDE_SCOPE"


async def test_the_scope_must_be_a_township_of_the_county(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    tenant = await _id(db, COUNTY_PATH)
    village = await _id(db, f"{COUNTY_PATH}/001/001")
    response = await upload(client, "units", tenant, TWO_ROWS, query=f"&mode=REPLACE&scope={village}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "BAD_IMPORT_SCOPE"
    bad_mode = await upload(client, "units", tenant, TWO_ROWS, query="&mode=DELETE_ALL")
    assert bad_mode.status_code == 400


async def test_a_name_sheet_adds_a_village_under_an_existing_township(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    tenant = await _id(db, COUNTY_PATH)
    name = await db.scalar(select(Unit.name).where(Unit.path == f"{COUNTY_PATH}/003"))
    sheet = f"名称,上级\n新建村,{name}\n".encode()
    _, final = ndjson(await upload(client, "units", tenant, sheet, apply=True))
    assert final["result"]["applied"] is True, final
    assert await db.scalar(select(Unit.name).where(Unit.path == f"{COUNTY_PATH}/003/008")) == "新建村"
    assert await _retired(db) == 0


async def test_create_tenant_takes_six_digit_codes_only(client_factory):
    platform = await client_factory("admin", via_password=False)
    mutation = """mutation($i: CreateTenantInput!){ createTenant(input:$i){ tenant{ path }
                  userErrors{ code field message } } }"""
    base = {"provinceCode": "990000", "provinceName": "江淮省", "cityCode": "990100", "cityName": "青川市",
            "countyCode": "990124", "countyName": "东溪县", "adminUsername": "dxx_admin",
            "adminDisplayName": "东溪县管理员"}
    twelve = {**base, "provinceCode": "990000000000", "cityCode": "990100000000", "countyCode": "990124000000"}
    errors = (await platform.data(mutation, {"i": twelve}))["createTenant"]["userErrors"]
    assert {e["field"][-1] for e in errors} == {"provinceCode", "cityCode", "countyCode"}
    assert all(e["code"] == "BAD_DIVISION_CODE" and "6 位" in e["message"] for e in errors)
    created = (await platform.data(mutation, {"i": base}))["createTenant"]
    assert created["userErrors"] == [] and created["tenant"]["path"] == "/990000/990100/990124"
