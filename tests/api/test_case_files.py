"""Attachments, the ledger export, the audit log, the reply letter, the live inbox."""
import io

import pytest
from openpyxl import load_workbook

from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PDF = b"%PDF-1.4\n" + b"0" * 200


@pytest.fixture
def attachment_dir(settings, tmp_path):
    settings.attachment_dir = tmp_path / "attachments"
    return settings.attachment_dir


async def _upload(client, data: bytes, name: str = "photo.jpg"):
    return await client.http.post(
        "/attachments", files={"file": (name, data, "application/octet-stream")},
        headers={"x-requested-with": "lianchuang"},
    )


async def test_photos_and_scans_attach_to_a_case_and_only_handlers_download_them(client_factory, db, attachment_dir):
    clerk = await client_factory("t01v01", via_password=False)
    photo = await _upload(clerk, JPEG)
    scan = await _upload(clerk, PDF, "letter.pdf")
    assert photo.status_code == scan.status_code == 201
    assert photo.json()["contentType"] == "image/jpeg" and scan.json()["contentType"] == "application/pdf"
    created = (await clerk.data(REGISTER.replace("petitioners { name phone }", "petitioners { name phone } attachments { id filename url }"),
        {"input": case_input(await unit_id(db, VILLAGE), attachmentIds=[photo.json()["id"], scan.json()["id"]])}))["registerCase"]
    assert created["userErrors"] == []
    files = created["case"]["attachments"]
    assert [f["filename"] for f in files] == ["photo.jpg", "letter.pdf"]

    township = await client_factory("t01_officer", via_password=False)
    assert (await township.http.get(files[0]["url"])).content == JPEG
    for outsider in ("t02_officer", "xfj_officer", "t01v02"):  # another township, the county, a neighbour
        other = await client_factory(outsider, via_password=False)
        assert (await other.http.get(files[0]["url"])).status_code == 404, outsider
    # An attachment already used cannot be attached to a second case.
    again = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), attachmentIds=[photo.json()["id"]])}))
    assert again["registerCase"]["userErrors"][0]["field"] == ["input", "attachmentIds"]


async def test_uploads_are_type_and_size_checked(client_factory, settings, attachment_dir):
    clerk = await client_factory("t01v01", via_password=False)
    exe = await _upload(clerk, b"MZ\x90\x00" + b"0" * 100, "photo.jpg")
    assert exe.status_code == 400 and exe.json()["errors"][0]["code"] == "INVALID"
    settings.attachment_max_mb = 1
    big = await _upload(clerk, JPEG + b"0" * (2 * 1024 * 1024))
    assert big.status_code == 413
    anonymous = await client_factory()
    assert (await _upload(anonymous, JPEG)).status_code == 401
    no_header = await clerk.http.post("/attachments", files={"file": ("a.jpg", JPEG)})
    assert no_header.status_code == 403


async def test_the_ledger_exports_the_filtered_list_with_masked_petitioners(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), title="台账导出测试", cause="邻里矛盾",
                                                     place="东风村三组")})
    township = await client_factory("t01_officer", via_password=False)
    response = await township.http.get("/exports/cases.xlsx", params={"filter": '{"search": "台账导出测试"}'})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert sheet.max_row == 2
    assert row["标题"] == "台账导出测试" and row["起因"] == "邻里矛盾" and row["地点"] == "东风村三组"
    assert row["信访人"] == "张**" and row["联系电话"] == "138****1234"
    everything = load_workbook(io.BytesIO((await township.http.get("/exports/cases.xlsx")).content)).active
    total = (await township.data("{ cases { totalCount } }"))["cases"]["totalCount"]
    assert everything.max_row - 1 == total
    assert (await clerk.http.get("/exports/cases.xlsx")).status_code == 403  # clerks do not export
    assert (await township.http.get("/exports/cases.xlsx", params={"filter": "[1]"})).status_code == 400


async def test_the_county_reads_the_audit_log_and_others_cannot(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    created = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]["case"]
    county = await client_factory("xfj_officer", via_password=False)
    events = (await county.data(
        'query($id:ID!){auditEvents(objectType:"case",objectId:$id){edges{node{action actor{username}}}}}', {"id": created["id"]}
    ))["auditEvents"]["edges"]
    events = [e["node"] for e in events]
    assert {"action": "case.register", "actor": {"username": "t01v01"}} in events
    refused = await clerk.execute("{ auditEvents { edges { node { action } } } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_reply_letter_carries_the_rating_qr_code(client_factory, db):
    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]["case"]["id"]
    assert (await township.http.get(f"/letters/reply/{cid}")).status_code == 404  # no reply yet
    await township.data('mutation($id:ID!){acceptCase(id:$id){userErrors{code}}}', {"id": cid})
    await township.data('mutation($id:ID!){replyCase(id:$id,reply:"经调查，已协调解决。",outcome:SUPPORTED){userErrors{code}}}', {"id": cid})
    letter = await township.http.get(f"/letters/reply/{cid}")
    assert letter.status_code == 200
    assert "信访事项处理意见书" in letter.text and "<svg" in letter.text and "/public/rate/" in letter.text
    token = letter.text.split("/public/rate/")[1].split("<")[0].split("）")[0]
    anon = await client_factory()
    seen = (await anon.data('query($t:String!){ratingLinkCase(token:$t){canRate}}', {"t": token}))["ratingLinkCase"]
    assert seen == {"canRate": True}


