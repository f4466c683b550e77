"""Messages of the case lifecycle (zh-CN, zh-TW, en)."""

MESSAGES: dict[str, dict[str, str]] = {
    # The printable letter's toolbar (the letter itself is an official document in Chinese).
    "letter.print": {"zh-CN": "打印", "zh-TW": "列印", "en": "Print"},
    "letter.back": {"zh-CN": "返回事项", "zh-TW": "返回事項", "en": "Back to the case"},
    "error.INVALID_TRANSITION": {
        "zh-CN": "当前状态下不能执行此操作",
        "zh-TW": "目前狀態下不能執行此操作",
        "en": "This step is not allowed in the case's current status",
    },
    "error.FORWARD_SAME_UNIT": {
        "zh-CN": "不能转送给正在办理的单位",
        "zh-TW": "不能轉送給正在辦理的單位",
        "en": "The case is already with that unit",
    },
    "error.FORWARD_TO_ACCUSED": {
        "zh-CN": "检举控告材料不得转送给被检举控告的单位",
        "zh-TW": "檢舉控告材料不得轉送給被檢舉控告的單位",
        "en": "An accusation may not be sent to the unit it accuses",
    },
    "error.RECUSAL": {
        "zh-CN": "与事项有直接利害关系的人员应当回避",
        "zh-TW": "與事項有直接利害關係的人員應當迴避",
        "en": "Staff of the accused unit must recuse themselves",
    },
    "error.EXTENSION_ONCE": {
        "zh-CN": "办理期限只能延长一次",
        "zh-TW": "辦理期限只能延長一次",
        "en": "The handling period can be extended only once",
    },
    "error.NO_EXTENSION_REQUEST": {
        "zh-CN": "没有待审批的延期申请",
        "zh-TW": "沒有待審批的延期申請",
        "en": "There is no extension request to decide",
    },
    "error.NOT_FLAGGED": {
        "zh-CN": "该事项没有待回访的不满意评价",
        "zh-TW": "該事項沒有待回訪的不滿意評價",
        "en": "The case has no dissatisfied rating awaiting a follow-up",
    },
    "error.FUTURE_DATE": {"zh-CN": "日期不能晚于今天", "zh-TW": "日期不能晚於今天", "en": "The date cannot be in the future"},
    "error.ACCUSED_COUNTY": {
        "zh-CN": "检举控告县级机关工作人员的事项请向市级信访部门反映",
        "zh-TW": "檢舉控告縣級機關工作人員的事項請向市級信訪部門反映",
        "en": "Accusations against county officials go to the city petition bureau",
    },
    "error.LEDGER_TOO_MANY_ROWS": {
        "zh-CN": "符合筛选条件的事项有 {count} 件，超过台账导出上限 {max} 件：请缩小筛选范围（如按单位、状态或关键词）后再导出",
        "zh-TW": "符合篩選條件的事項有 {count} 件，超過台賬匯出上限 {max} 件：請縮小篩選範圍（如按單位、狀態或關鍵詞）後再匯出",
        "en": (
            "The filter selects {count} cases, more than the {max} one ledger export holds: "
            "narrow the filter (by unit, status or keyword) and export again"
        ),
    },
    "error.TRACK_NOT_FOUND": {
        "zh-CN": "查询码或手机号后四位不正确",
        "zh-TW": "查詢碼或手機號後四位不正確",
        "en": "The query code or the last four digits of the phone do not match",
    },
    "error.RATING_CLOSED": {
        "zh-CN": "当前不能评价：已评价或已超过评价期限",
        "zh-TW": "目前不能評價：已評價或已超過評價期限",
        "en": "Rating is not possible: already rated or the rating period has ended",
    },
    "error.REVIEW_CLOSED": {
        "zh-CN": "当前不能申请复查（复核）：未答复或已超过 30 日申请期限",
        "zh-TW": "目前不能申請複查（複核）：未答覆或已超過 30 日申請期限",
        "en": "A review cannot be requested now: no reply yet, or the 30-day period has passed",
    },
    "error.REVIEW_NO_BODY": {
        "zh-CN": "没有可以受理复查（复核）请求的上一级机关",
        "zh-TW": "沒有可以受理複查（複核）請求的上一級機關",
        "en": "There is no body above to take a review request",
    },
    "error.REVIEW_DECIDED_BY_REQUIRED": {
        "zh-CN": "请填写作出意见的机关及签发人",
        "zh-TW": "請填寫作出意見的機關及簽發人",
        "en": "Enter the body that decided and who signed the opinion",
    },
    "error.REVIEW_SCAN_REQUIRED": {
        "zh-CN": "请上传收到的意见书扫描件",
        "zh-TW": "請上傳收到的意見書掃描件",
        "en": "Attach the scan of the opinion received",
    },
    "error.NOT_MARKED_AGAIN": {
        "zh-CN": "该事项未被标记为已复核终结事项的重复信访，不能按不再受理处理",
        "zh-TW": "該事項未被標記為已複核終結事項的重複信訪，不能按不再受理處理",
        "en": "Only a petition marked as repeating a concluded matter can be declined as not accepted again",
    },
    "error.IDEMPOTENCY_CONFLICT": {
        "zh-CN": "该请求编号已用于内容不同的另一次提交，请刷新后重试",
        "zh-TW": "該請求編號已用於內容不同的另一次提交，請重新整理後重試",
        "en": "This request key was already used for a different submission; refresh and try again",
    },
    "error.LEADER_NOT_HANDLER": {
        "zh-CN": "包案领导须是办理单位或其上级单位中具有办理职责的人员",
        "zh-TW": "包案領導須是辦理單位或其上級單位中具有辦理職責的人員",
        "en": "The responsible leader must hold a handling role in the handling unit or a unit above it",
    },
    "error.LINK_INVALID": {
        "zh-CN": "评价链接无效、已使用或已过期",
        "zh-TW": "評價連結無效、已使用或已過期",
        "en": "The rating link is invalid, used or expired",
    },
    "error.REVIEW_RESULT_REQUIRED": {
        "zh-CN": "请选择复查（复核）结论：维持、变更或撤销原处理意见",
        "zh-TW": "請選擇複查（複核）結論：維持、變更或撤銷原處理意見",
        "en": "Choose the result of the review: uphold, change or revoke the earlier opinion",
    },
    "error.REVIEW_UPHELD_OUTCOME": {
        "zh-CN": "维持原处理意见时处理结果不变；要改变处理结果，请选择变更或撤销",
        "zh-TW": "維持原處理意見時處理結果不變；要改變處理結果，請選擇變更或撤銷",
        "en": "Upholding keeps the earlier outcome; to give another outcome, choose change or revoke",
    },
    "error.REVIEW_NEW_OUTCOME": {
        "zh-CN": "变更或撤销原处理意见时，请选择新的处理结果",
        "zh-TW": "變更或撤銷原處理意見時，請選擇新的處理結果",
        "en": "Changing or revoking the earlier opinion needs the new outcome",
    },
    "error.FORWARD_LEVEL": {
        "zh-CN": "只能转送给县级机关或乡镇（街道）",
        "zh-TW": "只能轉送給縣級機關或鄉鎮（街道）",
        "en": "A case can be forwarded to the county or a township only",
    },
    "error.UPLOAD_TOKEN_INVALID": {
        "zh-CN": "附件凭证无效，请重新上传该附件",
        "zh-TW": "附件憑證無效，請重新上傳該附件",
        "en": "This attachment could not be verified; upload it again",
    },
    "error.UPLOAD_TOKEN_EXPIRED": {
        "zh-CN": "附件上传已超过 {hours} 小时，请重新上传",
        "zh-TW": "附件上傳已超過 {hours} 小時，請重新上傳",
        "en": "This attachment was uploaded more than {hours} hours ago; upload it again",
    },
    "error.UPLOAD_TOKEN_USED": {
        "zh-CN": "该附件已随其他信访事项提交，请重新上传",
        "zh-TW": "該附件已隨其他信訪事項提交，請重新上傳",
        "en": "This attachment was already sent with another petition; upload it again",
    },
}
