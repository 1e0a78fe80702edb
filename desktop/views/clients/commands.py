"""``quality-station clients import|export``: the client registry on the command line (.xlsx or .csv)."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from desktop.cli import actor_id, station_database
from desktop.messages import Translator
from desktop.models.clients import clients_io
from desktop.models.core.db import Database
from desktop.models.core.spreadsheets import BadFile


def configure(parser: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True)
    imp = actions.add_parser("import", parents=[common], help="import clients from .xlsx or .csv")
    imp.add_argument("file", type=Path)
    imp.add_argument("--user", help="the staff member recorded as registering them (default: first admin)")
    exp = actions.add_parser("export", parents=[common], help="export all clients to .xlsx or .csv")
    exp.add_argument("file", type=Path)


def _file_problem(tr: Translator, exc: BadFile | OSError) -> int:
    if isinstance(exc, BadFile):
        print(tr(exc.message), file=sys.stderr)
    else:
        print(tr("The file could not be read or written: {error}", error=exc.strerror or exc), file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    tr = Translator(args.lang)
    with station_database(args, tr) as db:
        return 1 if db is None else _run(args, tr, db)


def _run(args: argparse.Namespace, tr: Translator, db: Database) -> int:
    if args.action == "export":
        try:
            n = clients_io.export_clients(db, args.file)
        except (BadFile, OSError) as exc:
            return _file_problem(tr, exc)
        print(tr("Exported {n} clients to {file}.", n=n, file=str(args.file)))
        return 0
    actor = actor_id(db, args.user)
    if actor is None:
        print(tr("No active account {user}.", user=args.user or "admin"), file=sys.stderr)
        return 2
    try:
        report = clients_io.import_clients(db, actor, args.file)
    except (BadFile, OSError) as exc:
        return _file_problem(tr, exc)
    by_line: dict[int, list[str]] = defaultdict(list)
    for p in report.rejected:
        by_line[p.line].append(f"{tr.field(p.field)}: {tr(p.message)}" if p.field else tr(p.message))
    for line in sorted(by_line):
        print(tr("Line {line}: {reasons}", line=line, reasons="; ".join(by_line[line])), file=sys.stderr)
    print(tr("Added {added}, already registered {skipped}, rejected {rejected}.", added=report.added,
             skipped=report.skipped, rejected=report.rejected_lines))
    return 1 if report.rejected else 0
