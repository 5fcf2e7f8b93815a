"""Attachment sniffing and storage, without HTTP."""

from __future__ import annotations

import hashlib
import io

import pytest

from evalcenter.applications import attachments
from evalcenter.applications.attachments import AttachmentError
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
    stored = attachments.store(io.BytesIO(data), tmp_path, 10_000)
    assert stored.content_type == mime
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    path = tmp_path / stored.stored_name[:2] / stored.stored_name
    assert path.read_bytes() == data
    assert not list(tmp_path.rglob("*.part"))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (samples.HTML_AS_PDF, "bad_type"),
        (b"", "empty"),
        (b"PK\x03\x04" + b"\x00" * 100, "bad_type"),  # a zip / docx
        (samples.pdf()[:-20], "damaged"),  # truncated
        (b"%PDF-1.4\n<script>", "damaged"),
        (samples.png()[:-12], "damaged"),
    ],
)
def test_refused_files_leave_nothing_behind(tmp_path, data, code):
    with pytest.raises(AttachmentError) as err:
        attachments.store(io.BytesIO(data), tmp_path, 10_000)
    assert err.value.code == code
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_size_limit(tmp_path):
    data = samples.pdf() + b"\n" * 5000
    with pytest.raises(AttachmentError) as err:
        attachments.store(io.BytesIO(data), tmp_path, 4000)
    assert err.value.code == "too_large"
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


def test_path_of_refuses_tampered_names(tmp_path):
    from types import SimpleNamespace

    with pytest.raises(ValueError):
        attachments.path_of(SimpleNamespace(stored_name="../../etc/passwd"), tmp_path)
