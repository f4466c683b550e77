"""The records read with a screening or evaluation record (a dispute's photos and mediations, a
report's disputes, a meeting's decisions, a declaration's documents and steps, evidence files, a
campaign's indicators) are read through the service with the viewer: a direct caller cannot get
them for a record the viewer may not read.

Issue 15: "Every service read takes the principal" — list queries "filter in SQL by tenant and
subtree".
"""
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.admin import grants as grant_service
from server.attachment.models import Attachment
from server.auth.models import RoleGrant, User
from server.auth.principal import Grant, Principal
from server.auth.service import principal_for_user
from server.errors import DomainError
from server.evaluation import campaign as campaign_service
from server.evaluation import scope
from server.evaluation.assessment import evidence
from server.evaluation.declaration import files as declaration_files
from server.evaluation.declaration import reading
from server.evaluation.models import Campaign, Declaration, Submission
from server.incident import service as incident_service
from server.incident.models import AttributionStatus, Incident
from server.screening import disputes, meeting_reads, meetings, reports
from server.screening.models import Dispute, Mediation, Meeting, MeetingDecision, ScreeningReport
from server.unit.models import Unit

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"


async def _principal(db, app, username: str) -> Principal:
    user = await db.scalar(
        select(User).where(User.username == username).options(selectinload(User.grants).selectinload(RoleGrant.unit))
    )
    return principal_for_user(user, app.state.authorizer)


def _of_another_county(own: Principal) -> Principal:
    """The same grants, in another tenant: the paths match, the tenant does not."""
    return Principal(
        authorizer=own.authorizer, user_id=own.user_id, tenant_id=(own.tenant_id or 0) + 10_000, unit_id=own.unit_id,
        grants=tuple(Grant(role=g.role, unit_id=g.unit_id, unit_path=g.unit_path) for g in own.grants),
    )


def _file(row, column: str, uploader: int) -> Attachment:
    return Attachment(tenant_id=row.tenant_id, uploaded_by_user_id=uploader, filename="scan.jpg",
                      content_type="image/jpeg", size=3, sha256="0" * 64, **{column: row.id})


@pytest.fixture
async def township_records(db) -> dict:
    """Township 001's records (demo data) that have children, with a photo on the dispute, the
    submission and the declaration."""
    officer = await db.scalar(select(User).where(User.username == "t01_officer"))
    dispute = await db.scalar(select(Dispute).join(Mediation, Mediation.dispute_id == Dispute.id)
                              .where(Dispute.unit_path.like(TOWNSHIP + "/%")).order_by(Dispute.id).limit(1))
    report = await db.scalar(select(ScreeningReport).where(ScreeningReport.id == dispute.report_id))
    meeting = await db.scalar(select(Meeting).where(Meeting.unit_path == TOWNSHIP).limit(1))
    declaration = await db.scalar(select(Declaration).where(Declaration.unit_path == TOWNSHIP).limit(1))
    submission = await db.scalar(select(Submission).where(Submission.unit_path == TOWNSHIP).limit(1))
    campaign = await db.scalar(select(Campaign).where(Campaign.id == submission.campaign_id))
    db.add_all([_file(dispute, "dispute_id", officer.id), _file(submission, "submission_id", officer.id),
                _file(declaration, "declaration_id", officer.id)])
    await db.flush()
    return {"dispute": dispute, "report": report, "meeting": meeting, "declaration": declaration,
            "submission": submission, "campaign": campaign}


async def _reads(db, principal: Principal, r: dict) -> dict[str, list]:
    return {
        "dispute_attachments": await disputes.dispute_attachments(
            db_session=db, principal=principal, dispute_id=r["dispute"].id),
        "mediations": await disputes.mediations(db_session=db, principal=principal, dispute_id=r["dispute"].id),
        "report_disputes": await reports.report_disputes(db_session=db, principal=principal, report_id=r["report"].id),
        "meeting_decisions": await meetings.meeting_decisions(
            db_session=db, principal=principal, meeting_id=r["meeting"].id),
        "declaration_documents": (await declaration_files.documents(
            db_session=db, principal=principal, declaration_ids=[r["declaration"].id]))[r["declaration"].id],
        "declaration_steps": await reading.steps(db_session=db, principal=principal, declaration_id=r["declaration"].id),
        "evidence_files": (await evidence.files_of(
            db_session=db, principal=principal, owner_column="submission_id",
            owner_ids=[r["submission"].id]))[r["submission"].id],
    }


