"""Forms for logging in, passwords, preferences and user administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from evalcenter.accounts.passwords import MIN_LENGTH
from evalcenter.core.labels import ROLE_LABELS


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=255)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Log in"))


# The password policy itself is checked by the services (accounts/passwords.py).
NEW_PASSWORD_VALIDATORS = [DataRequired(), Length(max=200)]

NEW_PASSWORD_HELP = _l(
    "At least %(n)d characters; no other rules on letters, digits or symbols. Not one of the "
    "commonly used passwords, and not containing your email name or your organisation's "
    "name. A phrase of a few unrelated words is easy to remember and hard to guess.",
    n=MIN_LENGTH,
)


def new_password_fields(label, repeat_label, name: str) -> tuple[PasswordField, PasswordField]:
    """A new password (with the policy as help text) and its repetition, for field `name`."""
    password = PasswordField(
        label, validators=NEW_PASSWORD_VALIDATORS, description=NEW_PASSWORD_HELP
    )
    repeat = PasswordField(
        repeat_label,
        validators=[DataRequired(), EqualTo(name, message=_l("The passwords differ."))],
    )
    return password, repeat


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password, confirm = new_password_fields(
        _l("New password"), _l("Repeat the new password"), "new_password"
    )
    submit = SubmitField(_l("Change password"))


class PreferencesForm(FlaskForm):
    locale = SelectField(
        _l("Interface language"),
        choices=[("zh_CN", "中文"), ("en", "English")],
        description=_l("Used for pages and e-mails after you log in."),
    )
    submit = SubmitField(_l("Save"))


class UserCreateForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(min=1, max=100)])
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=255)],
        description=_l("The user logs in with this address."),
    )
    role = SelectField(
        _l("Role"), choices=[(k, v) for k, v in ROLE_LABELS.items()], validators=[DataRequired()]
    )
    organisation_id = SelectField(
        _l("Organisation"),
        coerce=int,
        validators=[Optional()],
        description=_l("Required for applicant contacts: the company they file for."),
    )
    password = PasswordField(
        _l("Initial password"),
        validators=NEW_PASSWORD_VALIDATORS,
        description=_l(
            "At least %(n)d characters, not a commonly used password, not containing the "
            "user's email name or organisation's name. Give it to the user through a safe "
            "channel; they can change it.",
            n=MIN_LENGTH,
        ),
    )
    submit = SubmitField(_l("Create user"))
