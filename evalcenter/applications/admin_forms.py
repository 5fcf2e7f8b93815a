"""The administrators' formal check: accepting (with the verified discrepancies) and
returning (with the reason the company is shown) each on a confirmation page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import NumberRange, Optional

from evalcenter.core.forms import WholeNumberField, reason_field


class AcceptForm(FlaskForm):
    discrepancies = WholeNumberField(
        _l("Verified discrepancies"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=1000)],
        description=_l(
            "Figures found not to match the evidence; each deducts 5 points (at most 15)."
        ),
    )


class ReturnForm(FlaskForm):
    """The reason is required; the formal-check service says so on the field when missing."""

    reason = reason_field(
        _l("What the company must correct"),
        _l("Shown to the company as the reason its application was returned."),
        2000,
    )
