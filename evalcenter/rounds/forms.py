"""Forms for creating and editing an evaluation round, and for reopening a closed one."""

from __future__ import annotations

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    DecimalField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from evalcenter.core.forms import ConfirmForm, VersionField, WholeNumberField, reason_field
from evalcenter.rounds.lifecycle import editable_settings

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


class PointsField(DecimalField):
    """Points with at most two decimals, typed in ASCII digits (no exponent, no NaN)."""

    PATTERN = re.compile(r"\d{1,3}(\.\d{1,2})?")

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist else ""
        if not raw:
            self.data = None
            return
        if not self.PATTERN.fullmatch(raw):
            self.data = None
            raise ValueError(_l("Enter a number of points such as 20 or 12.5."))
        self.data = Decimal(raw)


def _settings():
    """The review settings, in the order the forms show them."""
    return (
        WholeNumberField(
            _l("Reviewers per application"),
            validators=[InputRequired(), NumberRange(1, 20)],
            default=5,
            description=_l(
                "How many experts review each application, from 1 to 20. With 5 or more, "
                "the highest and the lowest total are dropped."
            ),
        ),
        DateTimeLocalField(
            _l("Review deadline (Beijing time)"),
            format=BEIJING_FORMAT,
            validators=[Optional()],
            description=_l(
                "When reviewers must have submitted their scores; after the closing time."
            ),
        ),
        WholeNumberField(
            _l("Quota of recognitions (optional)"),
            validators=[Optional(), NumberRange(min=1)],
            description=_l(
                "How many centres can be recognised in this round. Leave empty for no quota."
            ),
        ),
        WholeNumberField(
            _l("Publicity length (working days)"),
            validators=[InputRequired(), NumberRange(1, 30)],
            default=5,
            description=_l("Working days on the official calendar, from 1 to 30."),
        ),
        PointsField(
            _l("Disagreement threshold (points)"),
            validators=[InputRequired(), NumberRange(0, 100)],
            default=Decimal(20),
            description=_l(
                "An application is flagged when its review totals spread more than this, "
                "from 0 to 100."
            ),
        ),
    )


SETTINGS = (
    "reviewers_per_application",
    "review_deadline",
    "quota",
    "publicity_days",
    "disagreement_threshold",
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
    (
        reviewers_per_application,
        review_deadline,
        quota,
        publicity_days,
        disagreement_threshold,
    ) = _settings()
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
    (
        reviewers_per_application,
        review_deadline,
        quota,
        publicity_days,
        disagreement_threshold,
    ) = _settings()
    version = VersionField()
    submit = SubmitField(_l("Save changes"))


class StatusForm(ConfirmForm):
    """A status change, refused when the round changed since the page was opened."""

    version = VersionField()


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


DETAILS = ("name", "description", "opens_at", "closes_at")


def edit_form(rnd, details: bool) -> RoundEditForm:
    """The edit form (``details``: with name, description and dates; otherwise the settings
    that may still change): filled from the round when opened (times in Beijing time), from
    the request when posted."""
    form = RoundEditForm()
    allowed = editable_settings(rnd.status)
    for name in (*SETTINGS, *DETAILS):
        if name not in allowed and (name in SETTINGS or not details):
            del form[name]
    if not form.is_submitted():
        if details:
            form.name.data, form.description.data = rnd.name, rnd.description
            form.opens_at.data = _naive_beijing(rnd.opens_at)
            form.closes_at.data = _naive_beijing(rnd.closes_at)
        for name in allowed:
            form[name].data = getattr(rnd, name)
        if "review_deadline" in allowed and rnd.review_deadline:
            form.review_deadline.data = _naive_beijing(rnd.review_deadline)
        form.version.data = rnd.version
    return form


def settings_of(form) -> dict:
    """The review settings the form holds, by name."""
    return {name: form[name].data for name in SETTINGS if name in form}


def status_form(rnd) -> StatusForm:
    form = StatusForm()
    if not form.is_submitted():
        form.version.data = rnd.version
    return form


def _naive_beijing(value):
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Asia/Shanghai")).replace(tzinfo=None)
