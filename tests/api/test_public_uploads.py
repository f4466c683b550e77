"""A citizen's photos and scans for an online petition: POST /public/attachments answers a signed,
expiring token; submitPetition links the files whose tokens verify, in the same transaction."""
import base64
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from server import ids
from server.attachment.models import Attachment
from server.audit.models import AuditEvent
from server.case import public_submission
from server.case.models import Case
from server.dates import utcnow
from server.ratelimit import limiter
from tests.api.helpers import unit_id

VILLAGE = "/990000/990100/990122/001/001"  # handled by its township, 城关镇
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 300
PDF = b"%PDF-1.4\n" + b"1" * 300

SUBMIT = """mutation($input: SubmitPetitionInput!) {
  submitPetition(input: $input) { queryCode userErrors { field message code } } }"""

CASE_FILES = """query($q: String!) { cases(filter: {search: $q}) { edges { node {
  id timeline { kind actor { username } } } } } }"""
FILES = "query($id: ID!) { case(id: $id) { attachments { id filename contentType size url } } }"


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.attachment_dir = tmp_path / "attachments"
    limiter.reset()
    yield
    limiter.reset()


async def _upload(client, unit: str, data: bytes = JPEG, name: str = "门口路灯.jpg", **headers: str):
    return await client.http.post(
        "/public/attachments", params={"unitId": unit},
        files={"file": (name, data, "application/octet-stream")},
        headers={"x-requested-with": "lianchuang", **headers},
    )


def _petition(unit: str, tokens: list[str], title: str = "小区路灯损坏") -> dict:
    return {
        "unitId": unit, "title": title, "content": "东门两盏路灯坏了一个月，夜间出行不便。",
        "name": "刘晓梅", "phone": "13900002468", "attachmentTokens": tokens,
    }


async def _counts(db) -> tuple[int, int]:
    cases = await db.scalar(select(func.count()).select_from(Case))
    linked = await db.scalar(select(func.count()).select_from(Attachment).where(Attachment.case_id.is_not(None)))
    return cases, linked


async def test_a_citizens_photo_and_scan_reach_the_case_and_the_handling_unit_downloads_them(anon, client_factory, db, settings):
    unit = await unit_id(db, VILLAGE)
    photo = await _upload(anon, unit)
    scan = await _upload(anon, unit, PDF, "信件扫描.pdf")
    assert photo.status_code == scan.status_code == 201
    body = photo.json()
    assert set(body) == {"id", "filename", "contentType", "size", "expiresAt"}
    stored = await db.scalar(select(Attachment).where(Attachment.filename == "门口路灯.jpg").order_by(Attachment.id.desc()).limit(1))
    assert body["id"] != ids.encode("Attachment", stored.id)  # the signed token, never the file's id
    assert public_submission.read_upload_token(settings, body["id"], utcnow()) == (stored.id, stored.tenant_id)
    assert stored.uploaded_by_user_id is None and not stored.linked
    assert await db.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "attachment.upload", AuditEvent.object_id == stored.id, AuditEvent.actor_id.is_(None)))

    title = "东门路灯不亮（附照片）"
    result = (await anon.data(SUBMIT, {"input": _petition(unit, [body["id"], scan.json()["id"]], title)}))["submitPetition"]
    assert result["userErrors"] == [] and result["queryCode"]

    township = await client_factory("t01_officer", via_password=False)
    case = (await township.data(CASE_FILES, {"q": title}))["cases"]["edges"][0]["node"]
    assert case["timeline"] == [{"kind": "REGISTERED", "actor": None}]
    files = (await township.data(FILES, {"id": case["id"]}))["case"]["attachments"]
    assert [(f["filename"], f["contentType"]) for f in files] == [("门口路灯.jpg", "image/jpeg"), ("信件扫描.pdf", "application/pdf")]
    download = await township.http.get(files[0]["url"])
    assert download.status_code == 200 and download.content == JPEG
    assert (await township.http.get(files[1]["url"])).content == PDF
    # Another township and the citizen (no account) cannot open it.
    other = await client_factory("t02_officer", via_password=False)
    assert (await other.http.get(files[0]["url"])).status_code == 404
    assert (await anon.http.get(files[0]["url"])).status_code == 401


async def _refused(anon, db, tokens: list[str], unit: str, **headers: str) -> dict:
    before = await _counts(db)
    body = await anon.execute(SUBMIT, {"input": _petition(unit, tokens)}, **headers)
    result = body["data"]["submitPetition"]
    assert result["queryCode"] is None
    assert await _counts(db) == before, "nothing is created"
    return result["userErrors"]


async def test_an_expired_token_is_refused_with_a_translated_message(anon, db, settings):
    unit = await unit_id(db, VILLAGE)
    settings.public_upload_token_minutes = -1  # expired as soon as it is issued
    token = (await _upload(anon, unit)).json()["id"]
    settings.public_upload_token_minutes = 360
    errors = await _refused(anon, db, [token], unit)
    assert errors == [{"field": ["input", "attachmentTokens", "0"], "code": "EXPIRED",
                       "message": "附件上传已超过 6 小时，请重新上传"}]
    english = await _refused(anon, db, [token], unit, **{"accept-language": "en"})
    assert english[0]["message"] == "This attachment was uploaded more than 6 hours ago; upload it again"


