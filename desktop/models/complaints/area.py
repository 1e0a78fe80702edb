"""The complaints area (§7.5): complaints from receipt to closure, their time limits, validity and the staff
assessment they feed; the dashboard's numbers of open complaints."""

from __future__ import annotations

from desktop.models.complaints.tables import Complaint
from desktop.models.core.area import Area, Counter, DashboardSection, DemoData, InstitutionFact, Page
from desktop.models.core.labels import Label

STATS = "desktop.models.complaints.complaint_stats"

AREA = Area(
    name="complaints",
    pages=(Page("complaints", Label("Complaints", "投诉管理"),
                "desktop.views.complaints.complaints_page:ComplaintsPage", order=45),),
    dashboard=(
        DashboardSection(Label("Complaints", "投诉处理"), (
            Counter("complaints_open", Label("Open complaints", "在办投诉")),
            Counter("complaints_to_accept", Label("To accept or refuse", "待受理")),
            Counter("complaints_due_soon", Label("Due today or tomorrow", "即将到期"), alarm="due_soon"),
            Counter("complaints_overdue", Label("Overdue", "已逾期"), alarm="overdue"),
        ), f"{STATS}:dashboard_numbers", f"{STATS}:dashboard_query", "complaints", (Complaint,)),
    ),
    demo=(DemoData("--complaints", "complaints to add, in every state, about the station's requests, staff and "
                   "institutions", "desktop.demo.demo_complaints:demo_data",
                   "Added {n} demo complaints in {seconds} s.", demo_station=40,
                   progress="Making demo complaints: {done} of {total}"),),
    institution_facts=(InstitutionFact(Label("Valid / all complaints", "有效投诉 / 全部投诉"),
                                       f"{STATS}:institution_fact"),),
    city_decisions="desktop.models.complaints.archive_record:apply_city_decision",
)
