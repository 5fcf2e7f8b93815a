"""The published rule files: where they are read and written, and the ruleset a round is
pinned to (its file verified against the pinned sha256 by the engine's one check).

With ``RULES_DIR`` (EVALCENTER_RULES_DIR) set, that one directory is read and new versions
are written to it. Otherwise the rulesets shipped with the package (read-only package data)
are listed together with ``LOCAL_RULES_DIR`` (<instance>/rules), where new versions go.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import current_app

from evalcenter.scoring import (
    Ruleset,
    RulesetError,
    RulesetInfo,
    RulesetIntegrityError,
    default_rules_dir,
    list_rulesets,
    load_pinned,
)


def rules_dir() -> Path:
    """The directory new published versions are written to."""
    configured = current_app.config.get("RULES_DIR")
    return Path(configured or current_app.config["LOCAL_RULES_DIR"])


def rules_dirs() -> tuple[Path, ...]:
    """Every directory published rule files are read from, the shipped one first."""
    configured = current_app.config.get("RULES_DIR")
    if configured:
        return (Path(configured),)
    return (default_rules_dir(), Path(current_app.config["LOCAL_RULES_DIR"]))


def published() -> list[RulesetInfo]:
    """Every published rule file, valid or not: the valid ones first, newest first."""
    infos = [info for d in rules_dirs() if d.is_dir() for info in list_rulesets(d)]
    return sorted(
        infos,
        key=lambda i: (i.valid, i.effective_date or dt.date.min, i.version or 0),
        reverse=True,
    )


def load_published(ruleset_id: str, version: int, sha256: str) -> Ruleset:
    """The published ruleset (id, version), whose file must have ``sha256``."""
    *others, last = [d for d in rules_dirs() if d.is_dir()] or rules_dirs()
    for directory in others:
        try:
            return load_pinned(directory, ruleset_id, version, sha256)
        except RulesetIntegrityError:
            raise
        except RulesetError:
            continue  # not in this directory
    return load_pinned(last, ruleset_id, version, sha256)


def ruleset_for_round(rnd) -> Ruleset:
    return load_published(rnd.ruleset_id, rnd.ruleset_version, rnd.ruleset_sha256)
