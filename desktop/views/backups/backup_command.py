"""``quality-station backup [--to FOLDER] [--keep N]``: a verified backup of the station, for a scheduled task.
Exit codes: 0 made, 1 failed (recorded, and shown in the app's status bar), 2 cannot start (not set up, no
folder chosen)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli import station_database
from desktop.messages import Translator
from desktop.models.backups.tables import MAX_KEEP


def _keep(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_KEEP:
        raise argparse.ArgumentTypeError(f"a number from 1 to {MAX_KEEP}: {text!r}")
    return int(text)


def configure(parser: argparse.ArgumentParser, _common: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", type=Path, metavar="FOLDER",
                        help="where (default: the folder chosen on the Backups page)")
    parser.add_argument("--keep", type=_keep, metavar="N", help="generations kept (default: the setting's)")


def run(args: argparse.Namespace) -> int:
    from desktop.models.backups import backups
    from desktop.models.backups.store import BackupFailed
    from desktop.models.core.errors import Refused
    from desktop.paths import resolve_data_dir

    tr = Translator(args.lang)
    with station_database(args, tr) as db:
        if db is None:
            return 2
        if args.to is None and not backups.setting(db).folder:
            print(tr("Choose a folder for the backups first (on the Backups page)."), file=sys.stderr)
            return 2
        try:
            made = backups.run_backup(db, resolve_data_dir(args.data_dir), args.to, args.keep)
        except Refused as exc:
            print(tr(exc.message), file=sys.stderr)
            for problem in getattr(exc, "problems", []) if isinstance(exc, BackupFailed) else []:
                print("  " + tr(problem), file=sys.stderr)
            return 1
    print(tr("Backed up to {folder} ({files} files, {size} MB), verified.", folder=str(made.path),
             files=made.files, size=f"{made.size / 1e6:.1f}"))
    return 0
