"""One archived record's file (案卷): its cover facts, its contents list (卷内目录) and its timeline; print the
whole file, export it, open the record's own window. Opening it is logged (the access log)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.archives import record_file
from desktop.models.archives.labels import FILE_DOCUMENT_LABELS, RECORD_KIND_LABELS
from desktop.models.archives.record_file import ArchiveFile, DocumentKind
from desktop.models.archives.tables import RecordKind
from desktop.models.complaints.labels import COMPLAINT_EVENT_LABELS
from desktop.models.core.clock import format_time
from desktop.models.requests.labels import EVENT_LABELS
from desktop.views.shared.forms import literal
from desktop.views.shared.labels import label

RETENTION_TEXT = "不少于 2 年"


class ArchiveFileWindow(QDialog):
    open_request = Signal(int)
    print_file = Signal(str, int)
    export = Signal(str, list)

    def __init__(self, ctx: AppContext, kind: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.record_id = record_id
        self.file: ArchiveFile | None = None
        self.setWindowTitle(self.tr("Archive file"))
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Reading the file…"))
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.facts = QFormLayout()
        layout.addLayout(self.facts)
        self.tabs = QTabWidget()
        self.contents = self._tree([self.tr("No."), self.tr("Kind"), self.tr("Document"), self.tr("Date"),
                                    self.tr("Note")])
        self.timeline = self._tree([self.tr("Time"), self.tr("By"), self.tr("Step"), self.tr("Text")])
        self.tabs.addTab(self.contents, self.tr("Contents (卷内目录)"))
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(self.tr("&Print file…"))
        self.export_button = QPushButton(self.tr("&Export…"))
        self.record_button = QPushButton(self.tr("Open the record"))
        for button in (self.print_button, self.export_button, self.record_button):
            button.setEnabled(False)
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.print_button.clicked.connect(lambda: self.print_file.emit(self.kind, self.record_id))
        self.export_button.clicked.connect(lambda: self.export.emit(self.kind, [self.record_id]))
        self.record_button.clicked.connect(self._open_record)
        QShortcut(QKeySequence.StandardKey.Print, self, lambda: self.print_file.emit(self.kind, self.record_id))
        db, viewer = ctx.db, ctx.user_id
        ctx.tasks.run(lambda _h: record_file.read_file(db, viewer, kind, record_id), self._read, self._failed)

    def _tree(self, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels(headers)
        tree.setAlternatingRowColors(True)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        tree.header().setStretchLastSection(True)
        return tree

    def _read(self, f: ArchiveFile) -> None:
        if not isValid(self):
            return
        self.file = f
        self.setWindowTitle(self.tr("Archive file %1").replace("%1", f.number))
        self.heading.setText(f.title)
        period = f"{f.started.isoformat()} — {f.ended.isoformat()}" if f.started and f.ended else "—"
        for caption, value in ((self.tr("File number"), f.number),
                               (self.tr("Kind"), label(RECORD_KIND_LABELS, f.kind)),
                               (self.tr("Client"), f.client or "—"),
                               (self.tr("Credit code"), f.client_uscc or "—"),
                               (self.tr("Period"), period),
                               (self.tr("Archived"), format_time(f.archived_at) or "—"),
                               (self.tr("Retention"), RETENTION_TEXT)):
            value_label = QLabel(value)
            value_label.setTextFormat(Qt.TextFormat.PlainText)
            value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(caption, value_label)
        for n, doc in enumerate(f.documents, start=1):
            note = self.tr("Electronic file, %1 bytes").replace("%1", f"{doc.size:,}") \
                if doc.kind == DocumentKind.ATTACHMENT else ""
            item = QTreeWidgetItem([str(n), label(FILE_DOCUMENT_LABELS, doc.kind), doc.title,
                                    doc.day.isoformat() if doc.day else "", note])
            item.setToolTip(2, literal(doc.title))
            self.contents.addTopLevelItem(item)
        self.contents.resizeColumnToContents(0)
        self.contents.setColumnWidth(1, 150)
        self.contents.setColumnWidth(2, 440)
        events: list[tuple[str, str, str, str]] = []
        if f.request is not None:
            events += [(format_time(e.at), e.actor or self.tr("City platform"), label(EVENT_LABELS, e.kind), e.text)
                       for e in f.request.events]
        for c in f.complaints:
            events += [(format_time(e.at), e.actor or self.tr("City platform"),
                        f"{c.number} {label(COMPLAINT_EVENT_LABELS, e.kind)}", e.text) for e in c.events]
        for row in sorted(events, key=lambda r: r[0]):
            item = QTreeWidgetItem(list(row))
            item.setToolTip(3, literal(row[3]))
            self.timeline.addTopLevelItem(item)
        self.timeline.setColumnWidth(0, 140)
        self.timeline.setColumnWidth(2, 200)
        for button in (self.print_button, self.export_button, self.record_button):
            button.setEnabled(True)
        self.record_button.setVisible(f.kind == RecordKind.REQUEST or bool(f.complaints))

    def _failed(self, exc: BaseException) -> None:
        from desktop.views.shared.documents import show_failure

        if isValid(self):
            self.heading.setText(self.tr("The file cannot be read."))
            show_failure(self, exc)

    def _open_record(self) -> None:
        if self.file is None:
            return
        if self.file.kind == RecordKind.REQUEST:
            self.open_request.emit(self.file.id)
            return
        from desktop.views.complaints.complaint_window import ComplaintWindow

        window = ComplaintWindow(self.ctx, self.file.id, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