async def test_the_township_reads_the_children_of_its_records(db, app, township_records):
    """The township's own officer gets every child (so the refusals below can fail)."""
    seen = await _reads(db, await _principal(db, app, "t01_officer"), township_records)
    assert all(seen.values()), {name: len(rows) for name, rows in seen.items()}
    assert township_records["dispute"].id in {d.id for d in seen["report_disputes"]}


async def test_a_user_of_another_township_reads_none_of_them(db, app, township_records):
    """A user of another township of the demo county reads no child of township 001's records."""
    seen = await _reads(db, await _principal(db, app, "t02_officer"), township_records)
    assert seen == {name: [] for name in seen}


async def test_a_user_of_another_county_reads_none_of_them(db, app, township_records):
    """"filter in SQL by tenant": the same grants in another tenant read nothing. (Declarations are
    left out: reviewers above the county read one of another tenant once it was declared to them —
    `reading.visible` — and the demo declaration was.)"""
    seen = await _reads(db, _of_another_county(await _principal(db, app, "t01_officer")), township_records)
    del seen["declaration_documents"], seen["declaration_steps"]
    assert seen == {name: [] for name in seen}


async def test_a_campaigns_indicators_are_the_countys_alone(db, app, township_records):
    """The indicator table is the county's: any township of it reads it, another county does not."""
    campaign_id = township_records["campaign"].id
    other_township = await _principal(db, app, "t02_officer")
    assert await campaign_service.indicators(db_session=db, principal=other_township, campaign_id=campaign_id)
    assert await campaign_service.indicators(
        db_session=db, principal=_of_another_county(other_township), campaign_id=campaign_id) == []


async def test_an_accounts_roles_are_read_only_by_who_may_list_the_account(db, app):
    """`user_grants` answers for the accounts the viewer may list: township 001's administrator reads
    its officer's roles; another township's administrator reads none; nor does another county."""
    officer = await db.scalar(select(User).where(User.username == "t01_officer"))
    own_admin = await _principal(db, app, "t01_admin")
    found = await grant_service.user_grants(db_session=db, principal=own_admin, user_ids=[officer.id])
    assert [role for role, _unit in found[officer.id]]
    t02 = await db.scalar(select(Unit).where(Unit.path == COUNTY + "/002"))
    # The demo has no administrator of township 002: t01_admin's role, held there.
    other_admin = Principal(authorizer=own_admin.authorizer, user_id=own_admin.user_id, tenant_id=own_admin.tenant_id,
                            unit_id=t02.id, grants=(Grant(role="township_admin", unit_id=t02.id, unit_path=t02.path),))
    assert await grant_service.user_grants(db_session=db, principal=other_admin, user_ids=[
        (await db.scalar(select(User).where(User.unit_id == t02.id).limit(1))).id]) != {}
    for stranger in (other_admin, _of_another_county(own_admin)):
        assert await grant_service.user_grants(db_session=db, principal=stranger, user_ids=[officer.id]) == {}


