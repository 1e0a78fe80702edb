"""The city-wide table of a month (§4.3: 统计、分析): each station's figures of that month, from its latest
"figures" record (aggregates only, no client data), for ``cityhub report --period YYYY-MM`` and the overview.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

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


def monthly_figures(session: Session, month: str) -> list[MonthRow]:
    """Every station's figures of ``month`` (``YYYY-MM``): the latest version of its record, by station code."""
    latest: dict[str, tuple[int, int, wire.FiguresBody]] = {}
    for station_id, uuid, version, body in session.execute(
            select(Record.station_id, Record.uuid, Record.version, Record.body).where(Record.kind == "figures")):
        figures = wire.FiguresBody.model_validate_json(body, strict=False)
        if figures.month == month and version > latest.get(uuid, (0, 0, figures))[0]:
            latest[uuid] = (version, station_id, figures)
    names = {i: (code, name) for i, code, name in session.execute(select(HubStation.id, HubStation.code,
                                                                          HubStation.name))}
    rows = [MonthRow(*names.get(station_id, ("?", "")), figures) for _v, station_id, figures in latest.values()]
    return sorted(rows, key=lambda r: r.code)


def latest_month(session: Session) -> str | None:
    """The most recent month any station sent figures of."""
    months = [wire.FiguresBody.model_validate_json(body, strict=False).month
              for body in session.scalars(select(Record.body).where(Record.kind == "figures"))]
    return max(months, default=None)


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
