"""Forms for revoking and correcting a certificate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from evalcenter.core.forms import RequiredByService, VersionField, reason_field


class RevokeForm(FlaskForm):
    reason = reason_field(
        _l("Reason for the revocation"),
        _l("Shown on the public verification page, with the date."),
    )
    version = VersionField()


class CorrectForm(FlaskForm):
    """The details a corrected certificate prints; the rest comes from the application."""

    company_name = StringField(
        _l("Company name"),
        validators=[RequiredByService(), Length(max=100)],
        description=_l("As registered, with every character exactly as on the business licence."),
    )
    centre_name = StringField(
        _l("Technology centre name"),
        validators=[RequiredByService(), Length(max=120)],
        description=_l("The recognised centre as the certificate names it."),
    )
    district = StringField(_l("District"), validators=[Length(max=32)])
    reason = reason_field(
        _l("Reason for the correction"),
        _l("Shown on the old certificate's verification page, which links to the new one."),
    )
