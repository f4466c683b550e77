"""The type of a stored file comes from its bytes, never from its name."""
import io
import zipfile

import openpyxl
import pytest

from server.attachment import store
from server.errors import DomainError
from server.settings import Settings


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_sniff_knows_photos_scans_and_office_files() -> None:
    workbook = io.BytesIO()
    openpyxl.Workbook().save(workbook)
    assert store.sniff(b"\xff\xd8\xff\xe0rest") == store.JPEG
    assert store.sniff(b"%PDF-1.7\n") == store.PDF
    assert store.sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == store.WEBP
    assert store.sniff(workbook.getvalue()) == store.XLSX
    assert store.sniff(_zip("[Content_Types].xml", "word/document.xml")) == store.DOCX


def test_sniff_refuses_archives_and_text_that_only_look_like_files() -> None:
    assert store.sniff(_zip("readme.txt")) is None
    assert store.sniff(b"PK\x03\x04 not really a zip") is None
    assert store.sniff(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


def test_check_accepts_documents_only_as_evidence() -> None:
    settings = Settings()
    docx = _zip("[Content_Types].xml", "word/document.xml")
    assert store.check(settings, docx, store.DOCUMENTS) == store.DOCX
    with pytest.raises(DomainError) as refused:
        store.check(settings, docx)
    assert refused.value.message_key == "error.ATTACHMENT_TYPE"


def test_check_refuses_a_file_over_the_limit() -> None:
    settings = Settings(attachment_max_mb=1)
    with pytest.raises(DomainError) as refused:
        store.check(settings, b"%PDF-" + b"0" * (1024 * 1024))
    assert refused.value.code == "FILE_TOO_LARGE"
