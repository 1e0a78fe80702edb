"""The station's backups as a service: the admin's setting (where, how many), a backup made and recorded, the
list of those made, and how the last one stands (for the status bar). The work itself is ``store.py``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select

from desktop.models.accounts.staff import require_role
from desktop.models.backups import recovery, store
from desktop.models.backups.tables import DEFAULT_KEEP, MAX_KEEP, BackupRun, BackupSetting
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database, current_revision
from desktop.models.core.errors import Invalid, Msg, Refused
from desktop.models.core.station import get_station
from desktop.models.core.tables import Role
from desktop.models.core.validators import check_length

DUE_EVERY = timedelta(days=1)  # a backup at least daily (§7.6; issue 15)
RETRY_AFTER = timedelta(hours=1)  # a failed backup is tried again after this long
RECORDED = Changes(BackupRun, "created", ())  # a backup run recorded, made or failed


class BackupState(StrEnum):
    UNSET = "unset"  # no folder chosen
    NEVER = "never"
    OK = "ok"
    OVERDUE = "overdue"  # the last good one is over a day old
    FAILED = "failed"  # the last one failed


@dataclass(frozen=True)
class Made:
    """A backup made and recorded (what the views announce: ``changes``)."""

    folder: str
    size: int
    files: int

    @property
    def changes(self) -> Changes:
        return RECORDED


@dataclass(frozen=True)
class Setting:
    folder: str
    keep: int


def setting(db: Database) -> Setting:
    with db.read() as s:
        row = s.get(BackupSetting, 1)
        return Setting(row.folder, row.keep) if row else Setting("", DEFAULT_KEEP)


def set_setting(db: Database, actor_id: int, folder: str, keep: int) -> Changes:
    folder = folder.strip()
    errors: dict[str, str] = {}
    bad = check_length(folder, 1000)
    if bad:
        errors["folder"] = bad
    elif folder and not Path(folder).is_absolute():
        errors["folder"] = Msg("Give the whole path of a folder, for example E:\\备份 or /media/usb/备份.")
    if not 1 <= keep <= MAX_KEEP:
        errors["keep"] = Msg("Keep between 1 and {n} backups.", n=MAX_KEEP)
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        row = s.get(BackupSetting, 1) or BackupSetting(id=1)
        row.folder, row.keep = folder, keep
        s.add(row)
    # also beside the database: a damaged database's setting cannot be read, and its backups must be found
    info = get_station(db)
    if info is not None and folder:
        recovery.remember_location(db.path.parent, folder, info.code)
    return Changes(BackupSetting, "updated", (1,))


def run_backup(db: Database, data_dir: Path, folder: Path | None = None, keep: int | None = None,
               progress: store.Progress | None = None) -> store.Generation:
    """Make a backup to ``folder`` (default: the setting's) and record it, made or failed; raises ``Refused``
    (``store.BackupFailed`` when it did not verify) after recording the failure."""
    chosen = setting(db)
    target = folder or (Path(chosen.folder) if chosen.folder else None)
    if target is None:
        raise Refused(Msg("Choose a folder for the backups first (on the Backups page)."))
    info = get_station(db)
    if info is None:
        raise Refused(Msg("The station has not been set up."))
    started = datetime.now(UTC)
    try:
        made = store.make_backup(db.path, data_dir, target, info.code, keep or chosen.keep,
                                 current_revision(db.engine) or "", progress)
    except store.BackupBusy:
        raise  # another backup is writing there: not this one's failure, nothing recorded
    except Exception as exc:  # recorded whatever it was (a full disk, a pulled drive), said as a refusal
        if isinstance(exc, Refused):
            message = exc.message
        elif isinstance(exc, OSError):
            message = Msg("The folder could not be written: {error}.", error=str(exc.strerror or exc))
        else:
            message = Msg("The backup failed: {error}.", error=str(exc)[:300] or type(exc).__name__)
        _record(db, started, target, None, message)
        refused = exc if isinstance(exc, Refused) else Refused(message)
        refused.changes = RECORDED  # type: ignore[attr-defined]  # the failure, recorded
        raise refused from None
    _record(db, started, target, made, "")
    recovery.remember_location(data_dir, str(target), info.code)
    return made


def _record(db: Database, started: datetime, folder: Path, made: store.Generation | None, message: str) -> None:
    with db.begin(None) as s:
        s.add(BackupRun(started_at=started, finished_at=datetime.now(UTC), folder=str(folder)[:1000],
                        generation=made.path.name if made else "", size=made.size if made else 0,
                        files=made.files if made else 0, ok=made is not None, message=message[:2000]))


def runs(db: Database, limit: int = 50) -> list[BackupRun]:
    """The latest backups, newest first (detached rows)."""
    with db.read() as s:
        found = list(s.scalars(select(BackupRun).order_by(BackupRun.finished_at.desc(), BackupRun.id.desc())
                               .limit(limit)))
        s.expunge_all()
        return found


def state(db: Database, now: datetime | None = None) -> tuple[BackupState, BackupRun | None]:
    """How the backups stand, and the last one. A failure over ``RETRY_AFTER`` old is due again (overdue)."""
    if not setting(db).folder:
        return BackupState.UNSET, None
    last = runs(db, 1)
    if not last:
        return BackupState.NEVER, None
    if not last[0].ok:
        failed_long_ago = (now or datetime.now(UTC)) - last[0].finished_at > RETRY_AFTER
        return BackupState.OVERDUE if failed_long_ago else BackupState.FAILED, last[0]
    if (now or datetime.now(UTC)) - last[0].finished_at > DUE_EVERY:
        return BackupState.OVERDUE, last[0]
    return BackupState.OK, last[0]
