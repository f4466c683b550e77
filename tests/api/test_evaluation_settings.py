"""The evaluation settings editor through HTTP: versions with who saved them, a draft's preview,
saving as a new version that applies from now on while stored reviews keep theirs, the county
administrator allowed and a township administrator refused, bad values refused field by field."""
import copy

from sqlalchemy import func, select

from server.audit.models import AuditEvent
from server.auth.models import User
from server.dates import utcnow
from server.evaluation.models import EvaluationConfig
from server.evaluation.settings_rules.fields import HEADCOUNT_MAX
from tests.api.helpers import unit_id

YEAR = utcnow().year
COUNTY = "/990000/990100/990122"

VERSIONS = """query($c: ID!) { evaluationSettingsVersions(countyId: $c) {
  version current templateCode templateName template policy note createdAt createdBy { username }
  reviewRuns { year computedAt } } }"""
PREVIEW = """query($i: EvaluationSettingsDraftInput!) { evaluationSettingsPreview(input: $i) {
  year units sanwuBefore sanwuAfter vetoedBefore vetoedAfter
  effects { unit { name path } population sanwuBefore sanwuAfter failedAfter scoreBefore scoreAfter
            gradeBefore gradeAfter rankBefore rankAfter vetoedBefore vetoedAfter }
  targets { tier scopeUnit { level } total qualifyingBefore qualifyingAfter targetPercentBefore targetPercentAfter
            metBefore metAfter }
  userErrors { field code message } } }"""
SAVE = """mutation($i: SaveEvaluationSettingsInput!) { saveEvaluationSettings(input: $i) {
  version { version current template policy note createdBy { username } } userErrors { field code message } } }"""
RUN = """mutation($c: ID!, $y: Int!) { runAnnualReview(countyId: $c, year: $y, confirmIncomplete: true, note: "演示县部分单位尚未评分，先行存储") {
  review { stored configVersion } userErrors { code } } }"""
REVIEW = """query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y) {
  stored configVersion templateCode template policy } }"""
SANWU = """query($u: ID!, $y: Int!) { sanwuStatus(unitId: $u, year: $y) { qualifies configVersion } }"""


def _township_collective(template: dict) -> dict:
    return next(c for c in template["tiers"]["TOWNSHIP"] if c["code"] == "NO_COLLECTIVE_TO_CITY")


async def _configs(db) -> int:
    return await db.scalar(select(func.count()).select_from(EvaluationConfig))


