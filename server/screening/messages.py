"""Messages of dispute screening and meetings (merged into server.i18n.MESSAGES)."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.DATE_IN_FUTURE": {
        "zh-CN": "日期不能晚于今天",
        "zh-TW": "日期不能晚於今天",
        "en": "The date cannot be after today",
    },
    "error.PERIOD_IN_FUTURE": {
        "zh-CN": "不能提前填报以后周期的排查报告",
        "zh-TW": "不能提前填報以後週期的排查報告",
        "en": "A report cannot be filed for a future period",
    },
    "error.REPORT_EMPTY": {
        "zh-CN": "请填写至少一条矛盾纠纷，或勾选零报告",
        "zh-TW": "請填寫至少一條矛盾糾紛，或勾選零報告",
        "en": "Add at least one dispute, or mark it as a zero report",
    },
    "error.REPORT_EXISTS": {
        "zh-CN": "本单位该周期的排查报告已经存在",
        "zh-TW": "本單位該週期的排查報告已經存在",
        "en": "This unit already has a report for that period",
    },
    "error.REPORT_SUBMITTED": {
        "zh-CN": "报告已上报，不能再修改",
        "zh-TW": "報告已上報，不能再修改",
        "en": "The report has been submitted and can no longer be changed",
    },
    "error.ZERO_REPORT_WITH_DISPUTES": {
        "zh-CN": "零报告不能包含矛盾纠纷",
        "zh-TW": "零報告不能包含矛盾糾紛",
        "en": "A zero report cannot list disputes",
    },
    "error.AGREEMENT_REQUIRED": {
        "zh-CN": "调解成功须填写调解协议",
        "zh-TW": "調解成功須填寫調解協議",
        "en": "A successful mediation needs its agreement",
    },
    "error.DISPUTE_IS_CASE": {
        "zh-CN": "该纠纷已转为信访事项办理",
        "zh-TW": "該糾紛已轉為信訪事項辦理",
        "en": "This dispute has been turned into a case",
    },
    "error.DISPUTE_HANDLED": {
        "zh-CN": "已调解或已转为信访事项的矛盾纠纷不能再修改或删除",
        "zh-TW": "已調解或已轉為信訪事項的矛盾糾紛不能再修改或刪除",
        "en": "A dispute that has been mediated or turned into a case can no longer be changed or removed",
    },
    "error.OFFICIAL_OUTSIDE_UNIT": {
        "zh-CN": "只能选择本单位及下辖单位在岗的工作人员",
        "zh-TW": "只能選擇本單位及下轄單位在崗的工作人員",
        "en": "Choose active officials of this unit or of the units under it",
    },
    "error.DUE_BEFORE_MEETING": {
        "zh-CN": "完成期限不能早于会议日期",
        "zh-TW": "完成期限不能早於會議日期",
        "en": "The due date cannot be before the meeting",
    },
    "error.DECISION_NOT_OWNER": {
        "zh-CN": "只有责任人本人可以标记该事项完成",
        "zh-TW": "只有責任人本人可以標記該事項完成",
        "en": "Only the owner can mark this decision done",
    },
}
