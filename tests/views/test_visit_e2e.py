"""On-site service records through the real widgets, from the request's window: written, saved, signed on the
screen by mouse, archived as a PDF, locked, corrected by an amendment; and the paper path (the form printed,
its scan attached); and a draft deleted from the keyboard."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from desktop.context import AppContext
from desktop.models.core.clock import local_today
from desktop.models.visits import editing, records
from desktop.models.visits.labels import VISIT_EVENT_LABELS
from desktop.printing.archive import archive_dir
from desktop.views.requests.request_detail import RequestDetailDialog
from desktop.views.shared.labels import label
from desktop.views.visits.sign_dialog import SignDialog
from desktop.views.visits.signature_pad import SignaturePad
from desktop.views.visits.visit_dialog import VisitDialog
from desktop.views.visits.visit_labels import short_id, visit_status_label
from desktop.views.visits.visit_widgets import RowsTable
from tests.support.widgets import set_up_station, type_text

from .test_visit_dialog import answer_questions, close_previews, good_input, in_service_request, wait_previews

WORK_DONE = "检查企业计量器具台账，现场查看压力表的检定标识"


def pdf_text(path: Path) -> str:
    """The PDF's text, without the spaces and line breaks a layout puts in."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    else:
        doc = pdfium.PdfDocument(str(path))
        text = "".join(page.get_textpage().get_text_range() for page in doc)
        doc.close()
    return "".join(text.split())


def fill_cell(rows: RowsTable, row: int, column: int, text: str) -> None:
    """Type into one cell as a user does: open its editor, type (Chinese too), Enter."""
    table = rows.table
    table.setCurrentCell(row, column)
    item = table.item(row, column)
    assert item is not None
    table.editItem(item)
    editor = table.indexWidget(table.model().index(row, column))
    assert editor is not None
    type_text(editor, text)
    QTest.keyClick(editor, Qt.Key.Key_Return)


def add_row(qtbot, rows: RowsTable, cells: list[str]) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(rows.add_button, Qt.MouseButton.LeftButton)
    row = rows.table.rowCount() - 1
    for column, text in enumerate(cells):
        fill_cell(rows, row, column, text)


def scribble(pad: SignaturePad, seed: int) -> None:
    """Sign with the mouse: two strokes dragged across the pad."""
    w, h = pad.width(), pad.height()
    for stroke in range(2):
        points = [QPoint(int(w * (0.15 + 0.03 * i + 0.3 * stroke)), int(h * (0.4 + 0.1 * ((i + seed) % 3))))
                  for i in range(10)]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
        for p in points[1:]:
            QTest.mouseMove(pad, p)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def visible(parent: QWidget, kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in parent.findChildren(kind) if w.isVisible()]


def sign_on_screen(qtbot, record: VisitDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(record.sign_button, Qt.MouseButton.LeftButton)
    signing = visible(record, SignDialog)[-1]
    qtbot.waitExposed(signing)
    assert signing.client_name.text() == "覃春梅"  # the first attendee
    assert not signing.sign_button.isEnabled()
    scribble(signing.client_panel.pad, 1)
    assert not signing.sign_button.isEnabled()  # the officer has not signed yet
    scribble(signing.officer_panel.pad, 2)
    assert len(signing.client_panel.pad.strokes()) == 2
    assert signing.sign_button.isEnabled()
    qtbot.mouseClick(signing.sign_button, Qt.MouseButton.LeftButton)


@pytest.fixture
def ctx(tmp_path: Path, qapp, monkeypatch) -> Iterator[AppContext]:  # type: ignore[no-untyped-def]
    context = set_up_station(tmp_path / "station")

    def no_question(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"unexpected question: {args[2] if len(args) > 2 else args}")

    monkeypatch.setattr(QMessageBox, "question", no_question)  # a test answers the questions it expects
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: pytest.fail(f"warning: {text}"))
    yield context
    context.tasks.wait()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    context.close()


