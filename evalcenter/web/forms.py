"""The audit log's filter form (a GET form: no CSRF token, arguments checked like any form)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional, ValidationError

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _plausible(form, field) -> None:
    if field.data and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(_l("Enter a date between 2000 and 2100."))


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = StringField(_l("Action"), validators=[Optional(), Length(max=64)])
    actor = StringField(_l("Actor"), validators=[Optional(), Length(max=255)])
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(max=64)])
    date_from = DateField(_l("From"), name="from", validators=[Optional(), _plausible])
    date_to = DateField(_l("To"), name="to", validators=[Optional(), _plausible])
