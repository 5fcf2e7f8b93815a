"""Unified social credit code (统一社会信用代码, GB 32100-2015): the one check used everywhere."""

from __future__ import annotations

from typing import Any

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must be in the alphabet)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem(value: Any, key: str = "uscc", name: Any = None) -> Any:
    """The ``bad_uscc`` problem for ``value`` (stripped, upper-cased), or ``None``."""
    from .inputs import Problem
    from .messages import FRAGMENTS, Msg

    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) == 18 and set(code) <= _VALUE.keys() and check_character(code[:17]) == code[17]:
        return None
    return Problem(key, "bad_uscc", {"name": name or Msg(FRAGMENTS["usccname"])})
