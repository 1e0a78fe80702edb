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
    from desktop.models.backups import store
    from desktop.models.backups.restore import BackupDamaged, latest_good, restore
    from desktop.models.core.errors import Refused

    tr = Translator(args.lang)
    if args.data_dir is None:
        print(tr("Say where to restore to: --data-dir, a new folder."), file=sys.stderr)
        return 2
    generation: Path | None = args.backup
    if generation is not None and not (generation / store.MANIFEST).exists():
        if not store.generations(generation):
            print(tr("There is no backup in {folder}.", folder=str(args.backup)), file=sys.stderr)
            return 2
        generation = latest_good(generation)
        if generation is None:
            print(tr("No backup in {folder} verifies: every one is damaged or incomplete.",
                     folder=str(args.backup)), file=sys.stderr)
            return 1
    assert generation is not None
    try:
        done = restore(generation, Path(args.data_dir).expanduser())
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
