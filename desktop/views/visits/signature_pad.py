"""The signature pad: a hand-written signature captured with the mouse, a pen or a finger, as logical strokes.

Points are stored on the logical canvas of ``desktop.models.signatures`` (WIDTH x HEIGHT, 3:1) whatever the
size of the pad: the canvas is letter-boxed inside the widget, so a resize keeps the drawing. Tablet and
touch events are handled (and accepted) here, so Qt does not turn them into mouse events; mouse events that
are synthesized anyway (by Qt or by the system) are ignored, so nothing is drawn twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QInputDevice,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.models.visits import signatures
from desktop.models.visits.signatures import HEIGHT, WIDTH, Point, Stroke

INK = QColor(20, 20, 30)
PAPER = QColor(255, 255, 255)
GUIDE = QColor(150, 150, 150)
BASELINE = 0.75  # of the canvas height
_NOT_MOUSE = (QInputDevice.DeviceType.TouchScreen, QInputDevice.DeviceType.Stylus,
              QInputDevice.DeviceType.Airbrush, QInputDevice.DeviceType.Puck)
_TABLET_EVENTS = {QEvent.Type.TabletPress: "press", QEvent.Type.TabletMove: "move",
                  QEvent.Type.TabletRelease: "release"}
_TOUCH_EVENTS = (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)


def _pressure(device: QInputDevice | None, value: float) -> int:
    """0..1000 from the device's 0..1; DEFAULT_PRESSURE when the device does not measure it."""
    measured = device is not None and bool(device.capabilities() & QInputDevice.Capability.Pressure)
    if value > 0 and (measured or value < 1):
        return max(0, min(signatures.MAX_PRESSURE, round(value * signatures.MAX_PRESSURE)))
    return signatures.DEFAULT_PRESSURE


