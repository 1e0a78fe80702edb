"""Log-in: user name and password, checked off the GUI thread (Argon2id takes a moment)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.accounts import staff
from desktop.models.core.errors import Refused
from desktop.views.shared.forms import ERROR_STYLE, plain_label


class LoginDialog(QDialog):
    logged_in = Signal(object)  # StaffInfo

    def __init__(self, ctx: AppContext, login: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle(self.tr("Log in - Quality Station"))
        layout = QVBoxLayout(self)
        name = ctx.station.name if ctx.station else ""
        heading = plain_label(name)
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        form = QFormLayout()
        self.login = QLineEdit(login)
        self.login.setMaxLength(32)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(128)
        form.addRow(self.tr("User name"), self.login)
        form.addRow(self.tr("Password"), self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Log in"))
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        (self.password if login else self.login).setFocus()
        self.resize(380, 200)

    def try_login(self) -> None:
        login, password = self.login.text(), self.password.text()
        if not login.strip() or not password:
            self.message.setText(self.tr("Enter your user name and password."))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("Checking…"))
        db = self.ctx.db  # the background function captures data only, never this dialog (see tasks.py)
        self.ctx.tasks.run(lambda _h: staff.authenticate(db, login, password), self._succeeded, self._failed)

    def _succeeded(self, user: staff.StaffInfo) -> None:
        self.buttons.setEnabled(True)
        self.message.clear()
        if user.must_change_password:
            from desktop.views.accounts.password_dialog import ChangePasswordDialog

            dialog = ChangePasswordDialog(self.ctx, user, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.message.setText(self.tr("Choose a new password to continue."))
                return
        self.ctx.set_user(user)
        self.logged_in.emit(user)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, Refused):
            self.message.setText(self.tr("The log-in could not be checked. Try again or ask IT staff."))
            raise exc  # to sys.excepthook: logged and shown
        self.message.setText(tr_message(exc.message))
        self.password.clear()
        self.password.setFocus()
