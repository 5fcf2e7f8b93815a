"""One password policy on every path that sets a password: the administrators' form,
`evalcenter create-user`, sign-up and the password change. No composition rules."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import func, select

from evalcenter.accounts import passwords
from evalcenter.accounts.models import Organisation, User
from evalcenter.cli import create_user_command
from evalcenter.extensions import db
from tests.conftest import PASSWORD, client_for, csrf_token, login

PASSPHRASE = "correct horse battery staple"  # long, lower case only, no digits: accepted
ORG_NAME = "北京犇燊科技有限公司"  # people.organisation

# rule -> (password for the new user, expected message fragment in English)
CREATION_CASES = {
    "too short": ("Sh0rt-pw!", "at least 10 characters"),
    "common": ("Password123", "most commonly used"),
    "common, other case": ("QWERTYUIOP", "most commonly used"),
    "email name": ("my-NEWBIE-password", "email name"),
    "organisation name": (f"{ORG_NAME}2025", "organisation's name"),
}
NEW_EMAIL = "Newbie@Example.cn"


def test_common_list_is_large_and_loaded_once():
    common = passwords.common_passwords()
    assert len(common) >= 10_000
    assert passwords.common_passwords() is common
    assert "password" in common and all(word == word.lower() for word in common)


def test_no_composition_rules():
    passwords.check("aaaaaaaaaaaaaaaaaaaaq")  # letters only
    passwords.check("8264019375102")  # digits only
    passwords.check(PASSPHRASE)


def test_short_email_names_do_not_count():
    passwords.check("a-lion-in-the-zoo", email="li@example.cn")


# --- the administrators' form


def _admin_form(client, **overrides) -> dict:
    token = csrf_token(client, "/admin/users/new")
    data = {
        "csrf_token": token,
        "name": "新用户",
        "email": NEW_EMAIL,
        "role": "applicant",
        "organisation_id": "0",
        "password": PASSPHRASE,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("case", CREATION_CASES)
def test_admin_form_applies_each_rule(app, people, case):
    password, message = CREATION_CASES[case]
    admin = client_for(app, people.admin)
    admin.get("/lang/en")
    data = _admin_form(admin, password=password, organisation_id=str(people.organisation.id))
    response = admin.post("/admin/users/new", data=data)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert 'href="#password"' in html and message in html
    assert password not in html  # never echoed
    assert db.session.scalar(select(User).where(User.email == NEW_EMAIL.lower())) is None


def test_admin_form_accepts_a_passphrase(app, people):
    admin = client_for(app, people.admin)
    data = _admin_form(admin, organisation_id=str(people.organisation.id))
    assert admin.post("/admin/users/new", data=data).status_code == 302
    assert login(app.test_client(), NEW_EMAIL, PASSPHRASE).status_code == 302


# --- evalcenter create-user


def _cli(app, password: str, *extra: str):
    args = ["--email", NEW_EMAIL, "--name", "新用户", "--password", password, *extra]
    return app.test_cli_runner().invoke(create_user_command, args)


@pytest.mark.parametrize("case", CREATION_CASES)
def test_create_user_command_applies_each_rule(app, people, case):
    password, message = CREATION_CASES[case]
    result = _cli(
        app,
        password,
        "--role",
        "applicant",
        "--organisation-uscc",
        people.organisation.uscc,
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert db.session.scalar(select(func.count(User.id))) == 4


def test_create_user_command_accepts_a_passphrase(app):
    result = _cli(app, PASSPHRASE, "--role", "admin")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == NEW_EMAIL.lower()))
    assert user.check_password(PASSPHRASE)


# --- sign-up

SIGNUP_NAME = "北京燊犇科技有限公司"
SIGNUP_CASES = {
    "too short": ("Sh0rt-pw!", "at least 10 characters"),
    "common": ("Password123", "most commonly used"),
    "email name": ("my-NEWBIE-password", "email name"),
    "organisation name": (f"{SIGNUP_NAME}2025", "organisation's name"),
}


def _signup_form(token: str, password: str) -> dict:
    return {
        "csrf_token": token,
        "company_name": SIGNUP_NAME,
        "uscc": "91110112MA02LY8P5G",
        "district": "海淀区",
        "industry_field": "integrated_circuits",
        "sector": "C",
        "contact_name": "王经办",
        "email": NEW_EMAIL,
        "password": password,
        "confirm": password,
    }


@pytest.mark.parametrize("case", SIGNUP_CASES)
def test_signup_applies_each_rule(app, client, case):
    password, message = SIGNUP_CASES[case]
    client.get("/lang/en")
    token = csrf_token(client, "/signup")
    response = client.post("/signup", data=_signup_form(token, password))
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert 'href="#password"' in html and message in html
    assert "王经办" in html  # what was typed is kept
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_signup_accepts_a_passphrase(app, client):
    token = csrf_token(client, "/signup")
    assert client.post("/signup", data=_signup_form(token, PASSPHRASE)).status_code == 302
    assert client.get("/account").status_code == 200


# --- changing one's password

CHANGE_CASES = {
    **CREATION_CASES,
    "email name": ("my-CLERK-password", "email name"),  # people.applicant is clerk@...
    "current password": (PASSWORD, "must differ from the current one"),
}


def _change(client, new: str):
    token = csrf_token(client, "/account")
    return client.post(
        "/account",
        data={
            "csrf_token": token,
            "pw-current_password": PASSWORD,
            "pw-new_password": new,
            "pw-confirm": new,
            "pw-submit": "1",
        },
    )


@pytest.mark.parametrize("case", CHANGE_CASES)
def test_password_change_applies_each_rule(app, people, case):
    password, message = CHANGE_CASES[case]
    client = client_for(app, people.applicant)
    client.get("/lang/en")
    response = _change(client, password)
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert 'href="#pw-new_password"' in html and message in html
    assert db.session.get(User, people.applicant.id).check_password(PASSWORD)


def test_password_change_accepts_a_passphrase(app, people):
    client = client_for(app, people.applicant)
    assert _change(client, PASSPHRASE).status_code == 302
    assert db.session.get(User, people.applicant.id).check_password(PASSPHRASE)


def test_help_text_describes_the_real_rule(app, client):
    client.get("/lang/en")
    html = unescape(client.get("/signup").get_data(as_text=True))
    assert "At least 10 characters" in html
    assert "letters together with digits" not in html
