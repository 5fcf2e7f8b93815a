"""Forms for organisation sign-up and the administrators' decision on it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, ValidationError

from evalcenter.accounts.forms import new_password_fields
from evalcenter.core import messages
from evalcenter.core.forms import reason_field
from evalcenter.core.vocabulary import DISTRICTS, INDUSTRY_FIELDS, SECTORS, choices
from evalcenter.scoring import uscc


def normalise_uscc(value: str | None) -> str:
    return (value or "").strip().upper()


def _valid_uscc(form, field) -> None:
    """The rule engine's one USCC check, with its one message."""
    problem = uscc.problem(field.data)
    if problem is not None:
        raise ValidationError(messages.text(problem))


class SignupForm(FlaskForm):
    company_name = StringField(
        _l("Company name"),
        validators=[DataRequired(), Length(min=2, max=100)],
        filters=[lambda v: v.strip() if v else v],
        description=_l("The full registered name, as on the business licence."),
    )
    uscc = StringField(
        _l("Unified social credit code (USCC)"),
        validators=[DataRequired(), _valid_uscc],
        filters=[normalise_uscc],
        description=_l("18 characters, on the business licence. Lower case is accepted."),
    )
    district = SelectField(
        _l("District"),
        choices=choices(DISTRICTS),
        validators=[DataRequired()],
        description=_l("Where the company is registered."),
    )
    industry_field = SelectField(
        _l("High-end industry field"),
        choices=choices(INDUSTRY_FIELDS),
        validators=[DataRequired()],
        description=_l("The field of the technology centre's main work."),
    )
    sector = SelectField(
        _l("Industry sector (GB/T 4754)"),
        choices=choices(SECTORS),
        validators=[DataRequired()],
        description=_l(
            "The section of the national economic classification; it sets some scoring levels."
        ),
    )
    contact_name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("The applicant contact who fills in the application."),
    )
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=255)],
        description=_l("You log in with this address."),
    )
    password, confirm = new_password_fields(_l("Password"), _l("Repeat the password"), "password")
    submit = SubmitField(_l("Register the organisation"))


class RejectionForm(FlaskForm):
    """The reason is required; the decision service says so on the field when it is missing."""

    reason = reason_field(
        _l("Reason for rejecting"),
        _l("Shown to the company: say what it must correct before registering again."),
    )
