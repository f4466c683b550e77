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
}
