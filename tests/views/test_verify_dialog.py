"""核验 through the dialog: a genuine archived PDF matches, an edited one is altered, a foreign one is unknown;
the same for a paper copy's QR code (scanned, typed, or its identity lines typed); a dropped PDF is checked; a
later amendment is named; a known record's archived PDF opens in the preview."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot
from reportlab.pdfgen.canvas import Canvas

from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.models.visits import editing, records
from desktop.printing import archive
from desktop.printing.visit_record import qr_payload
from desktop.views.shared.pdf_preview import PdfPreviewDialog
from desktop.views.visits.verify_dialog import VerifyDialog
from tests.support.pdf_edit import replace_shown_text
from tests.support.requests import NOW, Station, add_institution
from tests.support.stations import LUOSIFEN
from tests.support.visits import sign, signed_visit


def station_of(ctx: AppContext) -> Station:
    """The model tests' Station view of a widget-test station: the admin does every role."""
    client_id = clients.create_client(ctx.db, ctx.user_id, LUOSIFEN).ids[0]
    ids = {"admin": ctx.user_id, "field_officer": ctx.user_id}
    return Station(ctx.db, ids, client_id, add_institution(ctx.db, ctx.user_id), ctx.db.path)


@pytest.fixture
def record(ctx: AppContext) -> tuple[int, Path]:
    """A signed record and its archived PDF."""
    vid = signed_visit(station_of(ctx))
    path, _doc = archive.archive_signed_record(ctx.db, ctx.data_dir, vid)
    return vid, path


@pytest.fixture
def dialog(ctx: AppContext, widgets: list[QWidget]) -> VerifyDialog:
    verify = VerifyDialog(ctx)
    widgets.append(verify)
    verify.show()
    return verify


def check_file(qtbot: QtBot, monkeypatch: MonkeyPatch, dialog: VerifyDialog, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), "PDF documents (*.pdf)"))
    dialog.verdict = None
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.verdict is not None)


def check_code(qtbot: QtBot, dialog: VerifyDialog, text: str) -> None:
    dialog.verdict = None
    dialog.code_edit.clear()
    qtbot.keyClicks(dialog.code_edit, text)  # what a USB scanner does: type the code, then Enter
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.verdict is not None)


def test_the_archived_pdf_matches_and_opens(qtbot: QtBot, monkeypatch: MonkeyPatch, ctx: AppContext,
                                            dialog: VerifyDialog, record: tuple[int, Path]) -> None:
    vid, path = record
    d = records.get_visit(ctx.db, vid)
    assert not dialog.open_archived_button.isVisibleTo(dialog)
    check_file(qtbot, monkeypatch, dialog, path)
    assert dialog.verdict is not None and dialog.verdict.outcome == "match"
    assert dialog.headline.text() == "Matches the archive"
    assert dialog.icon_label.pixmap() is not None and not dialog.icon_label.pixmap().isNull()
    assert str(path) in dialog.source_label.text()
    assert dialog.uuid_label.isVisibleTo(dialog) and dialog.hash_label.isVisibleTo(dialog)
    assert (dialog.uuid_label.text(), dialog.number_label.text(), dialog.hash_label.text()) == (
        d.uuid, d.request_number, d.content_hash)
    assert "matches the archived record" in dialog.reasons_label.text()
    assert not dialog.amendments_label.isVisibleTo(dialog)

    assert dialog.open_archived_button.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.open_archived_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.findChildren(PdfPreviewDialog)))
    preview = dialog.findChildren(PdfPreviewDialog)[0]
    # a copy of the archive's own file that says who printed it and when (保密制度), and still verifies
    assert preview.pdf_path != path
    before = path.read_bytes()
    qtbot.waitUntil(lambda: preview.page_count() > 0)
    from desktop.printing.verify import verify_pdf

    shown = subprocess.run(["pdftotext", str(preview.pdf_path), "-"], capture_output=True, text=True).stdout
    assert f"由 {ctx.user.name} 于" in shown  # type: ignore[union-attr]
    assert verify_pdf(ctx.db, ctx.data_dir, preview.pdf_path).outcome == "match"
    preview.close()
    assert path.is_file() and path.read_bytes() == before  # the archive copy is never changed or removed


def test_an_edited_pdf_is_altered(qtbot: QtBot, monkeypatch: MonkeyPatch, dialog: VerifyDialog,
                                  record: tuple[int, Path], tmp_path: Path) -> None:
    _vid, path = record
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(replace_shown_text(path.read_bytes(), b"13907721234", b"13907729999"))
    check_file(qtbot, monkeypatch, dialog, forged)
    assert dialog.verdict is not None and dialog.verdict.outcome == "altered"
    assert dialog.headline.text() == "ALTERED: does not match the archive"
    assert "text differs" in dialog.reasons_label.text() and "13907729999" in dialog.reasons_label.text()
    assert dialog.open_archived_button.isVisibleTo(dialog)  # to compare with the genuine record


