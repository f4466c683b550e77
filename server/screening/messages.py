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
}
