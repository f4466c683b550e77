"""The ledger export holds every case its filter selects, up to the setting
`case_export_max_rows`; beyond it the export is refused with a request to narrow the filter —
never a silently cut sheet."""
import json
from io import BytesIO
from urllib.parse import quote

from openpyxl import load_workbook

from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"


def _url(flt: dict | None = None) -> str:
    return "/exports/cases.xlsx" + (f"?filter={quote(json.dumps(flt))}" if flt else "")


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(BytesIO(content)).active.iter_rows(min_row=2, values_only=True))


async def test_a_filter_selecting_more_than_the_limit_is_refused_with_a_request_to_narrow_it(client_factory, db, settings):
    clerk = await client_factory("t01v01", via_password=False)
    for number in range(3):
        made = await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), title=f"台账上限测试{number}")})
        assert made["registerCase"]["userErrors"] == []
    county = await client_factory("xfj_officer", via_password=False)
    total = (await county.data("{ cases(first: 1) { totalCount } }"))["cases"]["totalCount"]
    assert total > 3

    settings.case_export_max_rows = total  # exactly the selection: every case, none cut
    every = await county.http.get(_url())
    assert every.status_code == 200
    assert len(_rows(every.content)) == total

    settings.case_export_max_rows = total - 1
    refused = await county.http.get(_url(), headers={"accept-language": "zh-CN"})
    assert refused.status_code == 400
    error, = refused.json()["errors"]
    assert error["code"] == "TOO_MANY" and error["field"] == ["filter"]
    assert f"{total} 件" in error["message"] and f"{total - 1} 件" in error["message"]
    assert "缩小筛选范围" in error["message"]
    english = (await county.http.get(_url(), headers={"accept-language": "en"})).json()["errors"][0]["message"]
    assert "narrow the filter" in english

    settings.case_export_max_rows = 3  # a narrower filter within the limit is exported whole
    narrowed = await county.http.get(_url({"search": "台账上限测试"}))
    assert narrowed.status_code == 200
    assert sorted(row[9] for row in _rows(narrowed.content)) == [f"台账上限测试{n}" for n in range(3)]
    settings.case_export_max_rows = 2
    assert (await county.http.get(_url({"search": "台账上限测试"}))).status_code == 400
