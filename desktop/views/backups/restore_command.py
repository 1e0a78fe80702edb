"""``quality-station restore BACKUP --data-dir NEW``: a backup restored into a new, empty folder, verified first.
BACKUP is a generation's folder, or a station's backup folder (its newest generation that verifies). Exit codes:
0 restored, 1 the backup is damaged or incomplete, 2 cannot start (no such backup, the folder is not empty)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.messages import Translator


def configure(parser: argparse.ArgumentParser, _common: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", type=Path, metavar="BACKUP", help="a backup's folder")


def run(args: argparse.Namespace) -> int:
    from desktop.models.backups.restore import BackupDamaged, generation_of, restore
    from desktop.models.core.errors import NotFound, Refused

    tr = Translator(args.lang)
    if args.data_dir is None:
        print(tr("Say where to restore to: --data-dir, a new folder."), file=sys.stderr)
        return 2
    try:
        done = restore(generation_of(args.backup), Path(args.data_dir).expanduser())
    except NotFound as exc:
        print(tr(exc.message), file=sys.stderr)
        return 2
    except BackupDamaged as exc:
        print(tr(exc.message), file=sys.stderr)
        for problem in exc.problems:
            print("  " + tr(problem), file=sys.stderr)
        return 1
    except Refused as exc:
        print(tr(exc.message), file=sys.stderr)
        return 2
    print(tr("Restored the backup of {made} into {folder} ({files} files).", made=done.made_at,
             folder=str(done.data_dir), files=done.files))
    return 0
