"""E-mail through a real local SMTP server: sent after the commit, in each recipient's
language, never when the change is rolled back, and a broken server never breaks the page."""

from __future__ import annotations

import logging

from sqlalchemy import func, select

from evalcenter.accounts.models import User
from evalcenter.extensions import db
from evalcenter.notifications.models import Notification
from evalcenter.notifications.services import notify
from tests.conftest import client_for
from tests.factories import OrganisationFactory, UserFactory
from tests.rounds.test_round_admin import confirm
from tests.smtp_server import body

CHINESE_NAME = "高精尖企业技术中心评价平台"  # the platform's name in the Chinese catalogue


def _pending_with_contacts():
    org = OrganisationFactory(name="北京待审<b>科技</b>有限公司", status="pending")
    zh = UserFactory(email="zh@example.cn", name="王小明", organisation=org)
    en = UserFactory(email="en@example.cn", name="Li Lei", organisation=org, locale="en")
    gone = UserFactory(email="gone@example.cn", organisation=org, active=False)
    db.session.commit()
    return org, zh, en, gone


def test_approval_is_mailed_to_each_contact_in_their_language(app, people, smtp):
    org, zh, en, gone = _pending_with_contacts()
    admin = client_for(app, people.admin)  # the admin's page is in Chinese
    assert confirm(admin, f"/admin/organisations/{org.id}/approve").status_code == 302

    [english] = smtp.to("en@example.cn")
    assert english["Subject"] == "Your organisation has been approved"
    assert english["From"] == "EvalCenter <noreply@evalcenter.test>"
    assert english["Content-Language"] == "en"
    assert english.get_content_type() == "text/plain"
    assert english.get_content_charset() == "utf-8"
    text = body(english)
    assert "Hello Li Lei," in text
    assert "北京待审<b>科技</b>有限公司" in text  # the name as it is: plain text, not markup
    assert "http://localhost/" in text  # the link, on the request's host
    assert "EvalCenter" in text and CHINESE_NAME not in text

    [chinese] = smtp.to("zh@example.cn")
    assert chinese["Content-Language"] == "zh-CN"
    assert CHINESE_NAME in body(chinese)
    assert smtp.to("gone@example.cn") == []  # deactivated accounts get nothing


def test_rejection_mails_the_reason(app, people, smtp):
    org, *_ = _pending_with_contacts()
    admin = client_for(app, people.admin)
    reason = "营业执照不清晰 {{ 7*7 }} %(x)s"
    assert confirm(admin, f"/admin/organisations/{org.id}/reject", reason=reason).status_code == 302
    [message] = smtp.to("en@example.cn")
    assert "not approved" in message["Subject"]
    assert reason in body(message)  # neither evaluated as a template nor as a format


def test_nothing_is_sent_when_the_change_is_rolled_back(app, people, smtp):
    notify(people.applicant, "decision_made", link="/", round="2025")
    db.session.rollback()
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    notify(people.applicant, "decision_made", link="/", round="2025")
    db.session.commit()
    assert [m["To"] for m in smtp.received()] == [people.applicant.email]


def test_a_refused_connection_is_logged_and_the_page_still_answers(
    app, people, smtp, monkeypatch, caplog
):
    from tests.smtp_server import free_port

    monkeypatch.setitem(app.config, "MAIL_SMTP_PORT", free_port())  # nobody listens there
    org, *_ = _pending_with_contacts()
    admin = client_for(app, people.admin)
    with caplog.at_level(logging.ERROR, logger="evalcenter.notifications.mail"):
        assert confirm(admin, f"/admin/organisations/{org.id}/approve").status_code == 302
        smtp.received()
    assert "could not be sent" in caplog.text
    assert db.session.get(type(org), org.id).status == "approved"


def test_without_an_smtp_server_testing_writes_the_message_to_the_log(app, people, caplog):
    user = db.session.get(User, people.applicant.id)
    with caplog.at_level(logging.WARNING, logger="evalcenter.notifications.mail"):
        notify(user, "review_overdue", link="/reviews", round="2025年度", deadline="2025-06-30")
        db.session.commit()
        smtp_free_wait()
    assert "Subject: " in caplog.text and "2025年度" in caplog.text


def smtp_free_wait() -> None:
    from evalcenter.notifications import mail

    mail.wait()
