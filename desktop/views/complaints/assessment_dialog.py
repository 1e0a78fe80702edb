"""§7.5.4 and §7.5.5 for admins: the staff members and institutions complained about in a period, with their
valid and rectified complaints (exported to .xlsx), and the period's complaints classified by category, subject,
channel and outcome. Read off the GUI thread; the export runs in a worker process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.complaints import complaint_stats
from desktop.models.complaints.complaint_stats import AssessmentRow, Period
from desktop.models.complaints.labels import COMPLAINT_CHANNEL_LABELS, OUTCOME_LABELS, SUBJECT_KIND_LABELS
from desktop.models.core.labels import LabelTable
from desktop.processes import ProcessJob
from desktop.tasks import TaskHandle
from desktop.views.shared.dates import date_edit, pydate, station_today
from desktop.views.shared.documents import Prepared, build_temporary, prepare_and_preview
from desktop.views.shared.forms import export_failure, plain_message
from desktop.views.shared.labels import label

Answer = tuple[int, list[AssessmentRow], dict[str, dict[str, int]]]


class AssessmentDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._asked = 0
        self.loading = False
        self.last_message: QMessageBox | None = None
        self.setWindowTitle(self.tr("Complaint assessment"))
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = station_today()
        self.date_from = date_edit(today.addDays(1 - today.dayOfYear()))
        self.date_to = date_edit(today)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.reload)
        bar.addWidget(QLabel(self.tr("Received from")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Write the assessment table to an Excel file"))
        self.export_button.clicked.connect(self.export_file)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setToolTip(self.tr("The assessment and the classification as a printed table"))
        self.print_button.clicked.connect(self.print_table)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Kind"), self.tr("Name"), self.tr("Complaints"), self.tr("Valid"),
                                    self.tr("Rectified"), self.tr("Still open")])
        self.table.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(self.table)
        self.classes = QTreeWidget()
        self.classes.setHeaderLabels([self.tr("Classified by"), self.tr("Complaints")])
        self.classes.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        splitter.addWidget(self.classes)
        layout.addWidget(splitter, 1)
        self.resize(760, 620)
        self.reload()

    def period(self) -> Period:
        start, end = pydate(self.date_from.date()), pydate(self.date_to.date())
        return Period(min(start, end), max(start, end))

    def reload(self) -> None:
        self._asked += 1
        self.loading = True
        db, viewer, period, asked = self.ctx.db, self.ctx.user_id, self.period(), self._asked

        def work(_h: object) -> Answer:
            return (asked, complaint_stats.assessment(db, viewer, period),
                    complaint_stats.classification(db, viewer, period))

        self.ctx.tasks.run(work, self._read)

    def _read(self, answer: Answer) -> None:
        asked, rows, classes = answer
        if not isValid(self) or asked != self._asked:
            return
        self.loading = False
        self.table.clear()
        for r in rows:
            item = QTreeWidgetItem([label(SUBJECT_KIND_LABELS, r.kind), r.name, str(r.complaints), str(r.valid),
                                    str(r.rectified), str(r.open)])
            for column in range(2, 6):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.addTopLevelItem(item)
        self.classes.clear()
        names = {"category": self.tr("Service category"), "subject": self.tr("What it is about"),
                 "channel": self.tr("Channel"), "outcome": self.tr("Outcome"),
                 "route": self.tr("Referred out to")}
        tables: dict[str, LabelTable[Any]] = {"subject": SUBJECT_KIND_LABELS, "channel": COMPLAINT_CHANNEL_LABELS,
                                              "outcome": OUTCOME_LABELS}
        for dimension, counts in classes.items():
            top = QTreeWidgetItem([names.get(dimension, dimension), str(sum(counts.values()))])
            for value, n in counts.items():
                shown = label(tables[dimension], value) if dimension in tables else value
                top.addChild(QTreeWidgetItem([shown or self.tr("(none)"), str(n)]))
            self.classes.addTopLevelItem(top)
            top.setExpanded(True)

    def print_table(self) -> None:
        """The table as a PDF, made off the GUI thread and shown in the print preview."""
        db, viewer, period, data_dir = self.ctx.db, self.ctx.user_id, self.period(), self.ctx.data_dir
        station = self.ctx.station.name if self.ctx.station else ""
        name = self.tr("Complaint assessment %1.pdf").replace("%1", f"{period.start}-{period.end}")

        def work(_handle: TaskHandle) -> Prepared:  # plain data only (see tasks.py)
            from desktop.printing.complaint_report import build_assessment

            rows = complaint_stats.assessment(db, viewer, period)
            classes = complaint_stats.classification(db, viewer, period)
            warning: list[str] = []
            path = build_temporary(data_dir, lambda p: warning.append(
                build_assessment(station, period, rows, classes, p).warning))
            return Prepared(path, name, warning[0], True)

        prepare_and_preview(self, self.ctx, work, self.tr("Complaint assessment"),
                            self.tr("Making the assessment table…"))

    def export_file(self) -> None:
        p = self.period()
        suggested = f"complaints-{p.start.isoformat()}-{p.end.isoformat()}.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export assessment"), suggested, "Excel (*.xlsx)")
        if path:
            self.run_export(Path(path if Path(path).suffix else path + ".xlsx"), p)

    def run_export(self, path: Path, period: Period) -> None:
        job = ProcessJob(complaint_stats.export_job, (self.ctx.db.path, self.ctx.user_id, period, path))
        self.ctx.tasks.run(job, lambda n: self._exported(n, path), self._export_failed,
                           progress_label=self.tr("Exporting…"), parent=self)

    def _exported(self, count: int, path: Path) -> None:
        self._message(QMessageBox.Icon.Information,
                      self.tr("Exported %1 rows to %2.").replace("%1", str(count)).replace("%2", str(path)))

    def _export_failed(self, exc: BaseException) -> None:
        self._message(QMessageBox.Icon.Warning, export_failure(exc))

    def _message(self, icon: QMessageBox.Icon, text: str) -> None:
        self.last_message = plain_message(self, icon, self.tr("Export assessment"), text)
