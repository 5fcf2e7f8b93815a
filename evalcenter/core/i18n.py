"""Locale selection: the language link (session), then the user's preference, then zh_CN."""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask import current_app, g, session
from flask_login import current_user


@cache
def _locale(code: str) -> Locale:
    """Parsed once per process: Flask-Babel takes a Locale as it is, a string it parses."""
    return Locale.parse(code)


def select_locale() -> Locale:
    locales = current_app.config["LOCALES"]
    chosen = session.get("locale")
    if chosen in locales:
        return _locale(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in locales:
        return _locale(current_user.locale)
    return _locale(current_app.config["BABEL_DEFAULT_LOCALE"])


def select_timezone() -> str:
    return "Asia/Shanghai"


def language() -> str:
    """The language of this request's pages ("zh" or "en"), looked up once per request."""
    lang = g.get("_language")
    if lang is None:
        from flask_babel import get_locale

        lang = g._language = get_locale().language
    return lang


def is_chinese() -> bool:
    return language() == "zh"


def _translations():
    """This request's catalogue, looked up once (a page translates dozens of strings)."""
    translations = g.get("_translations")
    if translations is None:
        from flask_babel import get_translations

        translations = g._translations = get_translations()
    return translations


def install_template_gettext(app) -> None:
    """Templates translate through the request's catalogue, fetched once per request."""
    app.jinja_env.install_gettext_callables(
        lambda text: _translations().ugettext(text),
        lambda singular, plural, n: _translations().ungettext(singular, plural, n),
        newstyle=True,
    )


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
