"""Application data as drafts hold it: partial, validated key by key, stored in the
interchange format (counts as integers, money and decimals as exact strings)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from evalcenter.applications.sections import SECTIONS
from evalcenter.scoring import Problem, Ruleset, Source
from evalcenter.scoring.inputs import validate_application

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


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

    Numbers may be typed with full-width digits or thousands separators; whatever is not a
    number is passed on as text so that validation names the problem.
    """
    if text is None:
        return None
    if kind == "bool":
        return {"true": True, "false": False}.get(text)
    if kind in ("money", "number", "count"):
        cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
        if not cleaned:
            return None
        if not _NUMBER_TEXT.match(cleaned):
            return cleaned
        try:
            number = Decimal(cleaned)
        except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
            return cleaned
        if kind == "count":
            return int(number) if "." not in cleaned else number
        return cleaned
    if kind == "text":
        return text if text.strip() else None
    stripped = text.strip()
    return stripped or None


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


def applicant_keys(ruleset: Ruleset) -> list[str]:
    return [spec.key for spec in ruleset.inputs if not spec.set_by_admin]


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