async def test_county_admin_saves_a_new_version_and_history_keeps_the_old(client_factory, db):
    county = await unit_id(db, COUNTY)
    officer = await client_factory("xfj_officer", via_password=False)
    run = (await officer.data(RUN, {"c": county, "y": YEAR}))["runAnnualReview"]
    assert run["review"] == {"stored": True, "configVersion": 0}
    township_006 = await unit_id(db, COUNTY + "/006")
    assert (await officer.data(SANWU, {"u": township_006, "y": YEAR}))["sanwuStatus"]["qualifies"] is False

    admin = await client_factory("xfj_admin", via_password=False)
    versions = (await admin.data(VERSIONS, {"c": county}))["evaluationSettingsVersions"]
    assert [(v["version"], v["current"]) for v in versions] == [(0, True)]
    assert versions[0]["templateCode"] == "SEED_004" and versions[0]["createdBy"] is None
    assert [r["year"] for r in versions[0]["reviewRuns"]] == [YEAR]

    # The draft: a township's collective petition to the city counts from 6 people (not 5), and
    # the organisational assessment weighs less than the public evaluation.
    template = copy.deepcopy(versions[0]["template"])
    policy = copy.deepcopy(versions[0]["policy"])
    _township_collective(template)["headcount"]["value"] = 6
    policy["weights"] = {"self_assessment": "0.20", "public_evaluation": "0.40", "organisational_assessment": "0.40"}

    preview = (await admin.data(PREVIEW, {"i": {"countyId": county, "template": template, "policy": policy}}))
    preview = preview["evaluationSettingsPreview"]
    assert preview["userErrors"] == [] and preview["year"] == YEAR
    # 城关… township 006 had exactly five people at the city: under "≥ 6" it becomes 三无.
    sanwu_changes = [e for e in preview["effects"] if e["sanwuBefore"] != e["sanwuAfter"]]
    assert [(e["unit"]["path"], e["sanwuBefore"], e["sanwuAfter"]) for e in sanwu_changes] == [
        (COUNTY + "/006", False, True)]
    assert preview["sanwuAfter"] == preview["sanwuBefore"] + 1
    assert preview["vetoedAfter"] == preview["vetoedBefore"] >= 1  # the veto is accountability, not weights
    # New weights move scores: every listed effect changed something, and some score moved.
    assert any(e["scoreBefore"] != e["scoreAfter"] for e in preview["effects"])
    townships = next(t for t in preview["targets"] if t["tier"] == "TOWNSHIP" and t["scopeUnit"]["level"] == "COUNTY")
    assert townships["qualifyingAfter"] == townships["qualifyingBefore"] + 1
    assert townships["targetPercentBefore"] == townships["targetPercentAfter"] == 40.0
    assert await _configs(db) == 0  # a preview saves nothing

    saved = (await admin.data(SAVE, {"i": {"countyId": county, "baseVersion": 0, "template": template,
                                           "policy": policy, "note": "乡镇集体访按 6 人起算"}}))["saveEvaluationSettings"]
    assert saved["userErrors"] == []
    assert saved["version"]["version"] == 1 and saved["version"]["current"] is True
    assert saved["version"]["createdBy"] == {"username": "xfj_admin"}
    assert _township_collective(saved["version"]["template"])["headcount"] == {"op": ">=", "value": 6}
    assert saved["version"]["policy"]["weights"]["self_assessment"] == "0.20"

    # History: the new version first, the old one kept with the stored review computed with it.
    versions = (await admin.data(VERSIONS, {"c": county}))["evaluationSettingsVersions"]
    assert [(v["version"], v["current"]) for v in versions] == [(1, True), (0, False)]
    assert versions[0]["createdBy"] == {"username": "xfj_admin"} and versions[0]["createdAt"]
    assert versions[0]["note"] == "乡镇集体访按 6 人起算" and versions[0]["reviewRuns"] == []
    assert _township_collective(versions[1]["template"])["headcount"]["value"] == 5
    assert [r["year"] for r in versions[1]["reviewRuns"]] == [YEAR]

    # Applies from now on: the live status uses version 1; the stored review keeps version 0.
    status = (await officer.data(SANWU, {"u": township_006, "y": YEAR}))["sanwuStatus"]
    assert status == {"qualifies": True, "configVersion": 1}
    stored = (await officer.data(REVIEW, {"c": county, "y": YEAR}))["annualReview"]
    assert stored["stored"] is True and stored["configVersion"] == 0
    assert _township_collective(stored["template"])["headcount"]["value"] == 5
    assert stored["policy"]["weights"]["self_assessment"] == "0.30"

    admin_id = await db.scalar(select(User.id).where(User.username == "xfj_admin"))
    assert await db.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "evaluation.configure", AuditEvent.actor_id == admin_id))

    # The editor showed its changes against version 0, but version 1 is in force now: refused.
    policy["weights"]["self_assessment"], policy["weights"]["public_evaluation"] = "0.30", "0.30"
    stale = (await admin.data(SAVE, {"i": {"countyId": county, "baseVersion": 0, "template": template,
                                           "policy": policy}}))["saveEvaluationSettings"]
    assert stale["version"] is None
    assert [(e["code"], e["field"]) for e in stale["userErrors"]] == [("CONFLICT", ["input", "baseVersion"])]
    assert "1" in stale["userErrors"][0]["message"]
    # Nothing changed against the version in force: no empty version either.
    same = (await admin.data(SAVE, {"i": {"countyId": county, "baseVersion": 1,
                                          "template": versions[0]["template"], "policy": versions[0]["policy"]}}))
    assert [e["code"] for e in same["saveEvaluationSettings"]["userErrors"]] == ["NO_CHANGE"]
    assert await _configs(db) == 1


async def test_a_base_template_can_be_chosen_with_its_targets(client_factory, db):
    county = await unit_id(db, COUNTY)
    admin = await client_factory("xfj_admin", via_password=False)
    choices = (await admin.data("{ sanwuTemplates { code template } }"))["sanwuTemplates"]
    seed_002 = next(c["template"] for c in choices if c["code"] == "SEED_002")
    policy = (await admin.data(VERSIONS, {"c": county}))["evaluationSettingsVersions"][0]["policy"]
    preview = (await admin.data(PREVIEW, {"i": {"countyId": county, "template": seed_002, "policy": policy}}))
    targets = preview["evaluationSettingsPreview"]["targets"]
    # Seed 002's target is 90 % of each township's villages: one row per township.
    per_township = [t for t in targets if t["scopeUnit"]["level"] == "TOWNSHIP"]
    assert per_township and all(t["targetPercentAfter"] == 90.0 and t["targetPercentBefore"] is None
                                for t in per_township)
    county_villages = next(t for t in targets if t["tier"] == "VILLAGE" and t["scopeUnit"]["level"] == "COUNTY")
    assert county_villages["targetPercentBefore"] == 50.0 and county_villages["targetPercentAfter"] is None
    saved = (await admin.data(SAVE, {"i": {"countyId": county, "baseVersion": 0, "template": seed_002,
                                           "policy": policy}}))["saveEvaluationSettings"]
    assert saved["userErrors"] == [] and saved["version"]["template"]["code"] == "SEED_002"


