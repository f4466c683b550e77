"""Administration rules: who may grant which role where, password policy, settings values. Pure."""
from __future__ import annotations

import dataclasses
import enum
import secrets
import string
import types
import typing
from collections.abc import Callable

from server.unit.models import UnitLevel, is_under

# How high a role reaches. An administrator never grants a role ranked above the role under
# which they administer (a township administrator cannot make a county leader).
ROLE_RANK = {
    "public_rater": 1,
    "village_clerk": 1,
    "village_head": 1,
    "township_officer": 2,
    "township_leader": 2,
    "township_admin": 2,
    "county_officer": 3,
    "county_leader": 3,
    "assessor": 3,
    "county_admin": 3,
    "city_reviewer": 4,
    "province_reviewer": 5,
    "platform_admin": 9,
}

# The unit levels where a role can be held.
ROLE_LEVELS = {
    "village_clerk": {UnitLevel.VILLAGE},
    "village_head": {UnitLevel.VILLAGE},
    "township_officer": {UnitLevel.TOWNSHIP},
    "township_leader": {UnitLevel.TOWNSHIP},
    "township_admin": {UnitLevel.TOWNSHIP},
    "county_officer": {UnitLevel.COUNTY},
    "county_leader": {UnitLevel.COUNTY},
    "county_admin": {UnitLevel.COUNTY},
    "assessor": {UnitLevel.COUNTY},
    "public_rater": {UnitLevel.COUNTY, UnitLevel.TOWNSHIP, UnitLevel.VILLAGE},
    "city_reviewer": {UnitLevel.CITY},
    "province_reviewer": {UnitLevel.PROVINCE},
    "platform_admin": {UnitLevel.PROVINCE},
}

# Role names as they appear in sheets (Chinese labels accepted besides the identifiers).
ROLE_LABELS = {
    "村信访信息员": "village_clerk", "村信息员": "village_clerk", "村书记": "village_head",
    "村主任": "village_head", "乡镇信访办": "township_officer", "乡镇经办人": "township_officer",
    "包案领导": "township_leader", "乡镇领导": "township_leader", "乡镇管理员": "township_admin",
    "县信访局": "county_officer", "县经办人": "county_officer", "县领导": "county_leader",
    "考评员": "assessor", "县管理员": "county_admin", "群众评议员": "public_rater",
}


def role_from_text(text: str, known: set[str]) -> str | None:
    value = text.strip()
    if value in known:
        return value
    lowered = value.lower()
    if lowered in known:
        return lowered
    mapped = ROLE_LABELS.get(value)
    return mapped if mapped in known else None


def may_grant(admin_roles: list[tuple[str, str]], role: str, unit_path: str, unit_level: UnitLevel) -> str | None:
    """None when allowed; else the refusal code.

    `admin_roles` are the (role, unit path) grants under which the administrator may manage
    accounts at `unit_path` (already filtered by the policy).
    """
    if role not in ROLE_RANK:
        return "UNKNOWN_ROLE"
    if unit_level not in ROLE_LEVELS.get(role, set()):
        return "ROLE_LEVEL"
    for admin_role, scope in admin_roles:
        if is_under(unit_path, scope) and ROLE_RANK.get(admin_role, 0) >= ROLE_RANK[role]:
            if role == "platform_admin" and admin_role != "platform_admin":
                continue
            return None
    return "ROLE_ABOVE_YOURS"


def gives_more(role_permissions: set[tuple[str, str]], held: Callable[[str, str], bool]) -> bool:
    """Would granting a role give something its grantor does not hold there? Each (object,
    action) of the role must be one the grantor may do at the unit: an administrator cannot
    make himself or anyone else an officer who reads petitioners' data he may not read."""
    return any(not held(obj, act) for obj, act in role_permissions)



