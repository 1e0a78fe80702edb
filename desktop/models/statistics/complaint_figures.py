"""Complaints of a period (docs/statistics.md, "Complaints"; §7.5.5): by service category, channel, subject,
how they ended, and how long handling took. Counted with the complaints list's own filter (``where_clause``),
under the viewer's visibility, so each count opens the complaints list of exactly those complaints.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import text

from desktop.models.complaints.complaint_list import SUBJECT_KINDS, ComplaintQuery, where_clause
from desktop.models.complaints.tables import OPEN, ComplaintStatus
from desktop.models.core.db import Database
from desktop.models.requests import workdays
from desktop.models.requests.stages import local_modifier
from desktop.models.statistics.intake_figures import Cell

# how a complaint ended, as the list filters it: (statuses, validity)
ENDINGS: dict[str, tuple[tuple[str, ...], str]] = {
    "valid": ((ComplaintStatus.CLOSED,), "valid"),
    "invalid": ((ComplaintStatus.CLOSED,), "invalid"),
    "not_accepted": ((ComplaintStatus.NOT_ACCEPTED,), ""),
    "withdrawn": ((ComplaintStatus.WITHDRAWN,), ""),
    "open": (tuple(OPEN), ""),
}


@dataclass(frozen=True)
class ComplaintFigures:
    received: Cell
    by_category: list[Cell] = field(default_factory=list)
    by_channel: list[Cell] = field(default_factory=list)
    by_subject: list[Cell] = field(default_factory=list)  # a complaint about several subjects counts in each
    by_ending: list[Cell] = field(default_factory=list)
    median_days: float | None = None  # working days from receipt to closing, of those closed


def complaints(db: Database, viewer_id: int, start: date, end: date, today: date,
               category_id: int | None = None) -> ComplaintFigures:
    base = ComplaintQuery(viewer_id, received_from=start, received_to=end, category_id=category_id)
    with db.read() as s:
        def count(q: ComplaintQuery) -> int:
            where, params = where_clause(s, q, today)
            return int(s.execute(text(f"SELECT count(*) FROM complaint k{where}"), params).scalar_one())

        where, params = where_clause(s, base, today)
        channels = s.execute(text(f"SELECT k.channel, count(*) FROM complaint k{where} GROUP BY 1 "
                                  "ORDER BY 2 DESC, 1"), params).all()
        categories = s.execute(text(
            "SELECT cc.id, cc.clause, cc.name, count(*) FROM complaint k JOIN catalogue_category cc "
            f"ON cc.id = k.category_id{where} GROUP BY cc.id ORDER BY cc.sort_order"), params).all()
        spans = s.execute(text(
            f"SELECT date(k.received_at, :tz), date(k.closed_at, :tz), count(*) FROM complaint k{where} "
            "AND k.status = 'closed' GROUP BY 1, 2"), {**params, "tz": local_modifier()}).all()
        calendar = workdays.load_calendar(s)
        received = count(base)
        subjects = [Cell(kind, count(replace(base, subject=kind)), replace(base, subject=kind), page="complaints")
                    for kind in SUBJECT_KINDS]
        endings = []
        for key, (statuses, validity) in ENDINGS.items():
            q = replace(base, statuses=statuses, validity=validity)
            endings.append(Cell(key, count(q), q, page="complaints"))
    return ComplaintFigures(
        received=Cell("received", received, base, page="complaints"),
        by_category=[Cell(str(clause), int(n), replace(base, category_id=int(cid)), str(name), page="complaints")
                     for cid, clause, name, n in categories],
        by_channel=[Cell(str(ch), int(n), replace(base, channel=str(ch)), page="complaints") for ch, n in channels],
        by_subject=subjects, by_ending=endings,
        median_days=workdays.median_working_days([(a, b, int(n)) for a, b, n in spans], calendar))
