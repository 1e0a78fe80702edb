"""The time limit of each complaint stage, in working days on the station's calendar (admins): the defaults come
from the market-regulation complaint rules (decide whether to accept within 7 working days) and the README; a
change applies to due dates computed from now on. Read and saved through the services; one Save for all."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.complaints import intake
from desktop.models.complaints.labels import STAGE_LABELS
from desktop.models.complaints.tables import DEFAULT_DAYS, STAGES, Stage
from desktop.views.shared.forms import apply_change
from desktop.views.shared.labels import label


class ComplaintTimeLimitsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.loading = True
        self.setWindowTitle(self.tr("Complaint time limits"))
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Working days each stage of a complaint may take (holidays and make-up workdays as "
                              "in the calendar of 时限设置). A change applies to due dates computed from now on."))
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.days: dict[Stage, QSpinBox] = {}
        for stage in STAGES:
            box = QSpinBox()
            box.setRange(1, 365)
            box.setValue(DEFAULT_DAYS[stage])
            box.setSuffix(self.tr(" working days"))
            box.setEnabled(False)  # until the stored limits are in
            form.addRow(label(STAGE_LABELS, stage), box)
            self.days[stage] = box
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        db = ctx.db
        ctx.tasks.run(lambda _h: intake.time_limits(db), self._read)

    def _read(self, limits: dict[Stage, int]) -> None:
        if not isValid(self):
            return
        for stage, box in self.days.items():
            box.setValue(limits[stage])
            box.setEnabled(True)
        self.stored = dict(limits)
        self.loading = False
        self.days[STAGES[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        if self.loading:
            return
        db, actor = self.ctx.db, self.ctx.user_id
        for stage, box in self.days.items():
            if box.value() != self.stored[stage]:
                change = partial(intake.set_time_limit, db, actor, stage.value, box.value())
                if not apply_change(self, self.ctx, change):
                    return
                self.stored[stage] = box.value()
        self.accept()
