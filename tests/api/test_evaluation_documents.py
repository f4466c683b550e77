"""申报表 / 推荐表 generated for each declaration (GET /exports/declarations/{id}.xlsx|pdf): what they
say, read back with openpyxl and pypdf; who may download them (exactly whoever may see the
declaration); aggregates only. And the county's stored annual review as a township or village sees
it (unitAnnualReview): its own subtree's rows, never another township's."""
import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from server import ids
from server.audit.models import AuditEvent
from server.auth.models import User
from server.case.models import Case, Petitioner
from server.dates import utcnow
from server.evaluation import documents
from server.evaluation.declaration import transitions
from server.evaluation.models import Declaration
from server.evaluation.rates import Rate
from server.unit.models import Unit, UnitLevel
from tests.api.helpers import add_account, unit_id

YEAR = utcnow().year
COUNTY = "/990000/990100/990122"
T01 = COUNTY + "/001"
PDF = b"%PDF-1.4\n" + b"1" * 300

APPLY = ("mutation($i: ApplyDeclarationInput!) { applyDeclaration(input: $i) { declaration { id status } "
         "userErrors { field code } } }")
DECIDE = ("mutation($i: DecideDeclarationInput!) { decideDeclaration(input: $i) { declaration { id status } "
          "userErrors { field code } } }")
REVIEW_FIELDS = ("year stored runId county { name } rows { unit { id name level } score rank grade gradeLabel sanwu "
                 "vetoed population populationSize breakdown inputs }")
UNIT_REVIEW = "query($u: ID!, $y: Int!) { unitAnnualReview(unitId: $u, year: $y) { %s } }" % REVIEW_FIELDS
RUN = ("mutation($c: ID!, $y: Int!) { runAnnualReview(countyId: $c, year: $y, confirmIncomplete: true, note: \"演示县部分单位尚未评分，先行存储\") { review { %s } userErrors { code } } }"
       % REVIEW_FIELDS)


@pytest.fixture(autouse=True)
def attachment_dir(settings, tmp_path):
    settings.attachment_dir = tmp_path / "attachments"
    return settings.attachment_dir


async def _declared(db) -> str:
    """The demo declaration of 城关镇, which the county has declared to the city."""
    unit = await db.scalar(select(Unit).where(Unit.path == T01))
    row = await db.scalar(select(Declaration).where(Declaration.unit_id == unit.id, Declaration.year == YEAR))
    return ids.encode("Declaration", row.id)


