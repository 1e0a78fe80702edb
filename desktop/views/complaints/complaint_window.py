"""A complaint: what was registered and where it stands, its timeline, and the steps the reader may take now
(``lifecycle.allowed_actions``: its state, their role, and the complaint itself). A field officer sees neither the
complainant's name nor their phone; the staff member complained about never opens it at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
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

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.complaints import attachments, complaint_detail
from desktop.models.complaints.complaint_detail import ComplaintDetail
from desktop.models.complaints.complaint_list import due_state
from desktop.models.complaints.labels import (
    COMPLAINANT_KIND_LABELS,
    COMPLAINT_CHANNEL_LABELS,
    COMPLAINT_EVENT_LABELS,
    COMPLAINT_STATUS_LABELS,
    COMPLAINT_STEP_LABELS,
    EXTERNAL_ROUTE_LABELS,
    LIKELIHOOD_LABELS,
    SEVERITY_LABELS,
    TOLD_CHANNEL_LABELS,
    URGENCY_LABELS,
)
from desktop.models.complaints.lifecycle import Step
from desktop.models.complaints.tables import Complaint
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time, local_today
from desktop.models.core.errors import NotFound
from desktop.models.requests.labels import DUE_LABELS
from desktop.views.complaints.complaint_documents import LettersButton
from desktop.views.complaints.step_dialog import StepDialog
from desktop.views.requests.request_dialog import attach_in_background, open_attached
from desktop.views.shared.forms import ERROR_STYLE, plain_label
from desktop.views.shared.labels import label

# the main steps get their own buttons, in this order; corrections and notes sit apart
STEP_ORDER = (Step.ACCEPT, Step.NOT_ACCEPT, Step.ASSESS, Step.INVESTIGATE, Step.FORWARD, Step.RECORD_REPLY,
              Step.DECIDE, Step.TELL, Step.RECORD_REACTION, Step.REVIEW, Step.REFER_OUT, Step.RECORD_OUTCOME,
              Step.CLOSE, Step.WITHDRAW)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class ComplaintWindow(QDialog):
    def __init__(self, ctx: AppContext, complaint_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.complaint_id = complaint_id
        self.detail: ComplaintDetail | None = None
        self.step_buttons: dict[Step, QPushButton] = {}
        self.last_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.title = plain_label()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        splitter = QSplitter()
        header_box = QWidget()
        self.header = QFormLayout(header_box)
        splitter.addWidget(header_box)
        history = QWidget()
        right = QVBoxLayout(history)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel(self.tr("Timeline")))
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Step"), self.tr("Details")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setWordWrap(True)
        self.timeline.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        right.addWidget(self.timeline, 1)
        self.event_text = plain_label()  # the chosen step in full
        self.event_text.setWordWrap(True)
        self.event_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.event_text.setStyleSheet("padding: 4px; border: 1px solid palette(mid);")
        right.addWidget(self.event_text)
        self.timeline.currentItemChanged.connect(
            lambda item, _prev: self.event_text.setText(item.text(3) if item is not None else ""))
        right.addWidget(QLabel(self.tr("Attachments")))
        self.files = QTreeWidget()
        self.files.setHeaderLabels([self.tr("File"), self.tr("Size")])
        self.files.setRootIsDecorated(False)
        self.files.setMaximumHeight(110)
        self.files.itemActivated.connect(lambda item, _c: self._open_file(item))
        right.addWidget(self.files)
        splitter.addWidget(history)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([400, 700])
        layout.addWidget(splitter, 1)
        self.steps = QHBoxLayout()
        layout.addLayout(self.steps)
        extra = QHBoxLayout()
        self.note_button = QPushButton(label(COMPLAINT_STEP_LABELS, Step.NOTE))
        self.note_button.clicked.connect(lambda: self.run_step(Step.NOTE))
        self.edit_button = QPushButton(label(COMPLAINT_STEP_LABELS, Step.EDIT))
        self.edit_button.setToolTip(self.tr("Correct what was registered (until the complaint is assessed)"))
        self.edit_button.clicked.connect(self.edit)
        self.attach_button = QPushButton(label(COMPLAINT_STEP_LABELS, Step.ATTACH))
        self.attach_button.clicked.connect(self._attach)
        self.letters_button = LettersButton(ctx, self)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        extra.addWidget(self.edit_button)
        extra.addWidget(self.note_button)
        extra.addWidget(self.attach_button)
        extra.addWidget(self.letters_button)
        extra.addStretch(1)
        extra.addWidget(self.close_button)
        layout.addLayout(extra)
        ctx.data_changed.connect(self._data_changed)
        self.resize(1100, 680)
        self.reload()

    # ---- showing --------------------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            d = self.detail = complaint_detail.get_complaint(self.ctx.db, self.ctx.user_id, self.complaint_id)
        except NotFound as exc:  # removed from the reader's sight meanwhile (reassigned)
            QMessageBox.information(self, self.tr("Complaint"), tr_message(exc.message))
            self.close()
            return
        self.setWindowTitle(self.tr("Complaint %1").replace("%1", d.number))
        state = due_state(d.due_on, d.status, local_today())
        due = self.tr("due %1").replace("%1", _day(d.due_on)) if d.due_on else ""
        if state:
            due += f" [{label(DUE_LABELS, state)}]"
        due = f"  {due}" if due else ""
        self.title.setText(f"{d.number}   {label(COMPLAINT_STATUS_LABELS, d.status)}{due}")
        self.title.setStyleSheet(ERROR_STYLE if state == "overdue" else "")
        self._fill_header(d)
        self._fill_timeline(d)
        self._fill_steps(d)
        self.letters_button.fill(d)

    def _row(self, caption: str, value: str) -> None:
        if value:
            field = plain_label(value)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.header.addRow(caption, field)

    def _yes_no(self, value: bool | None) -> str:
        return "" if value is None else self.tr("Yes") if value else self.tr("No")

    def _fill_header(self, d: ComplaintDetail) -> None:
        while self.header.rowCount():
            self.header.removeRow(0)
        kind = label(COMPLAINANT_KIND_LABELS, d.complainant_kind)
        who = f"{d.complainant} {d.complainant_phone}".strip() if d.contacts_shown else self.tr("(not shown)")
        self._row(self.tr("Complainant"), f"{kind}: {who}" if d.complainant_kind != "anonymous" else kind)
        self._row(self.tr("Channel"), label(COMPLAINT_CHANNEL_LABELS, d.channel))
        self._row(self.tr("Received"), f"{format_time(d.received_at)}  {d.received_by}")
        about = [d.about_request, d.about_staff, d.about_institution, self.tr("the station") if d.about_station else ""]
        self._row(self.tr("About"), "; ".join(a for a in about if a))
        self._row(self.tr("Category"), d.category)
        self._row(self.tr("What happened"), d.what_happened)
        self._row(self.tr("What is wanted"), d.wants)
        assessed = [label(SEVERITY_LABELS, d.severity) if d.severity else "",
                    label(URGENCY_LABELS, d.urgency) if d.urgency else "",
                    label(LIKELIHOOD_LABELS, d.likelihood) if d.likelihood else ""]
        self._row(self.tr("Assessment"), ", ".join(a for a in assessed if a))
        self._row(self.tr("Investigated by"), d.assigned_to)
        self._row(self.tr("Findings"), d.investigation)
        self._row(self.tr("Forwarded to"), f"{d.forwarded_to}  {_day(d.reply_due)}".strip())
        self._row(self.tr("Institution's reply"), d.reply)
        self._row(self.tr("Decision"), d.decision)
        told = label(TOLD_CHANNEL_LABELS, d.told_via) if d.told_via else ""
        self._row(self.tr("Complainant told"), f"{told} {format_time(d.told_at) if d.told_at else ''}".strip())
        self._row(self.tr("Satisfied"), self._yes_no(d.satisfied))
        self._row(self.tr("Reaction"), d.reaction)
        self._row(self.tr("Referred to"), label(EXTERNAL_ROUTE_LABELS, d.external_route) if d.external_route else "")
        self._row(self.tr("Outcome"), d.outcome)
        self._row(self.tr("Valid complaint"), self._yes_no(d.valid))
        self._row(self.tr("Why"), d.close_reason)
        self._row(self.tr("Rectified"), self._yes_no(d.rectified))
        self._row(self.tr("Rectification"), d.rectification)
        self._row(self.tr("Not accepted because"), d.not_accepted_reason)
        self._row(self.tr("Withdrawn because"), d.withdraw_reason)

    def _fill_timeline(self, d: ComplaintDetail) -> None:
        self.timeline.clear()
        for e in d.events:
            step = label(COMPLAINT_EVENT_LABELS, e.kind)
            if e.to_status and e.to_status != e.from_status:
                step += f" → {label(COMPLAINT_STATUS_LABELS, e.to_status)}"
            item = QTreeWidgetItem([format_time(e.at), e.actor or self.tr("City platform"), step, e.text])
            item.setToolTip(3, e.text)
            self.timeline.addTopLevelItem(item)
        for column in range(3):
            self.timeline.resizeColumnToContents(column)

    def _fill_steps(self, d: ComplaintDetail) -> None:
        while self.steps.count():
            item = self.steps.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.step_buttons = {}
        for step in STEP_ORDER:
            if step in d.actions:
                button = QPushButton(label(COMPLAINT_STEP_LABELS, step))
                button.clicked.connect(lambda _c=False, s=step: self.run_step(s))
                self.steps.addWidget(button)
                self.step_buttons[step] = button
        self.steps.addStretch(1)
        self.note_button.setEnabled(Step.NOTE in d.actions)
        self.attach_button.setEnabled(Step.ATTACH in d.actions)
        self.edit_button.setVisible(Step.EDIT in d.actions)
        self.files.clear()
        for attachment_id, name, size in d.attachments:
            line = QTreeWidgetItem([name, f"{size:,}"])
            line.setData(0, Qt.ItemDataRole.UserRole, attachment_id)
            self.files.addTopLevelItem(line)

    # ---- steps ----------------------------------------------------------------------------------------

    def run_step(self, step: Step) -> StepDialog | None:
        if self.detail is None:
            return None
        dialog = StepDialog(self.ctx, self.detail, step, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.last_dialog = dialog
        return dialog

    def edit(self) -> QDialog | None:
        if self.detail is None:
            return None
        from desktop.views.complaints.complaint_dialog import ComplaintDialog

        dialog = ComplaintDialog(self.ctx, self, self.detail)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.offer_draft()
        self.last_dialog = dialog
        return dialog

    def _attach(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        if names:
            self.attach([Path(n) for n in names])

    def attach(self, files: list[Path]) -> None:
        attach_in_background(self.ctx, self.complaint_id, files, self, attach=attachments.add_attachment,
                             entity=Complaint)

    def _open_file(self, item: QTreeWidgetItem) -> None:
        attachment_id = int(item.data(0, Qt.ItemDataRole.UserRole))
        open_attached(self, self.ctx, lambda folder: attachments.attachment_file(self.ctx.db, self.ctx.user_id,
                                                                                 attachment_id, folder))

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(Complaint) and (self.complaint_id in changes.ids or changes.kind == "bulk"):
            self.reload()
