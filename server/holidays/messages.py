"""Messages of the holiday calendar (zh-CN, zh-TW, en)."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.HOLIDAY_YEAR_IN_LIBRARY": {
        "zh-CN": "{year} 年的节假日已由节假日库提供，无需录入",
        "zh-TW": "{year} 年的節假日已由節假日庫提供，無需錄入",
        "en": "The holiday library already covers {year}; nothing to enter",
    },
    "error.HOLIDAY_SOURCE_REQUIRED": {
        "zh-CN": "请填写依据的国务院办公厅通知（标题或文号）",
        "zh-TW": "請填寫依據的國務院辦公廳通知（標題或文號）",
        "en": "Name the State Council notice the days come from (title or number)",
    },
    "error.HOLIDAY_DAYS_REQUIRED": {
        "zh-CN": "请至少录入一天放假或调休日期",
        "zh-TW": "請至少錄入一天放假或調休日期",
        "en": "Enter at least one day off or make-up working day",
    },
    "error.HOLIDAY_OTHER_YEAR": {
        "zh-CN": "日期不在 {year} 年内",
        "zh-TW": "日期不在 {year} 年內",
        "en": "The date is not in {year}",
    },
    "error.HOLIDAY_DUPLICATE": {
        "zh-CN": "该日期已录入",
        "zh-TW": "該日期已錄入",
        "en": "This date is already entered",
    },
    "error.HOLIDAY_WORKDAY_WEEKEND": {
        "zh-CN": "调休上班日应为周六或周日",
        "zh-TW": "調休上班日應為週六或週日",
        "en": "A make-up working day falls on a Saturday or Sunday",
    },
    "error.HOLIDAY_VERSION": {
        "zh-CN": "该年度已被他人修改（当前为第 {version} 版），请刷新后再提交",
        "zh-TW": "該年度已被他人修改（目前為第 {version} 版），請重新整理後再提交",
        "en": "Someone changed this year meanwhile (now version {version}); refresh and submit again",
    },
}
