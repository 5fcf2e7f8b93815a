"""Approving and rejecting an organisation each go through a confirmation page; rejecting
without a reason marks the reason field itself."""

from __future__ import annotations

from evalcenter.extensions import db
from tests.conftest import client_for
from tests.factories import OrganisationFactory
from tests.rounds.test_round_admin import confirm, english
from tests.rounds.test_round_edit import marked_invalid


def _pending():
    org = OrganisationFactory(name="北京待审科技有限公司", status="pending")
    db.session.commit()
    return org


def test_the_organisation_page_links_to_both_confirmation_pages(app, people):
    org = _pending()
    html = (
        client_for(app, people.admin).get(f"/admin/organisations/{org.id}").get_data(as_text=True)
    )
    assert f'href="/admin/organisations/{org.id}/approve"' in html
    assert f'href="/admin/organisations/{org.id}/reject"' in html
    assert "<form" not in html.split('id="main"')[-1].split("</main>")[0]  # no one-click forms


def test_rejecting_without_a_reason_marks_the_reason_field(app, people):
    org = _pending()
    admin = english(client_for(app, people.admin))
    url = f"/admin/organisations/{org.id}/reject"
    page = admin.get(url).get_data(as_text=True)
    assert "sees the reason" in page and 'data-testid="consequences"' in page
    response = confirm(admin, url, reason="  ")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and marked_invalid(html, "reason")
    assert "Give the reason for rejecting" in html and 'href="#reason"' in html
    db.session.refresh(org)
    assert org.status == "pending"
    assert confirm(admin, url, reason="营业执照不清晰").status_code == 302
    db.session.refresh(org)
    assert org.status == "rejected" and org.decision_reason == "营业执照不清晰"


def test_approving_asks_first_and_a_tokenless_post_is_refused(app, people):
    org = _pending()
    admin = english(client_for(app, people.admin))
    url = f"/admin/organisations/{org.id}/approve"
    assert "submit applications" in admin.get(url).get_data(as_text=True)
    assert admin.post(url, data={}).status_code == 400
    db.session.refresh(org)
    assert org.status == "pending"
    assert confirm(admin, url).status_code == 302
    db.session.refresh(org)
    assert org.status == "approved"
