"""Trace steps: structured records of each evaluation step, rendered to English on demand.

Each step has a stable ``code``, the ``subject`` (rule id) and ``data`` (strings);
:data:`TEMPLATES` turns them into text, and a user interface can translate by
``code`` with its own templates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from .decimal_math import CONTEXT, HALF_UP, plain

TEMPLATES: dict[str, str] = {
    "ruleset": "Ruleset {id} version {version}, effective {effective_date} (sha256 {sha256})",
    "gate_passed": "{subject} passed: {label}",
    "gate_failed": "{subject} failed: {reason}",
    "eligible": "Eligible: all {count} gates passed",
    "ineligible": "Not eligible: failed {failed} (still scored for information)",
    "derived": "{subject} = {formula} = {value}",
    "derived_zero_denominator": "{subject} = {value}: the denominator {denominator} is {den_value}"
    " (≤ 0, denominator is zero)",
    "value": "{subject} {label}: value = {formula} = {value}{unit}{inputs}",
    "value_zero_denominator": "{subject} {label}: value = {value} because the denominator "
    "{denominator} is {den_value} (≤ 0, denominator is zero){inputs}",
    "points_full": "{subject}: {value} ≥ full-marks level f = {full}{case} → full weight {points}",
    "points_between": "{subject}: b = {basic} < {value} < f = {full}{case} → {weight} × "
    "({at_basic} + {rest} × ({value} − {basic}) / ({full} − {basic})) = {points}",
    "points_up_to_basic": "{subject}: 0 < {value} ≤ b = {basic}{case} → {at_basic} × {weight} × "
    "{value} / {basic} = {points}",
    "points_not_positive": "{subject}: value {value} ≤ 0 → {points}",
    "points_band": "{subject}: {value} is in band {band}{case} → {points}",
    "group": "Group {subject} {label}: {parts} = {total}",
    "base": "Base = {parts} = {total}",
    "item": "{subject} {label}: {raw}{capped} → {points}",
    "item_not_applicable": "{subject} {label}: does not apply → {points}",
    "bonus": "Bonus = {parts} = {sum}{capped} → {total}",
    "penalty": "Penalty = {parts} = {sum}{capped} → {total}",
    "quantitative": "Quantitative = clamp({base} + {bonus} − {penalty}, {low}, {high}) = {total}",
    "panel": "Panel score: {count} reviews {reviews}; {dropped}mean of {used} = {score}",
    "panel_none": "Panel score: {count} reviews, fewer than {minimum} → no panel score yet",
    "composite": "Composite = {w_quantitative} × {quantitative} + {w_panel} × {panel} = "
    "{composite}",
    "composite_none": "Composite: none until the panel score exists",
    "recommendation": "Recommendation: {outcome} ({why})",
}


TEMPLATES_ZH: dict[str, str] = {
    "ruleset": "评分规则 {id} 第 {version} 版，{effective_date} 起施行（sha256 {sha256}）",
    "gate_passed": "{subject} 符合：{label_zh}",
    "gate_failed": "{subject} 不符合：{reason_zh}",
    "eligible": "符合资格条件：{count} 项资格条件全部满足",
    "ineligible": "不符合资格条件：{failed} 未满足（仍计分，仅供参考）",
    "derived": "{subject} = {formula} = {value}",
    "derived_zero_denominator": "{subject} = {value}：分母 {denominator} 为 {den_value}"
    "（≤ 0，按分母为零处理）",
    "value": "{subject} {label_zh}：指标值 = {formula} = {value}{unit}{inputs}",
    "value_zero_denominator": "{subject} {label_zh}：指标值 = {value}，因为分母 {denominator} 为 "
    "{den_value}（≤ 0，按分母为零处理）{inputs}",
    "points_full": "{subject}：{value} ≥ 满分要求 f = {full}{case_zh} → 满分 {points}",
    "points_between": "{subject}：基本要求 b = {basic} < {value} < 满分要求 f = {full}{case_zh} → "
    "{weight} × ({at_basic} + {rest} × ({value} − {basic}) / ({full} − {basic})) = {points}",
    "points_up_to_basic": "{subject}：0 < {value} ≤ 基本要求 b = {basic}{case_zh} → {at_basic} × "
    "{weight} × {value} / {basic} = {points}",
    "points_not_positive": "{subject}：指标值 {value} ≤ 0 → {points}",
    "points_band": "{subject}：{value} 落在区间 {band}{case_zh} → {points}",
    "group": "{subject} 组 {label_zh}：{parts} = {total}",
    "base": "基础得分 = {parts} = {total}",
    "item": "{subject} {label_zh}：{raw}{capped_zh} → {points}",
    "item_not_applicable": "{subject} {label_zh}：不适用 → {points}",
    "bonus": "加分 = {parts} = {sum}{capped_zh} → {total}",
    "penalty": "扣分 = {parts} = {sum}{capped_zh} → {total}",
    "quantitative": "定量得分 = clamp({base} + {bonus} − {penalty}, {low}, {high}) = {total}",
    "panel": "专家组得分：{count} 份评审 {reviews}；{dropped_zh}取 {used} 的平均值 = {score}",
    "panel_none": "专家组得分：仅 {count} 份评审，少于 {minimum} 份 → 暂无专家组得分",
    "composite": "综合得分 = {w_quantitative} × {quantitative} + {w_panel} × {panel} = {composite}",
    "composite_none": "综合得分：待专家组得分产生后计算",
    "recommendation": "推荐意见：{outcome_zh}（{why_zh}）",
}


@dataclass(frozen=True)
class TraceStep:
    """One step: ``code`` (template), ``subject`` (rule id) and ``data`` (strings)."""

    code: str
    subject: str
    data: Mapping[str, str]

    @property
    def text(self) -> str:
        return TEMPLATES[self.code].format(subject=self.subject, **self.data)

    @property
    def text_zh(self) -> str:
        """The step in Chinese (the data carries the Chinese labels alongside)."""
        return TEMPLATES_ZH[self.code].format(subject=self.subject, **self.data)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "subject": self.subject,
            "text": self.text,
            "text_zh": self.text_zh,
            "data": dict(self.data),
        }


def step(code: str, subject: str = "", **data: Any) -> TraceStep:
    return TraceStep(code, subject, MappingProxyType({k: str(v) for k, v in data.items()}))


_FOUR = Decimal("0.0001")


def show(value: Decimal | None) -> str:
    """A value for reading: exact up to four decimals, else rounded with '≈'."""
    if value is None:
        return "none"
    if value.as_tuple().exponent >= -4:  # type: ignore[operator]
        return plain(value)
    return "≈" + plain(value.quantize(_FOUR, HALF_UP, CONTEXT))
