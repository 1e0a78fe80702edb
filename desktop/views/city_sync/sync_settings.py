"""City platform settings (station admins): the hub's address, a CA bundle for a city server with its own CA,
the batch size; enrolling this device with the city's one-time code; testing the connection.

Saving is a quick local write; enrolling and the connection test wait on the network, so they run on
``ctx.tasks`` with plain data only (the database, the settings, the code).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.city_sync import sync_state
from desktop.models.city_sync.sync_state import SyncSettings
from desktop.models.core.db import Database
from desktop.sync import service
from desktop.sync.client import HubClient, HubError
from desktop.tasks import TaskHandle
from desktop.views.city_sync.sync_status import SyncController, expected_failure, failure_text
from desktop.views.shared.forms import ERROR_STYLE, Form, apply_change, line_edit, plain_label

OK_STYLE = "color: #2e7d32;"


def check_connection(settings: SyncSettings, timeout: float, _handle: TaskHandle) -> HubError | None:
    with HubClient(settings.hub_url, None, ca_bundle=settings.ca_bundle, timeout=timeout,
                   connect_timeout=timeout) as client:
        return client.check()


def enrol_device(db: Database, code: str, settings: SyncSettings, _handle: TaskHandle) -> str:
    return service.enrol(db, code, settings)


class SyncSettingsDialog(QDialog):
    saved = Signal()
    enrolled = Signal(str)  # the station's name at the city platform

    def __init__(self, ctx: AppContext, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.controller = ctx, controller
        self.setWindowTitle(self.tr("City platform settings"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)

        connection = QGroupBox(self.tr("Connection"))
        form_layout = QFormLayout(connection)
        self.form = Form(form_layout)
        self.hub_url = self.form.add("hub_url", self.tr("Address"), line_edit(500, "https://sync.example.cn"))
        self.hub_url.setToolTip(self.tr("The address the city gave for its platform; https, or http for a "
                                        "platform on this computer"))
        ca_row = QWidget()
        ca_layout = QHBoxLayout(ca_row)
        ca_layout.setContentsMargins(0, 0, 0, 0)
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("Optional: only for a city server with its own certificate "
                                                  "authority"))
        self.ca_browse = QPushButton(self.tr("Choose…"))
        self.ca_browse.clicked.connect(self._choose_ca)
        ca_layout.addWidget(self.ca_bundle, 1)
        ca_layout.addWidget(self.ca_browse)
        self.form.add("ca_bundle", self.tr("CA certificate file"), ca_row)
        self.batch_size = self.form.add("batch_size", self.tr("Records per batch"), QSpinBox())
        self.batch_size.setRange(1, 500)
        self.batch_size.setToolTip(self.tr("How many records go in one request to the city platform (1 to 500); "
                                           "smaller batches suit a slow connection"))
        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = self._result_label()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form_layout.addRow(test_row)
        layout.addWidget(connection)

        enrolment = QGroupBox(self.tr("Enrol this device"))
        enrol_layout = QVBoxLayout(enrolment)
        note = QLabel(self.tr("Each computer of the station is enrolled once, with a one-time code from the city "
                              "(valid 7 days). Its credential is kept in the system's keychain."))
        note.setWordWrap(True)
        enrol_layout.addWidget(note)
        self.enrolment_state = plain_label()
        enrol_layout.addWidget(self.enrolment_state)
        code_row = QHBoxLayout()
        self.code = line_edit(100, self.tr("One-time code"))
        self.enrol_button = QPushButton(self.tr("Enrol this device"))
        self.enrol_button.clicked.connect(self.enrol)
        self.code.returnPressed.connect(self.enrol)
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.enrol_button)
        enrol_layout.addLayout(code_row)
        self.enrol_result = self._result_label()
        enrol_layout.addWidget(self.enrol_result)
        layout.addWidget(enrolment)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.save_and_close)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        for field in (self.hub_url, self.ca_bundle):
            field.textChanged.connect(self._edited)
        self.batch_size.valueChanged.connect(self._edited)
        controller.status_changed.connect(self._show_enrolment)
        self.load()

    @staticmethod
    def _result_label() -> QLabel:
        label = plain_label()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    # ---- fields ------------------------------------------------------------------------------------

    def load(self) -> None:
        """The stored settings into the fields; earlier messages cleared."""
        s = sync_state.load_settings(self.ctx.db)
        self.hub_url.setText(s.hub_url)
        self.ca_bundle.setText(s.ca_bundle)
        self.batch_size.setValue(s.batch_size)
        self.form.show_errors({})
        for label in (self.test_result, self.enrol_result):
            label.clear()
        self._show_enrolment()

    def settings(self) -> SyncSettings:
        return SyncSettings(self.hub_url.text().strip().rstrip("/"), self.ca_bundle.text().strip(),
                            self.batch_size.value())

    def _edited(self) -> None:
        self.form.show_errors({})
        self.test_result.clear()

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("CA certificate file"), self.ca_bundle.text(),
                                              self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"))
        if path:
            self.ca_bundle.setText(path)

    def _show_enrolment(self) -> None:
        c = self.controller
        if not c.configured:
            text = self.tr("Set and save the city platform's address first.")
        elif c.enrolled is None:
            text = self.tr("Checking whether this device is enrolled…")
        else:
            text = self.tr("This device is enrolled.") if c.enrolled else self.tr("This device is not enrolled yet.")
        self.enrolment_state.setText(text)

    @staticmethod
    def _say(label: QLabel, text: str, ok: bool) -> None:
        label.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        label.setText(text)

    # ---- actions -----------------------------------------------------------------------------------

    def save(self) -> bool:
        """Store the fields (field errors shown beside them); the controller checks the hub again."""
        db, actor, settings = self.ctx.db, self.ctx.user_id, self.settings()
        if not apply_change(self, self.ctx, lambda: sync_state.save_settings(db, actor, settings), self.form):
            return False
        self.form.show_errors({})
        self.saved.emit()
        self.controller.settings_changed()
        return True

    def save_and_close(self) -> None:
        if self.save():
            self.accept()

    def test_connection(self) -> None:
        """Ask the hub at the address typed (saved or not) whether it answers."""
        settings = self.settings()
        errors = sync_state.validate_settings(settings)
        if not settings.hub_url:
            errors["hub_url"] = "Enter the city platform's address, e.g. https://sync.example.cn"
        if errors:
            self.form.show_errors(errors)
            return
        self.test_button.setEnabled(False)
        self._say(self.test_result, self.tr("Testing…"), True)

        def done(problem: HubError | None) -> None:
            if not isValid(self):
                return
            self.test_button.setEnabled(True)
            if problem is None:
                self._say(self.test_result, self.tr("The city platform answers at {url}.").format(
                    url=settings.hub_url), True)
            else:
                self._say(self.test_result, self.tr("No answer from {url}: check the address and this computer's "
                                                    "network.").format(url=settings.hub_url)
                          + "\n" + tr_message(problem.message), False)

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self.test_button.setEnabled(True)
            if not expected_failure(exc):
                raise exc
            self._say(self.test_result, failure_text(exc), False)

        self.ctx.tasks.run(partial(check_connection, settings, self.controller.probe_timeout), done, failed)

    def enrol(self) -> None:
        """Save the settings, then trade the city's one-time code for this device's credential."""
        code = self.code.text().strip()
        if not code:
            self._say(self.enrol_result, self.tr("Enter the one-time code from the city."), False)
            return
        if not self.save():
            return
        settings = sync_state.load_settings(self.ctx.db)
        if not settings.configured:
            self.form.show_errors({"hub_url": "Enter the city platform's address, e.g. https://sync.example.cn"})
            return
        self.enrol_button.setEnabled(False)
        self._say(self.enrol_result, self.tr("Enrolling…"), True)
        db = self.ctx.db

        def done(station_name: str) -> None:
            if not isValid(self):
                return
            self.enrol_button.setEnabled(True)
            self.code.clear()
            self._say(self.enrol_result, self.tr("This device is enrolled with the city platform as {station}.")
                      .format(station=station_name), True)
            self.enrolled.emit(station_name)
            self.controller.settings_changed()

        def failed(exc: BaseException) -> None:
            if not isValid(self):
                return
            self.enrol_button.setEnabled(True)
            if not expected_failure(exc):
                raise exc
            self._say(self.enrol_result, self.tr("Enrolment failed.") + " " + failure_text(exc), False)

        self.ctx.tasks.run(partial(enrol_device, db, code, settings), done, failed)
