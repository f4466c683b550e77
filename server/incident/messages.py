"""Messages of escalation incidents (merged into server.i18n.MESSAGES)."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.INCIDENT_NOT_CONTESTABLE": {
        "zh-CN": "该事件的认定已有异议或已作决定，不能再提出异议",
        "zh-TW": "該事件的認定已有異議或已作決定，不能再提出異議",
        "en": "This attribution is already contested or decided",
    },
    "error.INCIDENT_NOT_CONTESTED": {
        "zh-CN": "该事件没有待决定的异议",
        "zh-TW": "該事件沒有待決定的異議",
        "en": "There is no pending contest on this incident",
    },
}
