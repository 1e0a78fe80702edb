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
from desktop.printing.statistics_report import REPORTS


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def configure(parser: argparse.ArgumentParser, _common: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=tuple(REPORTS), help="which report")
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
    from desktop.printing.statistics_report import build_report, export_report, previous_period
    from desktop.printing.statistics_tables import count_all

    viewer = actor_id(db, None)
    info = get_station(db)
    if viewer is None or info is None:
        print(tr("No active account {user}.", user="admin"), file=sys.stderr)
        return 1
    today = local_today()
    figures = count_all(db, viewer, StatsQuery(args.start, args.end), today)
    try:
        if args.out.suffix.lower() == ".xlsx":
            export_report(args.kind, figures, args.out)
        else:
            previous = count_all(db, viewer, StatsQuery(*previous_period(args.start, args.end)), today)
            with written_beside(args.out) as tmp:
                build_report(args.kind, info.name, figures, previous, tmp)
    except (BadFile, OSError) as exc:
        message = tr(exc.message) if isinstance(exc, BadFile) else str(exc.strerror or exc)
        print(tr("The file could not be read or written: {error}", error=message), file=sys.stderr)
        return 2
    print(tr("Wrote {file}.", file=str(args.out)))
    return 0
