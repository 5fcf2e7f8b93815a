"""Signing keys and PDFs for the signing tests: a small CA issuing a document-signing
certificate, written as the PEM files the platform is configured with, and a real WeasyPrint PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SAMPLE_HTML = """<!doctype html><html lang="zh"><meta charset="utf-8">
<style>@page { size: A4; margin: 2cm } body { font-family: 'Noto Serif CJK SC', serif }</style>
<h1>北京市高精尖产业优秀企业技术中心</h1>
<p>北京犇燊堃喆科技有限公司技术中心 — Beijing test technology centre</p>
<p>证书编号 BJ-ETC-2025-0001</p>"""


def sample_pdf(html: str = SAMPLE_HTML) -> bytes:
    """A real WeasyPrint PDF with Chinese text."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "EvalCenter test"),
        ]
    )


def _usage(*, sign_certs: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not sign_certs,
        content_commitment=not sign_certs,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=sign_certs,
        crl_sign=sign_certs,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass(frozen=True)
class IssuedKey:
    key: Path  # PEM private key
    cert: Path  # PEM: the signing certificate, then the CA's
    ca_cert: Path
    ca_key: Path


def _write(directory: Path, key, cert, ca_key, ca_cert, password: str) -> IssuedKey:
    pem = serialization.Encoding.PEM
    pkcs8 = serialization.PrivateFormat.PKCS8
    encryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    files = IssuedKey(
        *(directory / name for name in ("key.pem", "cert.pem", "ca.pem", "ca-key.pem"))
    )
    files.key.write_bytes(key.private_bytes(pem, pkcs8, encryption))
    files.cert.write_bytes(cert.public_bytes(pem) + ca_cert.public_bytes(pem))
    files.ca_cert.write_bytes(ca_cert.public_bytes(pem))
    files.ca_key.write_bytes(ca_key.private_bytes(pem, pkcs8, serialization.NoEncryption()))
    return files


def _leaf(ca_key, ca_cert, name: str, not_before: datetime, not_after: datetime):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign_certs=False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def issue_key(
    directory: Path,
    name: str = "北京市经济和信息化局 test signing",
    *,
    password: str = "",
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> IssuedKey:
    """A CA and an EC P-256 document-signing certificate it issued, written to ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    not_before = not_before or now - timedelta(days=1)
    not_after = not_after or now + timedelta(days=365)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{name} CA")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before - timedelta(days=1))
        .not_valid_after(not_after + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(sign_certs=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key, cert = _leaf(ca_key, ca_cert, name, not_before, not_after)
    return _write(directory, key, cert, ca_key, ca_cert, password)


def issue_sibling(issued: IssuedKey, directory: Path, name: str) -> IssuedKey:
    """Another signing certificate from the same CA (someone else's, say)."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key = serialization.load_pem_private_key(issued.ca_key.read_bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate(issued.ca_cert.read_bytes())
    now = datetime.now(UTC)
    key, cert = _leaf(ca_key, ca_cert, name, now - timedelta(days=1), now + timedelta(days=30))
    return _write(directory, key, cert, ca_key, ca_cert, "")


def configured(signing_dir: Path, issued: IssuedKey | None = None, **extra) -> dict:
    """The part of the app's config the signing module reads."""
    config = {
        "EVALCENTER_ENV": "testing",
        "SIGNING_DIR": str(signing_dir),
        "SIGNING_KEY": str(issued.key) if issued else "",
        "SIGNING_CERT": str(issued.cert) if issued else "",
        "SIGNING_KEY_PASSWORD": "",
    }
    config.update(extra)
    return config
