"""One pagination helper for every list (HTML and API)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select

from community.extensions import db

T = TypeVar("T")

MAX_PAGE = 10_000


@dataclass
class Page(Generic[T]):
    """A slice of results with what a pager needs."""

    items: Sequence[T]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page < self.pages


def parse_page(raw: Any) -> int:
    """Read a page number from user input; junk becomes 1, huge values are capped."""
    try:
        page = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(page, 1), MAX_PAGE)


def paginate(
    stmt: Select[Any], page: int, per_page: int, count_stmt: Select[Any] | None = None
) -> Page[Any]:
    """Run ``stmt`` for one page and count the total with a separate COUNT query."""
    if count_stmt is None:
        count_stmt = select(func.count()).select_from(stmt.order_by(None).subquery())
    total = db.session.scalar(count_stmt) or 0
    items = db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=items, page=page, per_page=per_page, total=total)
