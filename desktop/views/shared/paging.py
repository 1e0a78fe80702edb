"""Rows of a large, SQL-sorted result, a page at a time (no Qt here).

A query gives the count and, when the result is small, every id in order. ``RowPages`` is the cache of the pages
read so far (at most ``MAX_PAGES``, the least recently used dropped first) and the list of the pages the view has
asked for and not got: it never reads the database itself. ``load_page`` reads one page, off the GUI thread: by id
when the result's ids are known; else by key from a row already read next to it (a short walk of the order's
index from that row's sort key and id: the same cost at row 500,000 as at row 200), when the order allows it;
else by offset from the query (a walk of every index entry before the page).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

PAGE = 200
MAX_PAGES = 64
REACH = 2 * PAGE  # how far from its anchor row a page may start to be read by key rather than by offset


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=_HasId)

Anchor = tuple[int, int]  # a row already read: (its row in the result, its id)
# by_key(anchor id, limit, backward): ``limit`` rows after the anchor (backward: before it), in display order;
# None when the order cannot be walked by key or the anchor is gone
ByKey = Callable[[int, int, bool], "list[R] | None"]


class RowPages(Generic[R]):
    def __init__(self) -> None:
        self._pages: OrderedDict[int, list[R]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()  # asked for, most recent last
        self.newly_wanted = False  # a page not asked for before has been (the view has moved): see ``row``
        self.page_size = PAGE
        self.count = 0
        self.ids: list[int] | None = None

    def reset(self, count: int, ids: list[int] | None, page_size: int = PAGE,
              pages: dict[int, list[R]] | None = None) -> None:
        """A new result: ``pages``, those read with it (the first, the selection's)."""
        self._pages.clear()
        self._wanted.clear()
        self.page_size = page_size
        self.count = count
        self.ids = ids
        for page_no, rows in (pages or {}).items():
            self.put(page_no, rows)

    def row(self, row: int) -> R | None:
        """Row ``row`` if its page is in; else None, and its page is noted as wanted."""
        if not 0 <= row < self.count:
            return None
        page_no, offset = divmod(row, self.page_size)
        page = self._pages.get(page_no)
        if page is None:
            self.newly_wanted = self.newly_wanted or page_no not in self._wanted
            self._wanted[page_no] = None
            self._wanted.move_to_end(page_no)
            return None
        self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def id_at(self, row: int) -> int | None:
        if self.ids is not None:
            return self.ids[row] if 0 <= row < len(self.ids) else None
        page = self._pages.get(row // self.page_size) if row >= 0 else None
        offset = row % self.page_size
        return page[offset].id if page is not None and offset < len(page) else None

    def loaded(self, page_no: int) -> bool:
        return page_no in self._pages

    @property
    def wanted(self) -> bool:
        return bool(self._wanted)

    def take_wanted(self, limit: int) -> tuple[list[int], list[int]]:
        """The ``limit`` pages asked for most recently (what the view shows now), and the older ones, dropped
        (pages scrolled past); the list is then empty."""
        asked = [p for p in self._wanted if p not in self._pages and p * self.page_size < self.count]
        self._wanted.clear()
        return sorted(asked[-limit:]), asked[:-limit]

    def put(self, page_no: int, rows: list[R]) -> None:
        self._pages[page_no] = rows
        self._pages.move_to_end(page_no)
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)

    def anchor(self, page_no: int) -> Anchor | None:
        """A row read next to page ``page_no``: the last of the page before, or the first of the page after."""
        size = self.page_size
        before, after = self._pages.get(page_no - 1), self._pages.get(page_no + 1)
        if before is not None and len(before) == size:
            return page_no * size - 1, before[-1].id
        if after:
            return (page_no + 1) * size, after[0].id
        return None

    def row_of(self, row_id: int, position: Callable[[], int | None]) -> int | None:
        """The row of ``row_id``: from the id list or the loaded pages, else ``position()`` (a query)."""
        if self.ids is not None:
            return self.ids.index(row_id) if row_id in self.ids else None
        for page_no, page in self._pages.items():
            for n, r in enumerate(page):
                if r.id == row_id:
                    return page_no * self.page_size + n
        return position()


def load_page(start: int, size: int, count: int, ids: Sequence[int] | None, anchor: Anchor | None,
              by_ids: Callable[[Sequence[int]], list[R]], by_offset: Callable[[int, int], list[R]],
              by_key: ByKey[R]) -> list[R]:
    """Rows ``start`` … ``start + size - 1`` of a result of ``count`` rows (off the GUI thread): by id when ``ids``
    (the whole result) is known, by key from ``anchor`` when it is near, else by offset."""
    end = min(start + size, count)
    if end <= start:
        return []
    if ids is not None:
        return by_ids(ids[start:end])
    if anchor is not None:
        found = _by_anchor(start, end, anchor, by_ids, by_key)
        if found is not None:
            return found
    return by_offset(start, end - start)


def _by_anchor(start: int, end: int, anchor: Anchor, by_ids: Callable[[Sequence[int]], list[R]],
               by_key: ByKey[R]) -> list[R] | None:
    a_row, a_id = anchor
    if start - REACH <= a_row < start:  # the anchor comes before the page
        after = by_key(a_id, end - a_row - 1, False)
        return None if after is None else after[start - a_row - 1:]
    if end <= a_row < end + REACH:  # after it
        before = by_key(a_id, a_row - start, True)
        if before is None or len(before) != a_row - start:  # fewer rows before it than its row says
            return None
        return before[:end - start]
    if start <= a_row < end:  # on it
        before = by_key(a_id, a_row - start, True)
        after = by_key(a_id, end - a_row - 1, False)
        if before is None or after is None or len(before) != a_row - start:
            return None
        return before + by_ids([a_id]) + after
    return None
