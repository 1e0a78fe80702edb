"""How the backups stand, as the status bar says it (see ``core.labels``)."""

from __future__ import annotations

from desktop.models.backups.backups import BackupState
from desktop.models.core.labels import LabelTable

BACKUP_STATE_LABELS = LabelTable(BackupState, {
    BackupState.UNSET: ("Backups: no folder chosen", "备份：尚未选择文件夹"),
    BackupState.NEVER: ("Backups: none made yet", "备份：尚未备份"),
    BackupState.OK: ("Backed up", "已备份"),
    BackupState.OVERDUE: ("The last backup is over a day old", "上次备份已超过一天"),
    BackupState.FAILED: ("The last backup failed", "上次备份失败"),
})
