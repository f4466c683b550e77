"""Importing the unit tree through HTTP: dry run, apply with progress, re-import, bad files."""
from pathlib import Path

from sqlalchemy import func, select

from server import ids
from server.audit.models import AuditEvent
from server.case.models import Case
from server.unit.models import Unit
from tests.api.admin_support import COUNTY_PATH, codes_csv, demo_rows, ndjson, upload

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "units"


async def _county(db) -> str:
    county = await db.scalar(select(Unit).where(Unit.path == COUNTY_PATH))
    return ids.encode("Unit", county.id)


async def _unit(db, path: str) -> Unit | None:
    return await db.scalar(select(Unit).where(Unit.path == path).execution_options(populate_existing=True))


async def test_the_demo_county_as_a_sheet_changes_nothing(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    response = await upload(client, "units", await _county(db), codes_csv(demo_rows()))
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["ok"] and report["layout"] == "CODES"
    assert report["changes"] == [] and report["unchanged"] == 80


def _changed_sheet() -> bytes:
    rows = demo_rows()
    rows = [(c, "东风社区" if c == "990122001001" else n) for c, n in rows]  # rename
    rows = [(c, n) for c, n in rows if c != "990122001007"]  # retire
    moved_from = "990122002001"  # 柳河镇's first village moves to 城关镇 as its 8th
    moved_name = dict(rows)[moved_from]
    rows = [(c, n) for c, n in rows if c != moved_from] + [("990122001008", moved_name)]
    rows.append(("990122003008", "新建村"))  # add
    return codes_csv(rows)


async def test_dry_run_shows_changes_and_changes_nothing(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    response = await upload(client, "units", await _county(db), _changed_sheet(), query="&mode=REPLACE")
    report = response.json()
    assert report["ok"] and not report["applied"]
    assert report["counts"] == {"ADD": 1, "RENAME": 1, "MOVE": 1, "RETIRE": 1, "RESTORE": 0}
    move = next(c for c in report["changes"] if c["kind"] == "MOVE")
    assert (move["path"], move["newPath"]) == (f"{COUNTY_PATH}/002/001", f"{COUNTY_PATH}/001/008")
    assert (await _unit(db, f"{COUNTY_PATH}/001/001")).name == "东风村"
    assert await _unit(db, f"{COUNTY_PATH}/003/008") is None


async def test_apply_streams_progress_then_applies_everything_in_one_go(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    tenant = await _county(db)
    village = await _unit(db, f"{COUNTY_PATH}/002/001")
    cases_before = await db.scalar(select(func.count()).select_from(Case).where(Case.unit_id == village.id))
    assert cases_before > 0

    response = await upload(client, "units", tenant, _changed_sheet(), apply=True, query="&mode=REPLACE&confirm=1")
    assert response.headers["content-type"].startswith("application/x-ndjson")
    progress, final = ndjson(response)
    assert progress[-1] == {"done": 4, "total": 4}
    assert final["result"]["applied"] is True

    assert (await _unit(db, f"{COUNTY_PATH}/001/001")).name == "东风社区"
    retired = await _unit(db, f"{COUNTY_PATH}/001/007")
    assert retired is not None and retired.retired_at is not None  # retired, never deleted
    assert (await _unit(db, f"{COUNTY_PATH}/003/008")).name == "新建村"
    moved = await _unit(db, f"{COUNTY_PATH}/001/008")
    assert moved.id == village.id  # the same unit, its history kept
    township = await _unit(db, f"{COUNTY_PATH}/001")
    assert moved.parent_id == township.id
    # Its cases follow it to the new path.
    paths = set(await db.scalars(select(Case.unit_path).where(Case.unit_id == village.id)))
    assert paths == {f"{COUNTY_PATH}/001/008"}
    audit = await db.scalar(select(AuditEvent).where(AuditEvent.action == "unit.imported"))
    assert audit.detail["counts"]["MOVE"] == 1

    # Importing the same file again changes nothing.
    again = (await upload(client, "units", tenant, _changed_sheet(), query="&mode=REPLACE")).json()
    assert again["ok"] and again["changes"] == []


async def test_a_large_import_reports_progress_as_it_goes(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    rows = demo_rows() + [(f"990122010{n:03d}", f"新村{n}") for n in range(8, 108)]
    response = await upload(client, "units", await _county(db), codes_csv(rows), apply=True)
    progress, final = ndjson(response)
    assert [p["done"] for p in progress] == [25, 50, 75, 100]
    assert all(p["total"] == 100 for p in progress)
    assert final["result"]["counts"]["ADD"] == 100
    count = await db.scalar(select(func.count()).select_from(Unit).where(Unit.path.like(f"{COUNTY_PATH}/010/%")))
    assert count == 107


async def test_a_sheet_with_errors_is_refused_row_by_row_and_nothing_changes(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    data = (FIXTURES / "990122_errors.csv").read_bytes()
    response = await upload(client, "units", await _county(db), data, apply=True, **{"Accept-Language": "en"})
    report = response.json()
    assert report["ok"] is False and report["applied"] is False
    by_line = {e["line"]: e for e in report["errors"]}
    assert by_line[4]["code"] == "DUPLICATE_CODE" and "line 3" in by_line[4]["message"]
    # Line 5 is a village of township 009, which the sheet lacks but the demo county has: a sheet
    # may name a parent that already exists.
    assert 5 not in by_line and by_line[6]["code"] == "BAD_CODE"
    # Nothing half-applied: the county still has its ten townships, nothing retired.
    retired = await db.scalar(select(func.count()).select_from(Unit).where(Unit.retired_at.is_not(None)))
    assert retired == 0


async def test_a_50_mb_file_is_refused_with_a_clear_message(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    response = await upload(client, "units", await _county(db), b"0" * 50_000_000, apply=True)
    assert response.status_code == 413
    error = response.json()["errors"][0]
    assert error["code"] == "FILE_TOO_LARGE" and "MB" in error["message"]


async def test_a_file_that_is_not_a_spreadsheet_is_refused(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500)
    response = await upload(client, "units", await _county(db), png, filename="photo.png")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "NOT_A_SPREADSHEET"
    legacy = await upload(client, "units", await _county(db), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert legacy.json()["errors"][0]["code"] == "OLD_XLS"


async def test_xlsx_in_the_statistical_layout(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    data = (FIXTURES / "990122_codes.xlsx").read_bytes()
    report = (await upload(client, "units", await _county(db), data, filename="区划代码.xlsx", query="&mode=REPLACE")).json()
    # The fixture's county has 3 townships with 9 villages under the demo's codes: renames and
    # retirements against the demo county, read from an XLSX whose codes are numbers.
    assert report["ok"], report["errors"]
    assert report["skipped"] == 3
    assert report["counts"]["RETIRE"] > 0 and report["counts"]["RENAME"] > 0


async def test_only_county_administrators_import_units(client_factory, db):
    tenant = await _county(db)
    for username in ("t01_admin", "t01_officer", "xfj_officer", "t01v01"):
        client = await client_factory(username, via_password=False)
        response = await upload(client, "units", tenant, codes_csv(demo_rows()), apply=True)
        assert response.status_code == 403, username
    anonymous = await client_factory()
    assert (await upload(anonymous, "units", tenant, codes_csv(demo_rows()))).status_code == 401


async def test_an_upload_needs_the_filename_header(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    response = await client.http.post(
        f"/admin/import/units?tenantId={await _county(db)}", content=codes_csv(demo_rows())
    )
    assert response.status_code == 400
