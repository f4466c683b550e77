"""Messages of the joint evaluation, in the product's three locales."""

MESSAGES: dict[str, dict[str, str]] = {
    "evaluation.INVALID_TEMPLATE": {
        "zh-CN": "规则模板或评分设置有误：{detail}",
        "zh-TW": "規則模板或評分設定有誤：{detail}",
        "en": "Invalid rule template or scoring settings: {detail}",
    },
    "evaluation.CAMPAIGN_EXISTS": {
        "zh-CN": "{year} 年度的创建活动已存在",
        "zh-TW": "{year} 年度的創建活動已存在",
        "en": "The campaign of {year} already exists",
    },
    "evaluation.NO_CAMPAIGN": {
        "zh-CN": "{year} 年度尚未开展创建活动",
        "zh-TW": "{year} 年度尚未開展創建活動",
        "en": "There is no campaign for {year}",
    },
    "evaluation.DUPLICATE": {"zh-CN": "编号重复", "zh-TW": "編號重複", "en": "Duplicate code"},
    "evaluation.NOT_ASSESSED_TIER": {
        "zh-CN": "只对乡镇和村（居）进行评分",
        "zh-TW": "只對鄉鎮和村（居）進行評分",
        "en": "Only townships and villages are scored",
    },
    "evaluation.DECLARATION_STATE": {
        "zh-CN": "申报当前所处环节不能进行此操作",
        "zh-TW": "申報目前所處環節不能進行此操作",
        "en": "This step does not apply to the declaration in its current state",
    },
    "evaluation.SELF_ASSESSMENT_FIRST": {
        "zh-CN": "请先完成自查自评再申报",
        "zh-TW": "請先完成自查自評再申報",
        "en": "Complete the self-assessment before applying",
    },
    "evaluation.DECLARATION_BARRED": {
        "zh-CN": "不能申报：未达“三无”或被一票否决的单位在综合性评先选优中实行否决制度。{reason_zh_cn}",
        "zh-TW": "不能申報：未達「三無」或被一票否決的單位在綜合性評先選優中實行否決制度。{reason_zh_tw}",
        "en": "Cannot be declared: a unit that is not 三无 or is vetoed is barred from selections. {reason_en}",
    },
    "evaluation.INCOMPLETE_UNITS": {
        "zh-CN": "有 {count} 个单位的得分不完整（有评分项无人填报），如确认存储请说明原因：{units}",
        "zh-TW": "有 {count} 個單位的得分不完整（有評分項無人填報），如確認儲存請說明原因：{units}",
        "en": "{count} unit(s) have an incomplete score (a part nobody filled); confirm with a note to store: {units}",
    },
    "evaluation.INCOMPLETE_NOTE": {
        "zh-CN": "存储含不完整单位的考评结果须填写说明",
        "zh-TW": "儲存含不完整單位的考評結果須填寫說明",
        "en": "Storing a review with incomplete units needs a note",
    },
    "evaluation.DECLARATION_EXISTS": {
        "zh-CN": "该单位本年度已申报",
        "zh-TW": "該單位本年度已申報",
        "en": "This unit has already applied this year",
    },
    "evaluation.EXPORT_FONT_MISSING": {
        "zh-CN": "服务器缺少中文字体，无法生成 PDF",
        "zh-TW": "伺服器缺少中文字型，無法產生 PDF",
        "en": "No Chinese font is installed on the server; the PDF cannot be made",
    },
    "evaluation.FILE_TWICE": {
        "zh-CN": "同一个文件只能作为一项指标的佐证",
        "zh-TW": "同一個檔案只能作為一項指標的佐證",
        "en": "A file can be evidence for one indicator only",
    },
    "evaluation.CHECKLIST_ITEM_REPORTED": {
        "zh-CN": "该“建”项目本年度已报送，请修改原报送",
        "zh-TW": "該「建」項目本年度已報送，請修改原報送",
        "en": "This checklist item has already been reported this year; edit that report instead",
    },
    "evaluation.DONE_ON_RANGE": {
        "zh-CN": "完成日期不能晚于今天",
        "zh-TW": "完成日期不能晚於今天",
        "en": "The completion date cannot be after today",
    },
    "evaluation.STAGES_FIXED": {
        "zh-CN": "活动阶段须为动员部署、全面推进、申报推荐三个阶段，按顺序填写",
        "zh-TW": "活動階段須為動員部署、全面推進、申報推薦三個階段，按順序填寫",
        "en": "The stages are the campaign's three stages, in their order",
    },
    "evaluation.STAGE_DATES": {
        "zh-CN": "阶段日期须在 {year} 年内，且开始不晚于结束",
        "zh-TW": "階段日期須在 {year} 年內，且開始不晚於結束",
        "en": "Stage dates must fall within {year} and start no later than they end",
    },
    "evaluation.STAGE_ORDER": {
        "zh-CN": "每个阶段须在上一阶段结束后开始",
        "zh-TW": "每個階段須在上一階段結束後開始",
        "en": "Each stage must start after the previous one ends",
    },
    "evaluation.INDICATOR_IN_USE": {
        "zh-CN": "指标 {indicator} 已有单位自评，不能删除",
        "zh-TW": "指標 {indicator} 已有單位自評，不能刪除",
        "en": "Units have already scored indicator {indicator}; it cannot be removed",
    },
    "evaluation.INDICATOR_POINTS_SCORED": {
        "zh-CN": "已有单位自评 {points} 分，分值不能低于此数",
        "zh-TW": "已有單位自評 {points} 分，分值不能低於此數",
        "en": "A unit has already scored {points} points; the maximum cannot be lower",
    },
    "evaluation.INDICATOR_TIER_SCORED": {
        "zh-CN": "已有其他层级的单位自评此项，不能改变适用层级",
        "zh-TW": "已有其他層級的單位自評此項，不能改變適用層級",
        "en": "Units of another tier have already scored this indicator; its tier cannot change",
    },
}
