"""The one error type services raise; `messages.MESSAGES` turns its code into text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class ServiceError(Exception):
    """A request that cannot be carried out; nothing was changed.

    `code` selects the message in the catalogue, `field` names the form field it belongs to
    (None: the error summary or a flash), `params` fill the message, and `problems` lists
    per-field problems (rule-engine problems or further ServiceErrors) when there are several.
    """

    def __init__(
        self,
        code: str,
        field: str | None = None,
        *,
        problems: Sequence[Any] = (),
        **params: Any,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params
        self.problems = tuple(problems)

    def __repr__(self) -> str:
        return f"ServiceError({self.code!r}, field={self.field!r}, params={self.params!r})"
