"""Plain HTTP endpoints (exports, imports, files) answer a refusal in one JSON shape, made by
server/http.error_response: {"errors": [{"code", "message", "field"}]}, translated, with a status."""
from server import ids

SHAPE = {"code", "message", "field"}


def _refusal(response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert [e["code"] for e in errors] == [code] and all(set(e) == SHAPE for e in errors)
    return errors[0]["message"]


async def test_exports_imports_and_files_refuse_in_one_shape(client_factory, anon):
    missing = ids.encode("Declaration", 987_654_321)
    assert _refusal(await anon.http.get(f"/exports/declarations/{missing}.pdf"), 401, "UNAUTHENTICATED")
    officer = await client_factory("t03_officer", via_password=False)
    _refusal(await officer.http.get("/exports/annual-review/x/2026.pdf"), 404, "NOT_FOUND")
    english = await officer.http.get(f"/exports/declarations/{missing}.pdf", headers={"Accept-Language": "en"})
    chinese = await officer.http.get(f"/exports/declarations/{missing}.pdf", headers={"Accept-Language": "zh-CN"})
    assert _refusal(english, 404, "NOT_FOUND") != _refusal(chinese, 404, "NOT_FOUND")  # translated
    _refusal(await officer.http.get("/exports/declarations/x.docx"), 404, "NOT_FOUND")
    _refusal(await officer.http.get("/exports/cases.xlsx", params={"filter": "[1]"}), 400, "INVALID")
    _refusal(await officer.http.get(f"/attachments/{ids.encode('Attachment', 987_654_321)}"), 404, "NOT_FOUND")
    admin = await client_factory("xfj_admin", via_password=False)
    _refusal(await admin.http.post("/admin/import/nothing", content=b""), 404, "NOT_FOUND")