def xlsx_text(body: bytes) -> str:
    book = load_workbook(io.BytesIO(body))
    return "\n".join(" | ".join(str(v) for v in row if v is not None)
                     for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def _case_and_petitioner_strings(db) -> set[str]:
    """Every case title and petitioner name and phone of the county (none may reach a document)."""
    found = set()
    for title, in await db.execute(select(Case.title)):
        found.add(title)
    for name, phone in await db.execute(select(Petitioner.name, Petitioner.phone)):
        found |= {name, phone, phone[-4:] and phone[:3] + "****" + phone[-4:]}
    return {s for s in found if s and len(s) >= 2}


async def test_a_city_reviewer_downloads_the_declared_document_with_aggregates_only(client_factory, db):
    declaration = await _declared(db)
    county = await client_factory("xfj_officer", via_password=False)
    review = (await county.data("query($c: ID!, $y: Int!) { annualReview(countyId: $c, year: $y) { %s } }"
                                % REVIEW_FIELDS, {"c": await unit_id(db, COUNTY), "y": YEAR}))["annualReview"]
    row = next(r for r in review["rows"] if r["unit"]["name"] == "城关镇")
    forbidden = await _case_and_petitioner_strings(db)
    assert len(forbidden) > 10  # the demo county has cases with petitioners

    city = await client_factory("city_reviewer", via_password=False)
    xlsx = await city.http.get(f"/exports/declarations/{declaration}.xlsx")
    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert xlsx.headers["cache-control"] == "no-store"
    assert "filename*=UTF-8''" in xlsx.headers["content-disposition"]
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == f"枞溪县{YEAR}年度信访工作“三无”乡镇推荐表"
    text = xlsx_text(xlsx.content)
    # The unit and year, its review row (the county's figures), 三无 with each criterion.
    assert "城关镇" in text and str(YEAR) in text and "县已审核上报" in text
    assert f"得分 | {row['score']:.2f}" in text
    assert f"等次 | {row['gradeLabel']}" in text
    assert f"第 {row['rank']} 名（共 {row['populationSize']} 个）" in text
    for criterion in row["inputs"]["sanwu"]["criteria"]:
        assert criterion["label_zh"] in text
    assert ("三、“三无”情况：达到" if row["sanwu"] else "三、“三无”情况：未达到") in text
    # This year's standard rates, the self-assessment points, the steps with unit and role.
    assert "及时受理率" in text and "按期答复率" in text
    assert "B1 | 综治中心站硬件、人员、经费落实，一站式接待 |" in text
    assert "县信访局审核 | 审核通过，向市申报 | 枞溪县 | 县信访局经办人" in text
    assert "经县信访局审核，同意申报" in text and "自评达标，申报“三无”乡镇" in text
    assert "申报 | 申报 | 城关镇 | 乡镇信访办经办人" in text
    # Aggregates only: no case title, petitioner name or phone anywhere.
    assert not [s for s in forbidden if s in text]

    pdf = await city.http.get(f"/exports/declarations/{declaration}.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert b"FontFile2" in pdf.content  # the CJK font is embedded
    ptext = pdf_text(pdf.content)
    assert f"枞溪县{YEAR}年度信访工作“三无”乡镇推荐表" in ptext
    for expected in ("城关镇", f"{row['score']:.2f}", row["gradeLabel"], f"第 {row['rank']} 名", "及时受理率",
                     "经县信访局审核，同意申报", "县信访局经办人", "县信访局审核"):
        assert expected in ptext, expected
    assert not [s for s in forbidden if s in ptext]

    # Audited like the other exports: who, which declaration, which format.
    events = list(await db.scalars(select(AuditEvent).where(AuditEvent.action == "declaration.export")))
    assert sorted(e.detail["format"] for e in events) == ["pdf", "xlsx"]
    reviewer = await db.scalar(select(User).where(User.username == "city_reviewer"))
    assert {e.actor_id for e in events} == {reviewer.id}
    assert {e.object_id for e in events} == {ids.decode("Declaration", declaration)}


async def _other_city_reviewer(db) -> str:
    """A city reviewer of another city of the province (for whom the demo county is not theirs)."""
    province = await db.scalar(select(Unit).where(Unit.level == UnitLevel.PROVINCE))
    city = Unit(level=UnitLevel.CITY, code="990200", name="另一市", parent_id=province.id, path=province.path + "/990200")
    db.add(city)
    await db.flush()
    return await add_account(db, "other_city_reviewer", unit=city, role="city_reviewer", display_name="另一市 审核员")


async def test_who_may_not_see_the_declaration_gets_not_found(client_factory, db, anon):
    declared = await _declared(db)
    for username in ("t01_officer", "xfj_officer", "xfj_leader", "city_reviewer", "province_reviewer"):
        client = await client_factory(username, via_password=False)
        assert (await client.http.get(f"/exports/declarations/{declared}.pdf")).status_code == 200, username
    for username in ("t03_officer", "t02v01", await _other_city_reviewer(db)):
        client = await client_factory(username, via_password=False)
        for fmt in ("pdf", "xlsx"):
            response = await client.http.get(f"/exports/declarations/{declared}.{fmt}")
            assert response.status_code == 404, (username, fmt)
            assert [e["code"] for e in response.json()["errors"]] == ["NOT_FOUND"]
    assert (await anon.http.get(f"/exports/declarations/{declared}.pdf")).status_code == 401
    city = await client_factory("city_reviewer", via_password=False)
    assert (await city.http.get(f"/exports/declarations/{declared}.docx")).status_code == 404
    assert (await city.http.get("/exports/declarations/not-an-id.pdf")).status_code == 404
    assert (await city.http.get(f"/exports/declarations/{ids.encode('Case', 1)}.pdf")).status_code == 404
    events = list(await db.scalars(select(AuditEvent).where(AuditEvent.action == "declaration.export")))
    assert len(events) == 5  # the refused downloads leave no export behind


async def test_the_document_follows_the_declaration_step_by_step(client_factory, db):
    t02 = await unit_id(db, COUNTY + "/002")
    township = await client_factory("t02_officer", via_password=False)
    upload = await township.http.post("/attachments", params={"purpose": "evidence"},
                                      files={"file": ("柳河镇申报情况报告.pdf", PDF, "application/pdf")},
                                      headers={"x-requested-with": "lianchuang"})
    assert upload.status_code == 201
    applied = (await township.data(APPLY, {"i": {"unitId": t02, "year": YEAR, "comment": "自查达标，申请创建",
                                                 "attachmentIds": [upload.json()["id"]]}}))["applyDeclaration"]
    assert applied["userErrors"] == []
    declaration = applied["declaration"]["id"]

    # Applied: the township's 申报表, which the city cannot see yet.
    text = xlsx_text((await township.http.get(f"/exports/declarations/{declaration}.xlsx")).content)
    assert f"枞溪县{YEAR}年度信访工作“三无”乡镇申报表" in text
    assert "柳河镇申报情况报告.pdf | 1 KB | 柳河镇" in text
    assert "申报 | 申报 | 柳河镇 | 乡镇信访办经办人" in text and "自查达标，申请创建" in text
    assert "实时计算" in text  # no stored review yet: the figures are computed now
    city = await client_factory("city_reviewer", via_password=False)
    assert (await city.http.get(f"/exports/declarations/{declaration}.pdf")).status_code == 404

    county = await client_factory("xfj_officer", via_password=False)
    stored = (await county.data(RUN, {"c": await unit_id(db, COUNTY), "y": YEAR}))["runAnnualReview"]["review"]
    own = next(r for r in stored["rows"] if r["unit"]["name"] == "柳河镇")
    declared = (await county.data(DECIDE, {"i": {"id": declaration, "action": "COUNTY_DECLARE",
                                                  "comment": "材料属实，同意上报"}}))["decideDeclaration"]
    assert declared["userErrors"] == []

    # Declared: the city downloads the county's 推荐表 with the stored review's figures.
    pdf = await city.http.get(f"/exports/declarations/{declaration}.pdf")
    assert pdf.status_code == 200
    ptext = pdf_text(pdf.content)
    assert f"枞溪县{YEAR}年度信访工作“三无”乡镇推荐表" in ptext
    assert "县信访局保存的年度考评" in ptext
    assert f"{own['score']:.2f}" in ptext and f"第 {own['rank']} 名" in ptext
    assert "材料属实，同意上报" in ptext and "柳河镇申报情况报告.pdf" in ptext

    returned = (await city.data(DECIDE, {"i": {"id": declaration, "action": "RETURN", "comment": "请补充台账"}}))
    assert returned["decideDeclaration"]["declaration"]["status"] == "RETURNED"
    text = xlsx_text((await township.http.get(f"/exports/declarations/{declaration}.xlsx")).content)
    assert "市信访局初审 | 退回 | " in text and "市信访局审核人" in text and "请补充台账" in text
    assert "当前环节 | 已退回" in text


# ---------------------------------------------------------------------------------------------
# The annual review as a township sees it


async def test_a_township_sees_its_own_rows_of_the_stored_review_and_not_another_townships(client_factory, db):
    t01, t02 = await unit_id(db, T01), await unit_id(db, COUNTY + "/002")
    township = await client_factory("t01_officer", via_password=False)
    # Nothing before the county stores a run.
    assert (await township.data(UNIT_REVIEW, {"u": t01, "y": YEAR}))["unitAnnualReview"] is None

    county = await client_factory("xfj_officer", via_password=False)
    stored = (await county.data(RUN, {"c": await unit_id(db, COUNTY), "y": YEAR}))["runAnnualReview"]["review"]
    by_unit = {r["unit"]["id"]: r for r in stored["rows"]}

    seen = (await township.data(UNIT_REVIEW, {"u": t01, "y": YEAR}))["unitAnnualReview"]
    assert seen["stored"] is True and seen["runId"] == stored["runId"]
    subtree = {ids.encode("Unit", u.id) for u in await db.scalars(
        select(Unit).where(Unit.path.like(T01 + "/%"), Unit.level == UnitLevel.VILLAGE, Unit.retired_at.is_(None)))}
    assert {r["unit"]["id"] for r in seen["rows"]} == {t01} | subtree  # itself and its villages, nothing else
    mine = next(r for r in seen["rows"] if r["unit"]["id"] == t01)
    assert mine == by_unit[t01]  # the county's figures: score, grade, rank among all, 三无, inputs
    assert mine["populationSize"] == 10 and mine["inputs"]["sanwu"]["criteria"]
    assert mine["breakdown"]["formula"]

    # Another township's rows: refused, whether asked directly or through the county.
    for other in (t02, await unit_id(db, COUNTY)):
        body = await township.execute(UNIT_REVIEW, {"u": other, "y": YEAR})
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", other
        assert body["data"] == {"unitAnnualReview": None}

    # A village clerk sees its own row only.
    clerk = await client_factory("t01v01", via_password=False)
    village = await unit_id(db, T01 + "/001")
    rows = (await clerk.data(UNIT_REVIEW, {"u": village, "y": YEAR}))["unitAnnualReview"]["rows"]
    assert [r["unit"]["id"] for r in rows] == [village]
    assert (await clerk.execute(UNIT_REVIEW, {"u": t01, "y": YEAR}))["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    # The county keeps seeing every row.
    everything = (await county.data(UNIT_REVIEW, {"u": await unit_id(db, COUNTY), "y": YEAR}))["unitAnnualReview"]
    assert everything["rows"] == stored["rows"]


# ---------------------------------------------------------------------------------------------
# Pure parts


def test_whose_step_a_recorded_step_was():
    assert transitions.step_act(None, "APPLIED") == "apply"
    assert transitions.step_act("RETURNED", "APPLIED") == "apply"
    assert transitions.step_act("APPLIED", "COUNTY_DECLARED") == "county_review"
    assert transitions.step_act("COUNTY_DECLARED", "CITY_APPROVED") == "city_review"
    assert transitions.step_act("CITY_APPROVED", "PROVINCE_RECOMMENDED") == "province_review"
    assert transitions.step_act("PROVINCE_RECOMMENDED", "DESIGNATED") == "designate"
    assert transitions.step_act("APPLIED", "RETURNED") == "county_review"
    assert transitions.step_act("COUNTY_DECLARED", "RETURNED") == "city_review"
    assert transitions.step_act("PROVINCE_RECOMMENDED", "RETURNED") == "designate"


def test_document_content_names_counts_never_incidents_or_cases():
    at = dt.datetime(2026, 12, 3, 2, 30, tzinfo=dt.UTC)
    sanwu = {"qualifies": False, "criteria": [
        {"code": "NO_ESCALATION", "label_zh": "无越级上访", "passed": False, "incident_ids": ["17", "23"],
         "overdue_backlog": None, "max_overdue_backlog": None},
        {"code": "NO_BACKLOG", "label_zh": "无信访积案", "passed": True, "incident_ids": [],
         "overdue_backlog": 1, "max_overdue_backlog": 2},
    ]}
    doc = documents.content(
        county_name="枞溪县", year=2026, unit_name="某村", unit_level="VILLAGE", township_name="城关镇",
        status="APPLIED", generated_at=at, review_row=None, review_stored=False, review_at=at,
        template_code="SEED_004", config_version=0, sanwu=sanwu,
        rates=[Rate("TIMELY_ACCEPTANCE", "及时受理率", "Timely acceptance", 3, 4, None, available=True)],
        self_lines=[{"code": "B1", "name": "平台", "points": None, "max_points": "15.00"}],
        files=[], steps=[documents.StepFacts(act="apply", to_status="APPLIED", at=at, comment=None, actor_name="李四",
                                             unit_name="城关镇", role="township_officer")])
    assert doc["title"] == "枞溪县2026年度信访工作“三无”村（居）申报表"
    assert doc["generated_at"] == "2026-12-03 10:30"  # China time
    assert doc["township_name"] == "城关镇" and doc["review"] is None
    assert [c["detail"] for c in doc["sanwu"]["criteria"]] == ["计入事件 2 起", "逾期未结信访事项 1 件（允许 2 件）"]
    assert "17" not in str(doc["sanwu"])  # which incidents: not in the document
    assert doc["rates"][0]["percent"] == "—"
    assert doc["self_assessment"]["lines"][0]["points"] == "未自评"
    assert doc["steps"][0] == {"stage": "申报", "decision": "申报", "unit_name": "城关镇", "role": "乡镇信访办经办人",
                               "actor": "李四", "at": "2026-12-03 10:30", "comment": ""}
    assert documents.document_kind("COUNTY_DECLARED") == "推荐表" == documents.document_kind("DESIGNATED")
    assert documents.document_kind("RETURNED") == "申报表"
