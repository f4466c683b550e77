"""`Authorizer` (server/auth/policy.py): a process's policy and its version change together, and
only forward. A request that reads the new version while another request of the process is still
loading the new rules waits for them — it is never decided by the old rules under the new
version (which would also keep the process on the old rules until the next change)."""
import asyncio

from sqlalchemy.ext.asyncio import create_async_engine

from server.auth.models import CasbinRule
from server.auth.policy import Authorizer


class _Database:
    """Stands in for a request's session: the policy's version, then the rules when released."""

    def __init__(self, version: int, rules: list[CasbinRule], release: asyncio.Event) -> None:
        self.version, self.rules, self.release = version, rules, release

    async def scalar(self, _statement):
        return self.version

    async def scalars(self, _statement):
        await self.release.wait()
        return _Rows(self.rules)


class _Rows(list):
    def all(self):
        return list(self)


def _rule(role: str, obj: str, act: str) -> CasbinRule:
    return CasbinRule(ptype="p", v0=role, v1=obj, v2=act)


async def _authorizer() -> Authorizer:
    authorizer = Authorizer(create_async_engine("sqlite+aiosqlite://"))
    opened = asyncio.Event()
    opened.set()
    await authorizer.ensure_current(_Database(1, [_rule("village_clerk", "unit", "list")], opened), 1)
    assert authorizer.version == 1 and authorizer.permissions("village_clerk") == {("unit", "list")}
    return authorizer


async def test_a_request_reading_the_new_version_waits_for_the_new_rules():
    authorizer = await _authorizer()
    release = asyncio.Event()
    revoked = _Database(2, [], release)  # version 2 removes the clerk's unit list
    loading = asyncio.create_task(authorizer.ensure_current(revoked, 2))
    await asyncio.sleep(0.01)
    checking = asyncio.create_task(authorizer.ensure_current(revoked, 2))
    await asyncio.sleep(0.01)
    assert not checking.done(), "decided while the rules of version 2 were still loading"
    assert authorizer.version == 1 and authorizer.permissions("village_clerk") == {("unit", "list")}
    release.set()
    assert await loading is True
    assert await checking is False  # loaded by the first: not loaded twice
    assert authorizer.version == 2 and authorizer.permissions("village_clerk") == set()


async def test_a_request_with_an_older_snapshot_never_takes_the_process_back():
    authorizer = await _authorizer()
    opened = asyncio.Event()
    opened.set()
    assert await authorizer.ensure_current(_Database(3, [], opened), 3) is True
    stale = _Database(1, [_rule("village_clerk", "unit", "list")], opened)
    assert await authorizer.ensure_current(stale, 1) is False
    assert authorizer.version == 3 and authorizer.permissions("village_clerk") == set()
