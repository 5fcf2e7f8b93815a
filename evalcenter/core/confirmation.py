"""The confirmation step before an irreversible or wide-reaching action: a page of its own
(``core/confirm.html``) that states the consequences and posts back to the same URL, so it
works without JavaScript. A view answers GET (or an invalid POST) with :func:`confirm_page`
and performs the action on a valid POST."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import render_template, request

from evalcenter.core.forms import ConfirmForm


def page_texts(title: Any, button_text: Any, kind: str, consequences: Sequence[Any]) -> dict:
    """What a service says about an action's confirmation page (keyword arguments of
    :func:`confirm_page`): its question, button, look and consequences."""
    return {"title": title, "button_text": button_text, "kind": kind, "consequences": consequences}


def confirm_page(
    *,
    title: str,
    button_text: str,
    cancel: str,
    consequences: Sequence[str] = (),
    form: Any = None,
    kind: str = "danger",
    irreversible: bool = False,
    thing: str | None = None,
    action: str | None = None,
) -> tuple[str, int]:
    """The page, posting back to ``action`` (default: this URL); 422 when the form was posted
    with errors (e.g. a missing reason)."""
    form = form if form is not None else ConfirmForm()
    status = 422 if getattr(form, "errors", None) else 200
    context = {
        "title": title,
        "action": action or request.path,
        "button_text": button_text,
        "cancel": cancel,
        "consequences": consequences,
        "form": form,
        "kind": kind,
        "irreversible": irreversible,
        "thing": thing,
    }
    return render_template("core/confirm.html", **context), status
