"""The improvement area (§8.2): the bad-review loop (整改) and continuous-improvement plans (持续改进计划), their
page and the dashboard's numbers."""

from __future__ import annotations

from desktop.models.complaints.tables import Complaint
from desktop.models.core.area import Area, Counter, DashboardSection, DemoData, Page
from desktop.models.core.labels import Label
from desktop.models.improvement.tables import ImprovementPlan, PlanAction, Rectification
from desktop.models.requests.tables import ServiceRequest

AREA = Area(
    name="improvement",
    pages=(Page("improvement", Label("Improvement", "持续改进"),
                "desktop.views.improvement.improvement_page:ImprovementPage", order=47),),
    dashboard=(
        DashboardSection(Label("Improvement", "持续改进"), (
            Counter("rectifications_open", Label("Bad reviews to rectify", "待整改")),
            Counter("rectifications_to_verify", Label("Rectified, to verify", "待核验")),
            Counter("rectifications_overdue", Label("Rectifications overdue", "整改逾期"), alarm="overdue"),
            Counter("plans_open", Label("Plans in progress", "改进计划")),
            Counter("plan_actions_overdue", Label("Plan actions overdue", "措施逾期"), alarm="overdue"),
        ), "desktop.models.improvement.dashboard:dashboard_numbers",
            "desktop.models.improvement.dashboard:dashboard_query", "improvement",
            # a bad evaluation (a request's step) or a valid complaint opens a rectification
            (Rectification, ImprovementPlan, PlanAction, ServiceRequest, Complaint)),
    ),
    demo=(DemoData("--plans", "improvement plans to add (and the rectifications of the demo's bad reviews and valid "
                   "complaints, some carried to closure)", "desktop.demo.demo_improvement:demo_data",
                   "Added {n} demo improvement plans in {seconds} s.", demo_station=3),),
)
