"""Sync with the city platform as the window sees it: one ``SyncController`` per main window, shared by the Sync
page, the menu action and the status bar's ``SyncStatus``.

The controller owns "is a sync running", so the End-of-day button and an automatic sync never run at once; there
is one per open station (``SyncController.of(ctx)``), so a sync still finishing after a log-out is known to the
next window too. Every
call that may wait on the network or the keychain (health probe, enrolment check, the sync itself) runs on
``ctx.tasks``; the GUI thread only reads quick SQLite counts. A timer probes the hub's health; when the hub
becomes reachable (it was offline, or not yet checked) and something is waiting and this device is enrolled, a
background sync starts on its own (trigger "automatic", no dialog: its outcome shows in the status bar).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.city_sync import outbox, sync_state
from desktop.models.city_sync.tables import OutboxEntry, SyncState
from desktop.models.core import clock
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.requests.tables import ServiceRequest
from desktop.tasks import Task, TaskHandle
from desktop.views.shared.forms import literal

if TYPE_CHECKING:  # the sync stack (httpx, keyring) is imported when first used: start-up does not pay for it
    from desktop.sync.engine import Progress, SyncSummary

log = logging.getLogger("quality_station.sync")
translate = QCoreApplication.translate

PROBE_INTERVAL_MS = 60_000
FIRST_PROBE_MS = 3_000
PROBE_TIMEOUT_S = 5.0


# ---- shared formatting (context "sync") --------------------------------------------------------------------

def format_bytes(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def format_time(value: datetime | None, short: bool = False) -> str:
    """A stored UTC time in the station's time; ``short``: today's times without the date."""
    local = clock.to_local(value)
    if short and local is not None and local.date() == clock.local_today():
        return clock.format_time(value, "%H:%M")
    return clock.format_time(value, "%m-%d %H:%M" if short else clock.DATE_TIME)


def failure_text(exc: BaseException) -> str:
    """What a failed sync or enrolment says to people, in the UI language."""
    from desktop.sync.client import AuthRefused
    from desktop.sync.engine import SyncFailed

    if isinstance(exc, SyncFailed):
        text = tr_message(exc.message)
        if isinstance(exc.cause, AuthRefused):
            text += "\n" + translate("sync", "Ask the city for a new enrolment code and enrol this device again.")
        return text
    message = getattr(exc, "message", None)
    if expected_failure(exc) and message:
        return tr_message(message)
    return translate("sync", "Unexpected error: {error}").format(error=f"{type(exc).__name__}: {exc}")


def expected_failure(exc: BaseException) -> bool:
    """A failure the sync or the hub explains (as opposed to a bug)."""
    from desktop.sync import service
    from desktop.sync.client import HubError
    from desktop.sync.credentials import CredentialError
    from desktop.sync.engine import SyncFailed

    return isinstance(exc, SyncFailed | service.NotConfigured | CredentialError | HubError)


# ---- work on the worker thread (plain data only) ------------------------------------------------------------

@dataclass(frozen=True)
class ProbeResult:
    configured: bool
    online: bool
    enrolled: bool
    pending: int = 0  # records waiting for the city


@dataclass(frozen=True)
class Queue:
    """What waits for the city and when a sync last went through: the status bar's figures, read off the GUI
    thread (at a million requests, with older records not queued yet, counting takes long enough to be felt)."""

    counts: outbox.QueueCounts
    last_success: datetime | None


def read_queue(db: Database, _handle: TaskHandle) -> Queue:
    return Queue(outbox.counts(db), sync_state.last_success(db))


def probe_hub(db: Database, timeout: float, _handle: TaskHandle) -> ProbeResult:
    from desktop.sync import service
    from desktop.sync.client import HubClient, HubError

    settings = sync_state.load_settings(db)
    if not settings.configured:
        return ProbeResult(False, False, False)
    enrolled = service.is_enrolled(db)
    pending = outbox.counts(db).pending
    try:
        with HubClient(settings.hub_url, None, ca_bundle=settings.ca_bundle, timeout=timeout,
                       connect_timeout=timeout) as client:
            return ProbeResult(True, client.health(), enrolled, pending)
    except HubError:  # the CA bundle cannot be used: as good as unreachable
        return ProbeResult(True, False, enrolled, pending)


@dataclass
class LatestProgress:
    """The engine's last report, handed from the worker to the GUI thread (attribute writes are atomic)."""

    latest: Progress | None = None
    push: tuple[int, int] = field(default=(0, 0))


def run_sync(db: Database, data_dir: Path, trigger: str, box: LatestProgress, handle: TaskHandle) -> SyncSummary:
    from desktop.sync import service

    def progress(p: Progress) -> None:
        box.latest = p
        if p.phase == "push":
            box.push = (p.records_done, p.records_total)
        handle.progress(*box.push)

    return service.sync_once(db, data_dir, trigger=trigger, progress=progress, cancelled=lambda: handle.cancelled)


# ---- the controller ------------------------------------------------------------------------------------------