async def test_a_township_administrator_is_refused(client_factory, db):
    county = await unit_id(db, COUNTY)
    admin = await client_factory("xfj_admin", via_password=False)
    current = (await admin.data(VERSIONS, {"c": county}))["evaluationSettingsVersions"][0]
    template = copy.deepcopy(current["template"])
    _township_collective(template)["headcount"]["value"] = 8
    for username in ("t01_admin", "t01_officer", "assessor"):
        client = await client_factory(username, via_password=False)
        result = await client.data(SAVE, {"i": {"countyId": county, "baseVersion": 0, "template": template,
                                                "policy": current["policy"]}})
        assert result["saveEvaluationSettings"]["version"] is None
        assert [e["code"] for e in result["saveEvaluationSettings"]["userErrors"]] == ["FORBIDDEN"], username
        preview = await client.execute(PREVIEW, {"i": {"countyId": county, "template": template,
                                                       "policy": current["policy"]}})
        assert preview["errors"][0]["extensions"]["code"] == "FORBIDDEN", username
    # Reading the versions needs the county's evaluation (configure or read): not a township admin.
    refused = await (await client_factory("t01_admin", via_password=False)).execute(VERSIONS, {"c": county})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await _configs(db) == 0


async def test_bad_values_are_refused_per_field_translated_and_nothing_is_saved(client_factory, db):
    county = await unit_id(db, COUNTY)
    admin = await client_factory("xfj_admin", via_password=False)
    current = (await admin.data(VERSIONS, {"c": county}))["evaluationSettingsVersions"][0]
    template = copy.deepcopy(current["template"])
    policy = copy.deepcopy(current["policy"])
    _township_collective(template)["headcount"]["value"] = 0
    template["tiers"]["VILLAGE"][1]["destination_at_or_above"] = "MOON"
    template["accountability"]["thresholds"][1]["at_least"] = 1
    template["deductions"]["per_incident"]["CITY_ESCALATED"] = "1.005"
    template["targets"][0]["min_percent"] = "120"
    policy["weights"]["self_assessment"] = "0.50"
    policy["grades"][1]["min_score"] = "abc"
    variables = {"i": {"countyId": county, "baseVersion": 0, "template": template, "policy": policy,
                       "note": "x" * 501}}

    expected = {
        ("template", "tiers.TOWNSHIP[1].headcount.value"): "OUT_OF_RANGE",
        ("template", "tiers.VILLAGE[1].destination_at_or_above"): "INVALID_CHOICE",
        ("template", "accountability.thresholds[1].at_least"): "THRESHOLDS_ORDER",
        ("template", "deductions.per_incident.CITY_ESCALATED"): "DECIMALS",
        ("template", "targets[0].min_percent"): "ABOVE_RANGE",
        ("policy", "weights"): "WEIGHTS_SUM",
        ("policy", "grades[1].min_score"): "NOT_A_NUMBER",
        ("note",): "TOO_LONG",
    }
    zh = (await admin.data(SAVE, variables))["saveEvaluationSettings"]
    assert zh["version"] is None
    assert {tuple(e["field"][1:]): e["code"] for e in zh["userErrors"]} == expected
    by_field = {tuple(e["field"][1:]): e["message"] for e in zh["userErrors"]}
    assert by_field[("template", "tiers.TOWNSHIP[1].headcount.value")] == "数值应在 1 到 100000 之间"
    assert by_field[("policy", "weights")] == "三项权重之和须为 1（现为 1.2）"
    assert by_field[("template", "targets[0].min_percent")] == "应大于 0 且不超过 100"

    en = (await admin.execute(SAVE, variables, **{"Accept-Language": "en"}))["data"]["saveEvaluationSettings"]
    messages = {tuple(e["field"][1:]): e["message"] for e in en["userErrors"]}
    assert messages[("policy", "weights")] == "The three weights must add up to 1 (now 1.2)"
    assert messages[("template", "accountability.thresholds[1].at_least")].startswith("Each accountability threshold")

    # The preview answers the same problems, per field, and computes nothing.
    preview = (await admin.data(PREVIEW, {"i": {"countyId": county, "template": template, "policy": policy}}))
    preview = preview["evaluationSettingsPreview"]
    assert preview["year"] is None and preview["effects"] == []
    assert {tuple(e["field"][1:]) for e in preview["userErrors"]} == set(expected) - {("note",)}
    assert await _configs(db) == 0


async def test_the_scripting_mutation_refuses_what_the_editor_refuses(client_factory, db):
    """setEvaluationSettings (a built-in template or replaced parts) runs the editor's checks too."""
    from tests.api.test_evaluation import COUNTY, SET

    client = await client_factory("xfj_officer", via_password=False)
    county = await unit_id(db, COUNTY)
    current = (await client.data(SET, {"i": {"countyId": county, "templateCode": "SEED_004"}}))["setEvaluationSettings"]
    template = current["settings"]["template"]
    template["tiers"]["TOWNSHIP"][1]["headcount"]["value"] = HEADCOUNT_MAX + 1  # the parser alone took it
    refused = (await client.data(SET, {"i": {"countyId": county, "template": template}}))["setEvaluationSettings"]
    assert refused["settings"] is None
    assert refused["userErrors"][0]["code"] == "OUT_OF_RANGE"
    assert refused["userErrors"][0]["field"] == ["input", "template", "tiers.TOWNSHIP[1].headcount.value"]
