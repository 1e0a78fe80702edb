"""Accounts (admin only): add, disable or enable, change role, reset the password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.accounts import staff
from desktop.models.accounts.staff import StaffInfo
from desktop.models.accounts.tables import Staff
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time
from desktop.models.core.labels import ROLE_LABELS
from desktop.models.core.tables import ROLES
from desktop.views.shared.forms import Form, apply_change, apply_change_in_background, line_edit, literal
from desktop.views.shared.labels import label
from desktop.views.shared.list_model import ListTableModel


def _when(info: StaffInfo) -> str:
    return format_time(info.last_login_at)


class StaffPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add account"))
        self.toggle_button = QPushButton(self.tr("Disable / enable"))
        self.role_button = QPushButton(self.tr("Change role"))
        self.reset_button = QPushButton(self.tr("Reset password"))
        for b in (self.add_button, self.toggle_button, self.role_button, self.reset_button):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model: ListTableModel[StaffInfo] = ListTableModel([
            (self.tr("User name"), lambda s: s.login),
            (self.tr("Full name"), lambda s: s.name),
            (self.tr("Role"), lambda s: label(ROLE_LABELS, s.role)),
            (self.tr("Status"), lambda s: self.tr("Active") if s.active else self.tr("Disabled")),
            (self.tr("Last log-in"), _when),
        ], self, dimmed=lambda s: not s.active)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.add_account)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_password)
        ctx.data_changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Reload the list, keeping the selected account selected (its row may move)."""
        current = self.selected()
        self.model.set_items(staff.list_staff(self.ctx.db))
        row = self.model.row_where(lambda s: s.id == current.id) if current else None
        if row is not None:
            self.table.selectRow(row)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Staff):
            self.reload()

    def selected(self) -> StaffInfo | None:
        index = self.table.currentIndex()
        return self.model.item(index.row()) if index.isValid() else None

    def add_account(self) -> None:
        dialog = AccountDialog(self.ctx, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog = dialog

    def toggle_active(self) -> None:
        s = self.selected()
        if s is not None:
            apply_change(self, self.ctx, lambda: staff.set_active(self.ctx.db, self.ctx.user_id, s.id, not s.active))

    def change_role(self) -> None:
        s = self.selected()
        if s is None:
            return
        labels = [label(ROLE_LABELS, r) for r in ROLES]
        label, ok = QInputDialog.getItem(self, self.tr("Change role"), literal(s.name), labels,
                                         ROLES.index(s.role), False)
        if ok:
            role = ROLES[labels.index(label)]
            apply_change(self, self.ctx, lambda: staff.set_role(self.ctx.db, self.ctx.user_id, s.id, role))

    def reset_password(self) -> None:
        s = self.selected()
        if s is None:
            return
        password, ok = QInputDialog.getText(
            self, self.tr("Reset password"),
            literal(self.tr("Temporary password for %1 (at least 8 characters); they choose a new one at the next "
                            "log-in:").replace("%1", s.name)), QLineEdit.EchoMode.Password)
        if not ok:
            return
        db, actor, done = self.ctx.db, self.ctx.user_id, self.tr("The password was reset.")
        apply_change_in_background(
            self, self.ctx, lambda: staff.reset_password(db, actor, s.id, password),
            on_done=lambda _changes: QMessageBox.information(self, self.tr("Reset password"), done),
            busy=[self.reset_button])


class AccountDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Add account"))
        layout = QVBoxLayout(self)
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        self.form = Form(form_layout)
        self.login = self.form.add("login", self.tr("User name"), line_edit(32, "zhangsan"))
        self.name = self.form.add("name", self.tr("Full name"), line_edit(50))
        self.role = self.form.add("role", self.tr("Role"), QComboBox())
        for r in ROLES:
            self.role.addItem(label(ROLE_LABELS, r), r)
        self.password = self.form.add("password", self.tr("Password"), line_edit(128))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        db, actor = self.ctx.db, self.ctx.user_id
        login, name, role, password = self.login.text(), self.name.text(), self.role.currentData(), self.password.text()
        apply_change_in_background(self, self.ctx, lambda: staff.create_staff(db, actor, login, name, role, password),
                                   self.form, lambda _changes: self.accept(), busy=[self.buttons])
