"""核验: does a printed 现场服务记录 match the station's archive?

A PDF (chosen, or dropped on the dialog) is compared in full with the archived record; a paper copy by the
text of its QR code, which a USB scanner types into the code field (or someone types it). The answer is shown
in words with a symbol (never by colour alone), with the record's identity, the reasons and any later
amendments; a known record's archived PDF opens in the print preview, to compare a paper copy by eye.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QStandardPaths, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontDatabase,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.core.clock import format_time
from desktop.tasks import TaskHandle
from desktop.views.shared.errors import log
from desktop.views.shared.forms import plain_label
from desktop.views.visits.documents import preview_archived_record

if TYPE_CHECKING:
    from desktop.printing.verify import Verdict

# desktop.printing (reportlab, PDFium) is imported by the background work, never on the GUI thread
MATCH, ALTERED, UNKNOWN = "match", "altered", "unknown"  # desktop.printing.verify's outcomes
CODE_MAX = 200
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
# the frame around the answer: a light tint, the words and the symbol carry the meaning
_TINTS = {MATCH: ("#e6f4ea", "#1e7e34"), ALTERED: ("#fce8e6", "#b3261e"), UNKNOWN: ("#eeeeee", "#5f6368")}


def code_from_text(text: str) -> str:
    """What to check for a typed or scanned code: the QR code's text as it is, or, when someone typed the
    identity and hash lines printed beside the code instead, the QR text they stand for."""
    from desktop.printing.visit_record import parse_qr_payload, qr_payload

    if parse_qr_payload(text) is not None:
        return text.strip()
    lowered = text.lower()
    uuid, digest = _UUID.search(lowered), _HASH.search(lowered)
    if uuid and digest:
        return qr_payload(uuid.group(0), digest.group(0))
    return text


def outcome_pixmap(outcome: str, size: int = 48, ratio: float = 1.0) -> QPixmap:
    """A tick in a circle (match), a cross (altered), a question mark (unknown)."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(_TINTS.get(outcome, _TINTS[UNKNOWN])[1])
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    pen = QPen(Qt.GlobalColor.white, size / 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    s = size / 48
    if outcome == MATCH:
        painter.drawPolyline([QPointF(13 * s, 25 * s), QPointF(21 * s, 33 * s), QPointF(35 * s, 16 * s)])
    elif outcome == ALTERED:
        painter.drawLine(QPointF(16 * s, 16 * s), QPointF(32 * s, 32 * s))
        painter.drawLine(QPointF(32 * s, 16 * s), QPointF(16 * s, 32 * s))
    else:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(round(30 * s))
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, "?")
    painter.end()
    return pixmap


