"""持续改进 (§8.2): two tabs, the rectifications of bad reviews and valid complaints (差评整改) and the improvement
plans (持续改进计划). The dashboard's numbers open the first with their filter; the rectifications tab and the
statistics page start plans in the second."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.context import AppContext
from desktop.models.improvement.plans import PlanStart, SourceInput
from desktop.models.improvement.rectifications import RectificationQuery
from desktop.views.improvement.plans_tab import PlansTab
from desktop.views.improvement.rectifications_tab import RectificationsTab


class ImprovementPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.rectifications = RectificationsTab(ctx)
        self.plans = PlansTab(ctx)
        self.tabs.addTab(self.rectifications, self.tr("Rectifications (差评整改)"))
        self.tabs.addTab(self.plans, self.tr("Improvement plans"))
        layout.addWidget(self.tabs)
        self.rectifications.plan_asked.connect(self.new_plan)

    def set_query(self, q: object) -> None:
        """A dashboard number's list (the rectifications it counts, or the plans), or a new plan another page
        asks for."""
        if isinstance(q, PlanStart):
            self.new_plan(q.sources, q.problem)
        elif isinstance(q, RectificationQuery):
            self.tabs.setCurrentWidget(self.rectifications)
            self.rectifications.set_query(q)
        else:
            self.tabs.setCurrentWidget(self.plans)

    def new_plan(self, sources: tuple[SourceInput, ...] = (), problem: str = "") -> None:
        self.tabs.setCurrentWidget(self.plans)
        self.plans.new_plan(sources, problem)
