"""The signature pad: mouse, pen and touch input onto the logical canvas, undo/clear, letter-boxing, painting."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import (
    QEventPoint,
    QImage,
    QInputDevice,
    QKeySequence,
    QMouseEvent,
    QPointingDevice,
    QShortcut,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.models.core.errors import Invalid
from desktop.models.visits import signatures
from desktop.views.visits.signature_pad import SignaturePad, SignaturePanel

LEFT = Qt.MouseButton.LeftButton
NO_KEYS = Qt.KeyboardModifier.NoModifier
CAPS = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    # Frameless: with a frame, the offscreen platform puts QTest's touch points off by the frame's 2 px.
    widget.setWindowFlags(Qt.WindowType.FramelessWindowHint)
    widget.resize(600, 200)  # 3:1, so the canvas fills it: one pixel is two logical units
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def drag(widget: QWidget, points: Iterable[tuple[int, int]]) -> None:
    """Press the left button at the first point, move through the others, release at the last."""
    path = [QPoint(x, y) for x, y in points]
    QTest.mousePress(widget, LEFT, NO_KEYS, path[0])
    for p in path[1:]:
        QTest.mouseMove(widget, p)
    QTest.mouseRelease(widget, LEFT, NO_KEYS, path[-1])


def tablet(widget: QWidget, device: QPointingDevice, kind: QEvent.Type, x: float, y: float, pressure: float) -> bool:
    """Send one pen event as the platform would deliver it; whether the widget accepted it."""
    pos = QPointF(x, y)
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else LEFT
    event = QTabletEvent(
        kind, device, pos, QPointF(widget.mapToGlobal(pos)), pressure, 0.0, 0.0, 0.0, 0.0, 0.0,
        NO_KEYS, LEFT, buttons,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def stylus() -> QPointingDevice:
    return QPointingDevice(
        "test pen", 4711, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen, CAPS, 1, 2
    )


def touch_stroke(widget: QWidget, device: QPointingDevice, points: list[tuple[int, int]]) -> None:
    """One finger down at the first point, through the others, up at the last (QTest's touch path)."""
    QTest.touchEvent(widget, device).press(0, QPoint(*points[0])).commit()
    for p in points[1:]:
        QTest.touchEvent(widget, device).move(0, QPoint(*p)).commit()
    QTest.touchEvent(widget, device).release(0, QPoint(*points[-1])).commit()


def dark_pixels(image: QImage, rect: QRect, step: int = 1) -> int:
    count = 0
    for y in range(rect.top(), rect.bottom() + 1, step):
        for x in range(rect.left(), rect.right() + 1, step):
            if image.pixelColor(x, y).lightness() < 100:
                count += 1
    return count


# --- mouse


def test_a_mouse_stroke_lands_on_the_logical_canvas(qtbot: QtBot, pad: SignaturePad) -> None:
    started: list[bool] = []
    pad.stroke_started.connect(lambda: started.append(True))
    assert pad.is_empty()
    with qtbot.waitSignal(pad.changed, timeout=1000):
        drag(pad, [(300, 100), (320, 105), (350, 110), (400, 120)])
    assert started == [True]
    assert not pad.is_empty()
    [stroke] = pad.strokes()
    assert [(x, y) for x, y, _p, _t in stroke] == [(600, 200), (640, 210), (700, 220), (800, 240)]
    assert {p for _x, _y, p, _t in stroke} == {signatures.DEFAULT_PRESSURE}
    times = [t for *_xyz, t in stroke]
    assert times[0] == 0 and times == sorted(times)
    assert signatures.normalize(pad.strokes()) == pad.strokes()
    signatures.check_signed(pad.strokes())


def test_a_point_on_the_same_spot_is_kept_once(pad: SignaturePad) -> None:
    drag(pad, [(100, 50), (100, 50), (101, 50), (101, 50)])
    assert [(x, y) for x, y, _p, _t in pad.strokes()[0]] == [(200, 100), (202, 100)]
    drag(pad, [(10, 10)])  # a click is a dot: one point, which does not sign on its own
    assert pad.strokes()[1] == [(20, 20, signatures.DEFAULT_PRESSURE, pad.strokes()[1][0][3])]


def test_strokes_undo_and_clear(pad: SignaturePad) -> None:
    changes: list[bool] = []
    pad.changed.connect(lambda: changes.append(True))
    drag(pad, [(100, 50), (150, 60), (200, 70)])
    drag(pad, [(300, 150), (350, 140)])
    assert len(pad.strokes()) == 2 and len(changes) == 2
    first, second = pad.strokes()
    assert second[0][:2] == (600, 300)
    assert second[0][3] >= first[-1][3]  # time runs on across strokes
    copy = pad.strokes()
    copy[0].clear()
    assert pad.strokes()[0] == first  # strokes() is a copy
    pad.undo_stroke()
    assert pad.strokes() == [first] and len(changes) == 3
    pad.clear()
    assert pad.is_empty() and pad.strokes() == [] and len(changes) == 4
    pad.clear()
    pad.undo_stroke()
    assert len(changes) == 4  # nothing to clear or undo: no signal
    drag(pad, [(10, 10), (20, 20)])
    assert pad.strokes()[0][0][3] == 0  # a new signature starts its clock again


def test_ctrl_z_undoes_the_last_stroke_when_the_pad_has_focus(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    pad = SignaturePad()
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(pad)
    window_undo: list[bool] = []
    QShortcut(QKeySequence.StandardKey.Undo, window, lambda: window_undo.append(True))
    window.resize(600, 200)
    with qtbot.waitActive(window):  # window shortcuts work only in the active window
        window.show()
        window.activateWindow()
    drag(pad, [(100, 50), (150, 60)])
    drag(pad, [(200, 50), (250, 60)])
    pad.setFocus()
    with qtbot.waitSignal(pad.changed, timeout=1000):
        QTest.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(pad.strokes()) == 1 and pad.strokes()[0][0][:2] == (200, 100)
    assert window_undo == []  # the pad took Ctrl+Z, not the window's own Undo
    assert pad.focusPolicy() == Qt.FocusPolicy.StrongFocus


# --- pen


def test_a_pen_stroke_keeps_its_pressure_and_is_not_drawn_twice(pad: SignaturePad) -> None:
    pen = stylus()
    accepted = [
        tablet(pad, pen, QEvent.Type.TabletPress, 150, 50, 0.2),
        tablet(pad, pen, QEvent.Type.TabletMove, 200, 60, 0.5),
        tablet(pad, pen, QEvent.Type.TabletMove, 250, 70, 0.9),
        tablet(pad, pen, QEvent.Type.TabletRelease, 260, 72, 0.0),  # a pen lifts with no pressure
    ]
    # Accepted tablet events are not turned into mouse events by Qt.
    assert accepted == [True, True, True, True]
    assert [p[:3] for p in pad.strokes()[0]] == [(300, 100, 200), (400, 120, 500), (500, 140, 900), (520, 144, 900)]
    # Mouse events made from the pen anyway (by Qt, or by the system) are ignored.
    for source in (Qt.MouseEventSource.MouseEventSynthesizedByQt, Qt.MouseEventSource.MouseEventSynthesizedBySystem):
        for kind, pos in ((QEvent.Type.MouseButtonPress, 150), (QEvent.Type.MouseMove, 250),
                          (QEvent.Type.MouseButtonRelease, 260)):
            local = QPointF(pos, 50)
            event = QMouseEvent(kind, local, local, QPointF(pad.mapToGlobal(local)), LEFT, LEFT,
                                NO_KEYS, source, pen)
            QApplication.sendEvent(pad, event)
    local = QPointF(150, 50)
    event = QMouseEvent(QEvent.Type.MouseButtonPress, local, local, QPointF(pad.mapToGlobal(local)), LEFT, LEFT,
                        NO_KEYS, pen)  # not marked synthesized, but from the pen
    QApplication.sendEvent(pad, event)
    assert len(pad.strokes()) == 1


def test_pressures_stay_in_range(pad: SignaturePad) -> None:
    pen = stylus()
    tablet(pad, pen, QEvent.Type.TabletPress, 10, 10, 1.0)
    tablet(pad, pen, QEvent.Type.TabletMove, 20, 10, 0.0004)
    tablet(pad, pen, QEvent.Type.TabletRelease, 30, 10, 0.75)
    assert [p[2] for p in pad.strokes()[0]] == [1000, 0, 750]
    signatures.normalize(pad.strokes())


# --- touch
# A QTouchEvent can be built in PySide6 6.11, but not a QEventPoint at a chosen position or pressure (QEventPoint has
# no setters there and its constructor refuses those keywords), and sent to the widget directly every point stays at
# (0, 0). QTest.touchEvent goes through the real path instead (window system -> QGuiApplication -> the widget's
# window -> the widget), which also makes Qt synthesize mouse events from any touch the widget does not accept.


def test_a_finger_draws_one_stroke(pad: SignaturePad) -> None:
    finger = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen, CAPS)
    touch_stroke(pad, finger, [(100, 50), (150, 60), (200, 80)])
    # A touchscreen that measures pressure reports 1.0 while touching and 0 when lifted.
    assert len(pad.strokes()) == 1
    assert [p[:3] for p in pad.strokes()[0]] == [(200, 100, 1000), (300, 120, 1000), (400, 160, 1000)]
    plain = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen, QInputDevice.Capability.Position)
    touch_stroke(pad, plain, [(300, 50), (350, 60)])
    assert len(pad.strokes()) == 2  # no extra stroke from mouse events made of the touches
    assert [p[:3] for p in pad.strokes()[1]] == [(600, 100, 500), (700, 120, 500)]  # no pressure: the default


