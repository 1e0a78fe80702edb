"""When the station's database is damaged and will not open: find its latest good backup and put it in place,
keeping the damaged folder aside (never deleted). The backup folder is written down beside the database too
(``backup-location.txt``), since the setting inside a damaged database cannot be read. No Qt here.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop.models.backups import store
from desktop.models.backups.restore import latest_good, restore
from desktop.paths import DB_FILE

LOCATION_FILE = "backup-location.txt"
DAMAGE = ("file is not a database", "database disk image is malformed", "malformed", "file is encrypted")


@dataclass(frozen=True)
class Candidate:
    generation: Path
    made_at: datetime


def remember_location(data_dir: Path, folder: str, station_code: str) -> None:
    """Write down where the backups go and whose they are, beside the database (best effort: a read-only folder
    keeps none)."""
    try:
        target = data_dir / LOCATION_FILE
        part = target.with_suffix(".part")
        part.write_text(f"{folder}\n{station_code}\n", encoding="utf-8")
        os.replace(part, target)
    except OSError:
        pass


def damaged(exc: BaseException) -> bool:
    """Whether ``exc`` (as opening the database raised it, possibly wrapped) says the file is damaged."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.DatabaseError) and any(d in str(seen).lower() for d in DAMAGE):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


def _written_down(data_dir: Path) -> tuple[Path, str] | None:
    try:
        lines = (data_dir / LOCATION_FILE).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    return (Path(lines[0].strip()), lines[1].strip()) if len(lines) >= 2 and lines[0].strip() else None


def latest_backup(data_dir: Path) -> Candidate | None:
    """The newest backup of this station (its own code's, never another station's in the same folder) that
    verifies, from the folder written down beside it; None if there is none."""
    found = _written_down(data_dir)
    if found is None:
        return None
    folder, code = found
    generation = latest_good(store.station_folder(folder, code))
    if generation is None:
        return None
    manifest = store.read_manifest(generation)
    if manifest.get("station") != code:
        return None
    return Candidate(generation, datetime.fromisoformat(manifest["made_at"]))


STATION_PARTS = (DB_FILE, f"{DB_FILE}-wal", f"{DB_FILE}-shm", f"{DB_FILE}-journal", *store.FOLDERS)


def recover(data_dir: Path, candidate: Candidate) -> Path:
    """Put ``candidate`` in place of the station in ``data_dir``. The backup is restored beside it first (nothing
    of the station is touched if that fails); then the damaged database and folders are moved into a folder beside
    it (its logs and settings stay, and nothing is deleted), and the restored ones moved in. Returns where the
    damaged ones went."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    staging = data_dir.with_name(f"{data_dir.name}.restoring-{stamp}")
    aside = data_dir.with_name(f"{data_dir.name}.damaged-{stamp}")
    try:
        restore(candidate.generation, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    aside.mkdir()
    moved: list[str] = []
    try:
        for name in STATION_PARTS:
            if (data_dir / name).exists():
                os.replace(data_dir / name, aside / name)
                moved.append(name)
        for name in STATION_PARTS:
            if (staging / name).exists():
                os.replace(staging / name, data_dir / name)
    except BaseException:
        for name in STATION_PARTS:  # as it was: the damaged station back in place, the copy removed
            if name in moved:
                if (data_dir / name).exists():
                    shutil.rmtree(data_dir / name) if (data_dir / name).is_dir() else (data_dir / name).unlink()
                os.replace(aside / name, data_dir / name)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    written = _written_down(aside) or _written_down(data_dir)
    if written is not None:
        remember_location(data_dir, str(written[0]), written[1])
    return aside
