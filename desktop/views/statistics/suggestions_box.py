"""Where to act (§8.2.2): the period's findings (``statistics.suggestions``), each with a button that starts an
improvement plan from it (admins make plans; others see the findings)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from desktop.models.improvement.plans import PlanStart, SourceInput
from desktop.models.statistics.suggestions import Suggestion


class SuggestionsBox(QGroupBox):
    plan_asked = Signal(object)  # a PlanStart

    def __init__(self, can_plan: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Where to act"))
        self.can_plan = can_plan
        self.grid = QGridLayout(self)
        self.buttons: list[QPushButton] = []

    def show_suggestions(self, found: list[Suggestion]) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = []
        if not found:
            self.grid.addWidget(QLabel(self.tr("Nothing stands out in this period.")), 0, 0)
        for row, suggestion in enumerate(found):
            text = QLabel(suggestion.finding)
            text.setWordWrap(True)
            button = QPushButton(self.tr("Start an improvement plan…"))
            button.setEnabled(self.can_plan)
            if not self.can_plan:
                button.setToolTip(self.tr("Station admins make improvement plans."))
            start = PlanStart(suggestion.problem, (SourceInput(suggestion.kind, suggestion.finding[:500]),))
            button.clicked.connect(lambda _=False, s=start: self.plan_asked.emit(s))
            self.grid.addWidget(text, row, 0)
            self.grid.addWidget(button, row, 1)
            self.buttons.append(button)
        self.grid.setColumnStretch(0, 1)
