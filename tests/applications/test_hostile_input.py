"""Regressions found by trying the application pages as a hostile user would: every request
gets a clear answer (never a 500), and nothing invalid is stored."""

from __future__ import annotations

import io
import json
import re

import pytest
from flask import g
from sqlalchemy import select, update

from evalcenter.applications import services
from evalcenter.applications.models import Application, ApplicationSnapshot, ApplicationStatus
from evalcenter.core.models import AuditEvent
from evalcenter.core.transaction import attempt
from evalcenter.extensions import db
from tests.applications.helpers import (
    add_pdf,
    example_data,
    form_fields,
    post_import,
    post_section,
)
from tests.conftest import CSRF_RE, client_for, csrf_token
from tests.factories import OrganisationFactory

REQUIRED = ("audited_financials", "rd_audit", "ip_list", "commitment_letter")


def _ready(people, application) -> None:
    data = example_data()
    data["uscc"] = people.organisation.uscc
    services.import_json(people.applicant, application, json.dumps(data).encode(), None)
    for kind in REQUIRED:
        add_pdf(people.applicant, application, kind, f"{kind}.pdf")
    db.session.commit()


def _submit(client, application):
    html = client.get(f"/applications/{application.id}/check").get_data(as_text=True)
    fields = form_fields(html, f"/applications/{application.id}/submit")
    data = {k: v[0] for k, v in fields.items()}
    data["confirm"] = "y"
    return client.post(f"/applications/{application.id}/submit", data=data)


# -- the JSON import form on the overview page ----------------------------------------------
def test_import_from_the_overview_page_uses_its_own_fields(app, people, draft):
    client = client_for(app, people.applicant)
    html = client.get(f"/applications/{draft.id}").get_data(as_text=True)
    fields = form_fields(html, f"/applications/{draft.id}/import")
    assert len(fields["version"]) == 1, "the import form must carry exactly one version"
    data = {k: v[0] for k, v in fields.items()}
    data["file"] = (io.BytesIO(json.dumps({"employees": 321}).encode()), "a.json")
    response = client.post(
        f"/applications/{draft.id}/import", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert db.session.get(Application, draft.id).data["employees"] == 321


@pytest.mark.parametrize(
    "raw",
    [
        b'{"centre_overview": "\\ud800"}',
        b'{"company_name": "x\\udfff"}',
        b"[" * 5000 + b"]" * 5000,
        b'{"main_revenue": 1e999999999}',
        b'{"employees": ' + b"9" * 5000 + b"}",
        b'{"employees": 10, "employees": 20}',
    ],
)
def test_hostile_json_imports_are_refused_and_change_nothing(app, people, draft, raw):
    client = client_for(app, people.applicant)
    before = dict(db.session.get(Application, draft.id).data)
    response = post_import(client, draft, raw=raw)
    assert response.status_code in (302, 422)
    assert db.session.get(Application, draft.id).data == before
    page = client.get(f"/applications/{draft.id}")
    assert page.status_code == 200


def test_audit_page_renders_whatever_an_event_holds(app, people):
    """Events stored before such text was refused (SQLite keeps lone surrogates in JSON;
    PostgreSQL refuses them on storage) must not break the audit log."""
    from evalcenter.core import audit

    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL refuses lone surrogates in JSON on storage")
    audit.record("application.save", "application", 1, after={"centre_overview": "a\ud800b"})
    db.session.commit()
    response = client_for(app, people.admin).get("/admin/audit")
    assert response.status_code == 200
    assert "a\ufffdb" in response.get_data(as_text=True)


# -- typed numbers and yes/no answers ------------------------------------------------------
@pytest.mark.parametrize("typed", ["5²", "⑫", "1,0,0,0", "٣٤", "1,00", "12,3456"])
def test_numbers_that_are_not_plainly_numbers_are_refused(app, people, draft, typed):
    client = client_for(app, people.applicant)
    response = post_section(client, draft, "talent", {"employees": typed})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="employees"' in html and "is-invalid" in html
    assert typed in html  # what was typed is kept
    assert "employees" not in db.session.get(Application, draft.id).data


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("-0", 0), ("48,000", 48000), ("４８，０００", 48000), (" 1,240 ", 1240)],
)
def test_standard_numbers_are_accepted_and_normalised(app, people, draft, typed, stored):
    client = client_for(app, people.applicant)
    response = post_section(client, draft, "talent", {"employees": typed, "rd_staff": "0"})
    if stored == 0:  # employees must be greater than 0: -0 is read as 0, and refused as 0
        assert response.status_code == 200
        assert 'value="-0"' in response.get_data(as_text=True)
        return
    assert response.status_code == 302
    assert db.session.get(Application, draft.id).data["employees"] == stored


