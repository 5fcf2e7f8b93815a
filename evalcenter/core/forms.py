"""Forms and form helpers every feature shares."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField

from evalcenter.core import messages
from evalcenter.core.errors import ServiceError


class ConfirmForm(FlaskForm):
    """An empty form: a CSRF-protected button."""

    submit = SubmitField(_l("Confirm"))


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
        field = getattr(problem, "field", None) or getattr(problem, "key", None)
        _add(form, field, messages.text(problem))
