"""申报推荐 through HTTP: township → county → city → province → designation, with comments;
city and province reviewers see declarations and aggregate figures, never a case."""
from server.dates import utcnow
from tests.api.helpers import CASES, unit_id

YEAR = utcnow().year
COUNTY = "/990000/990100/990122"

DECL = "declaration { id status summary unit { name } steps { fromStatus toStatus comment actor { username } } }"
APPLY = "mutation($i: ApplyDeclarationInput!) { applyDeclaration(input: $i) { %s userErrors { field code } } }" % DECL
DECIDE = ("mutation($i: DecideDeclarationInput!) { decideDeclaration(input: $i) { %s userErrors { field code } } }"
          % DECL)


async def test_declaration_goes_through_every_step_with_comments(client_factory, db):
    t02 = await unit_id(db, COUNTY + "/002")
    township = await client_factory("t02_officer", via_password=False)
    applied = (await township.data(APPLY, {"i": {"unitId": t02, "year": YEAR, "comment": "自评达标"}}))[
        "applyDeclaration"]
    assert applied["userErrors"] == []
    decl = applied["declaration"]
    assert decl["status"] == "APPLIED" and decl["unit"]["name"] == "柳河镇"
    assert {"score", "grade", "rank", "sanwu", "rates"} <= set(decl["summary"])
    again = (await township.data(APPLY, {"i": {"unitId": t02, "year": YEAR}}))["applyDeclaration"]
    assert again["userErrors"][0]["code"] == "CONFLICT"

    # The township cannot declare itself to the city.
    own = (await township.data(DECIDE, {"i": {"id": decl["id"], "action": "COUNTY_DECLARE"}}))["decideDeclaration"]
    assert own["userErrors"][0]["code"] == "FORBIDDEN"

    steps = [("xfj_officer", "COUNTY_DECLARE", "COUNTY_DECLARED"), ("city_reviewer", "CITY_APPROVE", "CITY_APPROVED"),
             ("province_reviewer", "PROVINCE_RECOMMEND", "PROVINCE_RECOMMENDED"),
             ("province_reviewer", "DESIGNATE", "DESIGNATED")]
    for username, action, status in steps:
        client = await client_factory(username, via_password=False)
        # A step out of order is refused.
        if action != "COUNTY_DECLARE":
            early = (await client.data(DECIDE, {"i": {"id": decl["id"], "action": "COUNTY_DECLARE"}}))
            assert early["decideDeclaration"]["userErrors"][0]["code"] in ("INVALID_STATE", "FORBIDDEN")
        result = (await client.data(DECIDE, {"i": {"id": decl["id"], "action": action,
                                                    "comment": f"{username} 同意"}}))["decideDeclaration"]
        assert result["userErrors"] == [], (username, result)
        assert result["declaration"]["status"] == status
    final = result["declaration"]
    assert [s["toStatus"] for s in final["steps"]] == [
        "APPLIED", "COUNTY_DECLARED", "CITY_APPROVED", "PROVINCE_RECOMMENDED", "DESIGNATED"]
    assert final["steps"][2]["comment"] == "city_reviewer 同意"
    assert final["steps"][2]["actor"]["username"] == "city_reviewer"


async def test_a_return_needs_a_comment_and_the_township_can_apply_again(client_factory, db):
    t03 = await unit_id(db, COUNTY + "/003")
    township = await client_factory("t03_officer", via_password=False)
    decl = (await township.data(APPLY, {"i": {"unitId": t03, "year": YEAR}}))["applyDeclaration"]["declaration"]
    county = await client_factory("xfj_officer", via_password=False)
    no_comment = (await county.data(DECIDE, {"i": {"id": decl["id"], "action": "RETURN"}}))["decideDeclaration"]
    assert no_comment["userErrors"][0]["field"] == ["input", "comment"]
    returned = (await county.data(DECIDE, {"i": {"id": decl["id"], "action": "RETURN", "comment": "材料不全"}}))
    assert returned["decideDeclaration"]["declaration"]["status"] == "RETURNED"
    again = (await township.data(APPLY, {"i": {"unitId": t03, "year": YEAR}}))["applyDeclaration"]
    assert again["userErrors"] == [] and again["declaration"]["status"] == "APPLIED"


async def test_a_township_without_self_assessment_cannot_apply(client_factory, db):
    township = await client_factory("t05_officer", via_password=False)
    result = (await township.data(APPLY, {"i": {"unitId": await unit_id(db, COUNTY + "/005"), "year": 2031}}))
    assert result["applyDeclaration"]["userErrors"][0]["code"] == "NOT_FOUND"  # no campaign that year


async def test_city_reviewer_sees_the_declaration_and_aggregates_but_no_case(client_factory, db):
    city = await client_factory("city_reviewer", via_password=False)
    rows = (await city.data("{ declarations { status unit { name } summary } }"))["declarations"]
    assert [(r["unit"]["name"], r["status"]) for r in rows] == [("城关镇", "COUNTY_DECLARED")]
    assert rows[0]["summary"]["score"] is not None
    cases = (await city.data(CASES, {"first": 50}))["cases"]
    assert cases["totalCount"] == 0 and cases["edges"] == []
    officer = await client_factory("xfj_officer", via_password=False)
    case_id = (await officer.data(CASES, {"first": 1}))["cases"]["edges"][0]["node"]["id"]
    assert (await city.data("query($id: ID!) { case(id: $id) { id title } }", {"id": case_id}))["case"] is None
    # Nor the county's evaluation internals.
    body = await city.execute(
        "query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y) { year } }",
        {"c": await unit_id(db, COUNTY), "y": YEAR})
    assert body["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "NOT_FOUND")
    assert body["data"] is None
    # A village clerk sees no declaration of its township.
    clerk = await client_factory("t01v01", via_password=False)
    assert (await clerk.data("{ declarations { id } }"))["declarations"] == []