def test_minus_zero_money_is_stored_as_zero(app, people, draft):
    client = client_for(app, people.applicant)
    response = post_section(client, draft, "finance", {"training_expenditure": "-0"})
    assert response.status_code == 302
    assert db.session.get(Application, draft.id).data["training_expenditure"] == "0.00"


def test_yes_no_field_posted_as_something_else_keeps_the_stored_answer(app, people, draft):
    client = client_for(app, people.applicant)
    assert post_section(client, draft, "basic", {"chain_leader": "true"}).status_code in (200, 302)
    db.session.expire_all()
    before = db.session.get(Application, draft.id).data.get("is_specialized_sme")
    response = post_section(client, draft, "basic", {"is_specialized_sme": "perhaps"})
    assert response.status_code == 200
    assert db.session.get(Application, draft.id).data.get("is_specialized_sme") == before


# -- hidden fields, ids and query arguments ------------------------------------------------
@pytest.mark.parametrize("version", ["²", "١", "9" * 40, "-1", ""])
def test_odd_version_in_a_hidden_field_is_a_conflict_not_a_crash(app, people, draft, version):
    client = client_for(app, people.applicant)
    response = post_section(client, draft, "talent", {"employees": "100"}, version=version)
    assert response.status_code == 200
    assert 'data-testid="version-conflict"' in response.get_data(as_text=True)
    assert "employees" not in db.session.get(Application, draft.id).data


@pytest.mark.parametrize("big", [2**31, 2**63, 2**64, 10**30])
def test_huge_ids_are_404_on_every_application_route(app, people, draft, big):
    applicant, admin = client_for(app, people.applicant), client_for(app, people.admin)
    for url in (
        f"/applications/{big}",
        f"/applications/{big}/sections/basic",
        f"/applications/{big}/status",
        f"/applications/{big}/check",
        f"/applications/{big}/self-assessment",
        f"/applications/{big}/export.json",
        f"/applications/{big}/attachments",
        f"/applications/{draft.id}/attachments/{big}",
    ):
        assert applicant.get(url).status_code == 404, url
    assert admin.get(f"/admin/applications/{big}").status_code == 404
    assert admin.get(f"/admin/rounds/{big}/applications").status_code == 404
    token = csrf_token(applicant, f"/applications/{draft.id}/status")
    assert (
        applicant.post(f"/applications/{big}/withdraw", data={"csrf_token": token}).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page=1000000000000000000000", 404),
        ("page=²", 404),
        ("page=0", 404),
        ("page=-3", 404),
        ("endpoint=x", 200),
        ("_method=POST", 200),
        ("_external=1&page=1", 200),
        ("round_id=5", 200),
        ("status=nonsense", 200),
    ],
)
def test_round_applications_list_arguments(app, people, open_round, query, status):
    admin = client_for(app, people.admin)
    response = admin.get(f"/admin/rounds/{open_round.id}/applications?{query}")
    assert response.status_code == status


def test_pager_links_drop_arguments_that_url_for_would_misread(app, people, open_round):
    for org in OrganisationFactory.create_batch(55):
        db.session.add(Application(round_id=open_round.id, organisation_id=org.id, data={}))
    db.session.commit()
    admin = client_for(app, people.admin)
    response = admin.get(f"/admin/rounds/{open_round.id}/applications?endpoint=x&_method=POST")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    pager = re.findall(r'class="page-link" href="([^"]+)"', html)
    assert pager and all("page=2" in link for link in pager)
    assert not any("endpoint" in link or "_method" in link for link in pager)


@pytest.mark.parametrize("typed", ["²", "٣", "9" * 400, "-1", "1e3"])
def test_discrepancies_must_be_a_plain_whole_number(app, people, draft, typed):
    _ready(people, draft)
    client = client_for(app, people.applicant)
    assert _submit(client, draft).status_code == 302
    admin = client_for(app, people.admin)
    token = csrf_token(admin, f"/admin/applications/{draft.id}")
    response = admin.post(
        f"/admin/applications/{draft.id}/accept",
        data={"csrf_token": token, "discrepancies": typed},
    )
    assert response.status_code == 422
    assert db.session.get(Application, draft.id).status == ApplicationStatus.SUBMITTED


