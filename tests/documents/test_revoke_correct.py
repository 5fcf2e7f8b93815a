"""Revoking and correcting certificates through the administrators' pages (fields taken from
the rendered forms); each change is audited and shown on the public verification page."""

from __future__ import annotations

import re

from sqlalchemy import select

from evalcenter.core.models import AuditEvent
from evalcenter.documents.models import Certificate
from evalcenter.extensions import db
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.documents.helpers import finished_round
from tests.documents.test_issuance import _issue


def _issued(app, people):
    _rnd, (recognised, _other) = finished_round(people.admin)
    admin = client_for(app, people.admin)
    admin.get("/lang/en")
    assert _issue(admin, recognised.id).status_code == 302
    return admin, db.session.scalars(select(Certificate)).one()


def _post_form(client, url, **values):
    fields = form_fields(client.get(url).get_data(as_text=True), url)
    data = {name: (vals[0] if vals else "") for name, vals in fields.items()}
    return client.post(url, data={**data, **values})


def test_revoke_needs_a_reason_and_shows_on_the_verification_page(app, people):
    admin, cert = _issued(app, people)
    url = f"/admin/certificates/{cert.id}/revoke"
    refused = _post_form(admin, url)
    assert refused.status_code == 422
    assert "Give the reason" in refused.get_data(as_text=True)
    db.session.refresh(cert)
    assert cert.status == "valid"
    done = _post_form(admin, url, reason="企业发生重大安全事故，撤销认定。")
    assert done.status_code == 302
    db.session.refresh(cert)
    assert cert.status == "revoked" and cert.revoked_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "certificate.revoke"))
    assert event.object_id == str(cert.id)
    page = client_for(app, None).get(f"/verify/{cert.token}").get_data(as_text=True)
    assert 'data-state="revoked"' in page and "撤销认定" in page
    assert admin.get(url).status_code == 404  # nothing left to revoke


def test_correction_reissues_under_a_new_serial_and_supersedes(app, people):
    admin, cert = _issued(app, people)
    url = f"/admin/certificates/{cert.id}/correct"
    refused = _post_form(admin, url, reason="")
    assert refused.status_code == 422
    name = "北京犇燊堃喆科技股份有限公司"
    done = _post_form(
        admin, url, company_name=name, centre_name=f"{name}技术中心", reason="企业更名。"
    )
    assert done.status_code == 302
    db.session.expire_all()
    old, new = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
    assert (old.status, old.superseded_by_id) == ("superseded", new.id)
    assert (new.status, new.edition, new.number, new.company_name) == ("valid", 2, 2, name)
    assert new.serial != old.serial and new.sha256 != old.sha256
    page = client_for(app, None).get(f"/verify/{old.token}").get_data(as_text=True)
    assert 'data-state="superseded"' in page
    assert re.search(rf'href="/verify/{re.escape(new.token)}"', page)
