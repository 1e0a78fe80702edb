"""The statistics' written reports as jobs for a worker process (``desktop.processes``): reportlab and openpyxl
hold the interpreter lock while they work, so the window's process only starts them. This module is light: the
statistics page imports it when it opens; the reports' modules (and the charting) load in the worker.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from desktop.models.core.db import Database
from desktop.models.statistics.intake_figures import StatsQuery


def report_job(_handle: object, db_path: Path, viewer_id: int, kind_key: str, q: StatsQuery, today: date,
               station: str, target: Path) -> str:
    """``build_report`` of ``q`` (and the period before it) as a job for a worker process (desktop.processes):
    reportlab holds the interpreter lock while it lays pages out. Returns the font warning ("" when embedded)."""
    from desktop.models.core.db import opened_in_worker
    from desktop.printing.statistics_report import build_report, previous_period
    from desktop.printing.statistics_tables import count_all

    with opened_in_worker(db_path) as db:
        figures = count_all(db, viewer_id, q, today)
        first, last = previous_period(q.start, q.end)
        before = replace(q, start=first, end=last)
        return build_report(kind_key, station, figures, count_all(db, viewer_id, before, today), target,
                            filters_text(db, q)).warning


def export_job(_handle: object, db_path: Path, viewer_id: int, kind_key: str, q: StatsQuery, today: date,
               path: Path) -> int:
    """``export_report`` of ``q`` as a job for a worker process (openpyxl holds the interpreter lock)."""
    from desktop.models.core.db import opened_in_worker
    from desktop.printing.statistics_report import export_report
    from desktop.printing.statistics_tables import count_all

    with opened_in_worker(db_path) as db:
        return export_report(kind_key, count_all(db, viewer_id, q, today), path, filters_text(db, q))


def filters_text(db: Database, q: StatsQuery) -> str:
    """The requests' filters of ``q`` as a report says them ("" for the whole station)."""
    from sqlalchemy import text

    from desktop.models.requests.labels import CHANNEL_LABELS

    parts = []
    with db.read() as s:
        if q.category_id is not None:
            row = s.execute(text("SELECT clause, name FROM catalogue_category WHERE id = :i"),
                            {"i": q.category_id}).first()
            parts.append(f"服务类别 {row[0]} {row[1]}" if row else "服务类别")
        if q.channel:
            parts.append(f"受理渠道 {CHANNEL_LABELS.zh(q.channel)}")
        if q.district:
            parts.append(f"区县 {q.district}")
        if q.handler_id is not None:
            name = s.execute(text("SELECT name FROM staff WHERE id = :i"), {"i": q.handler_id}).scalar()
            parts.append(f"经办人 {name or ''}".strip())
    return "；".join(parts)