# -- evidence files removed from a returned application -----------------------------------
def test_removed_evidence_does_not_leak_into_the_next_snapshot(app, people, draft):
    _ready(people, draft)
    client = client_for(app, people.applicant)
    assert _submit(client, draft).status_code == 302
    services.formal_check(people.admin, db.session.get(Application, draft.id), False, "补充材料")
    db.session.commit()
    application = db.session.get(Application, draft.id)
    old = next(a for a in application.attachments if a.kind == "rd_audit")
    html = client.get(f"/applications/{draft.id}/attachments").get_data(as_text=True)
    token = CSRF_RE.search(html)
    token = token.group(1) or token.group(2)
    response = client.post(
        f"/applications/{draft.id}/attachments/{old.id}/delete", data={"csrf_token": token}
    )
    assert response.status_code == 302
    add_pdf(people.applicant, db.session.get(Application, draft.id), "rd_audit", "new.pdf")
    db.session.commit()
    assert _submit(client, db.session.get(Application, draft.id)).status_code == 302
    first, second = db.session.scalars(
        select(ApplicationSnapshot).order_by(ApplicationSnapshot.number)
    ).all()
    assert old in first.attachments
    assert old not in second.attachments
    assert sorted(a.kind for a in second.attachments) == sorted(REQUIRED)
    assert [a.original_name for a in second.attachments if a.kind == "rd_audit"] == ["new.pdf"]
    assert old.kind == "rd_audit" and old.removed_at is not None
    # the removed file is still there for the first submission
    with client.get(f"/applications/{draft.id}/attachments/{old.id}") as download:
        assert download.status_code == 200


# -- two administrators accept the same application at once -----------------------------------
def test_concurrent_acceptance_one_wins_the_other_is_told(app, people, draft):
    _ready(people, draft)
    services.submit(people.applicant, db.session.get(Application, draft.id), None)
    db.session.commit()
    application = db.session.get(Application, draft.id)
    admin = people.admin
    assert application.status == ApplicationStatus.SUBMITTED
    # Another administrator accepts and commits after this one loaded the application.
    with db.engine.begin() as other:
        other.execute(
            update(Application)
            .where(Application.id == draft.id)
            .values(status=ApplicationStatus.ACCEPTED, version=Application.version + 1)
        )
    with app.test_request_context():
        result = attempt(lambda: services.formal_check(admin, application, True, "", 0))
        assert result is None
        assert g.service_error.code == "already_in_state"
    db.session.rollback()
    assert db.session.get(Application, draft.id).status == ApplicationStatus.ACCEPTED
    accepted = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "application.accept")
    ).all()
    assert accepted == []  # this request recorded nothing


def test_second_acceptance_over_http_says_already_accepted(app, people, draft):
    _ready(people, draft)
    services.submit(people.applicant, db.session.get(Application, draft.id), None)
    db.session.commit()
    first, second = client_for(app, people.admin), client_for(app, people.admin)
    tokens = [csrf_token(c, f"/admin/applications/{draft.id}") for c in (first, second)]
    for client, token in zip((first, second), tokens, strict=True):
        response = client.post(
            f"/admin/applications/{draft.id}/accept",
            data={"csrf_token": token, "discrepancies": "0"},
            follow_redirects=True,
        )
        assert response.status_code in (200, 422)  # the second: its confirmation page again
    html = response.get_data(as_text=True)
    assert "already" in html and "Accepted at formal check" in html or "已" in html


def test_refusals_say_what_to_do(app, people, draft):
    """A refused change names the reason in words, not just the status."""
    from evalcenter.core import messages
    from evalcenter.core.errors import ServiceError

    _ready(people, draft)
    services.submit(people.applicant, db.session.get(Application, draft.id), None)
    db.session.commit()
    application = db.session.get(Application, draft.id)
    with pytest.raises(ServiceError) as edit:
        services.save_section(people.applicant, application, "talent", {"employees": 5}, None)
    assert edit.value.code == "not_editable"
    services.formal_check(people.admin, application, True, "", 0)
    application.status = ApplicationStatus.UNDER_REVIEW
    db.session.commit()
    with pytest.raises(ServiceError) as late:
        services.withdraw(people.applicant, application)
    assert late.value.code == "not_withdrawable"
    with app.test_request_context():
        assert "撤回" in messages.text(late.value)  # Chinese by default