class SignaturePad(QWidget):
    changed = Signal()  # a stroke ended, or strokes were undone, cleared or set
    stroke_started = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._input = ""  # "mouse", "tablet" or "touch" while a stroke is being drawn
        self._touch_id = -1
        self._points = 0  # in finished strokes
        self._timer = QElapsedTimer()
        self._t_offset = 0
        self._last_t = 0
        self._read_only = False
        self._signer = ""
        self._cache: QPixmap | None = None  # paper, guides and ink, at the current size
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("Signature pad"))
        self.setAccessibleDescription(
            self.tr("Sign with the mouse, a pen or a finger. Ctrl+Z takes back the last stroke."))

    def strokes(self) -> list[Stroke]:
        return [list(s) for s in self._strokes]

    def set_strokes(self, strokes: Sequence[Sequence[Point]]) -> None:
        """Show a stored signature (validated by ``signatures.normalize``, which raises ``Invalid``)."""
        self._replace(signatures.normalize([list(s) for s in strokes]))

    def is_empty(self) -> bool:
        return not self._strokes

    def clear(self) -> None:
        if self._strokes or self._current is not None:
            self._replace([])

    def _replace(self, strokes: list[Stroke]) -> None:
        self._current, self._input, self._strokes = None, "", strokes
        self._points = sum(len(s) for s in strokes)
        self._last_t = max((p[3] for s in strokes for p in s), default=0)
        self._timer.invalidate()  # drawing on restarts the clock after the last point
        self._repaint_all()
        self.changed.emit()

    def undo_stroke(self) -> None:
        """Take back the last stroke (or the one being drawn)."""
        if self._current is not None:
            self._cancel()
        elif self._strokes:
            self._points -= len(self._strokes.pop())
        else:
            return
        self._repaint_all()
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self._cancel()
        self._read_only = read_only
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)
        self.update()

    def is_read_only(self) -> bool:
        return self._read_only

    def set_signer_name(self, name: str) -> None:
        self._signer = name
        self._repaint_all()

    def sizeHint(self) -> QSize:
        return QSize(600, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 80)

    def canvas_rect(self) -> QRectF:
        """The part of the widget showing the logical canvas: the largest centred 3:1 rectangle."""
        w, h = float(self.width()), float(self.height())
        if w * HEIGHT > h * WIDTH:
            cw, ch = h * WIDTH / HEIGHT, h
        else:
            cw, ch = w, w * HEIGHT / WIDTH
        return QRectF((w - cw) / 2, (h - ch) / 2, cw, ch)

    def to_canvas(self, pos: QPointF) -> tuple[int, int]:
        """Widget coordinates to logical ones, clamped to the canvas."""
        area = self.canvas_rect()
        scale = max(area.width(), 1e-9) / WIDTH  # the same both ways: the canvas keeps its aspect
        x, y = round((pos.x() - area.left()) / scale), round((pos.y() - area.top()) / scale)
        return (max(0, min(WIDTH, x)), max(0, min(HEIGHT, y)))

    def to_widget(self, x: float, y: float) -> QPointF:
        area = self.canvas_rect()
        scale = area.width() / WIDTH
        return QPointF(area.left() + x * scale, area.top() + y * scale)

    def _begin(self, source: str, pos: QPointF, pressure: int) -> bool:
        if self._read_only or self._input or len(self._strokes) >= signatures.MAX_STROKES:
            return False
        if not self._strokes:
            self._t_offset = self._last_t = 0
            self._timer.start()
        elif not self._timer.isValid():  # continuing a stored signature
            self._t_offset = self._last_t
            self._timer.start()
        self._input, self._current = source, []
        self.setFocus(Qt.FocusReason.MouseFocusReason)  # a pen or a finger too: Ctrl+Z then undoes
        self.stroke_started.emit()
        self._add(pos, pressure)
        self.update()  # the hint goes
        return True

    def _add(self, pos: QPointF, pressure: int, lifted: bool = False) -> None:
        """Add a point to the stroke being drawn; ``lifted``: a release point, whose pressure is usually 0."""
        stroke = self._current
        if stroke is None or self._points + len(stroke) >= signatures.MAX_POINTS:
            return
        if lifted and stroke:
            pressure = stroke[-1][2]
        x, y = self.to_canvas(pos)
        if stroke and stroke[-1][:2] == (x, y):
            return
        now = self._t_offset + self._timer.elapsed() if stroke or self._strokes else 0  # 0: the first point
        self._last_t = min(signatures.MAX_MILLISECONDS, max(self._last_t, now))
        stroke.append((x, y, pressure, self._last_t))
        self._draw_tail(stroke)

    def _end(self) -> None:
        stroke, self._current, self._input = self._current, None, ""
        if stroke:
            self._strokes.append(stroke)
            self._points += len(stroke)
            self.changed.emit()

    def _cancel(self) -> None:
        if self._current is not None:
            self._current, self._input = None, ""
            self._repaint_all()

    def _from_mouse(self, event: QMouseEvent) -> bool:
        """A real mouse (or touchpad) event: not one made from a pen or a touch handled as such."""
        synthesized = event.source() != Qt.MouseEventSource.MouseEventNotSynthesized
        return not synthesized and event.pointingDevice().type() not in _NOT_MOUSE

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left = event.button() == Qt.MouseButton.LeftButton and self._from_mouse(event)
        event.setAccepted(left and self._begin("mouse", event.position(), signatures.DEFAULT_PRESSURE))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._input == "mouse" and self._from_mouse(event):
            self._add(event.position(), signatures.DEFAULT_PRESSURE)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._input == "mouse" and event.button() == Qt.MouseButton.LeftButton and self._from_mouse(event):
            self._add(event.position(), signatures.DEFAULT_PRESSURE)
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = _TABLET_EVENTS.get(event.type())
        pressure = _pressure(event.pointingDevice(), event.pressure())
        if kind == "press":  # accepted, so that Qt makes no mouse event of it
            event.setAccepted(self._begin("tablet", event.position(), pressure))
            return
        event.setAccepted(kind is not None and not self._read_only)
        if self._input == "tablet" and kind is not None:
            lifted = kind == "release" and event.pressure() <= 0
            self._add(event.position(), pressure, lifted)
            if kind == "release":
                self._end()

    def _touch(self, event: QTouchEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self._cancel()
            return True
        if self._read_only:
            return False
        points = event.points()
        device = event.pointingDevice()
        if kind == QEvent.Type.TouchBegin and points:
            first = points[0]  # a single touch point draws; further fingers are ignored
            if not self._begin("touch", first.position(), _pressure(device, first.pressure())):
                return False
            self._touch_id = first.id()
            return True
        for point in points:
            if self._input == "touch" and point.id() == self._touch_id:
                lifted = point.state() == point.State.Released or kind == QEvent.Type.TouchEnd
                self._add(point.position(), _pressure(device, point.pressure()), lifted and point.pressure() <= 0)
                if lifted:
                    self._end()
        if kind == QEvent.Type.TouchEnd and self._input == "touch":
            self._end()  # every finger is up
        return True

    def event(self, event: QEvent) -> bool:
        if event.type() in _TOUCH_EVENTS and isinstance(event, QTouchEvent):
            handled = self._touch(event)
            event.setAccepted(handled)
            return handled
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Undo) and not self._read_only):
            event.accept()  # Ctrl+Z here undoes a stroke, not a window's shortcut
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo) and not self._read_only:
            self.undo_stroke()
            event.accept()
        else:
            super().keyPressEvent(event)

    def _draw_stroke(self, painter: QPainter, stroke: Sequence[Point], start: int = 0) -> QRectF:
        """Draw the segments ending at points ``start..`` (a lone point: a dot); the area painted. Widths as
        ``signatures.render_png``: 3 + 7 * pressure / 1000 logical units; a run of one pressure is one polyline."""
        area = self.canvas_rect()
        left, top, scale = area.left(), area.top(), area.width() / WIDTH
        first = max(start - 1, 0)
        points = [QPointF(left + x * scale, top + y * scale) for x, y, _p, _t in stroke[first:]]
        pen = QPen(INK, 1.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        dirty = QRectF()
        i = max(start, 1) if len(stroke) > 1 else 0
        while i < len(stroke):
            j = i
            while j + 1 < len(stroke) and stroke[j + 1][2] == stroke[i][2]:
                j += 1
            width = max(1.0, (3.0 + 7.0 * stroke[i][2] / signatures.MAX_PRESSURE) * scale)
            pen.setWidthF(width)
            painter.setPen(pen)
            run = points[max(i - 1, 0) - first : j + 1 - first]
            polygon = QPolygonF(run)
            if len(run) > 1:
                painter.drawPolyline(polygon)
            else:
                painter.drawPoint(run[0])
            dirty |= polygon.boundingRect().adjusted(-width, -width, width, width)
            i = j + 1
        return dirty

    def _draw_tail(self, stroke: Stroke) -> None:
        """Draw the newest point of the stroke being drawn into the cache, and repaint just there."""
        if self._cache is None:
            self.update()
            return
        painter = QPainter(self._cache)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dirty = self._draw_stroke(painter, stroke, len(stroke) - 1)
        painter.end()
        self.update(dirty.toAlignedRect().adjusted(-2, -2, 2, 2))

    def _repaint_all(self) -> None:
        self._cache = None
        self.update()

    def _build_cache(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio))))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(self.palette().window().color())
        area = self.canvas_rect()
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.fillRect(area, PAPER)
        painter.setPen(QPen(GUIDE, 1.0))
        painter.drawRect(area.adjusted(0.5, 0.5, -0.5, -0.5))
        base = area.top() + area.height() * BASELINE
        left, right = area.left() + area.width() * 0.05, area.right() - area.width() * 0.05
        painter.drawLine(QPointF(left, base), QPointF(right, base))
        size = self._set_font(painter, 0.07, 9)
        painter.drawText(QRectF(left, base - 1.6 * size, 1.5 * size, 1.5 * size), Qt.AlignmentFlag.AlignCenter, "×")
        if self._signer:
            painter.drawText(QRectF(left, base + 0.3 * size, right - left, 1.5 * size),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, self._signer)
        for stroke in [*self._strokes, *([self._current] if self._current else [])]:
            self._draw_stroke(painter, stroke)
        painter.end()
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._cache is None or self._cache.devicePixelRatio() != self.devicePixelRatioF():
            self._cache = self._build_cache()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._cache)
        area = self.canvas_rect()
        if not self._strokes and self._current is None:
            self._set_font(painter, 0.12, 12)
            painter.setPen(GUIDE)
            hint = self.tr("No signature") if self._read_only else self.tr("Sign here")
            painter.drawText(area.adjusted(0, 0, 0, -area.height() * (1 - BASELINE)), Qt.AlignmentFlag.AlignCenter,
                             hint)
        if self.hasFocus():
            painter.setPen(QPen(self.palette().highlight().color(), 2.0, Qt.PenStyle.DashLine))
            painter.drawRect(area.adjusted(1, 1, -1, -1))
        painter.end()

    def _set_font(self, painter: QPainter, fraction: float, minimum: int) -> int:
        """The widget's font, sized to ``fraction`` of the canvas height; its pixel size."""
        font = QFont(self.font())
        font.setPixelSize(max(minimum, round(self.canvas_rect().height() * fraction)))
        painter.setFont(font)
        return font.pixelSize()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._cache = None
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._repaint_all()
        super().changeEvent(event)


