"""The public verification page of a certificate: each status, no login, and an unknown link
answered like a known one."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import event

from evalcenter.core.types import utcnow
from evalcenter.documents.models import CertificateStatus
from evalcenter.extensions import db
from tests.decisions.helpers import english
from tests.documents.factories import CertificateFactory
from tests.documents.verification_helpers import main_part, structure

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _page(client, token: str):
    response = client.get(f"/verify/{token}")
    return response, response.get_data(as_text=True)


def _state(html: str) -> str:
    return html.split('data-testid="verdict" data-state="', 1)[1].split('"', 1)[0]


def test_valid_certificate_without_login(app):
    cert = CertificateFactory(
        company_name="北京犇燊科技有限公司", industry_field="integrated_circuits", district="海淀区"
    )
    db.session.commit()
    client = english(app)
    response, html = _page(client, cert.token)
    assert response.status_code == 200
    assert _state(html) == "valid"
    assert "This certificate is valid" in html and ">Valid</span>" in html
    for shown in (
        "北京犇燊科技有限公司",
        cert.serial,
        "Integrated circuits",
        "Haidian District",
        cert.issued_on.isoformat(),
        cert.valid_until.isoformat(),
        cert.sha256,
    ):
        assert shown in html
    assert "integrated_circuits" not in html  # the field in words, not its code
    assert response.headers["X-Robots-Tag"].startswith("noindex")
    assert response.headers["Cache-Control"] == "no-store"


def test_field_in_chinese_by_default(app):
    cert = CertificateFactory(industry_field="integrated_circuits")
    db.session.commit()
    _, html = _page(app.test_client(), cert.token)
    assert "集成电路" in html and "海淀区" in html


def test_expired_after_valid_until_in_beijing(app):
    cert = CertificateFactory(issued_on=date(2025, 7, 1), valid_until=date(2028, 6, 30))
    db.session.commit()
    client = english(app)
    # 23:30 in Beijing on the last day: still valid
    with time_machine.travel(datetime(2028, 6, 30, 23, 30, tzinfo=SHANGHAI), tick=False):
        assert _state(_page(client, cert.token)[1]) == "valid"
    # 00:30 in Beijing on the next day, still 30 June in UTC: expired
    with time_machine.travel(datetime(2028, 7, 1, 0, 30, tzinfo=SHANGHAI), tick=False):
        client.get("/lang/en")  # the session of 2025 has expired by 2028
        response, html = _page(client, cert.token)
    assert response.status_code == 200 and _state(html) == "expired"
    assert "This certificate has expired" in html and "valid until 2028-06-30" in html


def test_past_valid_until_is_expired(app):
    cert = CertificateFactory(valid_until=date.today() - timedelta(days=2))
    db.session.commit()
    assert _state(_page(english(app), cert.token)[1]) == "expired"


def test_revoked_shows_date_and_reason(app):
    cert = CertificateFactory(
        status=CertificateStatus.REVOKED,
        revoked_at=datetime(2026, 3, 2, 17, 0, tzinfo=ZoneInfo("UTC")),  # 3 March in Beijing
        reason="申报材料中研发人员数据不实，经核查撤销认定。",
    )
    db.session.commit()
    response, html = _page(english(app), cert.token)
    assert response.status_code == 200 and _state(html) == "revoked"
    assert "This certificate has been revoked" in html
    assert "revoked this certificate on 2026-03-03" in html
    assert "申报材料中研发人员数据不实，经核查撤销认定。" in html


def test_revoked_stays_revoked_after_valid_until(app):
    cert = CertificateFactory(
        status=CertificateStatus.REVOKED,
        revoked_at=utcnow(),
        reason="撤销",
        valid_until=date.today() - timedelta(days=1),
    )
    db.session.commit()
    assert _state(_page(english(app), cert.token)[1]) == "revoked"


def test_superseded_links_to_the_new_certificate(app):
    old = CertificateFactory(company_name="北京堃喆科技有限公司")
    new = CertificateFactory(
        application=old.application, edition=2, company_name="北京堃喆科技股份有限公司"
    )
    old.status, old.superseded_by, old.reason = CertificateStatus.SUPERSEDED, new, "企业名称变更"
    db.session.commit()
    client = english(app)
    response, html = _page(client, old.token)
    assert response.status_code == 200 and _state(html) == "superseded"
    assert "This certificate has been replaced" in html and "企业名称变更" in html
    link = html.split('data-testid="replacement"', 1)[0].rsplit('href="', 1)[1].split('"')[0]
    assert link == f"/verify/{new.token}"
    assert new.serial in html
    html = client.get(link).get_data(as_text=True)
    assert _state(html) == "valid" and "北京堃喆科技股份有限公司" in html


def test_unknown_link_answers_like_a_known_one(app):
    cert = CertificateFactory()
    db.session.commit()
    client = english(app)
    known, known_html = _page(client, cert.token)
    unknown_token = "Q" * len(cert.token)
    unknown, unknown_html = _page(client, unknown_token)
    assert unknown.status_code == known.status_code == 200
    assert _state(unknown_html) == "unknown"
    assert "No certificate has this link" in unknown_html
    same_shape = main_part(unknown_html).replace(unknown_token, cert.token)
    assert structure(same_shape) == structure(main_part(known_html))
    assert unknown.headers["Cache-Control"] == known.headers["Cache-Control"]
    assert cert.serial not in unknown_html and cert.company_name not in unknown_html
    # an absurd link is just another unknown one
    response, html = _page(client, "%E2%80%AE" + "x" * 300)
    assert response.status_code == 200 and _state(html) == "unknown"


def test_unknown_link_costs_about_what_a_known_one_does(app):
    """No early return: the same SQL statements run for both, and the fastest of many
    interleaved requests (the least disturbed by other load) take about as long."""
    cert = CertificateFactory()
    db.session.commit()
    client = english(app)
    unknown_token = "Q" * len(cert.token)
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        _page(client, cert.token)
        known_sql, statements[:] = list(statements), []
        _page(client, unknown_token)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert statements == known_sql and any("certificates" in s for s in statements)
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    for _ in range(40):
        for kind, token in (("known", cert.token), ("unknown", unknown_token)):
            start = time.perf_counter()
            client.get(f"/verify/{token}").close()
            times[kind].append(time.perf_counter() - start)
    known, unknown = (min(times[k]) for k in ("known", "unknown"))
    print(f"fastest known {known * 1000:.2f} ms, unknown {unknown * 1000:.2f} ms")
    assert 0.33 < unknown / known < 3


def test_logged_in_users_see_the_same_page(app, people):
    cert = CertificateFactory()
    db.session.commit()
    for user in (people.applicant, people.reviewer, people.admin):
        response, html = _page(english(app, user), cert.token)
        assert response.status_code == 200 and _state(html) == "valid"
