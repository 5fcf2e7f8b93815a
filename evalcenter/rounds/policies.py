"""Who may do what with evaluation rounds: administrators run them."""

from __future__ import annotations

from typing import Any

from evalcenter.core.roles import Role
from evalcenter.rounds.lifecycle import EDITABLE, ROUND, editable_settings
from evalcenter.rounds.models import EvaluationRound


def can_manage(user: Any, rnd: EvaluationRound) -> bool:
    """See a round, its applications and its what-if; create and change rounds."""
    return user.is_authenticated and user.role == Role.ADMIN


def can_edit(user: Any, rnd: EvaluationRound) -> bool:
    """Change the name, description and dates: until the round closes."""
    return can_manage(user, rnd) and rnd.status in EDITABLE


def can_change_settings(user: Any, rnd: EvaluationRound) -> bool:
    """Change the review settings: until the round reaches deciding."""
    return can_manage(user, rnd) and bool(editable_settings(rnd.status))


def actions_for(user: Any, rnd: EvaluationRound) -> list[str]:
    """The lifecycle actions this user may take on the round now, in the table's order."""
    if not can_manage(user, rnd):
        return []
    return [action for action in ROUND.transitions if ROUND.allows(action, rnd.status)]


POLICIES = {
    "round_actions": actions_for,
    "can_edit_round": can_edit,
    "can_change_round_settings": can_change_settings,
}
