"""Institutions and experts in a period (docs/statistics.md, "Institutions"): the period's requests handed to each
(its latest referral), how many gave their feedback within the deadline, how the clients evaluated those
requests, and the valid complaints about the institution received in the period. Each count opens its list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.models.complaints.complaint_list import ComplaintQuery, where_clause
from desktop.models.complaints.tables import ComplaintStatus
from desktop.models.core.db import Database
from desktop.models.requests.stages import STAGES, local_modifier, overdue_sql
from desktop.models.statistics import period_sums
from desktop.models.statistics.intake_figures import Cell, StatsQuery, period_where

FEEDBACK = next(s for s in STAGES if s.key == "feedback")


@dataclass(frozen=True)
class InstitutionRow:
    id: int
    name: str
    referred: Cell  # the period's requests whose latest referral is to it
    on_time: Cell  # of those, feedback within the deadline
    late: Cell  # feedback late, or overdue now
    average: float | None  # the mean score (all four dimensions) of those requests' evaluations
    valid_complaints: Cell  # about it, received in the period, closed as valid (the complaints list)

    @property
    def rate(self) -> float | None:
        decided = self.on_time.count + self.late.count
        return self.on_time.count / decided if decided else None


Referred = dict[int, tuple[int, int, int]]  # institution -> (referred, feedback on time, late)


def totals(s: Session, q: StatsQuery, clause: str, params: dict[str, object]) -> tuple[Referred, dict[int, float]]:
    """Each institution's (referred, feedback on time, late) and the mean score of those requests' evaluations:
    from the kept figures (``period_sums``), and the feedback overdue now from the requests still waiting."""
    f = period_sums.read(s, q, "institution", "institution_on_time", "institution_late",
                         "institution_score", "institution_scored")
    overdue = {int(i): int(n) for i, n in s.execute(text(
        f"SELECT x.institution_id, coalesce(sum({overdue_sql(FEEDBACK, 'x.due', 'x.done', 'x.status')}), 0) FROM ("
        f"SELECT r.institution_id, r.status, {FEEDBACK.due} AS due, {FEEDBACK.done} AS done FROM service_request r"
        f"{clause} AND r.institution_id IS NOT NULL AND r.status IN {FEEDBACK.waiting_sql}) x GROUP BY 1"), params)}
    on_time, late = f["institution_on_time"], f["institution_late"]
    referred = {int(i): (n, on_time.get(i, 0), late.get(i, 0) + overdue.get(int(i), 0))
                for i, n in f["institution"].items()}
    scored = f["institution_scored"]
    averages = {int(i): total / scored[i] for i, total in f["institution_score"].items() if scored.get(i)}
    return referred, averages


def institutions(db: Database, viewer_id: int, q: StatsQuery, today: date) -> list[InstitutionRow]:
    """Institutions with a referral or a valid complaint in the period; most referrals first."""
    clause, params = period_where(q)
    params |= {"today": today.isoformat(), "tz": local_modifier()}
    period_sums.ensure_current(db)
    with db.read() as s:
        referred, averages = totals(s, q, clause, params)
        complaints = ComplaintQuery(viewer_id, statuses=(ComplaintStatus.CLOSED,), validity="valid",
                                    received_from=q.start, received_to=q.end)
        where, cparams = where_clause(s, complaints, today)
        valid = {int(i): int(n) for i, n in s.execute(text(
            f"SELECT k.about_institution_id, count(*) FROM complaint k{where} "
            "AND k.about_institution_id IS NOT NULL GROUP BY 1"), cparams)}
        ids = sorted(set(referred) | set(valid))
        names = {int(i): str(n) for i, n in s.execute(text("SELECT id, name FROM institution"))}
    base = q.requests()
    rows = []
    for i in ids:
        n, on_time, late = referred.get(i, (0, 0, 0))
        mine = replace(base, institution_id=i)
        rows.append(InstitutionRow(
            i, str(names.get(i, "")), Cell(str(i), n, mine),
            Cell(str(i), on_time, replace(mine, outcome="feedback_on_time")),
            Cell(str(i), late, replace(mine, outcome="feedback_late")), averages.get(i),
            Cell(str(i), valid.get(i, 0), replace(complaints, about_institution_id=i), page="complaints")))
    return sorted(rows, key=lambda r: (-r.referred.count, -r.valid_complaints.count, r.name))
