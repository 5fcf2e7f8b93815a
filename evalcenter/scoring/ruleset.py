"""Rulesets bound to their file's sha256 (parsed once, cached), the rules directory, test cases."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .evaluate import Plan, parse_reviews, run
from .inputs import Application, Problem, Source, check_submittable, validate_application
from .loader import parse_ruleset_text
from .messages import CONTEXT, InputError, RuleProblem, RulesetError, RulesetIntegrityError, two
from .model import RulesetModel
from .result import Result, RulesetRef

MAX_RULE_FILE_BYTES = 2_000_000
CACHE_SIZE = 32
RULES_DIR_ENV = "EVALCENTER_RULES_DIR"
_SCALARS = ("panel", "base", "bonus", "penalty", "quantitative", "composite")


class Ruleset:
    """A validated ruleset bound to the sha256 of its file; scores applications."""

    def __init__(self, model: RulesetModel, sha256: str, path: str) -> None:
        header = model.header
        self.model, self.sha256, self.path = model, sha256, path
        self.ref = RulesetRef(header.id, header.version, sha256, header.effective_date.isoformat())
        self.schema = hashlib.sha256(repr(model.inputs).encode()).hexdigest()
        self.plan = Plan(model, sha256)
        self.cases_passed = False

    id = property(lambda self: self.model.header.id)
    version = property(lambda self: self.model.header.version)
    title = property(lambda self: self.model.header.title)
    inputs = property(lambda self: self.model.inputs)
    gates = property(lambda self: self.model.gates)
    groups = property(lambda self: self.model.quantitative.groups)
    indicators = property(lambda self: self.model.indicators)
    tests = property(lambda self: self.model.tests)

    def __repr__(self) -> str:
        return f"Ruleset({self.id!r}, version={self.version}, sha256={self.sha256[:12]}…)"

    def parse_application(self, data: Any, source: Source | str = Source.SCORING) -> Application:
        """Validate and normalise ``data``; raise :class:`InputError` listing every problem."""
        values, problems = validate_application(data, self.model.inputs, source)
        if values is None:
            raise InputError(problems)
        return Application(values, Source(source), self.schema)

    def check_submittable(
        self, data: Any, source: Source | str = Source.APPLICANT
    ) -> list[Problem]:
        """Problems blocking submission (validation plus empty narratives)."""
        return check_submittable(data, self.model.inputs, source)

    def evaluate(
        self,
        data: Mapping[str, Any] | Application,
        reviews: Iterable[Any] | None = None,
        *,
        source: Source | str = Source.SCORING,
        trace: bool = True,
    ) -> Result:
        """Score data or an :class:`Application` (``trace=False``: steps recorded when read)."""
        app = data
        if not isinstance(data, Application):
            app = self.parse_application(data, source)
        elif data.schema != self.schema:
            app = self.parse_application(data.to_json_dict(), Source.SCORING)
        totals = parse_reviews(reviews, self.model.expert) if reviews else ()
        return Result(self, app, totals, run(self.plan, app._data, totals, trace))

    def rank_key(self, result: Result, submitted_at: Any = None) -> tuple:
        """A sort key (ascending sort = ranking order; missing values last)."""
        key = []
        for rk in self.model.ranking:
            by = rk.by
            if by == "submitted_at":
                value = submitted_at
            elif by in _SCALARS:
                value = _scalar(result, by)
            elif by.endswith((".value", ".points")):
                name, _, part = by.partition(".")
                value = getattr(result, part)(name)
            else:
                value = result.groups[by] if by in result.groups else result.derived[by]
            reverse = rk.descending and value is not None
            key.append((value is None, _Reversed(value) if reverse else value))
        return tuple(key)

    def rank(self, entries: Iterable[tuple[Result, Any]]) -> list[tuple[int, Result, Any]]:
        """Rank (result, submitted_at) pairs: returns (rank starting at 1, result, time)."""
        ordered = sorted(entries, key=lambda e: self.rank_key(e[0], e[1]))
        return [(n, result, when) for n, (result, when) in enumerate(ordered, start=1)]

    def run_cases(self) -> list[RuleProblem]:
        """Run the embedded test cases; one problem per failed expectation."""
        return [
            RuleProblem(self.path, line, f"test '{case.name}'", message)
            for case in self.model.tests
            for line, message in self._case(case)
        ]

    def _case(self, case: Any) -> Iterator[tuple[int, str]]:
        if case.expect_problems is not None:
            _, problems = validate_application(case.data, self.model.inputs, case.source)
            got, want = sorted({p.key for p in problems}), sorted(set(case.expect_problems))
            if got != want:
                yield case.line, f"expected problems with {want}, got {got}"
            return
        try:
            result = self.evaluate(dict(case.data), case.reviews, source=case.source)
        except InputError as exc:
            yield from ((case.line, f"input refused: {p}") for p in exc.problems)
            return
        for key, expected in case.expect.items():
            line = case.expect.line_of(key)
            if key in ("eligible", "recommendation", "failed_gates"):
                got = getattr(result, key)
                if key == "failed_gates":
                    got, expected = sorted(g.id for g in got), sorted(expected or [])
                if expected != got:
                    yield line, f"{key}: expected {expected}, got {got}"
            elif key in _SCALARS:
                got = _scalar(result, key)
                shown = None if got is None else two(got)
                if not _matches(expected, got):
                    yield line, f"{key}: expected {expected}, got {shown}"
            else:
                for item, want in (expected or {}).items():
                    if key == "values":
                        got = result.value(item)
                    elif key == "groups":
                        got = result.groups[item]
                    else:
                        got = getattr(result, key)[item].points
                    if not _matches(want, got, rounded=key == "values"):
                        shown = got if key == "values" else two(got)
                        yield line, f"{key}.{item}: expected {want}, got {shown}"


def _scalar(result: Result, name: str) -> Decimal | None:
    return result.panel.score if name == "panel" else getattr(result, name)


def _matches(expected: Any, actual: Decimal | None, rounded: bool = False) -> bool:
    """Whether ``actual`` is ``expected`` (with ``rounded``: to the places ``expected`` shows)."""
    if expected is None or actual is None:
        return expected is None and actual is None
    try:
        number = Decimal(str(expected))
    except InvalidOperation:
        return False
    if rounded:
        step = Decimal(1).scaleb(min(number.as_tuple().exponent, 0))  # type: ignore[arg-type]
        actual = actual.quantize(step, ROUND_HALF_UP, CONTEXT)
    return actual == number


@dataclass(frozen=True, slots=True)
class _Reversed:
    value: Any

    def __lt__(self, other: _Reversed) -> bool:
        return other.value < self.value


_cache: OrderedDict[str, Ruleset] = OrderedDict()
_paths: dict[tuple[str, str, int], Path] = {}
_lock = threading.Lock()


def ruleset_from_bytes(
    data: bytes, filename: str = "<rules>", *, check_cases: bool = True
) -> Ruleset:
    """Validate (and by default self-test) rule-file bytes; cached by their sha256."""
    digest = hashlib.sha256(data).hexdigest()
    with _lock:
        ruleset = _cache.get(digest)
        if ruleset is not None:
            _cache.move_to_end(digest)
    if ruleset is None:
        try:
            if len(data) > MAX_RULE_FILE_BYTES:
                raise RulesetError([RuleProblem(filename, 1, "ruleset", "rule file is too large")])
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            problem = RuleProblem(filename, 1, "ruleset", "rule file is not UTF-8 text")
            raise RulesetError([problem]) from None
        ruleset = Ruleset(parse_ruleset_text(text, filename), digest, filename)
        with _lock:
            ruleset = _cache.setdefault(digest, ruleset)
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    if ruleset.path != filename:
        ruleset = copy.copy(ruleset)
        ruleset.path = filename
    if check_cases and not ruleset.cases_passed:
        failures = ruleset.run_cases()
        if failures:
            raise RulesetError(failures)
        with _lock:
            _cache.get(digest, ruleset).cases_passed = True
    return ruleset


def load_ruleset(
    path: str | Path, *, expected_sha256: str | None = None, check_cases: bool = True
) -> Ruleset:
    """Load a rule file (read once); refuse it if invalid, if a case fails or its sha256 differs."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = RuleProblem(str(path), 1, "ruleset", f"cannot read: {exc.strerror}")
        raise RulesetError([problem]) from None
    digest = hashlib.sha256(data).hexdigest()
    if expected_sha256 is not None and digest != expected_sha256.lower():
        message = (
            f"sha256 {digest} does not match the published {expected_sha256}; "
            "published rule files must never be edited"
        )
        raise RulesetIntegrityError([RuleProblem(str(path), 1, "ruleset", message)])
    return ruleset_from_bytes(data, str(path), check_cases=check_cases)


