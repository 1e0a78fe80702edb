"""The table model of every large list (the clients, the requests): a count and ids, never all the rows.

A new query (a filter, a search, a sort, a refresh after a change) is worked out off the GUI thread: its count
and, for a result of a few thousand rows, every id in order (``run``, a plain function of the database). While it
runs the list keeps showing the previous result; an answer older than the newest query asked is dropped. Rows then
load a page at a time as the view reaches them, by id (a primary-key lookup of a few ms) or, for a larger result,
by offset from the query (``RowPages``). ``results_shown`` says when a new result is in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.tasks import TaskRunner
from desktop.views.shared.labels import ui_language
from desktop.views.shared.paging import PAGE, RowPages

Index = QModelIndex | QPersistentModelIndex


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
        self._rows: RowPages[R] = RowPages(lambda ids: self.rows_by_id(db, ids))
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
        row = self.row_at(index.row())
        if row is None:
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
        run, by_id, by_offset, position = self.run, self.rows_by_id, self.page, self.position

        def work(_handle: object) -> tuple[int, Q, date, Result, list[R], tuple[int, int | None] | None]:
            result = run(db, query, today)
            if result.count == 0:
                first: list[R] = []
            elif result.ids is not None:
                first = by_id(db, result.ids[:PAGE])
            else:
                first = by_offset(db, query, result, 0, PAGE, today)
            located = None
            if locate is not None and result.ids is None and all(r.id != locate for r in first):
                located = (locate, position(db, query, locate, today))
            return asked, query, today, result, first, located

        self.tasks.run(work, self._answered, self._failed)

    def refresh(self, locate: int | None = None) -> None:
        self.request(self.query, locate)

    @property
    def searching(self) -> bool:
        """Whether a newer result is on its way."""
        return self._shown != self._asked

    def _answered(self, answer: tuple[int, Q, date, Result, list[R], tuple[int, int | None] | None]) -> None:
        asked, query, today, result, first, located = answer
        if asked != self._asked:
            return  # the user has moved on: a newer answer is on its way
        self._shown = asked
        self.show_result(query, result, today, first, located)

    def _failed(self, exc: BaseException) -> None:
        self._shown = self._asked
        self.results_shown.emit()
        raise exc  # unexpected: to sys.excepthook, logged and shown

    def show_result(self, query: Q, result: Result, today: date, first: list[R] | None = None,
                    located: tuple[int, int | None] | None = None) -> None:
        """Show what ``run(db, query, today)`` gave (``first``: its first page of rows, when read with it;
        ``located``: a row id and its row, worked out with it)."""
        self.beginResetModel()
        self._located = located
        self.query, self.result, self.today, self.language = query, result, today, ui_language()
        db = self.db
        self._rows.reset(result.count, result.ids,
                         lambda offset, limit: self.page(db, query, result, offset, limit, today), PAGE, first)
        self.endResetModel()
        self.results_shown.emit()

    def row_at(self, row: int) -> R | None:
        return self._rows.row(row)

    def id_at(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, row_id: int) -> int | None:
        """The row of ``row_id`` in the result shown (None if it is not in it)."""
        if self._located is not None and self._located[0] == row_id:
            return self._located[1]
        return self._rows.row_of(row_id, lambda: self.position(self.db, self.query, row_id, self.today))

    def sort_column(self) -> int:
        """The column showing the current sort order."""
        sort = getattr(self.query, "sort", None)
        return next((n for n, c in enumerate(self.COLUMNS) if self.SORT_KEYS.get(c) == sort), 0)
