"""Uploads never saved with a record are removed; saved files and shared bytes are kept."""
import datetime as dt
import os

from sqlalchemy import select, update

from server.attachment.models import Attachment
from server.attachment.store import purge_unlinked
from server.audit.models import AuditEvent
from server.dates import utcnow
from server.ids import decode
from tests.api.helpers import REGISTER, case_input, unit_id

VILLAGE = "/990000/990100/990122/001/001"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def _upload(client, data: bytes) -> int:
    response = await client.http.post(
        "/attachments", files={"file": ("p.png", data, "image/png")}, headers={"x-requested-with": "lianchuang"}
    )
    assert response.status_code == 201
    return response.json()["id"]


def _age(path, days: float) -> None:
    when = (utcnow() - dt.timedelta(days=days)).timestamp()
    os.utime(path, (when, when))


async def test_an_abandoned_upload_goes_and_a_saved_one_stays(client_factory, db, settings, tmp_path):
    settings.attachment_dir = tmp_path / "files"
    clerk = await client_factory("t01v01", via_password=False)
    abandoned = await _upload(clerk, PNG + b"abandoned")
    saved = await _upload(clerk, PNG + b"saved")
    fresh = await _upload(clerk, PNG + b"fresh")
    registered = (await clerk.data(REGISTER, {"input": case_input(await unit_id(db, VILLAGE), attachmentIds=[saved])}))
    assert registered["registerCase"]["userErrors"] == []
    ids = {name: decode("Attachment", value) for name, value in (("abandoned", abandoned), ("saved", saved), ("fresh", fresh))}
    long_ago = utcnow() - dt.timedelta(days=settings.unlinked_upload_days + 1)
    await db.execute(update(Attachment).where(Attachment.id.in_([ids["abandoned"], ids["saved"]])).values(created_at=long_ago))
    rows = {a.id: a for a in await db.scalars(select(Attachment).where(Attachment.id.in_(ids.values())))}
    for attachment in rows.values():
        _age(settings.attachment_dir / attachment.sha256[:2] / attachment.sha256, settings.unlinked_upload_days + 1)
    paths = {name: settings.attachment_dir / rows[i].sha256[:2] / rows[i].sha256 for name, i in ids.items()}

    assert await purge_unlinked(db_session=db, settings=settings) == 1
    left = set(await db.scalars(select(Attachment.id).where(Attachment.id.in_(ids.values()))))
    assert left == {ids["saved"], ids["fresh"]}
    assert not paths["abandoned"].exists()
    assert paths["saved"].exists() and paths["fresh"].exists()
    purge = (await db.scalars(select(AuditEvent).where(AuditEvent.action == "attachment.purge"))).all()
    assert [event.detail["count"] for event in purge] == [1]


async def test_bytes_still_used_by_another_upload_are_kept(client_factory, db, settings, tmp_path):
    settings.attachment_dir = tmp_path / "files"
    clerk = await client_factory("t01v01", via_password=False)
    old = decode("Attachment", await _upload(clerk, PNG))
    again = decode("Attachment", await _upload(clerk, PNG))  # same bytes, uploaded again today
    long_ago = utcnow() - dt.timedelta(days=settings.unlinked_upload_days + 1)
    await db.execute(update(Attachment).where(Attachment.id == old).values(created_at=long_ago))
    sha = (await db.get(Attachment, again)).sha256
    _age(settings.attachment_dir / sha[:2] / sha, settings.unlinked_upload_days + 1)

    assert await purge_unlinked(db_session=db, settings=settings) == 1
    assert (settings.attachment_dir / sha[:2] / sha).exists()
    assert await db.get(Attachment, again) is not None