@dataclass(frozen=True)
class RulesetInfo:
    """One rule file in a directory; ``problems`` is empty when it is valid."""

    path: Path
    sha256: str
    id: str | None = None
    version: int | None = None
    effective_date: dt.date | None = None
    title_en: str | None = None
    title_zh: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


def default_rules_dir() -> Path:
    """``$EVALCENTER_RULES_DIR``, else the repository's ``scoring_rules/``, else the package's."""
    if os.environ.get(RULES_DIR_ENV):
        return Path(os.environ[RULES_DIR_ENV])
    here = Path(__file__).resolve().parent
    repository = here.parent.parent / "scoring_rules"
    return repository if repository.is_dir() else here / "rules"


def sha256_file(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def list_rulesets(directory: str | Path | None = None) -> list[RulesetInfo]:
    """Every rule file (``*.yaml``, ``*.yml``) in ``directory``, valid or not, newest first."""
    directory = Path(directory) if directory is not None else default_rules_dir()
    infos, paths = [], {*directory.glob("*.yaml"), *directory.glob("*.yml")}
    for path in sorted(p for p in paths if p.is_file()):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        try:
            rs = ruleset_from_bytes(data, str(path))
        except RulesetError as exc:
            infos.append(RulesetInfo(path, digest, problems=tuple(str(p) for p in exc.problems)))
            continue
        h = rs.model.header
        infos.append(RulesetInfo(path, digest, h.id, h.version, h.effective_date, *h.title))
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
    """The published ruleset (id, version) of ``rules_dir``, whose file must have ``sha256``."""
    key = (str(rules_dir), ruleset_id, version)
    path = _paths.get(key)  # one dict operation: atomic, no lock needed
    if path is None or not path.is_file():
        path = _paths[key] = find_ruleset(rules_dir, ruleset_id, version)
    return load_ruleset(path, expected_sha256=sha256)