def test_a_second_finger_does_not_draw(pad: SignaturePad) -> None:
    finger = QTest.createTouchDevice(QInputDevice.DeviceType.TouchScreen)
    QTest.touchEvent(pad, finger).press(0, QPoint(100, 50)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(120, 50)).press(1, QPoint(400, 150)).commit()
    QTest.touchEvent(pad, finger).move(0, QPoint(140, 50)).move(1, QPoint(450, 160)).commit()
    QTest.touchEvent(pad, finger).release(0, QPoint(140, 50)).stationary(1).commit()
    QTest.touchEvent(pad, finger).release(1, QPoint(450, 160)).commit()
    assert [[p[:2] for p in s] for s in pad.strokes()] == [[(200, 100), (240, 100), (280, 100)]]


def test_a_touch_is_accepted_and_a_cancelled_touch_draws_nothing(pad: SignaturePad) -> None:
    finger = QPointingDevice(
        "test finger", 4712, QInputDevice.DeviceType.TouchScreen, QPointingDevice.PointerType.Finger, CAPS, 5, 0
    )
    changes: list[bool] = []
    pad.changed.connect(lambda: changes.append(True))
    point = QEventPoint(1, QEventPoint.State.Pressed, QPointF(100, 50), QPointF(pad.mapToGlobal(QPoint(100, 50))))
    begin = QTouchEvent(QEvent.Type.TouchBegin, finger, NO_KEYS, [point])
    QApplication.sendEvent(pad, begin)
    assert begin.isAccepted()  # so Qt makes no mouse events of this touch
    QApplication.sendEvent(pad, QTouchEvent(QEvent.Type.TouchCancel, finger))
    assert pad.is_empty() and changes == []
    touch_stroke(pad, QTest.createTouchDevice(), [(10, 10), (20, 20)])  # the pad is free again
    assert len(pad.strokes()) == 1


