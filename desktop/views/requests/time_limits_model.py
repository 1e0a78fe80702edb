"""The time limits of the catalogue categories, editable in place; edits stay pending until saved.

The model keeps what is stored and what was typed apart, so the page can show which cells are unsaved,
save only the categories that changed (one service call each) and put back what was stored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.models.requests.workdays import LIMIT_FIELDS, MAX_DAYS, CategoryLimits, Limits

Index = QModelIndex | QPersistentModelIndex
FIRST_DAYS_COLUMN = 2  # clause, category, then one column per LIMIT_FIELDS
STATUS_COLUMN = FIRST_DAYS_COLUMN + len(LIMIT_FIELDS)
PENDING_BRUSH = QBrush(QColor("#fff4ce"))


class TimeLimitsModel(QAbstractTableModel):
    """One row per catalogue category; the day columns are editable (0..MAX_DAYS)."""

    edited = Signal()  # the set of unsaved edits changed

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CategoryLimits] = []
        self._pending: dict[int, Limits] = {}  # category id -> limits as typed, only where they differ

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Clause"), self.tr("Category"), self.tr("Response"), self.tr("Hand-over"),
                self.tr("Expert feedback"), self.tr("Completion"), self.tr("Unsaved"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else STATUS_COLUMN + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= STATUS_COLUMN:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if role == Qt.ItemDataRole.ToolTipRole and self.field(section) is not None:
            return self.explanations()[section - FIRST_DAYS_COLUMN]
        return None

    def explanations(self) -> tuple[str, ...]:
        return (self.tr("Working days from receipt to the first response"),
                self.tr("Working days from registration to the hand-over to a service institution"),
                self.tr("Working days from the hand-over to the expert's feedback"),
                self.tr("Working days from receipt to completion"))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.field(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        key = self.field(column)
        changed = self.is_cell_changed(index.row(), column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return row.clause
            if column == 1:
                return row.name
            if key is not None:
                return getattr(self.limits(index.row()), key)
            return self.tr("Changed") if row.category_id in self._pending else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and key is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and changed:
            return PENDING_BRUSH
        if role == Qt.ItemDataRole.FontRole and changed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and changed and key is not None:
            return self.tr("Not saved yet; was %1").replace("%1", str(getattr(row.limits, key)))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        key = self.field(index.column()) if index.isValid() else None
        if key is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            days = int(value)
        except (TypeError, ValueError):
            return False
        if not 0 <= days <= MAX_DAYS:
            return False
        row = self._rows[index.row()]
        typed = replace(self.limits(index.row()), **{key: days})
        if typed == row.limits:
            self._pending.pop(row.category_id, None)
        else:
            self._pending[row.category_id] = typed
        self._row_changed(index.row())
        self.edited.emit()
        return True

    # ---- our API ------------------------------------------------------------------------------------

    @staticmethod
    def field(column: int) -> str | None:
        """The ``Limits`` field shown in ``column`` (None for clause, name and the status column)."""
        n = column - FIRST_DAYS_COLUMN
        return LIMIT_FIELDS[n] if 0 <= n < len(LIMIT_FIELDS) else None

    def set_rows(self, rows: list[CategoryLimits]) -> None:
        """What is stored now. Unsaved edits are kept unless they now equal what is stored."""
        same_rows = [r.category_id for r in rows] == [r.category_id for r in self._rows]
        if not same_rows:
            self.beginResetModel()
        self._rows = list(rows)
        stored = {r.category_id: r.limits for r in rows}
        self._pending = {c: lim for c, lim in self._pending.items() if c in stored and stored[c] != lim}
        if same_rows:
            if self._rows:  # in place: the current cell and an open editor survive another save
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, STATUS_COLUMN))
        else:
            self.endResetModel()
        self.edited.emit()

    def category_id(self, row: int) -> int | None:
        return self._rows[row].category_id if 0 <= row < len(self._rows) else None

    def row_of(self, category_id: int) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.category_id == category_id), None)

    def limits(self, row: int) -> Limits:
        """The limits of ``row`` as shown: typed if edited, else stored."""
        r = self._rows[row]
        return self._pending.get(r.category_id, r.limits)

    def pending(self) -> dict[int, Limits]:
        """Unsaved limits by category id, in table order."""
        return {r.category_id: self._pending[r.category_id] for r in self._rows if r.category_id in self._pending}

    def is_cell_changed(self, row: int, column: int) -> bool:
        r = self._rows[row]
        typed = self._pending.get(r.category_id)
        if typed is None:
            return False
        key = self.field(column)
        return key is None or getattr(typed, key) != getattr(r.limits, key)

    def discard(self, row: int | None = None) -> None:
        """Put back what is stored: of ``row``, or of every row. (Not Qt's ``revert()``: views call that
        when an editor is cancelled, which must not throw away the other edits.)"""
        if row is None:
            rows = [n for n, r in enumerate(self._rows) if r.category_id in self._pending]
            self._pending.clear()
        else:
            cid = self.category_id(row)
            rows = [row] if cid is not None and self._pending.pop(cid, None) is not None else []
        for n in rows:
            self._row_changed(n)
        if rows:
            self.edited.emit()

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, STATUS_COLUMN))


class DaysDelegate(QStyledItemDelegate):
    """A spin box of 0..MAX_DAYS working days for the day columns."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(0, MAX_DAYS)
        editor.setAccelerated(True)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.setValue(int(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
