"""Choosing a new password (after an admin's reset, or from the user menu)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.messages import QT_TRANSLATE_NOOP
from desktop.models.accounts import staff
from desktop.views.shared.forms import Form, apply_change_in_background, line_edit


class ChangePasswordDialog(QDialog):
    def __init__(self, ctx: AppContext, user: staff.StaffInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.user = user
        self.setWindowTitle(self.tr("Change password"))
        layout = QVBoxLayout(self)
        if user.must_change_password:
            note = QLabel(self.tr("Your password was reset by the station admin. Choose a new one."))
            note.setWordWrap(True)
            layout.addWidget(note)
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        self.form = Form(form_layout)
        self.old = self.form.add("old_password", self.tr("Current password"), line_edit(128))
        self.new = self.form.add("password", self.tr("New password"), line_edit(128))
        self.confirm = self.form.add("confirm", self.tr("Repeat new password"), line_edit(128))
        for edit in (self.old, self.new, self.confirm):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        if self.new.text() != self.confirm.text():
            self.form.show_errors({"confirm": QT_TRANSLATE_NOOP("messages", "The two passwords differ.")})
            return
        db, user_id, old, new = self.ctx.db, self.user.id, self.old.text(), self.new.text()
        apply_change_in_background(self, self.ctx, lambda: staff.change_password(db, user_id, old, new),
                                   self.form, lambda _changes: self.accept(), busy=[self.buttons])


