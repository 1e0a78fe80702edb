"""The editable list of a client's contacts inside the client dialog (a small in-memory list)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from desktop.messages import tr_message
from desktop.models.clients.clients import ContactInput

Index = QModelIndex | QPersistentModelIndex
FIELDS = ("name", "phone", "title")
ERROR_BRUSH = QBrush(QColor("#fbe4e2"))


@dataclass(frozen=True)
class _Contact:
    name: str = ""
    phone: str = ""
    title: str = ""
    id: int | None = None


class ContactsModel(QAbstractTableModel):
    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[_Contact] = []
        self.errors: dict[str, str] = {}  # "contacts.N.field" -> message, from validate_client

    def headers(self) -> tuple[str, ...]:
        return self.tr("Name"), self.tr("Phone"), self.tr("Title")

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 3:
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        contact = self._rows[index.row()]
        key = FIELDS[index.column()]
        error = self.errors.get(f"contacts.{index.row()}.{key}")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return getattr(contact, key)
        if role == Qt.ItemDataRole.ToolTipRole and error:
            return tr_message(error)
        if role == Qt.ItemDataRole.BackgroundRole and error:
            return ERROR_BRUSH
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        old = self._rows[index.row()]
        text = str(value)
        self._rows[index.row()] = {
            "name": lambda: replace(old, name=text),
            "phone": lambda: replace(old, phone=text),
            "title": lambda: replace(old, title=text),
        }[FIELDS[index.column()]]()
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        self.edited.emit()
        return True

    # ---- our API ------------------------------------------------------------------------------------

    def set_contacts(self, contacts: list[ContactInput]) -> None:
        self.beginResetModel()
        self._rows = [_Contact(c.name, c.phone, c.title, c.id) for c in contacts]
        self.endResetModel()

    def contacts(self) -> tuple[ContactInput, ...]:
        return tuple(ContactInput(c.name, c.phone, c.title, c.id) for c in self._rows)

    def add(self) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(_Contact())
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.edited.emit()

    def set_errors(self, errors: dict[str, str]) -> None:
        self.errors = {k: v for k, v in errors.items() if k.startswith("contacts.")}
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(FIELDS) - 1),
                                  [Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ToolTipRole])
