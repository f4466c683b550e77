"""Evidence files of the joint evaluation through HTTP: uploads (purpose=evidence) linked to 创
and 建 submissions, self-assessment lines and declarations (申报材料); who may download them; the
county's overview of every unit's submissions; editing and withdrawing a submission."""
import io
import zipfile

import pytest

from server.dates import utcnow
from tests.api.helpers import REGISTER, case_input, unit_id

YEAR = utcnow().year
COUNTY = "/990000/990100/990122"
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 300
PDF = b"%PDF-1.4\n" + b"1" * 300


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def attachment_dir(settings, tmp_path):
    settings.attachment_dir = tmp_path / "attachments"
    return settings.attachment_dir


async def upload(client, data: bytes, name: str) -> str:
    response = await client.http.post(
        "/attachments", params={"purpose": "evidence"}, files={"file": (name, data, "application/octet-stream")},
        headers={"x-requested-with": "lianchuang"})
    assert response.status_code == 201, response.text
    return response.json()["id"]


SUBMISSION = ("id kind itemCode title description evidence { name note } unit { name } submittedBy { username } "
              "files { id filename contentType size url }")
SUBMIT = ("mutation($i: SubmitWorkInput!) { submitWork(input: $i) { submission { %s } userErrors { field code message } } }"
          % SUBMISSION)
LIST = ("query($u: ID!, $y: Int!, $s: Boolean, $k: SubmissionKind) { workSubmissions(unitId: $u, year: $y, "
        "subtree: $s, kind: $k) { %s } }" % SUBMISSION)