def test_a_foreign_pdf_is_unknown(qtbot: QtBot, monkeypatch: MonkeyPatch, dialog: VerifyDialog, tmp_path: Path) -> None:
    foreign = tmp_path / "invoice.pdf"
    canvas = Canvas(str(foreign))
    canvas.drawString(72, 720, "Invoice 2026-118: 3 pressure gauges")
    canvas.save()
    check_file(qtbot, monkeypatch, dialog, foreign)
    assert dialog.verdict is not None and dialog.verdict.outcome == "unknown"
    assert dialog.headline.text() == "Unknown record"
    assert "does not carry the identity" in dialog.reasons_label.text()
    assert not dialog.uuid_label.isVisibleTo(dialog) and not dialog.hash_label.isVisibleTo(dialog)
    assert not dialog.open_archived_button.isVisibleTo(dialog)

    not_a_pdf = tmp_path / "notes.pdf"
    not_a_pdf.write_text("just text", encoding="utf-8")
    check_file(qtbot, monkeypatch, dialog, not_a_pdf)
    assert dialog.verdict is not None and dialog.verdict.outcome == "unknown"
    assert "not a readable PDF" in dialog.reasons_label.text()

    huge = tmp_path / "huge.pdf"  # sparse: long, but nothing written
    with huge.open("wb") as f:
        f.truncate(300 * 1024 * 1024)
    check_file(qtbot, monkeypatch, dialog, huge)
    assert dialog.verdict is not None and dialog.verdict.outcome == "unknown"
    assert "larger than any" in dialog.reasons_label.text() and "300" in dialog.reasons_label.text()


def test_a_dropped_pdf_is_checked(qtbot: QtBot, dialog: VerifyDialog, record: tuple[int, Path]) -> None:
    _vid, path = record
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(dialog, enter)
    assert enter.isAccepted()  # the drag shows that it may be dropped here
    drop = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(dialog, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: dialog.verdict is not None)
    assert dialog.verdict is not None and dialog.verdict.outcome == "match"

    for other in ([QUrl.fromLocalFile(str(path.with_suffix(".docx")))], []):  # not a PDF, or text only
        mime = QMimeData()
        mime.setUrls(other)
        mime.setText("hello")
        refused = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                  Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(dialog, refused)
        assert not refused.isAccepted()


def test_a_paper_copy_by_its_code(qtbot: QtBot, monkeypatch: MonkeyPatch, ctx: AppContext, dialog: VerifyDialog,
                                  record: tuple[int, Path]) -> None:
    vid, _path = record
    d = records.get_visit(ctx.db, vid)
    file_dialogs: list[object] = []  # Enter checks the code: it must not press another button
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: file_dialogs.append(args) or ("", ""))
    check_code(qtbot, dialog, qr_payload(d.uuid, d.content_hash))
    assert dialog.verdict is not None and dialog.verdict.outcome == "match"
    assert dialog.headline.text() == "Matches the archive"
    assert "compare the paper with the archived PDF" in dialog.reasons_label.text()
    assert dialog.uuid_label.text() == d.uuid and dialog.open_archived_button.isVisibleTo(dialog)
    assert dialog.code_edit.selectedText() == dialog.code_edit.text()  # the next scan replaces it

    check_code(qtbot, dialog, "hello-world-1234")
    assert dialog.verdict is not None and dialog.verdict.outcome == "unknown"
    assert dialog.headline.text() == "Unknown record"
    assert "not the code of a Quality Station record" in dialog.reasons_label.text()
    assert not dialog.open_archived_button.isVisibleTo(dialog)

    # the identity and hash lines typed by hand instead of scanning
    assert d.content_hash is not None
    check_code(qtbot, dialog, f"{d.uuid.upper()}  {d.content_hash}")
    assert dialog.verdict is not None and dialog.verdict.outcome == "match"
    assert dialog.uuid_label.isVisibleTo(dialog) and dialog.uuid_label.text() == d.uuid

    # a code whose hash was changed: the record is known, the paper is not what was signed
    check_code(qtbot, dialog, qr_payload(d.uuid, "0" * 64))
    assert dialog.verdict is not None and dialog.verdict.outcome == "altered"
    assert dialog.headline.text() == "ALTERED: does not match the archive"
    assert file_dialogs == [] and dialog.isVisible()


def test_a_later_amendment_is_named_once(qtbot: QtBot, monkeypatch: MonkeyPatch, ctx: AppContext,
                                         dialog: VerifyDialog, record: tuple[int, Path]) -> None:
    vid, path = record
    st = Station(ctx.db, {"admin": ctx.user_id, "field_officer": ctx.user_id}, 0, 0, ctx.db.path)
    amendment = editing.create_amendment(ctx.db, ctx.user_id, vid, "联系电话写错").ids[0]
    detail = records.get_visit(ctx.db, amendment)
    editing.save_visit(ctx.db, ctx.user_id, amendment, replace(detail.input, work_done="更正后的内容"), now=NOW)
    sign(st, amendment)
    amended = records.get_visit(ctx.db, amendment)
    check_file(qtbot, monkeypatch, dialog, path)
    assert dialog.verdict is not None and dialog.verdict.outcome == "match"
    assert dialog.amendments_label.isVisibleTo(dialog)
    assert amended.uuid in dialog.amendments_label.text()
    assert amended.uuid not in dialog.reasons_label.text()  # named once, in its own place
