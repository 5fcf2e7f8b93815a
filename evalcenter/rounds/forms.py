"""Form for creating an evaluation round."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, ValidationError

from evalcenter.core.forms import WholeNumberField


class RoundForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("E.g. 2025年度北京市高精尖产业优秀企业技术中心评价"),
    )
    year = WholeNumberField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    description = TextAreaField(
        _l("Description"),
        validators=[Length(max=5000)],
        description=_l("Shown to applicants; plain text."),
    )
    ruleset = SelectField(
        _l("Scoring ruleset"),
        validators=[DataRequired()],
        description=_l(
            "The round is pinned to this version and its SHA-256; it cannot change later."
        ),
    )
    opens_at = DateTimeLocalField(
        _l("Opens (Beijing time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )
    closes_at = DateTimeLocalField(
        _l("Closes (Beijing time)"), format="%Y-%m-%dT%H:%M", validators=[DataRequired()]
    )
    status = SelectField(
        _l("Status"),
        choices=[("draft", _l("Being prepared")), ("open", _l("Open for applications"))],
    )
    submit = SubmitField(_l("Create round"))

    def validate_closes_at(self, field) -> None:
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The closing time must be after the opening time."))
