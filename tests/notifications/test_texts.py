"""Every kind has a subject and body that render in both languages with their parameters;
an unknown kind or a missing parameter still renders."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from evalcenter.notifications import texts

PARAMS = {
    "organisation": "北京犇燊科技有限公司",
    "reason": "<script>alert(1)</script>",
    "reference": "BJ-2025-0001",
    "round": "2025年度",
    "count": 3,
    "days": 2,
    "deadline": "2025-06-30 17:00",
    "reviewer": "张三",
    "starts_on": "2025-07-01",
    "ends_on": "2025-07-07",
    "minutes": 60,
}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("kind", sorted(texts.TEXTS))
def test_every_kind_renders_in_both_languages(app, kind, locale):
    with app.test_request_context(), force_locale(locale):
        subject, body = texts.render(kind, PARAMS)
    assert subject and body and "%(" not in subject + body
    assert "\n" not in subject
    used = [value for value in map(str, PARAMS.values()) if value in body]
    assert used, f"{kind}: the body shows none of its parameters"


def test_an_unknown_kind_and_missing_parameters_render_generic_text(app):
    with app.test_request_context(), force_locale("en"):
        assert texts.render("no_such_kind", {}) == (
            "News from EvalCenter",
            "There is news for you on the platform. Log in to see it.",
        )
        subject, body = texts.render("review_due", {})
    assert "%(" not in subject + body


def test_a_bilingual_parameter_is_shown_in_the_readers_language(app):
    name = {"zh": "二〇二五年度", "en": "Round 2025"}
    with app.test_request_context():
        with force_locale("en"):
            assert "Round 2025" in texts.render("review_overdue", {"round": name})[1]
        with force_locale("zh_CN"):
            assert "二〇二五年度" in texts.render("review_overdue", {"round": name})[1]
