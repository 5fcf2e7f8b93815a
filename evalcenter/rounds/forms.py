"""Forms for creating and editing an evaluation round, and for reopening a closed one."""

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

from evalcenter.core.forms import VersionField, WholeNumberField, reason_field

BEIJING_FORMAT = "%Y-%m-%dT%H:%M"


def _name():
    return StringField(
        _l("Round name"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("E.g. 2025年度北京市高精尖产业优秀企业技术中心评价"),
    )


def _description():
    return TextAreaField(
        _l("Description"),
        validators=[Length(max=5000)],
        description=_l("Shown to applicants; plain text."),
    )


def _time(label, description=""):
    return DateTimeLocalField(
        label, format=BEIJING_FORMAT, validators=[DataRequired()], description=description
    )


class _Dates:
    def validate_closes_at(self, field) -> None:
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The closing time must be after the opening time."))


class RoundForm(_Dates, FlaskForm):
    name = _name()
    year = WholeNumberField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    description = _description()
    ruleset = SelectField(
        _l("Scoring ruleset"),
        validators=[DataRequired()],
        description=_l(
            "The round is pinned to this version and its SHA-256; it cannot change later."
        ),
    )
    opens_at = _time(_l("Opens (Beijing time)"))
    closes_at = _time(_l("Closes (Beijing time)"))
    status = SelectField(
        _l("Status"),
        choices=[("draft", _l("Being prepared")), ("open", _l("Open for applications"))],
    )
    submit = SubmitField(_l("Create round"))


class RoundEditForm(_Dates, FlaskForm):
    """Until the round closes; the ruleset it is pinned to never changes."""

    name = _name()
    description = _description()
    opens_at = _time(_l("Opens (Beijing time)"))
    closes_at = _time(
        _l("Closes (Beijing time)"),
        _l("To extend the deadline, set a later closing time. It must be in the future."),
    )
    version = VersionField()
    submit = SubmitField(_l("Save changes"))


class ReopenForm(FlaskForm):
    reason = reason_field(
        _l("Why the round is reopened"),
        _l("Recorded in the audit log, e.g. “closed by mistake before the deadline”."),
    )
    closes_at = DateTimeLocalField(
        _l("New closing time (Beijing time)"),
        format=BEIJING_FORMAT,
        validators=[DataRequired(message=_l("Enter the new closing time."))],
        description=_l("It must be in the future."),
    )
    submit = SubmitField(_l("Reopen the round"))


def edit_form(rnd) -> RoundEditForm:
    """The edit form: filled from the round when opened (times in Beijing time), from the
    request when posted."""
    form = RoundEditForm()
    if not form.is_submitted():
        form.name.data, form.description.data = rnd.name, rnd.description
        form.opens_at.data = _naive_beijing(rnd.opens_at)
        form.closes_at.data = _naive_beijing(rnd.closes_at)
        form.version.data = rnd.version
    return form


def _naive_beijing(value):
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
