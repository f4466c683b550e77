"""The authorisation policy (view, preview, change) and tenant settings (generic, validated,
with history)."""
import datetime as dt

from sqlalchemy import select

from server import ids
from server.admin import settings as admin_service
from server.admin.models import PolicyChange, TenantSettingChange
from server.audit.models import AuditEvent
from server.tenant.settings import TenantSettings
from server.unit.models import Unit
from tests.api.admin_support import COUNTY_PATH

PREVIEW = """query($add:[PolicyRuleInput!],$remove:[PolicyRuleInput!]){
  policyPreview(add:$add, remove:$remove){ role allowed forbidden accounts } }"""
UPDATE = """mutation($add:[PolicyRuleInput!],$remove:[PolicyRuleInput!]){
  updatePolicy(add:$add, remove:$remove){ rules{ role obj act } userErrors{ code field } } }"""
SETTINGS = """query($t:ID!){ tenantSettings(tenantId:$t){ tenant{ name }
  fields{ key type value default optional choices min max } } }"""
UPDATE_SETTINGS = """mutation($t:ID!,$c:[TenantSettingInput!]!){ updateTenantSettings(tenantId:$t, changes:$c){
  settings{ fields{ key value } } userErrors{ field code message } } }"""


async def _county(db) -> str:
    return ids.encode("Unit", await db.scalar(select(Unit.id).where(Unit.path == COUNTY_PATH)))


async def test_the_platform_operator_reads_the_policy_and_others_cannot(client_factory):
    platform = await client_factory("admin", via_password=False)
    rules = (await platform.data("{ policy { role obj act } }"))["policy"]
    assert {"role": "county_admin", "obj": "user", "act": "*"} in rules
    for username in ("xfj_admin", "xfj_leader", "t01v01"):
        other = await client_factory(username, via_password=False)
        body = await other.execute("{ policy { role } }")
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", username


async def test_preview_then_change_takes_effect_at_once(client_factory, db):
    platform = await client_factory("admin", via_password=False)
    change = {"remove": [{"role": "village_clerk", "obj": "case", "act": "list"}],
              "add": [{"role": "village_clerk", "obj": "unit", "act": "import"}]}
    preview = (await platform.data(PREVIEW, change))["policyPreview"]
    assert preview == [{"role": "village_clerk", "allowed": ["unit:import"], "forbidden": ["case:list"],
                        "accounts": 70}]
    clerk = await client_factory("t01v01", via_password=False)
    before = (await clerk.data("{ cases(first:5){ totalCount } }"))["cases"]["totalCount"]
    assert before > 0

    result = (await platform.data(UPDATE, change))["updatePolicy"]
    assert result["userErrors"] == []
    assert {"role": "village_clerk", "obj": "case", "act": "list"} not in result["rules"]
    assert (await clerk.data("{ cases(first:5){ totalCount } }"))["cases"]["totalCount"] == 0
    logged = await db.scalar(select(PolicyChange).order_by(PolicyChange.id.desc()))
    assert logged.removed == [["village_clerk", "case", "list"]]
    assert await db.scalar(select(AuditEvent.id).where(AuditEvent.action == "policy.changed"))


async def test_policy_changes_are_validated(client_factory):
    platform = await client_factory("admin", via_password=False)
    unknown = (await platform.data(UPDATE, {"add": [{"role": "sheriff", "obj": "case", "act": "read"}]}))
    assert unknown["updatePolicy"]["userErrors"][0]["code"] == "UNKNOWN_ROLE"
    lockout = await platform.data(UPDATE, {"remove": [{"role": "platform_admin", "obj": "policy", "act": "*"}]})
    assert lockout["updatePolicy"]["userErrors"][0]["code"] == "LOCKOUT"
    county_admin = await client_factory("xfj_admin", via_password=False)
    refused = await county_admin.data(UPDATE, {"add": [{"role": "county_admin", "obj": "policy", "act": "*"}]})
    assert refused["updatePolicy"]["userErrors"][0]["code"] == "FORBIDDEN"


