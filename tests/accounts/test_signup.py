"""Organisation sign-up and approval."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from evalcenter.accounts.models import Organisation, User
from evalcenter.core.models import AuditEvent
from evalcenter.extensions import db
from tests.conftest import client_for, csrf_token

VALID_USCC = "91110112MA02LY8P5G"


def _form(token: str, **overrides) -> dict:
    data = {
        "csrf_token": token,
        "company_name": "  北京燊犇科技有限公司 ",
        "uscc": VALID_USCC.lower(),
        "district": "海淀区",
        "industry_field": "integrated_circuits",
        "sector": "C",
        "contact_name": "王经办",
        "email": "Clerk@Shenben.cn",
        "password": "Signup-Pass-1",
        "confirm": "Signup-Pass-1",
    }
    data.update(overrides)
    return data


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_signup_creates_pending_organisation_and_logs_in(app, client):
    token = csrf_token(client, "/signup")
    response = client.post("/signup", data=_form(token))
    assert response.status_code == 302
    org = db.session.scalar(select(Organisation))
    assert org.uscc == VALID_USCC and org.status == "pending" and org.name == "北京燊犇科技有限公司"
    user = db.session.scalar(select(User))
    assert user.role == "applicant" and user.organisation_id == org.id
    assert user.email == "clerk@shenben.cn"
    assert client.get("/account").status_code == 200
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"organisation.create", "user.create"} <= actions


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"uscc": "91110108MA01XC7K2X"}, "uscc"),  # wrong check character
        ({"uscc": "91110108MA01XC7K2"}, "uscc"),  # 17 characters
        ({"uscc": "91110108MA01XC7KOM"}, "uscc"),  # letter O
        ({"company_name": "北"}, "company_name"),
        ({"district": "上海市"}, "district"),
        ({"sector": "Z"}, "sector"),
        ({"industry_field": "tourism"}, "industry_field"),
        ({"confirm": "Other-Pass-1"}, "confirm"),
        ({"email": "nope"}, "email"),
    ],
)
def test_bad_signup_is_refused_and_keeps_input(app, client, override, field):
    token = csrf_token(client, "/signup")
    response = client.post("/signup", data=_form(token, **override))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'href="#{field}"' in html  # linked from the error summary
    assert "王经办" in html  # typed values survive
    assert _count(Organisation) == 0 and _count(User) == 0


def test_duplicate_uscc_is_refused_with_help(app, people, client):
    token = csrf_token(client, "/signup")
    client.get("/lang/en")
    response = client.post("/signup", data=_form(token, uscc=people.organisation.uscc))
    html = response.get_data(as_text=True)
    assert "already registered" in html
    assert _count(Organisation) == 2


def test_duplicate_email_is_refused(app, people, client):
    token = csrf_token(client, "/signup")
    response = client.post("/signup", data=_form(token, email=people.reviewer.email))
    assert response.status_code == 200
    assert _count(Organisation) == 2


def test_user_text_is_shown_literally(app, client, people):
    token = csrf_token(client, "/signup")
    client.post("/signup", data=_form(token, company_name="<script>alert(1)</script>{{7*7}}"))
    org = db.session.scalar(select(Organisation).where(Organisation.uscc == VALID_USCC))
    html = (
        client_for(app, people.admin).get(f"/admin/organisations/{org.id}").get_data(as_text=True)
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{7*7}}" in html
    assert ">49<" not in html and "}}49" not in html


def test_admin_approves_and_rejects(app, people, client):
    token = csrf_token(client, "/signup")
    client.post("/signup", data=_form(token))
    org = db.session.scalar(select(Organisation).where(Organisation.uscc == VALID_USCC))
    admin = client_for(app, people.admin)
    listing = admin.get("/admin/organisations?status=pending").get_data(as_text=True)
    assert org.name in listing and people.organisation.name not in listing
    token = csrf_token(admin, f"/admin/organisations/{org.id}")
    url = f"/admin/organisations/{org.id}"
    admin.post(f"{url}/reject", data={"csrf_token": token, "reason": ""})
    assert org.status == "pending"  # a rejection needs a reason
    admin.post(f"{url}/reject", data={"csrf_token": token, "reason": "营业执照不清晰"})
    assert org.status == "rejected" and org.decision_reason == "营业执照不清晰"
    admin.post(f"{url}/approve", data={"csrf_token": token})
    assert org.status == "approved" and org.approved_at is not None
    actions = list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "organisation", AuditEvent.object_id == str(org.id))
            .order_by(AuditEvent.id)
        )
    )
    assert actions == ["organisation.create", "organisation.reject", "organisation.approve"]


def test_applicant_sees_only_own_organisation(app, people):
    html = client_for(app, people.applicant).get("/").get_data(as_text=True)
    assert people.organisation.name in html
    assert people.other_organisation.name not in html


def test_applicant_sees_rejection_reason(app, people):
    people.organisation.status = "rejected"
    people.organisation.decision_reason = "营业执照<b>不清晰</b>"
    db.session.commit()
    html = client_for(app, people.applicant).get("/").get_data(as_text=True)
    assert 'data-testid="organisation-rejected"' in html
    assert "营业执照&lt;b&gt;不清晰&lt;/b&gt;" in html
