"""The backups' slow work as jobs for a worker process (``desktop.processes``): hashing and copying hold the
interpreter lock in stretches, so the window's process only starts them. Qt-free."""

from __future__ import annotations

from pathlib import Path

from desktop.models.backups import backups
from desktop.models.backups.backups import Made
from desktop.processes import Handle


def backup_job(handle: Handle, db_path: Path, data_dir: Path) -> Made:
    """A backup to the setting's folder, recorded."""
    from desktop.models.core.db import opened_in_worker

    with opened_in_worker(db_path) as db:
        made = backups.run_backup(db, data_dir, progress=handle.progress)
    return Made(str(made.path), made.size, made.files)


def restore_job(_handle: Handle, backup: Path, data_dir: Path) -> tuple[str, int]:
    """``restore`` of a generation (or of a station's backup folder: its newest good one); (when it was made,
    files)."""
    from desktop.models.backups import store
    from desktop.models.backups.restore import BackupDamaged, latest_good, restore
    from desktop.models.core.errors import Msg

    generation = backup if (backup / store.MANIFEST).exists() else latest_good(backup)
    if generation is None:
        raise BackupDamaged(Msg("No backup in {folder} verifies: every one is damaged or incomplete.",
                                folder=str(backup)), [])
    done = restore(generation, data_dir)
    return done.made_at, done.files


def check_job(handle: Handle, data_dir: Path) -> list[str]:
    from desktop.models.backups.check import check_station

    return check_station(data_dir, handle.progress)
