"""One pagination helper for every list (HTML and API)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    # False when counting stopped at a limit: ``total`` is then a lower bound ("10000+").
    is_total_exact: bool = True

    @property
    def pages(self) -> int:
        """Number of pages (at least 1); a lower bound when the total is not exact."""
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


def paginate_by_key(
    load_page: Callable[[int, int, int], tuple[Sequence[T], int | None]],
    count_keys: Callable[[int], int],
    page: int,
    per_page: int,
    count_limit: int,
) -> Page[T]:
    """Paginate a big table, counting no further than ``count_limit``, usually in one statement.

    ``load_page(limit, offset, count)`` loads the items of a key range in order, and with them
    the number of matching keys, at most ``count`` (None when the range is empty: then
    ``count_keys(count)`` counts alone). Both should walk an index of keys, not whole rows. Past
    ``count_limit`` the total is a lower bound, exact again once the last page is reached.
    """
    offset = (page - 1) * per_page
    loaded, total = load_page(per_page + 1, offset, count_limit + 1)
    if total is None:
        total = count_keys(count_limit + 1)
    more = len(loaded) > per_page
    items = list(loaded[:per_page])
    if total <= count_limit:
        return Page(items=items, page=page, per_page=per_page, total=total)
    if not more and (items or page == 1):  # the last page: now the total is known
        return Page(items=items, page=page, per_page=per_page, total=offset + len(items))
    lower_bound = max(count_limit, offset + len(items) + (1 if more else 0))
    return Page(items=items, page=page, per_page=per_page, total=lower_bound, is_total_exact=False)
