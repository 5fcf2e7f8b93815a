"""The ruleset a round is pinned to: its file verified against the pinned sha256 by the
engine's one check, from the configured rules directory."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from evalcenter.scoring import Ruleset, default_rules_dir, load_pinned


def rules_dir() -> Path:
    """EVALCENTER_RULES_DIR, or the rulesets shipped with the package."""
    configured = current_app.config.get("RULES_DIR")
    return Path(configured) if configured else default_rules_dir()


def ruleset_for_round(rnd) -> Ruleset:
    return load_pinned(rules_dir(), rnd.ruleset_id, rnd.ruleset_version, rnd.ruleset_sha256)
