"""Expert review, composite weights, recommendation bands and ranking keys."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .expressions import did_you_mean
from .model import (
    Criterion,
    Derived,
    ExpertReview,
    Group,
    Label,
    PanelRule,
    RankKey,
    Recommendation,
    RecommendationBand,
)
from .parse_common import KEY_RE, ParserBase
from .yaml_source import LineDict

RANK_FIXED = ("composite", "quantitative", "panel", "base", "bonus", "penalty", "submitted_at")


class ReviewParser(ParserBase):
    def parse_expert(self, value: Any, line: int) -> ExpertReview | None:
        rid = "expert_review"
        m = self.mapping(
            value,
            line,
            rid,
            f"'{rid}'",
            ("total", "step", "criteria", "panel"),
            ("total", "step", "criteria", "panel"),
        )
        if m is None:
            return None
        total = self.number(m, "total", rid, positive=True)
        step = self.number(m, "step", rid, positive=True)
        criteria = []
        seq = self.sequence(m.get("criteria"), m.line_of("criteria"), rid, "'criteria'")
        for index, item in enumerate(seq or ()):
            cm = self.mapping(
                item,
                seq.line_of(index),
                self.peek_id(item, rid),  # type: ignore
                "a criterion",
                ("id", "label", "max", "description"),
                ("id", "label", "max"),
            )
            if cm is None:
                continue
            cid = self.identifier(cm, rid, "criterion")
            maximum = self.number(cm, "max", cid or rid, positive=True)
            if cid is None or maximum is None:
                continue
            if step is not None and maximum % step != 0:
                self.add(cm.line_of("max"), cid, f"max {maximum} is not a multiple of {step}")
            criteria.append(Criterion(cid, self.label(cm, "label", cid), maximum))
        if total is not None and criteria and sum(c.maximum for c in criteria) != total:
            self.add(
                m.line_of("criteria"),
                rid,
                f"criteria maxima add up to "
                f"{sum(c.maximum for c in criteria)}, the declared total is {total}",
            )
        rules = []
        seq = self.sequence(m.get("panel"), m.line_of("panel"), rid, "'panel'")
        for index, item in enumerate(seq or ()):
            pm = self.mapping(
                item,
                seq.line_of(index),
                rid,
                "a panel rule",  # type: ignore
                ("min_reviews", "drop_highest", "drop_lowest"),
                ("min_reviews",),
            )
            if pm is None:
                continue
            n = self.number(pm, "min_reviews", rid, positive=True, integer=True)
            hi = self.number(
                pm, "drop_highest", rid, default=Decimal(0), non_negative=True, integer=True
            )
            lo = self.number(
                pm, "drop_lowest", rid, default=Decimal(0), non_negative=True, integer=True
            )
            if n is None or hi is None or lo is None:
                continue
            if hi + lo >= n:
                self.add(pm.line, rid, f"dropping {hi + lo} of {n} reviews leaves none")
                continue
            if any(r.min_reviews == n for r in rules):
                self.add(pm.line, rid, f"two panel rules for min_reviews {n}")
                continue
            rules.append(PanelRule(int(n), int(hi), int(lo)))
        if seq is not None and not seq:
            self.add(m.line_of("panel"), rid, "at least one panel rule is needed")
        if total is None or step is None:
            return None
        rules.sort(key=lambda r: -r.min_reviews)
        return ExpertReview(total, step, tuple(criteria), tuple(rules))

    def parse_composite(self, value: Any, line: int) -> tuple[Decimal, Decimal] | None:
        m = self.mapping(
            value,
            line,
            "composite",
            "'composite'",
            ("quantitative", "panel"),
            ("quantitative", "panel"),
        )
        if m is None:
            return None
        q = self.number(m, "quantitative", "composite", non_negative=True)
        p = self.number(m, "panel", "composite", non_negative=True)
        if q is None or p is None:
            return None
        if q + p != 1:
            self.add(m.line, "composite", f"composite weights add up to {q + p}, not 1")
            return None
        return q, p

    def parse_recommendation(self, value: Any, line: int) -> Recommendation | None:
        rid = "recommendation"
        m = self.mapping(
            value,
            line,
            rid,
            f"'{rid}'",
            ("outcomes", "when_ineligible", "when_no_panel", "bands"),
            ("outcomes", "when_ineligible", "when_no_panel", "bands"),
        )
        if m is None:
            return None
        outcomes: dict[str, Label] = {}
        om = m.get("outcomes")
        if isinstance(om, LineDict):
            for key in om:
                if not isinstance(key, str) or not KEY_RE.match(key):
                    self.add(
                        om.line_of(key),
                        rid,
                        f"outcome '{key}' must be lowercase letters, digits, '_'",
                    )
                    continue
                outcomes[key] = self.label(om, key, rid)
        else:
            self.add(m.line_of("outcomes"), rid, "'outcomes' must map outcome: label")

        def outcome(v: Any, ln: int) -> str | None:
            if not isinstance(v, str) or v not in outcomes:
                self.add(ln, rid, f"unknown outcome '{v}'{did_you_mean(str(v), outcomes)}")
                return None
            return v

        ineligible = outcome(m.get("when_ineligible"), m.line_of("when_ineligible"))
        pending = outcome(m.get("when_no_panel"), m.line_of("when_no_panel"))
        bands: list[RecommendationBand] = []
        seq = self.sequence(m.get("bands"), m.line_of("bands"), rid, "'bands'")
        for index, item in enumerate(seq or ()):
            bl = seq.line_of(index)  # type: ignore[union-attr]
            bm = self.mapping(item, bl, rid, "a band", ("min", "outcome"), ("outcome",))
            if bm is None:
                continue
            minimum = self.number(bm, "min", rid)
            name = outcome(bm.get("outcome"), bm.line_of("outcome"))
            last = index == len(seq) - 1  # type: ignore[arg-type]
            if last and "min" in bm:
                self.add(bl, rid, "the last band must have no 'min' (it takes everything below)")
            if not last and "min" not in bm:
                self.add(bl, rid, "only the last band may leave out 'min'")
            if (
                bands
                and minimum is not None
                and bands[-1].minimum is not None
                and minimum >= bands[-1].minimum
            ):
                self.add(
                    bl,
                    rid,
                    f"overlap: band min {minimum} must be below the previous "
                    f"band's min {bands[-1].minimum}",
                )
            if name is not None:
                bands.append(RecommendationBand(minimum, name))
        if None in (ineligible, pending) or not bands:
            return None
        return Recommendation(
            MappingProxyType(outcomes),
            ineligible,
            pending,  # type: ignore
            tuple(bands),
        )

    def parse_ranking(
        self, value: Any, line: int, groups: tuple[Group, ...], derived: tuple[Derived, ...]
    ) -> tuple[RankKey, ...]:
        seq = self.sequence(value, line, "ranking", "'ranking'")
        vocabulary = list(RANK_FIXED) + [g.id for g in groups] + [d.id for d in derived]
        for g in groups:
            for i in g.indicators:
                vocabulary += [f"{i.id}.value", f"{i.id}.points"]
        keys = []
        for index, item in enumerate(seq or ()):
            m = self.mapping(
                item,
                seq.line_of(index),
                "ranking",
                "a ranking key",  # type: ignore
                ("by", "order"),
                ("by", "order"),
            )
            if m is None:
                continue
            by, order = m.get("by"), m.get("order")
            if by not in vocabulary:
                self.add(
                    m.line_of("by"),
                    "ranking",
                    f"unknown ranking key '{by}'{did_you_mean(str(by), vocabulary)}",
                )
                continue
            if order not in ("descending", "ascending"):
                self.add(
                    m.line_of("order"),
                    "ranking",
                    "order must be 'descending' or "
                    f"'ascending'{did_you_mean(str(order), ['descending', 'ascending'])}",
                )
                continue
            keys.append(RankKey(by, order == "descending"))
        return tuple(keys)
