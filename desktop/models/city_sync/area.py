"""The city platform sync area (§4.4, §4.5): its page, the end-of-day sync in the File menu, the status-bar
indicator that syncs by itself when the hub becomes reachable, ``sync`` on the command line."""

from __future__ import annotations

from desktop.models.core.area import Area, Command, MenuAction, Page
from desktop.models.core.labels import Label

AREA = Area(
    name="city_sync",
    pages=(Page("sync", Label("City platform sync", "市级平台同步"), "desktop.views.city_sync.sync_page:SyncPage",
                order=70),),
    menu=(MenuAction("sync", "file", Label("End-of-day &sync", "日终同步(&S)"),
                     "desktop.views.city_sync.in_main_window:end_of_day_sync", shortcut="Ctrl+Shift+Y"),),
    commands=(Command("sync", "push escalations and archive records to the city platform and pull its decisions, "
                      "once (for a scheduled task); exit code 0 when it worked, 1 when it failed, 2 when it cannot "
                      "start (not set up, not enrolled)", "desktop.views.city_sync.commands"),),
    install="desktop.views.city_sync.in_main_window:install",
)
