"""What the sync area adds to the main window (declared in ``desktop.models.city_sync.area``): the status-bar
indicator, which also syncs by itself when the hub becomes reachable, and the end-of-day sync of the File menu.

The station's ``SyncController`` is one per open station (``SyncController.of(ctx)``), shared by the indicator,
the menu and the Sync page; it probes while the window is open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.views.city_sync.sync_status import SyncController, SyncStatus

if TYPE_CHECKING:
    from desktop.views.shell.main_window import MainWindow


def install(window: MainWindow) -> None:
    controller = SyncController.of(window.ctx)
    status = SyncStatus(window.ctx, controller)
    status.clicked.connect(lambda: window.show_page("sync"))
    window.statusBar().addPermanentWidget(status)
    status.action = window.menu_actions.get("sync")  # enabled while no sync runs
    window.closing.connect(controller.stop)  # no more probes; an automatic sync stops between batches
    controller.start()


def end_of_day_sync(window: MainWindow) -> None:
    page = window.show_page("sync")
    page.start_sync()  # type: ignore[attr-defined]
