"""The Documents menu of the main window: the 服务信息公示 and the blank 现场服务记录表 are made in the background
and previewed (their temporary file goes with the preview), a font that cannot be embedded is named in the
preview, a failure is a message and not a traceback; 核验 and export open once each."""

from __future__ import annotations

import errno
import os
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.printing import public_notice, visit_record
from desktop.printing.fonts import NOT_EMBEDDED_WARNING
from desktop.views.shared import documents
from desktop.views.shared.pdf_preview import PdfPreviewDialog
from desktop.views.shell.main_window import MainWindow
from desktop.views.visits.export_dialog import ExportDialog
from desktop.views.visits.verify_dialog import VerifyDialog

STATION_NAME = "鱼峰区质量服务站"  # tests/views/helpers.set_up_station


@pytest.fixture
def window(ctx: AppContext, widgets: list[QWidget]) -> MainWindow:
    main = MainWindow(ctx)
    widgets.append(main)
    main.show()
    return main


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def wait_preview(qtbot: QtBot, window: MainWindow) -> PdfPreviewDialog:
    qtbot.waitUntil(lambda: any(isValid(d) for d in window.findChildren(PdfPreviewDialog)), timeout=30_000)
    preview = next(d for d in window.findChildren(PdfPreviewDialog) if isValid(d))
    qtbot.waitUntil(lambda: preview.page_count() > 0)
    return preview


def test_the_menu_offers_the_documents(window: MainWindow) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Documents")
    assert menu is not None
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "&Public service information…", "&Blank on-site service record form…", "&Verify a printed record…",
        "&Export signed records…"]
    assert window.menu_actions["verify"].shortcut().toString() == "Ctrl+Shift+V"
    assert window.menu_actions["export"].shortcut().toString() == "Ctrl+Shift+E"


def test_the_public_notice_is_previewed(qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    window.menu_actions["public_notice"].trigger()
    preview = wait_preview(qtbot, window)
    path = preview.pdf_path
    assert path.parent == ctx.data_dir / "tmp"
    text = pdf_text(path)
    assert "服务信息公示" in text and STATION_NAME in text
    assert "5.1.1" in text and "计量法律法规政策咨询" in text  # the catalogue, item by item
    assert "服务时限" in text
    assert preview.suggested_name.startswith("Public service information ")
    assert not preview.notice_banner.isVisibleTo(preview)  # the font is embedded: nothing to warn about
    preview.close()
    assert not path.exists()  # a temporary document goes with its preview


def test_the_blank_form_is_previewed(qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    window.menu_actions["blank_form"].trigger()
    preview = wait_preview(qtbot, window)
    text = pdf_text(preview.pdf_path)
    assert "现场服务记录表" in text and STATION_NAME in text
    assert "服务对象" in text and "签字：" in text  # the fields to fill in by hand, the lines to sign on
    assert "记录标识" not in text and "需求编号" not in text  # no record's identity on a blank form
    preview.close()


def test_a_font_that_is_not_embedded_is_named(qtbot: QtBot, monkeypatch: MonkeyPatch, window: MainWindow) -> None:
    real = visit_record.build_visit_record

    def without_embedding(*args: Any, **kwargs: Any) -> Any:
        return replace(real(*args, **kwargs), embedded=False, warning=NOT_EMBEDDED_WARNING)

    monkeypatch.setattr(visit_record, "build_visit_record", without_embedding)
    window.menu_actions["blank_form"].trigger()
    preview = wait_preview(qtbot, window)
    assert preview.notice_banner.isVisibleTo(preview)
    assert preview.notice_label.text() == tr_message(NOT_EMBEDDED_WARNING)
    preview.close()


def test_a_failure_is_a_message(qtbot: QtBot, monkeypatch: MonkeyPatch, ctx: AppContext,
                                window: MainWindow) -> None:
    def disk_full(_data: object, target: Path) -> None:
        target.write_bytes(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(public_notice, "build_public_notice", disk_full)
    shown: list[str] = []
    monkeypatch.setattr(documents.QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.menu_actions["public_notice"].trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [f"The document could not be made: {os.strerror(errno.ENOSPC)}"]
    assert not window.findChildren(PdfPreviewDialog)
    assert list((ctx.data_dir / "tmp").glob("*.pdf")) == []  # no half document left behind


def test_leftovers_of_an_earlier_run_are_removed(qtbot: QtBot, ctx: AppContext, window: MainWindow) -> None:
    folder = ctx.data_dir / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    old, recent = folder / "document-crashed.pdf", folder / "document-open-elsewhere.pdf"
    for path in (old, recent):
        path.write_bytes(b"%PDF-1.4")
    an_hour_and_more = time.time() - documents.STALE_SECONDS - 60
    os.utime(old, (an_hour_and_more, an_hour_and_more))
    window.menu_actions["blank_form"].trigger()
    preview = wait_preview(qtbot, window)
    assert not old.exists() and recent.exists()
    preview.close()


def test_verify_and_export_open_once(qtbot: QtBot, window: MainWindow) -> None:
    first = window.menu_actions["verify"]
    first.trigger()
    first.trigger()
    verify = [d for d in window.findChildren(VerifyDialog) if d.isVisible()]
    assert len(verify) == 1
    window.menu_actions["export"].trigger()
    window.menu_actions["export"].trigger()
    export = [d for d in window.findChildren(ExportDialog) if d.isVisible()]
    assert len(export) == 1
    qtbot.waitUntil(lambda: export[0].count == 0)  # nothing signed yet: nothing to export
    assert not export[0].export_button.isEnabled()


def test_a_visit_without_a_request_starts_with_the_intake_form(qtbot: QtBot, ctx: AppContext,
                                                                window: MainWindow) -> None:
    """企业走访 with nothing registered yet: the intake form comes set to a company visit, and once the request is
    saved it opens with a new visit record to write."""
    from desktop.models.clients import clients
    from desktop.models.requests import intake
    from desktop.models.requests.intake import RequestInput
    from desktop.views.requests.request_detail import RequestDetailDialog
    from desktop.views.requests.request_dialog import RequestDialog
    from desktop.views.visits.visit_dialog import VisitDialog
    from tests.support.stations import LUOSIFEN

    client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    window.menu_actions["new_visit"].trigger()
    form = next(d for d in window.findChildren(RequestDialog) if d.isVisible())
    assert form.channel.currentData() == "visit"
    inp = RequestInput(client_id, "visit", (1,), "上门了解计量需求")
    rid = intake.create_request(ctx.db, ctx.user_id, inp).ids[0]
    form.saved.emit(rid)  # what saving the form announces
    QDialog.done(form, 0)  # closes as saving does, without the "discard changes?" question
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(VisitDialog)))
    detail = next(d for d in window.findChildren(RequestDetailDialog) if d.isVisible())
    record = next(d for d in window.findChildren(VisitDialog) if d.isVisible())
    assert detail.request_id == rid and record.request_id == rid
    QDialog.done(record, 0)
    detail.close()
