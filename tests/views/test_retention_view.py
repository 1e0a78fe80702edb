"""保管期限与销毁 driven through its widgets: the rule shown and saved (never below two years: said at the field), a
disposal list prepared of the records past their period, printed (the PDF lists them), confirmed: the records are
gone, the list stays as disposed."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.context import AppContext
from desktop.models.archives import retention
from desktop.models.clients import clients
from desktop.models.requests import request_list
from desktop.views.archives.retention_view import RetentionView
from tests.support.requests import NOW, Station, add_institution, drive
from tests.support.stations import LUOSIFEN

from .test_request_documents import text_of
from .test_visit_dialog import wait_previews


def test_prepare_print_and_confirm_a_disposal_list(qtbot, zh_app, ctx: AppContext,  # type: ignore[no-untyped-def]
                                                   widgets: list[QWidget]) -> None:
    client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    st = Station(ctx.db, {"admin": ctx.user_id}, client_id, add_institution(ctx.db, ctx.user_id), ctx.db.path)
    old = drive(st, "archived", now=NOW - timedelta(days=3 * 365))
    kept = drive(st, "archived")
    view = RetentionView(ctx)
    widgets.append(view)
    view.show()
    qtbot.waitUntil(lambda: view.years["request"].value() == 2, timeout=10_000)
    view.years["request"].setValue(2)
    with mock.patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes):
        qtbot.mouseClick(view.prepare_buttons["request"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.table.topLevelItemCount() == 1, timeout=10_000)
    item = view.table.topLevelItem(0)
    assert item.text(2) == "已编制，待确认" and item.text(3) == "1"
    view.table.setCurrentItem(item)
    assert view.confirm_button.isEnabled()
    qtbot.mouseClick(view.print_button, Qt.MouseButton.LeftButton)
    preview = wait_previews(qtbot, view)[0]
    qtbot.waitUntil(lambda: preview.page_count() > 0, timeout=30_000)
    text = text_of(preview.pdf_path)
    assert "档案销毁清册" in text and "监销人" in text and LUOSIFEN.name in text
    preview.reject()
    view.dispose(view.selected().id)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: view.last_message is not None and view.last_message.isVisible(), timeout=30_000)
    assert "1" in view.last_message.text()
    view.last_message.close()
    qtbot.waitUntil(lambda: view.table.topLevelItemCount() == 1
                    and view.table.topLevelItem(0).text(2) == "已销毁", timeout=10_000)
    ids = request_list.request_ids(ctx.db, request_list.RequestQuery(statuses=("archived",)), NOW.date())
    assert old not in ids and kept in ids
    assert retention.due(ctx.db, ctx.user_id, "request") == []
