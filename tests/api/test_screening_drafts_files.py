"""Editing a draft screening report (its disputes, a version conflict, a resent edit) and the
photos of disputes: linked once, read by the unit and the units above it, never by another township."""
import pytest
from sqlalchemy import func, select

from server import ids
from server.attachment.models import Attachment
from server.screening.models import Dispute, ScreeningReport
from tests.api.helpers import unit_id

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"
VILLAGE = TOWNSHIP + "/001"  # 东风村, t01v01: its current week is due in the demo
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 120

SAVE = """
mutation($input: SaveScreeningReportInput!) {
  saveScreeningReport(input: $input) {
    report { id status zeroReport version note
             disputes { id title cause peopleInvolved status attachments { id filename contentType url } } }
    userErrors { field message code }
  }
}"""

REPORT = """query($id: ID!) { screeningReport(id: $id) { version note zeroReport status
  disputes { id title attachments { id } } } }"""


def dispute(title: str, **extra) -> dict:
    return {"title": title, "cause": f"{title}的起因", "peopleInvolved": 2, **extra}


async def save(client, **input_) -> dict:
    return (await client.data(SAVE, {"input": input_}))["saveScreeningReport"]


@pytest.fixture
def attachment_dir(settings, tmp_path):
    settings.attachment_dir = tmp_path / "attachments"
    return settings.attachment_dir


