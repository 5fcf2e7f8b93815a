"""The verification page's file check: a real signed PDF compared with the issued one by
sha256 and by signature; never stored."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from evalcenter.core.models import AuditEvent
from evalcenter.documents import signing
from evalcenter.documents.models import CertificateStatus
from evalcenter.extensions import db
from tests.applications.helpers import form_fields
from tests.decisions.helpers import english
from tests.documents.factories import CertificateFactory
from tests.documents.verification_helpers import check_file

HTML = """<!doctype html><html><meta charset="utf-8"><title>Certificate</title>
<h1>Certificate BJ-ETC-2025-0001</h1><p>Beijing test technology centre</p>"""


def _config(signing_dir: Path) -> dict:
    return {"EVALCENTER_ENV": "testing", "SIGNING_DIR": str(signing_dir)}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """A small WeasyPrint PDF, signed with the platform's (development) key, with the same
    PDF signed by a key the platform never used."""
    from weasyprint import HTML as Html

    unsigned = Html(string=HTML).write_pdf()
    trusted_dir = tmp_path_factory.mktemp("signing")
    other_dir = tmp_path_factory.mktemp("other-signing")
    signed = signing.sign(unsigned, signing.load_key(_config(trusted_dir)))
    foreign = signing.sign(unsigned, signing.load_key(_config(other_dir)))
    return {"dir": trusted_dir, "unsigned": unsigned, "signed": signed, "foreign": foreign}


@pytest.fixture()
def issued(app, pdfs, monkeypatch):
    """A certificate whose issued file is the signed PDF; the app trusts its key."""
    monkeypatch.setitem(app.config, "SIGNING_DIR", str(pdfs["dir"]))
    cert = CertificateFactory(sha256=hashlib.sha256(pdfs["signed"]).hexdigest())
    db.session.commit()
    return cert


def _result(response) -> dict:
    html = response.get_data(as_text=True)
    block = html.split('data-testid="file-result"', 1)[1].split("<form", 1)[0]
    attr = lambda name: block.split(f'data-{name}="', 1)[1].split('"', 1)[0]  # noqa: E731
    return {"issued": attr("issued"), "signature": attr("signature"), "html": block}


def _files(directory: str) -> list[str]:
    return sorted(str(p) for p in Path(directory).rglob("*") if p.is_file())


def test_the_issued_file(app, pdfs, issued):
    stored_before = _files(app.config["UPLOAD_DIR"]), _files(app.config["DOCUMENTS_DIR"])
    response = check_file(english(app), issued.token, pdfs["signed"], "证书.pdf")
    assert response.status_code == 200
    result = _result(response)
    assert (result["issued"], result["signature"]) == ("yes", "valid")
    assert (
        f"This is the certificate file issued on {issued.issued_on.isoformat()}." in result["html"]
    )
    assert "EvalCenter development signing key" in result["html"]  # the signer
    assert "Signed with a development key" in result["html"]
    assert hashlib.sha256(pdfs["signed"]).hexdigest() in result["html"]
    # read into memory only: nothing stored, nothing recorded
    assert (_files(app.config["UPLOAD_DIR"]), _files(app.config["DOCUMENTS_DIR"])) == stored_before
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


@pytest.mark.parametrize(
    ("where", "signature", "says"),
    [
        ("header", "tampered", "the signed content was changed after signing"),
        ("page content", "tampered", "the signed content was changed after signing"),
        ("cross-reference", "unreadable", "signature cannot be read"),
    ],
)
def test_a_file_changed_by_one_byte(app, pdfs, issued, where, signature, says):
    changed = bytearray(pdfs["signed"])
    at = {"header": 20, "page content": len(pdfs["unsigned"]) // 2, "cross-reference": -20}
    changed[at[where]] ^= 0x01
    response = check_file(english(app), issued.token, bytes(changed))
    assert response.status_code == 200
    result = _result(response)
    assert (result["issued"], result["signature"]) == ("no", signature)
    assert "This file differs from the issued one." in result["html"]
    assert says in result["html"]


def test_an_unsigned_copy_and_a_foreign_signature(app, pdfs, issued):
    client = english(app)
    result = _result(check_file(client, issued.token, pdfs["unsigned"]))
    assert (result["issued"], result["signature"]) == ("no", "unsigned")
    assert "carries no electronic signature" in result["html"]
    result = _result(check_file(client, issued.token, pdfs["foreign"]))
    assert (result["issued"], result["signature"]) == ("no", "untrusted")
    assert "not one made with a key of the programme office" in result["html"]


def test_the_issued_file_of_a_revoked_certificate(app, pdfs, issued):
    issued.status, issued.reason = CertificateStatus.REVOKED, "撤销"
    db.session.commit()
    response = check_file(english(app), issued.token, pdfs["signed"])
    result = _result(response)
    assert (result["issued"], result["signature"]) == ("yes", "valid")
    assert "the certificate itself is not valid now" in result["html"]


def test_not_a_pdf(app, issued):
    client = english(app)
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(200) + b"IEND\xaeB`\x82"
    for body, name in ((png, "certificate.pdf"), (b"<html><p>%PDF-1.7</p></html>", "x.pdf")):
        response = check_file(client, issued.token, body, name)
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "This is not a PDF file" in html and 'data-testid="file-result"' not in html
    response = check_file(client, issued.token, b"")
    assert response.status_code == 422  # an empty upload is no file at all


def test_a_file_over_the_limit(app, pdfs, issued, monkeypatch):
    monkeypatch.setitem(app.config, "VERIFY_FILE_MAX_BYTES", 1024 * 1024)
    client = english(app)
    url = f"/verify/{issued.token}"
    fields = form_fields(client.get(url).get_data(as_text=True), url)
    big = pdfs["signed"] + b"\n%" + b"x" * (1024 * 1024)
    # encoded in memory: the test client would spool a large upload to an unclosed file
    boundary, body = encode_multipart(
        {**{k: v[0] for k, v in fields.items()}, "file": FileStorage(io.BytesIO(big), "c.pdf")}
    )
    response = client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 422
    assert "larger than 1 MB, far larger than any certificate" in response.get_data(as_text=True)


def test_a_file_on_an_unknown_link(app, pdfs, issued):
    response = check_file(english(app), "Q" * 43, pdfs["signed"])
    assert response.status_code == 200
    result = _result(response)
    assert (result["issued"], result["signature"]) == ("unknown", "valid")
    assert "the file cannot be compared with an issued one" in result["html"]


def test_the_file_form_needs_its_csrf_token(app, pdfs, issued):
    client = english(app)
    url = f"/verify/{issued.token}"
    client.get(url)
    data = {"file": (io.BytesIO(pdfs["signed"]), "c.pdf"), "submit": "1"}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "The form has expired or was sent from another site" in response.get_data(as_text=True)


def test_file_checks_are_rate_limited_per_client(app, issued):
    client = english(app)
    for _ in range(20):
        assert check_file(client, issued.token, b"not a pdf").status_code == 422
    response = check_file(client, issued.token, b"not a pdf")
    assert response.status_code == 429
    assert "checked files too often" in response.get_data(as_text=True)
    other = check_file(client, issued.token, b"not a pdf", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 422
