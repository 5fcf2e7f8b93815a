"""Forms for a reviewer's profile (administrators) and for a declared relation (reviewers and
administrators)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from evalcenter.core.forms import RequiredByService, VersionField, WholeNumberField, reason_field
from evalcenter.core.labels import RELATION_KIND_LABELS


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (rendered as a fieldset by the field macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _uscc(label, description, required=False):
    return StringField(
        label,
        validators=[RequiredByService(), Length(max=18)] if required else [Length(max=18)],
        filters=[lambda v: v.strip().upper() if v else v],
        description=description,
    )


class ProfileForm(FlaskForm):
    expertise = MultiCheckboxField(
        _l("Expertise fields"),
        validate_choice=False,  # the service names an unknown field on the field
        description=_l("The high-end industry fields the reviewer can judge; used to match them."),
    )
    employer_name = StringField(
        _l("Employer"),
        validators=[Length(max=200)],
        description=_l("The organisation the reviewer works for, as registered."),
    )
    employer_uscc = _uscc(
        _l("Employer's USCC"),
        _l("18 characters. The reviewer is never assigned to this organisation."),
    )
    max_load = WholeNumberField(
        _l("Most assignments per round (optional)"),
        validators=[Optional(), NumberRange(min=1, max=1000)],
        description=_l("Leave empty to balance the load evenly among reviewers."),
    )
    version = VersionField()
    submit = SubmitField(_l("Save the profile"))


class RelationForm(FlaskForm):
    organisation_name = StringField(
        _l("Organisation name"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("The full registered name."),
    )
    organisation_uscc = _uscc(
        _l("Organisation's USCC"),
        _l("18 characters, on the business licence. Lower case is accepted."),
        required=True,
    )
    kind = RadioField(
        _l("Kind of relation"),
        choices=list(RELATION_KIND_LABELS.items()),
        validators=[RequiredByService()],
        validate_choice=False,  # the service says so on the field
        description=_l("You are never assigned to review an organisation you are related to."),
    )
    reason = reason_field(
        _l("Reason"), _l("What the relation is, e.g. “served on its technical advisory board”.")
    )
    submit = SubmitField(_l("Declare the relation"))


def profile_form(profile, choices) -> ProfileForm:
    """Filled from the profile (or empty, version 0) when opened; from the request when posted."""
    form = ProfileForm()
    form.expertise.choices = choices
    if not form.is_submitted():
        if profile is not None:
            form.expertise.data = list(profile.fields or [])
            form.employer_name.data = profile.employer_name
            form.employer_uscc.data = profile.employer_uscc or ""
            form.max_load.data = profile.max_load
        form.version.data = profile.version if profile else 0
    return form
