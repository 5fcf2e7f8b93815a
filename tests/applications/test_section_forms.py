"""Filling in the application section by section, through real HTTP."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from evalcenter.applications.models import Application
from evalcenter.applications.sections import SECTIONS
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from tests.applications.helpers import example_data, post_section
from tests.conftest import client_for


def _section_answers(section_id: str, data: dict) -> dict:
    section = next(s for s in SECTIONS if s.id == section_id)
    return {k: data[k] for k in section.keys if k in data}


def test_fill_every_section_and_see_self_assessment(app, people, draft):
    client = client_for(app, people.applicant)
    data = example_data()
    data["uscc"] = people.organisation.uscc
    for section in SECTIONS:
        response = post_section(client, draft, section.id, _section_answers(section.id, data))
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    stored = db.session.get(Application, draft.id).data
    assert stored["main_revenue"] == "86500.00" and stored["total_profit"] == "9120.50"
    assert stored["employees"] == 1240
    assert stored["external_expert_person_months"] == "26.5"
    assert stored["chain_leader"] is False
    html = client.get(f"/applications/{draft.id}/self-assessment").get_data(as_text=True)
    assert 'data-quantitative="86.31"' in html
    html = client.get(f"/applications/{draft.id}").get_data(as_text=True)
    assert html.count('data-state="complete"') == len(SECTIONS)
    assert 'data-quantitative="86.31"' in html


def test_units_and_help_text_beside_every_field(app, people, draft):
    client = client_for(app, people.applicant)
    html = client.get(f"/applications/{draft.id}/sections/finance").get_data(as_text=True)
    assert html.count('<span class="input-group-text">万元</span>') == 7
    html = client.get(f"/applications/{draft.id}/sections/talent").get_data(as_text=True)
    assert '<span class="input-group-text">人</span>' in html
    assert '<span class="input-group-text">人月</span>' in html
    for section in SECTIONS:
        html = client.get(f"/applications/{draft.id}/sections/{section.id}").get_data(as_text=True)
        for key in section.keys:
            assert f'id="{key}-help">' in html and f'id="{key}-help"></div>' not in html, key


BAD_FORM_INPUT = [
    ("finance", {"main_revenue": "-5"}, "main_revenue"),
    ("finance", {"rd_expenditure": "-0.01"}, "rd_expenditure"),
    ("finance", {"main_revenue": "12.345"}, "main_revenue"),
    ("finance", {"main_revenue": "1e309"}, "main_revenue"),
    ("finance", {"main_revenue": "NaN"}, "main_revenue"),
    ("finance", {"main_revenue": "abc"}, "main_revenue"),
    ("finance", {"main_revenue": "2000000000"}, "main_revenue"),
    ("finance", {"main_revenue": "100", "new_product_revenue": "200"}, "new_product_revenue"),
    ("talent", {"employees": "7.5"}, "employees"),
    ("talent", {"employees": "0"}, "employees"),
    ("talent", {"employees": "10", "rd_staff": "11"}, "rd_staff"),
    ("talent", {"employees": "20000000"}, "employees"),
    ("talent", {"external_expert_person_months": "1.25"}, "external_expert_person_months"),
    ("technology", {"valid_ip": "3", "valid_invention_patents": "4"}, "valid_invention_patents"),
    ("basic", {"sector": "Z"}, "sector"),
    ("basic", {"industry_field": "tourism"}, "industry_field"),
    ("basic", {"uscc": "91110108MA01XC7K2X"}, "uscc"),
    ("basic", {"is_specialized_sme": "yes"}, "is_specialized_sme"),  # not a listed choice
    ("basic", {"major_incident_3y": "maybe"}, "major_incident_3y"),
    ("narrative", {"centre_overview": "x" * 5001}, "centre_overview"),
]


@pytest.mark.parametrize(("section_id", "answers", "field"), BAD_FORM_INPUT)
def test_bad_input_is_refused_with_message_and_kept(app, people, draft, section_id, answers, field):
    client = client_for(app, people.applicant)
    before = dict(db.session.get(Application, draft.id).data)
    version = draft.version
    response = post_section(client, draft, section_id, answers)
    fresh = db.session.get(Application, draft.id)
    if field is None:
        assert response.status_code == 302
        assert "is_specialized_sme" not in fresh.data
        return
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="#{field}"' in html, "error summary links to the field"
    assert f'<p class="ec-error-message" id="{field}-error">' in html, "message beside the field"
    described = re.search(rf'<(?:input|select|textarea|fieldset)[^>]*\bid="{field}"[^>]*>', html)
    assert f"{field}-error" in described.group(0), "the field is described by its message"
    assert 'aria-invalid="true"' in html
    for value in answers.values():
        assert (value[:50] if len(value) > 50 else value) in html, "typed value kept"
    assert fresh.data == before and fresh.version == version


def test_error_messages_in_english(app, people, draft):
    client = client_for(app, people.applicant)
    client.get("/lang/en")
    html = post_section(client, draft, "talent", {"employees": "10", "rd_staff": "11"}).get_data(
        as_text=True
    )
    assert "cannot be larger than" in html


def test_script_and_template_text_are_shown_literally(app, people, draft):
    client = client_for(app, people.applicant)
    text = "<script>alert(1)</script>{{7*7}}{% raw %}"
    assert post_section(client, draft, "narrative", {"centre_overview": text}).status_code == 302
    for url in (f"/applications/{draft.id}/sections/narrative", f"/applications/{draft.id}/check"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}{% raw %}" in html
    admin_html = (
        client_for(app, people.admin).get(f"/admin/applications/{draft.id}").get_data(as_text=True)
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}" in admin_html


def test_full_width_digits_and_thousands_separators(app, people, draft):
    client = client_for(app, people.applicant)
    post_section(client, draft, "finance", {"main_revenue": "８６,５００.５"})
    assert db.session.get(Application, draft.id).data["main_revenue"] == "86500.50"


def test_clearing_a_field_removes_the_answer(app, people, draft):
    client = client_for(app, people.applicant)
    post_section(client, draft, "finance", {"main_revenue": "100"})
    post_section(client, draft, "finance", {"main_revenue": ""})
    assert "main_revenue" not in db.session.get(Application, draft.id).data


def test_stale_version_is_refused_and_keeps_input(app, people, draft):
    first = client_for(app, people.applicant)
    second = client_for(app, people.applicant)
    stale = draft.version
    assert post_section(first, draft, "finance", {"main_revenue": "100"}).status_code == 302
    response = post_section(second, draft, "finance", {"main_revenue": "999.99"}, version=stale)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="version-conflict"' in html
    assert "999.99" in html
    assert db.session.get(Application, draft.id).data["main_revenue"] == "100.00"


def test_saving_is_audited_with_changes(app, people, draft):
    client = client_for(app, people.applicant)
    post_section(client, draft, "finance", {"main_revenue": "100", "total_profit": "-3.5"})
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.save")
    ).one()
    assert event.after["main_revenue"] == "100.00" and event.after["total_profit"] == "-3.50"
    assert event.after["section"] == "finance"


def test_other_organisation_cannot_see_or_change(app, people, draft):
    other = client_for(app, people.other_applicant)
    for url in (
        f"/applications/{draft.id}",
        f"/applications/{draft.id}/sections/finance",
        f"/applications/{draft.id}/self-assessment",
        f"/applications/{draft.id}/export.json",
        f"/applications/{draft.id}/check",
        f"/applications/{draft.id}/status",
        f"/applications/{draft.id}/attachments",
    ):
        assert other.get(url).status_code == 404, url
    own = client_for(app, people.applicant)
    html = own.get(f"/applications/{draft.id}/sections/finance").get_data(as_text=True)
    from tests.conftest import CSRF_RE

    match = CSRF_RE.search(other.get("/account").get_data(as_text=True))
    token = match.group(1) or match.group(2)
    response = other.post(
        f"/applications/{draft.id}/sections/finance",
        data={"csrf_token": token, "main_revenue": "1", "version": "1", "save": "1"},
    )
    assert response.status_code == 404
    assert "main_revenue" not in db.session.get(Application, draft.id).data
    assert html


def test_unknown_section_is_404(app, people, draft):
    client = client_for(app, people.applicant)
    assert client.get(f"/applications/{draft.id}/sections/nope").status_code == 404
    assert client.get("/applications/999999").status_code == 404


def test_form_page_query_count_is_bounded(app, people, draft):
    from sqlalchemy import event

    client = client_for(app, people.applicant)
    client.get(f"/applications/{draft.id}/sections/finance")  # warm caches
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(f"/applications/{draft.id}/sections/finance")
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    assert len(statements) <= 8, statements


def test_units_in_english(app, people, draft):
    client = client_for(app, people.applicant)
    client.get("/lang/en")
    html = client.get(f"/applications/{draft.id}/sections/finance").get_data(as_text=True)
    assert html.count('<span class="input-group-text">10,000 CNY</span>') == 7
    html = client.get(f"/applications/{draft.id}/sections/talent").get_data(as_text=True)
    assert '<span class="input-group-text">person-months</span>' in html
