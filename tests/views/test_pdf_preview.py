"""The PDF preview dialog on real PDFs made by reportlab (built-in Helvetica only), rendered by pdfium."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from desktop.tasks import TaskRunner
from desktop.views.shared import pdf_preview, pdf_render
from desktop.views.shared.pdf_preview import PdfPreviewDialog, safe_file_name

A4_W, A4_H = A4
# the black rectangle on page 2, in points from the bottom-left corner (PDF coordinates)
BOX = (100.0, 300.0, 300.0, 300.0)  # x, y, width, height
BOX_CENTRE = (BOX[0] + BOX[2] / 2, BOX[1] + BOX[3] / 2)


def make_pdf(path: Path, pages: int = 3) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica", 14)
        pdf.drawString(72, A4_H - 72, f"Test document, page {number} of {pages}")
        if number == 2:
            pdf.rect(*BOX, stroke=0, fill=1)
        pdf.showPage()
    pdf.save()
    return path


def lightness_at(image: QImage, x_pt: float, y_pt: float, page_w: float = A4_W, page_h: float = A4_H) -> int:
    """Lightness (0 black .. 255 white) of the pixel at a point given in PDF coordinates."""
    x = int(x_pt / page_w * image.width())
    y = int((page_h - y_pt) / page_h * image.height())
    return QColor(image.pixel(x, y)).lightness()


@pytest.fixture
def tasks(qapp):  # type: ignore[no-untyped-def]
    """A runner torn down after the dialogs (see open_preview), its finished tasks deleted here.

    Tasks hold a reference back to their runner until deleted; left pending, the runner would be freed
    by a garbage collection that may run on a worker thread of the next test.
    """
    runner = TaskRunner()
    yield runner
    runner.cancel_all()
    assert runner.wait()
    QCoreApplication.processEvents()  # the queued "finished" of the last tasks
    assert runner.wait()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def open_preview(tasks, qtbot):  # type: ignore[no-untyped-def]  # tasks first: it outlives the dialogs
    def open_(path: Path, notice: str = "", wait: bool = True) -> PdfPreviewDialog:
        dialog = PdfPreviewDialog(None, tasks, path, "Test document", "Report 2024/01.pdf", notice)
        qtbot.addWidget(dialog)
        dialog.show()
        if wait:
            qtbot.waitUntil(lambda: dialog.page_count() > 0 and None not in dialog.page_images()[:3])
        return dialog

    return open_


@pytest.fixture
def warnings(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


def test_shows_every_page_at_a4_aspect_with_its_content(tmp_path, open_preview) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(make_pdf(tmp_path / "doc.pdf"))
    images = dialog.page_images()
    assert dialog.page_count() == 3
    assert len(images) == 3
    for image in images:
        assert image is not None and not image.isNull()
        assert image.height() / image.width() == pytest.approx(A4_H / A4_W, rel=0.01)
    assert lightness_at(images[1], *BOX_CENTRE) < 40  # the black box
    assert lightness_at(images[0], *BOX_CENTRE) > 220  # not on page 1
    assert lightness_at(images[1], BOX[0] + BOX[2] + 50, BOX_CENTRE[1]) > 220  # and only where it is
    assert dialog.page_label.text() == "Page 1 of 3"
    assert not dialog.notice_banner.isVisible()
    assert dialog.print_button.isEnabled() and dialog.print_button.isDefault()


def test_long_document_renders_what_is_in_view_within_its_budget(tmp_path, open_preview, qtbot,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    monkeypatch.setattr(pdf_preview, "CACHE_BYTES", 12 * 1024 * 1024)
    dialog = open_preview(make_pdf(tmp_path / "long.pdf", pages=60))
    assert dialog.page_label.text() == "Page 1 of 60"
    bar = dialog.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert dialog.page_label.text() == "Page 60 of 60"
    qtbot.waitUntil(lambda: dialog.page_images()[59] is not None)  # rendered when it came into view
    kept = [image for image in dialog.page_images() if image is not None]
    assert dialog.page_images()[0] is None  # dropped, far from view
    assert 1 < len(kept) < 60
    assert sum(image.sizeInBytes() for image in kept) <= 12 * 1024 * 1024 + 2 * kept[-1].sizeInBytes()
    bar.setValue(0)
    assert dialog.page_label.text() == "Page 1 of 60"
    qtbot.waitUntil(lambda: dialog.page_images()[0] is not None)


def test_zoom_in_renders_larger_and_fit_width_comes_back(tmp_path, open_preview, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(make_pdf(tmp_path / "doc.pdf"))
    fit_width = dialog.page_images()[0].width()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(dialog, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+= (Ctrl++ unshifted)
    qtbot.waitUntil(lambda: all(image is not None and image.width() > fit_width * 1.2
                                for image in dialog.page_images()))
    assert lightness_at(dialog.page_images()[1], *BOX_CENTRE) < 40
    qtbot.keyClick(dialog, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: all(image is not None and image.width() == fit_width for image in dialog.page_images()))
    dialog.zoom_out_action.trigger()
    qtbot.waitUntil(lambda: all(image is not None and image.width() < fit_width for image in dialog.page_images()))


def test_save_copies_the_identical_file(tmp_path, open_preview, warnings) -> None:  # type: ignore[no-untyped-def]
    source = make_pdf(tmp_path / "doc.pdf")
    dialog = open_preview(source)
    target = tmp_path / "out" / "copy.pdf"
    target.parent.mkdir()
    target.write_bytes(b"an older file")
    assert dialog.save_to(target)
    assert target.read_bytes() == source.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["copy.pdf"]  # no partial file left behind
    assert str(target) in dialog.status_label.text()
    assert warnings == []


def test_save_failures_are_told_not_raised(tmp_path, open_preview, warnings) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(make_pdf(tmp_path / "doc.pdf"))
    folder = tmp_path / "a folder"
    folder.mkdir()
    assert not dialog.save_to(folder)
    assert len(warnings) == 1 and "is a folder" in warnings[0]
    assert not dialog.save_to(tmp_path / "missing" / "copy.pdf")
    assert len(warnings) == 2 and "does not exist" in warnings[1] and "missing" in warnings[1]
    assert warnings[1] == dialog.status_label.text()


def test_suggested_name_is_made_a_safe_pdf_file_name() -> None:
    assert safe_file_name("Report 2024/01") == "Report 2024 01.pdf"
    assert safe_file_name('a<b>:"c".PDF') == "a b   c .PDF"
    assert safe_file_name(" ... ") == "document.pdf"


def printed(path: Path) -> list[QImage]:
    doc = pdfium.PdfDocument(str(path))
    try:
        images = []
        for index in range(len(doc)):
            page = doc[index]
            assert page.get_size() == pytest.approx((A4_W, A4_H), abs=1)
            image = page.render(scale=0.5).to_pil()
            images.append(QImage(image.tobytes(), image.width, image.height, image.width * 3,
                                 QImage.Format.Format_RGB888).copy())
            page.close()
        return images
    finally:
        doc.close()


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_print_paints_every_page_on_the_printer(tmp_path, open_preview, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(make_pdf(tmp_path / "doc.pdf"))
    out = tmp_path / "printed.pdf"
    with qtbot.waitSignal(dialog.print_finished, timeout=30_000) as finished:
        dialog.print_to(pdf_printer(out))
    assert finished.args == [True]
    pages = printed(out)
    assert len(pages) == 3
    assert lightness_at(pages[1], *BOX_CENTRE) < 40
    assert lightness_at(pages[0], *BOX_CENTRE) > 220
    assert lightness_at(pages[2], *BOX_CENTRE) > 220
    assert "3 page" in dialog.status_label.text()
    assert dialog.print_button.isEnabled()


def test_print_honours_the_page_range(tmp_path, open_preview, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(make_pdf(tmp_path / "doc.pdf"))
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    with qtbot.waitSignal(dialog.print_finished, timeout=30_000) as finished:
        dialog.print_to(printer)
    assert finished.args == [True]
    pages = printed(out)
    assert len(pages) == 2
    assert lightness_at(pages[0], *BOX_CENTRE) < 40  # page 2 comes first
    assert lightness_at(pages[1], *BOX_CENTRE) > 220


def test_print_can_be_cancelled(tmp_path, open_preview, qtbot, warnings) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(make_pdf(tmp_path / "doc.pdf"))
    # holding pdfium's lock, the print task waits to render its first page
    with qtbot.waitSignal(dialog.print_finished, timeout=30_000) as finished, pdf_render.PDFIUM:
        dialog.print_to(pdf_printer(tmp_path / "cancelled.pdf"))
        assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
        progress = dialog.findChild(QProgressDialog)
        assert progress is not None
        progress.findChild(QPushButton).click()  # its Cancel button
    assert finished.args == [False]
    assert warnings == []  # the user's own choice: nothing to warn about
    assert dialog.print_button.isEnabled()


@pytest.mark.parametrize(("content", "expected"), [
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage", "damaged or not a PDF"),
    (None, "does not exist"),
])
def test_unreadable_document_shows_an_error_instead_of_pages(tmp_path, open_preview, qtbot,  # type: ignore[no-untyped-def]
                                                            content, expected) -> None:
    path = tmp_path / "broken.pdf"
    if content is not None:
        path.write_bytes(content)
    dialog = open_preview(path, wait=False)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible())
    assert expected in dialog.error_label.text()
    assert str(path) in dialog.error_label.text()
    assert "Traceback" not in dialog.error_label.text()
    assert dialog.page_count() == 0 and dialog.page_images() == []
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()
    assert not dialog.zoom_in_action.isEnabled()


def test_notice_banner_shows_the_warning(tmp_path, open_preview) -> None:  # type: ignore[no-untyped-def]
    text = "This PDF uses a font that is not embedded: it may print with boxes."
    dialog = open_preview(make_pdf(tmp_path / "doc.pdf"), notice=text)
    assert dialog.notice_banner.isVisible()
    assert dialog.notice_label.text() == text


def test_escape_closes_and_loading_meanwhile_shows_loading(tmp_path, open_preview, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(make_pdf(tmp_path / "doc.pdf"), wait=False)
    assert dialog.page_label.text() == "Loading…"
    qtbot.keyClick(dialog.scroll_area, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
