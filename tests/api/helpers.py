"""Small helpers shared by the API tests."""
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server import ids
from server.auth.models import RoleGrant, User
from server.unit.models import Unit

REGISTER = """
mutation($input: RegisterCaseInput!) {
  registerCase(input: $input) {
    case { id title status queryCode headcount acceptDueAt dueAt deadlineState overdue
           unit { name } petitioners { name phone } timeline { kind actor { username } } }
    userErrors { field message code }
  }
}"""

CASES = """
query($filter: CaseFilter, $first: Int, $after: String) {
  cases(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id title status unit { name } petitioners { name phone } } }
  }
}"""


async def unit_id(db: AsyncSession, path: str) -> str:
    unit = await db.scalar(select(Unit).where(Unit.path == path))
    assert unit is not None, path
    return ids.encode("Unit", unit.id)


async def add_account(db: AsyncSession, username: str, *, unit: Unit, role: str, grant_unit: Unit | None = None,
                      tenant_id: int | None = None, display_name: str = "测试账号") -> str:
    """An account of `unit` holding `role` at `grant_unit` (default: its own unit), committed; for
    `client_factory(username, via_password=False)`, which opens the session without a password."""
    user = User(tenant_id=tenant_id, unit_id=unit.id, username=username, display_name=display_name, password_hash="x")
    db.add(user)
    await db.flush()
    db.add(RoleGrant(tenant_id=tenant_id, user_id=user.id, role=role, unit_id=(grant_unit or unit).id))
    await db.commit()
    return username


def case_input(unit: str, **overrides) -> dict:
    data = {
        "unitId": unit,
        "channel": "VISIT",
        "title": "宅基地界址争议",
        "content": "邻居新建围墙占用通行道路，请求调解。",
        "headcount": 1,
        "petitioners": [{"name": "张三", "phone": "13812341234"}],
    }
    data.update(overrides)
    return data
