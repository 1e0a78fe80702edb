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
    from desktop.models.backups.restore import generation_of, restore

    done = restore(generation_of(backup), data_dir)
    return done.made_at, done.files


def check_job(handle: Handle, data_dir: Path) -> list[str]:
    from desktop.models.backups.check import check_station

    return check_station(data_dir, handle.progress)
