"""Unit tree import: reading sheets and planning changes (pure, no database)."""
from pathlib import Path

import pytest

from server.admin.importer import layouts, planning, sheet
from server.admin.importer.layouts import County, ExistingUnit, Layout
from server.admin.importer.planning import ChangeKind
from server.unit.models import UnitLevel

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "units"
COUNTY = County("/990000/990100/990122", "枞溪县")
C = COUNTY.path


def read(name: str) -> list[list[str]]:
    return sheet.read_sheet(name, (FIXTURES / name).read_bytes())


def existing_from(plan: planning.Plan) -> list[ExistingUnit]:
    """The units a fresh import of `plan` would have created."""
    return [
        ExistingUnit(id=i, path=c.path, parent_path=c.path.rsplit("/", 1)[0], level=c.level,
                     code=c.path.rsplit("/", 1)[-1], name=c.name, retired=False)
        for i, c in enumerate(plan.changes, start=1)
    ]


def test_statistical_codes_csv_maps_codes_onto_paths():
    plan = planning.plan(read("990122_codes.csv"), COUNTY, [])
    assert plan.ok, plan.errors
    assert plan.layout == Layout.CODES
    assert plan.skipped == 3  # the neighbouring county's rows
    assert plan.counts()["ADD"] == 3 + 9
    paths = {c.path: (c.level, c.name) for c in plan.changes}
    assert paths[f"{C}/001"] == (UnitLevel.TOWNSHIP, "城关镇")
    assert paths[f"{C}/001/004"] == (UnitLevel.VILLAGE, "老街社区")
    assert paths[f"{C}/003/002"] == (UnitLevel.VILLAGE, "梨园村")
    # Townships come before their villages, so a parent always exists when a child is added.
    kinds = [c.level for c in plan.changes]
    assert kinds.index(UnitLevel.VILLAGE) > max(i for i, k in enumerate(kinds) if k == UnitLevel.TOWNSHIP)


def test_xlsx_gbk_csv_and_utf8_csv_give_the_same_plan():
    plans = [planning.plan(read(name), COUNTY, []) for name in
             ("990122_codes.csv", "990122_codes_gbk.csv", "990122_codes.xlsx")]
    assert all(p.ok for p in plans)
    assert plans[0].changes == plans[1].changes == plans[2].changes


def test_reimporting_the_same_file_changes_nothing():
    first = planning.plan(read("990122_codes.csv"), COUNTY, [])
    again = planning.plan(read("990122_codes.csv"), COUNTY, existing_from(first))
    assert again.ok and again.changes == [] and again.unchanged == 12


def test_name_parent_sheet_assigns_stable_codes():
    first = planning.plan(read("990122_names.csv"), COUNTY, [])
    assert first.ok, first.errors
    assert first.layout == Layout.NAMES
    assert {c.path for c in first.changes} >= {f"{C}/001", f"{C}/002", f"{C}/001/001", f"{C}/002/003"}
    again = planning.plan(read("990122_names.csv"), COUNTY, existing_from(first))
    assert again.changes == [] and again.unchanged == 12


def test_rename_retire_restore_and_move():
    first = planning.plan(read("990122_codes.csv"), COUNTY, [])
    units = existing_from(first)
    # 高塘村 was retired earlier; it comes back. 东风村 is renamed, 河口村 moves to 城关镇 under a
    # new code, 梨园村 disappears.
    units = [u if u.name != "高塘村" else ExistingUnit(**{**u.__dict__, "retired": True}) for u in units]
    rows = [r for r in read("990122_codes.csv") if r[2] not in ("梨园村", "河口村")]
    rows = [[r[0], r[1], "东风社区" if r[2] == "东风村" else r[2]] for r in rows]
    rows.append(["990122001005", "220", "河口村"])
    plan = planning.plan(rows, COUNTY, units, mode=planning.Mode.REPLACE)
    assert plan.ok, plan.errors
    by_kind = {(c.kind, c.name): c for c in plan.changes}
    assert by_kind[(ChangeKind.RENAME, "东风社区")].old_name == "东风村"
    assert (ChangeKind.RESTORE, "高塘村") in by_kind
    move = by_kind[(ChangeKind.MOVE, "河口村")]
    assert (move.path, move.new_path) == (f"{C}/003/001", f"{C}/001/005")
    assert by_kind[(ChangeKind.RETIRE, "梨园村")].path == f"{C}/003/002"
    assert plan.counts() == {"ADD": 0, "RENAME": 1, "MOVE": 1, "RETIRE": 1, "RESTORE": 1}