class SignaturePanel(QWidget):
    """The pad with the signer's name and Undo stroke / Clear buttons."""

    def __init__(self, signer_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.name_label)
        self.pad = SignaturePad()
        layout.addWidget(self.pad, 1)
        buttons = QHBoxLayout()
        self.undo_button = QPushButton(self.tr("&Undo stroke"))
        self.undo_button.setToolTip(self.tr("Take back the last stroke (Ctrl+Z on the pad)"))
        self.clear_button = QPushButton(self.tr("C&lear"))
        self.clear_button.setToolTip(self.tr("Erase the whole signature to sign again"))
        self.undo_button.clicked.connect(self.pad.undo_stroke)
        self.clear_button.clicked.connect(self.pad.clear)
        buttons.addStretch(1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.clear_button)
        layout.addLayout(buttons)
        self.pad.changed.connect(self._update_buttons)
        self.set_signer_name(signer_name)
        self._update_buttons()

    def set_signer_name(self, name: str) -> None:
        self.pad.set_signer_name(name)
        self.name_label.setText(self.tr("Signature of %1").replace("%1", name) if name else self.tr("Signature"))

    def set_read_only(self, read_only: bool) -> None:
        self.pad.set_read_only(read_only)
        self._update_buttons()

    def _update_buttons(self) -> None:
        editable = not self.pad.is_empty() and not self.pad.is_read_only()
        self.undo_button.setEnabled(editable)
        self.clear_button.setEnabled(editable)
