"""Forms for decisions, the publicity start, objections and the configured calendar days."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from evalcenter.core.forms import RequiredByService, VersionField, reason_field
from evalcenter.decisions import objections
from evalcenter.decisions.services import MAX_RATIONALE

OUTCOME_CHOICES = [
    ("recognised", _l("Recognise")),
    ("not_recognised", _l("Do not recognise")),
]


def _rationale():
    return TextAreaField(
        _l("Rationale"),
        validators=[Length(max=MAX_RATIONALE)],
        description=_l(
            "Required when the application is not recognised: the company sees it once the "
            "publicity starts."
        ),
    )


class DecisionForm(FlaskForm):
    outcome = RadioField(
        _l("Decision"),
        choices=OUTCOME_CHOICES,
        validators=[InputRequired(message=_l("Choose whether the application is recognised."))],
    )
    rationale = _rationale()
    version = VersionField()
    submit = SubmitField(_l("Save the decision"))


class BulkDecisionForm(FlaskForm):
    """The confirmation of a decision for several applications (listed in the query)."""

    rationale = _rationale()


class PublicityForm(FlaskForm):
    starts_on = DateField(
        _l("First day of the publicity"),
        validators=[InputRequired(message=_l("Enter the first day of the publicity."))],
        description=_l("A working day; by default the next one."),
    )


class ObjectionForm(FlaskForm):
    """Every check lives in the objections service; the fields only limit their length."""

    application_id = SelectField(
        _l("Organisation you object to"),
        coerce=int,
        validate_choice=False,
        validators=[RequiredByService()],
        description=_l("One of the organisations listed above."),
    )
    name = StringField(
        _l("Your real name"),
        validators=[RequiredByService(), Length(max=objections.MAX_NAME)],
        description=_l("Anonymous objections are not accepted."),
    )
    contact = StringField(
        _l("Phone or e-mail"),
        validators=[RequiredByService(), Length(max=objections.MAX_CONTACT)],
        description=_l("Where the programme office can reach you about your objection."),
    )
    text = TextAreaField(
        _l("Your objection"),
        validators=[RequiredByService(), Length(max=objections.MAX_TEXT)],
        description=_l("The facts you object to and, if you can, how they can be verified."),
    )
    submit = SubmitField(_l("Send the objection"))

    def spec(self) -> objections.NewObjection:
        return objections.NewObjection(
            application_id=self.application_id.data or 0,
            name=self.name.data or "",
            contact=self.contact.data or "",
            text=self.text.data or "",
        )


class ResolveForm(FlaskForm):
    outcome = reason_field(
        _l("Outcome"),
        _l("What was checked and what was concluded; kept with the objection."),
        objections.MAX_OUTCOME,
    )
    version = VersionField()


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired(message=_l("Enter the date."))])
    working = BooleanField(
        _l("A working day"),
        validators=[Optional()],
        description=_l("Tick for an extra working day; leave empty for an extra holiday."),
    )
    name = StringField(
        _l("Name"),
        validators=[RequiredByService(), Length(max=100)],
        description=_l("Such as the holiday or the announcement it comes from."),
    )
    submit = SubmitField(_l("Add the day"))