async def test_settings_are_generic_over_the_dataclass_fields(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    view = (await client.data(SETTINGS, {"t": await _county(db)}))["tenantSettings"]
    fields = {f["key"]: f for f in view["fields"]}
    assert set(fields) == {s.key for s in admin_service.setting_specs()}
    assert fields["accept_days"] == {"key": "accept_days", "type": "INT", "value": 15, "default": 15,
                                     "optional": False, "choices": [], "min": 0.0, "max": 3650.0}
    assert fields["day_count"]["type"] == "ENUM" and "WORKING" in "".join(fields["day_count"]["choices"]).upper()
    assert fields["password_min_length"]["min"] == 8


async def test_a_changed_setting_applies_from_now_on_and_history_keeps_the_old(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    county = await _county(db)
    before = dt.datetime.now(dt.UTC)
    result = (await client.data(UPDATE_SETTINGS, {"t": county, "c": [
        {"key": "accept_days", "value": 10}, {"key": "rating_window_days", "value": 20},
    ]}))["updateTenantSettings"]
    assert result["userErrors"] == []
    values = {f["key"]: f["value"] for f in result["settings"]["fields"]}
    assert values["accept_days"] == 10 and values["rating_window_days"] == 20
    history = (await client.data(
        "query($t:ID!){ tenantSettingsHistory(tenantId:$t){ key oldValue newValue changedBy{ username } } }",
        {"t": county},
    ))["tenantSettingsHistory"]
    assert {(h["key"], h["oldValue"], h["newValue"]) for h in history} == {("accept_days", 15, 10),
                                                                             ("rating_window_days", 30, 20)}
    assert {h["changedBy"]["username"] for h in history} == {"xfj_admin"}
    # What was in force before the change can be rebuilt.
    county_pk = ids.decode("Unit", county)
    then = await admin_service.settings_at(db_session=db, tenant_id=county_pk, at=before)
    assert then.accept_days == 15 and then == TenantSettings.from_json(TenantSettings().to_json())
    assert await db.scalar(select(TenantSettingChange.id).where(TenantSettingChange.key == "accept_days"))


async def test_bad_setting_values_are_refused_field_by_field(client_factory, db):
    client = await client_factory("xfj_admin", via_password=False)
    result = (await client.data(UPDATE_SETTINGS, {"t": await _county(db), "c": [
        {"key": "accept_days", "value": -1}, {"key": "day_count", "value": "LUNAR"},
        {"key": "no_such_thing", "value": 1}, {"key": "password_min_length", "value": "12"},
    ]}))["updateTenantSettings"]
    assert result["settings"] is None
    assert {(tuple(e["field"]), e["code"]) for e in result["userErrors"]} == {
        (("changes", "accept_days"), "OUT_OF_RANGE"), (("changes", "day_count"), "INVALID_CHOICE"),
        (("changes", "no_such_thing"), "UNKNOWN_SETTING"), (("changes", "password_min_length"), "INVALID"),
    }
    assert await db.scalar(select(TenantSettingChange.id)) is None


async def test_only_the_county_administration_changes_settings(client_factory, db):
    county = await _county(db)
    officer = await client_factory("xfj_officer", via_password=False)
    assert (await officer.data(SETTINGS, {"t": county}))["tenantSettings"]["tenant"]["name"] == "枞溪县"
    refused = (await officer.data(UPDATE_SETTINGS, {"t": county, "c": [{"key": "accept_days", "value": 5}]}))
    assert refused["updateTenantSettings"]["userErrors"][0]["code"] == "FORBIDDEN"
    township = await client_factory("t01_admin", via_password=False)
    body = await township.execute(SETTINGS, {"t": county})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_sign_in_throttling_follows_the_tenant_setting(client_factory, db, anon):
    client = await client_factory("xfj_admin", via_password=False)
    await client.data(UPDATE_SETTINGS, {"t": await _county(db), "c": [{"key": "login_max_failures", "value": 3}]})
    for _ in range(3):
        assert (await anon.login("t05v01", "guess"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    assert (await anon.login("t05v01"))["userErrors"][0]["code"] == "RATE_LIMITED"
