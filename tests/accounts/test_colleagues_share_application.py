"""Applicants of one organisation work on the same application; optimistic locking keeps
one colleague's save from silently overwriting another's."""

from __future__ import annotations

import re

from evalcenter.applications.models import Application
from evalcenter.extensions import db
from tests.applications.helpers import post_section
from tests.conftest import client_for
from tests.factories import UserFactory

SECTION = "finance"


def _opened_version(client, application) -> str:
    """Open the section page and return the version its form carries."""
    html = client.get(f"/applications/{application.id}/sections/{SECTION}").get_data(as_text=True)
    return re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)


def test_colleagues_share_the_application_and_the_second_save_is_a_conflict(app, people, draft):
    colleague = UserFactory(
        email="zhao.second@benshen.example.cn", organisation=people.organisation
    )
    db.session.commit()
    first, second = client_for(app, people.applicant), client_for(app, colleague)
    assert second.get(f"/applications/{draft.id}").status_code == 200
    assert f'data-application="{draft.id}"' in second.get("/").get_data(as_text=True)

    first_version = _opened_version(first, draft)
    second_version = _opened_version(second, draft)
    assert first_version == second_version
    saved = post_section(first, draft, SECTION, {"main_revenue": "100"}, version=first_version)
    assert saved.status_code == 302
    response = post_section(
        second, draft, SECTION, {"main_revenue": "777.77"}, version=second_version
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="version-conflict"' in html
    assert 'value="777.77"' in html  # what the second colleague typed is kept
    assert db.session.get(Application, draft.id).data["main_revenue"] == "100.00"

    # After reloading, the second colleague sees the first one's answer and can save.
    assert 'value="100.00"' in second.get(f"/applications/{draft.id}/sections/{SECTION}").get_data(
        as_text=True
    )
    assert post_section(second, draft, SECTION, {"main_revenue": "777.77"}).status_code == 302
    assert db.session.get(Application, draft.id).data["main_revenue"] == "777.77"
