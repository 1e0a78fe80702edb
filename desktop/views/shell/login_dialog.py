"""Log-in: user name and password, checked off the GUI thread (Argon2id takes a moment)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from desktop.messages import tr_message
from desktop.models.core.errors import Refused
from desktop.views.shared.forms import ERROR_STYLE, plain_label

if TYPE_CHECKING:  # the window is up before the database (and the ORM) has loaded: see desktop.opening
    from desktop.context import AppContext
    from desktop.models.accounts.staff import StaffInfo


class LoginDialog(QDialog):
    logged_in = Signal(object)  # StaffInfo

    def __init__(self, ctx: AppContext | None, login: str = "", station_name: str = "") -> None:
        """``ctx`` None: the station is still opening (``set_context`` brings it); a log-in asked for before
        then is checked as soon as it comes."""
        super().__init__()
        self.ctx = ctx
        self._waiting = False  # a log-in was asked for before the station had opened
        self.setWindowTitle(self.tr("Log in - Quality Station"))
        layout = QVBoxLayout(self)
        name = ctx.station.name if ctx is not None and ctx.station else station_name
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
        self.message = QLabel()  # what is happening (plain), or what went wrong (in the error colour)
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

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)

    def set_context(self, ctx: AppContext) -> None:
        """The station has opened: a log-in already asked for is checked now."""
        self.ctx = ctx
        if self._waiting:
            self._waiting = False
            self.try_login()

    def try_login(self) -> None:
        login, password = self.login.text(), self.password.text()
        if not login.strip() or not password:
            self._say(self.tr("Enter your user name and password."), error=True)
            return
        self.buttons.setEnabled(False)
        if self.ctx is None:
            self._waiting = True
            self._say(self.tr("Opening the station's records…"))
            return
        self._say(self.tr("Checking…"))
        from desktop.models.accounts import staff

        db = self.ctx.db  # the background function captures data only, never this dialog (see tasks.py)
        self.ctx.tasks.run(lambda _h: staff.authenticate(db, login, password), self._succeeded, self._failed)

    def _succeeded(self, user: StaffInfo) -> None:
        assert self.ctx is not None
        self.buttons.setEnabled(True)
        self.message.clear()
        if user.must_change_password:
            from desktop.views.accounts.password_dialog import ChangePasswordDialog

            dialog = ChangePasswordDialog(self.ctx, user, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self._say(self.tr("Choose a new password to continue."), error=True)
                return
        self.ctx.set_user(user)
        self.logged_in.emit(user)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, Refused):
            self._say(self.tr("The log-in could not be checked. Try again or ask IT staff."), error=True)
            raise exc  # to sys.excepthook: logged and shown
        self._say(tr_message(exc.message), error=True)
        self.password.clear()
        self.password.setFocus()
