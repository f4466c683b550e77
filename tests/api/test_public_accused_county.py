"""The public form cannot name the county itself as the accused unit: its accusation would have to
go one level above the county (the city), outside this system. The picker does not offer it
(pwa/src/features/public/accusedUnitPicker.spec.ts); a form that sends it anyway gets a translated userError, never INTERNAL.

Issue 13: "The public form must ask what or whom the accusation concerns (the unit, or "not sure"),
route it one level above the accused unit". 信访工作条例 第三十条: "不得将检举、揭发材料以及有关情况
透露或者转给被检举、揭发的人员或者单位。"
"""
import pytest

from server.ratelimit import limiter
from tests.api.helpers import unit_id

COUNTY = "/990000/990100/990122"
VILLAGE = "/990000/990100/990122/001/001"
SUBMIT = """mutation($i: SubmitPetitionInput!) { submitPetition(input: $i) {
  queryCode userErrors { field code message } } }"""


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


@pytest.mark.parametrize(("locale", "message"), [
    ("zh-CN", "检举控告县级机关工作人员的事项请向市级信访部门反映"),
    ("en", "Accusations against county officials go to the city petition bureau"),
])
async def test_an_accusation_naming_the_county_itself_is_refused_with_a_translated_message(anon, db, locale, message):
    body = await anon.execute(SUBMIT, {"i": {
        "unitId": await unit_id(db, VILLAGE), "kind": "ACCUSATION", "title": "反映县里干部", "content": "县直部门干部吃拿卡要",
        "name": "钱七", "phone": "13800005555", "accusedUnitId": await unit_id(db, COUNTY),
    }}, **{"accept-language": locale})
    assert "errors" not in body, body
    result = body["data"]["submitPetition"]
    assert result["queryCode"] is None
    assert [(e["field"], e["code"], e["message"]) for e in result["userErrors"]] == [
        (["input", "accusedUnitId"], "INVALID", message)
    ]
