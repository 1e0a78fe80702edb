"""The service requests area: the requests list and the time limits (admins), the dashboard's numbers of open
work, demo requests over four years."""

from __future__ import annotations

from desktop.models.core.area import ADMINS, Area, Counter, DashboardSection, DemoData, Page
from desktop.models.core.labels import Label
from desktop.models.requests.labels import REQUEST_STATUS_LABELS
from desktop.models.requests.tables import STATUSES, ServiceRequest

COUNT = "desktop.models.requests.request_dashboard:dashboard_numbers"
QUERY = "desktop.models.requests.request_dashboard:dashboard_query"
WATCHES = (ServiceRequest,)


def _status_counters() -> tuple[Counter, ...]:
    counters = []
    for status in STATUSES:
        name = REQUEST_STATUS_LABELS.label(status)
        assert name is not None
        counters.append(Counter(f"status:{status}", name))
    return tuple(counters)


AREA = Area(
    name="requests",
    pages=(
        Page("requests", Label("Service requests", "服务需求"), "desktop.views.requests.requests_page:RequestsPage",
             order=10, connects=(("open_request", "open_request"), ("new_request_requested", "new_request"))),
        Page("time_limits", Label("Time limits", "时限设置"), "desktop.views.requests.time_limits_page:TimeLimitsPage",
             order=50, roles=ADMINS),
    ),
    dashboard=(
        DashboardSection(Label("My work and deadlines", "我的工作与时限"), (
            Counter("my_open", Label("My open requests", "我的在办服务需求")),
            Counter("due_today", Label("Due today", "今日到期"), alarm="due_soon"),
            Counter("overdue", Label("Overdue", "已逾期"), alarm="overdue"),
        ), COUNT, QUERY, "requests", WATCHES),
        DashboardSection(Label("After the service", "服务后续"), (
            Counter("awaiting_feedback", Label("Awaiting feedback to the client", "待向服务对象反馈")),
            Counter("awaiting_return_visit", Label("Awaiting a return visit", "待回访")),
        ), COUNT, QUERY, "requests", WATCHES),
        DashboardSection(Label("Requests by status", "服务需求状态统计"), _status_counters(), COUNT, QUERY, "requests",
                         WATCHES, columns=4),
    ),
    install="desktop.views.requests.calendar_notice:install",
    demo=(DemoData("--requests", "service requests to add, spread over four years, for the station's clients",
                   "desktop.demo.demo_requests:demo_data", "Added {n} demo requests in {seconds} s.",
                   demo_station=600, progress="Making demo requests: {done} of {total}"),),
)
