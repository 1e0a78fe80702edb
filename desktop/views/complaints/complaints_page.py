"""投诉管理 (§7.5): the complaints the logged-in staff member may see, searched, filtered and sorted; registering a
new one; each opened in its own window with its timeline and the steps that can be taken now; for admins, the
assessment of staff and institutions by valid complaints.

Every query runs off the GUI thread in the table model; the list follows every change of a complaint.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.complaints import complaint_detail, complaint_export
from desktop.models.complaints.complaint_list import DUE_FILTERS, SUBJECT_KINDS, VALIDITY, ComplaintQuery
from desktop.models.complaints.labels import COMPLAINT_CHANNEL_LABELS, COMPLAINT_STATUS_LABELS, SUBJECT_KIND_LABELS
from desktop.models.complaints.tables import CHANNELS, OPEN, STATUSES, Complaint
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.core.tables import Role
from desktop.processes import ProcessJob
from desktop.views.complaints.complaint_table import ComplaintTableModel
from desktop.views.shared.dates import date_edit, pydate, station_today
from desktop.views.shared.forms import export_failure, plain_message
from desktop.views.shared.labels import label
from desktop.views.shared.list_page import ListPage

OPEN_KEY = ",".join(OPEN)
ANY = -1  # "all" in the category box


class ComplaintsPage(ListPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Search number, complainant or what happened"), parent)
        self._select_when_shown: int | None = None
        self.last_dialog: QDialog | None = None
        self.last_message: QMessageBox | None = None
        self.categories_in = False
        self.windows: dict[int, QWidget] = {}  # complaint id -> its open window
        layout = QVBoxLayout(self)
        layout.addLayout(self._first_bar())
        layout.addLayout(self._second_bar())
        self.model = ComplaintTableModel(ctx.db, ctx.tasks, ctx.user_id, self, today=local_today)
        self.set_up_table((205, 110, 165, 140, 175, 100, 70, 125, 80, 200), self.model.sort_column(),
                          Qt.SortOrder.DescendingOrder)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a request's number keeps its day and sequence
        layout.addWidget(self.table)
        for combo in (self.status_box, self.due_box, self.subject_box, self.category_box, self.channel_box,
                      self.validity_box):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.export_button.clicked.connect(self.export_file)
        db = ctx.db
        ctx.tasks.run(lambda _h: complaint_detail.form_choices(db).categories, self._categories_read)
        self.date_check.toggled.connect(self._date_toggled)
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_record)
        self.assessment_button.clicked.connect(self.open_assessment)
        self.limits_button.clicked.connect(self.open_time_limits)
        ctx.data_changed.connect(self._on_data_changed)

    # ---- building -----------------------------------------------------------------------------------

    def _first_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(self.tr("Status"))
        self.status_box.addItem(self.tr("All statuses"), "")
        self.status_box.addItem(self.tr("Open (still being handled)"), OPEN_KEY)
        for s in STATUSES:
            self.status_box.addItem(label(COMPLAINT_STATUS_LABELS, s), s)
        bar.addWidget(self.status_box, 1)
        self.due_box = QComboBox()
        self.due_box.setAccessibleName(self.tr("Due date"))
        captions = {"": self.tr("Any due date"), "overdue": self.tr("Overdue"),
                    "due_soon": self.tr("Due today or tomorrow")}
        for key in DUE_FILTERS:
            self.due_box.addItem(captions[key], key)
        bar.addWidget(self.due_box, 1)
        self.new_button = QPushButton(self.tr("Register complaint"))
        self.new_button.setToolTip(self.tr("Register a new complaint (Ctrl+N)"))
        self.new_button.setVisible(self.ctx.user is not None and self.ctx.user.role != Role.FIELD_OFFICER)
        self.assessment_button = QPushButton(self.tr("Assessment…"))
        self.assessment_button.setToolTip(self.tr("Valid complaints by staff member and institution, and the "
                                                  "classification of a period (§7.5.4, §7.5.5)"))
        admin = self.ctx.user is not None and self.ctx.user.role == Role.ADMIN
        self.assessment_button.setVisible(admin)
        self.limits_button = QPushButton(self.tr("Time limits…"))
        self.limits_button.setToolTip(self.tr("The working days each stage of a complaint may take"))
        self.limits_button.setVisible(admin)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setToolTip(self.tr("Export the complaints listed, as filtered, to Excel"))
        bar.addWidget(self.new_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.assessment_button)
        bar.addWidget(self.limits_button)
        return bar

    def _second_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.subject_box = QComboBox()
        self.subject_box.setAccessibleName(self.tr("About"))
        self.subject_box.addItem(self.tr("About anything"), "")
        for kind in SUBJECT_KINDS:
            self.subject_box.addItem(label(SUBJECT_KIND_LABELS, kind), kind)
        self.channel_box = QComboBox()
        self.channel_box.setAccessibleName(self.tr("Channel"))
        self.channel_box.addItem(self.tr("All channels"), "")
        for ch in CHANNELS:
            self.channel_box.addItem(label(COMPLAINT_CHANNEL_LABELS, ch), ch)
        self.validity_box = QComboBox()
        self.validity_box.setAccessibleName(self.tr("Validity"))
        captions = {"": self.tr("Valid or not"), "valid": self.tr("Valid complaints"),
                    "invalid": self.tr("Not valid"), "undecided": self.tr("Not yet decided")}
        for key in VALIDITY:
            self.validity_box.addItem(captions[key], key)
        self.category_box = QComboBox()
        self.category_box.setAccessibleName(self.tr("Service category"))
        self.category_box.addItem(self.tr("All categories"), ANY)  # the categories come in the background
        for combo in (self.subject_box, self.category_box, self.channel_box, self.validity_box):
            bar.addWidget(combo, 1)
        self.date_check = QCheckBox(self.tr("Received from"))
        today = station_today()
        self.date_from = date_edit(today.addMonths(-1))
        self.date_to = date_edit(today)
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(False)
        self.date_to.setAccessibleName(self.tr("Received until"))
        bar.addWidget(self.date_check)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.date_to)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        bar.addWidget(self.clear_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        return bar

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self.model.today != local_today():  # left open overnight: overdue counts from the new day
            self.run_query(self.model.query, self.selected_id())
        self.search.setFocus()

    # ---- the query and the filter widgets -----------------------------------------------------------

    def current_query(self) -> ComplaintQuery:
        q = self.model.query
        dated = self.date_check.isChecked()
        category = self.category_box.currentData()
        return ComplaintQuery(
            viewer_id=q.viewer_id, text=self.search.text().strip(),
            statuses=tuple(s for s in str(self.status_box.currentData() or "").split(",") if s),
            channel=self.channel_box.currentData() or "", subject=self.subject_box.currentData() or "",
            category_id=None if category in (ANY, None) else int(category),
            validity=self.validity_box.currentData() or "",
            received_from=pydate(self.date_from.date()) if dated else None,
            received_to=pydate(self.date_to.date()) if dated else None, due=self.due_box.currentData() or "",
            about_staff_id=q.about_staff_id, about_institution_id=q.about_institution_id, sort=q.sort,
            descending=q.descending)

    def apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.run_query(query)

    def set_query(self, q: ComplaintQuery) -> None:
        """Show the complaints of ``q`` (a dashboard number's list), with its filter in the widgets."""
        self._search_timer.stop()
        widgets = (self.search, self.status_box, self.due_box, self.subject_box, self.category_box, self.channel_box,
                   self.validity_box, self.date_check, self.date_from, self.date_to)
        for w in widgets:
            w.blockSignals(True)
        self.search.setText(q.text)
        key = ",".join(q.statuses)
        for combo, value in ((self.status_box, key), (self.due_box, q.due), (self.subject_box, q.subject),
                             (self.channel_box, q.channel), (self.validity_box, q.validity),
                             (self.category_box, ANY if q.category_id is None else q.category_id)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
        dated = q.received_from is not None or q.received_to is not None
        self.date_check.setChecked(dated)
        for edit, day in ((self.date_from, q.received_from), (self.date_to, q.received_to)):
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
        self._date_toggled(dated, apply=False)
        for w in widgets:
            w.blockSignals(False)
        self.run_query(q)

    def clear_filters(self) -> None:
        q = self.model.query
        self.set_query(ComplaintQuery(q.viewer_id, sort=q.sort, descending=q.descending))

    def _date_toggled(self, on: bool, apply: bool = True) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        if apply:
            self.apply_filters()

    def _categories_read(self, categories: list[tuple[int, str]]) -> None:
        if not isValid(self):
            return
        current = self.category_box.currentData()
        self.category_box.blockSignals(True)
        for key, name in categories:
            self.category_box.addItem(name, key)
        self.category_box.setCurrentIndex(max(0, self.category_box.findData(current)))
        self.category_box.blockSignals(False)
        self.categories_in = True

    def run_query(self, query: ComplaintQuery, select: int | None = None) -> None:
        self._select_when_shown = select
        self.model.request(query, locate=select)
        self.update_count()

    def count_text(self, count: int) -> str:
        return self.tr("%n complaint(s)", "", count)

    def results_shown(self) -> None:
        if self._select_when_shown is not None and not self.model.searching:
            complaint_id, self._select_when_shown = self._select_when_shown, None
            self.select_row_of(complaint_id)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(Complaint):
            select = changes.ids[0] if changes.kind == "created" and changes.ids else self.selected_id()
            self.run_query(self.model.query, select)

    # ---- records ----------------------------------------------------------------------------------------

    def new_record(self) -> None:
        if not self.new_button.isVisible():
            return
        from desktop.views.complaints.complaint_dialog import ComplaintDialog

        dialog = ComplaintDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.open_record)
        dialog.open()
        dialog.offer_draft()
        self.last_dialog = dialog

    def open_record(self, record_id: int) -> None:
        """The complaint's window (one per complaint: brought to the front when it is open already)."""
        from desktop.views.complaints.complaint_window import ComplaintWindow

        window = self.windows.get(record_id)
        if window is not None and window.isVisible():
            window.raise_()
            window.activateWindow()
            return
        window = ComplaintWindow(self.ctx, record_id, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda _o=None, i=record_id: self.windows.pop(i, None))
        self.windows[record_id] = window
        window.show()

    def open_assessment(self) -> None:
        from desktop.views.complaints.assessment_dialog import AssessmentDialog

        dialog = AssessmentDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.last_dialog = dialog

    def open_time_limits(self) -> None:
        from desktop.views.complaints.time_limits_dialog import ComplaintTimeLimitsDialog

        dialog = ComplaintTimeLimitsDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog

    # ---- export -----------------------------------------------------------------------------------------

    def export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export complaints"), "complaints.xlsx", "Excel (*.xlsx)")
        if path:
            self.run_export(Path(path if Path(path).suffix else path + ".xlsx"))

    def run_export(self, path: Path) -> None:
        # in a worker process: openpyxl's writing would hold the interpreter lock (and the window) on a thread
        job = ProcessJob(complaint_export.export_job, (self.ctx.db.path, path, self.model.query, self.model.today,
                                                       self.ctx.maker()))
        self.ctx.tasks.run(job, lambda n: self._exported(n, path), self._export_failed,
                           progress_label=self.tr("Exporting complaints…"), parent=self)

    def _exported(self, count: int, path: Path) -> None:
        text = (self.tr("The export was cancelled; no file was written.") if count < 0 else
                self.tr("Exported %1 complaints to %2.").replace("%1", str(count)).replace("%2", str(path)))
        self._message(QMessageBox.Icon.Information, text)

    def _export_failed(self, exc: BaseException) -> None:
        self._message(QMessageBox.Icon.Warning, export_failure(exc))

    def _message(self, icon: QMessageBox.Icon, text: str) -> None:
        self.last_message = plain_message(self, icon, self.tr("Export complaints"), text)