def decision_refusal(
    *, decider_id: int | None, asker_id: int, grantee_id: int, covers_asker_unit: bool, approve: bool
) -> str | None:
    """None when this administrator may decide a role grant request (双人审批); else the
    refusal code. Approving takes a second person: neither the grantee nor the one who asked,
    whose administrative scope covers the asking administrator's unit (that unit or above).
    The one who asked may withdraw (refuse) his own request."""
    if decider_id is not None and decider_id == grantee_id:
        return "APPROVE_OWN_GRANT"
    if decider_id is not None and decider_id == asker_id:
        return "APPROVE_OWN_REQUEST" if approve else None
    if not covers_asker_unit:
        return "APPROVER_OUT_OF_SCOPE"
    return None

# ---------------------------------------------------------------------------------------------
# Passwords


CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def password_problems(password: str, *, min_length: int, min_classes: int, username: str = "") -> list[str]:
    """Refusal codes for a new password under the tenant's policy."""
    problems = []
    if len(password) < min_length:
        problems.append("PASSWORD_TOO_SHORT")
    if len(password) > 128:
        problems.append("PASSWORD_TOO_LONG")
    classes = sum(1 for chars in CLASSES if any(c in chars for c in password))
    classes += 1 if any(not c.isalnum() for c in password) else 0
    if classes < min_classes:
        problems.append("PASSWORD_TOO_SIMPLE")
    if username and username.lower() in password.lower():
        problems.append("PASSWORD_CONTAINS_USERNAME")
    return problems


def initial_password(length: int = 12) -> str:
    """A one-time password with every character class, without look-alike characters."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(max(8, length) - 1))
        candidate = body + secrets.choice("@#%+=")
        if all(any(c in chars for c in candidate) for chars in CLASSES):
            return candidate


# ---------------------------------------------------------------------------------------------
# Tenant settings, generically over the dataclass fields


class SettingType(enum.StrEnum):
    INT = "INT"
    FLOAT = "FLOAT"
    BOOL = "BOOL"
    STRING = "STRING"
    ENUM = "ENUM"
    JSON = "JSON"


@dataclasses.dataclass(frozen=True)
class SettingSpec:
    key: str
    type: SettingType
    optional: bool
    choices: tuple[str, ...]
    default: object
    minimum: float | None
    maximum: float | None


def setting_specs(cls: type) -> list[SettingSpec]:
    """One spec per dataclass field. Limits come from `field(metadata={"min":..,"max":..})`;
    integers default to 0 … 3650 (days), floats to 0 … 1000."""
    hints = typing.get_type_hints(cls)
    specs = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        optional = False
        args = typing.get_args(hint)
        if (typing.get_origin(hint) in (typing.Union, types.UnionType)) and type(None) in args:
            optional = True
            rest = [a for a in args if a is not type(None)]
            hint = rest[0] if len(rest) == 1 else object
        origin = typing.get_origin(hint) or hint
        choices: tuple[str, ...] = ()
        if isinstance(origin, type) and issubclass(origin, enum.Enum):
            kind = SettingType.ENUM
            choices = tuple(str(m.value) for m in origin)
        elif origin is bool:
            kind = SettingType.BOOL
        elif origin is int:
            kind = SettingType.INT
        elif origin is float:
            kind = SettingType.FLOAT
        elif origin is str:
            kind = SettingType.STRING
        else:
            kind = SettingType.JSON
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = None
        minimum = f.metadata.get("min", 0 if kind in (SettingType.INT, SettingType.FLOAT) else None)
        maximum = f.metadata.get("max", 3650 if kind == SettingType.INT else 1000 if kind == SettingType.FLOAT else None)
        specs.append(SettingSpec(f.name, kind, optional, choices, to_plain(default), minimum, maximum))
    return specs


def to_plain(value: object) -> object:
    """A settings value as JSON (enums by value)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    return value


