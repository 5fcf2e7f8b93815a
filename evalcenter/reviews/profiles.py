"""Reviewer profiles: expertise fields (the ruleset's industry fields), employer name and
USCC, and an optional cap on assignments per round. Administrators edit them; services flush
and audit old and new values."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from evalcenter.accounts.models import User
from evalcenter.core import audit
from evalcenter.core.errors import ServiceError
from evalcenter.core.i18n import pick
from evalcenter.core.roles import Role
from evalcenter.extensions import db
from evalcenter.reviews.models import ReviewerProfile
from evalcenter.rounds.models import EvaluationRound
from evalcenter.rounds.rulesets import load_published, published, ruleset_for_round
from evalcenter.scoring import uscc

FIELD_INPUT = "industry_field"


def _ruleset():
    """The ruleset pinned by the latest round, or the newest valid published one."""
    latest = db.session.scalar(select(EvaluationRound).order_by(EvaluationRound.id.desc()))
    if latest is not None:
        return ruleset_for_round(latest)
    info = next((i for i in published() if i.valid), None)
    return load_published(info.id, info.version, info.sha256) if info else None


def expertise_choices() -> list[tuple[str, str]]:
    """The ruleset's industry fields as (code, label in the user's language)."""
    ruleset = _ruleset()
    spec = next((s for s in ruleset.inputs if s.key == FIELD_INPUT), None) if ruleset else None
    if spec is None:
        return []
    return [(v, pick(spec.value_labels[v]) if v in spec.value_labels else v) for v in spec.values]


@dataclass(frozen=True)
class ProfileSpec:
    fields: list[str]
    employer_name: str
    employer_uscc: str
    max_load: int | None


def profile_of(reviewer: User) -> ReviewerProfile | None:
    return db.session.scalar(select(ReviewerProfile).where(ReviewerProfile.user_id == reviewer.id))


def normalised_uscc(value: str | None) -> str:
    return (value or "").strip().upper()


def _shown(profile: ReviewerProfile | None) -> dict:
    if profile is None:
        return {"fields": [], "employer_name": "", "employer_uscc": None, "max_load": None}
    return {
        "fields": list(profile.fields or []),
        "employer_name": profile.employer_name,
        "employer_uscc": profile.employer_uscc,
        "max_load": profile.max_load,
    }


def update_profile(
    actor: User, reviewer: User, spec: ProfileSpec, expected_version: int
) -> ReviewerProfile:
    """Save a reviewer's profile (created on the first save: version 0 before). Refused when
    someone saved it since the form opened."""
    if reviewer.role != Role.REVIEWER:
        raise ServiceError("not_a_reviewer")
    profile = profile_of(reviewer)
    if expected_version != (profile.version if profile else 0):
        raise ServiceError("profile_version_conflict")
    known = {code for code, _label in expertise_choices()}
    if not set(spec.fields) <= known:
        raise ServiceError("unknown_expertise", "fields")
    employer_uscc = normalised_uscc(spec.employer_uscc) or None
    if employer_uscc and uscc.problem(employer_uscc) is not None:
        raise ServiceError("bad_uscc_field", "employer_uscc")
    name = (spec.employer_name or "").strip()
    if employer_uscc and not name:
        raise ServiceError("employer_uscc_without_name", "employer_name")
    if spec.max_load is not None and spec.max_load < 1:
        raise ServiceError("setting_out_of_range", "max_load")
    before = _shown(profile)
    if profile is None:
        profile = ReviewerProfile(user_id=reviewer.id, user=reviewer)
        db.session.add(profile)
    profile.fields = [code for code, _label in expertise_choices() if code in spec.fields]
    profile.employer_name, profile.employer_uscc = name, employer_uscc
    profile.max_load = spec.max_load
    db.session.flush()
    old, new = audit.changes(before, _shown(profile))
    if new:
        audit.record("reviewer_profile.update", profile, actor=actor, before=old, after=new)
    return profile
