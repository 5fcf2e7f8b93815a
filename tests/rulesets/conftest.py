"""Rule-authoring tests publish into a temporary rules directory, never the real one."""

from __future__ import annotations

import pytest

from tests.rulesets.helpers import published_dir


@pytest.fixture()
def rules(app, tmp_path, monkeypatch):
    """The published rules directory (the reference ruleset, version 1) for this test."""
    directory = published_dir(tmp_path)
    monkeypatch.setitem(app.config, "RULES_DIR", str(directory))
    return directory
