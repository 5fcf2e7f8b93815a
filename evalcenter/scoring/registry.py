"""Published rule files: the rules directory, listing, finding by id and version, pinning.

A published rule file is never edited; a new version is a new file. A round
pins (id, version, sha256): :func:`load_pinned` reads the file once, refuses
it if its sha256 differs and otherwise returns the cached ruleset.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from .errors import RuleProblem, RulesetError
from .ruleset import Ruleset, load_ruleset, ruleset_from_bytes

RULES_DIR_ENV = "EVALCENTER_RULES_DIR"
RULE_FILE_PATTERNS = ("*.yaml", "*.yml")
_paths: dict[tuple[str, str, int], Path] = {}
_lock = threading.Lock()


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
    """``$EVALCENTER_RULES_DIR``, else the repository's ``scoring_rules/``, else the copy
    installed with the package (``evalcenter/scoring/rules``)."""
    if os.environ.get(RULES_DIR_ENV):
        return Path(os.environ[RULES_DIR_ENV])
    here = Path(__file__).resolve().parent
    repository = here.parent.parent / "scoring_rules"
    return repository if repository.is_dir() else here / "rules"


def sha256_file(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def list_rulesets(directory: str | Path | None = None) -> list[RulesetInfo]:
    """Every rule file in ``directory`` (valid or not), newest first."""
    directory = Path(directory) if directory is not None else default_rules_dir()
    files = {p for pattern in RULE_FILE_PATTERNS for p in directory.glob(pattern) if p.is_file()}
    infos = []
    for path in sorted(files):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        try:
            rs = ruleset_from_bytes(data, str(path))
        except RulesetError as exc:
            problems = tuple(str(p) for p in exc.problems)
            infos.append(RulesetInfo(path, digest, None, None, None, None, None, problems))
            continue
        title = rs.title
        infos.append(
            RulesetInfo(path, digest, rs.id, rs.version, rs.effective_date, title.en, title.zh)
        )
    infos.sort(
        key=lambda i: (i.valid, i.effective_date or dt.date.min, i.version or 0), reverse=True
    )
    return infos


def find_ruleset(directory: str | Path | None, ruleset_id: str, version: int) -> Path:
    """The file holding ``ruleset_id`` at ``version``."""
    for info in list_rulesets(directory):
        if info.id == ruleset_id and info.version == version:
            return info.path
    message = f"no valid rule file for version {version}"
    raise RulesetError([RuleProblem(str(directory), 1, ruleset_id, message)])


def load_pinned(rules_dir: str | Path, ruleset_id: str, version: int, sha256: str) -> Ruleset:
    """The published ruleset (id, version) of ``rules_dir``, whose file must have ``sha256``.

    Raises :class:`~.errors.RulesetIntegrityError` when the file's sha256 differs and
    :class:`~.errors.RulesetError` when no valid file has that id and version. The file
    is read once per call; the parsed ruleset comes from the cache keyed by sha256.
    """
    key = (str(rules_dir), ruleset_id, version)
    with _lock:
        path = _paths.get(key)
    if path is None or not path.is_file():
        path = find_ruleset(rules_dir, ruleset_id, version)
        with _lock:
            _paths[key] = path
    return load_ruleset(path, expected_sha256=sha256)
