"""Jinja globals and filters shared by every page."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, request, url_for
from flask_babel import format_datetime

from evalcenter.core import labels, vocabulary
from evalcenter.core.i18n import is_chinese, pick, pick_dict
from evalcenter.core.roles import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The numeric patterns the pages use read the same in every language: strftime is enough.
NUMERIC_PATTERNS = {
    "yyyy-MM-dd HH:mm": "%Y-%m-%d %H:%M",
    "yyyy-MM-dd HH:mm:ss": "%Y-%m-%d %H:%M:%S",
    "HH:mm:ss": "%H:%M:%S",
}


def _local_time(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A stored UTC time in Beijing time."""
    if not value:
        return ""
    if fmt in NUMERIC_PATTERNS:
        return value.astimezone(SHANGHAI).strftime(NUMERIC_PATTERNS[fmt])
    return format_datetime(value, fmt)


def _audit_json(value, indent: int | None = None) -> str:
    """Audit before/after values as readable JSON (Chinese kept, escaped by autoescape)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str, indent=indent)


def _figure(value, places: int = 2):
    """A computed decimal for display: whole numbers as they are, others to `places`."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return value


def _lang_url(code: str) -> str:
    return url_for("core.set_language", code=code, next=request.full_path.rstrip("?"))


def _url_with(**changes) -> str:
    """This page's URL with some query arguments replaced (for pagers and filters).

    Query arguments that `url_for` would read as its own (`endpoint`, `_method`, …) or that
    would clash with the route's own arguments are dropped."""
    view_args = request.view_args or {}
    query = {
        k: v
        for k, v in request.args.to_dict().items()
        if k not in view_args and k != "endpoint" and not k.startswith("_")
    }
    return url_for(request.endpoint, **{**query, **changes}, **view_args)


def _step_text(step) -> str:
    """One step of a scoring trace in the user's language (a live step, or one stored with
    its code and parameters)."""
    from flask_babel import gettext

    from evalcenter.explain import render_step

    return render_step(step, gettext, is_chinese())


_SENTINEL = 918273645546372819


def url_pattern(endpoint: str, arg: str, **values: Any) -> str:
    """The URL of ``endpoint`` with ``arg`` left as a ``%d`` placeholder: a long list builds its
    rows' links with ``pattern % id`` rather than one ``url_for`` (and template call) each."""
    url = url_for(endpoint, **{arg: _SENTINEL}, **values).replace("%", "%%")
    return url.replace(str(_SENTINEL), "%d", 1)


def current_locale() -> str:
    """The interface language as one of the configured codes (zh_CN, en)."""
    return "zh_CN" if is_chinese() else "en"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["local_time"] = _local_time
    app.jinja_env.filters["audit_json"] = _audit_json
    app.jinja_env.filters["figure"] = _figure
    app.jinja_env.filters["step_text"] = _step_text
    app.jinja_env.filters["unit"] = lambda unit: vocabulary.unit_text(unit, is_chinese())
    app.jinja_env.globals.update(
        labels=labels,
        Role=Role,
        vocabulary=vocabulary,
        label=labels.label,
        lang_url=_lang_url,
        url_with=_url_with,
        current_locale=current_locale,
        url_pattern=url_pattern,
        pick=pick,
        pick_dict=pick_dict,
    )
