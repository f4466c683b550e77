"""A case's related records are read through the service with the viewer, and refused in SQL to
anyone who may not read the case.

Issue 15: "Every service read takes the principal" — "a user of another township sees no
documents/supervisions/handlers/timeline of a case" (nor its reply rounds).
"""
import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.audit.models import AuditEvent
from server.auth.models import RoleGrant, User
from server.auth.principal import Grant, Principal
from server.auth.service import principal_for_user
from server.case import records, rounds, rules, timeline
from server.case.models import Case, CaseHandler, Petitioner, PublicDocument, Supervision
from server.unit.models import Unit

COUNTY = "/990000/990100/990122"
TOWNSHIP = COUNTY + "/001"


async def _principal(db, app, username: str) -> Principal:
    user = await db.scalar(
        select(User).where(User.username == username).options(selectinload(User.grants).selectinload(RoleGrant.unit))
    )
    return principal_for_user(user, app.state.authorizer)


@pytest.fixture
async def township_case(db, app) -> Case:
    """A case of township 001 with one of each related record."""
    case = await db.scalar(
        select(Case).where(Case.unit_path.like(TOWNSHIP + "/%"), Case.accused_unit_path.is_(None)).order_by(Case.id).limit(1)
    )
    county = await db.scalar(select(Unit).where(Unit.path == COUNTY))
    officer = await db.scalar(select(User).where(User.username == "t01_officer"))
    db.add_all([
        PublicDocument(tenant_id=case.tenant_id, case_id=case.id, kind="ACCEPTANCE", body="予以受理。"),
        PublicDocument(tenant_id=case.tenant_id, case_id=case.id, kind="REPLY", body="经调查，已协调解决。"),
        Supervision(tenant_id=case.tenant_id, case_id=case.id, kind="SUPERVISE", from_unit_id=county.id,
                    to_unit_id=case.handler_unit_id, note="请按期办结。"),
        CaseHandler(tenant_id=case.tenant_id, case_id=case.id, user_id=officer.id),
    ])
    await db.flush()
    return case


async def _reads(db, principal: Principal, case_id: int) -> dict[str, list]:
    return {
        "documents": await records.documents(db_session=db, principal=principal, case_id=case_id),
        "supervisions": await records.supervisions(db_session=db, principal=principal, case_id=case_id),
        "handlers": await records.handlers(db_session=db, principal=principal, case_id=case_id),
        "timeline": await timeline.read(db_session=db, principal=principal, case_id=case_id),
        "rounds": await rounds.reply_rounds(db_session=db, principal=principal, case_id=case_id),
    }


async def test_the_township_of_the_case_reads_its_records(db, app, township_case):
    """The viewer who may read the case gets every record (so the refusals below can fail)."""
    seen = await _reads(db, await _principal(db, app, "t01_officer"), township_case.id)
    assert all(seen.values()), {name: len(rows) for name, rows in seen.items()}
    assert [d.body for d in seen["documents"]] == ["予以受理。", "经调查，已协调解决。"]
    assert [u.username for u in seen["handlers"]] == ["t01_officer"]


async def test_a_user_of_another_township_reads_none_of_a_cases_records(db, app, township_case):
    """"a user of another township sees no documents/supervisions/handlers/timeline of a case"."""
    seen = await _reads(db, await _principal(db, app, "t02_officer"), township_case.id)
    assert seen == {"documents": [], "supervisions": [], "handlers": [], "timeline": [], "rounds": []}


async def test_a_user_of_another_county_reads_none_of_a_cases_records(db, app, township_case):
    """"list queries filter in SQL by tenant and subtree": a grant of another tenant reads nothing,
    even one at the same unit path."""
    own = await _principal(db, app, "t01_officer")
    stranger = Principal(
        authorizer=own.authorizer, user_id=own.user_id, tenant_id=township_case.tenant_id + 10_000, unit_id=own.unit_id,
        grants=tuple(Grant(role=g.role, unit_id=g.unit_id, unit_path=g.unit_path) for g in own.grants),
    )
    seen = await _reads(db, stranger, township_case.id)
    assert seen == {"documents": [], "supervisions": [], "handlers": [], "timeline": [], "rounds": []}


async def test_the_accused_unit_reads_none_of_an_accusations_records(db, app, township_case):
    """An accusation never reaches the accused unit: not through its notices or timeline either."""
    township_case.accused_unit_path = TOWNSHIP
    township_case.handler_unit_path = COUNTY
    await db.flush()
    seen = await _reads(db, await _principal(db, app, "t01_officer"), township_case.id)
    assert seen == {"documents": [], "supervisions": [], "handlers": [], "timeline": [], "rounds": []}
    county = await _reads(db, await _principal(db, app, "xfj_officer"), township_case.id)
    assert all(county.values())


async def _petitioners(db, principal: Principal, case: Case, *, unmasked: bool) -> list[tuple[str, str]]:
    rows = await records.read_petitioners(db_session=db, principal=principal, case=case, unmasked=unmasked)
    return [(p.name, p.phone) for p in rows]


async def _pii_reads(db, case: Case) -> int:
    return len(list(await db.scalars(
        select(AuditEvent).where(AuditEvent.action == "case.read_pii", AuditEvent.object_id == case.id)
    )))


async def test_petitioners_unmasked_for_the_handler_masked_for_a_reader_none_for_a_stranger(db, app, township_case):
    """"a user of another township sees no ... of a case": not even its petitioners masked;
    a reader above who does not handle it sees them masked, the handling unit unmasked (audited)."""
    stored = [
        (p.name, p.phone) for p in await db.scalars(
            select(Petitioner).where(Petitioner.case_id == township_case.id).order_by(Petitioner.position)
        )
    ]
    assert stored
    masked = [(rules.mask_name(name), rules.mask_phone(phone)) for name, phone in stored]
    assert masked != stored

    stranger = await _principal(db, app, "t02_officer")
    assert await _petitioners(db, stranger, township_case, unmasked=True) == []
    assert await _petitioners(db, stranger, township_case, unmasked=False) == []

    county = await _principal(db, app, "xfj_officer")  # reads the township's cases, does not handle this one
    assert await _petitioners(db, county, township_case, unmasked=True) == masked

    before = await _pii_reads(db, township_case)
    handler = await _principal(db, app, "t01_officer")
    assert await _petitioners(db, handler, township_case, unmasked=False) == masked
    assert await _pii_reads(db, township_case) == before
    assert await _petitioners(db, handler, township_case, unmasked=True) == stored
    assert await _pii_reads(db, township_case) == before + 1
