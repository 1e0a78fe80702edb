"""A request: its header, the timeline of every step, attachments, on-site service records, and the steps the
user may take now.

Only the actions the request's state and the user's role allow are offered (``lifecycle.allowed_actions``).
An escalated request says so and offers notes only: the city owns it until it decides.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time, local_today
from desktop.models.requests import attachments, lifecycle, request_detail
from desktop.models.requests.labels import (
    CHANNEL_LABELS,
    CITY_STATUS_LABELS,
    DUE_LABELS,
    EVALUATOR_LABELS,
    EVENT_LABELS,
    FEEDBACK_CHANNEL_LABELS,
    REQUEST_STATUS_LABELS,
    RETURN_VISIT_LABELS,
    SCORE_LABELS,
    STEP_LABELS,
    TOLD_VIA_LABELS,
)
from desktop.models.requests.request_detail import EventInfo, RequestDetail
from desktop.models.requests.request_list import due_state
from desktop.models.requests.tables import SCORES, ServiceRequest
from desktop.models.visits.labels import VISIT_EVENT_LABELS
from desktop.views.requests.action_dialog import ActionDialog
from desktop.views.requests.request_dialog import RequestDialog, attach_in_background, open_attached
from desktop.views.requests.request_documents import PrintButton
from desktop.views.shared.forms import ERROR_STYLE, literal, plain_label
from desktop.views.shared.labels import label
from desktop.views.visits.visit_labels import short_id
from desktop.views.visits.visits_panel import VisitsPanel

# the main steps get their own buttons, in this order; "edit", "attach" and "note" sit apart
STEP_ORDER = ("answer", "register", "await_instruction", "instruction_received", "refer", "escalate",
              "start_service", "follow_up", "complete", "give_feedback", "evaluate", "archive", "withdraw")


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class RequestDetailDialog(QDialog):
    open_client = Signal(int)

    def __init__(self, ctx: AppContext, request_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_id = request_id
        self.detail: RequestDetail | None = None
        self.action_buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        self.title = plain_label()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.banner = plain_label()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4e5; padding: 6px; border: 1px solid #e0a040;")
        layout.addWidget(self.banner)

        splitter = QSplitter()
        header_box = QWidget()
        self.header = QFormLayout(header_box)
        splitter.addWidget(header_box)
        right = QSplitter(Qt.Orientation.Vertical)  # timeline, attachments, on-site records
        right.setChildrenCollapsible(False)
        history = QWidget()
        right_layout = QVBoxLayout(history)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("Timeline")))
        self.timeline = QTreeWidget()
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("Step"), self.tr("Details")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setWordWrap(True)
        self.timeline.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        right_layout.addWidget(self.timeline, 1)
        self.event_text = plain_label()  # the chosen step in full: the column above shows its first line
        self.event_text.setWordWrap(True)
        self.event_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.event_text.setStyleSheet("padding: 4px; border: 1px solid palette(mid);")
        right_layout.addWidget(self.event_text)
        self.timeline.currentItemChanged.connect(
            lambda item, _prev: self.event_text.setText(item.text(3) if item is not None else ""))
        right.addWidget(history)
        files_box = QWidget()
        files_layout = QVBoxLayout(files_box)
        files_layout.setContentsMargins(0, 0, 0, 0)
        files_layout.addWidget(QLabel(self.tr("Attachments")))
        self.files = QTreeWidget()
        self.files.setHeaderLabels([self.tr("File"), self.tr("Size"), self.tr("Added"), self.tr("By")])
        self.files.setRootIsDecorated(False)
        self.files.itemActivated.connect(lambda item, _c: self._open_file(item))
        files_layout.addWidget(self.files)
        right.addWidget(files_box)
        self.visits = VisitsPanel(ctx, request_id)
        right.addWidget(self.visits)
        self.visits.records_changed.connect(self.reload)  # signing a record writes a line in the timeline
        right.setStretchFactor(0, 3)
        right.setSizes([380, 110, 190])
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.steps = QHBoxLayout()
        layout.addLayout(self.steps)
        extra = QHBoxLayout()
        self.edit_button = QPushButton(label(STEP_LABELS, "edit"))
        self.attach_button = QPushButton(label(STEP_LABELS, "attach"))
        self.note_button = QPushButton(label(STEP_LABELS, "note"))
        self.client_button = QPushButton(self.tr("Open client"))
        self.print_button = PrintButton(ctx, self)
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.edit_button, self.attach_button, self.note_button, self.client_button,
                       self.print_button):
            extra.addWidget(button)
        extra.addStretch(1)
        extra.addWidget(self.close_button)
        layout.addLayout(extra)
        self.edit_button.clicked.connect(self._edit)
        self.attach_button.clicked.connect(self._attach)
        self.note_button.clicked.connect(lambda: self.run_action("note"))
        self.client_button.clicked.connect(self._open_client)
        self.close_button.clicked.connect(self.accept)
        ctx.data_changed.connect(self._data_changed)
        self.resize(1100, 720)
        self.reload()

    # ---- showing --------------------------------------------------------------------------------------

    def reload(self) -> None:
        d = self.detail = request_detail.get_request(self.ctx.db, self.request_id)
        self.setWindowTitle(self.tr("Request %1").replace("%1", d.number))
        state = due_state(d.due_on, local_today())
        due = f"  [{label(DUE_LABELS, state)}]" if state else ""
        self.title.setText(f"{d.number}   {label(REQUEST_STATUS_LABELS, d.status)}{due}")
        self.title.setStyleSheet(ERROR_STYLE if state == "overdue" else "")
        if d.status == "escalated":
            self.banner.setText(self.tr("Escalated to the city platform (%1). The city owns this request: only "
                                        "notes can be added here until it decides.")
                                .replace("%1", label(CITY_STATUS_LABELS, d.city_status)))
        self.banner.setVisible(d.status == "escalated")
        self._fill_header(d)
        self._fill_timeline(d.events)
        self._fill_files(d)
        self._fill_actions(d)
        self.print_button.fill(d)
        self.visits.set_request_status(d.status)

    def _row(self, label: str, value: str) -> None:
        if value:
            field = plain_label(value)
            field.setWordWrap(True)
            self.header.addRow(label, field)

    def _fill_header(self, d: RequestDetail) -> None:
        while self.header.rowCount():
            self.header.removeRow(0)
        self._row(self.tr("Client"), f"{d.client_name}  {d.client_uscc}".strip())
        self._row(self.tr("Channel"), label(CHANNEL_LABELS, d.channel))
        self._row(self.tr("Received"), f"{format_time(d.received_at)}  {d.received_by}")
        self._row(self.tr("Handled by"), d.handler)
        self._row(self.tr("Service items"), "\n".join(f"{i.category}: {i.title}" for i in d.items))
        self._row(self.tr("What is needed"), d.description)
        self._row(self.tr("Contact"), f"{d.contact_name} {d.contact_phone}".strip())
        self._row(self.tr("Assessment"), d.assessment)
        self._row(self.tr("One-time notice"), d.notice)
        self._row(self.tr("Institution"), d.institution)
        self._row(self.tr("Result"), d.result)
        dues = [(self.tr("response"), d.response_due), (self.tr("hand-over"), d.handover_due),
                (self.tr("institution feedback"), d.feedback_due), (self.tr("completion"), d.completion_due)]
        self._row(self.tr("Due"), "\n".join(f"{label}: {_day(day)}" for label, day in dues if day))
        if d.due_on:
            self._row(self.tr("Now due"), _day(d.due_on))

    def _details(self, e: EventInfo) -> str:
        data = e.data
        parts: list[str] = []
        if e.kind == "referred":
            parts.append(self.tr("to %1, feedback by %2; client told %3 by %4")
                         .replace("%1", str(data.get("institution", ""))).replace("%2", str(data.get("deadline", "")))
                         .replace("%3", format_time(datetime.fromisoformat(str(data["told_at"]))) if "told_at" in data
                                  else "")
                         .replace("%4", label(TOLD_VIA_LABELS, str(data.get("told_via", "")))))
        elif e.kind == "feedback_given":
            parts.append(f"{label(FEEDBACK_CHANNEL_LABELS, str(data.get('channel', '')))} "
                         f"{format_time(datetime.fromisoformat(str(data['at']))) if 'at' in data else ''}")
        elif e.kind == "evaluated":
            parts.append(f"{label(RETURN_VISIT_LABELS, str(data.get('visit_method', '')))}, "
                         f"{label(EVALUATOR_LABELS, str(data.get('evaluator_type', '')))} {data.get('evaluator', '')}")
            parts.append("  ".join(f"{label(SCORE_LABELS, k)} {data.get(k)}" for k in SCORES if k in data))
        elif e.kind == "city_decision":
            parts.append(label(CITY_STATUS_LABELS, str(data.get("decision", ""))))
        elif e.kind == "edited":
            parts.append(self.tr("Changed: %1").replace("%1", ", ".join(sorted(data))))
        if e.text:
            parts.append(e.text)
        return "\n".join(p for p in parts if p.strip())

    def _fill_timeline(self, events: tuple[EventInfo, ...]) -> None:
        self.timeline.clear()
        for e in events:
            who = e.actor or self.tr("City platform")
            step = label(EVENT_LABELS, e.kind)
            if e.kind == "note" and e.data.get("visit_event"):  # an on-site service record was signed
                seal = label(VISIT_EVENT_LABELS, str(e.data["visit_event"]))
                step = f"{seal} ({short_id(str(e.data.get('visit', '')))})"
            if e.to_status and e.kind not in ("received",) and e.to_status != e.from_status and e.kind != e.to_status:
                step += f" → {label(REQUEST_STATUS_LABELS, e.to_status)}"
            details = self._details(e)
            item = QTreeWidgetItem([format_time(e.at), who, step, details])
            item.setToolTip(3, literal(details))
            self.timeline.addTopLevelItem(item)
        for column in range(3):
            self.timeline.resizeColumnToContents(column)
        last = self.timeline.topLevelItem(len(events) - 1) if events else None
        if last is not None:
            self.timeline.setCurrentItem(last)
            self.timeline.scrollToItem(last)

    def _fill_files(self, d: RequestDetail) -> None:
        self.files.clear()
        for a in d.attachments:
            item = QTreeWidgetItem([a.file_name, f"{a.size / 1024:.0f} KB", format_time(a.added_at), a.added_by])
            item.setData(0, Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(0, literal(f"SHA-256 {a.sha256}"))
            self.files.addTopLevelItem(item)

    def _fill_actions(self, d: RequestDetail) -> None:
        for button in self.action_buttons.values():
            self.steps.removeWidget(button)
            button.deleteLater()
        self.action_buttons.clear()
        role = self.ctx.user.role if self.ctx.user else ""
        allowed = set(lifecycle.allowed_actions(d.status, role))
        for action in STEP_ORDER:
            if action in allowed:
                button = QPushButton(label(STEP_LABELS, action))
                button.clicked.connect(lambda _c=False, a=action: self.run_action(a))
                self.steps.addWidget(button)
                self.action_buttons[action] = button
        self.edit_button.setVisible("edit" in allowed)
        self.attach_button.setVisible("attach" in allowed)
        self.note_button.setVisible("note" in allowed)

    # ---- acting -----------------------------------------------------------------------------------------

    def run_action(self, action: str) -> ActionDialog | None:
        """Open the form of ``action`` (returned, for tests); the page reloads when the step is recorded."""
        if self.detail is None:
            return None
        dialog = ActionDialog(self.ctx, self.detail, action, self)
        dialog.open()
        return dialog

    def _edit(self) -> None:
        dialog = RequestDialog(self.ctx, self.request_id, parent=self)
        dialog.open()
        dialog.offer_draft()

    def _attach(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        if names:
            attach_in_background(self.ctx, self.request_id, [Path(n) for n in names], self)

    def _open_file(self, item: QTreeWidgetItem) -> None:
        attachment_id = int(item.data(0, Qt.ItemDataRole.UserRole))
        open_attached(self, self.ctx, lambda folder: attachments.attachment_file(self.ctx.db, attachment_id, folder))

    def _open_client(self) -> None:
        if self.detail is not None:
            self.open_client.emit(self.detail.client_id)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(ServiceRequest) and (not changes.ids or self.request_id in changes.ids):
            self.reload()
