"""The contacts of a client or an institution: an editable table, Add / Remove, and each row's messages."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.messages import tr_field, tr_message
from desktop.views.shared.contacts_model import ContactsModel
from desktop.views.shared.forms import FieldError


class ContactsEditor(QWidget):
    def __init__(self, min_height: int = 110, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.model = ContactsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(min_height)
        layout.addWidget(self.view)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add contact"))
        self.remove_button = QPushButton(self.tr("Remove contact"))
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.errors = FieldError(self)
        layout.addWidget(self.errors)

    def add(self) -> None:
        """A new row, its first cell open for typing."""
        row = self.model.add()
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove(index.row())

    def commit_open_editor(self) -> None:
        """A cell still being edited (Ctrl+S pressed in it) is taken as typed before saving."""
        editor = QApplication.focusWidget()
        if editor is not None and editor is not self.view and self.view.isAncestorOf(editor):
            self.view.commitData(editor)
            self.view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def show_errors(self, errors: Mapping[str, str], shown: bool) -> None:
        """Mark the bad cells and list the ``contacts.*`` messages of ``errors`` (once the user has edited)."""
        mine = {k: v for k, v in errors.items() if k.startswith("contacts")}
        self.model.set_errors(mine if shown else {})
        lines = [f"{tr_field(k)}: {tr_message(v)}" for k, v in mine.items()] if shown else []
        self.errors.setText("\n".join(lines))
        self.errors.setVisible(bool(lines))
