"""The steps of a declaration: which status each action starts from and leads to, and the Casbin
action on "declaration" it needs. Pure."""
from __future__ import annotations

import enum

from server.errors import DomainError
from server.evaluation.models import DeclarationStatus

S = DeclarationStatus


class DeclarationAction(enum.StrEnum):
    COUNTY_DECLARE = "COUNTY_DECLARE"  # 县信访局审核并向市申报
    CITY_APPROVE = "CITY_APPROVE"  # 市信访局初审通过
    PROVINCE_RECOMMEND = "PROVINCE_RECOMMEND"  # 省信访局推荐
    DESIGNATE = "DESIGNATE"  # 命名
    RETURN = "RETURN"  # 退回 (at any step before designation)


# action → (status it starts from, status it leads to, Casbin action on "declaration")
TRANSITIONS: dict[DeclarationAction, tuple[DeclarationStatus, DeclarationStatus, str]] = {
    DeclarationAction.COUNTY_DECLARE: (S.APPLIED, S.COUNTY_DECLARED, "county_review"),
    DeclarationAction.CITY_APPROVE: (S.COUNTY_DECLARED, S.CITY_APPROVED, "city_review"),
    DeclarationAction.PROVINCE_RECOMMEND: (S.CITY_APPROVED, S.PROVINCE_RECOMMENDED, "province_review"),
    DeclarationAction.DESIGNATE: (S.PROVINCE_RECOMMENDED, S.DESIGNATED, "designate"),
}
# Who may return a declaration at each status: whoever decides the next step.
RETURN_ACT = {
    S.APPLIED: "county_review", S.COUNTY_DECLARED: "city_review",
    S.CITY_APPROVED: "province_review", S.PROVINCE_RECOMMENDED: "designate",
}


def next_status(status: DeclarationStatus, action: DeclarationAction) -> tuple[DeclarationStatus, str]:
    """The status an action leads to and the permission it needs; DomainError when the action
    does not apply to the status (pure)."""
    if action == DeclarationAction.RETURN:
        if status not in RETURN_ACT:
            raise DomainError("INVALID_STATE", "evaluation.DECLARATION_STATE", field=["input", "action"])
        return S.RETURNED, RETURN_ACT[status]
    start, end, act = TRANSITIONS[action]
    if status != start:
        raise DomainError("INVALID_STATE", "evaluation.DECLARATION_STATE", field=["input", "action"])
    return end, act


def step_act(from_status: str | None, to_status: str) -> str:
    """The Casbin action on "declaration" a recorded step needed: whose step it was (pure)."""
    if to_status == S.RETURNED:
        return RETURN_ACT.get(from_status or "", "county_review")
    return next((act for _, end, act in TRANSITIONS.values() if end == to_status), "apply")
