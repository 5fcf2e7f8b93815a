"""WTForms for the application: one form class per section, built from the ruleset's input
declarations (labels, units, kinds) and the section layout (help texts)."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from markupsafe import escape
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired

from evalcenter.applications.attachments import KINDS
from evalcenter.applications.sections import HELP, SECTION_BY_ID
from evalcenter.core.forms import VersionField, required_file
from evalcenter.core.i18n import is_chinese, pick
from evalcenter.core.vocabulary import DISTRICTS
from evalcenter.scoring import Ruleset


class _RuleText(LazyString):
    """A ruleset's label in the user's language. Rule files are written by administrators:
    put into HTML (a label, a select's option) it is escaped, never taken as markup, which
    is what LazyString's own __html__ would do."""

    def __html__(self) -> str:
        return str(escape(str(self)))


def _text(label) -> LazyString:
    return _RuleText(lambda: pick(label))


def _field(spec):
    label = _text(spec.label)
    kwargs = {"label": label, "description": HELP.get(spec.key, "")}
    if spec.unit:
        kwargs["render_kw"] = {"data-unit": spec.unit}
    if spec.is_number:
        mode = "numeric" if spec.kind == "count" else "decimal"
        kwargs.setdefault("render_kw", {})["inputmode"] = mode
        return StringField(**kwargs)
    if spec.kind == "bool":
        return RadioField(
            choices=[("true", _l("Yes")), ("false", _l("No"))], validate_choice=False, **kwargs
        )
    if spec.kind == "enum":
        choices = [("", "—")] + [
            (v, _text(spec.value_labels[v])) if v in spec.value_labels else (v, v)
            for v in spec.values
        ]
        return SelectField(choices=choices, validate_choice=False, **kwargs)
    if spec.key == "district":
        choices = [("", "—")] + [
            (d, LazyString(lambda d=d, en=en: d if is_chinese() else f"{en} ({d})"))
            for d, en in DISTRICTS.items()
        ]
        return SelectField(choices=choices, validate_choice=False, **kwargs)
    if spec.kind == "text":
        return TextAreaField(render_kw={"rows": 8, "maxlength": spec.max_length or 5000}, **kwargs)
    return StringField(**kwargs)


@lru_cache(maxsize=32)
def section_form_class(ruleset: Ruleset, section_id: str) -> type[FlaskForm]:
    """The form class of one section for one ruleset (built once)."""
    specs = {spec.key: spec for spec in ruleset.inputs}
    section = SECTION_BY_ID[section_id]
    attrs = {key: _field(specs[key]) for key in section.keys if key in specs}
    attrs["version"] = VersionField()
    attrs["save"] = SubmitField(_l("Save"))
    attrs["save_next"] = SubmitField(_l("Save and continue"))
    return type(f"{section_id.title()}SectionForm", (FlaskForm,), attrs)


class ImportForm(FlaskForm):
    file = FileField(
        _l("JSON file"),
        validators=[DataRequired()],
        description=_l(
            "A file in the interchange format, e.g. one exported from "
            "this platform. Every value in it replaces the draft's."
        ),
    )
    version = VersionField()
    submit = SubmitField(_l("Import"))


class AttachmentForm(FlaskForm):
    """An evidence upload. A browser never sends a chosen file again once the page comes
    back with an error, so each message says exactly what to choose (again)."""

    kind = SelectField(
        _l("Kind of evidence"),
        choices=[("", "—")] + list(KINDS.items()),
        validators=[InputRequired(message=_l("Choose what kind of evidence the file is."))],
    )
    file = required_file(
        _l("File"),
        _l(
            "Choose the file to upload. After a refused upload the browser does not keep the "
            "chosen file: choose it again."
        ),
        _l("PDF, PNG or JPEG."),
    )
    submit = SubmitField(_l("Upload"))


COMMITMENT = _l(
    "The organisation declares that all information and evidence in this application are true, "
    "accurate and complete, that it has no serious dishonesty record, and that it accepts "
    "verification by the programme office. False statements lead to rejection or revocation of "
    "the recognition and are recorded in the credit system."
)


class SubmitApplicationForm(FlaskForm):
    version = VersionField()
    confirm = BooleanField(
        _l(
            "I have read the commitment above and confirm that the application is true, "
            "accurate and complete."
        ),
        validators=[DataRequired(message=_l("Tick the box to confirm the commitment."))],
    )
    submit = SubmitField(_l("Submit the application"))
