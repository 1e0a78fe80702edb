"""Times are shown, printed and exported in the station's time zone, whatever the computer's own zone is.

The computer here is set to New York (TZ, as a PC not set to China time would be); the station is in Liuzhou.
A request received at 02:56 UTC was received at 10:56 in Liuzhou (21:56 the evening before in New York): the
list on screen, the printed notice and the exported sheet all say 10:56; after an admin sets the station's zone
to Berlin they all say 03:56.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.models.core import clock, station
from desktop.models.core.errors import Invalid, Refused
from desktop.models.requests import intake, lifecycle, request_detail, request_export, workdays
from desktop.models.requests.intake import RequestInput
from desktop.printing.notices import build_one_time_notice, notice_from_request
from desktop.views.requests.request_table import RequestTableModel
from tests.support.stations import LUOSIFEN
from tests.support.widgets import shown

RECEIVED = datetime(2026, 11, 23, 2, 56, tzinfo=UTC)


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process's own zone is New York for the test."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert datetime(2026, 11, 23, 2, 56, tzinfo=UTC).astimezone().hour == 21
    yield
    monkeypatch.undo()
    time.tzset()
    clock.use_time_zone(clock.DEFAULT_TIME_ZONE)


def _request(ctx: AppContext) -> int:
    client = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    rid = intake.create_request(ctx.db, ctx.user_id, RequestInput(client, "window", (1,), "咨询电子秤检定周期"),
                                now=RECEIVED).ids[0]
    lifecycle.register(ctx.db, ctx.user_id, rid, "请携带计量器具清单", now=RECEIVED)
    return rid


def _screen(qtbot, ctx: AppContext) -> str:  # type: ignore[no-untyped-def]
    model = shown(qtbot, RequestTableModel(ctx.db, ctx.tasks))
    return str(model.data(model.index(0, RequestTableModel.COLUMNS.index("received"))))


def _printed(ctx: AppContext, rid: int, path: Path) -> str:
    data = notice_from_request(request_detail.get_request(ctx.db, rid), station.get_station(ctx.db),
                               workdays.category_limits(ctx.db))
    build_one_time_notice(data, path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)


def _exported(ctx: AppContext, rid: int, path: Path) -> str:
    request_export.export_requests(ctx.db, path, [rid], clock.local_today())
    book = openpyxl.load_workbook(path, read_only=True)
    header, row = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    cell = row[header.index("受理时间")]
    assert isinstance(cell, datetime)  # a real date cell, in the station's wall-clock time
    return cell.strftime("%Y-%m-%d %H:%M")


def test_screen_print_and_export_show_the_station_time(qtbot, ctx: AppContext, new_york: None,
                                                       tmp_path: Path) -> None:
    rid = _request(ctx)
    assert station.get_station(ctx.db).time_zone == "Asia/Shanghai"  # the default
    assert _screen(qtbot, ctx) == "2026-11-23 10:56"
    assert "受理时间2026年11月23日10:56" in _printed(ctx, rid, tmp_path / "notice.pdf")
    assert _exported(ctx, rid, tmp_path / "requests.xlsx") == "2026-11-23 10:56"

    station.set_time_zone(ctx.db, ctx.user_id, "Europe/Berlin")  # an admin moves the station's clock
    assert station.get_station(ctx.db).time_zone == "Europe/Berlin"
    assert _screen(qtbot, ctx) == "2026-11-23 03:56"
    assert "受理时间2026年11月23日03:56" in _printed(ctx, rid, tmp_path / "notice2.pdf")
    assert _exported(ctx, rid, tmp_path / "requests2.xlsx") == "2026-11-23 03:56"


def test_a_bad_zone_is_refused_by_the_service_and_the_database(ctx: AppContext, new_york: None) -> None:
    # localtime, posixrules, Factory: files of the zone database that are not zones ("localtime" is the
    # computer's own zone, exactly what the station's zone is not)
    for bad in ("Asia/Liuzhou", "", "Beijing", "../../etc/passwd", "x" * 80, "localtime", "posixrules", "Factory"):
        with pytest.raises(Invalid) as info:
            station.set_time_zone(ctx.db, ctx.user_id, bad)
        assert set(info.value.errors) == {"time_zone"}
    assert station.get_station(ctx.db).time_zone == "Asia/Shanghai"
    clerk = _clerk(ctx)
    with pytest.raises(Refused):
        station.set_time_zone(ctx.db, clerk, "Europe/Berlin")
    conn = sqlite3.connect(ctx.db.path)
    try:
        for bad in ("Asia/Shanghai; DROP", "", "x" * 65):
            with pytest.raises(sqlite3.IntegrityError, match="ck_station_time_zone"):
                conn.execute("UPDATE station SET time_zone = ?", (bad,))
    finally:
        conn.close()


def _clerk(ctx: AppContext) -> int:
    from desktop.models.accounts import staff

    return staff.create_staff(ctx.db, ctx.user_id, "clerk1", "窗口甲", "clerk", "clerk-pass-1").ids[0]


def test_an_admin_changes_the_zone_in_settings(qtbot, zh_app, ctx: AppContext, new_york: None) -> None:
    from desktop.views.shell.settings_page import SettingsPage

    rid = _request(ctx)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert page.time_zone.text() == "Asia/Shanghai"
    page.time_zone.clear()
    qtbot.keyClicks(page.time_zone, "Asia/Liuzhou")  # no such zone: said at the field, in Chinese
    page.save_time_zone()
    qtbot.waitUntil(lambda: "时区" in page.zone_form.errors["time_zone"].text(), timeout=10_000)
    assert station.get_station(ctx.db).time_zone == "Asia/Shanghai"
    page.time_zone.clear()
    qtbot.keyClicks(page.time_zone, "shang")  # zone names are offered as one types, any part, any case
    completer = page.time_zone.completer()
    assert completer.completionCount() == 1 and completer.currentCompletion() == "Asia/Shanghai"
    page.time_zone.clear()
    qtbot.keyClicks(page.time_zone, "Asia/Tokyo")
    page.save_time_zone()
    qtbot.waitUntil(lambda: ctx.station is not None and ctx.station.time_zone == "Asia/Tokyo", timeout=10_000)
    assert not page.zone_form.errors["time_zone"].isVisible()
    assert _screen(qtbot, ctx) == "2026-11-23 11:56"
    assert request_detail.get_request(ctx.db, rid).received_at == RECEIVED  # stored times do not move


def test_a_clerk_sees_the_zone_but_cannot_change_it(qtbot, ctx: AppContext) -> None:
    from desktop.models.accounts import staff
    from desktop.views.shell.settings_page import SettingsPage

    ctx.set_user(staff.get_staff(ctx.db, _clerk(ctx)))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert not hasattr(page, "time_zone")
    assert "Asia/Shanghai" in [w.text() for w in page.findChildren(type(page.language_note))]


def test_the_zone_is_the_stations_when_its_file_is_opened(ctx: AppContext, new_york: None) -> None:
    from desktop.models.core.db import Database

    station.set_time_zone(ctx.db, ctx.user_id, "Europe/Berlin")
    clock.use_time_zone(clock.DEFAULT_TIME_ZONE)  # as a new process starts
    again = Database(ctx.db.path)
    try:
        assert clock.station_zone().key == "Europe/Berlin"
        assert clock.format_time(RECEIVED) == "2026-11-23 03:56"
    finally:
        again.close()
