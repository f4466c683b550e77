"""Messages of the administration (tenants, imports, accounts, policy, settings)."""

MESSAGES: dict[str, dict[str, str]] = {
    # Files
    "error.FILE_TOO_LARGE": {
        "zh-CN": "文件过大：最大 {max_mb} MB。请拆分后分批导入。",
        "zh-TW": "檔案過大：最大 {max_mb} MB。請拆分後分批匯入。",
        "en": "The file is too large: at most {max_mb} MB. Split it and import the parts.",
    },
    "error.EMPTY_FILE": {"zh-CN": "文件是空的", "zh-TW": "檔案是空的", "en": "The file is empty"},
    "error.NOT_A_SPREADSHEET": {
        "zh-CN": "无法识别的文件：请上传 CSV 或 Excel (.xlsx) 表格",
        "zh-TW": "無法識別的檔案：請上傳 CSV 或 Excel (.xlsx) 表格",
        "en": "Not a spreadsheet: upload a CSV or an Excel (.xlsx) file",
    },
    "error.OLD_XLS": {
        "zh-CN": "这是旧版 Excel (.xls) 文件：请在 Excel 中另存为 .xlsx 或 CSV 后再上传",
        "zh-TW": "這是舊版 Excel (.xls) 檔案：請在 Excel 中另存為 .xlsx 或 CSV 後再上傳",
        "en": "This is an old Excel (.xls) file: save it as .xlsx or CSV and upload again",
    },
    "error.TOO_MANY_ROWS": {
        "zh-CN": "行数过多：最多 {max} 行",
        "zh-TW": "列數過多：最多 {max} 列",
        "en": "Too many rows: at most {max}",
    },
    "error.UNKNOWN_LAYOUT": {
        "zh-CN": "无法识别表头：需要“统计用区划代码、名称”两列，或“名称、上级”两列",
        "zh-TW": "無法識別表頭：需要「統計用區劃代碼、名稱」兩欄，或「名稱、上級」兩欄",
        "en": "Unknown header: expected the columns “code, name” (statistical division codes) or “name, parent”",
    },
    "error.MISSING_COLUMNS": {
        "zh-CN": "缺少列：{columns}（需要：账号、姓名、单位、角色）",
        "zh-TW": "缺少欄：{columns}（需要：帳號、姓名、單位、角色）",
        "en": "Missing columns: {columns} (needed: username, name, unit, role)",
    },
    "error.NO_UNITS": {
        "zh-CN": "表中没有属于本县的乡镇或村（社区）",
        "zh-TW": "表中沒有屬於本縣的鄉鎮或村（社區）",
        "en": "The sheet has no township or village of this county",
    },
    "error.NO_ROWS": {"zh-CN": "表中没有数据行", "zh-TW": "表中沒有資料列", "en": "The sheet has no rows"},
    # Unit rows
    "error.BAD_CODE": {
        "zh-CN": "区划代码“{value}”不正确：应为 12 位数字",
        "zh-TW": "區劃代碼「{value}」不正確：應為 12 位數字",
        "en": "Division code “{value}” is invalid: 12 digits expected",
    },
    "error.BAD_LEVEL": {
        "zh-CN": "级别“{value}”无法识别",
        "zh-TW": "級別「{value}」無法識別",
        "en": "Unknown level “{value}”",
    },
    "error.LEVEL_MISMATCH": {
        "zh-CN": "级别“{value}”与代码或上级不符",
        "zh-TW": "級別「{value}」與代碼或上級不符",
        "en": "Level “{value}” does not match the code or the parent",
    },
    "error.DUPLICATE_CODE": {
        "zh-CN": "代码 {value} 重复（第 {first} 行已有）",
        "zh-TW": "代碼 {value} 重複（第 {first} 列已有）",
        "en": "Duplicate code {value} (already on line {first})",
    },
    "error.DUPLICATE_NAME": {
        "zh-CN": "同一上级下名称“{value}”重复（第 {first} 行已有）",
        "zh-TW": "同一上級下名稱「{value}」重複（第 {first} 列已有）",
        "en": "Duplicate name “{value}” under the same parent (already on line {first})",
    },
    "error.MISSING_PARENT": {
        "zh-CN": "上级“{value}”既不在表中，也不是本县已有的乡镇",
        "zh-TW": "上級「{value}」既不在表中，也不是本縣已有的鄉鎮",
        "en": "Parent “{value}” is neither in the sheet nor an existing township of the county",
    },
    "error.AMBIGUOUS_PARENT": {
        "zh-CN": "上级“{value}”有多个同名单位，无法确定",
        "zh-TW": "上級「{value}」有多個同名單位，無法確定",
        "en": "Parent “{value}” is ambiguous: several units have that name",
    },
    "error.CYCLE": {
        "zh-CN": "上下级关系成环（经由“{value}”）",
        "zh-TW": "上下級關係成環（經由「{value}」）",
        "en": "The parents form a cycle (through “{value}”)",
    },
    "error.TOO_DEEP": {
        "zh-CN": "“{value}”是村（社区），其下不能再有单位",
        "zh-TW": "「{value}」是村（社區），其下不能再有單位",
        "en": "“{value}” is a village: no unit can sit below it",
    },
    "error.TOO_MANY_CHILDREN": {
        "zh-CN": "一个上级下最多 999 个单位",
        "zh-TW": "一個上級下最多 999 個單位",
        "en": "At most 999 units under one parent",
    },
    "error.UNKNOWN_UNIT": {
        "zh-CN": "单位“{value}”不存在或不在本县",
        "zh-TW": "單位「{value}」不存在或不在本縣",
        "en": "Unit “{value}” does not exist in this county",
    },
    "error.UNIT_RETIRED": {
        "zh-CN": "该单位已撤销",
        "zh-TW": "該單位已撤銷",
        "en": "This unit has been retired",
    },
    # Tenants
    "error.BAD_DIVISION_CODE": {
        "zh-CN": "代码“{value}”不正确：应为统计用区划代码的前 6 位，例如 {example}",
        "zh-TW": "代碼「{value}」不正確：應為統計用區劃代碼的前 6 位，例如 {example}",
        "en": "Code “{value}” is invalid: the first 6 digits of the statistical division code, e.g. {example}",
    },
    "error.BAD_IMPORT_SCOPE": {
        "zh-CN": "请选择本县或本县的一个乡镇作为完整名单的范围",
        "zh-TW": "請選擇本縣或本縣的一個鄉鎮作為完整名單的範圍",
        "en": "Choose the county or one of its townships as the scope of the full list",
    },
    "error.RETIRE_NOT_CONFIRMED": {
        "zh-CN": "此次导入将撤销 {count} 个单位：请输入数字 {count} 确认",
        "zh-TW": "此次匯入將撤銷 {count} 個單位：請輸入數字 {count} 確認",
        "en": "This import retires {count} units: type {count} to confirm",
    },
    "error.OUTSIDE_SCOPE": {
        "zh-CN": "“{value}”不属于所选乡镇：乡镇完整名单只能列出该乡镇及其村（社区）",
        "zh-TW": "「{value}」不屬於所選鄉鎮：鄉鎮完整名單只能列出該鄉鎮及其村（社區）",
        "en": "“{value}” is not in the chosen township: a township's full list has only it and its villages",
    },
    "error.CODE_NOT_UNDER_PARENT": {
        "zh-CN": "县级代码与所属省、市代码不符",
        "zh-TW": "縣級代碼與所屬省、市代碼不符",
        "en": "The county code does not lie under the province and city codes",
    },
    "error.TENANT_EXISTS": {
        "zh-CN": "该县已开通",
        "zh-TW": "該縣已開通",
        "en": "This county already exists",
    },
    # Accounts
    "error.INVALID_USERNAME": {
        "zh-CN": "账号应为 3–64 位字母、数字、下划线、点或连字符",
        "zh-TW": "帳號應為 3–64 位字母、數字、底線、點或連字號",
        "en": "Usernames are 3–64 letters, digits, underscores, dots or hyphens",
    },
    "error.USERNAME_TAKEN": {
        "zh-CN": "该账号已被使用",
        "zh-TW": "該帳號已被使用",
        "en": "This username is taken",
    },
    "error.OUTSIDE_SUBTREE": {
        "zh-CN": "该单位不在您管理的范围内",
        "zh-TW": "該單位不在您管理的範圍內",
        "en": "This unit is outside the units you administer",
    },
    "error.UNKNOWN_ROLE": {
        "zh-CN": "未知角色“{role}{value}”",
        "zh-TW": "未知角色「{role}{value}」",
        "en": "Unknown role “{role}{value}”",
    },
    "error.ROLE_LEVEL": {
        "zh-CN": "角色“{role}”不能设在这一级单位",
        "zh-TW": "角色「{role}」不能設在這一級單位",
        "en": "Role “{role}” cannot be held at a unit of this level",
    },
    "error.ROLE_ABOVE_YOURS": {
        "zh-CN": "不能授予高于您自身权限的角色{role}",
        "zh-TW": "不能授予高於您自身權限的角色{role}",
        "en": "You cannot grant a role above your own {role}",
    },
    "error.APPROVE_OWN_GRANT": {
        "zh-CN": "不能批准授予自己的角色",
        "zh-TW": "不能批准授予自己的角色",
        "en": "You cannot approve a role granted to yourself",
    },
    "error.APPROVE_OWN_REQUEST": {
        "zh-CN": "不能批准自己提出的授权：须由另一位管理员批准",
        "zh-TW": "不能批准自己提出的授權：須由另一位管理員批准",
        "en": "You cannot approve your own request: another administrator must approve it",
    },
    "error.APPROVER_OUT_OF_SCOPE": {
        "zh-CN": "只有管辖范围包含申请人所在单位的管理员才能审批此授权",
        "zh-TW": "只有管轄範圍包含申請人所在單位的管理員才能審批此授權",
        "en": "Only an administrator whose scope covers the requesting administrator's unit may decide this request",
    },
    "error.GRANT_ALREADY_DECIDED": {
        "zh-CN": "此授权申请已处理",
        "zh-TW": "此授權申請已處理",
        "en": "This role request has already been decided",
    },
    "error.CANNOT_DEACTIVATE_SELF": {
        "zh-CN": "不能停用自己的账号",
        "zh-TW": "不能停用自己的帳號",
        "en": "You cannot deactivate your own account",
    },
    "error.PASSWORD_CHANGE_REQUIRED": {
        "zh-CN": "请先修改初始密码",
        "zh-TW": "請先修改初始密碼",
        "en": "Change your initial password first",
    },
    "error.WRONG_PASSWORD": {
        "zh-CN": "当前密码不正确",
        "zh-TW": "目前密碼不正確",
        "en": "The current password is wrong",
    },
    "error.PASSWORD_TOO_SHORT": {
        "zh-CN": "密码至少 {min} 位",
        "zh-TW": "密碼至少 {min} 位",
        "en": "At least {min} characters",
    },
    "error.PASSWORD_TOO_LONG": {
        "zh-CN": "密码最多 128 位",
        "zh-TW": "密碼最多 128 位",
        "en": "At most 128 characters",
    },
    "error.PASSWORD_TOO_SIMPLE": {
        "zh-CN": "密码需包含小写字母、大写字母、数字、符号中的至少 {classes} 类",
        "zh-TW": "密碼需包含小寫字母、大寫字母、數字、符號中的至少 {classes} 類",
        "en": "Use at least {classes} of: lower-case letters, capitals, digits, symbols",
    },
    "error.PASSWORD_CONTAINS_USERNAME": {
        "zh-CN": "密码不能包含账号",
        "zh-TW": "密碼不能包含帳號",
        "en": "The password must not contain the username",
    },
    "error.PASSWORD_UNCHANGED": {
        "zh-CN": "新密码不能与当前密码相同",
        "zh-TW": "新密碼不能與目前密碼相同",
        "en": "The new password must differ from the current one",
    },
    # Policy and settings
    "error.LOCKOUT": {
        "zh-CN": "不能移除平台管理员修改权限规则的权限",
        "zh-TW": "不能移除平台管理員修改權限規則的權限",
        "en": "The platform administrators' right to change the policy cannot be removed",
    },
    "error.UNKNOWN_SETTING": {
        "zh-CN": "没有这项设置",
        "zh-TW": "沒有這項設定",
        "en": "No such setting",
    },
    "error.INVALID_CHOICE": {
        "zh-CN": "请选择：{choices}",
        "zh-TW": "請選擇：{choices}",
        "en": "Choose one of: {choices}",
    },
}
