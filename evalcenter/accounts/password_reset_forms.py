"""Forms for asking for a password reset link and for setting the new password."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from evalcenter.accounts.forms import new_password_fields


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=255)],
        description=_l("The address you log in with."),
    )
    submit = SubmitField(_l("Send me a reset link"))


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields(
        _l("New password"), _l("Repeat the new password"), "password"
    )
    submit = SubmitField(_l("Set the new password"))
