"""A loaded, validated and compiled ruleset: the object the platform scores with."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

from .compiler import GATES, QUANTITATIVE, Plan, compile_model
from .decimal_math import CONTEXT, cents
from .errors import InputError, RuleProblem, RulesetError, RulesetIntegrityError
from .inputs import (
    Application,
    Problem,
    Source,
    check_submittable,
    validate_application,
)
from .model import (
    AdjustmentSection,
    Derived,
    EmbeddedCase,
    ExpertReview,
    Gate,
    Group,
    Indicator,
    InputSpec,
    RankKey,
    Recommendation,
    RulesetModel,
)
from .panel import PanelResult, aggregate, parse_reviews, review_total
from .parser import parse_ruleset_text
from .result import Result, RulesetRef

MAX_RULE_FILE_BYTES = 2_000_000


class Ruleset:
    """A validated ruleset bound to the sha256 of its file; scores applications."""

    def __init__(self, model: RulesetModel, sha256: str, path: str, plan: Plan) -> None:
        self.model = model
        self.sha256 = sha256
        self.path = path
        self.plan = plan
        self.ref = RulesetRef(model.id, model.version, sha256, model.effective_date.isoformat())
        self.schema = hashlib.sha256(repr(model.inputs).encode()).hexdigest()
        derived = {d.id: d for d in model.derived}
        self.indicator_fields = {
            i.id: _input_fields(i.value.fields, derived) for i in model.indicators
        }
        self._function = plan.function
        self._rules = model.expert.panel_rules
        self._no_panel = PanelResult(None, (), (), (), (), None)

    # -- description ----------------------------------------------------------------
    id = property(lambda self: self.model.id)
    version = property(lambda self: self.model.version)
    effective_date = property(lambda self: self.model.effective_date)
    title = property(lambda self: self.model.title)
    description = property(lambda self: self.model.description)

    @property
    def inputs(self) -> tuple[InputSpec, ...]:
        return self.model.inputs

    @property
    def gates(self) -> tuple[Gate, ...]:
        return self.model.gates

    @property
    def derived(self) -> tuple[Derived, ...]:
        return self.model.derived

    @property
    def groups(self) -> tuple[Group, ...]:
        return self.model.groups

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return self.model.indicators

    @property
    def bonus(self) -> AdjustmentSection:
        return self.model.bonus

    @property
    def penalties(self) -> AdjustmentSection:
        return self.model.penalties

    @property
    def expert(self) -> ExpertReview:
        return self.model.expert

    @property
    def recommendation(self) -> Recommendation:
        return self.model.recommendation

    @property
    def ranking(self) -> tuple[RankKey, ...]:
        return self.model.ranking

    @property
    def tests(self) -> tuple[EmbeddedCase, ...]:
        return self.model.tests

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
    ) -> Result:
        """Score an application (raw data or a parsed :class:`Application`).

        ``reviews`` are the submitted reviewers' totals (non-recused only).
        Raises :class:`InputError` for invalid data or reviews.
        """
        if isinstance(data, Application):
            app = (
                data
                if data.schema == self.schema
                else self.parse_application(data.to_json_dict(), Source.SCORING)
            )
        else:
            app = self.parse_application(data, source)
        totals = parse_reviews(reviews, self.model.expert) if reviews else ()
        model = self.model
        with localcontext(CONTEXT):
            raw = self._function(app._data)
            panel = aggregate(totals, self._rules) if totals else self._no_panel
            composite = None
            if panel.score is not None:
                wq, wp = model.composite_weights
                composite = cents(wq * raw[QUANTITATIVE] + wp * panel.score)
        rec = model.recommendation
        if not all(raw[GATES]):
            outcome = rec.when_ineligible
        elif composite is None:
            outcome = rec.when_no_panel
        else:
            outcome = next(
                b.outcome for b in rec.bands if b.minimum is None or composite >= b.minimum
            )
        return Result(self, app, raw, panel, composite, outcome)

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
        if key in self.plan.group_index:
            return result.groups[key]
        return result.derived[key]

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

    # -- embedded test cases ------------------------------------------------------------
    def run_cases(self) -> list[RuleProblem]:
        """Run the embedded test cases; return one problem per failed expectation."""
        from .cases import run_cases

        return run_cases(self)

    # -- rendering ---------------------------------------------------------------------
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


def _input_fields(fields: frozenset[str], derived: dict[str, Derived]) -> tuple[str, ...]:
    out: list[str] = []
    seen: set[str] = set()

    def walk(names: Iterable[str]) -> None:
        for name in sorted(names):
            if name in seen:
                continue
            seen.add(name)
            if name in derived:
                walk(derived[name].value.fields)
            else:
                out.append(name)

    walk(fields)
    return tuple(out)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_cache: dict[tuple[str, str], tuple[RulesetModel, Plan]] = {}
_cases_passed: set[tuple[str, str]] = set()
_cache_lock = threading.Lock()


def ruleset_from_bytes(
    data: bytes, filename: str = "<rules>", *, check_cases: bool = True
) -> Ruleset:
    """Validate, compile (and by default self-test) rule-file bytes."""
    digest = sha256_bytes(data)
    with _cache_lock:
        cached = _cache.get((digest, filename))
    if cached is None:
        if len(data) > MAX_RULE_FILE_BYTES:
            raise RulesetError([RuleProblem(filename, 1, "ruleset", "rule file is too large")])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise RulesetError(
                [RuleProblem(filename, 1, "ruleset", "rule file is not UTF-8 text")]
            ) from None
        model = parse_ruleset_text(text, filename)
        cached = (model, compile_model(model))
    ruleset = Ruleset(cached[0], digest, filename, cached[1])
    if check_cases and (digest, filename) not in _cases_passed:
        failures = ruleset.run_cases()
        if failures:
            raise RulesetError(failures)
        with _cache_lock:
            _cases_passed.add((digest, filename))
    with _cache_lock:
        _cache[(digest, filename)] = cached
    return ruleset


def load_ruleset(
    path: str | Path, *, expected_sha256: str | None = None, check_cases: bool = True
) -> Ruleset:
    """Load a rule file; refuse it if invalid, if its cases fail, or if its sha256 differs.

    The file is read once; the sha256 and the ruleset come from the same bytes.
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
        raise RulesetIntegrityError(
            [
                RuleProblem(
                    str(path),
                    1,
                    "ruleset",
                    f"sha256 {digest} does not match the published {expected_sha256}; "
                    "published rule files must never be edited",
                )
            ]
        )
    return ruleset_from_bytes(data, str(path), check_cases=check_cases)


__all__ = ["Ruleset", "load_ruleset", "ruleset_from_bytes", "sha256_bytes"]
