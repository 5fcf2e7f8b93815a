"""A loaded, validated ruleset bound to its file's sha256: the object the platform scores with.

Rule files are parsed once per content: one bounded, thread-safe cache keyed
by sha256. A file is read once; its sha256 and its ruleset come from the same
bytes, and a pinned sha256 is compared in :func:`load_ruleset` only.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InputError, RuleProblem, RulesetError, RulesetIntegrityError
from .evaluate import Plan, run
from .inputs import Application, Problem, Source, check_submittable, validate_application
from .loader import parse_ruleset_text
from .model import RulesetModel
from .panel import parse_reviews, review_total
from .result import Result, RulesetRef

MAX_RULE_FILE_BYTES = 2_000_000
CACHE_SIZE = 32


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
    effective_date = property(lambda self: self.model.header.effective_date)
    title = property(lambda self: self.model.header.title)
    description = property(lambda self: self.model.header.description)
    inputs = property(lambda self: self.model.inputs)
    gates = property(lambda self: self.model.gates)
    derived = property(lambda self: self.model.derived)
    groups = property(lambda self: self.model.quantitative.groups)
    indicators = property(lambda self: self.model.indicators)
    bonus = property(lambda self: self.model.bonus)
    penalties = property(lambda self: self.model.penalties)
    expert = property(lambda self: self.model.expert)
    recommendation = property(lambda self: self.model.recommendation)
    ranking = property(lambda self: self.model.ranking)
    tests = property(lambda self: self.model.tests)

    def __repr__(self) -> str:
        return f"Ruleset({self.id!r}, version={self.version}, sha256={self.sha256[:12]}…)"

    # -- application data ---------------------------------------------------------------
    def check_application(self, data: Any, source: Source | str = Source.SCORING) -> list[Problem]:
        """Every problem with ``data`` (empty list when it is valid)."""
        return validate_application(data, self.model.inputs, source)[1]

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

    def parse_reviews(self, reviews: Iterable[Any]) -> tuple[Decimal, ...]:
        """Check reviewers' totals; raise :class:`InputError` listing every problem."""
        return parse_reviews(reviews, self.model.expert)

    def review_total(self, scores: Mapping[str, Any]) -> Decimal:
        """One reviewer's total from criterion scores (X1..); raises :class:`InputError`."""
        return review_total(scores, self.model.expert)

    # -- scoring -------------------------------------------------------------------------
    def evaluate(
        self,
        data: Mapping[str, Any] | Application,
        reviews: Iterable[Any] | None = None,
        *,
        source: Source | str = Source.SCORING,
        trace: bool = True,
    ) -> Result:
        """Score an application (raw data or a parsed :class:`Application`).

        ``reviews`` are the submitted reviewers' totals (non-recused only). With
        ``trace=False`` the steps are not recorded now (``Result.trace`` records
        them on first use). Raises :class:`InputError` for invalid data or reviews.
        """
        if not isinstance(data, Application):
            app = self.parse_application(data, source)
        elif data.schema != self.schema:
            app = self.parse_application(data.to_json_dict(), Source.SCORING)
        else:
            app = data
        totals = parse_reviews(reviews, self.model.expert) if reviews else ()
        return Result(self, app, totals, run(self.plan, app._data, totals, trace))

    # -- ranking ------------------------------------------------------------------------
    def rank_value(self, result: Result, key: str, submitted_at: Any = None) -> Any:
        """The value of one ranking key (``None`` when it does not exist yet)."""
        if key == "submitted_at":
            return submitted_at
        if key == "panel":
            return result.panel.score
        if key in ("composite", "quantitative", "base", "bonus", "penalty"):
            return getattr(result, key)
        if key.endswith(".value"):
            return result.value(key[:-6])
        if key.endswith(".points"):
            return result.points(key[:-7])
        return result.groups[key] if key in result.groups else result.derived[key]

    def rank_key(self, result: Result, submitted_at: Any = None) -> tuple:
        """A sort key (ascending sort = ranking order; missing values last)."""
        key = []
        for rk in self.model.ranking:
            value = self.rank_value(result, rk.by, submitted_at)
            key.append(
                (value is None, _Reversed(value) if rk.descending and value is not None else value)
            )
        return tuple(key)

    def rank(self, entries: Iterable[tuple[Result, Any]]) -> list[tuple[int, Result, Any]]:
        """Rank (result, submitted_at) pairs: returns (rank starting at 1, result, time)."""
        ordered = sorted(entries, key=lambda e: self.rank_key(e[0], e[1]))
        return [(n, result, when) for n, (result, when) in enumerate(ordered, start=1)]

    def run_cases(self) -> list[RuleProblem]:
        """Run the embedded test cases; return one problem per failed expectation."""
        from .cases import run_cases

        return run_cases(self)

    def describe(self) -> dict[str, Any]:
        """A JSON-ready, readable description of the ruleset (for web pages)."""
        from .describe import describe

        return describe(self)


class _Reversed:
    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __lt__(self, other: _Reversed) -> bool:
        return other.value < self.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Reversed) and other.value == self.value

    __hash__ = None  # type: ignore[assignment]


_cache: OrderedDict[str, Ruleset] = OrderedDict()
_lock = threading.Lock()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ruleset_from_bytes(
    data: bytes, filename: str = "<rules>", *, check_cases: bool = True
) -> Ruleset:
    """Validate (and by default self-test) rule-file bytes; cached by their sha256."""
    digest = sha256_bytes(data)
    with _lock:
        ruleset = _cache.get(digest)
        if ruleset is not None:
            _cache.move_to_end(digest)
    if ruleset is None:
        problem = "rule file is too large" if len(data) > MAX_RULE_FILE_BYTES else None
        try:
            text = data.decode("utf-8") if problem is None else ""
        except UnicodeDecodeError:
            problem = "rule file is not UTF-8 text"
        if problem:
            raise RulesetError([RuleProblem(filename, 1, "ruleset", problem)])
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
            if digest in _cache:
                _cache[digest].cases_passed = True
    return ruleset


def load_ruleset(
    path: str | Path, *, expected_sha256: str | None = None, check_cases: bool = True
) -> Ruleset:
    """Load a rule file; refuse it if invalid, if its cases fail, or if its sha256 differs.

    The file is read once; the sha256 compared and the ruleset parsed come from the same bytes.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RulesetError(
            [RuleProblem(str(path), 1, "ruleset", f"cannot read: {exc.strerror}")]
        ) from None
    digest = sha256_bytes(data)
    if expected_sha256 is not None and digest != expected_sha256.lower():
        message = (
            f"sha256 {digest} does not match the published {expected_sha256}; "
            "published rule files must never be edited"
        )
        raise RulesetIntegrityError([RuleProblem(str(path), 1, "ruleset", message)])
    return ruleset_from_bytes(data, str(path), check_cases=check_cases)
