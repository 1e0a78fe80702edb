"""AppContext: what every page needs, passed explicitly (no module-level globals)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from desktop.models.accounts.staff import StaffInfo
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.station import StationInfo, get_station
from desktop.paths import database_path
from desktop.tasks import Task, TaskHandle, TaskRunner
from desktop.ui_settings import settings_language, ui_settings


def changes_of(result: object) -> tuple[Changes, ...]:
    """The changes a piece of work reports: itself, or its ``changes``."""
    found = result if isinstance(result, Changes) else getattr(result, "changes", ())
    return (found,) if isinstance(found, Changes) else tuple(found)


class AppContext(QObject):
    """The open station: database, settings, background runner, the logged-in user, change signal."""

    data_changed = Signal(object)  # Changes
    user_changed = Signal(object)  # StaffInfo | None

    def __init__(self, data_dir: Path, settings: QSettings | None = None, db: Database | None = None) -> None:
        """``db``: the station's database already opened (``desktop.opening``); opened here otherwise."""
        super().__init__()
        self.data_dir = data_dir
        data_dir.mkdir(parents=True, exist_ok=True)
        self.db = db or Database(database_path(data_dir))
        self.settings = settings or ui_settings(data_dir)
        self.tasks = TaskRunner(self)
        self.user: StaffInfo | None = None
        self.station: StationInfo | None = get_station(self.db)

    @property
    def language(self) -> str:
        return settings_language(self.settings)

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

    def announce(self, *changes: Changes) -> None:
        """Tell the open pages what changed; each decides whether to refresh. Views do not call this themselves:
        ``desktop.views.shared.forms.apply_change`` (and its background twin, and the form-dialog base) and
        ``run_change`` do, so a change made from the UI is always announced."""
        for change in changes:
            self.data_changed.emit(change)

    def run_change(self, work: Callable[[TaskHandle], Any], done: Callable[[Any], object] | None = None,
                   failed: Callable[[BaseException], object] | None = None, **options: Any) -> Task:
        """Background work that changes data (``tasks.run`` with the same ``options``). What it returns is
        announced before ``done`` sees it: a ``Changes``, or an object with ``changes``; so is an exception that
        carries ``changes`` (a sync that failed half-way through). With no ``failed``, an error is reported as
        every unexpected error is."""

        def succeeded(result: Any) -> None:
            self.announce(*changes_of(result))
            if done is not None:
                done(result)

        def went_wrong(exc: BaseException) -> None:
            self.announce(*changes_of(exc))
            if failed is None:
                raise exc
            failed(exc)

        return self.tasks.run(work, succeeded, went_wrong, **options)

    def maker(self) -> tuple[int, str] | None:
        """Who is logged in, as an export job takes it (their id for the access log, their name for the file)."""
        return (self.user.id, self.user.name) if self.user is not None else None

    def close(self) -> None:
        self.tasks.wait()
        self.db.close()