# --- read-only, stored signatures


def test_a_read_only_pad_ignores_every_input(pad: SignaturePad) -> None:
    stored = [[(100, 100, 400, 0), (200, 150, 600, 40)], [(300, 100, 500, 90), (320, 300, 500, 130)]]
    pad.set_strokes(stored)
    pad.set_read_only(True)
    assert pad.is_read_only()
    drag(pad, [(100, 50), (200, 60)])
    pen = stylus()
    assert not tablet(pad, pen, QEvent.Type.TabletPress, 150, 50, 0.5)
    tablet(pad, pen, QEvent.Type.TabletMove, 200, 60, 0.5)
    tablet(pad, pen, QEvent.Type.TabletRelease, 250, 60, 0.5)
    touch_stroke(pad, QTest.createTouchDevice(), [(300, 50), (350, 60)])
    pad.setFocus()
    QTest.keyClick(pad, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pad.strokes() == stored
    pad.set_read_only(False)
    drag(pad, [(100, 50), (200, 60)])
    assert len(pad.strokes()) == 3


def test_stored_strokes_round_trip_and_drawing_on_keeps_time_running(qtbot: QtBot, pad: SignaturePad) -> None:
    stored = [[(0, 0, 0, 0), (1200, 400, 1000, 5000)], [(600, 200, 500, 6000)]]
    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.set_strokes(stored)
    assert pad.strokes() == stored
    drag(pad, [(100, 50), (120, 50)])
    assert all(t >= 6000 for *_xyp, t in pad.strokes()[2])
    signatures.check_signed(signatures.normalize(pad.strokes()))
    assert signatures.from_json(signatures.to_json(pad.strokes())) == pad.strokes()
    with pytest.raises(Invalid):
        pad.set_strokes([[(1201, 0, 500, 0)]])
    pad.set_strokes([])
    with pytest.raises(Invalid):
        signatures.check_signed(pad.strokes())


# --- geometry and painting


def test_a_wide_pad_letter_boxes_the_canvas(pad: SignaturePad) -> None:
    pad.resize(900, 200)  # the canvas is 600 x 200 in the middle, bars of 150 each side
    assert pad.canvas_rect().getRect() == (150.0, 0.0, 600.0, 200.0)
    assert pad.to_widget(0, 0) == QPointF(150, 0) and pad.to_widget(1200, 400) == QPointF(750, 200)
    drag(pad, [(150, 0), (450, 100), (749, 199), (10, 100), (890, 100)])
    assert [p[:2] for p in pad.strokes()[0]] == [(0, 0), (600, 200), (1198, 398), (0, 200), (1200, 200)]


def test_a_tall_pad_letter_boxes_the_canvas(pad: SignaturePad) -> None:
    pad.resize(300, 300)  # the canvas is 300 x 100, from y = 100
    assert pad.canvas_rect().getRect() == (0.0, 100.0, 300.0, 100.0)
    drag(pad, [(0, 100), (150, 150), (299, 199), (150, 20), (150, 290)])
    assert [p[:2] for p in pad.strokes()[0]] == [(0, 0), (600, 200), (1196, 396), (600, 0), (600, 400)]
    assert pad.to_widget(600, 200) == QPointF(150, 150)


def test_the_stroke_is_painted_where_it_was_drawn(pad: SignaturePad) -> None:
    image = pad.grab().toImage()
    assert dark_pixels(image, image.rect(), step=2) == 0  # paper, guides and hint are light
    drag(pad, [(100, 50), *((x, 50) for x in range(120, 501, 20))])
    image = pad.grab().toImage()
    assert dark_pixels(image, QRect(290, 45, 20, 11)) > 0
    assert dark_pixels(image, QRect(0, 60, 600, 140), step=2) == 0
    assert dark_pixels(image, QRect(0, 0, 90, 60)) == 0 and dark_pixels(image, QRect(510, 0, 90, 60)) == 0
    pad.resize(1200, 400)  # a resize keeps the drawing, at the new scale
    image = pad.grab().toImage()
    assert dark_pixels(image, QRect(580, 95, 40, 11)) > 0
    assert dark_pixels(image, QRect(0, 120, 1200, 280), step=3) == 0


def test_a_harder_press_draws_a_wider_line(pad: SignaturePad) -> None:
    pad.set_strokes([[(200, 100, 0, 0), (1000, 100, 0, 10)], [(200, 250, 1000, 20), (1000, 250, 1000, 30)]])
    image = pad.grab().toImage()
    light = dark_pixels(image, QRect(300, 40, 1, 20))  # 3 logical units, 1.5 px at this size
    heavy = dark_pixels(image, QRect(300, 115, 1, 20))  # 10 logical units, 5 px
    assert 1 <= light < heavy and heavy >= 4


def test_the_pad_describes_itself(pad: SignaturePad) -> None:
    assert pad.accessibleName() == "Signature pad"
    assert "Ctrl+Z" in pad.accessibleDescription()
    assert pad.sizeHint().width() == 3 * pad.sizeHint().height()
    assert pad.minimumSizeHint().width() <= pad.sizeHint().width()
    assert pad.testAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)


