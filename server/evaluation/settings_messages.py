"""Messages of the evaluation settings editor (rule template, targets, weights), in the
product's three locales."""

MESSAGES: dict[str, dict[str, str]] = {
    "evaluationSettings.NOT_A_NUMBER": {"zh-CN": "请填写数字", "zh-TW": "請填寫數字", "en": "Enter a number"},
    "evaluationSettings.NOT_AN_INTEGER": {"zh-CN": "请填写整数", "zh-TW": "請填寫整數", "en": "Enter a whole number"},
    "evaluationSettings.ABOVE_RANGE": {
        "zh-CN": "应大于 {min} 且不超过 {max}",
        "zh-TW": "應大於 {min} 且不超過 {max}",
        "en": "Must be more than {min} and at most {max}",
    },
    "evaluationSettings.DECIMALS": {
        "zh-CN": "最多保留 {places} 位小数",
        "zh-TW": "最多保留 {places} 位小數",
        "en": "At most {places} decimal places",
    },
    "evaluationSettings.INVALID_CHOICE": {
        "zh-CN": "不是可选的值（可选：{choices}）",
        "zh-TW": "不是可選的值（可選：{choices}）",
        "en": "Not one of the choices ({choices})",
    },
    "evaluationSettings.UNKNOWN_FIELD": {
        "zh-CN": "无法识别的设置项",
        "zh-TW": "無法識別的設定項",
        "en": "Unknown setting",
    },
    "evaluationSettings.DUPLICATE_KIND": {
        "zh-CN": "同一事件类型不能重复选择",
        "zh-TW": "同一事件類型不能重複選擇",
        "en": "An incident kind is chosen twice",
    },
    "evaluationSettings.KINDS_REQUIRED": {
        "zh-CN": "至少选择一种事件类型",
        "zh-TW": "至少選擇一種事件類型",
        "en": "Choose at least one incident kind",
    },
    "evaluationSettings.CRITERION_EMPTY": {
        "zh-CN": "该条标准须指定事件类型或到达层级，否则任何事件都不会违反它",
        "zh-TW": "該條標準須指定事件類型或到達層級，否則任何事件都不會違反它",
        "en": "Name incident kinds or a destination level, or no incident could ever break this criterion",
    },
    "evaluationSettings.BACKLOG_ONLY": {
        "zh-CN": "积案标准只统计逾期积案，不能同时指定事件类型、层级或人数",
        "zh-TW": "積案標準只統計逾期積案，不能同時指定事件類型、層級或人數",
        "en": "A backlog criterion counts overdue cases only: no incident kinds, level or headcount",
    },
    "evaluationSettings.TIER_EMPTY": {
        "zh-CN": "每一级至少要有一条“三无”标准",
        "zh-TW": "每一級至少要有一條「三無」標準",
        "en": "Every tier needs at least one 三无 criterion",
    },
    "evaluationSettings.MONTH_DAY": {
        "zh-CN": "请填写月-日，例如 04-01",
        "zh-TW": "請填寫月-日，例如 04-01",
        "en": "Enter a month and day, e.g. 04-01",
    },
    "evaluationSettings.PERIOD_ORDER": {
        "zh-CN": "期间的结束日不能早于开始日",
        "zh-TW": "期間的結束日不能早於開始日",
        "en": "The period cannot end before it starts",
    },
    "evaluationSettings.THRESHOLDS_ORDER": {
        "zh-CN": "问责档次的人次须逐档增加（诫勉谈话在前，一票否决在后）",
        "zh-TW": "問責檔次的人次須逐檔增加（誡勉談話在前，一票否決在後）",
        "en": "Each accountability threshold must be higher than the one before (admonition, then veto)",
    },
    "evaluationSettings.TARGET_SCOPE": {
        "zh-CN": "统计范围须高于被统计单位的层级",
        "zh-TW": "統計範圍須高於被統計單位的層級",
        "en": "The scope must be a tier above the units counted",
    },
    "evaluationSettings.TARGET_TWICE": {
        "zh-CN": "同一层级只能设一个创建目标",
        "zh-TW": "同一層級只能設一個創建目標",
        "en": "One target per tier",
    },
    "evaluationSettings.WEIGHTS_SUM": {
        "zh-CN": "三项权重之和须为 1（现为 {sum}）",
        "zh-TW": "三項權重之和須為 1（現為 {sum}）",
        "en": "The three weights must add up to 1 (now {sum})",
    },
    "evaluationSettings.GRADES_ORDER": {
        "zh-CN": "等次分数线须从高到低排列",
        "zh-TW": "等次分數線須從高到低排列",
        "en": "Grade thresholds must go from highest to lowest",
    },
    "evaluationSettings.LOWEST_GRADE": {
        "zh-CN": "最低等次须从 0 分起",
        "zh-TW": "最低等次須從 0 分起",
        "en": "The lowest grade must start at 0",
    },
    "evaluationSettings.STALE": {
        "zh-CN": "设置已被他人更新为第 {version} 版，请重新载入后再修改",
        "zh-TW": "設定已被他人更新為第 {version} 版，請重新載入後再修改",
        "en": "Someone else saved version {version} meanwhile; reload and make your change again",
    },
    "evaluationSettings.NO_CHANGE": {
        "zh-CN": "与现行版本相同，没有可保存的修改",
        "zh-TW": "與現行版本相同，沒有可儲存的修改",
        "en": "Nothing differs from the version in force",
    },
}
