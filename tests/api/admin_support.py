"""Helpers of the administration API tests: sheets shaped like the demo county, uploads."""
import json
from urllib.parse import quote

from server import demo, ids
from server.unit.models import Unit

COUNTY_PATH = "/990000/990100/990122"
HEADER = "统计用区划代码,城乡分类代码,名称"


def demo_rows() -> list[tuple[str, str]]:
    """(12-digit code, name) of every township and village of the demo county, as loaded."""
    rows = []
    for t, t_name in enumerate(demo.TOWNSHIPS):
        tc = f"{t + 1:03d}"
        rows.append((f"990122{tc}000", t_name))
        for v in range(demo.VILLAGES_PER_TOWNSHIP):
            rows.append((f"990122{tc}{v + 1:03d}", demo.VILLAGES[t * demo.VILLAGES_PER_TOWNSHIP + v]))
    return rows


def codes_csv(rows: list[tuple[str, str]]) -> bytes:
    lines = [HEADER, "990122000000,,枞溪县"]
    lines += [f"{code},{'220' if code[9:] != '000' else ''},{name}" for code, name in rows]
    return ("\n".join(lines) + "\n").encode()


async def upload(client, kind: str, tenant_id: str, data: bytes, *, apply: bool = False,
                 filename: str = "units.csv", query: str = "", **headers: str):
    response = await client.http.post(
        f"/admin/import/{kind}?tenantId={tenant_id}&apply={1 if apply else 0}{query}",
        content=data, headers={"X-Filename": quote(filename), **headers},
    )
    return response


def ndjson(response) -> tuple[list[dict], dict]:
    lines = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    progress = [line["progress"] for line in lines if "progress" in line]
    final = lines[-1]
    return progress, final


def county_id(county: Unit) -> str:
    return ids.encode("Unit", county.id)


PENDING = """query($s: String){ adminUsers(filter:{search:$s}, first:10){ edges{ node{ username
  grants{ role unit{ path } } pendingGrants{ id role unit{ path } mayApprove mayRefuse requestedBy{ username } } } } } }"""
APPROVE = "mutation($id: ID!){ approveRoleGrant(id:$id){ user{ grants{ role } } userErrors{ field code message } } }"
REFUSE = "mutation($id: ID!){ refuseRoleGrant(id:$id){ user{ grants{ role } } userErrors{ field code message } } }"


async def account(client, username: str) -> dict:
    """The account as an administrator's list shows it, with its grants and pending requests."""
    edges = (await client.data(PENDING, {"s": username}))["adminUsers"]["edges"]
    return next(e["node"] for e in edges if e["node"]["username"] == username)


async def approve_pending(approver, username: str) -> None:
    """A second administrator approves every role request of the account (双人审批)."""
    for request in (await account(approver, username))["pendingGrants"]:
        errors = (await approver.data(APPROVE, {"id": request["id"]}))["approveRoleGrant"]["userErrors"]
        assert errors == [], errors
