"""重信重访: a new petition is compared with every earlier case of its petitioners in the county,
not only their latest ones."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from server.auth.models import RoleGrant, User
from server.auth.principal import Principal
from server.auth.service import principal_for_user
from server.case import registration
from server.case.models import Case, Channel
from server.case.registration import PetitionerIn, RegisterCase
from server.unit.models import Unit

VILLAGE = "/990000/990100/990122/001/001"
PHONE = "13900002222"


async def _clerk(db, app) -> Principal:
    user = await db.scalar(
        select(User).where(User.username == "t01v01").options(selectinload(User.grants).selectinload(RoleGrant.unit))
    )
    return principal_for_user(user, app.state.authorizer)


async def _register(db, principal: Principal, unit_id: int, title: str, content: str) -> Case:
    return await registration.register(db_session=db, principal=principal, data=RegisterCase(
        unit_id=unit_id, channel=Channel.VISIT, title=title, content=content,
        petitioners=[PetitionerIn("王五", PHONE)],
    ))


async def test_the_oldest_of_more_than_fifty_earlier_cases_is_found_as_the_same_matter(db, app, monkeypatch):
    """The similar matter is the oldest of 61 earlier cases of the petitioner (it was outside the
    50 latest the check used to read); read in batches of 20 here, so the batches' seam is crossed."""
    monkeypatch.setattr(registration, "_EARLIER_BATCH", 20)
    clerk = await _clerk(db, app)
    village = await db.scalar(select(Unit).where(Unit.path == VILLAGE))
    oldest = await _register(db, clerk, village.id, "宅基地界址争议", "邻居新建围墙占用通行道路，请求调解。")
    for number in range(60):
        other = await _register(db, clerk, village.id, f"低保评定异议（第{number}次）", "申请低保未获通过")
        assert other.repeat_of_case_id is None or other.repeat_of_case_id != oldest.id
    again = await _register(db, clerk, village.id, "再次反映宅基地的界址纠纷", "围墙仍占用通行道路。")
    assert again.first_petition is False
    assert again.repeat_of_case_id == oldest.id
