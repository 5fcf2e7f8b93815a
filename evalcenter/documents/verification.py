"""Public verification of issued certificates: what a verification link or a serial with the
company's name shows, and whether an uploaded file is the issued one.

Read only: nothing here changes the database, and an uploaded file is read into memory (at most
``max_bytes``) and never stored. A link that matches no certificate costs the same work as one
that does (one query, one page), so neither the answer's status nor its timing tells them apart.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

import filetype
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from evalcenter.core.errors import ServiceError
from evalcenter.documents import signing
from evalcenter.documents.models import Certificate, CertificateStatus
from evalcenter.extensions import db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MB = 1024 * 1024
UNKNOWN = "unknown"
EXPIRED = "expired"


def today() -> date:
    """Today in Beijing: a certificate expires after its valid_until there."""
    return datetime.now(SHANGHAI).date()


@dataclass(frozen=True)
class Verdict:
    """What the verification page says: ``state`` is valid, expired, revoked, superseded or
    unknown (no certificate has the link); ``replacement`` is the superseding certificate."""

    state: str
    certificate: Certificate | None = None
    replacement: Certificate | None = None


def state_of(cert: Certificate, on: date) -> str:
    """A revoked or superseded certificate stays so; a valid one expires after valid_until."""
    if cert.status == CertificateStatus.VALID and cert.valid_until < on:
        return EXPIRED
    return str(cert.status)


def verdict(token: str) -> Verdict:
    """The certificate a verification link names, with its replacement, in one query."""
    cert = db.session.scalar(
        select(Certificate)
        .options(joinedload(Certificate.superseded_by))
        .where(Certificate.token == token)
    )
    if cert is None:
        return Verdict(UNKNOWN)
    return Verdict(state_of(cert, today()), cert, cert.superseded_by)


def normalise_serial(serial: str | None) -> str:
    return unicodedata.normalize("NFKC", serial or "").strip().upper()


def normalise_name(name: str | None) -> str:
    """The name as typed, NFC-normalised, without surrounding spaces (nothing else changes:
    the match is exact)."""
    return unicodedata.normalize("NFC", name or "").strip()


def find(serial: str, company_name: str) -> Certificate | None:
    """The certificate with this serial AND exactly this company name, or None."""
    return db.session.scalar(
        select(Certificate).where(
            Certificate.serial == normalise_serial(serial),
            Certificate.company_name == normalise_name(company_name),
        )
    )


@dataclass(frozen=True)
class FileCheck:
    """An uploaded file compared with the issued one: ``issued`` is None when there is no
    certificate to compare with; ``signature`` is what the signature check found."""

    sha256: str
    size: int
    issued: bool | None
    signature: signing.SignatureCheck

    @property
    def signature_state(self) -> str:
        """valid, unsigned, unreadable, tampered, outdated (the signing certificate was not
        valid then), untrusted, or added (content added after signing)."""
        sig, problems = self.signature, set(self.signature.problems)
        if sig.valid:
            return "valid"
        if not sig.signed:
            return "unsigned" if "unsigned" in problems else "unreadable"
        if "unreadable_signature" in problems:
            return "unreadable"
        if not sig.intact:
            return "tampered"
        if "certificate_not_valid" in problems:
            return "outdated"
        return "added" if sig.trusted else "untrusted"


def read_pdf(stream: BinaryIO, max_bytes: int) -> bytes:
    """The uploaded file's bytes, read into memory up to ``max_bytes``; refused when it is
    larger, empty, or not a PDF by its content."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ServiceError("verify_file_too_large", "file", limit=max_bytes // MB)
    if not data:
        raise ServiceError("file_empty", "file")
    kind = filetype.guess(data[:8192])
    if kind is None or kind.mime != "application/pdf":
        raise ServiceError("verify_not_pdf", "file")
    return data


def check_file(
    cert: Certificate | None, stream: BinaryIO, max_bytes: int, trust: Iterable[Any]
) -> FileCheck:
    """Whether the uploaded PDF is ``cert``'s issued file (by sha256) and what its signature
    says (checked against the trusted certificates ``trust``)."""
    data = read_pdf(stream, max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    issued = None if cert is None else digest == cert.sha256
    return FileCheck(digest, len(data), issued, signing.check(data, trust))
