"""Forms and form helpers every feature shares."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from evalcenter.core import messages
from evalcenter.core.errors import ServiceError
from evalcenter.core.types import whole_number


class RequiredByService:
    """Marks a field required (its label says so) whose emptiness the service refuses with
    its own message on the field; it checks nothing itself."""

    field_flags = {"required": True}

    def __call__(self, form: Any, field: Any) -> None:
        return None


def required_file(label: Any, message: Any, description: Any) -> FileField:
    """A file field that must be chosen; ``message`` says what to choose again (a browser
    never keeps a chosen file once the page comes back with an error)."""
    return FileField(label, validators=[DataRequired(message=message)], description=description)


def spec_from(form: Any, spec: type, **more: Any) -> Any:
    """The dataclass ``spec`` a service takes, filled from the form's fields of the same
    names (``more`` gives the others)."""
    names = [f.name for f in dataclasses.fields(spec) if f.name not in more]
    return spec(**{name: form[name].data for name in names}, **more)


def reason_field(label: Any, description: Any, max_length: int = 1000) -> TextAreaField:
    """The reason an administrator gives for a decision: required (the service says so on
    the field when it is missing), at most ``max_length`` characters."""
    validators = [RequiredByService(), Length(max=max_length)]
    return TextAreaField(label, validators=validators, description=description)


class ConfirmForm(FlaskForm):
    """An empty form: a CSRF-protected button."""

    submit = SubmitField(_l("Confirm"))


class VersionField(HiddenField):
    """The version of the record the form was opened on (optimistic locking). Anything but
    plain ASCII digits reads as 0, a version no record has, so the save is refused as a
    conflict rather than guessed."""

    def process_formdata(self, valuelist: list[str]) -> None:
        version = whole_number(valuelist[0]) if valuelist else None
        self.data = version if version is not None and version >= 0 else 0


class WholeNumberField(IntegerField):
    """A whole number typed in ASCII digits (an optional minus sign); anything else, such as
    other scripts' digits or hundreds of digits, is a field error, never a guess."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = whole_number(valuelist[0].strip())
        if self.data is None:
            raise ValueError(self.gettext("Not a valid integer value."))


def _add(form: Any, field: str | None, text: str) -> None:
    if field and field in form:
        form[field].errors = [*form[field].errors, text]
    else:
        form.form_errors.append(text)


def show_error(error: ServiceError, form: Any = None) -> None:
    """Put a service error on its form field, in the form's error summary, or in a flash.

    The problems an error lists (e.g. every invalid answer) each go beside their field."""
    if form is None:
        flash(messages.text(error), "danger")
        return
    if not error.problems:
        _add(form, error.field, messages.text(error))
        return
    flash(messages.text(error), "danger")
    for problem in error.problems:
        _add(form, messages.field_of(problem), messages.text(problem))
