"""Whether each stage of a request kept its time limit (§7.2.1, §7.2.4, §7.3.3; docs/statistics.md, "Time
limits"), as SQL on ``service_request r``: the one rule the statistics count by and the requests list filters by.

A stage was **on time** when it was done on or before its due day (the station's local day it was done, so a
response at 23:30 Beijing time on the due day is on time), **late** when it was done after, or when it is still
to do and its due day has passed (overdue now). A stage not done and no longer waited for (a request withdrawn,
escalated to the city, or whose hand-over clock stopped awaiting instructions) is neither.

Parameters: ``:today`` (the station's local day, ISO) and ``:tz`` (the station's offset as an SQLite modifier,
``local_modifier()``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desktop.models.core.clock import station_zone
from desktop.models.core.types import utcnow


class StageName(StrEnum):
    RESPONSE = "response"
    HANDOVER = "handover"
    FEEDBACK = "feedback"
    COMPLETION = "completion"


@dataclass(frozen=True)
class Stage:
    key: StageName
    due: str  # the due day's column
    done: str  # when the stage was done (NULL: not yet)
    started: str  # when its clock started (the median of working days counts from it)
    waiting: tuple[str, ...]  # the statuses in which it is still to do

    @property
    def waiting_sql(self) -> str:
        return "(" + ", ".join(f"'{w}'" for w in self.waiting) + ")"  # our own status codes


STAGES = (
    Stage(StageName.RESPONSE, "r.response_due", "r.responded_at", "r.received_at", ("received",)),
    # handed over: the first referral to an institution or escalation to the city
    Stage(StageName.HANDOVER, "r.handover_due",
          "(SELECT min(e.at) FROM request_event e WHERE e.request_id = r.id AND e.kind IN ('referred', 'escalated'))",
          "r.responded_at", ("registered",)),
    # the institution's feedback on the latest referral
    Stage(StageName.FEEDBACK, "r.feedback_due",
          "(SELECT f.responded_at FROM referral f WHERE f.request_id = r.id ORDER BY f.id DESC LIMIT 1)",
          "(SELECT f.referred_at FROM referral f WHERE f.request_id = r.id ORDER BY f.id DESC LIMIT 1)",
          ("referred",)),
    Stage(StageName.COMPLETION, "r.completion_due", "r.completed_at", "r.received_at",
          ("received", "registered", "awaiting_instruction", "referred", "in_service")),
)
STAGE_KEYS = tuple(s.key for s in STAGES)
WAITING = tuple(sorted({w for s in STAGES for w in s.waiting}))  # a stage of a request in these may be overdue


def on_time_sql(due: str, done: str) -> str:
    """Done on or before the due day (``due``, ``done``: the stage's expressions, or the columns they were read
    into)."""
    return f"({done} IS NOT NULL AND date({done}, :tz) <= {due})"


def overdue_sql(stage: Stage, due: str, done: str, status: str = "r.status") -> str:
    """Still to do, its due day passed."""
    return f"({done} IS NULL AND {status} IN {stage.waiting_sql} AND {due} < :today)"


def late_done_sql(due: str, done: str) -> str:
    """Done after the due day."""
    return f"({due} IS NOT NULL AND date({done}, :tz) > {due})"


def late_sql(stage: Stage, due: str, done: str, status: str = "r.status") -> str:
    """Done after the due day, or overdue now."""
    return f"({late_done_sql(due, done)} OR {overdue_sql(stage, due, done, status)})"


# the requests list's outcome filters of the stages: "<stage>_on_time", "<stage>_late", "<stage>_overdue"
STAGE_OUTCOME_SQL = {
    **{f"{s.key}_on_time": on_time_sql(s.due, s.done) for s in STAGES},
    **{f"{s.key}_late": late_sql(s, s.due, s.done) for s in STAGES},
    **{f"{s.key}_overdue": overdue_sql(s, s.due, s.done) for s in STAGES},
}


def local_modifier(at: datetime | None = None) -> str:
    """The station's offset from UTC as an SQLite date modifier ("+480 minutes" in Beijing). China keeps one
    offset all year; a zone with summer time counts by the offset of ``at`` (now by default)."""
    offset = (at or utcnow()).astimezone(station_zone()).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return f"{minutes:+d} minutes"
