"""`viewerCan` answers what each kind of user may do, from the policy, so the app lands each on
their own home and shows only what works.

Issue 14: "public raters land on their rating tasks, assessors on their assessments, city and
province reviewers on declarations, the platform operator on tenants — not on the case officer's
ten "0" tiles."
"""
import pytest

FIELDS = (
    "exportCases handleCases registerCases readScreening readEvaluation selfAssess rateUnits assessUnits "
    "readDeclarations reviewDeclarations administer manageTenants"
).split()
QUERY = "{ viewerCan { " + " ".join(FIELDS) + " } }"

# username: the capabilities that are true (every other one is false).
EXPECTED = {
    "rater01": {"rateUnits", "readEvaluation"},
    "assessor": {"assessUnits", "readEvaluation", "readScreening"},
    "city_reviewer": {"reviewDeclarations", "readDeclarations"},
    "province_reviewer": {"reviewDeclarations", "readDeclarations"},
    "admin": {"administer", "manageTenants"},
    "xfj_admin": {"administer"},
    "t01v01": {"handleCases", "registerCases", "readScreening", "readEvaluation", "selfAssess"},
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
async def test_each_kind_of_user_can_what_the_policy_gives_their_role(client_factory, username):
    client = await client_factory(username, via_password=False)
    can = (await client.data(QUERY))["viewerCan"]
    assert {name for name, value in can.items() if value} == EXPECTED[username]


async def test_a_case_officer_handles_cases_and_also_reaches_the_rest_of_the_work(client_factory):
    can = (await (await client_factory("xfj_officer", via_password=False)).data(QUERY))["viewerCan"]
    assert can["handleCases"] and can["registerCases"] and can["exportCases"]
    assert can["readDeclarations"] and can["readEvaluation"] and can["readScreening"]
    assert not can["administer"] and not can["manageTenants"]


async def test_nobody_signed_in_can_nothing(anon):
    assert set((await anon.data(QUERY))["viewerCan"].values()) == {False}
