"""A statistics chart on screen: the SVG of a ``printing.charts.Chart`` (the drawing a report prints), scaled to
the widget with its proportions kept. Pointing at a bar shows its label and value; clicking it asks for the list
behind it (``bar_clicked``). The table under each chart is the keyboard's way to the same lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

if TYPE_CHECKING:  # the charting loads with the first counting, not with the page
    from desktop.printing.charts import Chart


HEIGHT = 200  # on screen, whatever the drawing's size: the chart is scaled into it


class ChartView(QWidget):
    bar_clicked = Signal(int)  # the index of the bar (the row of the table under the chart)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.tips: list[str] = []
        self._renderer = QSvgRenderer(self)
        self._drawn = QPixmap()  # the drawing at the widget's size: painting it again (scrolling) is a copy
        self.setMouseTracking(True)
        self.setMinimumHeight(HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(420, HEIGHT)

    def set_chart(self, chart: Chart | None, svg: bytes = b"", tips: list[str] | None = None) -> None:
        """Show ``chart`` from its SVG (made with it, off the GUI thread); ``tips`` name each bar."""
        self.chart, self.tips = chart, list(tips or [])
        # the document font of the drawing is unknown to Qt: its text is set in the window's font
        family = QFont().family().replace("'", "").replace('"', "")
        self._renderer.load(QByteArray(svg.replace(f"font-family: {chart.font}".encode(),
                                                   f"font-family: '{family}'".encode())) if chart else QByteArray())
        self._drawn = QPixmap()
        self.update()

    def _frame(self) -> QRectF:
        """Where the drawing is painted: scaled to fit, centred."""
        if self.chart is None:
            return QRectF()
        scale = min(self.width() / self.chart.width, self.height() / self.chart.height)
        w, h = self.chart.width * scale, self.chart.height * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def bar_at(self, pos: QPointF) -> int | None:
        frame = self._frame()
        if self.chart is None or not frame.contains(pos):
            return None
        scale = frame.width() / self.chart.width
        return self.chart.bar_at((pos.x() - frame.x()) / scale, (pos.y() - frame.y()) / scale)

    def bar_centre(self, index: int) -> QPointF:
        """Where bar ``index`` is on the widget (tests click there)."""
        assert self.chart is not None
        frame = self._frame()
        scale = frame.width() / self.chart.width
        x, y, w, h = self.chart.bars[index]
        return QPointF(frame.x() + (x + max(w, 4) / 2) * scale,
                       frame.y() + (self.chart.height - y - max(h, 4) / 2) * scale)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self.chart is None:
            return
        ratio = self.devicePixelRatioF()
        size = self.size() * ratio
        if self._drawn.size() != size:  # laid out with its text once per size, not at every paint
            self._drawn = QPixmap(size)
            self._drawn.setDevicePixelRatio(ratio)
            self._drawn.fill(Qt.GlobalColor.transparent)
            drawing = QPainter(self._drawn)
            drawing.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._renderer.render(drawing, self._frame())
            drawing.end()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._drawn)
        painter.end()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position())
        self.setCursor(Qt.CursorShape.PointingHandCursor if index is not None else Qt.CursorShape.ArrowCursor)
        if index is not None and index < len(self.tips):
            QToolTip.showText(event.globalPosition().toPoint(), self.tips[index], self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.bar_clicked.emit(index)
