"""The printable reply letter: the 信访事项处理意见书, or the 复查 / 复核 opinion now in force.

One HTML page that reads on a phone (390 px wide, nothing wider than the screen) and prints on A4:
`@page` A4 with margins, the toolbar (print, back) hidden, black text, the title kept with what
follows and the signature and the QR code never split across pages. The letter itself is an
official Chinese document; only the toolbar follows the reader's language.
"""
import html
from dataclasses import dataclass

import segno

from server import ids
from server.case import rules as case_rules
from server.case.models import Case
from server.dates import CHINA
from server.i18n import translate

# The print button's script (the page's Content-Security-Policy allows scripts from this origin only).
PRINT_SCRIPT = """document.addEventListener('DOMContentLoaded', function () {
  var button = document.querySelector('[data-print]');
  if (button) button.addEventListener('click', function () { window.print(); });
});
"""
PRINT_SCRIPT_PATH = "/letters/print.js"

STYLE = """*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#f2f3f5;color:#1a1a1a;font-family:"Noto Serif CJK SC","Source Han Serif SC","Songti SC",serif}
.toolbar{position:sticky;top:0;z-index:1;display:flex;justify-content:space-between;gap:8px;padding:8px 16px;
background:#fff;border-bottom:1px solid #dcdee0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif}
.toolbar a,.toolbar button{display:inline-flex;align-items:center;min-height:44px;padding:0 18px;border-radius:22px;
font:inherit;font-size:16px;text-decoration:none;cursor:pointer}
.toolbar a{color:#1f5fbf;border:1px solid #1f5fbf;background:#fff}
.toolbar button{color:#fff;border:0;background:#1f5fbf}
.letter{max-width:720px;margin:16px auto;padding:24px 20px;background:#fff;font-size:17px;line-height:1.9;
overflow-wrap:anywhere;word-break:normal}
.letter::after{content:"";display:block;clear:both}
h1{margin:0 0 16px;text-align:center;font-size:22px;line-height:1.4;letter-spacing:1px}
p{margin:0 0 8px}
.qr{float:right;width:180px;margin:0 0 8px 16px;text-align:center}
.qr svg{display:block;width:100%;height:auto}
.small{font-size:12px;line-height:1.5;color:#555}
.sign{margin-top:32px;text-align:right}
@media (max-width:480px){.letter{margin:0;padding:20px 16px}.qr{float:none;width:160px;margin:8px auto 12px}}
@page{size:A4;margin:25mm 20mm 20mm}
@media print{
body{background:#fff;color:#000}
.toolbar{display:none}
.letter{max-width:none;margin:0;padding:0;font-size:12pt;line-height:1.8}
h1{font-size:18pt;break-after:avoid;page-break-after:avoid}
p{orphans:3;widows:3}
.small{color:#000}
.qr{width:38mm;margin:0 0 4mm 6mm;break-inside:avoid;page-break-inside:avoid}
.sign{break-inside:avoid;page-break-inside:avoid}
}
"""


@dataclass(frozen=True)
class LetterFacts:
    """What the route read for the letter: the case, who signs it, who decided, the rating link."""

    case: Case
    signer_name: str
    decided_by: str | None
    rating_url: str | None


def render(facts: LetterFacts, locale: str) -> str:
    case = facts.case
    outcome = case_rules.OUTCOME_ZH.get(case.outcome, "") if case.outcome else ""
    replied = case.replied_at.astimezone(CHINA).strftime("%Y年%m月%d日") if case.replied_at else ""
    due = case.review_request_due_at.astimezone(CHINA).strftime("%Y年%m月%d日") if case.review_request_due_at else ""
    # The answer now in force: the reply, the 复查 opinion (round 2) or the 复核 opinion (round 3),
    # signed by the body that gave it, with the result the reviewer stated.
    title, conclusion = "信访事项处理意见书", ""
    right: str | None = "复查"
    if case.reply_round >= 2:
        rereview = case.reply_round >= 3
        title = "信访事项复核意见书" if rereview else "信访事项复查意见书"
        result = case.rereview_result if rereview else case.review_result
        if result:
            label = "复核结论" if rereview else "复查结论"
            conclusion = f"<p>{label}：{case_rules.review_result_text(result, rereview=rereview)}。</p>"
        right = None if rereview else "复核"
    next_step = (
        f"<p>如对本意见不服，可以自收到本意见书之日起30日内（{html.escape(due)}前）向上一级机关请求{right}。</p>"
        if right else "<p>本复核意见为终结意见。</p>"
    )
    qr = ""
    if facts.rating_url:
        url = html.escape(facts.rating_url)
        svg = segno.make(facts.rating_url, error="m").svg_inline(scale=4, omitsize=True)
        qr = f'<div class="qr">{svg}<p class="small">扫码评价本次答复（{url}）</p></div>'
    reply = html.escape(case.reply or "").replace(chr(10), "<br>")
    signer = html.escape(case_rules.issued_by(facts.signer_name, facts.decided_by))
    lang = html.escape(locale)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{STYLE}</style><script src="{PRINT_SCRIPT_PATH}" defer></script></head>
<body><nav class="toolbar" lang="{lang}" data-testid="letter-toolbar">
<a href="/cases/{html.escape(_case_link(case))}">{html.escape(translate("letter.back", locale))}</a>
<button type="button" data-print>{html.escape(translate("letter.print", locale))}</button></nav>
<main class="letter" data-testid="letter"><h1>{title}</h1>
<p>查询码：{html.escape(case.query_code)}</p>
<p>事项：{html.escape(case.title)}</p>
{qr}{conclusion}<p>处理意见（{html.escape(outcome)}）：</p><p>{reply}</p>
{next_step}
<p class="sign">{signer}<br>{replied}</p>
</main></body></html>"""


def _case_link(case: Case) -> str:
    return ids.encode("Case", case.id)
