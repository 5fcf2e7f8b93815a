"""Issued PDFs on disk, under DOCUMENTS_DIR (outside the web root), by a random name."""

from __future__ import annotations

import hashlib
import os
import re
import secrets
from pathlib import Path

from flask import current_app

NAME = re.compile(r"^[0-9a-f]{32}\.pdf$")


def directory() -> Path:
    path = Path(current_app.config["DOCUMENTS_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(pdf: bytes) -> tuple[str, str]:
    """Write ``pdf`` (atomically) and return its file name and sha256."""
    name = secrets.token_hex(16) + ".pdf"
    target = directory() / name
    partial = target.with_suffix(".part")
    with open(partial, "wb") as out:
        out.write(pdf)
        out.flush()
        os.fsync(out.fileno())
    os.replace(partial, target)
    return name, hashlib.sha256(pdf).hexdigest()


def path(name: str) -> Path:
    """The stored file's path (only names this module made)."""
    if not NAME.match(name):
        raise ValueError(f"not a stored document name: {name!r}")
    return directory() / name
