"""Signing a 现场服务记录: on screen (the client's signature or the reason they decline, and the officer's), or
on paper (the pre-filled form printed, signed by pen, its scan attached). Either way the record is then
locked, its PDF made in the archive folder and shown in the print preview.

PDF building, archiving, copying the scan and signing (which renders the signatures) run off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.core.changes import Changes
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.types import utcnow
from desktop.models.visits import editing, records, signatures
from desktop.models.visits.editing import SignatureInput
from desktop.models.visits.tables import NAME_MAX, REASON_MAX
from desktop.printing.archive import archive_signed_record
from desktop.printing.fonts import NOT_EMBEDDED_WARNING
from desktop.printing.visit_record import build_visit_record
from desktop.tasks import TaskHandle
from desktop.views.shared.documents import Prepared, build_temporary, open_preview
from desktop.views.shared.forms import FieldError, confirm_discard, line_edit, plain_label, text_edit
from desktop.views.visits.signature_pad import SignaturePanel
from desktop.views.visits.visit_labels import error_lines, short_id

translate = QCoreApplication.translate
SIGN_FIELDS = ("client_name", "client_signature", "declined_reason", "officer_name", "officer_signature")


def _title(parent: QWidget | None) -> str:
    return parent.window().windowTitle() if parent is not None else ""


def _alive(widget: QWidget | None) -> QWidget | None:
    """``widget`` if it still exists (background work may finish after its window was closed)."""
    return widget if widget is not None and isValid(widget) else None


def show_problem(parent: QWidget | None, exc: BaseException) -> None:
    """A refusal or bad input as a message box; anything else is a bug, for sys.excepthook."""
    if isinstance(exc, Invalid):
        text = error_lines(exc.errors)
    elif isinstance(exc, Refused):
        text = tr_message(exc.message)
    else:
        raise exc
    QMessageBox.warning(_alive(parent), _title(_alive(parent)), text)


def archive_and_preview(parent: QWidget | None, ctx: AppContext, visit_id: int) -> None:
    """Make (or find intact) the signed record's PDF in the archive folder, then preview it to print."""
    db, data_dir = ctx.db, ctx.data_dir

    def work(_handle: TaskHandle) -> tuple[Path, str]:
        path, doc = archive_signed_record(db, data_dir, visit_id)
        # the copy may have been made earlier: its own font decides whether to warn
        return path, NOT_EMBEDDED_WARNING if "NOT embedded" in doc.font else ""

    def done(result: tuple[Path, str]) -> None:
        path, warning = result
        open_preview(_alive(parent), ctx, Prepared(path, path.name, warning, temporary=False),
                     translate("SignDialog", "On-site service record"))

    ctx.tasks.run(work, done, lambda exc: show_problem(parent, exc),
                  progress_label=translate("SignDialog", "Making the record's PDF…"), parent=_alive(parent))


def print_form(parent: QWidget | None, ctx: AppContext, visit_id: int) -> None:
    """The draft as a pre-filled form to print and sign by pen, in a temporary file, previewed."""
    db, data_dir = ctx.db, ctx.data_dir

    def work(_handle: TaskHandle) -> tuple[Prepared, str]:
        content = records.record_content(db, visit_id)
        warning: list[str] = []
        path = build_temporary(data_dir, lambda p: warning.append(build_visit_record(content, p).warning))
        suggested = translate("SignDialog", "%1 on-site service form.pdf").replace("%1", content.request_number)
        return Prepared(path, suggested, warning[0], temporary=True), content.request_number

    def done(result: tuple[Prepared, str]) -> None:
        open_preview(_alive(parent), ctx, result[0], translate("SignDialog", "Form for pen signature"))

    ctx.tasks.run(work, done, lambda exc: show_problem(parent, exc),
                  progress_label=translate("SignDialog", "Making the form…"), parent=_alive(parent))


