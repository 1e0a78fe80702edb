"""The dashboard's numbers of requests (工作台): open work and deadlines, by status, and the list behind each
number. Each count is one short index range; the numbers by status are kept by triggers (migration 0011)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import text

from desktop.models.core.db import Database
from desktop.models.requests.request_list import OPEN_STATUSES, RequestQuery
from desktop.models.requests.tables import STATUSES

DASHBOARD_KEYS = ("my_open", "due_today", "overdue", "awaiting_feedback", "awaiting_return_visit")


@dataclass(frozen=True)
class DashboardCounts:
    my_open: int
    due_today: int
    overdue: int
    awaiting_feedback: int  # status completed: the client is still to be told the outcome (§7.4.1)
    awaiting_return_visit: int  # status feedback_given: the return visit is still to be made (§7.4.2)
    by_status: dict[str, int] = field(default_factory=dict)  # every status, in lifecycle order


def dashboard_counts(db: Database, user_id: int, today: date) -> DashboardCounts:
    """The dashboard's numbers: each count is one short index range, and the numbers by status are kept by
    triggers as requests are written (``RequestStatusCount``)."""
    marks = ", ".join(f"'{s}'" for s in OPEN_STATUSES)  # our own constants, never user text
    day = today.isoformat()
    with db.read() as s:
        def scalar(sql: str, **params: object) -> int:
            return int(s.execute(text(sql), params).scalar_one())

        my_open = scalar(f"SELECT count(*) FROM service_request WHERE handler_id = :user AND status IN ({marks})",
                         user=user_id)
        due_today = scalar("SELECT count(*) FROM service_request WHERE due_on = :today", today=day)
        overdue = scalar("SELECT count(*) FROM service_request WHERE due_on < :today", today=day)
        found = {str(status): int(n) for status, n in  # kept by triggers (migration 0011)
                 s.execute(text("SELECT status, n FROM request_status_count"))}
    by_status = {str(status): found.get(status, 0) for status in STATUSES}
    return DashboardCounts(my_open, due_today, overdue, by_status["completed"], by_status["feedback_given"],
                           by_status)


def dashboard_numbers(db: Database, user_id: int, today: date) -> dict[str, int]:
    """``dashboard_counts`` by the dashboard's counter keys (``status:<status>`` for each status)."""
    counts = dashboard_counts(db, user_id, today)
    numbers = {key: int(getattr(counts, key)) for key in DASHBOARD_KEYS}
    numbers.update({f"status:{status}": n for status, n in counts.by_status.items()})
    return numbers


def dashboard_query(key: str, user_id: int, today: date) -> RequestQuery:
    """The list behind a dashboard number (``key``: one of DASHBOARD_KEYS, or ``status:<status>``)."""
    del today  # the due filters take today when the list runs, so a list left open stays right after midnight
    if key == "my_open":
        return RequestQuery(statuses=OPEN_STATUSES, handler_id=user_id)
    if key == "due_today":
        return RequestQuery(due="due_today")
    if key == "overdue":
        return RequestQuery(due="overdue", sort="due_on", descending=False)
    if key == "awaiting_feedback":
        return RequestQuery(statuses=("completed",))
    if key == "awaiting_return_visit":
        return RequestQuery(statuses=("feedback_given",))
    if key.startswith("status:") and key[len("status:"):] in STATUSES:
        return RequestQuery(statuses=(key[len("status:"):],))
    raise ValueError(f"unknown dashboard number {key!r}")
