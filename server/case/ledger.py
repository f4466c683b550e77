"""信访事项台账: the case ledger as XLSX, with the seed-002 elements, filtered like the list.

Names and phones are masked in every export (DESIGN.md: lists and exports mask them); the query
code, the petitioner's credential, is never exported.
"""
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.audit import service as audit
from server.auth.models import User
from server.auth.principal import Principal
from server.case import queries as case_queries
from server.case import rules
from server.case.models import Case, Petitioner
from server.case.visibility import visible_filter
from server.dates import CHINA, utcnow
from server.errors import FORBIDDEN, DomainError
from server.security.inputs import printable
from server.unit.models import Unit

STATUS_ZH = {
    "REGISTERED": "已登记", "ACCEPTED": "已受理", "REJECTED": "不予受理", "FORWARDED": "已转送", "ASSIGNED": "已交办",
    "REPLIED": "已答复", "CLOSED": "已办结", "UNDER_REVIEW": "复查中", "UNDER_REREVIEW": "复核中", "CONCLUDED": "已终结",
}
CHANNEL_ZH = {
    "LETTER": "来信", "VISIT": "来访", "ONLINE": "网上", "PHONE": "电话", "FAX": "传真", "EMAIL": "电子邮件",
    "LEADER_RECEPTION": "领导接访", "PROXY": "代理/陪访",
}
KIND_ZH = {"SUGGESTION": "建议意见类", "ACCUSATION": "检举控告类", "COMPLAINT": "申诉求决类"}
OUTCOME_ZH = {"SUPPORTED": "支持", "EXPLAINED": "解释说明", "NOT_SUPPORTED": "不予支持"}
RATING_ZH = {"SATISFIED": "满意", "BASICALLY_SATISFIED": "基本满意", "DISSATISFIED": "不满意"}

COLUMNS = [
    ("序号", 6), ("登记时间", 17), ("信访人", 10), ("联系电话", 14), ("所属单位", 14),
    ("办理单位", 12), ("信访形式", 10), ("事项性质", 12), ("类别", 10), ("标题", 28), ("起因", 30),
    ("发生时间", 12), ("地点", 16), ("涉及人数", 9), ("事态发展", 30), ("调处情况", 30), ("状态", 9),
    ("受理期限", 12), ("办理期限", 12), ("是否超期", 9), ("包案领导", 10), ("处理结果", 10), ("满意度", 9),
    ("初信初访", 9), ("复查结论", 14), ("复查机关", 16), ("复核结论", 14), ("复核机关", 16), ("终结日期", 12),
    ("不再受理", 9),
]


def _date(value: dt.datetime | None, with_time: bool = False) -> str:
    if value is None:
        return ""
    local = value.astimezone(CHINA)
    return local.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def _review_columns(case: Case, units: dict[int, str]) -> list[str]:
    """复查 / 复核: the result, the body that gave it (the city's as recorded by the county), the
    date the matter was concluded (三级终结), and whether a petition was marked 不再受理."""
    columns = []
    for rereview, result, body, by in (
        (False, case.review_result, case.review_body_unit_id, case.review_decided_by),
        (True, case.rereview_result, case.rereview_body_unit_id, case.rereview_decided_by),
    ):
        if result is None:
            columns += ["", ""]
            continue
        columns.append(rules.review_result_text(result, rereview=rereview))
        columns.append(rules.issued_by(units.get(body or case.review_unit_id or 0, ""), by))
    return [*columns, _date(case.concluded_at), "是" if case.not_accepted_again else ""]


def _too_many(count: int, max_rows: int) -> DomainError:
    return DomainError("TOO_MANY", "error.LEDGER_TOO_MANY_ROWS", field=["filter"], count=count, max=max_rows)


async def export(
    *, db_session: AsyncSession, principal: Principal, flt: case_queries.CaseFilter, max_rows: int
) -> bytes:
    """The ledger of every case the filter selects, or a refusal asking to narrow the filter when
    they are more than `max_rows` (the setting `case_export_max_rows`): never a silently cut sheet."""
    user_id = principal.require_user()
    if not principal.scopes("case", "export"):
        raise DomainError(FORBIDDEN)
    query = await case_queries.filtered_query(db_session=db_session, principal=principal, flt=flt)
    query = query.where(visible_filter(principal, "export"))
    count = await db_session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    if count > max_rows:
        raise _too_many(count, max_rows)
    ordered = query.order_by(Case.registered_at.desc(), Case.id.desc()).limit(max_rows + 1)
    cases = list(await db_session.scalars(ordered))
    if len(cases) > max_rows:  # registered since the count: still refused, never cut
        raise _too_many(len(cases), max_rows)
    case_ids = [c.id for c in cases]
    people: dict[int, list[Petitioner]] = {}
    for chunk in range(0, len(case_ids), 1000):
        rows = await db_session.scalars(
            select(Petitioner).where(Petitioner.case_id.in_(case_ids[chunk : chunk + 1000])).order_by(Petitioner.position)
        )
        for p in rows:
            people.setdefault(p.case_id, []).append(p)
    unit_ids = {c.unit_id for c in cases} | {c.handler_unit_id for c in cases}
    unit_ids |= {u for c in cases for u in (c.review_body_unit_id, c.rereview_body_unit_id, c.review_unit_id) if u}
    units = {u.id: u.name for u in await db_session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))} if unit_ids else {}
    leader_ids = {c.leader_id for c in cases if c.leader_id}
    leaders = (
        {u.id: u.display_name for u in await db_session.scalars(select(User).where(User.id.in_(leader_ids)))}
        if leader_ids else {}
    )

    book = Workbook()
    sheet = book.active
    sheet.title = "信访事项台账"
    sheet.append([name for name, _ in COLUMNS])
    for index, (_, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="B71C1C")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    sheet.freeze_panes = "A2"
    now = utcnow()
    for number, case in enumerate(cases, start=1):
        persons = people.get(case.id, [])
        sheet.append([printable(value) for value in [
            number, _date(case.registered_at, True),
            "、".join(rules.mask_name(p.name) for p in persons),
            "、".join(rules.mask_phone(p.phone) for p in persons),
            units.get(case.unit_id, ""), units.get(case.handler_unit_id, ""),
            CHANNEL_ZH.get(case.channel, case.channel), KIND_ZH.get(case.kind, case.kind), case.category or "",
            case.title, case.cause or "", case.occurred_on.isoformat() if case.occurred_on else "", case.place or "",
            case.headcount, case.development or "", case.mediation or "", STATUS_ZH.get(case.status, case.status),
            _date(case.accept_due_at), _date(case.handle_due_at),
            "是" if case.due_at is not None and case.due_at < now else "否",
            leaders.get(case.leader_id or 0, ""), OUTCOME_ZH.get(case.outcome or "", ""), RATING_ZH.get(case.rating or "", ""),
            "是" if case.first_petition else "否", *_review_columns(case, units),
        ]])
    sheet.auto_filter.ref = sheet.dimensions
    audit.record(
        db_session=db_session, tenant_id=principal.tenant_id, actor_id=user_id, action="case.export",
        object_type="case", object_id=None, rows=len(cases),
    )
    await db_session.commit()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
