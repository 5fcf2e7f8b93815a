"""Unified social credit code (统一社会信用代码, GB 32100-2015): the one check used everywhere."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .inputs import Problem

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must be in the alphabet)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def bad_characters(code: str) -> str:
    """The characters of ``code`` that are outside the GB 32100-2015 alphabet."""
    return "".join(sorted({c for c in code if c not in _VALUE}))


def is_valid(code: str) -> bool:
    """Whether ``code`` (already upper-cased) is an 18-character USCC with a valid check."""
    return len(code) == 18 and not bad_characters(code) and check_character(code[:17]) == code[17]


def problem(value: Any, key: str = "uscc", name: Any = None) -> Problem | None:
    """The ``bad_uscc`` problem for ``value`` (stripped, upper-cased), or ``None``."""
    from .inputs import Problem
    from .messages import FRAGMENTS, Msg

    if isinstance(value, str) and is_valid(value.strip().upper()):
        return None
    return Problem(key, "bad_uscc", {"name": name or Msg(FRAGMENTS["usccname"])})
