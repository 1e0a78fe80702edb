"""The client table: a row count and pages of rows loaded on demand from SQL (sorted and filtered there).

``clients.run_query`` gives the count and, for results of at most 5,000, every id in order; pages then
come by id. Larger results (200,000 clients unfiltered) come by offset pages of ``PAGE`` rows. Scrolling
loads the pages it reaches; they are cached (at most ``paging.MAX_PAGES``) and dropped when a service reports a
client change.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.models.clients import clients
from desktop.models.clients.clients import ClientQuery, ClientRow
from desktop.models.clients.labels import CLIENT_SIZE_LABELS
from desktop.models.core.db import Database
from desktop.models.core.types import to_local
from desktop.views.shared.forms import literal
from desktop.views.shared.labels import label
from desktop.views.shared.paging import PAGE, RowPages

Index = QModelIndex | QPersistentModelIndex


class ClientTableModel(QAbstractTableModel):
    # column -> (header, sort key or None when the column cannot be sorted)
    COLUMNS = ("name", "uscc", "district", "industry", "size", "contact", "phone", "created_at")
    SORTABLE = ("name", "uscc", "district", "industry", "size", "created_at")

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self.db = db
        self.query = ClientQuery()
        self._rows: RowPages[ClientRow] = RowPages(lambda ids: clients.rows_by_id(db, ids))
        self._run(self.query)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Unified social credit code"), self.tr("District"), self.tr("Industry"),
                self.tr("Size"), self.tr("Contact"), self.tr("Phone"), self.tr("Registered"))

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
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                               Qt.ItemDataRole.UserRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        key = self.COLUMNS[index.column()]
        if key == "size":
            return label(CLIENT_SIZE_LABELS, row.size)
        if key == "created_at":
            local = to_local(row.created_at)
            return local.strftime("%Y-%m-%d") if local else ""
        value = getattr(row, key)
        return literal(value) if role == Qt.ItemDataRole.ToolTipRole else value

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.COLUMNS[column] if 0 <= column < len(self.COLUMNS) else ""
        if key not in self.SORTABLE:
            return
        query = ClientQuery(self.query.text, self.query.district, self.query.size, self.query.industry,
                            sort=key, descending=order == Qt.SortOrder.DescendingOrder)
        if query != self.query:  # the view asks again for the order already shown (enabling sorting does)
            self.set_query(query)

    # ---- our API ------------------------------------------------------------------------------------

    def row_at(self, row: int) -> ClientRow | None:
        return self._rows.row(row)

    def client_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found else None

    def row_of(self, client_id: int) -> int | None:
        """The row of ``client_id`` in the current result (None if it is not in it)."""
        return self._rows.row_of(client_id, lambda: clients.position_of(self.db, self.query, client_id))

    def _run(self, query: ClientQuery) -> None:
        result = clients.run_query(self.db, query)
        self.query = query
        self._rows.reset(result.count, result.ids, lambda offset, limit: clients.client_page(
            self.db, query, offset, limit, result.count), PAGE)

    def set_query(self, query: ClientQuery) -> None:
        self.beginResetModel()
        self._run(query)
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.query)
