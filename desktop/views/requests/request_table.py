"""The requests table (a ``LazyTableModel``): the count and ids of a query come from ``request_list.run_query`` off
the GUI thread (for results of at most 5,000, every id in order; pages then come by id); larger results (a million
requests unfiltered) come by offset pages. The due column stands out for overdue and nearly due requests three
ways: words, a warning icon and colour (never colour alone).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.models.core.clock import format_time, local_today
from desktop.models.core.db import Database
from desktop.models.requests import request_list
from desktop.models.requests.labels import CHANNEL_LABELS, DUE_LABELS, REQUEST_STATUS_LABELS
from desktop.models.requests.request_list import QueryResult, RequestQuery, RequestRow
from desktop.tasks import TaskRunner
from desktop.views.shared.forms import ALARM_COLOURS, literal
from desktop.views.shared.labels import label
from desktop.views.shared.lazy_table import LazyTableModel, Result

TOOLTIP_CHARS = 300


class RequestTableModel(LazyTableModel[RequestQuery, RequestRow]):
    COLUMNS = ("number", "client", "status", "categories", "channel", "district", "received", "handler", "due",
               "institution")
    SORT_KEYS: ClassVar[dict[str, str]] = {"number": "number", "client": "client", "status": "status",
                                           "received": "received_at", "due": "due_on"}  # the others cannot be sorted

    def __init__(self, db: Database, tasks: TaskRunner, parent: Any = None,
                 today: Callable[[], date] = local_today) -> None:
        self._icon: QIcon | None = None
        super().__init__(db, tasks, RequestQuery(), parent, today)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Number"), self.tr("Client"), self.tr("Status"), self.tr("Categories"), self.tr("Channel"),
                self.tr("District"), self.tr("Received"), self.tr("Handler"), self.tr("Due"),
                self.tr("Institution"))

    @staticmethod
    def run(db: Database, query: RequestQuery, today: date) -> Result:
        return request_list.run_query(db, query, today)

    @staticmethod
    def rows_by_id(db: Database, ids: Sequence[int]) -> list[RequestRow]:
        return request_list.rows_by_id(db, list(ids))

    @staticmethod
    def page(db: Database, query: RequestQuery, result: Result, offset: int, limit: int, today: date
             ) -> list[RequestRow]:
        # run_query's sizing of the set filters serves every offset page
        return request_list.request_page(db, query, offset, limit, today, cast(QueryResult, result).large)

    @staticmethod
    def page_by_key(db: Database, query: RequestQuery, result: Result, anchor_id: int, limit: int, backward: bool,
                    today: date) -> list[RequestRow] | None:
        return request_list.request_page_by_key(db, query, anchor_id, limit, backward, today,
                                                cast(QueryResult, result).large)

    @staticmethod
    def position(db: Database, query: RequestQuery, row_id: int, today: date) -> int | None:
        return request_list.position_of(db, query, row_id, today)

    def sorted_by(self, sort: str, descending: bool) -> RequestQuery:
        return replace(self.query, sort=sort, descending=descending)

    def cell(self, row: RequestRow, key: str, role: int) -> Any:
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

    def _text(self, row: RequestRow, key: str) -> str:
        if key == "client":
            return row.client_name
        if key == "status":
            return label(REQUEST_STATUS_LABELS, row.status, self.language)
        if key == "channel":
            return label(CHANNEL_LABELS, row.channel, self.language)
        if key == "received":
            return format_time(row.received_at)
        if key == "due":
            if row.due_on is None:
                return ""
            words = label(DUE_LABELS, request_list.due_state(row.due_on, self.today), self.language)
            return f"{row.due_on.isoformat()} {words}" if words else row.due_on.isoformat()
        return str(getattr(row, key))

    def _warning_icon(self) -> QIcon:
        if self._icon is None:
            self._icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._icon

    def request_id(self, row: int) -> int | None:
        return self.id_at(row)
