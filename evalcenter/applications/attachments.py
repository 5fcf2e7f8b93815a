"""Evidence attachments: content sniffing, size limits, storage outside the web root.

Files are stored under UPLOAD_DIR with a random name; the sha256 and the cleaned
original name are recorded. Types are decided by content (the `filetype` library
reads the magic bytes) and each accepted type must also end the way its format ends,
so a truncated file or an HTML page renamed `.pdf` is refused.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from flask_babel import lazy_gettext as _l

from evalcenter.applications.models import Attachment
from evalcenter.core.errors import ServiceError

KINDS = {
    "audited_financials": _l("Audited financial statements"),
    "rd_audit": _l("R&D expenditure audit report"),
    "ip_list": _l("List of intellectual property"),
    "commitment_letter": _l("Signed commitment letter"),
    "other": _l("Other supporting evidence"),
}
REQUIRED_KINDS = ("audited_financials", "rd_audit", "ip_list", "commitment_letter")
ALLOWED_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
CHUNK = 1024 * 1024


THING = _l("evidence file")
REMOVED = _l("removed")
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Where files go and how large they may be, one by one and together per application."""

    upload_dir: str
    per_file: int
    per_application: int

    def allowance(self, used: int) -> int:
        """The most the next file may have, given `used` bytes already stored."""
        return min(self.per_file, max(self.per_application - used, 0))

    def refusal(self, used: int) -> ServiceError:
        if self.per_application - used < self.per_file:
            return ServiceError("files_total_too_large", "file", limit=self.per_application // MB)
        return ServiceError("file_too_large", "file", limit=self.per_file // MB)


def clean_filename(name: str | None) -> str:
    """The last path component, NFC-normalised, without control characters, ≤ 200 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return name[:200] or "file"


def sniff(head: bytes, tail: bytes) -> str:
    """Return the MIME type of an accepted file, or raise a ServiceError."""
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise ServiceError("file_bad_type", "file")
    ending = tail.rstrip(b"\r\n\t \x00")
    complete = {
        "application/pdf": b"%%EOF" in tail[-1024:],
        "image/png": ending.endswith(b"IEND\xaeB`\x82"),
        "image/jpeg": ending.endswith(b"\xff\xd9"),
    }[mime]
    if not complete:
        raise ServiceError("file_damaged", "file")
    return mime


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str
    content_type: str


def store(stream: BinaryIO, limits: Limits, used: int) -> StoredFile:
    """Copy `stream` into the upload directory under a random name, checking it on the way;
    `used` bytes are already stored for the application."""
    directory = Path(limits.upload_dir)
    max_bytes = limits.allowance(used)
    stored_name = secrets.token_hex(16)
    final = directory / stored_name[:2] / stored_name
    final.parent.mkdir(parents=True, exist_ok=True)
    partial = final.with_suffix(".part")
    digest = hashlib.sha256()
    size = 0
    head = b""
    tail = b""
    try:
        with partial.open("xb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise limits.refusal(used)
                if len(head) < 8192:
                    head += chunk[: 8192 - len(head)]
                tail = (tail + chunk)[-2048:]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise ServiceError("file_empty", "file")
        mime = sniff(head, tail)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return StoredFile(stored_name, size, digest.hexdigest(), mime)


def limits(config) -> Limits:
    """The upload limits from the app's configuration."""
    return Limits(
        config["UPLOAD_DIR"],
        config["ATTACHMENT_MAX_BYTES"],
        config["APPLICATION_ATTACHMENTS_MAX_BYTES"],
    )


def existing_path(attachment: Attachment, upload_dir: str | Path) -> Path | None:
    """Where the attachment's file is stored, if its name is one we give and the file exists."""
    name = attachment.stored_name
    if len(name) != 32 or not all(c in "0123456789abcdef" for c in name):
        return None
    path = Path(upload_dir) / name[:2] / name
    return path if path.is_file() else None


def discard(stored_name: str, upload_dir: str | Path) -> None:
    """Remove a stored file (after its row is gone, or when the row could not be saved)."""
    (Path(upload_dir) / stored_name[:2] / stored_name).unlink(missing_ok=True)
