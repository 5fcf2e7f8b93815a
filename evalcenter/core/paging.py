"""Paging through list pages: a strict `page` argument and bounded queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, request
from sqlalchemy import Select, func, select

from evalcenter.core.types import whole_number
from evalcenter.extensions import db

MAX_PAGE = 100_000


def page_number() -> int:
    """The `page` query argument: ASCII digits from 1 to MAX_PAGE; otherwise 404."""
    page = whole_number(request.args.get("page", "1"), max_digits=6)
    if page is None or not 1 <= page <= MAX_PAGE:
        abort(404)
    return page


@dataclass(frozen=True)
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def paginate(
    stmt: Select,
    per_page: int = 50,
    *,
    scalars: bool = True,
    rows: Callable[[list[Any]], list[Any]] | None = None,
) -> Page:
    """One page of `stmt`: the count, then the page. `scalars=False` keeps rows of several
    columns, for lists that load only the columns they show. With `rows`, `stmt` selects
    only ids in order (an index-only scan) and `rows(ids)` loads the page's shown columns, so
    deep pages cost what the first does (three statements)."""
    page = page_number()
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    result = db.session.execute(stmt.limit(per_page).offset((page - 1) * per_page))
    items = list(result.scalars() if scalars or rows else result.all())
    if rows is not None:
        items = rows(items) if items else []
    return Page(items, page, per_page, total or 0)
