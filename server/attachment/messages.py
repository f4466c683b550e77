"""Messages of stored files."""
MESSAGES = {
    "error.ATTACHMENT_TYPE": {
        "zh-CN": "只能上传 JPEG、PNG、WebP 图片或 PDF 文件",
        "zh-TW": "只能上傳 JPEG、PNG、WebP 圖片或 PDF 檔案",
        "en": "Only JPEG, PNG or WebP photos and PDF files can be uploaded",
    },
    "error.ATTACHMENT_TYPE_DOCUMENTS": {
        "zh-CN": "只能上传图片（JPEG、PNG、WebP）、PDF、Word（.docx）或 Excel（.xlsx）文件",
        "zh-TW": "只能上傳圖片（JPEG、PNG、WebP）、PDF、Word（.docx）或 Excel（.xlsx）檔案",
        "en": "Only photos (JPEG, PNG, WebP), PDF, Word (.docx) or Excel (.xlsx) files can be uploaded",
    },
    "error.ATTACHMENT_SIZE": {
        "zh-CN": "文件不能超过 {max} MB",
        "zh-TW": "檔案不能超過 {max} MB",
        "en": "Files must be at most {max} MB",
    },
}
