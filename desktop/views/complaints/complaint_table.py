"""The complaints table (a ``LazyTableModel``): count and ids from ``complaint_list.run_query`` off the GUI thread,
rows by id (or by offset for a long list), only what the logged-in staff member may see (the query names them).
The due column stands out for overdue and nearly due complaints in words, with an icon and in colour."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.models.complaints import complaint_list
from desktop.models.complaints.complaint_list import ComplaintQuery, ComplaintRow
from desktop.models.complaints.labels import COMPLAINANT_KIND_LABELS, COMPLAINT_CHANNEL_LABELS, COMPLAINT_STATUS_LABELS
from desktop.models.core.clock import format_time, local_today
from desktop.models.core.db import Database
from desktop.models.requests.labels import DUE_LABELS
from desktop.tasks import TaskRunner
from desktop.views.shared.forms import ALARM_COLOURS, literal
from desktop.views.shared.labels import label
from desktop.views.shared.lazy_table import LazyTableModel, Result


class ComplaintTableModel(LazyTableModel[ComplaintQuery, ComplaintRow]):
    COLUMNS = ("number", "status", "due", "complainant", "subject", "category", "channel", "received", "assignee",
               "what")
    SORT_KEYS: ClassVar[dict[str, str]] = {"number": "number", "status": "status", "due": "due_on",
                                           "received": "received_at"}

    def __init__(self, db: Database, tasks: TaskRunner, viewer_id: int, parent: Any = None,
                 today: Callable[[], date] = local_today) -> None:
        self._icon: QIcon | None = None
        # rows are read for this viewer only (plain data, for the worker thread)
        self.rows_by_id = lambda db, ids: complaint_list.rows_by_id(db, viewer_id, ids)  # type: ignore[method-assign]
        super().__init__(db, tasks, ComplaintQuery(viewer_id), parent, today)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Number"), self.tr("Status"), self.tr("Due"), self.tr("Complainant"), self.tr("About"),
                self.tr("Category"), self.tr("Channel"), self.tr("Received"), self.tr("Investigator"),
                self.tr("What happened"))

    @staticmethod
    def run(db: Database, query: ComplaintQuery, today: date) -> Result:
        return complaint_list.run_query(db, query, today)

    @staticmethod
    def page(db: Database, query: ComplaintQuery, result: Result, offset: int, limit: int, today: date
             ) -> list[ComplaintRow]:
        head = result.head if isinstance(result, complaint_list.QueryResult) else ()
        return complaint_list.complaint_page(db, query, offset, limit, today, head)

    @staticmethod
    def position(db: Database, query: ComplaintQuery, row_id: int, today: date) -> int | None:
        return complaint_list.position_of(db, query, row_id, today)

    def sorted_by(self, sort: str, descending: bool) -> ComplaintQuery:
        from dataclasses import replace

        return replace(self.query, sort=sort, descending=descending)

    def cell(self, row: ComplaintRow, key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal(row.what_happened if key in ("number", "what") else self._text(row, key))
        if key == "due":
            state = complaint_list.due_state(row.due_on, row.status, self.today)
            if state and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(ALARM_COLOURS[state]))
            if state and role == Qt.ItemDataRole.DecorationRole:
                return self._warning_icon()
        return None

    def subject_text(self, row: ComplaintRow) -> str:
        parts = [row.about_request, row.about_staff, row.about_institution,
                 self.tr("the station") if row.about_station else ""]
        return "; ".join(p for p in parts if p)

    def _text(self, row: ComplaintRow, key: str) -> str:
        if key == "status":
            return label(COMPLAINT_STATUS_LABELS, row.status, self.language)
        if key == "channel":
            return label(COMPLAINT_CHANNEL_LABELS, row.channel, self.language)
        if key == "complainant":
            return row.complainant or (label(COMPLAINANT_KIND_LABELS, "anonymous", self.language)
                                       if row.complainant_kind == "anonymous" else "")
        if key == "subject":
            return self.subject_text(row)
        if key == "received":
            return format_time(row.received_at)
        if key == "what":
            return row.what_happened.replace("\n", " ")
        if key == "due":
            if row.due_on is None:
                return ""
            words = label(DUE_LABELS, complaint_list.due_state(row.due_on, row.status, self.today), self.language)
            return f"{row.due_on.isoformat()} {words}" if words else row.due_on.isoformat()
        return str(getattr(row, key))

    def _warning_icon(self) -> QIcon:
        if self._icon is None:
            self._icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._icon