async def upload(client, data: bytes = PNG, name: str = "现场.png") -> str:
    response = await client.http.post(
        "/attachments", files={"file": (name, data, "application/octet-stream")},
        headers={"x-requested-with": "lianchuang"},
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_a_draft_is_edited_as_a_whole_and_a_stale_edit_is_a_conflict(client_factory, db, attachment_dir):
    clerk = await client_factory("t01v01", via_password=False)
    photo = await upload(clerk)
    draft = await save(clerk, unitId=await unit_id(db, VILLAGE), note="初稿", clientMutationId="draft-1",
                       disputes=[dispute("宅基地纠纷"), dispute("排水纠纷", attachmentIds=[photo])])
    assert draft["userErrors"] == []
    report = draft["report"]
    assert report["status"] == "DRAFT" and report["version"] == 1
    first, second = report["disputes"]
    assert [a["id"] for a in second["attachments"]] == [photo]

    # The clerk changes the first dispute, drops the second and adds a third: one edit, version 2.
    edit = {
        "id": report["id"], "expectedVersion": 1, "disputesComplete": True, "note": "补充", "clientMutationId": "edit-1",
        "disputes": [{**dispute("宅基地界址纠纷"), "id": first["id"], "peopleInvolved": 3}, dispute("赡养纠纷")],
    }
    edited = await save(clerk, **edit)
    assert edited["userErrors"] == []
    assert edited["report"]["version"] == 2 and edited["report"]["note"] == "补充"
    assert [(d["title"], d["peopleInvolved"]) for d in edited["report"]["disputes"]] == [
        ("宅基地界址纠纷", 3), ("赡养纠纷", 2)]
    assert edited["report"]["disputes"][0]["id"] == first["id"]
    assert await db.get(Dispute, ids.decode("Dispute", second["id"])) is None
    # The dropped dispute's photo goes back to its uploader only.
    assert (await db.get(Attachment, ids.decode("Attachment", photo))).dispute_id is None

    # The same edit sent again (its answer was lost) is no conflict and changes nothing.
    again = await save(clerk, **edit)
    assert again["userErrors"] == [] and again["report"]["version"] == 2
    assert len(again["report"]["disputes"]) == 2

    # Someone editing from version 1 meanwhile gets a conflict; the server keeps version 2 as it was.
    stale = await save(clerk, id=report["id"], expectedVersion=1, disputesComplete=True, zeroReport=True,
                       clientMutationId="edit-other")
    assert [(e["code"], e["field"]) for e in stale["userErrors"]] == [("CONFLICT", ["input", "expectedVersion"])]
    kept = (await clerk.data(REPORT, {"id": report["id"]}))["screeningReport"]
    assert (kept["version"], kept["note"], kept["zeroReport"], len(kept["disputes"])) == (2, "补充", False, 2)

    # A zero report with disputes left in it is refused; emptied, it is accepted and submitted.
    mixed = await save(clerk, id=report["id"], expectedVersion=2, zeroReport=True, submit=True,
                       disputes=[{**dispute("赡养纠纷"), "id": kept["disputes"][1]["id"]}], disputesComplete=True)
    assert [e["field"] for e in mixed["userErrors"]] == [["input", "zeroReport"]]
    zero = await save(clerk, id=report["id"], expectedVersion=2, zeroReport=True, submit=True, disputesComplete=True)
    assert zero["userErrors"] == []
    assert (zero["report"]["status"], zero["report"]["zeroReport"], zero["report"]["disputes"]) == ("SUBMITTED", True, [])


async def test_a_mediated_dispute_of_a_draft_is_not_removed_or_changed(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    report = (await save(clerk, unitId=await unit_id(db, VILLAGE), disputes=[dispute("工程款纠纷")]))["report"]
    row = report["disputes"][0]
    mediated = await clerk.data(
        "mutation($i: MediateDisputeInput!){ mediateDispute(input:$i){ userErrors { code } } }",
        {"i": {"disputeId": row["id"], "mediator": "村调委会", "parties": "双方", "outcome": "SUCCESS", "agreement": "按期付清"}},
    )
    assert mediated["mediateDispute"]["userErrors"] == []
    removed = await save(clerk, id=report["id"], expectedVersion=1, disputesComplete=True, zeroReport=True)
    assert [e["code"] for e in removed["userErrors"]] == ["LOCKED"]
    changed = await save(clerk, id=report["id"], expectedVersion=1, disputesComplete=True,
                         disputes=[{**dispute("改名"), "id": row["id"]}])
    assert [(e["code"], e["field"]) for e in changed["userErrors"]] == [("LOCKED", ["input", "disputes", "0", "id"])]
    # Sent unchanged (the form always sends the whole list) it is kept and the report submitted.
    kept = await save(clerk, id=report["id"], expectedVersion=1, disputesComplete=True, submit=True,
                      disputes=[{**dispute("工程款纠纷"), "id": row["id"]}])
    assert kept["userErrors"] == [] and kept["report"]["status"] == "SUBMITTED"


async def test_a_dispute_from_another_report_cannot_be_edited_through_this_one(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    elsewhere = await db.scalar(select(Dispute).order_by(Dispute.id).limit(1))  # one of the demo's
    assert elsewhere is not None
    report = (await save(clerk, unitId=await unit_id(db, VILLAGE), disputes=[dispute("新纠纷")]))["report"]
    result = await save(clerk, id=report["id"], expectedVersion=1,
                        disputes=[{**dispute("篡改"), "id": ids.encode("Dispute", elsewhere.id)}])
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [("NOT_FOUND", ["input", "disputes", "0", "id"])]
    assert (await db.get(Dispute, elsewhere.id)).title != "篡改"


async def test_dispute_photos_are_linked_once_and_read_only_within_the_unit_line(client_factory, db, attachment_dir):
    clerk = await client_factory("t01v01", via_password=False)
    photo = await upload(clerk)
    village = await unit_id(db, VILLAGE)
    payload = {"unitId": village, "submit": True, "clientMutationId": "offline-photo-1",
               "disputes": [dispute("占道经营纠纷", attachmentIds=[photo])]}
    filed = await save(clerk, **payload)
    assert filed["userErrors"] == []
    files = filed["report"]["disputes"][0]["attachments"]
    assert [(f["id"], f["filename"], f["contentType"]) for f in files] == [(photo, "现场.png", "image/png")]

    # The phone resends the same report (its answer was lost): one report, one dispute, one link.
    again = await save(clerk, **payload)
    assert again["userErrors"] == [] and again["report"]["id"] == filed["report"]["id"]
    key = ids.decode("ScreeningReport", filed["report"]["id"])
    assert await db.scalar(select(func.count()).select_from(Dispute).where(Dispute.report_id == key)) == 1
    linked = list(await db.scalars(select(Attachment).where(Attachment.dispute_id.is_not(None),
                                                            Attachment.id == ids.decode("Attachment", photo))))
    assert len(linked) == 1
    assert await db.scalar(select(func.count()).select_from(ScreeningReport).where(
        ScreeningReport.client_mutation_id == "offline-photo-1")) == 1

    # The village, its township and the county open it; another township and a neighbouring village do not.
    url = files[0]["url"]
    for reader in ("t01v01", "t01_officer", "t01_leader", "xfj_officer"):
        client = clerk if reader == "t01v01" else await client_factory(reader, via_password=False)
        response = await client.http.get(url)
        assert response.status_code == 200 and response.content == PNG, reader
    for outsider in ("t02_officer", "t02v01", "t01v02"):
        client = await client_factory(outsider, via_password=False)
        assert (await client.http.get(url)).status_code == 404, outsider
        data = await client.data("query($id:ID!){ dispute(id:$id){ attachments { id } } }",
                                 {"id": filed["report"]["disputes"][0]["id"]})
        assert data["dispute"] is None, outsider


async def test_a_photo_is_linked_to_one_dispute_only_and_only_by_its_uploader(client_factory, db, attachment_dir):
    clerk = await client_factory("t01v01", via_password=False)
    neighbour = await client_factory("t01v02", via_password=False)
    theirs = await upload(neighbour)
    village = await unit_id(db, VILLAGE)
    stolen = await save(clerk, unitId=village, disputes=[dispute("纠纷", attachmentIds=[theirs])])
    assert [(e["code"], e["field"]) for e in stolen["userErrors"]] == [
        ("NOT_FOUND", ["input", "disputes", "0", "attachmentIds"])]
    mine = await upload(clerk)
    twice = await save(clerk, unitId=village, disputes=[dispute("甲", attachmentIds=[mine]), dispute("乙", attachmentIds=[mine])])
    assert [e["field"] for e in twice["userErrors"]] == [["input", "disputes", "1", "attachmentIds"]]
    ok = await save(clerk, unitId=village, disputes=[dispute("甲", attachmentIds=[mine])])
    assert ok["userErrors"] == []
    # Already linked to that dispute: a second report cannot take it.
    other = await save(clerk, unitId=village, disputes=[dispute("丙", attachmentIds=[mine])], clientMutationId="x")
    assert [e["field"] for e in other["userErrors"]] == [["input", "disputes", "0", "attachmentIds"]]
    # The draft's edit may keep it (the same dispute) and add another photo.
    more = await upload(clerk, name="第二张.png")
    report, row = ok["report"], ok["report"]["disputes"][0]
    edited = await save(clerk, id=report["id"], expectedVersion=1, disputesComplete=True,
                        disputes=[{**dispute("甲"), "id": row["id"], "attachmentIds": [mine, more]}])
    assert edited["userErrors"] == []
    assert [a["id"] for a in edited["report"]["disputes"][0]["attachments"]] == [mine, more]
