"""Property-based: random sequences of lifecycle steps by random demo users keep the invariants.

- no status outside the state machine, and every status change is one the machine allows;
- every change is audited (one audit record per successful step);
- nobody outside the handling units ever sees petitioner data unmasked;
- deadlines never move backwards; the handling deadline moves only by an approved extension;
- a review decision is taken only with its stated result, which the case keeps (维持 keeps the outcome).
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from server import ids
from server.audit.models import AuditEvent
from server.auth.models import RoleGrant, User
from server.case.models import Case, CaseStatus
from server.case.rules import TRANSITIONS, Action
from server.ratelimit import limiter
from tests.api.helpers import REGISTER, case_input, unit_id

ACTORS = ["t01v01", "t01v02", "t01_officer", "t01_leader", "t02_officer", "xfj_officer", "xfj_leader", "citizen"]
STEPS = {
    "accept": (Action.ACCEPT, "acceptCase(id: $id, note: \"受理\")"),
    "reject": (Action.REJECT, "rejectCase(id: $id, reason: \"不属于信访事项\")"),
    "forward": (Action.FORWARD, "forwardCase(id: $id, unitId: $unit)"),
    "assign": (Action.ASSIGN, "assignCase(id: $id, leaderId: $leader, plan: \"化解方案\")"),
    "note": (Action.PROGRESS, "addCaseNote(id: $id, note: \"走访\")"),
    "extend": (Action.REQUEST_EXTENSION, "requestExtension(id: $id, days: 15, reason: \"需鉴定\")"),
    "approve": (Action.APPROVE_EXTENSION, "decideExtension(id: $id, approve: true)"),
    "reply": (Action.REPLY, "replyCase(id: $id, reply: \"答复意见\", outcome: EXPLAINED)"),
    "close": (Action.CLOSE, "closeCase(id: $id)"),
    "review": (Action.DECIDE_REVIEW, "decideReview(id: $id, result: CHANGED, opinion: \"复查意见\", outcome: SUPPORTED)"),
    "uphold": (Action.DECIDE_REVIEW, "decideReview(id: $id, result: UPHELD, opinion: \"维持\")"),
    "review_bare": (Action.DECIDE_REVIEW, "decideReview(id: $id, opinion: \"复查意见\", outcome: SUPPORTED)"),
    "supervise": (Action.SUPERVISE, "superviseCase(id: $id, note: \"督办\")"),
    "follow_up": (Action.FOLLOW_UP, "followUpCase(id: $id, note: \"已回访\")"),
}
CITIZEN_STEPS = ["rate_bad", "rate_good", "ask_review"]

operation = st.tuples(
    st.sampled_from(ACTORS), st.sampled_from(sorted(STEPS) + CITIZEN_STEPS), st.integers(0, 1), st.sampled_from(["001", "002"])
)

_clients: dict[tuple[int, str], object] = {}


async def _client(client_factory, app, username: str):
    key = (id(app), username)
    if key not in _clients:
        _clients[key] = await client_factory(None if username == "citizen" else username, via_password=False)
    return _clients[key]


async def _state(db, pk: int) -> Case:
    return (await db.execute(select(Case).where(Case.id == pk).execution_options(populate_existing=True))).scalar_one()


async def _audit_count(db, pk: int) -> int:
    return await db.scalar(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.object_type == "case", AuditEvent.object_id == pk,
            AuditEvent.action.not_in(["case.read_pii", "case.export"]),
        )
    )


async def _handling_user_units(db, username: str) -> set[int]:
    rows = await db.scalars(select(RoleGrant.unit_id).join(User, User.id == RoleGrant.user_id).where(User.username == username))
    return set(rows)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=st.lists(operation, min_size=1, max_size=14))
async def test_random_lifecycles_keep_the_invariants(ops, client_factory, app, db):
    limiter.reset()
    clerks = {"001": "t01v01", "002": "t01v02"}
    cases = []
    for village in ("001", "002"):
        clerk = await _client(client_factory, app, clerks[village])
        created = (await clerk.data(REGISTER, {"input": case_input(
            await unit_id(db, f"/990000/990100/990122/001/{village}"),
            petitioners=[{"name": "欧阳修", "phone": "13566667777"}],
        )}))["registerCase"]
        assert created["userErrors"] == []
        cases.append((created["case"]["id"], created["case"]["queryCode"]))
    leader_id = ids.encode("User", await db.scalar(select(User.id).where(User.username == "t01_leader")))

    for actor, step, index, township in ops:
        case_id, code = cases[index]
        pk = ids.decode("Case", case_id)
        before = await _state(db, pk)
        before_status, before_accept, before_handle = before.status, before.accept_due_at, before.handle_due_at
        before_ext = before.extension_status
        before_outcome, before_result = before.outcome, before.review_result
        audits_before = await _audit_count(db, pk)
        client = await _client(client_factory, app, actor)

        if step in STEPS and actor != "citizen":
            action, call = STEPS[step]
            variables = {
                "id": case_id,
                "unit": await unit_id(db, f"/990000/990100/990122/{township}"),
                "leader": leader_id,
            }
            signature = "$id: ID!" + (", $unit: ID!" if "$unit" in call else "") + (", $leader: ID!" if "$leader" in call else "")
            used = {k: v for k, v in variables.items() if f"${k}" in call}
            body = await client.execute(f"mutation({signature}) {{ r: {call} {{ case {{ id }} userErrors {{ code }} }} }}", used)
            succeeded = "errors" not in body and not body["data"]["r"]["userErrors"]
        elif step in CITIZEN_STEPS:
            action = Action.RATE if step.startswith("rate") else Action.REQUEST_REVIEW
            if step == "ask_review":
                body = await client.execute(
                    'mutation($c:String!){r: requestReview(queryCode:$c,phoneLast4:"7777",reason:"不服"){case{status} userErrors{code}}}',
                    {"c": code},
                )
            else:
                level = "DISSATISFIED" if step == "rate_bad" else "SATISFIED"
                body = await client.execute(
                    f'mutation($c:String!){{r: rateCase(queryCode:$c,phoneLast4:"7777",level:{level}){{case{{status}} userErrors{{code}}}}}}',
                    {"c": code},
                )
            succeeded = "errors" not in body and not body["data"]["r"]["userErrors"]
        else:
            continue

        after = await _state(db, pk)
        # 1. The state machine: a refused step changes nothing; an accepted one follows the table.
        assert after.status in set(CaseStatus)
        if succeeded:
            sources, target = TRANSITIONS[action]
            assert before_status in sources, (action, before_status)
            assert after.status == (target or before_status), (action, before_status, after.status)
            # 2. Every change is audited.
            assert await _audit_count(db, pk) == audits_before + 1
        else:
            assert after.status == before_status
            assert await _audit_count(db, pk) == audits_before
        # 5. A review decision states its result: never without one, kept with the inferred flag
        #    set from it, and 维持 leaves the outcome as it was.
        if step == "review_bare":
            assert not succeeded
        if succeeded and step in ("review", "uphold"):
            result = after.rereview_result if after.status == CaseStatus.CONCLUDED else after.review_result
            upheld = after.rereview_upheld if after.status == CaseStatus.CONCLUDED else after.review_upheld
            assert result == ("UPHELD" if step == "uphold" else "CHANGED")
            assert upheld is (step == "uphold")
            if step == "uphold":
                assert after.outcome == before_outcome
        elif not succeeded:
            assert (after.review_result, after.outcome) == (before_result, before_outcome)
        # 4. Deadlines never move backwards; the handling deadline moves only by an extension.
        assert after.accept_due_at >= before_accept
        if before_handle is not None:
            assert after.handle_due_at >= before_handle
            if after.handle_due_at != before_handle:
                assert action == Action.APPROVE_EXTENSION and before_ext == "REQUESTED" and after.extension_status == "APPROVED"

        # 3. Nobody outside the handling units sees the petitioner unmasked.
        handling = {after.unit_id, after.handler_unit_id, after.registered_by_unit_id}
        for viewer in ACTORS[:-1]:
            detail = (await (await _client(client_factory, app, viewer)).data(
                "query($id:ID!){case(id:$id){petitioners{name phone}}}", {"id": case_id}
            ))["case"]
            if detail is None:
                continue
            unmasked = detail["petitioners"][0]["name"] == "欧阳修"
            if unmasked:
                assert await _handling_user_units(db, viewer) & handling, (viewer, step)
            else:
                assert detail["petitioners"][0] == {"name": "欧**", "phone": "135****7777"}
