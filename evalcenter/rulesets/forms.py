"""Forms for candidate rulesets: upload, copy a published version, edit, publish."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from evalcenter.core.forms import ConfirmForm, VersionField

TITLE_HINT = _l("A name for you and your colleagues, e.g. “2026 draft: higher R&D threshold”.")
FILE_HINT = _l("A YAML rule file (UTF-8 text, at most 1 MB). It is read, never run.")
BASE_HINT = _l("Its text is copied; the copy's version is set to the next one.")


class _NewCandidate(FlaskForm):
    title = StringField(_l("Name of the candidate"), [Length(max=200)], description=TITLE_HINT)


class UploadForm(_NewCandidate):
    file = FileField(_l("Rule file"), [DataRequired()], description=FILE_HINT)
    submit = SubmitField(_l("Upload"))


class CopyForm(_NewCandidate):
    base = SelectField(
        _l("Published version to start from"), [DataRequired()], description=BASE_HINT
    )
    submit = SubmitField(_l("Start from this version"))


class DraftForm(FlaskForm):
    version = VersionField()
    title = StringField(_l("Name of the candidate"), [DataRequired(), Length(max=200)])
    content = TextAreaField(
        _l("Rule file (YAML)"),
        [InputRequired()],
        description=_l("Saving keeps what you typed, even with problems; they are listed below."),
    )
    submit = SubmitField(_l("Save and check"))


class PublishForm(ConfirmForm):
    version = VersionField()
