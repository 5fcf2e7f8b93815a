"""The ruleset a round is pinned to, loaded once per file content and verified every time."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app

from evalcenter.scoring import Ruleset, RulesetIntegrityError, find_ruleset, ruleset_from_bytes
from evalcenter.scoring.errors import RuleProblem


def rules_dir() -> Path:
    from evalcenter.scoring import default_rules_dir

    configured = current_app.config.get("RULES_DIR")
    return Path(configured) if configured else default_rules_dir()


@lru_cache(maxsize=64)
def _path_of(directory: str, ruleset_id: str, version: int) -> Path:
    return find_ruleset(directory, ruleset_id, version)


@lru_cache(maxsize=16)
def _parse(sha256: str, data: bytes, filename: str) -> Ruleset:
    return ruleset_from_bytes(data, filename)


def load_pinned(ruleset_id: str, version: int, sha256: str) -> Ruleset:
    """The published ruleset; refuses a file whose sha256 differs from the pinned one."""
    path = _path_of(str(rules_dir()), ruleset_id, version)
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != sha256:
        raise RulesetIntegrityError(
            [
                RuleProblem(
                    str(path),
                    1,
                    ruleset_id,
                    f"sha256 {actual} does not match the pinned {sha256}; published rule files "
                    "must never be edited",
                )
            ]
        )
    return _parse(actual, data, str(path))


def ruleset_for_round(rnd) -> Ruleset:
    return load_pinned(rnd.ruleset_id, rnd.ruleset_version, rnd.ruleset_sha256)
