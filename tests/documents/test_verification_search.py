"""Finding a certificate by serial number and exact company name, rate-limited per client."""

from __future__ import annotations

from evalcenter.extensions import db
from tests.applications.helpers import form_fields
from tests.conftest import client_for
from tests.decisions.helpers import english
from tests.documents.factories import CertificateFactory

NO_MATCH = "No certificate matches this serial number and company name together."


def _search(client, serial: str, name: str, environ_base: dict | None = None):
    environ_base = environ_base or {}
    html = client.get("/verify", environ_base=environ_base).get_data(as_text=True)
    fields = {k: v[0] for k, v in form_fields(html, "/verify").items()}
    data = {**fields, "serial": serial, "company_name": name}
    return client.post("/verify", data=data, environ_base=environ_base)


def _certificate():
    cert = CertificateFactory(company_name="北京犇燊科技有限公司（北京）")
    db.session.commit()
    return cert


def test_a_match_opens_the_verification_page(app):
    cert = _certificate()
    client = english(app)
    response = _search(client, cert.serial, "北京犇燊科技有限公司（北京）")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/verify/{cert.token}"
    # the serial as typed: surrounding spaces and lower case do not matter
    response = _search(client, f"  {cert.serial.lower()} ", " 北京犇燊科技有限公司（北京） ")
    assert response.headers["Location"] == f"/verify/{cert.token}"


def test_a_match_needs_both(app):
    cert = _certificate()
    other = CertificateFactory()
    db.session.commit()
    client = english(app)
    for serial, name in (
        (cert.serial, "北京犇燊科技有限公司(北京)"),  # other brackets: not the exact name
        (cert.serial, "北京犇燊科技有限公司"),
        (cert.serial, other.company_name),  # a real name, of another certificate
        (other.serial, cert.company_name),
        ("BJ-ETC-2025-9999", cert.company_name),
    ):
        response = _search(client, serial, name)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, (serial, name)
        assert NO_MATCH in html and cert.token not in html and other.token not in html


def test_both_fields_are_required(app):
    client = english(app)
    response = _search(client, "", "")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the serial number printed on the certificate." in html
    assert "Enter the company&#39;s name as printed on the certificate." in html
    assert NO_MATCH not in html


def test_the_search_is_rate_limited_per_client(app):
    cert = _certificate()
    client = english(app)
    for _ in range(10):
        assert _search(client, "BJ-ETC-2025-9999", "某公司").status_code == 200
    response = _search(client, cert.serial, cert.company_name)
    html = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many attempts" in html and "Wait a minute and try again" in html
    assert "QR code or link opens its page without any search" in html
    assert cert.token not in html
    assert "Retry-After" in response.headers
    # another client is not held up
    response = _search(client, cert.serial, cert.company_name, {"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 302
    # in Chinese too
    chinese = client_for(app, None)
    for _ in range(10):
        _search(chinese, "BJ-ETC-2025-9999", "某公司", {"REMOTE_ADDR": "10.9.8.6"})
    html = _search(chinese, "x", "y", {"REMOTE_ADDR": "10.9.8.6"}).get_data(as_text=True)
    assert 'lang="zh-CN"' in html and "尝试次数过多" in html and "请求过于频繁" in html


def test_the_search_page_is_public_and_needs_its_csrf_token(app, people):
    cert = _certificate()
    for user in (None, people.applicant, people.admin):
        assert client_for(app, user).get("/verify").status_code == 200
    client = english(app)
    client.get("/verify")
    response = client.post(
        "/verify", data={"serial": cert.serial, "company_name": cert.company_name}
    )
    assert response.status_code == 400
    assert "The form has expired or was sent from another site" in response.get_data(as_text=True)


def test_the_footer_links_to_the_search(app):
    html = english(app).get("/login").get_data(as_text=True)
    footer = html.split("<footer", 1)[1]
    assert 'href="/verify"' in footer and "Verify a certificate" in footer
