"""The base of the small forms that take one step of a record's lifecycle (a request's ``ActionDialog``, a
complaint's ``StepDialog``): a header naming the record, the step's fields each with its message, OK named after
the step and Cancel, Ctrl+S; OK calls the service and the dialog stays open with the messages beside the fields
when it refuses; Cancel asks first when something was typed.

A subclass builds its fields in ``_build`` (with ``_text`` and ``_combo``) and returns the service call.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.core.changes import Changes
from desktop.views.shared.forms import Form, apply_change, confirm_discard, plain_label, text_edit

translate = QCoreApplication.translate  # self.tr() here would take the subclass's context (PySide)


class StepForm(QDialog):
    TEXT_MAX = 4000  # the longest text of a field, unless the field says

    def __init__(self, ctx: AppContext, title: str, header: str, ok_text: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        heading = plain_label(header)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        self.form = Form(form_layout)
        self.fields: dict[str, QWidget] = {}
        self._call: Callable[[], Changes] = self._build()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate("StepForm", "Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.submit)
        self.resize(560, 0)
        self._initial = self._texts()
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.setFocus()

    def _build(self) -> Callable[[], Changes]:
        """Add the step's fields; return the service call that takes the step with what is typed."""
        raise NotImplementedError

    # ---- building the form -------------------------------------------------------------------------------

    def _text(self, key: str, caption: str, max_len: int | None = None, height: int = 90) -> QPlainTextEdit:
        edit = self.form.add(key, caption, text_edit(max_len or self.TEXT_MAX, "", height))
        self.fields[key] = edit
        return edit

    def _combo(self, key: str, caption: str, items: list[tuple[str, object]]) -> QComboBox:
        box = self.form.add(key, caption, QComboBox())
        for text, data in items:
            box.addItem(text, data)
        self.fields[key] = box
        return box

    def _texts(self) -> list[str]:
        return [w.toPlainText() for w in self.fields.values() if isinstance(w, QPlainTextEdit)]

    # ---- submitting -----------------------------------------------------------------------------------------

    def submit(self) -> None:
        if apply_change(self, self.ctx, self._call, self.form):
            self.accept()

    def reject(self) -> None:
        if self._texts() != self._initial and not confirm_discard(
                self, translate("StepForm", "What you typed here has not been saved. Discard it?")):
            return
        super().reject()
