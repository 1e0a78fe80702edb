"""The requests of a period (docs/statistics.md, "Intake" and "Outcomes"): how many were received, by service
category, channel, district and month, where those requests stand now and what happened to them, under the
period's optional filters.

Every cell names the requests list behind it (``Cell.query``, a ``RequestQuery``): opening it lists exactly the
requests counted (tests reconcile each cell with ``request_list.run_query``). The period is local days at the
station, both ends included, decided by ``received_at``, the day a request came in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from desktop.models.clients.tables import CLIENT_SIZES
from desktop.models.core.db import Database
from desktop.models.requests.request_list import RequestQuery, local_day_start
from desktop.models.requests.tables import STATUSES
from desktop.models.statistics import period_sums
from desktop.models.statistics.labels import RequestOutcome

OUTCOMES = tuple(RequestOutcome)  # the lifecycle's (satisfaction apart)


@dataclass(frozen=True)
class StatsQuery:
    start: date  # local days, inclusive
    end: date
    category_id: int | None = None
    channel: str = ""
    district: str = ""
    handler_id: int | None = None

    def column_filters(self) -> list[tuple[str, object]]:
        """The filters set on a column of the request (channel, district, handler_id): (column, value)."""
        return [(c, v) for c, v in (("channel", self.channel), ("district", self.district),
                                    ("handler_id", self.handler_id)) if v not in ("", None)]

    @property
    def unfiltered(self) -> bool:
        """Counted from the kept figures (``period_sums``), not from the records."""
        return self.category_id is None and not self.channel and not self.district and self.handler_id is None

    def requests(self) -> RequestQuery:
        """The requests list of the whole period under the same filters."""
        return RequestQuery(category_id=self.category_id, channel=self.channel, district=self.district,
                            handler_id=self.handler_id, received_from=self.start, received_to=self.end)


@dataclass(frozen=True)
class Cell:
    key: str  # what the row is: a category's clause, a channel, a district, "2026-03", a status
    count: int
    query: Any  # the list that shows exactly these rows: a RequestQuery, a ComplaintQuery… (``page``); None: none can
    name: str = ""  # a name to show beside the key (a category's)
    page: str = "requests"  # the page whose list ``query`` is


@dataclass(frozen=True)
class IntakeFigures:
    received: int
    by_category: list[Cell] = field(default_factory=list)  # a request of several categories counts in each
    by_channel: list[Cell] = field(default_factory=list)
    by_district: list[Cell] = field(default_factory=list)
    by_size: list[Cell] = field(default_factory=list)  # the clients' size: 中小微 first, then large, then none
    by_industry: list[Cell] = field(default_factory=list)  # the clients' industry
    by_month: list[Cell] = field(default_factory=list)  # every month of the period, none left out
    by_status: list[Cell] = field(default_factory=list)  # where the period's requests stand now
    by_outcome: list[Cell] = field(default_factory=list)  # what happened to them (an answered one is completed too)


def _months(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months the period touches, each cut to the period."""
    months, first = [], start.replace(day=1)
    while first <= end:
        following = (first + timedelta(days=32)).replace(day=1)
        months.append((max(first, start), min(following - timedelta(days=1), end)))
        first = following
    return months


def day_range(start: date, end: date) -> dict[str, object]:
    """``:start`` and ``:end`` of the local days ``start`` to ``end`` (both included), as UTC times are stored."""
    return {"start": local_day_start(start), "end": local_day_start(end + timedelta(days=1))}


def period_where(q: StatsQuery) -> tuple[str, dict[str, object]]:
    """The WHERE clause (on ``service_request r``) of the requests ``q`` counts, with its parameters."""
    where = ["r.received_at >= :start", "r.received_at < :end"]
    params = day_range(q.start, q.end)
    for column, value in q.column_filters():
        where.append(f"r.{column} = :{column}")
        params[column] = value
    if q.category_id is not None:
        where.append("r.id IN (SELECT request_id FROM request_category WHERE category_id = :category)")
        params["category"] = q.category_id
    return " WHERE " + " AND ".join(where), params


def totals(db: Database, q: StatsQuery) -> tuple[dict[str, dict[str, int]], dict[str, int], list[Any]]:
    """Received by month, channel, district, status, industry and size; the outcomes; (id, clause, name, n) of
    each category: from the kept figures (``period_sums``)."""
    period_sums.ensure_current(db)
    with db.read() as s:
        found = period_sums.read(s, q, "channel", "district", "status", "industry", "size", "outcome",
                                 "category")
        months = period_sums.by_month(s, q)
        names = s.execute(text("SELECT id, clause, name FROM catalogue_category ORDER BY sort_order")).all()
    totals = {"month": months, **{k: found[k] for k in ("channel", "district", "status", "industry", "size")}}
    outcomes: dict[str, int] = {name: found["outcome"].get(name, 0) for name in OUTCOMES}
    counts = found["category"]
    return totals, outcomes, [(i, c, n, counts[str(i)]) for i, c, n in names if str(i) in counts]


def intake(db: Database, q: StatsQuery) -> IntakeFigures:
    """The intake figures of ``q`` (one read transaction; a few grouped queries)."""
    base = q.requests()
    counted, outcomes, categories = totals(db, q)

    def largest(key: str) -> list[tuple[str, int]]:
        return sorted(counted[key].items(), key=lambda kv: (-kv[1], kv[0]))

    received = sum(counted["status"].values())
    channels, districts, statuses = largest("channel"), largest("district"), counted["status"]
    months = [Cell(first.strftime("%Y-%m"), counted["month"].get(first.strftime("%Y-%m"), 0),
                   replace(base, received_from=first, received_to=last)) for first, last in _months(q.start, q.end)]
    return IntakeFigures(
        received=received,
        # under a category filter only that category: the others' lists could not keep the filter as well
        by_category=[Cell(str(clause_), int(n), replace(base, category_id=int(cid)), str(name))
                     for cid, clause_, name, n in categories if q.category_id in (None, cid)],
        by_channel=[Cell(k, n, replace(base, channel=k)) for k, n in channels],
        # requests with no district ("") are counted, but no list shows just them (the list's district filter has
        # no "none")
        by_district=[Cell(k, n, replace(base, district=k) if k else None) for k, n in districts],
        by_size=[Cell(k, counted["size"][k], replace(base, client_size=k) if k else None)
                 for k in (*CLIENT_SIZES, "") if k in counted["size"]],
        by_industry=[Cell(k, n, replace(base, industry=k) if k else None) for k, n in largest("industry")],
        by_month=months,
        by_status=[Cell(st, statuses[st], replace(base, statuses=(st,))) for st in STATUSES if st in statuses],
        by_outcome=[Cell(name, n, replace(base, outcome=name)) for name, n in outcomes.items()],
    )
