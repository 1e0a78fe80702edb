"""The dashboard's 持续改进 numbers: rectifications to do, to verify and overdue; plans in progress and their
overdue actions. Each opens the improvement page (the rectifications with the number's filter, or the plans)."""

from __future__ import annotations

from datetime import date

from desktop.models.core.db import Database
from desktop.models.improvement import plans, rectifications
from desktop.models.improvement.rectifications import RectificationQuery

PLAN_KEYS = ("plans_open", "plan_actions_overdue")


def dashboard_numbers(db: Database, user_id: int, today: date) -> dict[str, int]:
    return {**rectifications.dashboard_numbers(db, user_id, today), **plans.dashboard_numbers(db, user_id, today)}


def dashboard_query(key: str, user_id: int, today: date) -> RectificationQuery | str:
    """A rectifications query, or "plans" for the plans tab."""
    return "plans" if key in PLAN_KEYS else rectifications.dashboard_query(key, user_id, today)
