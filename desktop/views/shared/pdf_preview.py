"""Print preview of a finished PDF: look at it, print it, save a copy.

pdfium (pypdfium2) rasterises pages in the background: the pages in view first, then their neighbours while
a memory budget lasts, so long documents open at once and stay light; the GUI thread only wraps finished
pixels in QImages. Printing renders each page at the printer's resolution (at most ``PRINT_DPI_MAX``) in the
background and paints it on the printer on the GUI thread, page by page.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
from functools import partial
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRect, QRectF, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QImage,
    QKeySequence,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.tasks import Task, TaskHandle, TaskRunner
from desktop.views.shared.errors import log
from desktop.views.shared.pdf_render import Bitmap, load, render, safe_file_name

PX_PER_PT = 96 / 72  # screen pixels per PDF point at 100 %
ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 0.25, 4.0, 1.25
MARGIN, GAP, SHADOW = 16, 12, 3
CACHE_BYTES = 160 * 1024 * 1024  # rendered pages kept for the screen
BATCH = 2  # pages per background render
PRINT_DPI_MAX = 300  # a HighResolution printer says 1200 dpi: 500 MB a page, for no visible gain


class _PagesCanvas(QWidget):
    """All pages stacked, drawn from the rendered images (a white sheet where none is ready yet)."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []
        self.images: list[QImage | None] = []
        self.scales: list[float] = []  # pixels per point each image was rendered at

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for rect, image in zip(self.rects, self.images, strict=False):
            if rect.adjusted(0, 0, SHADOW, SHADOW).intersects(event.rect()):
                painter.fillRect(rect.translated(SHADOW, SHADOW), QColor(0, 0, 0, 80))
                painter.fillRect(rect, Qt.GlobalColor.white)
                if image is not None:  # an image of an earlier zoom is stretched until its successor comes
                    painter.drawImage(QRectF(rect), image)
                painter.setPen(QColor(0, 0, 0, 100))
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()


