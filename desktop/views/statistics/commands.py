"""``quality-station report statistics|evaluation|complaints --from DATE --to DATE --out FILE.pdf|FILE.xlsx``: a
period's written report for a scheduled monthly run. Exit codes: 0 written, 1 no station (or it could not be
opened), 2 bad arguments or a file that could not be written."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from desktop.cli import actor_id, station_database
from desktop.messages import Translator
from desktop.models.core.clock import local_today
from desktop.models.core.db import Database
from desktop.models.core.spreadsheets import BadFile, written_beside
from desktop.models.core.station import get_station
from desktop.models.statistics.intake_figures import StatsQuery
from desktop.models.statistics.labels import REPORT_TITLES


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def configure(parser: argparse.ArgumentParser, _common: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=tuple(REPORT_TITLES), help="which report")
    parser.add_argument("--from", dest="start", type=_day, required=True, metavar="DATE",
                        help="the first day of the period (YYYY-MM-DD, the station's local day)")
    parser.add_argument("--to", dest="end", type=_day, required=True, metavar="DATE",
                        help="the last day of the period, included")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE", help="a .pdf or an .xlsx file")


def run(args: argparse.Namespace) -> int:
    tr = Translator(args.lang)
    if args.end < args.start:
        print(tr("The period ends before it starts."), file=sys.stderr)
        return 2
    if args.out.suffix.lower() not in (".pdf", ".xlsx"):
        print(tr("Choose a .pdf or an .xlsx file."), file=sys.stderr)
        return 2
    with station_database(args, tr) as db:
        return 1 if db is None else _run(args, tr, db)


def _run(args: argparse.Namespace, tr: Translator, db: Database) -> int:
    from desktop.printing.statistics_jobs import export_job, report_job

    viewer = actor_id(db, None)
    info = get_station(db)
    if viewer is None or info is None:
        print(tr("No active account {user}.", user="admin"), file=sys.stderr)
        return 1
    q, today = StatsQuery(args.start, args.end), local_today()
    try:
        if args.out.suffix.lower() == ".xlsx":
            export_job(None, db.path, viewer, args.kind, q, today, args.out)
        else:
            with written_beside(args.out) as tmp:
                report_job(None, db.path, viewer, args.kind, q, today, info.name, tmp)
    except (BadFile, OSError) as exc:
        message = tr(exc.message) if isinstance(exc, BadFile) else str(exc.strerror or exc)
        print(tr("The file could not be read or written: {error}", error=message), file=sys.stderr)
        return 2
    print(tr("Wrote {file}.", file=str(args.out)))
    return 0
