"""Issuing a certificate through the administrators' pages: serials per round, one per
application, the signed PDF stored with its sha256, the application certified."""

from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader

from evalcenter.documents import storage
from evalcenter.documents.models import Certificate
from evalcenter.extensions import db
from tests.conftest import client_for, csrf_token
from tests.documents.helpers import finished_round


def _issue(client, app_id):
    url = f"/admin/applications/{app_id}/certificate/issue"
    return client.post(url, data={"csrf_token": csrf_token(client, url)})


def test_issue_one_certificate_and_again(app, people):
    rnd, (recognised, rejected) = finished_round(people.admin)
    admin = client_for(app, people.admin)
    response = _issue(admin, recognised.id)
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    cert = db.session.query(Certificate).one()
    assert cert.serial == f"BJ-ETC-{rnd.year}-0001"
    assert recognised.status == "certified"
    with app.test_request_context():
        pdf = storage.path(cert.file_name).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == cert.sha256
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert recognised.organisation.name in text
    assert cert.serial in text
    again = _issue(admin, recognised.id)
    assert again.status_code in (302, 404)
    assert db.session.query(Certificate).count() == 1
    refused = admin.get(f"/admin/applications/{rejected.id}/certificate/issue")
    assert refused.status_code == 404


def test_verify_command_names_the_issued_certificate(app, people, tmp_path):
    from evalcenter.documents.cli import documents_group

    _rnd, (recognised, _other) = finished_round(people.admin)
    admin = client_for(app, people.admin)
    assert _issue(admin, recognised.id).status_code == 302
    cert = db.session.query(Certificate).one()
    with app.test_request_context():
        pdf = storage.path(cert.file_name).read_bytes()
    issued = tmp_path / "certificate.pdf"
    issued.write_bytes(pdf)
    runner = app.test_cli_runner()
    result = runner.invoke(documents_group, ["verify", str(issued)])
    assert result.exit_code == 0, result.output
    assert f"issued:  certificate {cert.serial} of {cert.company_name}" in result.output
    changed = bytearray(pdf)
    changed[len(pdf) // 3] ^= 0x01
    issued.write_bytes(bytes(changed))
    result = runner.invoke(documents_group, ["verify", str(issued)])
    assert result.exit_code == 1
    assert "issued:" not in result.output
