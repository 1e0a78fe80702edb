"""档案管理 driven through its widgets: the archived request is listed (and found by its client's credit code), its
file opens with its contents list, prints as one PDF (in a worker process) that says who printed it, exports as a
bundle that verifies; the admin's access log shows the reading, the printing and the export."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.printing.archive_bundle import verify_bundle
from desktop.views.archives.archive_file_window import ArchiveFileWindow
from desktop.views.archives.archives_page import ArchivesPage
from tests.support.requests import Station, add_institution, drive
from tests.support.stations import LUOSIFEN
from tests.support.widgets import rows_in, shown

from .test_request_documents import text_of
from .test_visit_dialog import wait_previews


def _archived(ctx: AppContext) -> int:
    client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    st = Station(ctx.db, {"admin": ctx.user_id}, client_id, add_institution(ctx.db, ctx.user_id), ctx.db.path)
    drive(st, "registered")  # not archived: not listed
    return drive(st, "archived")


def test_find_open_print_and_export_an_archived_request(qtbot, zh_app, ctx: AppContext, widgets: list[QWidget],
                                                        tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rid = _archived(ctx)
    page = ArchivesPage(ctx)
    widgets.append(page)
    page.show()
    listing = page.requests
    assert rows_in(qtbot, shown(qtbot, listing.model)).rowCount() == 1
    assert listing.model.id_at(0) == rid
    listing.search.setText(LUOSIFEN.uscc or "")
    listing.apply_filters()
    assert shown(qtbot, listing.model).rowCount() == 1
    listing.search.setText("91450200MA5KXXXX0X")  # a credit code no client has
    listing.apply_filters()
    assert shown(qtbot, listing.model).rowCount() == 0
    listing.search.clear()
    listing.apply_filters()
    rows_in(qtbot, shown(qtbot, listing.model))

    listing.table.selectRow(0)
    qtbot.mouseClick(listing.open_button, Qt.MouseButton.LeftButton)
    window = page.windows[("request", rid)]
    assert isinstance(window, ArchiveFileWindow)
    qtbot.waitUntil(lambda: window.contents.topLevelItemCount() > 0, timeout=10_000)
    titles = [window.contents.topLevelItem(i).text(2) for i in range(window.contents.topLevelItemCount())]
    assert titles[:2] == ["服务需求办理记录", "一次性告知书"]
    assert window.timeline.topLevelItemCount() > 5

    qtbot.mouseClick(window.print_button, Qt.MouseButton.LeftButton)
    preview = wait_previews(qtbot, window)[0]
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=60_000)
    text = text_of(preview.pdf_path)
    assert "案卷封面" in text and "卷内目录" in text and f"由{ctx.user.name}于" in text
    preview.reject()

    target = tmp_path / "bundle.zip"
    with mock.patch.object(QFileDialog, "getSaveFileName", return_value=(str(target), "")):
        qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_message is not None and page.last_message.isVisible(), timeout=60_000)
    assert str(target) in page.last_message.text()
    page.last_message.close()
    assert verify_bundle(ctx.db, target, ctx.user_id).outcome == "match"
    window.close()

    log = page.access_log
    assert log is not None
    page.tabs.setCurrentWidget(log)
    table = log.table  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: table.topLevelItemCount() == 3, timeout=10_000)
    actions = sorted(table.topLevelItem(i).text(2) for i in range(3))
    assert actions == sorted(["查阅", "打印", "导出"])