def test_errors_are_reported_per_row_and_nothing_is_planned():
    plan = planning.plan(read("990122_errors.csv"), COUNTY, [])
    assert not plan.ok and plan.changes == []
    found = {(e.line, e.code) for e in plan.errors}
    assert found == {
        (4, "DUPLICATE_CODE"),   # 990122001001 twice
        (5, "MISSING_PARENT"),   # a village of township 009, which the sheet does not have
        (6, "BAD_CODE"),         # not 12 digits
        (7, "REQUIRED"),         # no name
        (8, "LEVEL_MISMATCH"),   # a village code declared as a city
    }
    dup = next(e for e in plan.errors if e.code == "DUPLICATE_CODE")
    assert dup.params["first"] == 3


def test_cycles_and_missing_parents_in_a_name_sheet():
    plan = planning.plan(read("names_cycle.csv"), COUNTY, [])
    codes = {(e.line, e.code) for e in plan.errors}
    assert codes == {(3, "CYCLE"), (4, "CYCLE"), (5, "MISSING_PARENT")}


def test_duplicate_names_under_one_parent():
    rows = [["名称", "上级"], ["城关镇", "枞溪县"], ["东风村", "城关镇"], ["东风村", "城关镇"]]
    plan = planning.plan(rows, COUNTY, [])
    assert [(e.line, e.code) for e in plan.errors] == [(4, "DUPLICATE_NAME")]


def test_a_village_below_a_village_is_too_deep():
    rows = [["名称", "上级"], ["城关镇", "枞溪县"], ["东风村", "城关镇"], ["一组", "东风村"]]
    plan = planning.plan(rows, COUNTY, [])
    assert [(e.line, e.code) for e in plan.errors] == [(4, "TOO_DEEP")]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "EMPTY_FILE"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "NOT_A_SPREADSHEET"),
        (b"%PDF-1.7\n\x00\x01\x02\x03binary", "NOT_A_SPREADSHEET"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "OLD_XLS"),
        (b"PK\x03\x04 this zip is no workbook", "NOT_A_SPREADSHEET"),
    ],
)
def test_files_that_are_not_sheets_are_refused(data, code):
    with pytest.raises(sheet.SheetError) as raised:
        sheet.read_sheet("units.xlsx", data)
    assert raised.value.code == code


def test_unknown_header_and_empty_sheet():
    assert planning.plan([["foo", "bar"], ["1", "2"]], COUNTY, []).errors[0].code == "UNKNOWN_LAYOUT"
    only_header = planning.plan([["统计用区划代码", "名称"]], COUNTY, [])
    assert only_header.errors[0].code == "NO_UNITS"


def test_level_of_code():
    assert layouts.level_of_code("990000000000") == UnitLevel.PROVINCE
    assert layouts.level_of_code("990100000000") == UnitLevel.CITY
    assert layouts.level_of_code("990122000000") == UnitLevel.COUNTY
    assert layouts.level_of_code("990122001000") == UnitLevel.TOWNSHIP
    assert layouts.level_of_code("990122001014") == UnitLevel.VILLAGE


# ---------------------------------------------------------------------------------------------
# Modes: MERGE adds and updates (the default, retires nothing); REPLACE is a full list of a scope.


def test_a_two_row_sheet_in_the_default_mode_retires_nothing():
    """The issue's case: a 2-row sheet used to preview "新增 1 … 撤销 79"."""
    units = existing_from(planning.plan(read("990122_codes.csv"), COUNTY, []))
    rows = [["统计用区划代码", "名称"], ["990122001000", "城关镇"], ["990122001009", "新村"]]
    plan = planning.plan(rows, COUNTY, units)
    assert plan.ok, plan.errors
    assert plan.mode == planning.Mode.MERGE and plan.scope is None
    assert plan.counts() == {"ADD": 1, "RENAME": 0, "MOVE": 0, "RETIRE": 0, "RESTORE": 0}
    assert plan.unchanged == 1


