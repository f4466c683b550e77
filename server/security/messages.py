"""Messages of the protections (zh-CN, zh-TW, en)."""

MESSAGES: dict[str, dict[str, str]] = {
    "error.ACCUSED_REQUIRED": {
        "zh-CN": "检举控告类事项须注明涉及的单位（不确定时选所反映的单位）",
        "zh-TW": "檢舉控告類事項須註明涉及的單位（不確定時選所反映的單位）",
        "en": "An accusation must name the unit it concerns (if unsure, the unit it was addressed to)",
    },
    "error.ACCUSED_ONLY_ACCUSATION": {
        "zh-CN": "只有检举控告类事项才能填写被检举控告的单位",
        "zh-TW": "只有檢舉控告類事項才能填寫被檢舉控告的單位",
        "en": "Only an accusation names an accused unit",
    },
    "error.SIGN_IN_WAIT": {
        "zh-CN": "登录尝试过于频繁，请 {seconds} 秒后再试",
        "zh-TW": "登入嘗試過於頻繁，請 {seconds} 秒後再試",
        "en": "Too many sign-in attempts; try again in {seconds} seconds",
    },
    "error.QUERY_TOO_COSTLY": {
        "zh-CN": "查询过于庞大：估计需读取 {cost} 项，上限 {max} 项，请分页或减少字段",
        "zh-TW": "查詢過於龐大：估計需讀取 {cost} 項，上限 {max} 項，請分頁或減少欄位",
        "en": "Query too large: about {cost} items to read, at most {max}; page through or ask for fewer fields",
    },
    "error.ROLE_GIVES_MORE": {
        "zh-CN": "不能授予超出本人权限的角色",
        "zh-TW": "不能授予超出本人權限的角色",
        "en": "You cannot grant a role that allows more than you may do yourself",
    },
}
