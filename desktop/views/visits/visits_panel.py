"""The on-site service records (现场服务记录) of one request, inside the request's window.

Originals are listed in order with their amendments (corrections) under them. New, Open (Enter), Sign…,
Print… (the pen-signature form of a draft, the archived PDF of a signed record), Signed on paper… and
Delete draft (Delete) act on the chosen record; the list follows every change announced for visits.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time
from desktop.models.visits import editing, records
from desktop.models.visits.records import VisitSummary
from desktop.models.visits.tables import Visit
from desktop.views.shared.drafts import DraftStore
from desktop.views.shared.forms import apply_change, literal
from desktop.views.visits.sign_dialog import SignDialog, archive_and_preview, mark_on_paper, print_form
from desktop.views.visits.visit_dialog import VisitDialog
from desktop.views.visits.visit_labels import short_id, visit_status_label


class VisitsPanel(QWidget):
    records_changed = Signal()  # one of this request's records changed (signing also writes to the timeline)

    def __init__(self, ctx: AppContext, request_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.request_id = request_id
        self.request_status = ""
        self.summaries: dict[int, VisitSummary] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("On-site service records")))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("When"), self.tr("Place"), self.tr("Officers"), self.tr("Status")])
        self.tree.setAccessibleName(self.tr("On-site service records"))
        self.tree.setAllColumnsShowFocus(True)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("&New visit record"))
        self.open_button = QPushButton(self.tr("Open"))
        self.sign_button = QPushButton(self.tr("Sign…"))
        self.print_button = QPushButton(self.tr("Print…"))
        self.paper_button = QPushButton(self.tr("Signed on paper…"))
        self.paper_button.setToolTip(self.tr("Attach the scan of the printed form signed by pen, and lock the "
                                             "record"))
        self.delete_button = QPushButton(self.tr("Delete draft"))
        for button in (self.new_button, self.open_button, self.sign_button, self.print_button, self.paper_button,
                       self.delete_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.new_button.clicked.connect(self.new_visit)
        self.open_button.clicked.connect(self.open_visit)
        self.sign_button.clicked.connect(self.sign)
        self.print_button.clicked.connect(self.print_record)
        self.paper_button.clicked.connect(self.mark_on_paper)
        self.delete_button.clicked.connect(self.delete_draft)
        self.tree.itemActivated.connect(lambda _item, _column: self.open_visit())
        self.tree.currentItemChanged.connect(lambda _item, _previous: self._update_buttons())
        delete_key = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.tree, self.delete_draft)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        ctx.data_changed.connect(self._data_changed)
        self.reload()

    # ---- the list ------------------------------------------------------------------------------------

    def set_request_status(self, status: str) -> None:
        """New records are taken while the request is one the station still works on (``editing.VISITABLE``)."""
        self.request_status = status
        self.reload()  # the request changed (a step, a sync): its records are read again too

    def reload(self) -> None:
        chosen = self.current()
        rows = records.list_visits(self.ctx.db, self.request_id)
        self.summaries = {r.id: r for r in rows}
        self.tree.clear()
        items: dict[int, QTreeWidgetItem] = {}
        for r in rows:
            item = QTreeWidgetItem([format_time(r.visited_at), r.place, r.officers,
                                    visit_status_label(r.status, r.amends_id is not None)])
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            tip = self.tr("Record %1").replace("%1", short_id(r.uuid))
            if r.content_hash:
                tip += "\n" + self.tr("Content hash (SHA-256): %1").replace("%1", r.content_hash)
            for column in range(4):
                item.setToolTip(column, literal(tip))
            parent = items.get(r.amends_id) if r.amends_id is not None else None
            if parent is not None:
                parent.addChild(item)
                parent.setExpanded(True)
            else:
                self.tree.addTopLevelItem(item)
            items[r.id] = item
        for column in (0, 2, 3):
            self.tree.resizeColumnToContents(column)
        if chosen is not None and chosen.id in items:
            self.tree.setCurrentItem(items[chosen.id])
        elif rows:
            self.tree.setCurrentItem(items[rows[-1].id])
        self._update_buttons()

    def current(self) -> VisitSummary | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        return self.summaries.get(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def select(self, visit_id: int) -> None:
        for item in self._items():
            if item.data(0, Qt.ItemDataRole.UserRole) == visit_id:
                self.tree.setCurrentItem(item)

    def _items(self) -> list[QTreeWidgetItem]:
        found: list[QTreeWidgetItem] = []
        for n in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(n)
            if top is not None:
                found.append(top)
                found += [c for k in range(top.childCount()) if (c := top.child(k)) is not None]
        return found

    def _update_buttons(self) -> None:
        chosen = self.current()
        draft = chosen is not None and chosen.status == "draft"
        self.new_button.setEnabled(self.request_status in editing.VISITABLE)
        self.new_button.setToolTip("" if self.new_button.isEnabled() else self.tr(
            "Visits are recorded only for requests the station works on (not escalated, withdrawn or archived)."))
        self.open_button.setEnabled(chosen is not None)
        self.print_button.setEnabled(chosen is not None)
        for button in (self.sign_button, self.paper_button, self.delete_button):
            button.setEnabled(draft)

    def _data_changed(self, changes: Changes) -> None:
        if not changes.touches(Visit):
            return
        before = set(self.summaries)
        self.reload()
        if set(changes.ids) & (before | set(self.summaries)):
            self.records_changed.emit()

    # ---- acting --------------------------------------------------------------------------------------

    def _dialog(self, visit_id: int | None) -> VisitDialog:
        dialog = VisitDialog(self.ctx, self.request_id, visit_id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self.select)
        dialog.open()
        dialog.offer_draft()
        return dialog

    def new_visit(self) -> VisitDialog | None:
        if self.request_status not in editing.VISITABLE:
            return None
        return self._dialog(None)

    def open_visit(self) -> VisitDialog | None:
        chosen = self.current()
        return self._dialog(chosen.id) if chosen is not None else None

    def sign(self) -> SignDialog | None:
        chosen = self.current()
        if chosen is None or chosen.status != "draft":
            return None
        dialog = SignDialog(self.ctx, chosen.id, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def print_record(self) -> None:
        chosen = self.current()
        if chosen is None:
            return
        if chosen.status == "draft":
            print_form(self.window(), self.ctx, chosen.id)
        else:
            archive_and_preview(self.window(), self.ctx, chosen.id)

    def mark_on_paper(self) -> None:
        chosen = self.current()
        if chosen is not None and chosen.status == "draft":
            mark_on_paper(self.window(), self.ctx, chosen.id)

    def delete_draft(self) -> bool:
        """Throw away the chosen draft, after asking. Returns whether it was deleted."""
        chosen = self.current()
        if chosen is None or chosen.status != "draft":
            return False
        answer = QMessageBox.question(
            self.window(), self.tr("Delete draft"),
            self.tr("Delete the draft record of %1 at %2? This cannot be undone.")
            .replace("%1", format_time(chosen.visited_at)).replace("%2", chosen.place),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        db, actor = self.ctx.db, self.ctx.user_id
        if not apply_change(self.window(), self.ctx, lambda: editing.delete_draft(db, actor, chosen.id)):
            return False
        DraftStore(self.ctx.settings, actor, f"visit-{chosen.id}").clear()  # its unsaved input goes too
        return True