def check_setting(spec: SettingSpec, value: object) -> tuple[object, str | None, dict]:
    """(cleaned value, refusal code or None, params)."""
    if value is None:
        return (None, None, {}) if spec.optional else (None, "REQUIRED", {})
    if spec.type == SettingType.BOOL:
        return (value, None, {}) if isinstance(value, bool) else (None, "INVALID", {})
    if spec.type in (SettingType.INT, SettingType.FLOAT):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None, "INVALID", {}
        if spec.type == SettingType.INT:
            if isinstance(value, float) and not value.is_integer():
                return None, "INVALID", {}
            value = int(value)
        else:
            value = float(value)
        if (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
            return None, "OUT_OF_RANGE", {"min": spec.minimum, "max": spec.maximum}
        return value, None, {}
    if spec.type == SettingType.ENUM:
        return (value, None, {}) if value in spec.choices else (None, "INVALID_CHOICE", {"choices": ", ".join(spec.choices)})
    if spec.type == SettingType.STRING:
        if not isinstance(value, str):
            return None, "INVALID", {}
        if len(value) > 1000:
            return None, "TOO_LONG", {"max": 1000}
        return value, None, {}
    # JSON: the same shape as the default (an object stays an object, a list a list).
    if spec.default is not None and type(value) is not type(spec.default):
        return None, "INVALID", {}
    if isinstance(spec.default, dict) and isinstance(value, dict):
        for k, v in spec.default.items():
            if k in value and v is not None and type(value[k]) is not type(v):
                return None, "INVALID", {}
    return value, None, {}


# ---------------------------------------------------------------------------------------------
# Policy changes: what a change would newly allow and forbid

# Object/action pairs the product checks; a wildcard row is explained in these terms.
KNOWN_ACTIONS = {
    "case": ("read", "list", "register", "read_pii", "accept", "reject", "forward", "assign", "progress",
             "extend", "reply", "close", "approve_extension", "supervise", "review", "conclude"),
    "incident": ("read", "record", "decide"),
    "evaluation": ("read", "rate", "score"),
    "declaration": ("read",),
    "unit": ("read", "import"),
    "user": ("list", "create", "update", "grant", "deactivate", "reset_password"),
    "tenant": ("create", "read"),
    "policy": ("read", "update"),
    "settings": ("read", "update"),
    "audit": ("read",),
}


@dataclasses.dataclass(frozen=True)
class PolicyEffect:
    role: str
    allowed: tuple[str, ...]  # "obj:act" newly allowed
    forbidden: tuple[str, ...]  # "obj:act" no longer allowed


def _allows(rules_: set[tuple[str, str, str]], role: str, obj: str, act: str) -> bool:
    return any(r == role and o in ("*", obj) and a in ("*", act) for r, o, a in rules_)


def policy_effects(
    current: set[tuple[str, str, str]], add: set[tuple[str, str, str]], remove: set[tuple[str, str, str]]
) -> list[PolicyEffect]:
    """Per role touched by the change, the (object, action) pairs it gains and loses."""
    proposed = (current | add) - remove
    roles = sorted({r for r, _, _ in add | remove})
    vocabulary: set[tuple[str, str]] = {(o, a) for o, acts in KNOWN_ACTIONS.items() for a in acts}
    vocabulary |= {(o, a) for _, o, a in current | add | remove if o != "*" and a != "*"}
    objects = {o for o, _ in vocabulary} | {o for _, o, _ in current | add | remove if o != "*"}
    for obj in objects:  # an object with no known actions still shows as "obj:*"
        if not any(o == obj for o, _ in vocabulary):
            vocabulary.add((obj, "*"))
    effects = []
    for role in roles:
        allowed, forbidden = [], []
        for obj, act in sorted(vocabulary):
            before, after = _allows(current, role, obj, act), _allows(proposed, role, obj, act)
            if after and not before:
                allowed.append(f"{obj}:{act}")
            elif before and not after:
                forbidden.append(f"{obj}:{act}")
        effects.append(PolicyEffect(role, tuple(allowed), tuple(forbidden)))
    return effects


# A new tenant's province, city and county are given in one form: the first 6 digits of the
# statistical division code (统计用区划代码), e.g. province 330000, city 330100, county 330122.
DIVISION_EXAMPLES = {2: "330000", 4: "330100", 6: "330122"}


def division_code6(value: str | None, significant: int) -> str | None:
    """The 6-digit code of a province (`significant` 2), city (4) or county (6); None when it is
    not 6 digits, or its digits beyond the level's are not zeros, or the level's own are all zeros."""
    code = (value or "").strip()
    if len(code) != 6 or not code.isdigit():
        return None
    if code[significant:] != "0" * (6 - significant) or code[significant - 2:significant] == "00":
        return None
    return code
