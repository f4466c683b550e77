"""The Casbin model's hierarchy rule, with a policy written in the test (no database)."""
import casbin

from server.auth.policy import MODEL_PATH
from server.unit.models import is_under

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"
NEIGHBOUR_VILLAGE = TOWNSHIP + "/002"
OTHER_TOWNSHIP = COUNTY + "/002"


def enforcer() -> casbin.Enforcer:
    e = casbin.Enforcer(str(MODEL_PATH))
    e.add_function("pathUnder", is_under)
    e.add_policy("village_clerk", "case", "read")
    e.add_policy("township_officer", "case", "read")
    e.add_policy("township_officer", "case", "accept")
    e.add_policy("platform_admin", "*", "*")
    return e


def test_a_role_applies_to_its_units_whole_subtree_and_nowhere_else():
    e = enforcer()
    assert e.enforce("township_officer", TOWNSHIP, VILLAGE, "case", "read")
    assert e.enforce("township_officer", TOWNSHIP, TOWNSHIP, "case", "accept")
    assert not e.enforce("township_officer", TOWNSHIP, OTHER_TOWNSHIP + "/001", "case", "read")
    assert not e.enforce("township_officer", TOWNSHIP, COUNTY, "case", "read")  # not upwards
    assert e.enforce("village_clerk", VILLAGE, VILLAGE, "case", "read")
    assert not e.enforce("village_clerk", VILLAGE, NEIGHBOUR_VILLAGE, "case", "read")


def test_actions_and_objects_come_from_the_policy():
    e = enforcer()
    assert not e.enforce("village_clerk", VILLAGE, VILLAGE, "case", "accept")
    assert not e.enforce("village_clerk", VILLAGE, VILLAGE, "incident", "read")
    assert e.enforce("platform_admin", "/990000", VILLAGE, "user", "create")


def test_a_path_prefix_is_not_a_subtree():
    # "/…/001" must not cover "/…/0010": paths are compared segment by segment.
    assert not is_under(COUNTY + "/0010", COUNTY + "/001")
    assert is_under(COUNTY + "/001/007", COUNTY + "/001")