async def test_a_good_practice_carries_evidence_files_the_county_reads_and_another_township_cannot(client_factory, db):
    t02 = await unit_id(db, COUNTY + "/002")
    township = await client_factory("t02_officer", via_password=False)
    pdf = await upload(township, PDF, "经验材料.pdf")
    word = await upload(township, docx(), "做法总结.docx")
    created = (await township.data(SUBMIT, {"i": {
        "unitId": t02, "year": YEAR, "kind": "GOOD_PRACTICE", "title": "“老娘舅”调解工作室",
        "description": "聘请退休干部调解邻里纠纷", "evidence": [{"name": "简报", "note": "县委政法委转发"}],
        "attachmentIds": [pdf, word]}}))["submitWork"]
    assert created["userErrors"] == []
    made = created["submission"]
    assert [f["filename"] for f in made["files"]] == ["经验材料.pdf", "做法总结.docx"]
    assert made["files"][1]["contentType"].endswith("wordprocessingml.document")
    assert made["unit"]["name"] == "柳河镇" and made["submittedBy"]["username"] == "t02_officer"
    pdf_url, word_url = (f["url"] for f in made["files"])

    # The township itself, the county and its assessor read the files.
    for reader in ("t02_officer", "t02_leader", "xfj_officer", "assessor"):
        client = await client_factory(reader, via_password=False)
        response = await client.http.get(pdf_url)
        assert response.status_code == 200 and response.content == PDF, reader
    # Another township, a village of the township, the city reviewer: not theirs to read.
    for outsider in ("t03_officer", "t02v01", "city_reviewer"):
        client = await client_factory(outsider, via_password=False)
        assert (await client.http.get(pdf_url)).status_code == 404, outsider

    # The county's overview: every unit's submissions of the year, with the unit named.
    county = await client_factory("xfj_officer", via_password=False)
    overview = (await county.data(LIST, {"u": await unit_id(db, COUNTY), "y": YEAR, "s": True}))["workSubmissions"]
    assert made["id"] in [s["id"] for s in overview]
    assert {s["unit"]["name"] for s in overview} >= {"柳河镇", "城关镇"}  # 城关镇's come from the demo
    only_good = (await county.data(LIST, {"u": await unit_id(db, COUNTY), "y": YEAR, "s": True,
                                          "k": "GOOD_PRACTICE"}))["workSubmissions"]
    assert {s["kind"] for s in only_good} == {"GOOD_PRACTICE"}
    # Without subtree the county has none of its own.
    assert (await county.data(LIST, {"u": await unit_id(db, COUNTY), "y": YEAR}))["workSubmissions"] == []
    # A township's overview is its own subtree only.
    other = await client_factory("t03_officer", via_password=False)
    body = await other.execute(LIST, {"u": t02, "y": YEAR, "s": True})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # Edit: the Word file stays, the PDF is let go (back to its uploader only).
    edited = (await township.data(SUBMIT, {"i": {
        "id": made["id"], "unitId": t02, "year": YEAR, "kind": "GOOD_PRACTICE", "title": "“老娘舅”调解工作室（修订）",
        "attachmentIds": [word]}}))["submitWork"]
    assert edited["userErrors"] == []
    assert [f["filename"] for f in edited["submission"]["files"]] == ["做法总结.docx"]
    assert edited["submission"]["title"].endswith("（修订）") and edited["submission"]["evidence"] == []
    assert (await county.http.get(pdf_url)).status_code == 404
    assert (await township.http.get(pdf_url)).status_code == 200
    # Null attachmentIds keeps the files.
    kept = (await township.data(SUBMIT, {"i": {
        "id": made["id"], "unitId": t02, "year": YEAR, "kind": "GOOD_PRACTICE", "title": "再次修订"}}))["submitWork"]
    assert [f["filename"] for f in kept["submission"]["files"]] == ["做法总结.docx"]

    # Another township can neither link these files nor edit this submission.
    t03 = await unit_id(db, COUNTY + "/003")
    stolen = (await other.data(SUBMIT, {"i": {"unitId": t03, "year": YEAR, "kind": "GOOD_PRACTICE", "title": "x",
                                               "attachmentIds": [word]}}))["submitWork"]
    assert stolen["userErrors"][0]["field"] == ["input", "attachmentIds"] and stolen["submission"] is None
    hijack = (await other.data(SUBMIT, {"i": {"id": made["id"], "unitId": t02, "year": YEAR,
                                               "kind": "GOOD_PRACTICE", "title": "x"}}))["submitWork"]
    assert hijack["userErrors"][0]["code"] == "FORBIDDEN"

    # Withdrawn: gone from the list, the file back with its uploader.
    delete = "mutation($id: ID!) { deleteWorkSubmission(id: $id) { deletedId userErrors { code } } }"
    assert (await other.data(delete, {"id": made["id"]}))["deleteWorkSubmission"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert (await township.data(delete, {"id": made["id"]}))["deleteWorkSubmission"] == {
        "deletedId": made["id"], "userErrors": []}
    assert made["id"] not in [s["id"] for s in (await township.data(LIST, {"u": t02, "y": YEAR}))["workSubmissions"]]
    assert (await county.http.get(word_url)).status_code == 404
    assert (await township.http.get(word_url)).status_code == 200


async def test_the_build_checklist_takes_one_report_per_item_with_evidence(client_factory, db):
    t02 = await unit_id(db, COUNTY + "/002")
    township = await client_factory("t02_officer", via_password=False)
    # The unit reads the checklist through its self-assessment sheet's campaign.
    items = (await township.data(
        "query($u: ID!, $y: Int!) { selfAssessment(unitId: $u, year: $y) { campaign { checklistItems { code label } } } }",
        {"u": t02, "y": YEAR}))["selfAssessment"]["campaign"]["checklistItems"]
    # Seed 004 建好机制 "建立两代表一委员和党员干部联系社区和群众制度" is LIAISON.
    assert [i["code"] for i in items] == ["PLATFORM", "MEETINGS", "EARLY_WARNING", "FIRST_CONTACT", "LIAISON", "PROXY",
                                         "TEAM"]
    assert items[0]["label"].startswith("建好平台")
    photo = await upload(township, JPEG, "接待大厅.jpg")
    done = (await township.data(SUBMIT, {"i": {"unitId": t02, "year": YEAR, "kind": "CHECKLIST", "itemCode": "PLATFORM",
                                                "title": "镇综治中心建成", "attachmentIds": [photo]}}))["submitWork"]
    assert done["userErrors"] == [] and done["submission"]["itemCode"] == "PLATFORM"
    assert done["submission"]["files"][0]["contentType"] == "image/jpeg"
    twice = (await township.data(SUBMIT, {"i": {"unitId": t02, "year": YEAR, "kind": "CHECKLIST",
                                                 "itemCode": "PLATFORM", "title": "再报"}}))["submitWork"]
    assert twice["userErrors"][0]["code"] == "CONFLICT" and twice["userErrors"][0]["field"] == ["input", "itemCode"]
    assert "已报送" in twice["userErrors"][0]["message"]
    unknown = (await township.data(SUBMIT, {"i": {"unitId": t02, "year": YEAR, "kind": "CHECKLIST",
                                                   "itemCode": "NOPE", "title": "x"}}))["submitWork"]
    assert unknown["userErrors"][0]["field"] == ["input", "itemCode"]
    # Editing the item itself is fine; turning it into a 创 submission is not.
    again = (await township.data(SUBMIT, {"i": {"id": done["submission"]["id"], "unitId": t02, "year": YEAR,
                                                 "kind": "CHECKLIST", "itemCode": "PLATFORM",
                                                 "title": "镇综治中心建成并运行"}}))["submitWork"]
    assert again["userErrors"] == [] and len(again["submission"]["files"]) == 1
    switched = (await township.data(SUBMIT, {"i": {"id": done["submission"]["id"], "unitId": t02, "year": YEAR,
                                                    "kind": "GOOD_PRACTICE", "title": "x"}}))["submitWork"]
    assert switched["userErrors"][0]["field"] == ["input", "kind"]
    mine = (await township.data(LIST, {"u": t02, "y": YEAR, "k": "CHECKLIST"}))["workSubmissions"]
    assert [(s["itemCode"], s["title"]) for s in mine] == [("PLATFORM", "镇综治中心建成并运行")]
    # A village clerk cannot report for its township.
    clerk = await client_factory("t02v01", via_password=False)
    refused = (await clerk.data(SUBMIT, {"i": {"unitId": t02, "year": YEAR, "kind": "CHECKLIST",
                                                "itemCode": "TEAM", "title": "x"}}))["submitWork"]
    assert refused["userErrors"][0]["code"] == "FORBIDDEN"


SHEET = ("query($u: ID!, $y: Int!) { selfAssessment(unitId: $u, year: $y) { lines { indicator { code } points "
         "evidence files { filename url } } } }")
SELF = "mutation($i: SelfAssessmentInput!) { submitSelfAssessment(input: $i) { saved userErrors { field code message } } }"


async def test_self_assessment_lines_carry_evidence_files(client_factory, db):
    t02 = await unit_id(db, COUNTY + "/002")
    township = await client_factory("t02_officer", via_password=False)
    minutes = await upload(township, PDF, "例会纪要.pdf")
    sheet = await upload(township, docx(), "台账.docx")

    def line(data: dict, code: str) -> dict:
        return next(x for x in data["selfAssessment"]["lines"] if x["indicator"]["code"] == code)

    twice = (await township.data(SELF, {"i": {"unitId": t02, "year": YEAR, "scores": [
        {"indicatorCode": "B1", "points": 12, "attachmentIds": [minutes]},
        {"indicatorCode": "B2", "points": 12, "attachmentIds": [minutes]}]}}))["submitSelfAssessment"]
    assert twice["userErrors"][0]["field"] == ["input", "scores", "1", "attachmentIds"]
    assert twice["userErrors"][0]["code"] == "DUPLICATE"

    saved = (await township.data(SELF, {"i": {"unitId": t02, "year": YEAR, "scores": [
        {"indicatorCode": "B2", "points": 13.5, "evidence": "例会记录", "attachmentIds": [minutes, sheet]}]}}))
    assert saved["submitSelfAssessment"] == {"saved": 1, "userErrors": []}
    b2 = line(await township.data(SHEET, {"u": t02, "y": YEAR}), "B2")
    assert (b2["points"], b2["evidence"]) == (13.5, "例会记录")
    assert [f["filename"] for f in b2["files"]] == ["例会纪要.pdf", "台账.docx"]
    url = b2["files"][0]["url"]
    county = await client_factory("xfj_officer", via_password=False)
    assert line(await county.data(SHEET, {"u": t02, "y": YEAR}), "B2")["files"] == b2["files"]
    assert (await county.http.get(url)).content == PDF
    for outsider in ("t03_officer", "t02v01", "city_reviewer", "province_reviewer"):
        client = await client_factory(outsider, via_password=False)
        assert (await client.http.get(url)).status_code == 404, outsider

    # Saving the line again without attachmentIds keeps its files; an empty list lets them go.
    await township.data(SELF, {"i": {"unitId": t02, "year": YEAR, "scores": [{"indicatorCode": "B2", "points": 14}]}})
    assert len(line(await township.data(SHEET, {"u": t02, "y": YEAR}), "B2")["files"]) == 2
    await township.data(SELF, {"i": {"unitId": t02, "year": YEAR, "scores": [
        {"indicatorCode": "B2", "points": 14, "attachmentIds": [sheet]}]}})
    assert [f["filename"] for f in line(await township.data(SHEET, {"u": t02, "y": YEAR}), "B2")["files"]] == ["台账.docx"]
    assert (await county.http.get(url)).status_code == 404

    # The annual review shows the file names beside the line's points.
    review = (await county.data(
        "query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y, live: true) { rows { unit { name } inputs } } }",
        {"c": await unit_id(db, COUNTY), "y": YEAR}))["annualReview"]
    mine = next(r for r in review["rows"] if r["unit"]["name"] == "柳河镇")
    assert next(x for x in mine["inputs"]["self_assessment_lines"] if x["indicator"] == "B2")["files"] == ["台账.docx"]

    # Someone else's upload cannot be linked to this unit's line.
    stranger = await upload(county, JPEG, "county.jpg")
    refused = (await township.data(SELF, {"i": {"unitId": t02, "year": YEAR, "scores": [
        {"indicatorCode": "B1", "points": 10, "attachmentIds": [stranger]}]}}))["submitSelfAssessment"]
    assert refused["userErrors"][0]["field"] == ["input", "scores", "0", "attachmentIds"]


DECL = "declaration { id status documents { filename url } } userErrors { field code }"
APPLY = "mutation($i: ApplyDeclarationInput!) { applyDeclaration(input: $i) { %s } }" % DECL
DECIDE = "mutation($i: DecideDeclarationInput!) { decideDeclaration(input: $i) { %s } }" % DECL


async def test_declaration_documents_reach_the_city_reviewer_but_no_case_does(client_factory, db):
    t02 = await unit_id(db, COUNTY + "/002")
    township = await client_factory("t02_officer", via_password=False)
    form = await upload(township, PDF, "申报表.pdf")
    applied = (await township.data(APPLY, {"i": {"unitId": t02, "year": YEAR, "attachmentIds": [form]}}))[
        "applyDeclaration"]
    assert applied["userErrors"] == []
    decl = applied["declaration"]
    assert [d["filename"] for d in decl["documents"]] == ["申报表.pdf"]
    form_url = decl["documents"][0]["url"]

    # Before the county declares it, the city sees neither the declaration nor its documents.
    city = await client_factory("city_reviewer", via_password=False)
    assert decl["id"] not in [d["id"] for d in (await city.data("{ declarations { id } }"))["declarations"]]
    assert (await city.data("query($id: ID!) { declaration(id: $id) { id } }", {"id": decl["id"]}))["declaration"] is None
    assert (await city.http.get(form_url)).status_code == 404

    county = await client_factory("xfj_officer", via_password=False)
    opinion = await upload(county, docx(), "县局审核意见.docx")
    declared = (await county.data(DECIDE, {"i": {"id": decl["id"], "action": "COUNTY_DECLARE", "comment": "同意",
                                                  "attachmentIds": [opinion]}}))["decideDeclaration"]
    assert declared["userErrors"] == []
    assert [d["filename"] for d in declared["declaration"]["documents"]] == ["申报表.pdf", "县局审核意见.docx"]

    seen = (await city.data("query($id: ID!) { declaration(id: $id) { status documents { filename url } } }",
                            {"id": decl["id"]}))["declaration"]
    assert seen["status"] == "COUNTY_DECLARED" and len(seen["documents"]) == 2
    assert (await city.http.get(form_url)).content == PDF
    province = await client_factory("province_reviewer", via_password=False)
    assert (await province.http.get(form_url)).status_code == 200
    assert (await (await client_factory("t03_officer", via_password=False)).http.get(form_url)).status_code == 404

    # A case and its attachment stay out of the city reviewer's reach.
    clerk = await client_factory("t02v01", via_password=False)
    photo = (await clerk.http.post("/attachments", files={"file": ("现场.jpg", JPEG, "image/jpeg")},
                                   headers={"x-requested-with": "lianchuang"})).json()["id"]
    registered = (await clerk.data(
        REGISTER.replace("petitioners { name phone }", "petitioners { name phone } attachments { url }"),
        {"input": case_input(await unit_id(db, COUNTY + "/002/001"), attachmentIds=[photo])}))["registerCase"]
    case = registered["case"]
    assert (await clerk.http.get(case["attachments"][0]["url"])).status_code == 200
    assert (await city.http.get(case["attachments"][0]["url"])).status_code == 404
    assert (await city.data("query($id: ID!) { case(id: $id) { id } }", {"id": case["id"]}))["case"] is None

    # The city adds comments, not files: its upload cannot be linked to the county's declaration.
    response = await city.http.post("/attachments", params={"purpose": "evidence"},
                                    files={"file": ("市局意见.pdf", PDF, "application/pdf")},
                                    headers={"x-requested-with": "lianchuang"})
    assert response.status_code == 201
    refused = (await city.data(DECIDE, {"i": {"id": decl["id"], "action": "CITY_APPROVE",
                                               "attachmentIds": [response.json()["id"]]}}))["decideDeclaration"]
    assert refused["userErrors"][0]["field"] == ["input", "attachmentIds"]
    approved = (await city.data(DECIDE, {"i": {"id": decl["id"], "action": "CITY_APPROVE", "comment": "初审通过"}}))
    assert approved["decideDeclaration"]["declaration"]["status"] == "CITY_APPROVED"
    assert len(approved["decideDeclaration"]["declaration"]["documents"]) == 2