async def test_the_inbox_subscription_sends_new_counts_when_a_case_changes(app, client_factory, db, settings):
    import asyncio

    from schema.context import Context, _loaders
    from server.auth.service import principal_for_token

    township = await client_factory("t01_officer", via_password=False)
    token = township.http.cookies.get(settings.session_cookie)
    database = app.state.database
    async with database.session() as session:
        principal = await principal_for_token(db_session=session, authorizer=app.state.authorizer, token=token)
    context = Context(
        request=None, response=None, db=None, settings=settings, authorizer=app.state.authorizer,
        principal=principal, locale="zh-CN", loaders=_loaders(None), database=database,
    )
    schema = app.routes[1].endpoint.schema
    stream = await schema.subscribe("subscription { inboxChanged { toAccept } }", context_value=context)
    first = await anext(stream)
    before = first.data["inboxChanged"]["toAccept"]
    clerk = await client_factory("t01v01", via_password=False)
    await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))})
    second = await asyncio.wait_for(anext(stream), timeout=5)
    assert second.data["inboxChanged"]["toAccept"] == before + 1
    await stream.aclose()


ADD_FILES = """mutation($id: ID!, $files: [ID!]!) { addCaseAttachments(caseId: $id, attachmentIds: $files) {
  case { id attachments { filename url } timeline { kind note actor { username } } } userErrors { field code message } } }"""


async def test_the_handling_unit_adds_files_after_registration_with_a_timeline_event(client_factory, db, attachment_dir):
    from sqlalchemy import func, select

    from server import ids
    from server.attachment.models import Attachment
    from server.audit.models import AuditEvent

    clerk = await client_factory("t01v01", via_password=False)
    township = await client_factory("t01_officer", via_password=False)
    cid = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE))}))["registerCase"]["case"]["id"]
    receipt = (await _upload(township, PDF, "送达回证.pdf")).json()["id"]

    # Outside the handling units: the county reads the case but does not handle it; another
    # township does not even see it. Neither links the file, and nothing is recorded.
    for outsider, code in (("xfj_officer", "FORBIDDEN"), ("t02_officer", "NOT_FOUND")):
        other = await client_factory(outsider, via_password=False)
        own = (await _upload(other, JPEG, "x.jpg")).json()["id"]
        refused = (await other.data(ADD_FILES, {"id": cid, "files": [own]}))["addCaseAttachments"]
        assert refused["case"] is None and refused["userErrors"][0]["code"] == code, outsider
        assert (await db.get(Attachment, ids.decode("Attachment", own))).case_id is None
    # Someone else's upload cannot be linked either.
    refused = (await clerk.data(ADD_FILES, {"id": cid, "files": [receipt]}))["addCaseAttachments"]
    assert refused["userErrors"] == [{"field": ["attachmentIds"], "code": "NOT_FOUND", "message": "未找到"}]

    added = (await township.data(ADD_FILES, {"id": cid, "files": [receipt]}))["addCaseAttachments"]
    assert added["userErrors"] == []
    assert [f["filename"] for f in added["case"]["attachments"]] == ["送达回证.pdf"]
    assert added["case"]["timeline"][-1] == {"kind": "ATTACHMENTS_ADDED", "note": "送达回证.pdf", "actor": {"username": "t01_officer"}}
    assert (await township.http.get(added["case"]["attachments"][0]["url"])).content == PDF
    audits = await db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "case.add_attachments", AuditEvent.object_id == ids.decode("Case", cid)))
    assert audits == 1
    # Sending the same file again changes nothing and records nothing.
    again = (await township.data(ADD_FILES, {"id": cid, "files": [receipt]}))["addCaseAttachments"]
    assert again["userErrors"] == [] and len(again["case"]["timeline"]) == len(added["case"]["timeline"])
    # The village that registered it handles it too and adds its photo.
    photo = (await _upload(clerk, JPEG, "现场.jpg")).json()["id"]
    by_clerk = (await clerk.data(ADD_FILES, {"id": cid, "files": [photo]}))["addCaseAttachments"]
    assert [f["filename"] for f in by_clerk["case"]["attachments"]] == ["送达回证.pdf", "现场.jpg"]