async def test_a_tampered_token_is_refused(anon, db, settings):
    unit = await unit_id(db, VILLAGE)
    token = (await _upload(anon, unit)).json()["id"]
    attachment_id, tenant_id, expires, signature = base64.urlsafe_b64decode(token + "==").decode().split(".")
    forged_payload = f"{int(attachment_id) - 1}.{tenant_id}.{expires}.{signature}"  # another file, same signature
    forged = base64.urlsafe_b64encode(forged_payload.encode()).decode().rstrip("=")
    flipped = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    for bad in (forged, flipped, "not-a-token", ""):
        errors = await _refused(anon, db, [bad], unit)
        assert [(e["code"], e["message"]) for e in errors] == [("INVALID", "附件凭证无效，请重新上传该附件")], bad
    # Correctly signed, but for a file of another county: refused too.
    other_county, _ = public_submission.upload_token(settings, SimpleNamespace(id=int(attachment_id), tenant_id=int(tenant_id) + 1000))
    errors = await _refused(anon, db, [other_county], unit)
    assert errors[0]["code"] == "INVALID"
    # The genuine token still works afterwards: nothing was linked by the refusals.
    ok = (await anon.data(SUBMIT, {"input": _petition(unit, [token])}))["submitPetition"]
    assert ok["userErrors"] == []


async def test_a_token_is_used_once(anon, db):
    unit = await unit_id(db, VILLAGE)
    token = (await _upload(anon, unit)).json()["id"]
    first = (await anon.data(SUBMIT, {"input": _petition(unit, [token], "第一次提交")}))["submitPetition"]
    assert first["userErrors"] == []
    fresh = (await _upload(anon, unit, PDF, "b.pdf")).json()["id"]
    errors = await _refused(anon, db, [fresh, token], unit)
    assert errors == [{"field": ["input", "attachmentTokens", "1"], "code": "INVALID",
                       "message": "该附件已随其他信访事项提交，请重新上传"}]
    attachment_id = int(base64.urlsafe_b64decode(fresh + "==").decode().split(".")[0])
    assert (await db.get(Attachment, attachment_id)).case_id is None  # the other file stays unlinked


async def test_an_officials_upload_cannot_be_smuggled_in_with_a_token(anon, client_factory, db, settings):
    """Only files uploaded without an account ever reach a citizen's petition."""
    unit = await unit_id(db, VILLAGE)
    clerk = await client_factory("t01v01", via_password=False)
    uploaded = await clerk.http.post(
        "/attachments", files={"file": ("内部材料.jpg", JPEG)}, headers={"x-requested-with": "lianchuang"}
    )
    official = await db.get(Attachment, ids.decode("Attachment", uploaded.json()["id"]))
    token, _ = public_submission.upload_token(settings, official)  # even correctly signed
    errors = await _refused(anon, db, [token], unit)
    assert errors[0]["code"] == "INVALID"


async def test_a_petition_takes_a_handful_of_files(anon, db, settings):
    unit = await unit_id(db, VILLAGE)
    settings.public_uploads_per_petition = 2
    tokens = [(await _upload(anon, unit)).json()["id"] for _ in range(3)]
    errors = await _refused(anon, db, tokens, unit)
    assert errors == [{"field": ["input", "attachmentTokens"], "code": "TOO_MANY", "message": "最多 2 项"}]


async def test_uploads_are_rate_limited_per_address(anon, db, settings):
    unit = await unit_id(db, VILLAGE)
    settings.public_uploads_per_ip_per_hour = 2
    assert [(await _upload(anon, unit)).status_code for _ in range(2)] == [201, 201]
    refused = await _upload(anon, unit)
    assert refused.status_code == 429
    assert refused.json()["errors"][0] == {"code": "RATE_LIMITED", "message": "操作过于频繁，请稍后再试", "field": None}
    limiter.reset()
    assert (await _upload(anon, unit)).status_code == 201


async def test_only_photos_and_scans_of_a_public_unit_are_taken(anon, db, settings):
    unit = await unit_id(db, VILLAGE)
    before = await db.scalar(select(func.count()).select_from(Attachment))
    exe = await _upload(anon, unit, b"MZ\x90\x00" + b"0" * 100, "photo.jpg")
    assert exe.status_code == 400
    assert exe.json()["errors"][0]["code"] == "INVALID"
    assert exe.json()["errors"][0]["message"] == "只能上传 JPEG、PNG、WebP 图片或 PDF 文件"
    word = await _upload(anon, unit, b"PK\x03\x04" + b"0" * 100, "a.docx", **{"accept-language": "en"})
    assert word.status_code == 400 and word.json()["errors"][0]["message"].startswith("Only JPEG, PNG or WebP")
    settings.attachment_max_mb = 1
    assert (await _upload(anon, unit, JPEG + b"0" * (2 * 1024 * 1024))).status_code == 413
    no_header = await anon.http.post("/public/attachments", params={"unitId": unit}, files={"file": ("a.jpg", JPEG)})
    assert no_header.status_code == 403
    assert (await _upload(anon, ids.encode("Unit", 987654))).status_code == 404
    assert (await _upload(anon, "garbage")).status_code == 400
    assert await db.scalar(select(func.count()).select_from(Attachment)) == before
