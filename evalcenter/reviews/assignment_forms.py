"""Forms of the assignment pages: pin or forbid a pair, save the previewed assignment, confirm
a replacement."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from evalcenter.core.forms import ConfirmForm, WholeNumberField


class ConstraintForm(FlaskForm):
    application = SelectField(_l("Application"), coerce=int, validators=[InputRequired()])
    reviewer = SelectField(_l("Reviewer"), coerce=int, validators=[InputRequired()])
    kind = RadioField(
        _l("Rule for this pair"),
        choices=[("pin", _l("Must review it (pin)")), ("forbid", _l("Must not review it"))],
        default="pin",
        validators=[InputRequired()],
    )
    submit = SubmitField(_l("Add and solve again"))


def constraint_form(page) -> ConstraintForm:
    form = ConstraintForm()
    form.application.choices = page.application_choices
    form.reviewer.choices = page.reviewer_choices
    return form


class SaveForm(ConfirmForm):
    """Carries the digest of the previewed assignment: a different one is not saved."""

    digest = HiddenField()


class ReplaceForm(ConfirmForm):
    """Carries the suggested reviewer; the service checks them again."""

    reviewer = WholeNumberField(widget=HiddenInput())
