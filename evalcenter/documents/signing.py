"""PAdES signatures on issued PDFs (pyHanko) and checking them against the trusted certificates.

No Flask here: everything takes plain arguments. ``<signing dir>`` (``<instance>/signing``) holds

* ``development.pem``: the development key and its self-signed certificate (mode 0600), made
  once when no key is configured outside production;
* ``certs/<sha256>.pem``: every configured certificate ever used to sign, so that a file signed
  before a key rotation still verifies.

A signature is checked at the time it claims to have been made: only the certificates this
platform signed with are trusted (pinned, not their CA), and a signing certificate that expired
since must not turn every document it signed while valid into an untrusted one.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import async_validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from evalcenter.core.errors import ServiceError

DEV_SUBJECT = "EvalCenter development signing key — not for official use"
DEV_REASON = (
    "开发测试密钥签名，不具法律效力 / Signed with a development key: not valid for official use"
)
OFFICIAL_REASON = "北京市高精尖产业优秀企业技术中心评价 / issued by the programme office"
LOCATION = "北京 / Beijing"
FIELD_NAME = "EvalCenterSignature"
DEV_FILE = "development.pem"
ARCHIVE = "certs"
# A signing certificate may carry either usage; PAdES asks for non-repudiation, CAs differ.
KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)

PROBLEMS = {
    "not_pdf": "The file is not a readable PDF.",
    "unsigned": "The file carries no signature.",
    "unreadable_signature": "The signature cannot be read.",
    "tampered": "The signed content was changed after signing: the signature does not match.",
    "untrusted": "The signing certificate is not one of the trusted certificates.",
    "certificate_not_valid": "The signing certificate was not valid when the file was signed.",
    "changed_after_signing": "Content was added to the file after it was signed.",
}


@dataclass(frozen=True)
class KeyFiles:
    """Where a signing key is: picklable, so worker processes can load it themselves."""

    key: str
    cert: str
    password: str = ""
    development: bool = False


@dataclass(frozen=True)
class SigningKey:
    """A loaded private key with its certificate (and chain)."""

    signer: signers.SimpleSigner
    certificate: asn1_x509.Certificate
    development: bool = False
    # hex digits kept for the signature: its certificates plus room for attributes and value;
    # saves pyHanko the trial signature it otherwise makes to measure (half the signing time)
    reserve: int = 16384

    @property
    def reason(self) -> str:
        """The reason every signature made with this key states."""
        return DEV_REASON if self.development else OFFICIAL_REASON

    @classmethod
    def load(cls, files: KeyFiles, chain: Sequence[str] = ()) -> SigningKey:
        """Load a PEM private key and a PEM certificate; further certificates in the certificate
        file (or in ``chain``) are its chain and are embedded in every signature."""
        key = serialization.load_pem_private_key(
            Path(files.key).read_bytes(), password=files.password.encode() or None
        )
        der_key = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        certs = read_certificates(files.cert)
        for path in chain:
            certs.extend(read_certificates(path))
        if not certs:
            raise ValueError(f"no certificate in {files.cert}")
        public = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        if public != certs[0].public_key.dump():
            raise ValueError(f"the key {files.key} is not the key of the certificate {files.cert}")
        signer = signers.SimpleSigner(
            signing_cert=certs[0],
            signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=SimpleCertificateStore.from_certs(certs[1:]),
        )
        reserve = 2 * (sum(len(cert.dump()) for cert in certs) + 4096)
        return cls(signer, certs[0], development=files.development, reserve=reserve)


@dataclass(frozen=True)
class SignatureCheck:
    """What :func:`check` found; ``problems`` are codes of :data:`PROBLEMS`."""

    signed: bool = False
    intact: bool = False
    trusted: bool = False
    signer: str | None = None
    signed_at: datetime | None = None
    reason: str | None = None
    development: bool = False  # the reason says a development key made it
    problems: tuple[str, ...] = field(default=())

    @property
    def valid(self) -> bool:
        """Signed, unchanged, by a trusted certificate, nothing added since."""
        return self.signed and self.intact and self.trusted and not self.problems

    def problem_texts(self) -> list[str]:
        return [PROBLEMS[code] for code in self.problems]


def _no_traceback(record: logging.LogRecord) -> bool:
    """pyHanko logs an untrusted certificate with a traceback: :func:`check` reports it."""
    record.exc_info = None
    return True


logging.getLogger("pyhanko.sign.validation.generic_cms").addFilter(_no_traceback)


# -- key files -----------------------------------------------------------------------------
def read_certificates(path: str | Path) -> list[asn1_x509.Certificate]:
    """Every certificate in a PEM (or DER) file, in order."""
    data = Path(path).read_bytes()
    if not pem.detect(data):
        return [asn1_x509.Certificate.load(data)]
    return [
        asn1_x509.Certificate.load(der)
        for kind, _, der in pem.unarmor(data, multiple=True)
        if kind == "CERTIFICATE"
    ]


def _write_new(path: Path, data: bytes, mode: int) -> bool:
    """Write ``path`` only if it does not exist, all at once; False when it already did."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(tmp, path)  # fails when another process got there first
        except FileExistsError:
            return False
        return True
    finally:
        os.unlink(tmp)


def development_key(signing_dir: str | Path) -> KeyFiles:
    """The development key, made once: EC P-256, self-signed, valid ten years."""
    path = Path(signing_dir) / DEV_FILE
    if not path.exists():
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, DEV_SUBJECT),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "EvalCenter (development)"),
            ]
        )
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_new(path, key_pem + cert.public_bytes(serialization.Encoding.PEM), 0o600)
    return KeyFiles(key=str(path), cert=str(path), development=True)


