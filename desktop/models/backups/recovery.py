"""When the station's database is damaged and will not open: find its latest good backup and put it in place,
keeping the damaged folder aside (never deleted). The backup folder is written down beside the database too
(``backup-location.txt``), since the setting inside a damaged database cannot be read. No Qt here.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop.models.backups import store
from desktop.models.backups.restore import latest_good, restore

LOCATION_FILE = "backup-location.txt"
DAMAGE = ("file is not a database", "database disk image is malformed", "malformed", "file is encrypted")


@dataclass(frozen=True)
class Candidate:
    generation: Path
    made_at: datetime


def remember_location(data_dir: Path, folder: str) -> None:
    """Write down where the backups go, beside the database (best effort: a read-only folder keeps none)."""
    try:
        target = data_dir / LOCATION_FILE
        part = target.with_suffix(".part")
        part.write_text(folder + "\n", encoding="utf-8")
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


def latest_backup(data_dir: Path) -> Candidate | None:
    """The newest backup of this station that verifies, from the folder written down beside it; None if there is
    none (or no folder was written down)."""
    try:
        folder = Path((data_dir / LOCATION_FILE).read_text(encoding="utf-8").strip())
    except OSError:
        return None
    best: Candidate | None = None
    for root in folder.iterdir() if folder.is_dir() else ():
        if not root.is_dir():
            continue
        generation = latest_good(root)
        if generation is not None:
            made = datetime.fromisoformat(store.read_manifest(generation)["made_at"])
            if best is None or made > best.made_at:
                best = Candidate(generation, made)
    return best


def recover(data_dir: Path, candidate: Candidate) -> Path:
    """Put ``candidate`` in place of the station in ``data_dir``; the damaged folder is renamed beside it, and
    where it went is returned."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    aside = data_dir.with_name(f"{data_dir.name}.damaged-{stamp}")
    os.replace(data_dir, aside)
    try:
        restore(candidate.generation, data_dir)
    except BaseException:
        if data_dir.exists() and not any(data_dir.iterdir()):
            data_dir.rmdir()
        if not data_dir.exists():
            os.replace(aside, data_dir)  # as it was: nothing lost
        raise
    location = aside / LOCATION_FILE
    if location.is_file():
        remember_location(data_dir, location.read_text(encoding="utf-8").strip())
    return aside
