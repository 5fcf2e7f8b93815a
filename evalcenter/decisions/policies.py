"""Who may see and do what with decisions, publicity and objections: administrators decide
and resolve; anyone may read a round under publicity and object; a company sees its own
outcome once the publicity has started."""

from __future__ import annotations

from typing import Any

from evalcenter.applications.models import Application, ApplicationStatus
from evalcenter.applications.policies import is_own
from evalcenter.core.roles import Role
from evalcenter.decisions.models import Objection
from evalcenter.rounds.models import EvaluationRound, RoundStatus

ANNOUNCED = (ApplicationStatus.DECIDED, ApplicationStatus.PUBLISHED, ApplicationStatus.CERTIFIED)


def is_admin(user: Any, obj: Any = None) -> bool:
    return user.is_authenticated and user.role == Role.ADMIN


def can_decide(user: Any, rnd: EvaluationRound) -> bool:
    """Record or change decisions: administrators, while the round is deciding."""
    return is_admin(user) and rnd.status == RoundStatus.DECIDING


def can_view_publicity(user: Any, rnd: EvaluationRound) -> bool:
    """The public page of a round: while it is under publicity (no login needed)."""
    return rnd.status == RoundStatus.PUBLICITY


def can_resolve(user: Any, objection: Objection) -> bool:
    return is_admin(user) and objection.status == "open"


def can_see_outcome(user: Any, app: Application) -> bool:
    """The company sees its outcome once it has been announced (at the publicity start)."""
    return (is_own(user, app) or is_admin(user)) and app.status in ANNOUNCED


POLICIES = {
    "can_decide_round": can_decide,
    "can_resolve_objection": can_resolve,
    "can_see_outcome": can_see_outcome,
}
