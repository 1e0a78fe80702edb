"""The table model of every large list (the clients, the requests): a count and ids, never all the rows.

A new query (a filter, a search, a sort, a refresh after a change) is worked out off the GUI thread: its count
and, for a result of a few thousand rows, every id in order (``run``, a plain function of the database). While it
runs the list keeps showing the previous result; an answer older than the newest query asked is dropped.

Rows then come a page at a time as the view reaches them, and never on the GUI thread: ``data`` answers from the
pages read (``RowPages``) and shows an empty row for the others while they are read by the task runner. The pages
asked for are read together a moment later (the ones the view shows now: those scrolled past while a read was
on its way are dropped), by id, by key from a row next to them, or by offset (``paging.load_page``); each page
that comes in is announced with ``dataChanged``. ``results_shown`` says when a new result is in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from shiboken6 import isValid

from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.tasks import TaskRunner
from desktop.views.shared.labels import ui_language
from desktop.views.shared.paging import PAGE, Anchor, RowPages, load_page

Index = QModelIndex | QPersistentModelIndex
PAGES_AT_ONCE = 2  # pages read together: a view shows rows of two pages at most
# pages are read once the view has stopped asking for new ones this long: a drag of the scroll bar across a
# million rows reads the rows where it stops, not every page it passes
READ_DELAY_MS = 40


class _Row(Protocol):
    @property
    def id(self) -> int: ...


class Result(Protocol):
    """What a list query gives: how many rows, and all their ids in order when there are few enough."""

    @property
    def count(self) -> int: ...

    @property
    def ids(self) -> list[int] | None: ...


Q = TypeVar("Q")
R = TypeVar("R", bound=_Row)


class LazyTableModel(QAbstractTableModel, Generic[Q, R]):
    """Subclasses name their columns and how a row shows; the queries are theirs (``run``, ``rows_by_id``,
    ``page``), run with plain data only (see desktop/tasks.py)."""

    results_shown = Signal()  # a new result is in the table
    COLUMNS: ClassVar[tuple[str, ...]] = ()
    SORT_KEYS: ClassVar[dict[str, str]] = {}  # column -> the query's sort key; the others cannot be sorted

    def __init__(self, db: Database, tasks: TaskRunner, query: Q, parent: Any = None,
                 today: Callable[[], date] = local_today) -> None:
        super().__init__(parent)
        self.db = db
        self.tasks = tasks
        self._today_fn = today
        self.today = today()
        self.query = query  # the query whose result is shown
        self.result: Result | None = None
        self._rows: RowPages[R] = RowPages()
        self._generation = 0  # the result shown: a page read for an older one is dropped
        self._reading: set[tuple[int, int]] = set()  # (result, page) being read: two reads at most at a time
        self._dropped: set[int] = set()  # pages asked for but scrolled past while a read was on its way
        self._read_timer = QTimer(self)  # the pages asked for while the view paints are read together
        self._read_timer.setSingleShot(True)
        self._read_timer.setInterval(READ_DELAY_MS)
        self._read_timer.timeout.connect(self._read_wanted)
        self.language = ui_language()  # the screen's language, taken again with every new result
        self._headers: tuple[str, tuple[str, ...]] = ("", ())  # (the language, the headers in it)
        self._asked = 0  # the newest query asked for
        self._shown = 0  # the one shown
        self._located: tuple[int, int | None] | None = None  # a row id and its row, found with the result shown
        self.request(query)

    # ---- what a list says -----------------------------------------------------------------------------

    @staticmethod
    def run(db: Database, query: Q, today: date) -> Result:
        """Count and ids of ``query`` (off the GUI thread)."""
        raise NotImplementedError

    @staticmethod
    def rows_by_id(db: Database, ids: Sequence[int]) -> list[R]:
        raise NotImplementedError

    @staticmethod
    def page(db: Database, query: Q, result: Result, offset: int, limit: int, today: date) -> list[R]:
        """Rows ``offset`` to ``offset + limit`` of a large result (one that came without ids)."""
        raise NotImplementedError

    @staticmethod
    def page_by_key(db: Database, query: Q, result: Result, anchor_id: int, limit: int, backward: bool,
                    today: date) -> list[R] | None:
        """``limit`` rows after the row ``anchor_id`` of a large result (``backward``: before it), in display
        order, found from its sort key; None when the order cannot be walked that way (then pages come by
        offset)."""
        return None

    @staticmethod
    def position(db: Database, query: Q, row_id: int, today: date) -> int | None:
        """The row of ``row_id`` in a large result (a query of its own)."""
        raise NotImplementedError

    def headers(self) -> tuple[str, ...]:
        raise NotImplementedError

    def sorted_by(self, sort: str, descending: bool) -> Q:
        """The shown query in another order."""
        raise NotImplementedError

    def cell(self, row: R, key: str, role: int) -> Any:
        """What the view shows of ``row`` in column ``key`` for ``role`` (display, tooltip, colour…)."""
        raise NotImplementedError

    # ---- Qt model API ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows.count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            if self._headers[0] != self.language:  # the view asks for every header many times as it paints
                self._headers = (self.language, self.headers())
            return self._headers[1][section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._rows.count:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows.row(index.row())
        if row is None:  # an empty row until its page is in (noted as wanted: read a moment later)
            self._read_soon()
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return self.cell(row, self.COLUMNS[index.column()], role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column] if 0 <= column < len(self.COLUMNS) else ""
        if key not in self.SORT_KEYS:
            return
        query = self.sorted_by(self.SORT_KEYS[key], order == Qt.SortOrder.DescendingOrder)
        if query != self.query:  # the view asks again for the order already shown (enabling sorting does)
            self.request(query)

    # ---- our API --------------------------------------------------------------------------------------

    def request(self, query: Q, locate: int | None = None) -> None:
        """Show ``query``'s result once it is worked out (off the GUI thread), with its first page of rows:
        the view paints without a query of its own. ``locate``: a row id whose row is worked out with it (the
        selection to keep), so that ``row_of`` answers without a query on the GUI thread (in a large result,
        counting the rows before it takes 0.1-25 s at a million requests)."""
        self._asked += 1
        db, today, asked = self.db, self._today_fn(), self._asked  # plain data only
        run, position, read, size = self.run, self.position, self._page_reader(), PAGE

        def work(_handle: object) -> tuple[int, Q, date, Result, dict[int, list[R]], tuple[int, int | None] | None]:
            result = run(db, query, today)
            pages = {0: read(db, query, result, today, 0, size, None)}
            located, row = None, None
            if locate is not None and result.ids is not None:
                row = result.ids.index(locate) if locate in result.ids else None
            elif locate is not None and all(r.id != locate for r in pages[0]):
                located = (locate, position(db, query, locate, today))
                row = located[1]
            if row is not None and locate is not None and row // size not in pages:
                # the selection's page, read from the selection's key: it shows with the result
                pages[row // size] = read(db, query, result, today, row - row % size, size, (row, locate))
            return asked, query, today, result, pages, located

        self.tasks.run(work, self._answered, self._failed, urgent=True)

    def refresh(self, locate: int | None = None) -> None:
        self.request(self.query, locate)

    @property
    def searching(self) -> bool:
        """Whether a newer result is on its way."""
        return self._shown != self._asked

    def _answered(self, answer: tuple[int, Q, date, Result, dict[int, list[R]], tuple[int, int | None] | None]
                  ) -> None:
        asked, query, today, result, pages, located = answer
        if asked != self._asked:
            return  # the user has moved on: a newer answer is on its way
        self._shown = asked
        self.show_result(query, result, today, pages, located)

    def _failed(self, exc: BaseException) -> None:
        self._shown = self._asked
        self.results_shown.emit()
        raise exc  # unexpected: to sys.excepthook, logged and shown

    def show_result(self, query: Q, result: Result, today: date, pages: dict[int, list[R]] | None = None,
                    located: tuple[int, int | None] | None = None) -> None:
        """Show what ``run(db, query, today)`` gave (``pages``: pages of its rows read with it, by number;
        ``located``: a row id and its row, worked out with it)."""
        self.beginResetModel()
        self._located = located
        self._generation += 1
        self._dropped.clear()
        self.query, self.result, self.today, self.language = query, result, today, ui_language()
        self._rows.reset(result.count, result.ids, PAGE, pages)
        self.endResetModel()
        self.results_shown.emit()

    def row_at(self, row: int) -> R | None:
        """Row ``row`` if its page is in (None until then: the page is asked for)."""
        found = self._rows.row(row)
        if found is None:
            self._read_soon()
        return found

    def id_at(self, row: int) -> int | None:
        """The id of row ``row``: from the result's ids, or from its page if that is in."""
        found = self._rows.id_at(row)
        if found is None:
            self.row_at(row)  # asked for
        return found

    @property
    def reading(self) -> bool:
        """Whether pages the view asked for are still to come."""
        return bool(self._reading) or self._rows.wanted or self._read_timer.isActive()

    # ---- pages, read off the GUI thread ---------------------------------------------------------------

    def _page_reader(self) -> Callable[[Database, Q, Result, date, int, int, Anchor | None], list[R]]:
        """The plain function that reads a page (on a worker thread)."""
        by_ids, by_offset, by_key = self.rows_by_id, self.page, self.page_by_key

        def read(db: Database, query: Q, result: Result, today: date, start: int, size: int,
                 anchor: Anchor | None) -> list[R]:
            return load_page(start, size, result.count, result.ids, anchor, lambda ids: by_ids(db, ids),
                             lambda offset, limit: by_offset(db, query, result, offset, limit, today),
                             lambda key, limit, back: by_key(db, query, result, key, limit, back, today))
        return read

    def _read_soon(self) -> None:
        """Read the pages asked for once the view stops asking for new ones (``READ_DELAY_MS``)."""
        if self._rows.newly_wanted:
            self._rows.newly_wanted = False
            self._read_timer.start()  # (again): the view is still moving
        elif self._rows.wanted and not self._read_timer.isActive():
            self._read_timer.start()

    def _read_wanted(self) -> None:
        if len(self._reading) >= PAGES_AT_ONCE * 2 or self.result is None:
            return  # asked again when a read on its way is in
        pages, dropped = self._rows.take_wanted(PAGES_AT_ONCE)
        self._dropped.update(dropped)
        pages = [p for p in pages if (self._generation, p) not in self._reading]
        if not pages:
            return
        self._reading.update((self._generation, p) for p in pages)
        size = self._rows.page_size
        plans = [(p, self._rows.anchor(p)) for p in pages]
        if self._located is not None and self._located[1] is not None:  # the selection found with the result
            plans = [(p, a if a is not None else (self._located[1], self._located[0])) for p, a in plans]
        db, query, result, today, generation, read = (self.db, self.query, self.result, self.today,
                                                      self._generation, self._page_reader())

        def work(_handle: object) -> tuple[int, dict[int, list[R]]]:
            got: dict[int, list[R]] = {}
            for page_no, anchor in plans:
                before = got.get(page_no - 1)
                if before is not None and len(before) == size:  # the page just read leads to this one
                    anchor = (page_no * size - 1, before[-1].id)
                got[page_no] = read(db, query, result, today, page_no * size, size, anchor)
            return generation, got

        self.tasks.run(work, self._pages_read, partial(self._read_failed, generation, pages), urgent=True)

    def _pages_read(self, answer: tuple[int, dict[int, list[R]]]) -> None:
        if not isValid(self):
            return  # the list has closed while its pages were read
        generation, pages = answer
        self._reading.difference_update((generation, p) for p in pages)
        if generation == self._generation:
            size, last = self._rows.page_size, len(self.COLUMNS) - 1
            for page_no, rows in pages.items():
                self._rows.put(page_no, rows)
            # the pages read, and those dropped (the view asks for them again if it still shows them)
            for page_no in sorted(set(pages) | self._dropped):
                first, end = page_no * size, min((page_no + 1) * size, self._rows.count) - 1
                if first <= end:
                    self.dataChanged.emit(self.index(first, 0), self.index(end, last))
            self._dropped.clear()
        if self._rows.wanted:
            self._read_timer.start()

    def _read_failed(self, generation: int, pages: list[int], exc: BaseException) -> None:
        if isValid(self):
            self._reading.difference_update((generation, p) for p in pages)
        raise exc  # unexpected: to sys.excepthook, logged and shown

    def row_of(self, row_id: int) -> int | None:
        """The row of ``row_id`` in the result shown (None if it is not in it)."""
        if self._located is not None and self._located[0] == row_id:
            return self._located[1]
        return self._rows.row_of(row_id, lambda: self.position(self.db, self.query, row_id, self.today))

    def sort_column(self) -> int:
        """The column showing the current sort order."""
        sort = getattr(self.query, "sort", None)
        return next((n for n, c in enumerate(self.COLUMNS) if self.SORT_KEYS.get(c) == sort), 0)
