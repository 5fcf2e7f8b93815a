"""`evalcenter documents verify FILE.pdf`: what it prints and its exit status."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evalcenter.documents import cli as documents_cli
from evalcenter.documents import signing
from tests.documents.keys import configured, issue_key, sample_pdf


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return sample_pdf()


@pytest.fixture()
def signing_dir(app, tmp_path, monkeypatch) -> Path:
    """The app signs with a development key of this test's own."""
    path = tmp_path / "signing"
    monkeypatch.setitem(app.config, "SIGNING_DIR", str(path))
    return path


def verify(app, path: Path):
    return app.test_cli_runner().invoke(args=["documents", "verify", str(path)])


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_valid_signature_exits_0_and_says_who_signed_when(app, pdf, tmp_path, signing_dir):
    signed = signing.sign(pdf, signing.load_key(app.config))
    result = verify(app, write(tmp_path, "certificate.pdf", signed))
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"sha256:  {hashlib.sha256(signed).hexdigest()}" in out
    assert f"signed:  by {signing.DEV_SUBJECT} on " in out and "Beijing time" in out
    assert "intact:  yes" in out and "trusted: yes" in out
    assert "not valid for official use" in out  # the development key says so
    assert "VALID: the signature is intact" in out
    assert "issued:" not in out  # the lookup knows no file yet


def test_the_issued_document_is_named_when_the_lookup_knows_the_file(
    app, pdf, tmp_path, signing_dir, monkeypatch
):
    signed = signing.sign(pdf, signing.load_key(app.config))
    digest = hashlib.sha256(signed).hexdigest()
    known = {digest: "certificate BJ-ETC-2025-0001 (北京犇燊堃喆科技有限公司)"}
    monkeypatch.setattr(documents_cli, "issued_lookup", known.get)
    result = verify(app, write(tmp_path, "certificate.pdf", signed))
    assert result.exit_code == 0
    assert "issued:  certificate BJ-ETC-2025-0001 (北京犇燊堃喆科技有限公司)" in result.output


def test_a_changed_file_exits_1(app, pdf, tmp_path, signing_dir):
    signed = bytearray(signing.sign(pdf, signing.load_key(app.config)))
    signed[len(pdf) // 2] ^= 0x20
    result = verify(app, write(tmp_path, "changed.pdf", bytes(signed)))
    assert result.exit_code == 1
    assert "intact:  no" in result.output and "trusted: no" in result.output
    assert "problem: The signed content was changed after signing" in result.output
    assert "NOT VALID" in result.output


def test_unsigned_garbage_and_untrusted_files_exit_1(app, pdf, tmp_path, signing_dir):
    stranger = signing.load_key(configured(tmp_path / "stranger"))
    cases = {
        "unsigned.pdf": (pdf, "signed:  no", "The file carries no signature."),
        "notes.pdf": (b"not a pdf at all", "signed:  no", "not a readable PDF"),
        "other.pdf": (signing.sign(pdf, stranger), "trusted: no", "not one of the trusted"),
    }
    for name, (data, line, problem) in cases.items():
        result = verify(app, write(tmp_path, name, data))
        assert result.exit_code == 1, name
        assert line in result.output and problem in result.output, name
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_missing_file_is_a_usage_error(app, tmp_path, signing_dir):
    result = verify(app, tmp_path / "nothing.pdf")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_the_installed_command_trusts_the_configured_certificate(pdf, tmp_path):
    """The real `evalcenter` command, configured by the environment, on an empty database."""
    issued = issue_key(tmp_path / "office")
    key = signing.SigningKey.load(signing.KeyFiles(str(issued.key), str(issued.cert)))
    signed = signing.sign(pdf, key)
    good = write(tmp_path, "good.pdf", signed)
    middle = len(pdf) // 2
    changed = signed[:middle] + bytes([signed[middle] ^ 0x20]) + signed[middle + 1 :]
    bad = write(tmp_path, "bad.pdf", changed)
    env = {
        **os.environ,
        "EVALCENTER_ENV": "development",
        "EVALCENTER_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "EVALCENTER_SIGNING_KEY": str(issued.key),
        "EVALCENTER_SIGNING_CERT": str(issued.cert),
    }
    command = [str(Path(sys.executable).with_name("evalcenter")), "documents", "verify"]
    ok = subprocess.run([*command, str(good)], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "signed:  by 北京市经济和信息化局 test signing on" in ok.stdout
    assert signing.OFFICIAL_REASON in ok.stdout
    # this database was never migrated: the lookup says so, the signature's verdict stands
    assert "issued:  not looked up: the database cannot be read" in ok.stdout
    not_ok = subprocess.run([*command, str(bad)], env=env, capture_output=True, text=True)
    assert not_ok.returncode == 1 and "intact:  no" in not_ok.stdout
    assert "Traceback" not in not_ok.stderr
