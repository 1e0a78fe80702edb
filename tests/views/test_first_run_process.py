"""The real first run, in its own process, with nothing but the app holding its windows.

Widget tests keep every window alive through qtbot; this one does not, so it catches windows freed while
Qt is still inside them (Finish in the wizard used to crash the app with SIGSEGV)."""

from __future__ import annotations

import os
import subprocess
import sys

DRIVER = r"""
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWizard
from PySide6.QtTest import QTest
from desktop.app import create_application
from desktop.cli import main

app = create_application(["quality-station"])

def windows():
    return [type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()]

def finish_wizard():
    wizard = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QWizard))
    page = wizard.station_page
    page.code.setText("LZ-A01"); page.name.setText("站"); page.district.setCurrentIndex(1)
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    admin = wizard.admin_page
    admin.login.setText("admin"); admin.full_name.setText("管理员")
    admin.password.setText("kapok-river-1987"); admin.confirm.setText("kapok-river-1987")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    del wizard, page, admin
    QTimer.singleShot(0, lambda: QTest.mouseClick(finish, Qt.MouseButton.LeftButton))
    QTimer.singleShot(300, log_in)

def log_in():
    print("after set-up:", windows(), flush=True)
    dialog = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "LoginDialog" and w.isVisible())
    dialog.password.setText("kapok-river-1987")
    QTest.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    del dialog
    QTimer.singleShot(2000, log_out)

def log_out():
    print("after log-in:", windows(), flush=True)
    main = next(w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible())
    main.logout_requested.emit()
    del main
    QTimer.singleShot(300, lambda: (print("after log-out:", windows(), flush=True), app.quit()))

QTimer.singleShot(200, finish_wizard)
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def test_set_up_log_in_log_out_without_crashing(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-X", "faulthandler", "-c", DRIVER, str(tmp_path)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("after")]
    assert lines == ["after set-up: ['LoginDialog']", "after log-in: ['MainWindow']",
                     "after log-out: ['LoginDialog']"]
