"""The requests table: a row count and pages of rows loaded on demand from SQL (sorted and filtered there).

``request_list.run_query`` gives the count and, for results of at most 5,000, every id in order; pages
then come by id. Larger results (a million requests unfiltered) come by offset pages of ``PAGE`` rows.
Pages are cached (at most ``paging.MAX_PAGES``) and dropped on refresh. The due column stands out for overdue
and nearly due requests three ways: words, a warning icon and colour (never colour alone).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.models.core.db import Database
from desktop.models.core.types import local_today, to_local
from desktop.models.requests import request_list
from desktop.models.requests.labels import CHANNEL_LABELS, DUE_LABELS, REQUEST_STATUS_LABELS
from desktop.models.requests.request_list import QueryResult, RequestQuery, RequestRow
from desktop.views.shared.forms import ALARM_COLOURS, literal
from desktop.views.shared.labels import label
from desktop.views.shared.paging import PAGE, RowPages

TOOLTIP_CHARS = 300
Index = QModelIndex | QPersistentModelIndex


class RequestTableModel(QAbstractTableModel):
    COLUMNS = ("number", "client", "status", "categories", "channel", "district", "received", "handler", "due",
               "institution")
    SORT_KEYS: ClassVar[dict[str, str]] = {"number": "number", "client": "client", "status": "status",
                                           "received": "received_at", "due": "due_on"}  # the others cannot be sorted

    def __init__(self, db: Database, parent: Any = None, today: Callable[[], date] = local_today) -> None:
        super().__init__(parent)
        self.db = db
        self._today_fn = today
        self.today = today()
        self.query = RequestQuery()
        self._rows: RowPages[RequestRow] = RowPages(lambda ids: request_list.rows_by_id(db, list(ids)))
        self._icon: QIcon | None = None
        # where a new sort order goes (the page runs queries off the GUI thread); None: run it here
        self.runner: Callable[[RequestQuery], None] | None = None
        self._run(self.query)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Number"), self.tr("Client"), self.tr("Status"), self.tr("Categories"), self.tr("Channel"),
                self.tr("District"), self.tr("Received"), self.tr("Handler"), self.tr("Due"),
                self.tr("Institution"))

    # ---- Qt model API -------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows.count

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.headers()[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._rows.count:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in ("number", "client") and row.description:
                excerpt = row.description[:TOOLTIP_CHARS] + ("…" if len(row.description) > TOOLTIP_CHARS else "")
                return literal(excerpt)
            return literal(self._text(row, key))
        if key == "due":
            state = request_list.due_state(row.due_on, self.today)
            if state and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(ALARM_COLOURS[state]))
            if state and role == Qt.ItemDataRole.DecorationRole:
                return self._warning_icon()
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column] if 0 <= column < len(self.COLUMNS) else ""
        if key not in self.SORT_KEYS:
            return
        q = self.query
        query = RequestQuery(q.text, q.statuses, q.category_id, q.channel, q.district, q.received_from,
                             q.received_to, q.handler_id, q.due, q.client_id, q.institution_id,
                             sort=self.SORT_KEYS[key], descending=order == Qt.SortOrder.DescendingOrder)
        if query == q:
            return
        if self.runner is not None:
            self.runner(query)
        else:
            self.set_query(query)

    # ---- our API ------------------------------------------------------------------------------------

    def _text(self, row: RequestRow, key: str) -> str:
        if key == "client":
            return row.client_name
        if key == "status":
            return label(REQUEST_STATUS_LABELS, row.status)
        if key == "channel":
            return label(CHANNEL_LABELS, row.channel)
        if key == "received":
            local = to_local(row.received_at)
            return local.strftime("%Y-%m-%d %H:%M") if local else ""
        if key == "due":
            if row.due_on is None:
                return ""
            words = label(DUE_LABELS, request_list.due_state(row.due_on, self.today))
            return f"{row.due_on.isoformat()} {words}" if words else row.due_on.isoformat()
        return str(getattr(row, key))

    def _warning_icon(self) -> QIcon:
        if self._icon is None:
            self._icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._icon

    def sort_column(self) -> int:
        """The column showing the current sort order."""
        return next(n for n, c in enumerate(self.COLUMNS) if self.SORT_KEYS.get(c) == self.query.sort)

    def row_at(self, row: int) -> RequestRow | None:
        return self._rows.row(row)

    def request_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, request_id: int) -> int | None:
        """The row of ``request_id`` in the current result (None if it is not in it)."""
        return self._rows.row_of(
            request_id, lambda: request_list.position_of(self.db, self.query, request_id, self.today))

    def _run(self, query: RequestQuery) -> None:
        today = self._today_fn()  # a list refreshed after midnight counts overdue from the new day
        self._apply(query, request_list.run_query(self.db, query, today), today)

    def _apply(self, query: RequestQuery, result: QueryResult, today: date) -> None:
        self.query = query
        self.today = today
        # run_query's sizing of the set filters serves every offset page
        self._rows.reset(result.count, result.ids, lambda offset, limit: request_list.request_page(
            self.db, query, offset, limit, today, result.large), PAGE)

    def set_query(self, query: RequestQuery) -> None:
        """Run ``query`` here, on the calling thread."""
        self.beginResetModel()
        self._run(query)
        self.endResetModel()

    def set_result(self, query: RequestQuery, result: QueryResult, today: date) -> None:
        """Show what ``request_list.run_query(db, query, today)`` gave (run elsewhere, off the GUI thread)."""
        self.beginResetModel()
        self._apply(query, result, today)
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.query)