def archive_certificate(signing_dir: str | Path, cert: asn1_x509.Certificate) -> Path:
    """Keep a configured certificate so files it signed stay verifiable after a rotation."""
    der = cert.dump()
    path = Path(signing_dir) / ARCHIVE / f"{hashlib.sha256(der).hexdigest()}.pem"
    if not path.exists():
        _write_new(path, pem.armor("CERTIFICATE", der), 0o644)
    return path


def key_files(config: Mapping[str, Any]) -> KeyFiles:
    """The key to sign with under ``config`` (SIGNING_KEY/CERT/KEY_PASSWORD, SIGNING_DIR,
    EVALCENTER_ENV): the configured one, else the development key; never the development key
    in production (``document_no_signing_key``)."""
    key, cert = config.get("SIGNING_KEY") or "", config.get("SIGNING_CERT") or ""
    if key and cert:
        return KeyFiles(key=key, cert=cert, password=config.get("SIGNING_KEY_PASSWORD") or "")
    if config.get("EVALCENTER_ENV") == "production":
        raise ServiceError("document_no_signing_key")
    return development_key(config["SIGNING_DIR"])


def load_key(config: Mapping[str, Any]) -> SigningKey:
    """Load the key for ``config``; a configured certificate is archived for later checks."""
    key = SigningKey.load(key_files(config))
    if not key.development:
        archive_certificate(config["SIGNING_DIR"], key.certificate)
    return key


def trusted_certificates(config: Mapping[str, Any]) -> list[asn1_x509.Certificate]:
    """The signing certificates this installation vouches for: the configured one, every one
    archived after signing, and the development certificate outside production.

    Only signing certificates themselves are trusted, never the CA that issued them: a public
    CA issues certificates to anyone."""
    signing_dir = Path(config["SIGNING_DIR"])
    found = [read_certificates(config["SIGNING_CERT"])[0]] if config.get("SIGNING_CERT") else []
    found.extend(
        read_certificates(path)[0] for path in sorted((signing_dir / ARCHIVE).glob("*.pem"))
    )
    dev = signing_dir / DEV_FILE
    if config.get("EVALCENTER_ENV") != "production" and dev.exists():
        found.append(read_certificates(dev)[0])
    unique = {cert.sha256: cert for cert in found}
    return list(unique.values())


def _valid_at(cert: asn1_x509.Certificate, moment: datetime) -> bool:
    """A pinned certificate is its own trust anchor, whose dates the path validation skips."""
    return cert.not_valid_before <= moment <= cert.not_valid_after


# -- signing and checking ------------------------------------------------------------------
def sign(pdf: bytes, key: SigningKey, reason: str | None = None) -> bytes:
    """Sign ``pdf``: PAdES baseline B (ETSI.CAdES.detached, SHA-256), one invisible signature.

    A development key's signatures always state that they are development signatures."""
    reason = reason or key.reason
    if key.development and DEV_REASON not in reason:
        reason = f"{DEV_REASON}; {reason}"
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=LOCATION,
    )
    try:
        return _signed(pdf, meta, key, key.reserve)
    except SigningError:  # the signature outgrew the reserve: let pyHanko measure it
        return _signed(pdf, meta, key, None)


def _signed(
    pdf: bytes, meta: signers.PdfSignatureMetadata, key: SigningKey, reserve: int | None
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = io.BytesIO()
    signing = signers.async_sign_pdf(
        writer, meta, signer=key.signer, output=out, bytes_reserved=reserve
    )
    _run(signing)
    return out.getvalue()


def _run(coroutine: Any) -> Any:
    """Run one of pyHanko's coroutines to its end: in this thread, or in a thread of its own
    when this thread's event loop is running (a caller inside an async framework, or a browser
    test's Playwright), where ``asyncio.run`` is refused."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _common_name(cert: asn1_x509.Certificate) -> str:
    names = cert.subject.native
    return names.get("common_name") or cert.subject.human_friendly


def check(pdf: bytes, trust_certs: Iterable[asn1_x509.Certificate]) -> SignatureCheck:
    """Check the file's (last) signature against ``trust_certs``; never raises: anything that
    cannot be read is reported in ``problems``."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any damage to the file is a finding, not a crash
        return SignatureCheck(problems=("not_pdf",))
    if not signatures:
        # a signature dictionary pyHanko cannot reach (say, the file was cut short)
        if b"/ByteRange" in pdf:
            return SignatureCheck(signed=True, problems=("unreadable_signature",))
        return SignatureCheck(problems=("unsigned",))
    embedded = signatures[-1]
    try:
        signed_at = embedded.self_reported_timestamp
        reason = embedded.sig_object.get("/Reason")
        reason = str(reason) if reason is not None else None
    except Exception:  # noqa: BLE001
        return SignatureCheck(signed=True, problems=("unreadable_signature",))
    context = ValidationContext(
        trust_roots=list(trust_certs),
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=signed_at,
    )
    try:
        status = _run(async_validate_pdf_signature(embedded, context, key_usage_settings=KEY_USAGE))
    except Exception:  # noqa: BLE001 - a damaged signature or signed range
        return SignatureCheck(
            signed=True, signed_at=signed_at, reason=reason, problems=("unreadable_signature",)
        )
    intact = bool(status.intact and status.valid)
    in_time = _valid_at(status.signing_cert, signed_at or datetime.now(UTC))
    trusted = intact and bool(status.trusted) and in_time
    problems = []
    if not intact:
        problems.append("tampered")
    elif not status.trusted:
        problems.append("untrusted")
    elif not in_time:
        problems.append("certificate_not_valid")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("changed_after_signing")
    return SignatureCheck(
        signed=True,
        intact=intact,
        trusted=trusted,
        signer=_common_name(status.signing_cert),
        signed_at=signed_at,
        reason=reason,
        development=bool(reason and DEV_REASON in reason),
        problems=tuple(problems),
    )


def sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()
