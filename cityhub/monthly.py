"""The city-wide table of a month (§4.3: 统计、分析): each station's figures of that month, from its latest
"figures" record (aggregates only, no client data), for ``cityhub report --period YYYY-MM`` and the overview.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cityhub.db import HubStation, Record
from cityhub.report import format_table
from desktop.sync import wire

COLUMNS = (("received", "受理"), ("answered", "即时答复"), ("referred", "转交"), ("escalated", "上报"),
           ("completed", "办结"), ("evaluations", "评价"), ("dissatisfied", "差评需求"), ("complaints", "投诉"),
           ("valid_complaints", "有效投诉"), ("rectifications", "整改"), ("rectifications_closed", "整改办结"))
STAGES = (("response", "响应按时率"), ("completion", "办结按时率"))


@dataclass(frozen=True)
class MonthRow:
    code: str
    name: str
    figures: wire.FiguresBody


def month_pattern(month: str) -> str:
    """What the month looks like in a stored body (canonical JSON: sorted keys, no spaces), for a LIKE."""
    return f'%"month":"{month}"%'


def monthly_figures(session: Session, month: str) -> list[MonthRow]:
    """Every station's figures of ``month`` (``YYYY-MM``): one row per station, from the record it sent last
    (a station set up again, or another of its devices, may have sent the month under another uuid)."""
    latest: dict[int, wire.FiguresBody] = {}
    for station_id, body in session.execute(
            select(Record.station_id, Record.body).where(Record.kind == "figures",
                                                         Record.body.like(month_pattern(month)))
            .order_by(Record.received_at, Record.id)):
        figures = wire.FiguresBody.model_validate_json(body, strict=False)
        if figures.month == month:
            latest[station_id] = figures  # received later: what the station knows now
    names = {i: (code, name) for i, code, name in session.execute(select(HubStation.id, HubStation.code,
                                                                          HubStation.name))}
    rows = [MonthRow(*names.get(station_id, ("?", "")), figures) for station_id, figures in latest.items()]
    return sorted(rows, key=lambda r: r.code)


def current_month(now: datetime) -> str:
    """The month the overview shows: the current one in Beijing time (UTC+8), where the stations are."""
    return (now.astimezone(UTC) + timedelta(hours=8)).strftime("%Y-%m")


def is_future(month: str, now: datetime) -> bool:
    """A month after the current one (a station's wrong clock): refused at the door."""
    return month > current_month(now)


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def cells(row: MonthRow) -> list[str]:
    f = row.figures
    return [row.code, row.name, *(str(getattr(f, key)) for key, _ in COLUMNS),
            *(_rate(f.on_time.get(stage)) for stage, _ in STAGES)]


def header() -> list[str]:
    return ["站点", "名称", *(caption for _, caption in COLUMNS), *(caption for _, caption in STAGES)]


def monthly_text(month: str, rows: list[MonthRow]) -> str:
    if not rows:
        return f"no station has sent figures of {month}"
    total = ["合计", "", *(str(sum(getattr(r.figures, key) for r in rows)) for key, _ in COLUMNS),
             *("" for _ in STAGES)]
    return format_table([header(), *(cells(r) for r in rows), total])


def monthly_json(rows: list[MonthRow]) -> str:
    return json.dumps([{"code": r.code, "name": r.name, **r.figures.model_dump()} for r in rows],
                      ensure_ascii=False, indent=2)
