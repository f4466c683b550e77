"""What the signed-in user may do somewhere, for an app that shows only the screens and buttons that
will work — and lands each kind of user on their own home (issue 14: "public raters land on their
rating tasks, assessors on their assessments, city and province reviewers on declarations, the
platform operator on tenants"). Read from the Casbin policy through the principal's grants, so a
policy change changes what the app offers; every action is still checked again when it is taken.
"""
from dataclasses import dataclass, fields

from server.auth.principal import Principal

# Each capability: the (object, action) pairs of the policy any one of which grants it somewhere.
CHECKS: dict[str, tuple[tuple[str, str], ...]] = {
    "export_cases": (("case", "export"),),
    "handle_cases": (("case", "inbox"),),
    "register_cases": (("case", "register"),),
    "read_screening": (("screening", "read"),),
    "read_evaluation": (("evaluation", "read"),),
    "self_assess": (("evaluation", "self_assess"),),
    "rate_units": (("evaluation", "rate"),),
    "assess_units": (("evaluation", "assess"),),
    "read_declarations": (("declaration", "read"),),
    "review_declarations": (("declaration", "city_review"), ("declaration", "province_review")),
    "administer": (
        ("user", "list"), ("settings", "update"), ("unit", "import"), ("calendar", "edit"), ("policy", "read"),
    ),
    "manage_tenants": (("tenant", "read"),),
}


@dataclass(frozen=True)
class Capabilities:
    export_cases: bool = False
    handle_cases: bool = False
    register_cases: bool = False
    read_screening: bool = False
    read_evaluation: bool = False
    self_assess: bool = False
    rate_units: bool = False
    assess_units: bool = False
    read_declarations: bool = False
    review_declarations: bool = False
    administer: bool = False
    manage_tenants: bool = False


assert {f.name for f in fields(Capabilities)} == set(CHECKS), "every capability has its policy check"


def of(principal: Principal) -> Capabilities:
    """All false when nobody is signed in or the one-time password is still to be changed."""
    if not principal.authenticated or principal.must_change_password:
        return Capabilities()
    return Capabilities(**{
        name: any(principal.scopes(obj, act) for obj, act in pairs) for name, pairs in CHECKS.items()
    })