# --- the panel


def test_the_panel_buttons_follow_the_pad(qtbot: QtBot) -> None:
    panel = SignaturePanel("Li Hua")
    qtbot.addWidget(panel)
    panel.resize(620, 300)
    with qtbot.waitActive(panel):  # mnemonics work only in the active window
        panel.show()
        panel.activateWindow()
    assert "Li Hua" in panel.name_label.text()
    assert not panel.undo_button.isEnabled() and not panel.clear_button.isEnabled()
    assert "&" in panel.undo_button.text() and "&" in panel.clear_button.text()
    assert panel.undo_button.toolTip() and panel.clear_button.toolTip()
    drag(panel.pad, [(100, 50), (150, 60)])
    drag(panel.pad, [(200, 50), (250, 60)])
    drag(panel.pad, [(300, 50), (350, 60)])
    assert panel.undo_button.isEnabled() and panel.clear_button.isEnabled()
    QTest.mouseClick(panel.undo_button, LEFT)
    assert len(panel.pad.strokes()) == 2
    QTest.keyClick(panel.pad, Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)  # Alt+U: Undo stroke
    qtbot.waitUntil(lambda: len(panel.pad.strokes()) == 1, timeout=2000)  # a mnemonic animates the click
    panel.clear_button.setFocus()
    QTest.keyClick(panel.clear_button, Qt.Key.Key_Space)
    assert panel.pad.is_empty()
    assert not panel.undo_button.isEnabled() and not panel.clear_button.isEnabled()
    panel.pad.set_strokes([[(0, 0, 500, 0), (10, 10, 500, 5)]])
    assert panel.clear_button.isEnabled()
    panel.set_read_only(True)
    assert not panel.undo_button.isEnabled() and not panel.clear_button.isEnabled()
    panel.set_signer_name("Wang Fang")
    assert "Wang Fang" in panel.name_label.text()