class PdfPreviewDialog(QDialog):
    print_finished = Signal(bool)  # True when every page went to the printer

    def __init__(self, parent: QWidget | None, tasks: TaskRunner, pdf_path: Path, title: str,
                 suggested_name: str, notice: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.tasks, self.pdf_path, self.suggested_name = tasks, pdf_path, suggested_name
        self._data: bytes | None = None
        self._sizes: list[tuple[float, float]] = []
        self._zoom, self._fit, self._closed = 1.0, True, False
        self._render_task: Task | None = None
        self._print_task: Task | None = None
        layout = QVBoxLayout(self)

        self.notice_banner = QFrame()
        self.notice_banner.setObjectName("pdfNotice")
        self.notice_banner.setStyleSheet("#pdfNotice { background: #fff4ce; border: 1px solid #b08800; }"
                                         " #pdfNotice QLabel { color: #000; border: none; }")
        banner = QHBoxLayout(self.notice_banner)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(24, 24))
        banner.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        self.notice_label = QLabel(notice, wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        banner.addWidget(self.notice_label, 1)
        self.notice_banner.setVisible(bool(notice))
        layout.addWidget(self.notice_banner)

        bar = QHBoxLayout()
        self.zoom_out_action = self._action(self.tr("Zoom &out"), self.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self.zoom_in_action = self._action(self.tr("Zoom &in"), self.zoom_in, QKeySequence.StandardKey.ZoomIn,
                                           QKeySequence("Ctrl+="))  # Ctrl++ without Shift
        self.fit_action = self._action(self.tr("&Fit width"), self.fit_width, QKeySequence("Ctrl+0"))
        for action in (self.zoom_out_action, self.zoom_in_action, self.fit_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            bar.addWidget(button)
        self.zoom_label = QLabel()
        self.page_label = QLabel(self.tr("Loading…"))
        bar.addWidget(self.zoom_label)
        bar.addStretch(1)
        bar.addWidget(self.page_label)
        layout.addLayout(bar)

        self._canvas = _PagesCanvas()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self._canvas)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # a stable fit width
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Up/Down scroll
        self.scroll_area.setAccessibleName(self.tr("Document pages"))
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.error_label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.scroll_area)
        self.stack.addWidget(self.error_label)
        layout.addWidget(self.stack, 1)

        bottom = QHBoxLayout()
        self.status_label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        bottom.addWidget(self.status_label, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(self.tr("&Print…"))
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        for push, slot, keys in ((self.print_button, self.print_with_dialog, QKeySequence.StandardKey.Print),
                                 (self.save_button, self.save_with_dialog, QKeySequence.StandardKey.Save)):
            buttons.addButton(push, QDialogButtonBox.ButtonRole.ActionRole)
            push.clicked.connect(slot)
            self._action("", slot, keys)
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self.print_button.setDefault(True)  # only once in the dialog, or showing it picks another default

        self._fit_timer = QTimer(self, singleShot=True, interval=120)
        self._fit_timer.timeout.connect(self._refit)
        self._set_ready(False)
        screen = self.screen().availableGeometry()
        self.resize(min(900, int(screen.width() * 0.9)), int(screen.height() * 0.9))
        self.scroll_area.setFocus()
        tasks.run(partial(load, pdf_path), self._loaded, self._failed)

    def _action(self, text: str, slot: object, *keys: QKeySequence | QKeySequence.StandardKey) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.triggered.connect(slot)
        if text:
            keys_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text.replace('&', '')} ({keys_text})")
        self.addAction(action)
        return action

    def page_count(self) -> int:
        return len(self._sizes)

    def page_images(self) -> list[QImage | None]:
        """The image shown for each page (None: not rendered yet, or dropped while far from view)."""
        return list(self._canvas.images)

    def current_page(self) -> int:
        """The 0-based index of the page that fills most of the view."""
        view = self._view_rect()
        areas = [(rect.intersected(view).height(), -i) for i, rect in enumerate(self._canvas.rects)]
        return -max(areas)[1] if areas else 0

    def _loaded(self, result: tuple[bytes, list[tuple[float, float]]]) -> None:
        if not self._closed:
            self._data, self._sizes = result
            self._canvas.images, self._canvas.scales = [None] * len(self._sizes), [0.0] * len(self._sizes)
            self._set_ready(True)
            self._set_zoom(self._fit_zoom() if self._fit else self._zoom, self._fit)

    def _failed(self, exc: BaseException) -> None:
        self._render_task = None
        if self._closed:
            return
        self._data, self._sizes, self._canvas.images, self._canvas.rects = None, [], [], []
        self.error_label.setText(self._describe(exc))
        self.stack.setCurrentWidget(self.error_label)
        self.close_button.setFocus()
        self.page_label.setText(self.tr("No pages"))
        self._set_ready(False)

    def _describe(self, exc: BaseException) -> str:
        path = str(self.pdf_path)
        if isinstance(exc, FileNotFoundError):
            return self.tr("The document %1 does not exist.").replace("%1", path)
        if isinstance(exc, pdfium.PdfiumError):
            return self.tr("The document %1 could not be opened: it is damaged or not a PDF file.").replace("%1", path)
        if isinstance(exc, OSError):
            return self.tr("The document %1 could not be read: %2").replace("%1", path).replace(
                "%2", exc.strerror or str(exc))
        log.error("PDF preview of %s failed", path, exc_info=exc)
        return self.tr("The document could not be shown: %1").replace("%1", f"{type(exc).__name__}: {exc}")

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready and self._print_task is None)
        self.save_button.setEnabled(ready and self._print_task is None)
        for action in (self.zoom_in_action, self.zoom_out_action, self.fit_action):
            action.setEnabled(ready)

    def _view_rect(self) -> QRect:
        viewport = self.scroll_area.viewport()
        return QRect(self._canvas.mapFrom(viewport, viewport.rect().topLeft()), viewport.size())

    def _wanted(self, scale: float) -> list[int]:
        """Pages to keep rendered, nearest the view first: those in view, then others while the budget lasts."""
        view = self._view_rect()
        visible = [i for i, rect in enumerate(self._canvas.rects) if rect.intersects(view)] or [0]
        first, last, count = visible[0], visible[-1], len(self._sizes)
        costs = [(int(w * scale) + 2) * (int(h * scale) + 2) * 4 for w, h in self._sizes]  # >= the real images
        wanted, total = list(visible), sum(costs[i] for i in visible)
        for i in (i for d in range(1, count) for i in (last + d, first - d) if 0 <= i < count):
            total += costs[i]
            if total > CACHE_BYTES:
                break
            wanted.append(i)
        return wanted

    def _schedule(self) -> None:
        if self._data is None or self._closed:
            return
        canvas, scale = self._canvas, self._zoom * PX_PER_PT * self.devicePixelRatioF()
        wanted = self._wanted(scale)
        keep = set(wanted)
        canvas.images = [image if i in keep else None for i, image in enumerate(canvas.images)]
        jobs = [(i, scale, 0) for i in wanted if canvas.images[i] is None or canvas.scales[i] != scale][:BATCH]
        if jobs and self._render_task is None:
            self._render_task = self.tasks.run(partial(render, self._data, jobs), self._rendered, self._failed)

    def _rendered(self, bitmaps: list[Bitmap]) -> None:
        self._render_task = None
        if self._data is not None and not self._closed:
            for bitmap in bitmaps:
                self._canvas.images[bitmap.index] = bitmap.image()
                self._canvas.scales[bitmap.index] = bitmap.scale
            self._canvas.update()
            self._schedule()

    def zoom_in(self) -> None:
        self._set_zoom(self._zoom * ZOOM_STEP, False)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom / ZOOM_STEP, False)

    def fit_width(self) -> None:
        self._set_zoom(self._fit_zoom(), True)

    def _refit(self) -> None:
        if self._fit:
            self.fit_width()

    def _fit_zoom(self) -> float:
        widest = max((width for width, _ in self._sizes), default=1.0) * PX_PER_PT
        return float(self.scroll_area.viewport().width() - 2 * MARGIN - SHADOW) / widest

    def _set_zoom(self, zoom: float, fit: bool) -> None:
        """Zoom, keeping the same spot of the current page at the top of the view."""
        self._fit = fit
        if not self._sizes:
            return
        bar, page = self.scroll_area.verticalScrollBar(), self.current_page()
        old = self._canvas.rects[page] if self._canvas.rects else QRect(0, 0, 1, 1)
        offset = (bar.value() - old.top()) / old.height()
        self._zoom = min(ZOOM_MAX, max(ZOOM_MIN, zoom))
        scale = self._zoom * PX_PER_PT
        sizes = [(round(w * scale), round(h * scale)) for w, h in self._sizes]
        width, y, rects = max(w for w, _ in sizes) + 2 * MARGIN + SHADOW, MARGIN, []
        for w, h in sizes:
            rects.append(QRect((width - SHADOW - w) // 2, y, w, h))
            y += h + GAP
        self._canvas.rects = rects
        self._canvas.setFixedSize(width, y - GAP + MARGIN + SHADOW)
        self._canvas.update()
        bar.setValue(round(rects[page].top() + offset * rects[page].height()))
        self.zoom_label.setText(self.tr("%1 %").replace("%1", str(round(self._zoom * 100))))
        if self._render_task is not None:
            self._render_task.cancel()  # the pages it did render still show until replaced
        self._scrolled()

    def _scrolled(self) -> None:
        if self._sizes:
            self.page_label.setText(self.tr("Page %1 of %2").replace("%1", str(self.current_page() + 1)).replace(
                "%2", str(len(self._sizes))))
            self._schedule()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._fit_timer.start()

    def save_with_dialog(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, self.tr("Save as PDF"), str(Path(folder) / safe_file_name(self.suggested_name)),
                             self.tr("PDF documents (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.selectedFiles():
            self.save_to(Path(dialog.selectedFiles()[0]))

    def save_to(self, path: Path) -> bool:
        """Copy the document to ``path``; a file already there is replaced only by a complete copy."""
        if path.is_dir():
            return self._warn(self.tr("%1 is a folder. Choose a file name.").replace("%1", str(path)))
        part = path.with_name(f".{path.name}.part")
        try:
            shutil.copyfile(self.pdf_path, part)
            os.replace(part, path)
        except OSError as exc:
            part.unlink(missing_ok=True)
            if not self.pdf_path.is_file():
                text = self.tr("The document %1 no longer exists.").replace("%1", str(self.pdf_path))
            elif not path.parent.is_dir():
                text = self.tr("The folder %1 does not exist.").replace("%1", str(path.parent))
            elif isinstance(exc, PermissionError):
                text = self.tr("You may not write to %1. Choose another folder, or close the file if another "
                               "program has it open.").replace("%1", str(path))
            else:
                text = self.tr("The document could not be saved to %1: %2").replace("%1", str(path)).replace(
                    "%2", exc.strerror or str(exc))
            return self._warn(text)
        self.status_label.setText(self.tr("Saved to %1").replace("%1", str(path)))
        return True

    def _warn(self, text: str) -> bool:
        self.status_label.setText(text)
        QMessageBox.warning(self, self.windowTitle(), text)
        return False

    def print_with_dialog(self) -> None:
        if not self._sizes or self._print_task is not None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setMinMax(1, len(self._sizes))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def _pages_to_print(self, printer: QPrinter) -> list[int]:
        count = len(self._sizes)
        pages = list(range(count))
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            pages = list(range(max(1, printer.fromPage()) - 1, min(count, printer.toPage() or count)))
        elif printer.printRange() == QPrinter.PrintRange.CurrentPage:
            pages = [self.current_page()]
        return pages[::-1] if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst else pages

    def print_to(self, printer: QPrinter) -> None:
        """Print the pages the printer's range asks for; ``print_finished`` tells how it ended.

        One background task renders the pages in order into a short queue and reports each one; the GUI
        thread paints what the queue holds, so only a few pages are in memory at a time.
        """
        data, pages = self._data, self._pages_to_print(printer) if self._print_task is None else []
        painter = QPainter()
        printer.setFullPage(True)  # the painter covers the whole sheet: pages print at their true size
        if data is None or not pages or not painter.begin(printer):
            if data is not None and pages:
                self._warn(self.tr("The printer could not be started."))
            self.print_finished.emit(False)
            return
        paper, jobs, targets = printer.paperRect(QPrinter.Unit.DevicePixel), [], []
        for index in pages:  # each page as large as the sheet allows, turned to match its orientation
            width, height = self._sizes[index]
            rotation = 90 if (width > height) != (paper.width() > paper.height()) else 0
            width, height = (height, width) if rotation else (width, height)
            fit = min(paper.width() / width, paper.height() / height)  # device pixels per point
            targets.append(QRectF((paper.width() - width * fit) / 2, (paper.height() - height * fit) / 2,
                                  width * fit, height * fit))
            jobs.append((index, fit * min(1.0, PRINT_DPI_MAX / printer.resolution()), rotation))
        rendered: queue.Queue[Bitmap] = queue.Queue(maxsize=2)
        state = {"painted": 0, "refused": False}

        def work(handle: TaskHandle) -> bool:  # worker thread: plain data only
            for number, job in enumerate(jobs, 1):
                for bitmap in render(data, [job], handle):
                    while not handle.cancelled:
                        with contextlib.suppress(queue.Full):
                            rendered.put(bitmap, timeout=0.1)
                            break
                if handle.cancelled:
                    return False
                handle.progress(number, len(jobs))
            return True

        def paint(*_: int) -> None:
            while not rendered.empty() and not state["refused"] and not self._closed:
                bitmap = rendered.get_nowait()
                if state["painted"] and not printer.newPage():
                    state["refused"] = True
                    if self._print_task is not None:
                        self._print_task.cancel()
                    return
                painter.drawImage(targets[state["painted"]], bitmap.image())
                state["painted"] += 1

        def finish(result: object) -> None:
            self._print_task = None
            paint()
            ok = result is True and not state["refused"] and not self._closed
            if not ok:
                printer.abort()
            if painter.isActive():
                painter.end()
            if self._closed:  # the dialog may be gone: nobody to tell
                return
            self._set_ready(self._data is not None)
            if ok:
                self.status_label.setText(self.tr("Sent %n page(s) to the printer.", None, int(state["painted"])))
            elif state["refused"]:
                self._warn(self.tr("The printer stopped accepting pages."))
            elif isinstance(result, BaseException):
                self._warn(self._describe(result))
            self.print_finished.emit(ok)

        self._print_task = self.tasks.run(work, finish, finish, on_progress=paint, parent=self,
                                          progress_label=self.tr("Printing…"))
        self._set_ready(True)

    def done(self, result: int) -> None:
        self._closed = True
        self._fit_timer.stop()
        for task in (self._render_task, self._print_task):
            if task is not None:
                task.cancel()
        super().done(result)
