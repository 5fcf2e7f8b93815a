"""Lifecycles as explicit transition tables: which action leads from which state to which."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evalcenter.core.errors import ServiceError


class Lifecycle:
    """`transitions[action][from_state] = to_state`; anything not in the table is refused."""

    def __init__(
        self,
        thing: Any,
        transitions: Mapping[str, Mapping[str, str]],
        labels: Mapping[str, Any],
    ) -> None:
        self.thing = thing  # what the states belong to, for messages ("application")
        self.transitions = transitions
        self.labels = labels  # state -> its label in messages

    def allows(self, action: str, state: str) -> bool:
        return state in self.transitions.get(action, {})

    def target(self, action: str, state: str) -> str:
        """The state `action` leads to from `state`; a ServiceError when the table refuses."""
        table = self.transitions.get(action, {})
        if state in table:
            return table[state]
        targets = set(table.values())
        code = "already_in_state" if state in targets else "transition_refused"
        raise ServiceError(code, thing=self.thing, status=self.labels.get(state, state))
