"""Published rule files: listing, finding by id and version, and sha256 checks.

A published rule file is never edited; a new version is a new file. A round
pins (id, version, sha256); :func:`load_published` refuses a file whose
sha256 no longer matches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import RuleProblem, RulesetError, RulesetIntegrityError
from .ruleset import Ruleset, load_ruleset

RULES_DIR_ENV = "EVALCENTER_RULES_DIR"
RULE_FILE_PATTERNS = ("*.yaml", "*.yml")


@dataclass(frozen=True)
class RulesetInfo:
    """One rule file in a directory; ``problems`` is empty when it is valid."""

    path: Path
    sha256: str
    id: str | None
    version: int | None
    effective_date: dt.date | None
    title_en: str | None
    title_zh: str | None
    problems: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


def default_rules_dir() -> Path:
    """``$EVALCENTER_RULES_DIR`` or the repository's ``scoring_rules/`` directory."""
    env = os.environ.get(RULES_DIR_ENV)
    if env:
        return Path(env)
    import evalcenter

    return Path(evalcenter.__file__).resolve().parent.parent / "scoring_rules"


def sha256_file(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def verify_sha256(path: str | Path, expected: str) -> None:
    """Raise :class:`RulesetIntegrityError` unless the file's sha256 equals ``expected``."""
    actual = sha256_file(path)
    if actual != expected.lower():
        raise RulesetIntegrityError(
            [
                RuleProblem(
                    str(path),
                    1,
                    "ruleset",
                    f"sha256 {actual} does not match the published "
                    f"{expected}; published rule files must never be edited",
                )
            ]
        )


verify = verify_sha256


def _rule_files(directory: Path) -> list[Path]:
    files: set[Path] = set()
    for pattern in RULE_FILE_PATTERNS:
        files.update(p for p in directory.glob(pattern) if p.is_file())
    return sorted(files)


def list_rulesets(directory: str | Path | None = None) -> list[RulesetInfo]:
    """Every rule file in ``directory`` (valid or not), newest first."""
    directory = Path(directory) if directory is not None else default_rules_dir()
    infos = []
    for path in _rule_files(directory):
        digest = sha256_file(path)
        try:
            rs = load_ruleset(path)
        except RulesetError as exc:
            infos.append(
                RulesetInfo(
                    path, digest, None, None, None, None, None, tuple(str(p) for p in exc.problems)
                )
            )
            continue
        infos.append(
            RulesetInfo(
                path, rs.sha256, rs.id, rs.version, rs.effective_date, rs.title.en, rs.title.zh
            )
        )
    infos.sort(
        key=lambda i: (i.valid, i.effective_date or dt.date.min, i.version or 0), reverse=True
    )
    return infos


def newest_ruleset(directory: str | Path | None = None) -> Path:
    """The valid rule file with the latest effective date (then the highest version)."""
    valid = [i for i in list_rulesets(directory) if i.valid]
    if not valid:
        where = directory if directory is not None else default_rules_dir()
        raise RulesetError([RuleProblem(str(where), 1, "ruleset", "no valid rule file found")])
    return valid[0].path


def find_ruleset(directory: str | Path | None, ruleset_id: str, version: int) -> Path:
    """The file holding ``ruleset_id`` at ``version``."""
    for info in list_rulesets(directory):
        if info.id == ruleset_id and info.version == version:
            return info.path
    raise RulesetError(
        [RuleProblem(str(directory), 1, ruleset_id, f"no valid rule file for version {version}")]
    )


def load_published(
    directory: str | Path | None, ruleset_id: str, version: int, expected_sha256: str | None = None
) -> Ruleset:
    """Load a pinned ruleset; refuse it if its sha256 differs from ``expected_sha256``."""
    path = find_ruleset(directory, ruleset_id, version)
    return load_ruleset(path, expected_sha256=expected_sha256)
