"""What must hold before a round moves on: the checks of each lifecycle action, each raising a
ServiceError that says what is missing. ``change_status`` runs the checks of its action.

The features that know what must hold add their checks here (rounds import no feature above
them): ``reviews.readiness`` for the decisions, ``decisions.publicity`` for the publicity and
the end of the round."""

from __future__ import annotations

from collections.abc import Callable

from evalcenter.rounds.models import EvaluationRound

# action -> the checks run before it
CHECKS: dict[str, list[Callable[[EvaluationRound], None]]] = {
    "start_deciding": [],
    "start_publicity": [],
    "finish": [],
}


def check(rnd: EvaluationRound, action: str) -> None:
    """Run the checks of ``action``; the first one that fails raises its ServiceError."""
    for precondition in CHECKS.get(action, ()):
        precondition(rnd)