class VerifyDialog(QDialog):
    verified = Signal(object)  # the Verdict shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.verdict: Verdict | None = None  # once a check has finished
        self._serial = 0  # a later check wins over an earlier one still running
        self.setWindowTitle(self.tr("Verify a printed record"))
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)

        pdf_box = QGroupBox(self.tr("PDF file"))
        pdf_layout = QVBoxLayout(pdf_box)
        pdf_layout.addWidget(QLabel(self.tr("Choose the PDF of an on-site service record, or drop it on this "
                                             "window. Its text is compared with the archived record."),
                                    wordWrap=True))
        row = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("&Choose PDF…"))
        self.choose_button.setToolTip(self.tr("Choose a PDF file (%1)").replace(
            "%1", QKeySequence(QKeySequence.StandardKey.Open).toString(QKeySequence.SequenceFormat.NativeText)))
        self.choose_button.setAutoDefault(False)  # Enter in the code field checks the code, nothing else
        self.choose_button.clicked.connect(self.choose_pdf)
        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_pdf)
        row.addWidget(self.choose_button)
        row.addStretch(1)
        pdf_layout.addLayout(row)
        layout.addWidget(pdf_box)

        paper_box = QGroupBox(self.tr("Paper copy"))
        paper_layout = QVBoxLayout(paper_box)
        paper_layout.addWidget(QLabel(self.tr("Scan the QR code on the paper with the scanner, or type the record "
                                               "identity and content hash printed beside it, then press Enter."),
                                      wordWrap=True))
        code_row = QHBoxLayout()
        code_label = QLabel(self.tr("Co&de:"))
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(CODE_MAX)
        self.code_edit.setPlaceholderText("QSVISIT:1:…")
        self.code_edit.setAccessibleName(self.tr("QR code text"))
        self.code_edit.returnPressed.connect(self.check_code)
        self.code_edit.setAcceptDrops(False)  # a dropped PDF goes to the dialog, not into the field as text
        code_label.setBuddy(self.code_edit)
        self.check_button = QPushButton(self.tr("C&heck"))
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check_code)
        code_row.addWidget(code_label)
        code_row.addWidget(self.code_edit, 1)
        code_row.addWidget(self.check_button)
        paper_layout.addLayout(code_row)
        layout.addWidget(paper_box)

        layout.addWidget(self._result_frame(), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout.addWidget(buttons)
        self.resize(660, 560)
        self.code_edit.setFocus()

    def _result_frame(self) -> QFrame:
        self.result_frame = QFrame()
        self.result_frame.setObjectName("verifyResult")
        self.result_frame.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.result_frame)
        head = QHBoxLayout()
        self.icon_label = QLabel()
        self.icon_label.setFixedSize(48, 48)
        head.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignTop)
        self.headline = plain_label(self.tr("Nothing checked yet."))
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.headline.setFont(font)
        head.addWidget(self.headline, 1)
        box.addLayout(head)
        self.source_label = plain_label()
        self.source_label.setWordWrap(True)
        box.addWidget(self.source_label)

        self.details_form = details = QFormLayout()
        details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.uuid_label, self.number_label, self.hash_label = plain_label(), plain_label(), plain_label()
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for label in (self.uuid_label, self.hash_label):
            label.setFont(fixed)
            label.setWordWrap(True)
        for label in (self.uuid_label, self.number_label, self.hash_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        details.addRow(self.tr("Record:"), self.uuid_label)
        details.addRow(self.tr("Request number:"), self.number_label)
        details.addRow(self.tr("Content hash:"), self.hash_label)
        self.reasons_label, self.amendments_label = plain_label(), plain_label()
        for label in (self.reasons_label, self.amendments_label):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details.addRow(self.tr("Findings:"), self.reasons_label)
        self.amendments_title = QLabel(self.tr("Later amendments:"))
        details.addRow(self.amendments_title, self.amendments_label)
        self.details = QWidget()
        self.details.setLayout(details)
        box.addWidget(self.details)
        self.open_archived_button = QPushButton(self.tr("&Open archived PDF"))
        self.open_archived_button.setAutoDefault(False)
        self.open_archived_button.setToolTip(self.tr("Show the record as it is kept in the archive, to compare "
                                                     "the paper with it"))
        self.open_archived_button.clicked.connect(self.open_archived)
        open_row = QHBoxLayout()
        open_row.addWidget(self.open_archived_button)
        open_row.addStretch(1)
        box.addLayout(open_row)
        box.addStretch(1)
        self._show_idle()
        return self.result_frame

    def _show_idle(self) -> None:
        self.icon_label.clear()
        self.icon_label.setVisible(False)
        self.details.setVisible(False)
        self.open_archived_button.setVisible(False)
        self.result_frame.setStyleSheet("")

    # ---- checking ----------------------------------------------------------------------------------------

    def choose_pdf(self) -> None:
        folder = self.ctx.settings.value("ui/verify_folder") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        name, _filter = QFileDialog.getOpenFileName(self, self.tr("Choose the PDF to verify"), str(folder),
                                                    self.tr("PDF documents (*.pdf);;All files (*)"))
        if name:
            self.ctx.settings.setValue("ui/verify_folder", str(Path(name).parent))
            self.check_pdf(Path(name))

    def check_pdf(self, path: Path) -> None:
        """Compare the PDF at ``path`` with the archive, in the background."""
        db, data_dir = self.ctx.db, self.ctx.data_dir

        def work(_handle: TaskHandle) -> Verdict:
            from desktop.printing.verify import verify_pdf

            return verify_pdf(db, data_dir, path)

        self._start(work, self.tr("File: %1").replace("%1", str(path)))

    def check_code(self) -> None:
        """Check the code in the code field (a scanner ends it with Enter)."""
        text = self.code_edit.text()
        if not text.strip():
            self.code_edit.setFocus()
            return
        db, viewer = self.ctx.db, self.ctx.user_id

        def work(_handle: TaskHandle) -> Verdict:
            from desktop.printing.verify import verify_code

            return verify_code(db, code_from_text(text), viewer)

        self._start(work, self.tr("Paper copy, code: %1").replace("%1", text.strip()))
        self.code_edit.selectAll()  # the next scan replaces it

    def _start(self, work: Callable[[TaskHandle], Verdict], source: str) -> None:
        self._serial += 1
        serial = self._serial
        self._show_idle()
        self.headline.setText(self.tr("Checking…"))
        self.source_label.setText(source)

        def done(verdict: Verdict) -> None:
            if isValid(self) and serial == self._serial:
                self._show(verdict)

        def failed(exc: BaseException) -> None:
            log.error("verification failed", exc_info=exc)
            if isValid(self) and serial == self._serial:
                self.headline.setText(self.tr("The check could not be done: %1").replace(
                    "%1", str(exc) or type(exc).__name__))

        self.ctx.tasks.run(work, done, failed)

    def _show(self, verdict: Verdict) -> None:
        self.verdict = verdict
        headline = {MATCH: self.tr("Matches the archive"),
                    ALTERED: self.tr("ALTERED: does not match the archive"),
                    UNKNOWN: self.tr("Unknown record")}[verdict.outcome]
        self.headline.setText(headline)
        self.icon_label.setPixmap(outcome_pixmap(verdict.outcome, 48, self.devicePixelRatioF()))
        self.icon_label.setVisible(True)
        self.icon_label.setAccessibleName(headline)
        tint, border = _TINTS[verdict.outcome]
        self.result_frame.setStyleSheet(f"#verifyResult {{ background: {tint}; border: 2px solid {border}; }}"
                                        " #verifyResult QLabel { color: #000; }")
        dash = "—"
        self.uuid_label.setText(verdict.uuid or dash)
        self.number_label.setText(verdict.request_number or dash)
        self.hash_label.setText(verdict.content_hash or dash)
        for label in (self.uuid_label, self.number_label, self.hash_label):  # nothing to name when not ours
            self.details_form.setRowVisible(label, verdict.uuid is not None)
        later = {a.uuid for a in verdict.amendments}
        # the amendments have their own lines below: their notes among the reasons would say it twice
        reasons = [r for r in verdict.reasons if getattr(r, "params", {}).get("uuid") not in later]
        self.reasons_label.setText("\n".join(f"• {tr_message(r)}" for r in reasons) or dash)
        self.amendments_label.setText("\n".join(
            self.tr("• %1, signed %2").replace("%1", a.uuid).replace("%2", format_time(a.locked_at) or dash)
            for a in verdict.amendments))
        self.amendments_title.setVisible(bool(verdict.amendments))
        self.amendments_label.setVisible(bool(verdict.amendments))
        self.details.setVisible(True)
        known = verdict.uuid is not None and verdict.outcome in (MATCH, ALTERED)
        self.open_archived_button.setVisible(known)
        self.verified.emit(verdict)

    def open_archived(self) -> None:
        if self.verdict is not None and self.verdict.uuid:
            preview_archived_record(self, self.ctx, self.verdict.uuid)

    # ---- drag and drop -----------------------------------------------------------------------------------

    @staticmethod
    def _dropped_pdf(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return files[0] if len(files) == 1 and files[0].suffix.lower() == ".pdf" else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_pdf(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_pdf(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.check_pdf(path)
