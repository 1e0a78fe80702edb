"""Restoring a backup generation (``store.py``) into a new data folder: verified whole first (a damaged or
incomplete backup is refused and nothing is written), then the database and every file put in place, each written
under a temporary name and renamed. The restored station opens as it was when the backup was made, its outbox
included: what it had sent by then it does not send again, and what it sent after, the city recognises (sync is
exactly-once by each record's key). No Qt here.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop.models.backups import store
from desktop.models.core.errors import Msg, NotFound, Refused
from desktop.paths import DB_FILE


class BackupDamaged(Refused):
    """The generation did not verify (``problems``: what is wrong); nothing was restored."""

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Restored:
    data_dir: Path
    made_at: str  # when the backup was made (ISO, UTC)
    files: int


def latest_good(root: Path) -> Path | None:
    """The newest generation of a station's backup folder that verifies (deeply), or None."""
    for generation in store.generations(root):
        if not store.verify(generation.path):
            return generation.path
    return None


def generation_of(backup: Path) -> Path:
    """The generation ``backup`` names: itself, or a station's backup folder's newest that verifies. Raises
    ``NotFound`` when there is no backup there, ``BackupDamaged`` when none verifies."""
    if (backup / store.MANIFEST).exists():
        return backup
    if not store.generations(backup):
        raise NotFound(Msg("There is no backup in {folder}.", folder=str(backup)))
    found = latest_good(backup)
    if found is None:
        raise BackupDamaged(Msg("No backup in {folder} verifies: every one is damaged or incomplete.",
                                folder=str(backup)), [])
    return found


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    with source.open("rb") as f, part.open("wb") as out:
        shutil.copyfileobj(f, out, store.CHUNK)
        out.flush()
        os.fsync(out.fileno())
    os.replace(part, target)


def restore(generation: Path, data_dir: Path) -> Restored:
    """Put the station of ``generation`` into ``data_dir`` (new or empty). Raises ``BackupDamaged`` or
    ``Refused`` having written nothing."""
    if data_dir.exists() and any(data_dir.iterdir()):
        raise Refused(Msg("Restore into a new, empty folder: {folder} is not empty (a station restored over "
                          "another would mix their records).", folder=str(data_dir)))
    problems = store.verify(generation)
    if problems:
        raise BackupDamaged(Msg("This backup is damaged or incomplete and cannot be restored; choose an "
                                "earlier one."), problems)
    manifest = store.read_manifest(generation)
    for f in manifest["files"]:
        relative = Path(str(f["path"]))
        if relative.is_absolute() or ".." in relative.parts or relative.parts[0] not in store.FOLDERS:
            raise BackupDamaged(Msg("This backup lists a file outside the station's folders: {file}.",
                                    file=str(f["path"])), [])
    data_dir.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(data_dir, 0o700)  # as the app keeps a station's folder (paths.make_private)
    for f in manifest["files"]:
        _copy(store.stored(generation.parent, str(f["sha256"])), data_dir / str(f["path"]))
    _copy(generation / store.DATABASE, data_dir / DB_FILE)  # last: a folder with a database is a station
    return Restored(data_dir, str(manifest["made_at"]), len(manifest["files"]))
