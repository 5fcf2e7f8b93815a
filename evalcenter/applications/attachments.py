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


class AttachmentError(ValueError):
    """Why a file was refused; `code` selects the message shown to the user."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


MESSAGES = {
    "empty": _l("The file is empty. Choose the file again."),
    "too_large": _l(
        "The file is larger than %(limit)s MB. Reduce its size (e.g. scan at "
        "200 dpi) and upload it again."
    ),
    "total_too_large": _l(
        "Together with the files already uploaded this exceeds %(limit)s MB "
        "for the application. Remove files you no longer need first."
    ),
    "bad_type": _l(
        "Only PDF, PNG and JPEG files are accepted, and this file is none of them "
        "(the name does not matter, the content does)."
    ),
    "damaged": _l(
        "The file looks damaged or incomplete. Save or export it again and upload the new copy."
    ),
    "bad_kind": _l("Choose what kind of evidence the file is."),
}


def message(err: AttachmentError) -> str:
    return str(MESSAGES[err.code] % err.params) if err.params else str(MESSAGES[err.code])


def clean_filename(name: str | None) -> str:
    """The last path component, NFC-normalised, without control characters, ≤ 200 chars."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return name[:200] or "file"


def sniff(head: bytes, tail: bytes) -> str:
    """Return the MIME type of an accepted file, or raise AttachmentError."""
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime not in ALLOWED_TYPES:
        raise AttachmentError("bad_type")
    ending = tail.rstrip(b"\r\n\t \x00")
    complete = {
        "application/pdf": b"%%EOF" in tail[-1024:],
        "image/png": ending.endswith(b"IEND\xaeB`\x82"),
        "image/jpeg": ending.endswith(b"\xff\xd9"),
    }[mime]
    if not complete:
        raise AttachmentError("damaged")
    return mime


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    size: int
    sha256: str
    content_type: str


def store(stream: BinaryIO, upload_dir: str | Path, max_bytes: int) -> StoredFile:
    """Copy `stream` into the upload directory under a random name, checking it on the way."""
    directory = Path(upload_dir)
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
                    raise AttachmentError("too_large", limit=max_bytes // (1024 * 1024))
                if len(head) < 8192:
                    head += chunk[: 8192 - len(head)]
                tail = (tail + chunk)[-2048:]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise AttachmentError("empty")
        mime = sniff(head, tail)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    return StoredFile(stored_name, size, digest.hexdigest(), mime)


def path_of(attachment: Attachment, upload_dir: str | Path) -> Path:
    name = attachment.stored_name
    if len(name) != 32 or not all(c in "0123456789abcdef" for c in name):
        raise ValueError("bad stored name")
    return Path(upload_dir) / name[:2] / name


def discard(stored_name: str, upload_dir: str | Path) -> None:
    """Remove a stored file (after its row is gone, or when the row could not be saved)."""
    (Path(upload_dir) / stored_name[:2] / stored_name).unlink(missing_ok=True)