async def test_who_may_contest_or_decide_an_incident_is_the_services_rule(db, app):
    """The township contests an attribution to it and the county decides the contest; another
    township does neither (the schema's canContest/canDecide ask `may_contest`/`may_decide`)."""
    contested = await db.scalar(select(Incident).where(
        Incident.unit_path == TOWNSHIP, Incident.status == AttributionStatus.CONTESTED).limit(1))
    attributed = await db.scalar(select(Incident).where(
        Incident.unit_path.like(TOWNSHIP + "%"), Incident.status == AttributionStatus.ATTRIBUTED).limit(1))
    township, county, other = [await _principal(db, app, u) for u in ("t01_officer", "xfj_officer", "t02_officer")]
    assert incident_service.may_contest(principal=township, incident=attributed)
    assert not incident_service.may_contest(principal=township, incident=contested)  # once, before a decision
    assert incident_service.may_decide(principal=county, incident=contested)
    assert not incident_service.may_decide(principal=township, incident=contested)
    assert not incident_service.may_contest(principal=other, incident=attributed)
    assert not incident_service.may_decide(principal=other, incident=contested)


async def test_the_plain_incident_list_is_deprecated_for_its_page_at_a_time_twin(client_factory):
    """`incidents` stays in the contract but points to `incidentsConnection`."""
    county = await client_factory("xfj_officer", via_password=False)
    fields = (await county.data(
        '{ __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }'
    ))["__type"]["fields"]
    plain = next(f for f in fields if f["name"] == "incidents")
    assert plain["isDeprecated"] and "incidentsConnection" in plain["deprecationReason"]
    assert not next(f for f in fields if f["name"] == "incidentsConnection")["isDeprecated"]


async def test_an_evaluation_unit_out_of_scope_is_refused_by_the_one_helper(db, app):
    """`scope.unit_in_scope` asks `Principal.unit_refusal`: another township's unit is FORBIDDEN,
    another county's is NOT_FOUND (it reveals nothing), the township's own unit is given back."""
    t01 = await db.scalar(select(Unit).where(Unit.path == TOWNSHIP))
    own, other = await _principal(db, app, "t01_officer"), await _principal(db, app, "t02_officer")
    assert (await scope.unit_in_scope(db_session=db, principal=own, unit_id=t01.id)).id == t01.id
    for viewer, code in ((other, "FORBIDDEN"), (_of_another_county(own), "NOT_FOUND")):
        with pytest.raises(DomainError) as refused:
            await scope.unit_in_scope(db_session=db, principal=viewer, unit_id=t01.id)
        assert (refused.value.code, refused.value.message_key) == (code, f"error.{code}")


async def test_a_meetings_disputes_and_a_decisions_meeting_are_read_for_the_viewer(db, app, township_records):
    """The GraphQL layer no longer reads these itself: a meeting's disputes are those the viewer may
    read, each by its own unit; a decision's meeting is shown to who may read the meeting or owns
    the decision (the official given the task), and to nobody else."""
    meeting, dispute = township_records["meeting"], township_records["dispute"]
    meeting.dispute_ids = [dispute.id]
    await db.flush()
    decision = await db.scalar(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id).limit(1))
    # The task given to a village clerk, who may not read the township's meetings.
    owner = await db.scalar(select(User).where(User.username == "t01v01")
                            .options(selectinload(User.grants).selectinload(RoleGrant.unit)))
    decision.owner_user_id = owner.id
    await db.flush()
    township = await _principal(db, app, "t01_officer")
    other_township = await _principal(db, app, "t02_officer")
    assert meetings.readable_meeting(principal_for_user(owner, app.state.authorizer), meeting) is None

    assert [d.id for d in await meeting_reads.meeting_disputes(db_session=db, principal=township, meeting=meeting)] \
        == [dispute.id]
    assert await meeting_reads.meeting_disputes(db_session=db, principal=other_township, meeting=meeting) == []
    assert await meeting_reads.meeting_disputes(
        db_session=db, principal=_of_another_county(township), meeting=meeting) == []

    for reader in (township, principal_for_user(owner, app.state.authorizer)):
        assert (await meeting_reads.decision_meeting(db_session=db, principal=reader, decision=decision)).id == meeting.id
    for stranger in (other_township, _of_another_county(township)):
        with pytest.raises(DomainError) as refused:
            await meeting_reads.decision_meeting(db_session=db, principal=stranger, decision=decision)
        assert refused.value.code == "NOT_FOUND"
