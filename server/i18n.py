"""Server-side messages in the three locales of the product (zh-CN default, zh-TW, en).

Clients choose with `Accept-Language`; anything we do not speak falls back to zh-CN.
"""
from string import Formatter

DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "zh-TW", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "error.REQUIRED": {"zh-CN": "此项必填", "zh-TW": "此項必填", "en": "This field is required"},
    "error.TOO_LONG": {
        "zh-CN": "长度不能超过 {max} 个字符",
        "zh-TW": "長度不能超過 {max} 個字元",
        "en": "Must be at most {max} characters",
    },
    "error.OUT_OF_RANGE": {
        "zh-CN": "数值应在 {min} 到 {max} 之间",
        "zh-TW": "數值應在 {min} 到 {max} 之間",
        "en": "Must be between {min} and {max}",
    },
    "error.INVALID": {"zh-CN": "格式不正确", "zh-TW": "格式不正確", "en": "Invalid value"},
    "error.INVALID_ID": {"zh-CN": "编号格式不正确", "zh-TW": "編號格式不正確", "en": "Malformed id"},
    "error.INVALID_PHONE": {
        "zh-CN": "请填写正确的手机号或座机号",
        "zh-TW": "請填寫正確的手機號或座機號",
        "en": "Enter a valid mobile or landline number",
    },
    "error.INVALID_CURSOR": {"zh-CN": "分页游标无效", "zh-TW": "分頁游標無效", "en": "Invalid page cursor"},
    "error.TOO_MANY": {
        "zh-CN": "最多 {max} 项",
        "zh-TW": "最多 {max} 項",
        "en": "At most {max} items",
    },
    "error.BAD_USER_INPUT": {"zh-CN": "输入有误", "zh-TW": "輸入有誤", "en": "Invalid input"},
    "error.UNAUTHENTICATED": {"zh-CN": "请先登录", "zh-TW": "請先登入", "en": "Please sign in"},
    "error.FORBIDDEN": {
        "zh-CN": "没有权限执行此操作",
        "zh-TW": "沒有權限執行此操作",
        "en": "You are not allowed to do this",
    },
    "error.UNIT_FORBIDDEN": {
        "zh-CN": "该单位不在您的管辖范围内",
        "zh-TW": "該單位不在您的管轄範圍內",
        "en": "That unit is outside your area",
    },
    "error.NOT_FOUND": {"zh-CN": "未找到", "zh-TW": "未找到", "en": "Not found"},
    "error.CONFLICT": {"zh-CN": "数据已被他人修改", "zh-TW": "資料已被他人修改", "en": "Changed by someone else"},
    "error.RATE_LIMITED": {
        "zh-CN": "操作过于频繁，请稍后再试",
        "zh-TW": "操作過於頻繁，請稍後再試",
        "en": "Too many attempts; try again later",
    },
    "error.INTERNAL": {"zh-CN": "服务器内部错误", "zh-TW": "伺服器內部錯誤", "en": "Internal server error"},
    "error.INVALID_CREDENTIALS": {
        "zh-CN": "用户名或密码错误",
        "zh-TW": "使用者名稱或密碼錯誤",
        "en": "Wrong username or password",
    },
    "error.LOCKED": {
        "zh-CN": "登录失败次数过多，请 {minutes} 分钟后再试",
        "zh-TW": "登入失敗次數過多，請 {minutes} 分鐘後再試",
        "en": "Too many failed sign-ins; try again in {minutes} minutes",
    },
    "error.PERSISTED_QUERY_NOT_FOUND": {
        "zh-CN": "请发送完整查询",
        "zh-TW": "請傳送完整查詢",
        "en": "Persisted query not found: send the query text",
    },
    "error.PERSISTED_QUERY_INVALID": {
        "zh-CN": "持久化查询的版本或哈希无效",
        "zh-TW": "持久化查詢的版本或雜湊無效",
        "en": "Invalid persisted query version or hash",
    },
    "error.QUERY_TOO_COMPLEX": {
        "zh-CN": "查询过于复杂",
        "zh-TW": "查詢過於複雜",
        "en": "Query too complex",
    },
    "error.REQUEST_TOO_LARGE": {
        "zh-CN": "请求内容过大",
        "zh-TW": "請求內容過大",
        "en": "Request too large",
    },
    "error.PETITIONERS_REQUIRED": {
        "zh-CN": "至少填写一名信访人",
        "zh-TW": "至少填寫一名信訪人",
        "en": "Add at least one petitioner",
    },
    "error.UNIT_LEVEL": {
        "zh-CN": "信访事项只能归属到县、乡镇或村",
        "zh-TW": "信訪事項只能歸屬到縣、鄉鎮或村",
        "en": "A case belongs to a county, township or village",
    },
}


def negotiate(accept_language: str | None) -> str:
    """Pick our locale from an Accept-Language header (q-values respected)."""
    if not accept_language:
        return DEFAULT_LOCALE
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, q = part.strip().partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((-weight, index, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("en"):
            return "en"
        if tag in ("zh-tw", "zh-hk", "zh-mo", "zh-hant") or tag.startswith("zh-hant"):
            return "zh-TW"
        if tag.startswith("zh"):
            return "zh-CN"
    return DEFAULT_LOCALE


def translate(key: str, locale: str = DEFAULT_LOCALE, **params: object) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(locale) or entry[DEFAULT_LOCALE]
    names = {name for _, name, _, _ in Formatter().parse(template) if name}
    return template.format(**{name: params.get(name, "") for name in names})
# Feature catalogues: each package keeps its own messages.
from server.admin.messages import MESSAGES as _admin  # noqa: E402
from server.attachment.messages import MESSAGES as _attachment  # noqa: E402
from server.case.messages import MESSAGES as _case  # noqa: E402
from server.evaluation.messages import MESSAGES as _evaluation  # noqa: E402
from server.evaluation.settings_messages import MESSAGES as _evaluation_settings  # noqa: E402
from server.holidays.messages import MESSAGES as _holidays  # noqa: E402
from server.incident.messages import MESSAGES as _incident  # noqa: E402
from server.screening.messages import MESSAGES as _screening  # noqa: E402
from server.security.messages import MESSAGES as _security  # noqa: E402

for _catalogue in (
    _attachment, _case, _screening, _incident, _evaluation, _admin, _evaluation_settings, _security, _holidays,
):
    MESSAGES.update(_catalogue)
