"""Exceptions and problem records raised by the scoring engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rule file, printed as ``file:line: rule-id: message``."""

    file: str
    line: int
    rule_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule_id}: {self.message}"


class RulesetError(Exception):
    """A rule file was refused; ``problems`` lists every problem found."""

    def __init__(self, problems: Iterable[RuleProblem]):
        self.problems: tuple[RuleProblem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RulesetIntegrityError(RulesetError):
    """A rule file's sha256 no longer matches the published one."""


class ExpressionError(Exception):
    """An expression was refused; ``messages`` lists every problem found in it."""

    def __init__(self, messages: Iterable[str]):
        self.messages: tuple[str, ...] = tuple(messages)
        super().__init__("; ".join(self.messages))


class InputError(ValueError):
    """Application data (or review scores) were refused; ``problems`` lists them all."""

    def __init__(self, problems: Iterable[object]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
