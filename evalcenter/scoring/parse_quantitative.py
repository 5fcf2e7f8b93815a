"""The 'quantitative' section: groups, indicators, scoring levels and band tables."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .expressions import did_you_mean
from .model import DEFAULT_CASE, Band, Group, Indicator, Levels
from .parse_common import ParserBase
from .yaml_source import LineDict


class QuantitativeParser(ParserBase):
    def parse_quantitative(self, value: Any, line: int) -> tuple | None:
        m = self.mapping(
            value,
            line,
            "quantitative",
            "'quantitative'",
            ("total", "clamp", "curve", "groups"),
            ("total", "clamp", "groups"),
        )
        if m is None:
            return None
        total = self.number(m, "total", "quantitative", positive=True)
        clamp = self.pair(m, "clamp", "quantitative")
        at_basic = Decimal("0.6")
        if "curve" in m:
            cm = self.mapping(
                m["curve"],
                m.line_of("curve"),
                "quantitative",
                "'curve'",
                ("at_basic",),
                ("at_basic",),
            )
            if cm is not None and "at_basic" in cm:
                share = self.number(cm, "at_basic", "quantitative", positive=True)
                if share is not None and share >= 1:
                    self.add(cm.line_of("at_basic"), "quantitative", "at_basic must be below 1")
                elif share is not None:
                    at_basic = share
        groups = []
        seq = self.sequence(m.get("groups"), m.line_of("groups"), "quantitative", "'groups'")
        for index, item in enumerate(seq or ()):
            group = self.group(item, seq.line_of(index), index)  # type: ignore[union-attr]
            if group is not None:
                groups.append(group)
        if total is not None and groups and all(g.weight is not None for g in groups):
            weights = sum(g.weight for g in groups)
            if weights != total:
                self.add(
                    m.line_of("groups"),
                    "quantitative",
                    f"group weights add up to {weights}, the declared total is {total}",
                )
        if total is None or clamp is None:
            return None
        return total, clamp, at_basic, tuple(groups)

    def pair(self, m: LineDict, key: str, rid: str) -> tuple[Decimal, Decimal] | None:
        seq = self.sequence(m.get(key), m.line_of(key), rid, f"'{key}'")
        if seq is None:
            return None
        if len(seq) != 2:
            self.add(m.line_of(key), rid, f"'{key}' needs two numbers: [low, high]")
            return None
        low = self.as_number(seq[0], seq.line_of(0), rid, f"{key} low")
        high = self.as_number(seq[1], seq.line_of(1), rid, f"{key} high")
        if low is None or high is None:
            return None
        if low >= high:
            self.add(m.line_of(key), rid, f"'{key}': low {low} must be below high {high}")
            return None
        return low, high

    def group(self, item: Any, line: int, index: int) -> Group | None:
        m = self.mapping(
            item,
            line,
            self.peek_id(item, f"groups[{index + 1}]"),
            "a group",
            ("id", "label", "weight", "indicators", "description"),
            ("id", "label", "weight", "indicators"),
        )
        if m is None:
            return None
        gid = self.identifier(m, f"groups[{index + 1}]", "group")
        if gid is None:
            return None
        self.declared.setdefault("groups", []).append(gid)
        weight = self.number(m, "weight", gid, positive=True)
        indicators = []
        seq = self.sequence(m.get("indicators"), m.line_of("indicators"), gid, "'indicators'")
        for i, entry in enumerate(seq or ()):
            indicator = self.indicator(entry, seq.line_of(i), gid)  # type: ignore[union-attr]
            if indicator is not None:
                indicators.append(indicator)
        if seq is not None and not seq:
            self.add(m.line_of("indicators"), gid, "a group needs at least one indicator")
        if weight is not None and indicators and len(indicators) == len(seq or ()):
            total = sum(i.weight for i in indicators)
            if total != weight:
                self.add(
                    m.line_of("weight"),
                    gid,
                    f"indicator weights add up to {total}, the group weight is {weight}",
                )
        if weight is None:
            return None
        return Group(gid, self.label(m, "label", gid), weight, tuple(indicators), m.line)

    def indicator(self, item: Any, line: int, group: str) -> Indicator | None:
        m = self.mapping(
            item,
            line,
            self.peek_id(item, group),
            "an indicator",
            ("id", "label", "unit", "weight", "value", "levels", "bands", "description"),
            ("id", "label", "weight", "value"),
        )
        if m is None:
            return None
        iid = self.identifier(m, group, "indicator")
        if iid is None:
            return None
        self.declared.setdefault("indicators", []).append(iid)
        weight = self.number(m, "weight", iid, positive=True)
        rule = self.value_rule(m, "value", iid)
        if ("levels" in m) == ("bands" in m):
            self.add(
                m.line,
                iid,
                "an indicator needs either 'levels' (scoring curve) or "
                "'bands' (band table), not both",
            )
            return None
        by, levels, bands = None, None, None
        if "levels" in m:
            by, levels = self.by_cases(m, "levels", iid, self.levels)
        else:
            by, bands = self.by_cases(
                m, "bands", iid, lambda v, ln, r: self.bands(v, ln, r, weight)
            )
        if weight is None or rule is None or (levels is None and bands is None):
            return None
        return Indicator(
            iid,
            group,
            self.label(m, "label", iid),
            self.text(m, "unit", iid),
            weight,
            rule,
            by,
            levels,
            bands,
            m.line,
        )

    def by_cases(self, m: LineDict, key: str, rid: str, parse) -> tuple[str | None, Any]:
        value, line = m[key], m.line_of(key)
        if not (isinstance(value, LineDict) and "by" in value):
            one = parse(value, line, rid)
            return None, (MappingProxyType({DEFAULT_CASE: one}) if one is not None else None)
        by = value["by"]
        spec = self.inputs.get(by) if isinstance(by, str) else None
        if spec is None or spec.kind != "enum":
            enums = [k for k, s in self.inputs.items() if s.kind == "enum"]
            self.add(
                value.line_of("by"),
                rid,
                f"by: '{by}' is not a choice (enum) input{did_you_mean(str(by), enums)}",
            )
            return None, None
        cases: dict[str, Any] = {}
        ok = True
        for case, sub in value.items():
            if case == "by":
                continue
            if case not in spec.values and case != DEFAULT_CASE:
                self.add(
                    value.line_of(case),
                    rid,
                    f"'{case}' is not a value of {by}"
                    f"{did_you_mean(str(case), list(spec.values) + [DEFAULT_CASE])}",
                )
                ok = False
                continue
            parsed = parse(sub, value.line_of(case), f"{rid}[{case}]")
            ok = ok and parsed is not None
            cases[case] = parsed
        missing = [v for v in spec.values if v not in cases]
        if missing and DEFAULT_CASE not in cases:
            self.add(
                line,
                rid,
                f"{key} for {by} {', '.join(missing)} are missing (add them or a '{DEFAULT_CASE}')",
            )
            ok = False
        return by, (MappingProxyType(cases) if ok else None)

    def levels(self, value: Any, line: int, rid: str) -> Levels | None:
        m = self.mapping(value, line, rid, "levels", ("basic", "full"), ("basic", "full"))
        if m is None:
            return None
        basic = self.number(m, "basic", rid)
        full = self.number(m, "full", rid)
        if basic is None or full is None:
            return None
        if basic <= 0:
            self.add(m.line_of("basic"), rid, f"basic level b = {basic} must be greater than 0")
            return None
        if basic >= full:
            self.add(
                m.line,
                rid,
                f"basic level b = {basic} must be below full-marks level f = {full} (b ≥ f)",
            )
            return None
        return Levels(basic, full)

    def bands(
        self, value: Any, line: int, rid: str, weight: Decimal | None
    ) -> tuple[Band, ...] | None:
        seq = self.sequence(value, line, rid, "bands")
        if seq is None:
            return None
        if not seq:
            self.add(line, rid, "a band table needs at least one band")
            return None
        bands: list[Band] = []
        ok = True
        for index, item in enumerate(seq):
            bl = seq.line_of(index)
            m = self.mapping(item, bl, rid, "a band", ("from", "below", "points"), ("points",))
            if m is None:
                ok = False
                continue
            lower = self.number(m, "from", rid)
            upper = self.number(m, "below", rid)
            points = self.number(m, "points", rid, non_negative=True)
            if (
                points is None
                or ("from" in m and lower is None)
                or ("below" in m and upper is None)
            ):
                ok = False
                continue
            if weight is not None and points > weight:
                self.add(bl, rid, f"band points {points} exceed the weight {weight}")
                ok = False
            if lower is not None and upper is not None and lower >= upper:
                self.add(bl, rid, f"band 'from {lower}' must be below 'below {upper}'")
                ok = False
            if index == 0 and lower is not None:
                self.add(
                    bl,
                    rid,
                    f"gap: values below {lower} match no band (leave out 'from' in the first band)",
                )
                ok = False
            if index == len(seq) - 1 and upper is not None:
                self.add(
                    bl,
                    rid,
                    f"gap: values from {upper} up match no band (leave out "
                    "'below' in the last band)",
                )
                ok = False
            if bands:
                prev = bands[-1]
                if prev.upper is None:
                    self.add(bl, rid, "overlap: the previous band has no upper bound")
                    ok = False
                elif lower is None:
                    self.add(
                        bl,
                        rid,
                        f"overlap: this band has no lower bound but the previous "
                        f"one ends below {prev.upper}",
                    )
                    ok = False
                elif lower < prev.upper:
                    self.add(
                        bl,
                        rid,
                        f"overlap: band from {lower} starts below the previous "
                        f"band's end {prev.upper}",
                    )
                    ok = False
                elif lower > prev.upper:
                    self.add(
                        bl, rid, f"gap: values from {prev.upper} to below {lower} match no band"
                    )
                    ok = False
            bands.append(Band(lower, upper, points))
        return tuple(bands) if ok else None
