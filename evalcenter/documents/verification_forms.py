"""Forms of the public verification pages: find a certificate, check a file."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length

from evalcenter.core.forms import required_file


class SearchForm(FlaskForm):
    """A serial number and the company's name: a certificate is found only when both match."""

    serial = StringField(
        _l("Serial number"),
        validators=[
            InputRequired(message=_l("Enter the serial number printed on the certificate.")),
            Length(max=32),
        ],
        description=_l("As printed on the certificate, for example BJ-ETC-2025-0001."),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    company_name = StringField(
        _l("Company name"),
        validators=[
            InputRequired(message=_l("Enter the company's name as printed on the certificate.")),
            Length(max=200),
        ],
        description=_l(
            "Exactly as printed on the certificate, with the same brackets and characters."
        ),
        render_kw={"autocomplete": "organization"},
    )
    submit = SubmitField(_l("Find the certificate"))


class FileCheckForm(FlaskForm):
    """A PDF to compare with the issued certificate file; it is read, never stored."""

    file = required_file(
        _l("Certificate file (PDF)"),
        _l(
            "Choose the PDF file to check. After a refused file the browser does not keep the "
            "chosen file: choose it again."
        ),
        _l("The file is compared and then discarded: it is not kept."),
    )
    submit = SubmitField(_l("Check the file"))
