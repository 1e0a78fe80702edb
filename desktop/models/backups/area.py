"""The backups area (§7.6, issue 15): backups to a folder the admin chooses, restore into a new folder, and the
check of a station's folder; from the command line (scheduled tasks, IT staff)."""

from __future__ import annotations

from desktop.models.core.area import ADMINS, Area, Command, Page
from desktop.models.core.labels import Label

AREA = Area(
    name="backups",
    pages=(Page("backups", Label("Backups", "备份与恢复"), "desktop.views.backups.backups_page:BackupsPage",
                order=990, roles=ADMINS),),
    install="desktop.views.backups.backup_status:install",
    commands=(
        Command("backup", "back the station up to a folder (by default the one chosen on the Backups page) and verify "
                "it: exit code 0 made, 1 failed, 2 cannot start", "desktop.views.backups.backup_command"),
        Command("restore", "restore a backup (a generation's folder, or a station's backup folder for its newest "
                "good one) into a new, empty --data-dir: exit code 0 restored, 1 damaged or incomplete, 2 cannot "
                "start", "desktop.views.backups.restore_command"),
        Command("check", "check a station's database, its protections and its files: exit code 0 nothing "
                "found, 1 problems (listed), 2 no station", "desktop.views.backups.check_command"),
    ),
)
