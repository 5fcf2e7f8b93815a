"""Forms for logging in, passwords, preferences and user administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from evalcenter.core.labels import ROLE_LABELS

PASSWORD_MIN = 10


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=255)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Log in"))


def _strong_password(form, field) -> None:
    value = field.data or ""
    if value.isdigit() or value.isalpha():
        raise ValidationError(_l("Use letters together with digits or symbols."))


NEW_PASSWORD_VALIDATORS = [
    DataRequired(),
    Length(
        min=PASSWORD_MIN,
        max=200,
        message=_l("The password must have at least %(n)d characters.", n=PASSWORD_MIN),
    ),
    _strong_password,
]


NEW_PASSWORD_HELP = _l(
    "At least %(n)d characters, letters together with digits or symbols.", n=PASSWORD_MIN
)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=NEW_PASSWORD_VALIDATORS,
        description=NEW_PASSWORD_HELP,
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
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
        description=_l("Give it to the user through a safe channel; they can change it."),
    )
    submit = SubmitField(_l("Create user"))
