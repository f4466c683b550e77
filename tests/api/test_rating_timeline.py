"""The 评价 line of a case's timeline carries no internal code: the level is a field of its own.

Issue 14: "no internal code on screen (timeline "DISSATISFIED: …" …)". The server wrote the
rating's level as a code into the event note; it now stores the petitioner's comment alone and
the timeline answers the level as `satisfaction` (read from the rating itself).
"""
from sqlalchemy import select

from server import ids
from server.case.models import CaseEvent, CaseEventKind, Satisfaction
from server.case.timeline import split_rating_note
from server.ratelimit import limiter
from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
TIMELINE = "query($id: ID!) { case(id: $id) { timeline { kind note satisfaction } } }"
STEP = "mutation($id: ID!) { %s { case { status } userErrors { code } } }"
CODES = {s.value for s in Satisfaction}


async def _replied_case(clerk, township, db) -> tuple[str, str]:
    registered = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]
    cid, code = registered["case"]["id"], registered["case"]["queryCode"]
    for call in ("acceptCase(id: $id)", 'replyCase(id: $id, reply: "经核实……", outcome: EXPLAINED)'):
        assert (await township.data(STEP % call, {"id": cid}))[call.split("(")[0]]["userErrors"] == []
    return cid, code


async def test_a_rating_line_stores_the_comment_and_answers_the_level_as_a_field(client_factory, anon, db):
    limiter.reset()
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid, code = await _replied_case(clerk, township, db)
    rated = (await anon.data(
        'mutation($c:String!){rateCase(queryCode:$c,phoneLast4:"1234",level:DISSATISFIED,comment:"答复没有解决问题")'
        "{userErrors{code}}}", {"c": code},
    ))["rateCase"]
    assert rated["userErrors"] == []

    stored = (await db.scalars(select(CaseEvent.note).where(
        CaseEvent.case_id == ids.decode("Case", cid), CaseEvent.kind == CaseEventKind.RATED,
    ))).all()
    assert stored == ["答复没有解决问题"]  # no "DISSATISFIED: " in the row either (exports read rows)

    timeline = (await township.data(TIMELINE, {"id": cid}))["case"]["timeline"]
    rating = [e for e in timeline if e["kind"] == "RATED"]
    assert rating == [{"kind": "RATED", "note": "答复没有解决问题", "satisfaction": "DISSATISFIED"}]
    assert all(e["satisfaction"] is None for e in timeline if e["kind"] != "RATED")
    assert not any(c in (e["note"] or "") for e in timeline for c in CODES)
    limiter.reset()


async def test_a_line_written_the_old_way_reads_the_same(client_factory, db):
    """Rows written before the rule held `LEVEL: comment`: they show the level as a field too."""
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid, _ = await _replied_case(clerk, township, db)
    case_id = ids.decode("Case", cid)
    tenant_id = (await db.scalars(select(CaseEvent.tenant_id).where(CaseEvent.case_id == case_id))).first()
    db.add(CaseEvent(tenant_id=tenant_id, case_id=case_id, kind=CaseEventKind.RATED, note="BASICALLY_SATISFIED: 还行"))
    db.add(CaseEvent(tenant_id=tenant_id, case_id=case_id, kind=CaseEventKind.RATED, note="SATISFIED"))
    await db.commit()

    lines = [e for e in (await township.data(TIMELINE, {"id": cid}))["case"]["timeline"] if e["kind"] == "RATED"]
    assert lines == [
        {"kind": "RATED", "note": "还行", "satisfaction": "BASICALLY_SATISFIED"},
        {"kind": "RATED", "note": None, "satisfaction": "SATISFIED"},
    ]


def test_split_rating_note():
    assert split_rating_note("DISSATISFIED: 答复没有\n解决问题") == (Satisfaction.DISSATISFIED, "答复没有\n解决问题")
    assert split_rating_note("SATISFIED") == (Satisfaction.SATISFIED, None)
    assert split_rating_note("我很满意") == (None, "我很满意")
    assert split_rating_note(None) == (None, None)
