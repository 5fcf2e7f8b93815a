"""The plain data each document is rendered from: no database objects, no Flask.

Services build these from the database (``documents/builders.py``); the sample commands build
them from made-up data (``documents/samples.py``); the renderer only ever sees these.
Texts a reader sees in both languages are :class:`Bi` pairs; numbers stay ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple


class Bi(NamedTuple):
    """A text in Chinese and in English."""

    zh: str
    en: str


@dataclass(frozen=True)
class CertificateData:
    serial: str  # BJ-ETC-2025-0001
    centre_name: str  # the technology centre, e.g. "<company>技术中心"
    company_name: str
    uscc: str
    field: Bi  # the industry field
    district: str
    round_title: str
    issued_on: date
    valid_until: date
    verify_url: str  # what the QR code opens
    issuer: Bi  # the issuing authority
    specimen: bool = False  # a sample or preview, never issued


@dataclass(frozen=True)
class GateRow:
    label: Bi
    passed: bool
    reason: Bi  # why it failed (shown only when it did)


@dataclass(frozen=True)
class IndicatorRow:
    id: str  # A1, B2 … (the spec's indicator codes)
    label: Bi
    unit: str | None
    inputs: tuple[tuple[Bi, str], ...]  # each input's label and its value as shown
    value: Decimal
    basic: Decimal | None  # the level for basic points
    full: Decimal | None  # the level for full points
    level: Bi  # which level the value reached, in words
    points: Decimal
    weight: Decimal  # the indicator's maximum


@dataclass(frozen=True)
class GroupRow:
    id: str  # A, B, C, D
    label: Bi
    points: Decimal  # subtotal
    maximum: Decimal
    indicators: tuple[IndicatorRow, ...]


@dataclass(frozen=True)
class ItemRow:
    """A bonus or penalty item."""

    label: Bi
    raw: Decimal
    points: Decimal
    cap: Decimal | None


@dataclass(frozen=True)
class CriterionRow:
    """One expert criterion (X1…X6): the panel's mean and the criterion's maximum."""

    id: str
    label: Bi
    mean: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class PanelSummary:
    score: Decimal  # the panel score (0–100)
    reviews: int  # how many reviews it is the mean of; never who wrote them
    criteria: tuple[CriterionRow, ...]


@dataclass(frozen=True)
class Improvement:
    """What would raise the score: an indicator below full points and what full points need."""

    label: Bi
    unit: str | None
    value: Decimal
    full: Decimal | None
    gain: Decimal


@dataclass(frozen=True)
class ReportData:
    reference: str
    company_name: str
    uscc: str
    field: Bi
    district: str
    round_title: str
    generated_on: date
    ruleset_id: str
    ruleset_version: int
    ruleset_sha256: str
    eligible: bool
    gates: tuple[GateRow, ...]
    groups: tuple[GroupRow, ...]
    base: Decimal
    bonus_items: tuple[ItemRow, ...]
    penalty_items: tuple[ItemRow, ...]
    bonus: Decimal
    penalty: Decimal
    quantitative: Decimal
    panel: PanelSummary | None  # None until enough reviews are in
    composite: Decimal | None
    recommendation: Bi
    rank: int | None  # position in the round's ranking (None: not ranked)
    ranked: int | None  # how many applications the ranking has
    improvements: tuple[Improvement, ...]
    issuer: Bi
    specimen: bool = False


@dataclass(frozen=True)
class FormRow:
    label: Bi
    value: str  # as shown: numbers with their unit, yes/no and choices in words
    hint: str = ""


@dataclass(frozen=True)
class FormSection:
    title: Bi
    rows: tuple[FormRow, ...]


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    size: int  # bytes
    sha256: str
    uploaded_at: datetime


@dataclass(frozen=True)
class EvidenceKind:
    kind: Bi
    files: tuple[EvidenceFile, ...]


@dataclass(frozen=True)
class ApplicationFormData:
    reference: str
    round_title: str
    company_name: str
    uscc: str
    version: int  # the submitted version (snapshot number)
    submitted_at: datetime  # in Beijing time
    sections: tuple[FormSection, ...]
    evidence: tuple[EvidenceKind, ...]
    commitment: Bi
    issuer: Bi
    specimen: bool = False
