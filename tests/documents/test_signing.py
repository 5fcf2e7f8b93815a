"""PAdES signing and signature checks on real WeasyPrint PDFs."""

from __future__ import annotations

import dataclasses
import io
import os
import random
import re
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from flask_babel import force_locale
from pypdf import PdfReader

from evalcenter.config import ConfigError, build_config
from evalcenter.core import messages
from evalcenter.core.errors import ServiceError
from evalcenter.documents import signing
from tests.documents.keys import configured, issue_key, issue_sibling, sample_pdf

BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return sample_pdf()


@pytest.fixture()
def dev_config(tmp_path) -> dict:
    return configured(tmp_path / "signing")


@pytest.fixture()
def dev_signed(pdf, dev_config) -> bytes:
    return signing.sign(pdf, signing.load_key(dev_config))


def test_development_key_signs_a_verifiable_pades_signature(pdf, dev_config):
    key = signing.load_key(dev_config)
    assert key.development and key.reason == signing.DEV_REASON
    before = datetime.now(UTC).replace(microsecond=0)
    signed = signing.sign(pdf, key)
    assert signed.startswith(pdf)  # an incremental update: the rendered file is kept as is

    found = signing.check(signed, signing.trusted_certificates(dev_config))
    assert found.valid and found.signed and found.intact and found.trusted
    assert found.problems == ()
    assert found.signer == signing.DEV_SUBJECT
    assert found.development
    assert found.reason == (
        "开发测试密钥签名，不具法律效力 / Signed with a development key: not valid for official use"
    )
    assert before <= found.signed_at <= datetime.now(UTC) + timedelta(seconds=1)

    # the dictionary other readers see: PAdES subfilter, development reason
    sig = PdfReader(io.BytesIO(signed)).get_fields()[signing.FIELD_NAME]["/V"]
    assert sig["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig["/Reason"] == signing.DEV_REASON
    assert "不具法律效力" in sig["/Reason"]
    # the rendered text is untouched
    assert "犇燊堃喆" in PdfReader(io.BytesIO(signed)).pages[0].extract_text()


def test_development_key_is_made_once_private_and_reused(dev_config):
    first = signing.development_key(dev_config["SIGNING_DIR"])
    content = Path(first.key).read_bytes()
    assert stat.S_IMODE(os.stat(first.key).st_mode) == 0o600
    again = signing.development_key(dev_config["SIGNING_DIR"])
    assert again == first and Path(again.key).read_bytes() == content
    (cert,) = signing.read_certificates(first.cert)
    assert cert.subject.native["common_name"] == signing.DEV_SUBJECT
    assert os.listdir(dev_config["SIGNING_DIR"]) == [signing.DEV_FILE]  # no temporary left


def test_a_development_signature_always_says_so(pdf, dev_config):
    signed = signing.sign(pdf, signing.load_key(dev_config), reason="年度评价证书")
    found = signing.check(signed, signing.trusted_certificates(dev_config))
    assert found.valid and found.development
    assert found.reason.startswith(signing.DEV_REASON) and found.reason.endswith("年度评价证书")


def test_a_signature_larger_than_its_reserve_is_still_made(pdf, dev_config):
    key = dataclasses.replace(signing.load_key(dev_config), reserve=64)  # far too small
    signed = signing.sign(pdf, key)
    assert signing.check(signed, signing.trusted_certificates(dev_config)).valid


def test_flipping_any_byte_of_the_signed_range_breaks_the_signature(dev_signed, dev_config):
    trust = signing.trusted_certificates(dev_config)
    start1, len1, start2, len2 = map(int, BYTE_RANGE.findall(dev_signed)[-1])
    assert start1 == 0 and start2 + len2 == len(dev_signed)
    covered = [*range(start1, start1 + len1), *range(start2, start2 + len2)]
    edges = [0, len1 - 1, start2, start2 + len2 - 1]  # both ends of both parts
    positions = edges + random.Random(10).sample(covered, 250)
    for position in positions:
        tampered = bytearray(dev_signed)
        tampered[position] ^= 0xFF
        found = signing.check(bytes(tampered), trust)
        assert not found.intact and not found.valid, position
        assert found.problems, position
    # and a byte of the signature value itself (outside the signed range)
    contents = bytearray(dev_signed)
    contents[len1 + 200] = ord("0") if contents[len1 + 200] != ord("0") else ord("1")
    assert not signing.check(bytes(contents), trust).valid


def test_garbage_is_reported_never_raised(pdf, dev_signed, dev_config):
    trust = signing.trusted_certificates(dev_config)
    rng = random.Random(7)
    inputs = [
        b"",
        b"hello",
        b"%PDF-1.7\n",
        b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(4000)),
        bytes(rng.randrange(256) for _ in range(5000)),
        dev_signed[:-1],
        dev_signed[: len(dev_signed) // 3],
        dev_signed[: len(dev_signed) * 2 // 3],
        dev_signed[: len(dev_signed) - 400],
        dev_signed[len(dev_signed) // 2 :],
        dev_signed.replace(b"/ByteRange", b"/ByteRangX"),
        dev_signed.replace(b"/Contents <", b"/Contents (", 1),
    ]
    for data in inputs:
        found = signing.check(data, trust)
        assert isinstance(found, signing.SignatureCheck)
        assert not found.valid and found.problems
    assert signing.check(b"hello", trust).problems == ("not_pdf",)
    unsigned = signing.check(pdf, trust)
    assert not unsigned.signed and unsigned.problems == ("unsigned",)


def test_content_added_after_signing_is_reported(dev_signed, dev_config):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(dev_signed))
    writer.root["/Lang"] = generic.pdf_string("en")  # a later revision changes the catalogue
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    found = signing.check(out.getvalue(), signing.trusted_certificates(dev_config))
    assert found.intact  # the signed revision itself is unchanged ...
    assert not found.valid and "changed_after_signing" in found.problems  # ... but not the file


def test_a_key_that_is_not_trusted_is_reported(pdf, tmp_path, dev_config):
    stranger = configured(tmp_path / "elsewhere")  # another installation's development key
    signed = signing.sign(pdf, signing.load_key(stranger))
    found = signing.check(signed, signing.trusted_certificates(dev_config))
    assert found.signed and found.intact and not found.trusted and not found.valid
    assert found.problems == ("untrusted",)
    assert signing.check(signed, []).problems == ("untrusted",)


def test_only_the_signing_certificate_is_trusted_not_its_ca(pdf, tmp_path):
    office = issue_key(tmp_path / "office")
    config = configured(tmp_path / "signing", office)
    other = issue_sibling(office, tmp_path / "other", "另一家企业 (same CA)")
    signed = signing.sign(pdf, signing.load_key(configured(tmp_path / "x", other)))
    found = signing.check(signed, signing.trusted_certificates(config))
    assert found.intact and found.signer == "另一家企业 (same CA)"
    assert not found.trusted and found.problems == ("untrusted",)


def test_configured_key_signs_officially_and_stays_trusted_after_rotation(pdf, tmp_path):
    old = issue_key(tmp_path / "old", password="s3cret-pass")
    config = configured(tmp_path / "signing", old, SIGNING_KEY_PASSWORD="s3cret-pass")
    key = signing.load_key(config)
    assert not key.development and key.reason == signing.OFFICIAL_REASON
    signed = signing.sign(pdf, key)
    found = signing.check(signed, signing.trusted_certificates(config))
    assert found.valid and not found.development
    assert found.reason == "北京市高精尖产业优秀企业技术中心评价 / issued by the programme office"
    assert found.signer == "北京市经济和信息化局 test signing"

    # the key is rotated: the old file still verifies, a file from the new key too
    rotated = configured(tmp_path / "signing", issue_key(tmp_path / "new", "rotated signing"))
    newer = signing.sign(pdf, signing.load_key(rotated))
    trust = signing.trusted_certificates(rotated)
    assert signing.check(signed, trust).valid and signing.check(newer, trust).valid
    # a configured installation never made a development key
    assert not (tmp_path / "signing" / signing.DEV_FILE).exists()


def test_a_key_that_does_not_match_its_certificate_is_refused(tmp_path):
    one, other = issue_key(tmp_path / "one"), issue_key(tmp_path / "other")
    config = configured(tmp_path / "signing", one, SIGNING_KEY=str(other.key))
    with pytest.raises(ValueError, match="is not the key of the certificate"):
        signing.load_key(config)


def test_production_trusts_no_development_key_and_refuses_to_sign_without_one(app, pdf, tmp_path):
    dev = configured(tmp_path / "signing")
    dev_signed = signing.sign(pdf, signing.load_key(dev))
    production = {**dev, "EVALCENTER_ENV": "production"}
    with pytest.raises(ServiceError) as raised:
        signing.load_key(production)
    assert raised.value.code == "document_no_signing_key"
    with force_locale("en"):
        assert "no signing key is configured" in messages.text(raised.value)
    found = signing.check(dev_signed, signing.trusted_certificates(production))
    assert found.intact and not found.trusted


def test_signatures_are_checked_at_their_signing_time(pdf, tmp_path):
    """A certificate that expired since still vouches for what it signed while valid; one that
    was not valid when the file was signed does not."""
    issued = issue_key(
        tmp_path / "2024",
        not_before=datetime(2024, 1, 1, tzinfo=UTC),
        not_after=datetime(2024, 12, 31, tzinfo=UTC),
    )
    config = configured(tmp_path / "signing", issued)
    with time_machine.travel(datetime(2024, 6, 1, 9, tzinfo=UTC), tick=False):
        in_time = signing.sign(pdf, signing.load_key(config))
    late = signing.sign(pdf, signing.load_key(config))  # now: after the certificate expired
    trust = signing.trusted_certificates(config)
    found = signing.check(in_time, trust)
    assert found.valid and found.signed_at == datetime(2024, 6, 1, 9, tzinfo=UTC)
    assert signing.check(late, trust).problems == ("certificate_not_valid",)


def test_signing_key_and_certificate_are_configured_together(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALCENTER_SIGNING_KEY", "/etc/evalcenter/key.pem")
    monkeypatch.delenv("EVALCENTER_SIGNING_CERT", raising=False)
    with pytest.raises(ConfigError, match="EVALCENTER_SIGNING_CERT"):
        build_config(str(tmp_path), {"ENV": "testing"})
    monkeypatch.setenv("EVALCENTER_SIGNING_CERT", "/etc/evalcenter/cert.pem")
    config = build_config(str(tmp_path), {"ENV": "testing"})
    assert config["SIGNING_KEY"] == "/etc/evalcenter/key.pem"
    assert config["SIGNING_DIR"] == str(tmp_path / "signing")