@pytest.fixture
def detail(qtbot, ctx: AppContext) -> RequestDetailDialog:  # type: ignore[no-untyped-def]
    window = RequestDetailDialog(ctx, in_service_request(ctx))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_visit_written_signed_archived_and_corrected(qtbot, ctx: AppContext, detail: RequestDetailDialog,
                                                       monkeypatch) -> None:
    panel = detail.visits
    assert panel.new_button.isEnabled() and not panel.sign_button.isEnabled()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    record = visible(detail, VisitDialog)[-1]
    qtbot.waitExposed(record)
    record.place.clear()
    type_text(record.place, "柳州市鱼峰区阳和工业园阳惠路8号")
    type_text(record.officers.picker.lineEdit(), "李华")
    qtbot.keyClick(record.officers.picker.lineEdit(), Qt.Key.Key_Return)
    add_row(qtbot, record.attendees, ["覃春梅", "质量部经理", "13907721234"])
    add_row(qtbot, record.follow_ups, ["协助联系柳州市计量检定测试所送检", "管理员",
                                       (local_today() + timedelta(days=7)).isoformat()])
    type_text(record.work_done, WORK_DONE)
    type_text(record.questions, "问：压力表检定周期？答：一般为半年。")
    record.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is record)  # shortcuts go to the active window
    qtbot.keyClick(record.questions, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Save draft
    assert record.visit_id is not None, [e.text() for f in (record.left, record.right) for e in f.errors.values()] + [
        record.attendees.errors.text(), record.follow_ups.errors.text(), str(record.state())]
    assert record.isVisible()  # saving a draft keeps the record open
    visit_id = record.visit_id
    saved = records.get_visit(ctx.db, visit_id)
    assert saved.status == "draft" and [o.name for o in saved.input.officers] == ["管理员", "李华"]
    assert saved.input.attendees[0].title == "质量部经理"
    assert panel.current() is not None and panel.current().id == visit_id  # listed, and chosen
    assert panel.tree.topLevelItem(0).text(3) == visit_status_label("draft")

    sign_on_screen(qtbot, record)
    qtbot.waitUntil(lambda: records.get_visit(ctx.db, visit_id).status == "signed")
    signed = records.get_visit(ctx.db, visit_id)
    assert signed.content_hash and len(signed.content_hash) == 64
    [preview] = close_previews(qtbot, record)
    archived = archive_dir(ctx.data_dir)
    assert preview.pdf_path.parent == archived and preview.pdf_path.is_file()
    assert preview.pdf_path.name == f"{signed.request_number}_{signed.uuid}.pdf"
    text = pdf_text(preview.pdf_path)
    assert "柳州市龙城螺蛳粉有限公司" in text and WORK_DONE in text and signed.content_hash in text

    # the record is locked: the same window now shows it read only, the request's timeline says it was signed
    assert record.read_only and record.place.isReadOnly() and record.work_done.isReadOnly()
    assert not record.save_button.isVisible() and record.correct_button.isVisible()
    before = record.place.text()
    qtbot.keyClicks(record.place, "x")
    assert record.place.text() == before
    steps = [detail.timeline.topLevelItem(n).text(2) for n in range(detail.timeline.topLevelItemCount())]
    assert f"{label(VISIT_EVENT_LABELS, 'signed')} ({short_id(signed.uuid)})" in steps
    assert panel.tree.topLevelItem(0).text(3) == visit_status_label("signed")

    # a correction: a new draft amendment, the reason asked for, edited and signed again
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("问题答复记录不完整", True))
    qtbot.mouseClick(record.correct_button, Qt.MouseButton.LeftButton)
    amendment = next(d for d in visible(detail, VisitDialog) if d.amendment)
    qtbot.waitExposed(amendment)
    assert amendment.visit_id != visit_id and not amendment.read_only
    assert amendment.reason.toPlainText() == "问题答复记录不完整" and amendment.reason.isVisible()
    assert short_id(signed.uuid) in amendment.banner.text()
    type_text(amendment.questions, "问：送检需要带什么？答：检定申请书和器具。")
    qtbot.mouseClick(amendment.save_button, Qt.MouseButton.LeftButton)
    assert not amendment.is_dirty()
    sign_on_screen(qtbot, amendment)
    qtbot.waitUntil(lambda: records.get_visit(ctx.db, amendment.visit_id).status == "signed")
    close_previews(qtbot, amendment)
    corrected = records.get_visit(ctx.db, amendment.visit_id)
    assert corrected.amends_id == visit_id and "送检需要带什么" in corrected.input.questions
    assert records.get_visit(ctx.db, visit_id).content_hash == signed.content_hash  # the original stays
    original_item = panel.tree.topLevelItem(0)
    assert panel.tree.topLevelItemCount() == 1 and original_item.childCount() == 1  # under its original
    assert original_item.child(0).text(3) == visit_status_label("signed", amendment=True)
    steps = [detail.timeline.topLevelItem(n).text(2) for n in range(detail.timeline.topLevelItemCount())]
    assert f"{label(VISIT_EVENT_LABELS, 'amendment')} ({short_id(corrected.uuid)})" in steps
    assert len(list(archived.glob("*.pdf"))) == 2