def mark_on_paper(parent: QWidget | None, ctx: AppContext, visit_id: int,
                  on_signed: Callable[[], object] | None = None) -> None:
    """The printed form came back signed by pen: attach its scan (or photo), lock the record, archive it."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, translate("SignDialog", "Scan of the form signed by pen"), "",
        translate("SignDialog", "Scans and photos (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)"))
    if not name:
        return
    scan = Path(name)
    answer = QMessageBox.question(
        parent, translate("SignDialog", "Signed on paper"),
        translate("SignDialog", "Keep %1 as the signed form and lock the record? It can no longer be changed "
                                "afterwards; a correction is recorded as an amendment.").replace("%1", scan.name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return
    db, actor, folder = ctx.db, ctx.user_id, ctx.data_dir / "attachments"

    def done(_changes: Changes) -> None:
        if on_signed is not None and _alive(parent) is not None:
            on_signed()
        archive_and_preview(_alive(parent), ctx, visit_id)

    ctx.run_change(lambda _h: editing.mark_signed_on_paper(db, actor, visit_id, scan, folder), done,
                  lambda exc: show_problem(parent, exc),
                  progress_label=translate("SignDialog", "Attaching the scan…"), parent=parent)


class SignDialog(QDialog):
    """The client and the officer sign on the screen; Sign locks the record."""

    signed = Signal(int)  # visit id

    def __init__(self, ctx: AppContext, visit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.visit_id = visit_id
        self.busy = False
        detail = records.get_visit(ctx.db, visit_id)
        self.setWindowTitle(self.tr("Sign the on-site service record"))
        layout = QVBoxLayout(self)
        header = plain_label(f"{detail.request_number}   {detail.client_name}   "
                             + self.tr("Record %1").replace("%1", short_id(detail.uuid)))
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        layout.addWidget(header)
        intro = QLabel(self.tr("The client confirms the record by signing, and the officer signs. Once signed, "
                               "the record can no longer be changed."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.problems = plain_label()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("background: #fff4e5; padding: 6px; border: 1px solid #e0a040;")
        layout.addWidget(self.problems)
        problems = editing.validate_visit(detail.input, utcnow(), amendment=detail.amends_id is not None)
        self.problems.setText(self.tr("The record is not complete: open it, complete it and save it first.")
                              + "\n" + error_lines(problems) if problems else "")
        self.problems.setVisible(bool(problems))
        self.incomplete = bool(problems)
        self.errors: dict[str, FieldError] = {}

        pads = QHBoxLayout()
        client_box = QGroupBox(self.tr("Client"))
        client = QVBoxLayout(client_box)
        first = detail.input.attendees[0].name if detail.input.attendees else ""
        self.client_name = self._name_row(client, "client_name", first)
        self.declines = QCheckBox(self.tr("Client &declines to sign"))
        client.addWidget(self.declines)
        self.client_stack = QStackedWidget()
        self.client_panel = SignaturePanel(first)
        self.client_panel.pad.setAccessibleName(self.tr("Client's signature"))
        self.client_stack.addWidget(self._with_error(self.client_panel, "client_signature"))
        reason_page = QWidget()
        reason_layout = QVBoxLayout(reason_page)
        reason_layout.setContentsMargins(0, 0, 0, 0)
        reason_layout.addWidget(QLabel(self.tr("Why the client declines to sign (required)")))
        self.reason = text_edit(REASON_MAX, self.tr("In the client's words, as they said it"), 90)
        self.reason.setAccessibleName(self.tr("Why the client declines to sign"))
        reason_layout.addWidget(self._with_error(self.reason, "declined_reason"), 1)
        self.client_stack.addWidget(reason_page)
        client.addWidget(self.client_stack, 1)
        pads.addWidget(client_box, 1)

        officer_box = QGroupBox(self.tr("Officer"))
        officer = QVBoxLayout(officer_box)
        me = ctx.user.name if ctx.user else ""
        self.officer_name = self._name_row(officer, "officer_name", me)
        self.officer_panel = SignaturePanel(me)
        self.officer_panel.pad.setAccessibleName(self.tr("Officer's signature"))
        officer.addSpacing(self.declines.sizeHint().height() + officer.spacing())  # the pads side by side
        officer.addWidget(self._with_error(self.officer_panel, "officer_signature"), 1)
        pads.addWidget(officer_box, 1)
        layout.addLayout(pads, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        # not the dialog's accept button: Enter in a name field never signs by accident
        self.sign_button = QPushButton(self.tr("&Sign and lock"))
        self.sign_button.setAutoDefault(False)
        self.buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.ActionRole)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        self.sign_button.clicked.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.declines.toggled.connect(self._declines_toggled)
        for edit, panel in ((self.client_name, self.client_panel), (self.officer_name, self.officer_panel)):
            edit.textChanged.connect(lambda text, p=panel: p.set_signer_name(text.strip()))
            edit.textChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.client_panel.pad.changed.connect(self._update)
        self.officer_panel.pad.changed.connect(self._update)
        self.resize(1120, 520)
        self._update()
        (self.client_name if not first else self.client_panel.pad).setFocus()

    def _name_row(self, layout: QVBoxLayout, key: str, value: str) -> QLineEdit:
        form = QFormLayout()
        edit = line_edit(NAME_MAX)
        edit.setText(value)
        form.addRow(self.tr("Name"), self._with_error(edit, key))
        layout.addLayout(form)
        return edit

    def _with_error(self, field: QWidget, key: str) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field, 1)
        self.errors[key] = FieldError(box)
        column.addWidget(self.errors[key])
        return box

    # ---- state ---------------------------------------------------------------------------------------

    def _declines_toggled(self, declined: bool) -> None:
        self.client_stack.setCurrentIndex(1 if declined else 0)
        (self.reason if declined else self.client_panel.pad).setFocus()
        self._update()

    @staticmethod
    def _signed(panel: SignaturePanel) -> bool:
        try:
            signatures.check_signed(panel.pad.strokes())
        except Invalid:
            return False
        return True

    def can_sign(self) -> bool:
        client_ok = (bool(self.reason.toPlainText().strip()) if self.declines.isChecked()
                     else self._signed(self.client_panel))
        return (not self.incomplete and not self.busy and client_ok and self._signed(self.officer_panel)
                and bool(self.client_name.text().strip()) and bool(self.officer_name.text().strip()))

    def _update(self) -> None:
        self.sign_button.setEnabled(self.can_sign())

    def _inputs(self) -> tuple[SignatureInput, SignatureInput]:
        if self.declines.isChecked():
            client = SignatureInput(self.client_name.text(), declined_reason=self.reason.toPlainText())
        else:
            client = SignatureInput(self.client_name.text(), strokes=self.client_panel.pad.strokes())
        return client, SignatureInput(self.officer_name.text(), strokes=self.officer_panel.pad.strokes())

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.show_message(errors.get(key))

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.client_name, self.officer_name, self.declines, self.reason):
            widget.setEnabled(not busy)
        self.client_panel.set_read_only(busy)
        self.officer_panel.set_read_only(busy)
        self._update()

    # ---- signing -------------------------------------------------------------------------------------

    def sign(self) -> None:
        """Sign in the background; the record is locked when the service says so."""
        if self.busy:
            return
        self.show_errors({})
        client, officer = self._inputs()
        db, actor, visit_id = self.ctx.db, self.ctx.user_id, self.visit_id
        self._set_busy(True)
        self.ctx.run_change(lambda _h: editing.sign_visit(db, actor, visit_id, client, officer),
                            self._sign_done, self._sign_failed)

    def _sign_done(self, _changes: Changes) -> None:
        self._set_busy(False)
        self.signed.emit(self.visit_id)
        archive_and_preview(self.parentWidget(), self.ctx, self.visit_id)
        self.done(QDialog.DialogCode.Accepted)

    def _sign_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, Invalid):
            mine = {k: v for k, v in exc.errors.items() if k in SIGN_FIELDS}
            self.show_errors(mine)
            rest = {k: v for k, v in exc.errors.items() if k not in SIGN_FIELDS}
            if rest:
                QMessageBox.warning(self, self.windowTitle(), error_lines(rest))
            return
        show_problem(self, exc)

    def reject(self) -> None:
        if self.busy:
            return  # the signature is being written: wait for the answer
        drawn = (not self.client_panel.pad.is_empty() or not self.officer_panel.pad.is_empty()
                 or bool(self.reason.toPlainText().strip()))
        if drawn and not confirm_discard(self, self.tr("The signatures are not saved. Discard them?")):
            return
        super().reject()
