"""Application data as drafts hold it: partial, validated key by key, stored in the
interchange format (counts as integers, money and decimals as exact strings)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from evalcenter.applications.sections import SECTIONS
from evalcenter.scoring import Problem, Ruleset, Source
from evalcenter.scoring.inputs import validate_application

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$", re.ASCII)
# ASCII and full-width digits, signs, decimal points, commas and spaces: nothing else is read
# as part of a number (no superscripts, circled or other-script digits).
_NUMBER_CHARS = frozenset("0123456789+-., \u3000０１２３４５６７８９＋－．，")


def to_json_value(value: Any) -> Any:
    """Decimal → int when whole else exact string; everything else unchanged."""
    if isinstance(value, Decimal):
        return (
            int(value)
            if value == value.to_integral_value() and value.as_tuple().exponent == 0
            else format(value, "f")
        )
    return value


def from_form_text(kind: str, text: str | None) -> Any:
    """What a form field's text means for the application data; None when left empty.

    Numbers may be typed with full-width digits and with thousands separators in the standard
    form (48,000); `-0` becomes 0. Anything else that is not plainly a number (5², ⑫, 1,0,0,0)
    is passed on as text, so that validation names the problem and nothing is guessed.
    """
    if text is None:
        return None
    if kind == "bool":
        return {"true": True, "false": False}.get(text, text or None)
    if kind in ("money", "number", "count"):
        return _number_from_text(kind, text)
    if kind == "text":
        return text if text.strip() else None
    stripped = text.strip()
    return stripped or None


def _number_from_text(kind: str, text: str) -> Any:
    stripped = text.strip()
    if not stripped:
        return None
    if any(c not in _NUMBER_CHARS for c in stripped):
        return stripped
    cleaned = unicodedata.normalize("NFKC", stripped).replace(" ", "")
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            return stripped
        cleaned = cleaned.replace(",", "")
    if not _NUMBER_TEXT.match(cleaned):
        return stripped
    if Decimal(cleaned).is_zero():
        cleaned = cleaned.lstrip("+-")
    if kind == "count" and "." not in cleaned and len(cleaned) <= 30:
        return int(cleaned)
    return cleaned


def to_form_text(kind: str, value: Any) -> str | None:
    if value is None:
        return None
    if kind == "bool":
        return "true" if value else "false"
    return str(value)


@dataclass(frozen=True)
class DraftCheck:
    """The normalised data (None when invalid) and every problem other than a missing key."""

    data: dict[str, Any] | None
    problems: tuple[Problem, ...]


def check_draft(ruleset: Ruleset, data: Mapping[str, Any], source: Source) -> DraftCheck:
    """Validate the keys that are present; missing keys are allowed in a draft."""
    present = [spec for spec in ruleset.inputs if spec.key in data]
    values, problems = validate_application(dict(data), present, source)
    if values is None:
        return DraftCheck(None, tuple(problems))
    return DraftCheck({k: to_json_value(v) for k, v in values.items()}, ())


@dataclass(frozen=True)
class SectionStatus:
    section_id: str
    answered: int
    total: int

    @property
    def state(self) -> str:
        if self.answered == 0:
            return "not_started"
        return "complete" if self.answered == self.total else "in_progress"


def completeness(data: Mapping[str, Any]) -> list[SectionStatus]:
    """How many questions of each section are answered (narratives must be non-empty)."""
    out = []
    for section in SECTIONS:
        answered = sum(1 for key in section.keys if _answered(data.get(key)))
        out.append(SectionStatus(section.id, answered, len(section.keys)))
    return out


def _answered(value: Any) -> bool:
    if value is None:
        return False
    return not (isinstance(value, str) and not value.strip())
