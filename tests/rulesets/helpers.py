"""Helpers for rule-authoring tests: the reference rule file, candidates made from it, and a
temporary published rules directory."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from evalcenter.extensions import db
from evalcenter.rulesets.models import RulesetDraft
from evalcenter.scoring import default_rules_dir
from tests.applications.helpers import form_fields

REFERENCE = default_rules_dir() / "bj-excellent-etc-2025.yaml"
TEXT = REFERENCE.read_text(encoding="utf-8")


def version_2(text: str = TEXT) -> str:
    """The reference ruleset as version 2, C4 needing 3 national platforms for full marks."""
    text = text.replace("  version: 1\n", "  version: 2\n", 1)
    return text.replace(
        "value: national_platforms\n          levels: {basic: 1, full: 2}",
        "value: national_platforms\n          levels: {basic: 1, full: 3}",
    )


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which ``fragment`` first appears."""
    return text[: text.index(fragment)].count("\n") + 1


def with_error(text: str) -> tuple[str, int]:
    """``text`` with one error (an unknown field in G6's condition) and the error's line."""
    broken = text.replace("require: valid_ip >= 10", "require: valid_ipp >= 10", 1)
    return broken, line_of(broken, "valid_ipp")


def published_dir(tmp_path: Path) -> Path:
    """A published rules directory holding the reference ruleset (version 1)."""
    rules = tmp_path / "published-rules"
    rules.mkdir()
    shutil.copy(REFERENCE, rules / REFERENCE.name)
    return rules


def make_draft(content: str = TEXT, title: str = "2026 candidate") -> RulesetDraft:
    draft = RulesetDraft(title=title, content=content)
    db.session.add(draft)
    db.session.commit()
    return draft


def post_form(client, page: str, action: str, changes: dict, files: dict | None = None):
    """Post the form of ``page`` that posts to ``action``, its fields as rendered."""
    html = client.get(page).get_data(as_text=True)
    data: dict = {k: v[0] for k, v in form_fields(html, action).items()}
    textareas = re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S)
    for name, value in textareas:
        data.setdefault(name, _unescape(value))
    data.update(changes)
    for name, (raw, filename) in (files or {}).items():
        data[name] = (io.BytesIO(raw), filename)
    return client.post(action, data=data, content_type="multipart/form-data")


def _unescape(html: str) -> str:
    import html as html_module

    return html_module.unescape(html)
