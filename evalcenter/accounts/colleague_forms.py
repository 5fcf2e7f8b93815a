"""Forms for inviting colleagues and for accepting an invitation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from evalcenter.accounts.forms import new_password_fields


def _strip(value: str | None) -> str | None:
    return value.strip() if value else value


class InviteForm(FlaskForm):
    name = StringField(
        _l("Colleague's name"),
        validators=[DataRequired(), Length(max=100)],
        filters=[_strip],
        description=_l("Shown to your colleagues on the platform; they can correct it."),
    )
    email = EmailField(
        _l("Colleague's email"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=255)],
        filters=[_strip],
        description=_l("The invitation link goes to this address, and they log in with it."),
    )
    submit = SubmitField(_l("Send invitation"))


class AcceptInvitationForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=100)],
        filters=[_strip],
        description=_l("As your colleagues will see it."),
    )
    password, confirm = new_password_fields(
        _l("Choose a password"), _l("Repeat the password"), "password"
    )
    submit = SubmitField(_l("Create my account"))