class SyncController(QObject):
    """Starts syncs (one at a time), probes the hub, and tells the page and the status bar what happened."""

    sync_started = Signal(str)  # trigger
    sync_finished = Signal(str, object)  # trigger, SyncSummary or the exception
    status_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, probe_interval_ms: int = PROBE_INTERVAL_MS,
                 first_probe_ms: int = FIRST_PROBE_MS, probe_timeout: float = PROBE_TIMEOUT_S) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.probe_timeout = probe_timeout
        self.configured = sync_state.load_settings(ctx.db).configured
        self.online: bool | None = None  # None: not checked yet
        self.enrolled: bool | None = None
        self.checked_at: datetime | None = None
        self.running: str | None = None  # the trigger of the sync under way
        self.task: Task | None = None
        self.last_error = ""  # the last sync's failure, in the UI language ("" when it went well)
        self.last_summary: SyncSummary | None = None
        self._progress = LatestProgress()
        self._probing = False
        self._probe_again = False  # the settings changed while a probe was out: its answer is stale
        self._stopped = False
        self.queue: Queue | None = None  # None: not counted yet
        self._counting = False
        self._count_again = False  # something changed while a count was out: count once more
        ctx.data_changed.connect(self._data_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(probe_interval_ms)
        self.timer.timeout.connect(self.probe)
        self.first_timer = QTimer(self)
        self.first_timer.setSingleShot(True)
        self.first_timer.setInterval(first_probe_ms)
        self.first_timer.timeout.connect(self.probe)

    @classmethod
    def of(cls, ctx: AppContext) -> SyncController:
        """The open station's controller, made the first time it is asked for (owned by the context)."""
        found = ctx.findChild(cls)
        return found if isinstance(found, cls) else cls(ctx, ctx)

    # ---- life --------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._stopped = False
        self.timer.start()
        self.first_timer.start()
        self.recount()

    def stop(self) -> None:
        """Timers off, a running sync cancelled (it stops between batches; nothing sent is lost)."""
        self._stopped = True
        self.timer.stop()
        self.first_timer.stop()
        if self.task is not None:
            self.task.cancel()

    def alive(self) -> bool:
        """Whether answers still have somewhere to go (a task may end after the window closed)."""
        return not self._stopped and isValid(self)

    # ---- what waits (counted off the GUI thread, kept here) ------------------------------------------------

    def counts(self) -> outbox.QueueCounts:
        return self.queue.counts if self.queue is not None else outbox.QueueCounts(0, 0, 0)

    def last_success(self) -> datetime | None:
        return self.queue.last_success if self.queue is not None else None

    def recount(self) -> None:
        """Count what waits again, in the background; ``status_changed`` when the figures are in."""
        if self._counting:
            self._count_again = True
            return
        self._counting = True
        self.ctx.tasks.run(partial(read_queue, self.ctx.db), self._counted, self._count_failed)

    def _counted(self, queue: Queue) -> None:
        self._counting = False
        if self._count_again:
            self._count_again = False
            self.recount()
        if isValid(self):
            self.queue = queue
            self.status_changed.emit()

    def _count_failed(self, exc: BaseException) -> None:
        self._counting = self._count_again = False
        raise exc  # unexpected: to sys.excepthook, logged and shown

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches(OutboxEntry, ServiceRequest, SyncState):
            self.recount()

    # ---- probing -----------------------------------------------------------------------------------------

    def probe(self) -> None:
        """Ask the hub whether it is there (in the background); not while a sync is running, which tells."""
        if self._stopped or self._probing or self.running:
            return
        self.configured = sync_state.load_settings(self.ctx.db).configured
        if not self.configured:
            self.online, self.enrolled = None, False
            self.status_changed.emit()
            return
        self._probing = True
        self.ctx.tasks.run(partial(probe_hub, self.ctx.db, self.probe_timeout), self._probed, self._probe_failed)

    def settings_changed(self) -> None:
        """Settings saved or device enrolled: check again now."""
        self.online = None
        if self._probing:
            self._probe_again = True
        else:
            self.probe()

    def _probed(self, result: ProbeResult) -> None:
        self._probing = False
        if not self.alive():
            return
        if self._probe_again:
            self._probe_again = False
            self.probe()
            return
        was_online = self.online
        self.configured, self.online, self.enrolled = result.configured, result.online, result.enrolled
        self.checked_at = clock.local_now()
        self.status_changed.emit()
        if self.should_sync_automatically(was_online, result.pending):
            self.start_sync("automatic")

    def _probe_failed(self, exc: BaseException) -> None:
        self._probing = False
        log.warning("the city platform could not be checked", exc_info=exc)
        if self.alive():
            self.online = False
            self.status_changed.emit()

    def should_sync_automatically(self, was_online: bool | None, pending: int) -> bool:
        """The hub just became reachable, something waits, the device is enrolled, and no sync is running."""
        return (bool(self.online) and was_online is not True and bool(self.enrolled) and self.running is None
                and self.alive() and pending > 0)

    # ---- syncing -----------------------------------------------------------------------------------------

    def start_sync(self, trigger: str = "manual", parent: QWidget | None = None) -> bool:
        """Start a sync unless one is running. A manual sync shows the progress dialog (with Cancel)."""
        if self.running is not None or not self.alive():
            return False
        self.running = trigger
        self.last_error = ""
        self._progress = LatestProgress()
        fn = partial(run_sync, self.ctx.db, self.ctx.data_dir, trigger, self._progress)
        label = self.tr("Syncing with the city platform…") if trigger == "manual" else None
        # what the sync changed (the outbox, requests the city decided on) is announced, also when it failed
        self.task = self.ctx.run_change(fn, self._synced, self._sync_failed, progress_label=label, parent=parent,
                                        on_progress=self._progressed)
        self.sync_started.emit(trigger)
        self.status_changed.emit()
        return True

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def progress_text(self) -> str:
        p = self._progress.latest
        if p is None:
            return self.tr("Syncing with the city platform…")
        sent = format_bytes(p.bytes_sent)
        if p.phase == "queue":
            return self.tr("Preparing earlier records for the city: {done} of {total}").format(
                done=p.records_done, total=p.records_total)
        if p.phase == "files":
            return self.tr("Sending attached files…\n{sent} sent").format(sent=sent)
        if p.phase == "pull":
            return self.tr("Receiving the city's decisions: {n}\n{sent} sent").format(n=p.records_done, sent=sent)
        return self.tr("Sending records: {done} of {total}\n{sent} sent").format(
            done=p.records_done, total=p.records_total, sent=sent)

    def _progressed(self, _done: int, _total: int) -> None:
        if self.task is not None and self.task.dialog is not None:
            self.task.dialog.setLabelText(self.progress_text())

    def _synced(self, summary: SyncSummary) -> None:
        self.online = self.enrolled = True  # it went through: the hub answered this device's credential
        self.last_summary = summary
        self._finish(summary)

    def _sync_failed(self, exc: BaseException) -> None:
        from desktop.sync.client import Unreachable
        from desktop.sync.engine import SyncFailed

        self.last_error = failure_text(exc)
        if isinstance(exc, SyncFailed):
            self.last_summary = exc.summary
            if isinstance(exc.cause, Unreachable):
                self.online = False  # the next probe that reaches it syncs again
        if not expected_failure(exc):  # a bug: its traceback goes to the log; the message to the page or status
            log.error("%s sync failed", self.running, exc_info=exc)
        self._finish(exc)

    def _finish(self, result: object) -> None:
        trigger, self.running, self.task = self.running or "", None, None
        if not self.alive():
            return
        self.sync_finished.emit(trigger, result)
        self.status_changed.emit()


# ---- the status bar --------------------------------------------------------------------------------------

def _dot(color: str) -> QPixmap:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(130))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return pixmap


