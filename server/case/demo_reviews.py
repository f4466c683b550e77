"""The demo county's road to the end of a matter (信访工作条例 Arts. 35/36), so that it can be followed
in the app without waiting for real time to pass: one township case whose 复查 opinion the county
gave (the petitioner may now ask 青川市 for 复核), one whose 复核 the city is doing (the county bureau
records its opinion when it comes), and one concluded by the city's 复核 with a later petition on
the same facts, marked 不再受理 for the officer to decide."""
import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from server.auth.models import User
from server.case import rules
from server.case.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    Channel,
    Outcome,
    Petitioner,
    PublicDocument,
    ReviewResult,
)
from server.dates import utcnow
from server.tenant.settings import TenantSettings
from server.unit.models import Unit

DAY = dt.timedelta(days=1)
ROAD = [
    # (title, content, phone, days since the 复查 opinion, what came after it)
    ("耕地被邻村违规占用", "邻村在我组承包耕地上堆放建筑垃圾，要求清理复耕。", "13700001001", 8, "REPLIED"),
    ("农田灌溉渠被堵塞", "上游养殖户筑坝截水，下游农田无法灌溉，要求拆除。", "13700001002", 12, "UNDER_REREVIEW"),
    ("宅基地审批不予通过", "申请翻建住房的宅基地审批未获通过，认为理由不成立。", "13700001003", 70, "CONCLUDED"),
]


async def load_review_road(
    db_session: AsyncSession, *, village: Unit, township: Unit, county: Unit, city: Unit,
    clerk: User, township_officer: User, county_officer: User,
) -> None:
    settings = TenantSettings()
    now = utcnow()

    def event(case: Case, kind: CaseEventKind, at: dt.datetime, actor: User | None, note: str | None = None) -> None:
        db_session.add(CaseEvent(tenant_id=case.tenant_id, case_id=case.id, kind=kind, at=at,
                                 actor_id=actor.id if actor else None, note=note))

    def document(case: Case, kind: str, body: str, at: dt.datetime, result: ReviewResult | None = None,
                 issued_by: str | None = None) -> None:
        db_session.add(PublicDocument(tenant_id=case.tenant_id, case_id=case.id, kind=kind, body=body, published_at=at,
                                      review_result=result, issued_by=issued_by))

    concluded: Case | None = None
    for title, content, phone, days, after in ROAD:
        decided = now - days * DAY
        registered = decided - 75 * DAY
        accepted, replied, asked = registered + 2 * DAY, registered + 40 * DAY, registered + 45 * DAY
        reply = "经调查核实，已组织双方协商，答复如下：相关诉求缺乏政策依据，已作解释说明。"
        opinion = "经复查，原处理意见认定事实清楚，处理适当，予以维持。"
        case = Case(
            tenant_id=county.id, unit_id=village.id, unit_path=village.path, handler_unit_id=township.id,
            handler_unit_path=township.path, registered_by_unit_id=village.id, registered_by_user_id=clerk.id,
            query_code=rules.new_query_code(), channel=Channel.VISIT, title=title, content=content, headcount=1,
            status=CaseStatus.REPLIED, registered_at=registered, accepted_at=accepted, replied_at=decided,
            accept_due_at=rules.accept_due_at(registered, settings), handle_due_at=rules.handle_due_at(accepted, settings),
            leader_id=township_officer.id, reply=opinion, outcome=Outcome.EXPLAINED, reply_round=2,
            review_requested_at=asked, review_unit_id=county.id, review_body_unit_id=county.id,
            review_decided_at=decided, review_result=ReviewResult.UPHELD, review_upheld=True,
            rating_due_at=rules.rating_due_at(decided, settings),
            review_request_due_at=rules.review_request_due_at(decided, settings),
            petitioners=[Petitioner(tenant_id=county.id, position=0, name="周" + title[:1] + "林", phone=phone)],
        )
        db_session.add(case)
        await db_session.flush()
        event(case, CaseEventKind.REGISTERED, registered, clerk)
        event(case, CaseEventKind.ACCEPTED, accepted, township_officer)
        event(case, CaseEventKind.REPLIED, replied, township_officer, reply)
        event(case, CaseEventKind.REVIEW_REQUESTED, asked, None, "对处理意见不服，申请复查。")
        event(case, CaseEventKind.REVIEWED, decided, county_officer,
              rules.review_note(ReviewResult.UPHELD, Outcome.EXPLAINED, Outcome.EXPLAINED, opinion, rereview=False))
        document(case, "ACCEPTANCE", "予以受理。", accepted)
        document(case, "REPLY", reply, replied)
        document(case, "REVIEW", opinion, decided, ReviewResult.UPHELD, rules.issued_by(county.name, None))
        if after in ("UNDER_REREVIEW", "CONCLUDED"):
            rereview_asked = decided + 3 * DAY
            case.status, case.rereview_requested_at, case.rereview_body_unit_id = (
                CaseStatus.UNDER_REREVIEW, rereview_asked, city.id)
            case.review_request_due_at = None
            case.review_due_at = rules.review_due_at(rereview_asked, settings)
            event(case, CaseEventKind.REREVIEW_REQUESTED, rereview_asked, None,
                  f"对复查意见不服，申请复核。\n（向{city.name}申请复核；由{county.name}信访部门接收并登记其复核意见）")
        if after == "CONCLUDED":
            final_at, signer = decided + 25 * DAY, "青川市信访局 复核组"
            final = "经复核，复查意见认定事实清楚，适用依据正确，予以维持。"
            case.status, case.concluded_at, case.review_due_at = CaseStatus.CONCLUDED, final_at, None
            case.rereview_result, case.rereview_upheld, case.rereview_decided_by = ReviewResult.UPHELD, True, signer
            case.reply, case.replied_at, case.reply_round = final, final_at, 3
            case.rating_due_at = rules.rating_due_at(final_at, settings)
            issuer = rules.issued_by(city.name, signer)
            event(case, CaseEventKind.REREVIEWED, final_at, county_officer,
                  rules.review_note(ReviewResult.UPHELD, Outcome.EXPLAINED, Outcome.EXPLAINED, final, rereview=True)
                  + f"\n（{issuer}作出，{county.name}信访部门登记；扫描件：复核意见书.pdf）")
            document(case, "REREVIEW", final, final_at, ReviewResult.UPHELD, issuer)
            concluded = case
        case.due_at = rules.running_deadline_of(case)

    if concluded is not None:  # the same petitioner on the same facts, after 三级终结
        registered = now - 2 * DAY
        again = Case(
            tenant_id=county.id, unit_id=village.id, unit_path=village.path, handler_unit_id=township.id,
            handler_unit_path=township.path, registered_by_unit_id=village.id, registered_by_user_id=clerk.id,
            query_code=rules.new_query_code(), channel=Channel.LETTER, title=concluded.title, content=concluded.content,
            headcount=1, status=CaseStatus.REGISTERED, registered_at=registered,
            accept_due_at=rules.accept_due_at(registered, settings), first_petition=False,
            repeat_of_case_id=concluded.id, not_accepted_again=True,
            petitioners=[Petitioner(tenant_id=county.id, position=0, name="周宅林", phone=ROAD[2][2])],
        )
        again.due_at = again.accept_due_at
        db_session.add(again)
        await db_session.flush()
        event(again, CaseEventKind.REGISTERED, registered, clerk, f"重信重访 #{concluded.id}（不再受理）")
