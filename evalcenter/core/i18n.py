"""Locale selection: the language link (session), then the user's preference, then zh_CN."""

from __future__ import annotations

from flask import current_app, session
from flask_login import current_user


def select_locale() -> str:
    locales = current_app.config["LOCALES"]
    chosen = session.get("locale")
    if chosen in locales:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in locales:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return "Asia/Shanghai"


def is_chinese() -> bool:
    from flask_babel import get_locale

    return get_locale().language == "zh"


def pick(label) -> str:
    """The Chinese or English text of a bilingual label (``.zh`` / ``.en``); English starts
    with a capital letter, as labels and messages do on the page."""
    if is_chinese():
        return label.zh
    text = label.en
    return text[:1].upper() + text[1:]


def pick_dict(label: dict) -> str:
    """The Chinese or English text of a ``{"zh": ..., "en": ...}`` mapping."""
    return label.get("zh" if is_chinese() else "en", "")
