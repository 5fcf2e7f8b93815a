"""From an issued certificate to its verification: the QR code printed on the signed PDF opens
the page, the stored file checks as the issued one, and a revocation shows at once."""

from __future__ import annotations

import subprocess

import zxingcpp
from PIL import Image

from evalcenter.documents import certificates, storage
from evalcenter.documents.models import Certificate
from evalcenter.extensions import db
from tests.decisions.helpers import english
from tests.documents.helpers import finished_round
from tests.documents.verification_helpers import check_file


def _qr_target(pdf: bytes, tmp_path) -> str:
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", "c.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    with Image.open(tmp_path / "page.png") as page:
        codes = zxingcpp.read_barcodes(page)
    assert len(codes) == 1
    return codes[0].text


def test_an_issued_certificate_verifies_by_its_qr_code_and_file(app, people, tmp_path):
    _rnd, (recognised, _rejected) = finished_round(people.admin)
    cert = certificates.issue(people.admin, recognised)
    db.session.commit()
    with app.test_request_context():
        pdf = storage.path(cert.file_name).read_bytes()
    target = _qr_target(pdf, tmp_path)
    assert target.endswith(f"/verify/{cert.token}")
    client = english(app)
    html = client.get(f"/verify/{cert.token}").get_data(as_text=True)
    assert 'data-state="valid"' in html and cert.serial in html and cert.sha256 in html
    assert recognised.organisation.name in html

    html = check_file(client, cert.token, pdf).get_data(as_text=True)
    assert 'data-issued="yes" data-signature="valid"' in html
    assert f"This is the certificate file issued on {cert.issued_on.isoformat()}." in html

    certificates.revoke(people.admin, db.session.get(Certificate, cert.id), "企业已注销")
    db.session.commit()
    html = client.get(f"/verify/{cert.token}").get_data(as_text=True)
    assert 'data-state="revoked"' in html and "企业已注销" in html
