"""Rows of a large, SQL-sorted result, loaded a page at a time as the view reaches them (no Qt here).

A query gives the count and, when the result is small, every id in order: pages then come by id.
Otherwise a page comes by offset from its query. At most ``MAX_PAGES`` pages are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

PAGE = 200
MAX_PAGES = 64


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=_HasId)


class RowPages(Generic[R]):
    def __init__(self, by_ids: Callable[[Sequence[int]], list[R]]) -> None:
        self._by_ids = by_ids
        self._by_offset: Callable[[int, int], list[R]] = lambda _offset, _limit: []
        self._pages: dict[int, list[R]] = {}
        self.page_size = PAGE
        self.count = 0
        self.ids: list[int] | None = None

    def reset(self, count: int, ids: list[int] | None, by_offset: Callable[[int, int], list[R]],
              page_size: int = PAGE, first: list[R] | None = None) -> None:
        """A new result: ``by_offset(offset, limit)`` loads a page when ``ids`` (the whole result) is None;
        ``first``, the first page when it came with the result."""
        self._pages.clear()
        if first:
            self._pages[0] = first
        self.page_size = page_size
        self.count = count
        self.ids = ids
        self._by_offset = by_offset

    def row(self, row: int) -> R | None:
        if not 0 <= row < self.count:
            return None
        size = self.page_size
        page_no = row // size
        page = self._pages.get(page_no)
        if page is None:
            start = page_no * size
            page = self._by_ids(self.ids[start:start + size]) if self.ids is not None else self._by_offset(
                start, size)
            if len(self._pages) >= MAX_PAGES:
                self._pages.pop(next(iter(self._pages)))
            self._pages[page_no] = page
        offset = row - page_no * size
        return page[offset] if offset < len(page) else None

    def row_of(self, row_id: int, position: Callable[[], int | None]) -> int | None:
        """The row of ``row_id``: from the id list or the loaded pages, else ``position()`` (a query)."""
        if self.ids is not None:
            return self.ids.index(row_id) if row_id in self.ids else None
        for page_no, page in self._pages.items():
            for n, r in enumerate(page):
                if r.id == row_id:
                    return page_no * self.page_size + n
        return position()
