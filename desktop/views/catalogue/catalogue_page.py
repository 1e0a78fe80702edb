"""The service catalogue of §5 (admin): every item with its clause; add items, retire and reinstate."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.catalogue import catalogue
from desktop.models.catalogue.catalogue import CategoryInfo, ItemInfo
from desktop.models.catalogue.tables import CatalogueItem
from desktop.models.core.changes import Changes
from desktop.views.shared.forms import Form, apply_change, line_edit
from desktop.views.shared.list_model import ListTableModel


class CataloguePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.categories: dict[int, CategoryInfo] = {}
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add item"))
        self.retire_button = QPushButton(self.tr("Retire / reinstate"))
        bar.addWidget(self.add_button)
        bar.addWidget(self.retire_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model: ListTableModel[ItemInfo] = ListTableModel([
            (self.tr("Clause"), lambda i: i.clause or ""),
            (self.tr("Category"), lambda i: self.categories[i.category_id].name),
            (self.tr("Item"), lambda i: i.title),
            (self.tr("Text"), lambda i: i.text),
            (self.tr("Status"), lambda i: self.tr("Retired") if i.retired else self.tr("In use")),
        ], self, dimmed=lambda i: i.retired)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.add_item)
        self.retire_button.clicked.connect(self.toggle_retired)
        ctx.data_changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Reload the catalogue, keeping the selected item selected."""
        index = self.table.currentIndex()
        current = self.model.item(index.row()) if index.isValid() else None
        cats = catalogue.list_catalogue(self.ctx.db)
        self.categories = {c.id: c for c in cats}
        self.model.set_items([i for c in cats for i in c.items])
        self.table.resizeRowsToContents()
        row = self.model.row_where(lambda i: i.id == current.id) if current else None
        if row is not None:
            self.table.selectRow(row)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(CatalogueItem):
            self.reload()

    def toggle_retired(self) -> None:
        index = self.table.currentIndex()
        item = self.model.item(index.row()) if index.isValid() else None
        if item is None:
            return
        apply_change(self, self.ctx, lambda: catalogue.set_retired(self.ctx.db, self.ctx.user_id, item.id,
                                                                   not item.retired))

    def add_item(self) -> None:
        dialog = ItemDialog(self.ctx, list(self.categories.values()), self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog = dialog


class ItemDialog(QDialog):
    def __init__(self, ctx: AppContext, categories: list[CategoryInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add catalogue item"))
        layout = QVBoxLayout(self)
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        self.form = Form(form_layout)
        self.category = self.form.add("category", self.tr("Category"), QComboBox())
        for c in categories:
            self.category.addItem(f"{c.clause} {c.name}", c.id)
        self.title = self.form.add("title", self.tr("Item"), line_edit(100))
        self.text = self.form.add("text", self.tr("Text"), line_edit(1000))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        if apply_change(self, self.ctx, lambda: catalogue.add_item(
                self.ctx.db, self.ctx.user_id, self.category.currentData(), self.title.text(), self.text.text()),
                self.form):
            self.accept()
