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
    "incident.DESTINATION_CONTRADICTS_KIND": {
        "zh-CN": "事件类型与去向相互矛盾（如“赴省越级访”的去向只能是省），请核对类型或去向",
        "zh-TW": "事件類型與去向相互矛盾（如「赴省越級訪」的去向只能是省），請核對類型或去向",
        "en": "The kind and the destination contradict each other (a petition escalated to the province "
              "went to the province); check the kind or the destination",
    },
    "incident.NO_DESTINATION_FOR_KIND": {
        "zh-CN": "该类型事件（极端恶性事件、舆论负面炒作）不记录去向",
        "zh-TW": "該類型事件（極端惡性事件、輿論負面炒作）不記錄去向",
        "en": "This kind of incident (extreme incident, negative media hype) has no destination",
    },
    "incident.SHARES_EXCEED": {
        "zh-CN": "其他单位的人数合计（{shares}人）须少于总人数（{headcount}人），登记单位至少保留1人",
        "zh-TW": "其他單位的人數合計（{shares}人）須少於總人數（{headcount}人），登記單位至少保留1人",
        "en": "The other units' people ({shares}) must be fewer than the whole headcount ({headcount}): "
              "the unit recorded against keeps at least one",
    },
    "incident.SHARE_UNIT_TWICE": {
        "zh-CN": "同一单位只能出现一次（含登记单位）",
        "zh-TW": "同一單位只能出現一次（含登記單位）",
        "en": "A unit can appear only once (the unit recorded against included)",
    },
}
