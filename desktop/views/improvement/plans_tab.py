"""持续改进计划: the plans (open first), the chosen plan's problem, sources and reviews, its actions, and the steps
as buttons (new plan, action, action done, review, close, export)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
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
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time, local_today
from desktop.models.core.tables import Role
from desktop.models.improvement import plans
from desktop.models.improvement.labels import ACTION_STATUS_LABELS, PLAN_STATUS_LABELS, SOURCE_KIND_LABELS
from desktop.models.improvement.plans import PlanRow, SourceInput
from desktop.models.improvement.tables import ActionStatus, ImprovementPlan, PlanAction, PlanStatus
from desktop.processes import ProcessJob
from desktop.views.requests.request_dialog import attach_in_background, open_attached
from desktop.views.shared.forms import apply_change, export_failure, plain_message
from desktop.views.shared.labels import label

OVERDUE = QBrush(QColor("#B3261E"))


class PlansTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plans: list[PlanRow] = []
        self.last_dialog: QWidget | None = None  # the step dialog last opened
        self.loading = False
        self._asked = 0
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filter_box = QComboBox()
        self.filter_box.setAccessibleName(self.tr("Show"))
        for caption, key in ((self.tr("In progress"), PlanStatus.OPEN), (self.tr("Closed"), PlanStatus.CLOSED),
                             (self.tr("All"), "")):
            self.filter_box.addItem(caption, str(key))
        bar.addWidget(QLabel(self.tr("Show")))
        bar.addWidget(self.filter_box)
        bar.addStretch(1)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels([self.tr("Problem"), self.tr("Status"), self.tr("Actions done"),
                                    self.tr("Overdue actions"), self.tr("Made on")])
        self.table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.action_table = QTreeWidget()
        self.action_table.setRootIsDecorated(False)
        self.action_table.setHeaderLabels([self.tr("Action"), self.tr("Owner"), self.tr("Due"), self.tr("Status"),
                                      self.tr("Evidence")])
        self.action_table.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for widget in (self.table, self.detail, self.action_table):
            split.addWidget(widget)
        split.setSizes([220, 120, 140])
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New plan…"))
        self.action_button = QPushButton(self.tr("Add an action…"))
        self.done_button = QPushButton(self.tr("Action done…"))
        self.attach_button = QPushButton(self.tr("Attach evidence…"))
        self.files_button = QPushButton(self.tr("Evidence files"))
        self.files_menu = QMenu(self.files_button)
        self.files_button.setMenu(self.files_menu)
        self.files_menu.triggered.connect(self._file_chosen)
        self.review_button = QPushButton(self.tr("Review…"))
        self.close_button = QPushButton(self.tr("Close the plan"))
        self.export_button = QPushButton(self.tr("Export…"))
        for button in (self.new_button, self.action_button, self.done_button, self.attach_button, self.files_button,
                       self.review_button, self.close_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.filter_box.currentIndexChanged.connect(self.refresh)
        self.table.currentItemChanged.connect(lambda *_: self._selected())
        self.action_table.currentItemChanged.connect(lambda *_: self._buttons())
        self.new_button.clicked.connect(lambda: self.new_plan())
        self.action_button.clicked.connect(lambda: self._dialog("action"))
        self.done_button.clicked.connect(lambda: self._dialog("complete"))
        self.attach_button.clicked.connect(self._attach)
        self.review_button.clicked.connect(lambda: self._dialog("review"))
        self.close_button.clicked.connect(self._close_plan)
        self.export_button.clicked.connect(self._export)
        ctx.data_changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if isValid(self) and changes.touches(ImprovementPlan, PlanAction):
            self.refresh()

    def refresh(self) -> None:
        self._asked += 1
        self.loading = True
        db, status, asked = self.ctx.db, self.filter_box.currentData(), self._asked
        self.ctx.tasks.run(lambda _h: (asked, plans.list_plans(db, status)), self._shown)

    def _shown(self, answer: tuple[int, list[PlanRow]]) -> None:
        asked, rows = answer
        if not isValid(self) or asked != self._asked:
            return
        self.loading = False
        current, action = self.current(), self.current_action()
        self.plans = rows
        self.table.clear()
        today = local_today()
        for p in rows:
            done = sum(a.status == ActionStatus.DONE for a in p.actions)
            item = QTreeWidgetItem([p.problem.splitlines()[0][:80], label(PLAN_STATUS_LABELS, p.status),
                                    f"{done} / {len(p.actions)}", str(p.overdue_actions(today) or ""),
                                    format_time(p.created_at, "%Y-%m-%d")])
            if p.overdue_actions(today):
                item.setForeground(3, OVERDUE)
            self.table.addTopLevelItem(item)
        index = next((n for n, p in enumerate(rows) if current and p.id == current.id), 0 if rows else -1)
        chosen = self.table.topLevelItem(index) if index >= 0 else None
        if chosen is not None:
            self.table.setCurrentItem(chosen)
        self._selected()
        plan = self.current()
        again = next((n for n, a in enumerate(plan.actions) if action and a.id == action.id), -1) if plan else -1
        kept = self.action_table.topLevelItem(again) if again >= 0 else None
        if kept is not None:  # the action chosen before stays chosen
            self.action_table.setCurrentItem(kept)

    def current(self) -> PlanRow | None:
        item = self.table.currentItem()
        index = self.table.indexOfTopLevelItem(item) if item else -1
        return self.plans[index] if 0 <= index < len(self.plans) else None

    def _selected(self) -> None:
        plan = self.current()
        self.action_table.clear()
        if plan is None:
            self.detail.clear()
            self._buttons()
            return
        lines = [self.tr("Problem: %1").replace("%1", plan.problem)]
        if plan.goal:
            lines.append(self.tr("Goal: %1").replace("%1", plan.goal))
        for s in plan.sources:
            lines.append(self.tr("Seen in: %1").replace("%1", f"{label(SOURCE_KIND_LABELS, s.kind)} {s.note}"))
        lines.append(self.tr("Made by %1 on %2").replace("%1", plan.created_by)
                     .replace("%2", format_time(plan.created_at)))
        for r in plan.reviews:
            verdict = self.tr("effective") if r.effective else self.tr("not effective")
            lines.append(self.tr("Review %1 (%2, %3): %4 %5").replace("%1", r.day.isoformat())
                         .replace("%2", r.reviewer).replace("%3", verdict).replace("%4", r.finding)
                         .replace("%5", r.follow_up))
        self.detail.setPlainText("\n".join(lines))
        today = local_today()
        for a in plan.actions:
            files = self.tr("%1 files").replace("%1", str(len(a.files))) if a.files else ""
            item = QTreeWidgetItem([a.what, a.owner, a.due_on.isoformat(), label(ACTION_STATUS_LABELS, a.status),
                                    " ".join(t for t in (a.evidence, files) if t)])
            if a.status == ActionStatus.OPEN and a.due_on < today:
                item.setForeground(2, OVERDUE)
            self.action_table.addTopLevelItem(item)
        self._buttons()

    def current_action(self) -> plans.ActionRow | None:
        plan = self.current()
        item = self.action_table.currentItem()
        index = self.action_table.indexOfTopLevelItem(item) if item else -1
        return plan.actions[index] if plan and 0 <= index < len(plan.actions) else None

    def _buttons(self) -> None:
        plan, action = self.current(), self.current_action()
        user = self.ctx.user
        admin = user is not None and user.role == Role.ADMIN
        open_plan = plan is not None and plan.status == PlanStatus.OPEN
        self.new_button.setEnabled(admin)
        self.action_button.setEnabled(admin and open_plan)
        self.review_button.setEnabled(admin and open_plan)
        self.close_button.setEnabled(admin and open_plan)
        mine = action is not None and (admin or (user is not None and action.owner_id == user.id))
        self.done_button.setEnabled(open_plan and mine and action is not None and action.status == ActionStatus.OPEN)
        self.attach_button.setEnabled(open_plan and mine)
        self.files_menu.clear()
        for file_id, name in action.files if action else ():
            entry = self.files_menu.addAction(name)
            entry.setData(file_id)
        self.files_button.setEnabled(bool(action and action.files))

    def _file_chosen(self, entry: QAction) -> None:
        self.open_evidence(int(entry.data()))


    def new_plan(self, sources: tuple[SourceInput, ...] = (), problem: str = "") -> None:
        """A new plan, starting with ``sources`` (where its problem was seen) and ``problem``."""
        from desktop.views.improvement.plan_dialog import PlanDialog

        dialog = self.last_dialog = PlanDialog(self.ctx, "new", sources=sources, problem=problem, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _dialog(self, step: str) -> None:
        from desktop.views.improvement.plan_dialog import PlanDialog

        plan, action = self.current(), self.current_action()
        if plan is None or (step == "complete" and action is None):
            return
        target = action.id if step == "complete" and action else plan.id
        header = action.what if step == "complete" and action else plan.problem.splitlines()[0]
        dialog = self.last_dialog = PlanDialog(self.ctx, step, target, header, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _attach(self) -> None:
        action = self.current_action()
        if action is None:
            return
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach evidence"))
        if names:
            attach_in_background(self.ctx, action.id, [Path(n) for n in names], self, attach=plans.add_evidence,
                                 entity=PlanAction)

    def open_evidence(self, file_id: int) -> None:
        """Open an evidence file with the system viewer (the stored copy checked first)."""
        open_attached(self, self.ctx, lambda folder: plans.evidence_file(self.ctx.db, file_id, folder))

    def _close_plan(self) -> None:
        plan = self.current()
        if plan is not None:
            db, actor = self.ctx.db, self.ctx.user_id
            apply_change(self, self.ctx, lambda: plans.close_plan(db, actor, plan.id))

    def _export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Export the plans"), "持续改进计划.xlsx",
                                              self.tr("Excel workbook (*.xlsx)"))
        if not name:
            return
        def failed(exc: BaseException) -> None:
            plain_message(self, QMessageBox.Icon.Warning, self.tr("Export"), export_failure(exc))

        def done(n: int) -> None:
            plain_message(self, QMessageBox.Icon.Information, self.tr("Export"),
                          self.tr("%1 plans exported to %2.").replace("%1", str(n)).replace("%2", name))

        self.ctx.tasks.run(ProcessJob(plans.export_job, (self.ctx.db.path, Path(name))), done, failed)
