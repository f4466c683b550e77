"""Requests are bounded before the work: upload bodies cut off at the limit, query cost refused
before execution."""
import pytest

from server.ratelimit import limiter

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


def _chunked_upload(sent: list[int], total_mb: int = 40):
    """A multipart body of `total_mb` MB sent in 64 KB chunks without Content-Length."""
    boundary = "lcboundary"

    async def body():
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\"\r\n"
                "Content-Type: image/png\r\n\r\n").encode() + PNG
        sent.append(len(head))
        yield head
        chunk = b"\0" * 65536
        for _ in range(total_mb * 16):
            sent.append(len(chunk))
            yield chunk
        tail = f"\r\n--{boundary}--\r\n".encode()
        sent.append(len(tail))
        yield tail

    return body(), {"content-type": f"multipart/form-data; boundary={boundary}", "x-requested-with": "lianchuang"}


async def test_an_upload_body_is_refused_as_soon_as_it_passes_the_limit_even_chunked(client_factory, settings, tmp_path):
    settings.attachment_dir = tmp_path / "files"
    settings.attachment_max_mb = 1
    clerk = await client_factory("t01v01", via_password=False)
    sent: list[int] = []
    body, headers = _chunked_upload(sent)
    response = await clerk.http.post("/attachments", content=body, headers=headers)
    assert response.status_code == 413
    assert response.json()["errors"][0]["code"] == "FILE_TOO_LARGE"
    assert sum(sent) < 2 * 1024 * 1024  # read up to the limit, not the 40 MB sent


async def test_a_citizens_upload_body_is_cut_off_at_the_limit_too(anon, settings, tmp_path, db):
    from tests.api.helpers import unit_id

    settings.attachment_dir = tmp_path / "files"
    settings.attachment_max_mb = 1
    sent: list[int] = []
    body, headers = _chunked_upload(sent)
    village = await unit_id(db, "/990000/990100/990122/001/001")
    response = await anon.http.post(f"/public/attachments?unitId={village}", content=body, headers=headers)
    assert response.status_code == 413
    assert sum(sent) < 2 * 1024 * 1024


async def test_query_cost_is_bounded_before_execution(client_factory):
    officer = await client_factory("xfj_officer", via_password=False)
    aliases = " ".join(f"a{i}: cases(first: 100) {{ edges {{ node {{ id title }} }} }}" for i in range(29))
    body = await officer.execute(f"{{ {aliases} }}")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COSTLY"]
    assert "data" not in body or body["data"] is None
    # The page size hidden in a variable or behind a fragment counts the same.
    fragment = "fragment Rows on CaseConnection { edges { node { id title } } }"
    by_variable = " ".join(f"a{i}: cases(first: $n) {{ ...Rows }}" for i in range(29))
    body = await officer.execute(f"query($n: Int) {{ {by_variable} }} {fragment}", {"n": 100})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COSTLY"]
    # The same text with small pages is answered, and with large ones refused again: a remembered
    # cost belongs to the page sizes it was counted with.
    small = await officer.execute(f"query($n: Int) {{ {by_variable} }} {fragment}", {"n": 1})
    assert "errors" not in small, small
    body = await officer.execute(f"query($n: Int) {{ {by_variable} }} {fragment}", {"n": 100})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COSTLY"]
    # One full page of the list with its usual fields is fine.
    page = await officer.execute(
        "{ cases(first: 100) { totalCount edges { cursor node { id title status registeredAt dueAt deadlineState "
        "unit { name } handlerUnit { name } leader { displayName } petitioners { name phone } } } } }"
    )
    assert "errors" not in page, page
