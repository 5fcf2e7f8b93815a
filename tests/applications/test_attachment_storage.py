"""Attachment sniffing and storage, without HTTP."""

from __future__ import annotations

import hashlib
import io

import pytest

from evalcenter.applications import attachments
from evalcenter.applications.attachments import Limits
from evalcenter.core.errors import ServiceError
from tests.applications import samples


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (samples.pdf(), "application/pdf"),
        (samples.png(), "image/png"),
        (samples.jpeg(), "image/jpeg"),
    ],
)
def test_accepted_types_are_stored_with_hash(tmp_path, data, mime):
    stored = attachments.store(io.BytesIO(data), Limits(str(tmp_path), 10_000, 50_000), 0)
    assert stored.content_type == mime
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    path = tmp_path / stored.stored_name[:2] / stored.stored_name
    assert path.read_bytes() == data
    assert not list(tmp_path.rglob("*.part"))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (samples.HTML_AS_PDF, "file_bad_type"),
        (b"", "file_empty"),
        (b"PK\x03\x04" + b"\x00" * 100, "file_bad_type"),  # a zip / docx
        (samples.pdf()[:-20], "file_damaged"),  # truncated
        (b"%PDF-1.4\n<script>", "file_damaged"),
        (samples.png()[:-12], "file_damaged"),
    ],
)
def test_refused_files_leave_nothing_behind(tmp_path, data, code):
    with pytest.raises(ServiceError) as err:
        attachments.store(io.BytesIO(data), Limits(str(tmp_path), 10_000, 50_000), 0)
    assert err.value.code == code
    assert err.value.field == "file"
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("limits", "used", "code", "limit_mb"),
    [
        (Limits("", 4 * 1024, 10 * 1024 * 1024), 0, "file_too_large", 0),
        (
            Limits("", 3 * 1024 * 1024, 3 * 1024 * 1024),
            3 * 1024 * 1024 - 4000,
            "files_total_too_large",
            3,
        ),
    ],
)
def test_size_limits(tmp_path, limits, used, code, limit_mb):
    data = samples.pdf() + b"\n" * 5000
    limits = Limits(str(tmp_path), limits.per_file, limits.per_application)
    with pytest.raises(ServiceError) as err:
        attachments.store(io.BytesIO(data), limits, used)
    assert err.value.code == code
    assert err.value.params == {"limit": limit_mb}
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system.ini", "system.ini"),
        ("财务报表 2024.pdf", "财务报表 2024.pdf"),
        ("a\x00b\nc.pdf", "abc.pdf"),
        ("..", "file"),
        ("", "file"),
        ("x" * 300 + ".pdf", "x" * 200),
    ],
)
def test_clean_filename(raw, clean):
    assert attachments.clean_filename(raw) == clean


def test_existing_path_refuses_tampered_names(tmp_path):
    from types import SimpleNamespace

    (tmp_path / "passwd").write_text("x")
    assert attachments.existing_path(SimpleNamespace(stored_name="../passwd"), tmp_path) is None