COLORS = {"online": "#2e7d32", "offline": "#c62828", "syncing": "#1565c0", "failed": "#ef6c00",
          "unknown": "#9e9e9e", "not_set_up": "#9e9e9e"}


class SyncStatus(QWidget):
    """Online or offline (a coloured dot and the word), what waits, and when the last sync went through."""

    clicked = Signal()

    def __init__(self, ctx: AppContext, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.controller = ctx, controller
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(4)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        self.state = ""
        self.action: QAction | None = None  # the menu's end-of-day sync, enabled while no sync runs
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        controller.status_changed.connect(self.refresh)  # also when what waits was counted again
        self.refresh()

    def current_state(self) -> str:
        c = self.controller
        if c.running:
            return "syncing"
        if not c.configured:
            return "not_set_up"
        if c.online is None:
            return "unknown"
        if not c.online:
            return "offline"
        return "failed" if c.last_error else "online"

    def state_text(self, state: str) -> str:
        return {
            "syncing": self.tr("City platform: syncing…"),
            "not_set_up": self.tr("City platform: not set up"),
            "unknown": self.tr("City platform: checking…"),
            "offline": self.tr("City platform: offline"),
            "online": self.tr("City platform: online"),
            "failed": self.tr("City platform: online, the last sync failed"),
        }[state]

    def refresh(self) -> None:
        c = self.controller
        if self.action is not None:
            self.action.setEnabled(c.running is None)
        self.state = self.current_state()
        parts = [self.state_text(self.state)]
        pending = c.counts().pending
        parts.append(self.tr("{n} waiting").format(n=pending))
        last = c.last_success()
        parts.append(self.tr("last sync {time}").format(time=format_time(last, short=True)) if last
                     else self.tr("never synced"))
        self.text.setText(" · ".join(parts))
        self.icon.setPixmap(_dot(COLORS[self.state]))
        tips = [self.text.text()]
        if c.checked_at is not None:
            tips.append(self.tr("Checked at {time}").format(time=c.checked_at.strftime("%H:%M:%S")))
        if c.last_error:
            tips.append(self.tr("The last sync failed: {error}").format(error=c.last_error))
        tips.append(self.tr("Click to open the Sync page."))
        self.setToolTip(literal("\n".join(tips)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)
