"""No page of any role shows a raw identifier (status codes such as `pending`, data keys such
as `main_revenue`, rule syntax such as `when:`) in its visible text, nor a broken button class,
in either language. Administrators' `<details>` blocks, which show raw JSON on demand, are
left out; nothing else is."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser

import pytest

from evalcenter.core import labels
from evalcenter.scoring import default_rules_dir, load_ruleset
from tests.conftest import client_for
from tests.factories import REFERENCE_RULES
from tests.main_pages import ROLES, build_world, expected_status, pages, user_of

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
RULE_SYNTAX = re.compile(r"\b(?:when|cap|numerator|denominator|levels|if_\w+):")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
STATUS_CODES = {
    *labels.APPLICATION_STATUS_LABELS,
    *labels.ROUND_STATUS_LABELS,
    *labels.ORGANISATION_STATUS_LABELS,
    *(str(role) for role in labels.ROLE_LABELS),
    "ineligible",
    "eligible",
    "in_progress",
    "not_started",
    "complete",
}
BROKEN_BUTTON = re.compile(r"\bbtn-btn-")
CHINESE = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
BESIDE_CHINESE = re.compile(rf"(?<={CHINESE})([a-z_]+)\b|\b([a-z_]+)(?={CHINESE})")


class _VisibleText(HTMLParser):
    """The text nodes of a page, each on its own, outside script and style and, with
    `raw_allowed`, outside what shows raw data on purpose (details, textarea, a rule
    file's numbered listing)."""

    def __init__(self, raw_allowed: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.raw_allowed = raw_allowed
        self.skipping: str | None = None  # the tag of the outermost skipped element
        self.nested = 0
        self.texts: list[str] = []

    def _skips(self, tag: str, attrs) -> bool:
        if tag in ("script", "style"):
            return True
        names = {name for name, _ in attrs}
        return self.raw_allowed and (tag in ("details", "textarea") or "data-listing" in names)

    def handle_starttag(self, tag, attrs):
        if self.skipping == tag:
            self.nested += 1
        elif self.skipping is None and self._skips(tag, attrs):
            self.skipping, self.nested = tag, 1

    def handle_endtag(self, tag):
        if self.skipping == tag:
            self.nested -= 1
            if not self.nested:
                self.skipping = None

    def handle_data(self, data):
        if self.skipping is None and data.strip():
            self.texts.append(" ".join(data.split()))


def raw_identifiers(html: str, *, chinese: bool, raw_allowed: bool) -> set[str]:
    """What in the page's visible text looks like a raw identifier."""
    parser = _VisibleText(raw_allowed)
    parser.feed(html)
    found = set(BROKEN_BUTTON.findall(html))
    codes = STATUS_CODES | _input_keys()
    for text in parser.texts:
        text = EMAIL.sub(" ", text)
        found.update(SNAKE_CASE.findall(text))
        found.update(RULE_SYNTAX.findall(text))
        if text in STATUS_CODES:  # a cell or tag that shows nothing but a code
            found.add(text)
        if chinese:  # an English code word right beside Chinese text: "状态：pending"
            words = {m.group(1) or m.group(2) for m in BESIDE_CHINESE.finditer(text)}
            found.update(words & codes)
    return found


@cache
def _input_keys() -> frozenset[str]:
    """The data keys of the reference ruleset (main_revenue, employees, uscc …)."""
    ruleset = load_ruleset(default_rules_dir() / REFERENCE_RULES)
    return frozenset(spec.key for spec in ruleset.inputs)


def test_the_scan_finds_what_it_looks_for():
    html = (
        "<p>状态：pending</p><td>in_progress</td><p>when: rd_expenditure &gt; 0</p>"
        '<a class="btn btn-btn-primary">提交</a><details><p>main_revenue</p></details>'
        "<script>var not_shown = 1;</script><p>clerk_1@example.cn</p><p>employees人</p>"
    )
    assert raw_identifiers(html, chinese=True, raw_allowed=False) == {
        "pending",
        "in_progress",
        "when:",
        "rd_expenditure",
        "btn-btn-",
        "main_revenue",
        "employees",
    }
    assert "main_revenue" not in raw_identifiers(html, chinese=True, raw_allowed=True)
    untranslated = "<p>北京犇燊科技 submitted its application to 2025年度评价.</p>"
    assert raw_identifiers(untranslated, chinese=True, raw_allowed=False) == set()
    english = "<p>Two invitations are pending.</p><td>pending</td><p>Employees</p>"
    assert raw_identifiers(english, chinese=False, raw_allowed=False) == {"pending"}


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_raw_identifier(app, people, role):
    world = build_world(people)
    found: dict[str, set[str]] = {}
    for language in ("zh_CN", "en"):
        client = client_for(app, user_of(world, role))
        client.get(f"/lang/{language}")
        for name, url in pages(world)[role]:
            response = client.get(url)
            assert response.status_code == expected_status(name), (name, url)
            html = response.get_data(as_text=True)
            chinese = language == "zh_CN"
            # administrators and reviewers open the scoring trace (raw by nature) on purpose
            raw_allowed = role in ("admin", "reviewer")
            if hits := raw_identifiers(html, chinese=chinese, raw_allowed=raw_allowed):
                found[f"{name} ({language}) {url}"] = hits
    assert not found, "\n".join(f"{page}: {sorted(hits)}" for page, hits in found.items())