def test_merge_renames_and_restores_but_never_moves_or_retires():
    units = existing_from(planning.plan(read("990122_codes.csv"), COUNTY, []))
    units = [u if u.name != "高塘村" else ExistingUnit(**{**u.__dict__, "retired": True}) for u in units]
    rows = [r for r in read("990122_codes.csv") if r[2] not in ("梨园村", "河口村")]
    rows = [[r[0], r[1], "东风社区" if r[2] == "东风村" else r[2]] for r in rows]
    rows.append(["990122001005", "220", "河口村"])
    plan = planning.plan(rows, COUNTY, units)
    # 河口村 under 城关镇 is a new village here: a merge never moves a unit away from where it is.
    assert plan.counts() == {"ADD": 1, "RENAME": 1, "MOVE": 0, "RETIRE": 0, "RESTORE": 1}


def test_replace_puts_the_retirements_first():
    units = existing_from(planning.plan(read("990122_codes.csv"), COUNTY, []))
    rows = [["统计用区划代码", "名称"], ["990122001000", "城关镇"], ["990122001009", "新村"]]
    plan = planning.plan(rows, COUNTY, units, mode=planning.Mode.REPLACE)
    assert plan.scope == C
    assert plan.counts()["RETIRE"] == 11 and plan.counts()["ADD"] == 1
    kinds = [c.kind for c in plan.changes]
    assert kinds[:11] == [ChangeKind.RETIRE] * 11 and kinds[-1] == ChangeKind.ADD


def test_replace_of_one_township_retires_only_its_villages():
    units = existing_from(planning.plan(read("990122_codes.csv"), COUNTY, []))
    township = f"{C}/001"
    # 城关镇's full list without 新华村 (its 3rd village) and with a new one.
    rows = [["名称", "上级"], ["东风村", "城关镇"], ["红旗村", "城关镇"], ["老街社区", "城关镇"], ["新村", "城关镇"]]
    plan = planning.plan(rows, COUNTY, units, mode=planning.Mode.REPLACE, scope=township)
    assert plan.ok, plan.errors
    retired = [c for c in plan.changes if c.kind == ChangeKind.RETIRE]
    assert [c.name for c in retired] == ["新华村"]
    assert all(c.path.startswith(township + "/") for c in plan.changes)
    # The same sheet naming a village of another township is refused, row by row.
    rows.append(["杨树村", "柳河镇"])
    refused = planning.plan(rows, COUNTY, units, mode=planning.Mode.REPLACE, scope=township)
    assert [(e.line, e.code) for e in refused.errors] == [(6, "OUTSIDE_SCOPE")]


def test_a_name_sheet_may_name_a_parent_that_already_exists():
    units = existing_from(planning.plan(read("990122_names.csv"), COUNTY, []))
    chengguan = next(u for u in units if u.name == "城关镇")
    rows = [["名称", "上级"], ["新村", "城关镇"]]
    plan = planning.plan(rows, COUNTY, units)
    assert plan.ok, plan.errors
    [add] = plan.changes
    assert (add.kind, add.level, add.parent_path) == (ChangeKind.ADD, UnitLevel.VILLAGE, chengguan.path)
    assert add.path == f"{chengguan.path}/005"  # the next free code after its four villages
    # A parent that is a village makes the row too deep; one that exists nowhere is missing.
    rows = [["名称", "上级"], ["一组", "东风村"], ["新村", "不存在镇"]]
    errors = planning.plan(rows, COUNTY, units).errors
    assert [(e.line, e.code) for e in errors] == [(2, "TOO_DEEP"), (3, "MISSING_PARENT")]


def test_a_code_sheet_may_list_villages_of_an_existing_township():
    units = existing_from(planning.plan(read("990122_codes.csv"), COUNTY, []))
    rows = [["统计用区划代码", "名称"], ["990122002009", "新村"]]
    plan = planning.plan(rows, COUNTY, units)
    assert plan.ok, plan.errors
    assert [(c.kind, c.path) for c in plan.changes] == [(ChangeKind.ADD, f"{C}/002/009")]
