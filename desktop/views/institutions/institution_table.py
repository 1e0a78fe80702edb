"""Item models of the institutions registry: the registry table (a small in-memory list, filtered by a proxy)
and the qualifications of one institution (shown in its record and edited in its dialog).

Qualification states stand out three ways, so they read without colour too: text, an icon and a colour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.messages import tr_message
from desktop.models.institutions.institutions import InstitutionRow, QualificationInput, qualification_state
from desktop.models.institutions.labels import INSTITUTION_KIND_LABELS
from desktop.views.shared.forms import literal
from desktop.views.shared.labels import label

Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate
EXPIRED_COLOUR = QColor("#b3261e")
EXPIRING_COLOUR = QColor("#8a5a00")
DIMMED_COLOUR = QColor("#888888")
ERROR_BRUSH = QBrush(QColor("#fbe4e2"))
STATE_RANK = {"expired": 0, "expiring": 1, "": 2}  # worst first when sorted ascending


def state_text(state: str, until: date | None) -> str:
    """What a qualification state says in words, with the date that sets it."""
    day = until.isoformat() if until else ""
    if state == "expired":
        return translate("institutions", "Expired %1").replace("%1", day)
    if state == "expiring":
        return translate("institutions", "Expires %1").replace("%1", day)
    return translate("institutions", "Valid until %1").replace("%1", day) if until else ""


def state_icon(state: str) -> QIcon | None:
    app = QApplication.instance()
    if not state or not isinstance(app, QApplication):
        return None
    pixmap = (QStyle.StandardPixmap.SP_MessageBoxCritical if state == "expired"
              else QStyle.StandardPixmap.SP_MessageBoxWarning)
    return app.style().standardIcon(pixmap)


def state_brush(state: str) -> QBrush | None:
    if state == "expired":
        return QBrush(EXPIRED_COLOUR)
    if state == "expiring":
        return QBrush(EXPIRING_COLOUR)
    return None


class InstitutionTableModel(QAbstractTableModel):
    COLUMNS = ("name", "kind", "categories", "contact", "phone", "qualification")
    SORT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[InstitutionRow] = []

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Name"), self.tr("Type"), self.tr("Capability"), self.tr("Contact"), self.tr("Phone"),
                self.tr("Qualifications"))

    def set_rows(self, rows: list[InstitutionRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, institution_id: int) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == institution_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.COLUMNS)):
            return self.headers()[section]
        return None

    def _text(self, row: InstitutionRow, key: str) -> str:
        if key == "kind":
            return label(INSTITUTION_KIND_LABELS, row.kind)
        if key == "categories":
            return "、".join(row.categories)
        if key == "qualification":
            return state_text(row.qualification_state, row.next_expiry)
        value = getattr(row, key)
        return str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        key = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(row, key)
            if key == "name" and not row.active:
                return self.tr("%1 (disabled)").replace("%1", text)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(row, key)
            return literal(text) if text else None
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == self.SORT_ROLE:
            if key == "qualification":
                return f"{STATE_RANK[row.qualification_state]} {(row.next_expiry or date.max).isoformat()}"
            return self._text(row, key)
        if key == "qualification" and role == Qt.ItemDataRole.DecorationRole:
            return state_icon(row.qualification_state)
        if role == Qt.ItemDataRole.ForegroundRole:
            if key == "qualification" and row.qualification_state:
                return state_brush(row.qualification_state)
            if not row.active:
                return QBrush(DIMMED_COLOUR)
        return None


class InstitutionFilter(QSortFilterProxyModel):
    """Every word typed must appear in the name, type, capability, contact or phone (case-insensitive)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.terms: list[str] = []
        self.setSortRole(InstitutionTableModel.SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.terms = [t.casefold() for t in text.split()]
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.terms:
            return True
        model = self.sourceModel()
        if not isinstance(model, InstitutionTableModel) or not 0 <= source_row < len(model.rows):
            return False
        row = model.rows[source_row]
        haystack = " ".join(model._text(row, k) for k in model.COLUMNS[:5]).casefold()
        return all(t in haystack for t in self.terms)


# ---- the qualifications of one institution ------------------------------------------------------------

QUAL_FIELDS = ("name", "certificate_no", "valid_from", "valid_until", "state")


@dataclass(frozen=True)
class _Qual:
    name: str = ""
    certificate_no: str = ""
    valid_from: date | None = None
    valid_until: date | None = None
    id: int | None = None


class QualificationsModel(QAbstractTableModel):
    """A small in-memory list; rows are edited through the dialog's fields (``set_row``), not in the cells,
    because a validity date may be "none" and a date cell cannot say so."""

    def __init__(self, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today
        self._rows: list[_Qual] = []
        self.errors: dict[str, str] = {}  # "qualifications.N.field" -> message, from validate_institution

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Qualification"), self.tr("Certificate no."), self.tr("Valid from"), self.tr("Valid until"),
                self.tr("Status"))

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(QUAL_FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(QUAL_FIELDS)):
            return self.headers()[section]
        return None

    def state(self, row: int) -> str:
        return qualification_state(self._rows[row].valid_until, self.today)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        q = self._rows[index.row()]
        key = QUAL_FIELDS[index.column()]
        state = self.state(index.row())
        error = self.errors.get(f"qualifications.{index.row()}.{key}")
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "state":
                return state_text(state, q.valid_until) if state else ""
            value = getattr(q, key)
            if key in ("valid_from", "valid_until"):
                return value.isoformat() if value else self.tr("(none)")
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if error:
                return tr_message(error)
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return literal(text) if text else None
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return ERROR_BRUSH
        if key == "state" and role == Qt.ItemDataRole.DecorationRole:
            return state_icon(state)
        if key in ("state", "valid_until") and role == Qt.ItemDataRole.ForegroundRole:
            return state_brush(state)
        return None

    # ---- our API ------------------------------------------------------------------------------------

    def set_qualifications(self, quals: list[QualificationInput]) -> None:
        self.beginResetModel()
        self._rows = [_Qual(q.name, q.certificate_no, q.valid_from, q.valid_until, q.id) for q in quals]
        self.endResetModel()

    def qualifications(self) -> tuple[QualificationInput, ...]:
        return tuple(QualificationInput(q.name, q.certificate_no, q.valid_from, q.valid_until, q.id)
                     for q in self._rows)

    def qualification(self, row: int) -> QualificationInput | None:
        if not 0 <= row < len(self._rows):
            return None
        q = self._rows[row]
        return QualificationInput(q.name, q.certificate_no, q.valid_from, q.valid_until, q.id)

    def set_row(self, row: int, q: QualificationInput) -> None:
        if not 0 <= row < len(self._rows):
            return
        self._rows[row] = _Qual(q.name, q.certificate_no, q.valid_from, q.valid_until, self._rows[row].id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(QUAL_FIELDS) - 1))

    def add(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(_Qual())
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def set_errors(self, errors: dict[str, str]) -> None:
        self.errors = {k: v for k, v in errors.items() if k.startswith("qualifications.")}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(QUAL_FIELDS) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])
