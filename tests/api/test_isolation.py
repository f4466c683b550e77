"""Isolation between subtrees, proved over every demo account.

For each account we (1) list every case it can see, (2) try to open every case in the county by
id, as if guessing, and (3) try to register a case in every unit of the county. What it can
read or change must be exactly its own subtree. "Neither of two users in different subtrees can
read or change the other's cases" follows for every pair at once.
"""
from sqlalchemy import select

from server import ids
from server.case.models import Case
from server.demo import demo_accounts
from server.unit.models import Unit, is_under
from tests.api.helpers import case_input

CASE_ROLES = {"village_clerk", "township_officer", "township_leader", "county_officer", "county_leader"}
ALIASES_PER_REQUEST = 25  # under the server's alias limit


async def _visible_by_listing(client) -> set[int]:
    found: set[int] = set()
    after = None
    while True:
        page = (
            await client.data(
                "query($after:String){cases(first:100,after:$after){pageInfo{hasNextPage endCursor} edges{node{id}}}}",
                {"after": after},
            )
        )["cases"]
        found |= {ids.decode("Case", e["node"]["id"]) for e in page["edges"]}
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


async def _visible_by_guessing(client, case_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(case_ids), ALIASES_PER_REQUEST):
        chunk = case_ids[start : start + ALIASES_PER_REQUEST]
        query = "{" + " ".join(f'c{pk}: case(id: "{ids.encode("Case", pk)}") {{ id title }}' for pk in chunk) + "}"
        data = await client.data(query)
        found |= {pk for pk in chunk if data[f"c{pk}"] is not None}
    return found


async def _registrable(client, units: list[Unit]) -> set[int]:
    allowed: set[int] = set()
    for start in range(0, len(units), ALIASES_PER_REQUEST):
        chunk = units[start : start + ALIASES_PER_REQUEST]
        parts = []
        variables = {}
        for unit in chunk:
            variables[f"i{unit.id}"] = case_input(ids.encode("Unit", unit.id), title="越权登记测试")
            parts.append(f"r{unit.id}: registerCase(input: $i{unit.id}) {{ case {{ id }} userErrors {{ code }} }}")
        signature = ", ".join(f"$i{u.id}: RegisterCaseInput!" for u in chunk)
        data = await client.data(f"mutation({signature}) {{ {' '.join(parts)} }}", variables)
        for unit in chunk:
            result = data[f"r{unit.id}"]
            if result["case"] is not None:
                allowed.add(unit.id)
            else:
                assert result["userErrors"][0]["code"] in ("FORBIDDEN", "NOT_FOUND"), result
    return allowed


async def test_every_account_reads_exactly_its_own_subtree(client_factory, db):
    cases = list(await db.execute(select(Case.id, Case.unit_path)))
    case_ids = [pk for pk, _ in cases]
    for account in demo_accounts():
        client = await client_factory(account.username, via_password=False)
        expected = (
            {pk for pk, path in cases if is_under(path, account.unit_path)}
            if account.role in CASE_ROLES
            else set()
        )
        if account.role in CASE_ROLES:
            assert await _visible_by_listing(client) == expected, account.username
        else:
            body = await client.execute("{ cases(first: 5) { totalCount edges { node { id } } } }")
            assert body["data"]["cases"]["totalCount"] == 0, account.username
        assert await _visible_by_guessing(client, case_ids) == expected, account.username


async def test_every_account_registers_only_inside_its_own_subtree(client_factory, db):
    units = list(await db.scalars(select(Unit).where(Unit.tenant_id.is_not(None)).order_by(Unit.path)))
    # Every township and every tenth village, plus two units of the account's own subtree.
    spread = [u for u in units if u.level == "TOWNSHIP"] + [u for u in units if u.level == "VILLAGE"][::10]
    for account in demo_accounts():
        client = await client_factory(account.username, via_password=False)
        own = [u for u in units if is_under(u.path, account.unit_path)][:2]
        sample = list({u.id: u for u in spread + own}.values())
        allowed = await _registrable(client, sample)
        assert allowed == {
            u.id for u in sample if account.role in CASE_ROLES and is_under(u.path, account.unit_path)
        }, account.username
