"""差评整改: the rectifications the user may see, read off the GUI thread, with what the client said and what was
done under the list, and the steps as buttons (record, verify, owner and due day, a plan from it)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.complaints.tables import Complaint
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time, local_today
from desktop.models.core.tables import Role
from desktop.models.improvement import rectifications as rect
from desktop.models.improvement.labels import RECTIFICATION_SOURCE_LABELS, RECTIFICATION_STATUS_LABELS
from desktop.models.improvement.plans import SourceInput
from desktop.models.improvement.rectifications import RectificationQuery, RectificationRow
from desktop.models.improvement.tables import Rectification, RectificationStatus, SourceKind
from desktop.models.requests.tables import ServiceRequest
from desktop.views.shared.labels import label

OVERDUE = QBrush(QColor("#B3261E"))


class RectificationsTab(QWidget):
    plan_asked = Signal(object, str)  # (sources, problem): start a plan from the rectification

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[RectificationRow] = []
        self._given: RectificationQuery | None = None  # a list another page asked for (a period), until changed
        self.last_dialog: QWidget | None = None  # the step dialog last opened
        self.loading = False
        self._asked = 0
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filter_box = QComboBox()
        self.filter_box.setAccessibleName(self.tr("Show"))
        for caption, key in ((self.tr("Not yet closed"), "active"), (self.tr("To rectify"), "open"),
                             (self.tr("Rectified, to verify"), "rectified"), (self.tr("Overdue"), "overdue"),
                             (self.tr("Closed"), "closed"), (self.tr("All"), "")):
            self.filter_box.addItem(caption, key)
        self.count_label = QLabel()
        bar.addWidget(QLabel(self.tr("Show")))
        bar.addWidget(self.filter_box)
        bar.addWidget(self.count_label, 1)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Source"), self.tr("Request / complaint"), self.tr("Client"),
                                    self.tr("Due"), self.tr("Status"), self.tr("Owner")])
        self.table.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([300, 160])
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.record_button = QPushButton(self.tr("Record the rectification…"))
        self.verify_button = QPushButton(self.tr("Verify…"))
        self.assign_button = QPushButton(self.tr("Owner and due day…"))
        self.plan_button = QPushButton(self.tr("Start an improvement plan…"))
        for button in (self.record_button, self.verify_button, self.assign_button, self.plan_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.filter_box.currentIndexChanged.connect(self._filter_chosen)
        self.filter_box.activated.connect(self._filter_chosen)  # the same item chosen again: the whole list
        self.table.currentItemChanged.connect(lambda *_: self._selected())
        self.table.itemActivated.connect(lambda *_: self._step("record"))
        self.record_button.clicked.connect(lambda: self._step("record"))
        self.verify_button.clicked.connect(lambda: self._step("verify"))
        self.assign_button.clicked.connect(lambda: self._step("assign"))
        self.plan_button.clicked.connect(self._plan)
        ctx.data_changed.connect(self._changed)
        self.refresh()

    def query(self) -> RectificationQuery:
        if self._given is not None:
            return self._given
        key = self.filter_box.currentData()
        if key == "overdue":
            return RectificationQuery(self.ctx.user_id, overdue=True)
        return RectificationQuery(self.ctx.user_id, status=key)

    def set_query(self, q: RectificationQuery) -> None:
        """Show exactly what a dashboard number or a statistics count counts (its period kept, and said)."""
        key = "overdue" if q.overdue else q.status
        self.filter_box.blockSignals(True)
        self.filter_box.setCurrentIndex(max(0, self.filter_box.findData(key)))
        self.filter_box.blockSignals(False)
        self._given = replace(q, viewer_id=self.ctx.user_id)
        self.refresh()

    def _filter_chosen(self, _index: int = 0) -> None:
        self._given = None  # the user's own choice: the whole list under it
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        # a bad evaluation or a valid complaint opens one: their changes may add a row
        if isValid(self) and changes.touches(Rectification, ServiceRequest, Complaint):
            self.refresh()

    def refresh(self) -> None:
        self._asked += 1
        self.loading = True
        db, q, asked, today = self.ctx.db, self.query(), self._asked, local_today()
        self.ctx.tasks.run(lambda _h: (asked, rect.list_rectifications(db, q, today)), self._shown)

    def _shown(self, answer: tuple[int, list[RectificationRow]]) -> None:
        asked, rows = answer
        if not isValid(self) or asked != self._asked:
            return
        self.loading = False
        current = self.current()
        self.rows = rows
        self.table.clear()
        today = local_today()
        for row in rows:
            item = QTreeWidgetItem([label(RECTIFICATION_SOURCE_LABELS, row.source),
                                    row.request_number or row.complaint_number, row.client, row.due_on.isoformat(),
                                    label(RECTIFICATION_STATUS_LABELS, row.status), row.owner])
            if row.overdue(today):
                item.setForeground(3, OVERDUE)
                item.setToolTip(3, self.tr("Overdue"))
                item.setText(3, row.due_on.isoformat() + " " + self.tr("(overdue)"))
            self.table.addTopLevelItem(item)
        text = self.tr("%1 rectifications").replace("%1", str(len(rows)))
        given = self._given
        if given is not None and (given.opened_from or given.opened_to):
            text += " · " + self.tr("opened %1 to %2").replace("%1", str(given.opened_from or "…")).replace(
                "%2", str(given.opened_to or "…"))
        self.count_label.setText(text)
        index = next((n for n, r in enumerate(rows) if current and r.id == current.id), 0 if rows else -1)
        chosen = self.table.topLevelItem(index) if index >= 0 else None
        if chosen is not None:
            self.table.setCurrentItem(chosen)
        self._selected()

    def current(self) -> RectificationRow | None:
        item = self.table.currentItem()
        index = self.table.indexOfTopLevelItem(item) if item is not None else -1
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _selected(self) -> None:
        row = self.current()
        admin = self.ctx.user is not None and self.ctx.user.role == Role.ADMIN
        self.record_button.setEnabled(row is not None and row.status == RectificationStatus.OPEN)
        self.verify_button.setEnabled(admin and row is not None and row.status == RectificationStatus.RECTIFIED)
        self.assign_button.setEnabled(admin and row is not None and row.status != RectificationStatus.CLOSED)
        self.plan_button.setEnabled(admin and row is not None)
        if row is None:
            self.detail.clear()
            return
        lines = [self.tr("What the client said: %1").replace("%1", row.what),
                 self.tr("Opened: %1").replace("%1", format_time(row.opened_at))]
        if row.found:
            lines.append(self.tr("Found: %1").replace("%1", row.found))
        if row.done:
            lines.append(self.tr("Done: %1").replace("%1", row.done))
        if row.client_told_at:
            answer = self.tr("satisfied") if row.client_satisfied else self.tr("still dissatisfied")
            lines.append(self.tr("Client asked again on %1: %2. %3").replace("%1", format_time(row.client_told_at))
                         .replace("%2", answer).replace("%3", row.client_response))
        if row.verify_note:
            lines.append(self.tr("Verification: %1").replace("%1", row.verify_note))
        self.detail.setPlainText("\n".join(lines))

    def _step(self, step: str) -> None:
        from desktop.views.improvement.rectification_dialog import RectificationDialog

        row = self.current()
        if row is None or not {"record": self.record_button, "verify": self.verify_button,
                               "assign": self.assign_button}[step].isEnabled():
            return
        dialog = self.last_dialog = RectificationDialog(self.ctx, row, step, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _plan(self) -> None:
        row = self.current()
        if row is None:
            return
        subject = row.request_number or row.complaint_number
        source = (SourceInput(SourceKind.BAD_REVIEW, subject, rectification_id=row.id),)
        self.plan_asked.emit(source, row.what[:200])