def test_the_paper_path_form_printed_scan_attached(qtbot, ctx: AppContext, detail: RequestDetailDialog,
                                                   monkeypatch, tmp_path: Path) -> None:
    created = editing.create_visit(ctx.db, ctx.user_id, detail.request_id, good_input(ctx))
    ctx.announce(created)  # as a sync or another window would: the open list follows
    visit_id = created.ids[0]
    panel = detail.visits
    assert panel.current().id == visit_id and panel.paper_button.isEnabled()

    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)  # a draft: the form to sign by pen
    [form] = wait_previews(qtbot, detail)
    text = pdf_text(form.pdf_path)
    assert "现场服务记录表" in text and "柳州市龙城螺蛳粉有限公司" in text and "签字：" in text
    assert form.pdf_path.parent != archive_dir(ctx.data_dir)
    form.reject()
    qtbot.waitUntil(lambda: not form.pdf_path.exists())  # a temporary file, gone with the preview
    assert records.get_visit(ctx.db, visit_id).status == "draft"

    scan = tmp_path / "签字页.png"
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    assert image.save(str(scan))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(scan), ""))
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.paper_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: records.get_visit(ctx.db, visit_id).status == "paper_signed")
    assert len(asked) == 1 and scan.name in asked[0]
    [archived] = close_previews(qtbot, detail)
    assert archived.pdf_path.parent == archive_dir(ctx.data_dir)
    stored = records.get_visit(ctx.db, visit_id)
    assert stored.paper_scan_name == scan.name and stored.content_hash
    assert (ctx.data_dir / "attachments").exists()
    steps = [detail.timeline.topLevelItem(n).text(2) for n in range(detail.timeline.topLevelItemCount())]
    assert f"{label(VISIT_EVENT_LABELS, 'paper_signed')} ({short_id(stored.uuid)})" in steps
    assert panel.tree.topLevelItem(0).text(3) == visit_status_label("paper_signed")
    assert not panel.paper_button.isEnabled() and not panel.delete_button.isEnabled()


def test_enter_opens_a_record_and_delete_deletes_a_draft(qtbot, ctx: AppContext, detail: RequestDetailDialog,
                                                         monkeypatch) -> None:
    created = editing.create_visit(ctx.db, ctx.user_id, detail.request_id, good_input(ctx))
    ctx.announce(created)
    visit_id = created.ids[0]
    panel = detail.visits
    assert panel.tree.topLevelItemCount() == 1
    panel.tree.setFocus()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    opened = visible(detail, VisitDialog)
    assert len(opened) == 1 and opened[0].visit_id == visit_id
    opened[0].reject()  # nothing changed: no question
    asked = answer_questions(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert len(asked) == 1 and records.list_visits(ctx.db, detail.request_id) != []
    answer_questions(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Delete)
    assert records.list_visits(ctx.db, detail.request_id) == []
    assert panel.tree.topLevelItemCount() == 0 and not panel.open_button.isEnabled()
