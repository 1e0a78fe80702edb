"""The client table (a ``LazyTableModel``): the count and ids of a query come from ``clients.run_query`` off the GUI
thread (for results of at most 5,000, every id in order; pages then come by id); larger results (200,000 clients
unfiltered) come by offset pages. Scrolling loads the pages it reaches; they are cached and dropped when a service
reports a client change.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from desktop.models.clients import clients
from desktop.models.clients.clients import ClientQuery, ClientRow
from desktop.models.clients.labels import CLIENT_SIZE_LABELS
from desktop.models.core.clock import format_time
from desktop.models.core.db import Database
from desktop.tasks import TaskRunner
from desktop.views.shared.forms import literal
from desktop.views.shared.labels import label
from desktop.views.shared.lazy_table import LazyTableModel, Result
from desktop.views.shared.paging import PAGE

__all__ = ["PAGE", "ClientTableModel"]


class ClientTableModel(LazyTableModel[ClientQuery, ClientRow]):
    COLUMNS = ("name", "uscc", "district", "industry", "size", "contact", "phone", "created_at")
    SORT_KEYS: ClassVar[dict[str, str]] = {c: c for c in ("name", "uscc", "district", "industry", "size",
                                                          "created_at")}  # contact and phone cannot be sorted

    def __init__(self, db: Database, tasks: TaskRunner, parent: Any = None) -> None:
        super().__init__(db, tasks, ClientQuery(), parent)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Unified social credit code"), self.tr("District"), self.tr("Industry"),
                self.tr("Size"), self.tr("Contact"), self.tr("Phone"), self.tr("Registered"))

    @staticmethod
    def run(db: Database, query: ClientQuery, today: date) -> Result:
        return clients.run_query(db, query)

    @staticmethod
    def rows_by_id(db: Database, ids: Sequence[int]) -> list[ClientRow]:
        return clients.rows_by_id(db, ids)

    @staticmethod
    def page(db: Database, query: ClientQuery, result: Result, offset: int, limit: int, today: date
             ) -> list[ClientRow]:
        return clients.client_page(db, query, offset, limit, result.count)

    @staticmethod
    def page_by_key(db: Database, query: ClientQuery, result: Result, anchor_id: int, limit: int, backward: bool,
                    today: date) -> list[ClientRow] | None:
        return clients.client_page_by_key(db, query, anchor_id, limit, backward, result.count)

    @staticmethod
    def position(db: Database, query: ClientQuery, row_id: int, today: date) -> int | None:
        return clients.position_of(db, query, row_id)

    def sorted_by(self, sort: str, descending: bool) -> ClientQuery:
        q = self.query
        return ClientQuery(q.text, q.district, q.size, q.industry, sort=sort, descending=descending)

    def cell(self, row: ClientRow, key: str, role: int) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if key == "size":
            return label(CLIENT_SIZE_LABELS, row.size, self.language)
        if key == "created_at":
            return format_time(row.created_at, "%Y-%m-%d")
        value = getattr(row, key)
        return literal(value) if role == Qt.ItemDataRole.ToolTipRole else value

    def client_id(self, row: int) -> int | None:
        return self.id_at(row)
