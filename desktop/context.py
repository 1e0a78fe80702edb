"""AppContext: what every page needs, passed explicitly (no module-level globals)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from desktop.messages import DEFAULT_LANGUAGE, LANGUAGES
from desktop.models.accounts.staff import StaffInfo
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.station import StationInfo, get_station
from desktop.paths import database_path
from desktop.tasks import TaskRunner


class AppContext(QObject):
    """The open station: database, settings, background runner, the logged-in user, change signal."""

    data_changed = Signal(object)  # Changes
    user_changed = Signal(object)  # StaffInfo | None

    def __init__(self, data_dir: Path, settings: QSettings | None = None) -> None:
        super().__init__()
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(database_path(data_dir))
        # per-user UI state (language, geometry, column widths) in an INI file beside the data, so tests
        # and demos never touch a real profile
        self.settings = settings or QSettings(str(data_dir / "ui-settings.ini"), QSettings.Format.IniFormat)
        self.tasks = TaskRunner(self)
        self.user: StaffInfo | None = None
        self.station: StationInfo | None = get_station(self.db)

    @property
    def language(self) -> str:
        value = str(self.settings.value("ui/language", DEFAULT_LANGUAGE))
        return value if value in LANGUAGES else DEFAULT_LANGUAGE

    def set_language(self, language: str) -> None:
        self.settings.setValue("ui/language", language)
        self.settings.sync()

    def refresh_station(self) -> None:
        self.station = get_station(self.db)

    def set_user(self, user: StaffInfo | None) -> None:
        self.user = user
        self.user_changed.emit(user)

    @property
    def user_id(self) -> int:
        if self.user is None:
            raise RuntimeError("nobody is logged in")
        return self.user.id

    def announce(self, changes: Changes) -> None:
        """Called with what a service changed; open pages decide whether to refresh."""
        self.data_changed.emit(changes)

    def close(self) -> None:
        self.tasks.wait()
        self.db.close()
