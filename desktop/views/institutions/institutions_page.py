"""服务机构 / 专家 (§7.2.4, §7.6.2): the registry of institutions, expert teams and experts.

Everyone sees the list and each one's record (capability, qualifications, contacts, services given,
timeliness, satisfaction); only admins add, edit, disable and enable. Qualifications that have expired or end
within 30 days stand out in words, an icon and a colour.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.core.area import resolve
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time, local_today
from desktop.models.core.db import Database
from desktop.models.core.errors import NotFound
from desktop.models.core.registry import areas
from desktop.models.institutions import institutions
from desktop.models.institutions.institutions import InstitutionRow, QualificationInput, RecentReferral
from desktop.models.institutions.labels import INSTITUTION_KIND_LABELS
from desktop.models.institutions.tables import Institution
from desktop.models.requests.labels import REQUEST_STATUS_LABELS
from desktop.models.requests.tables import ServiceRequest
from desktop.views.institutions.institution_dialog import InstitutionDialog
from desktop.views.institutions.institution_table import InstitutionFilter, InstitutionTableModel, QualificationsModel
from desktop.views.shared.forms import apply_change, plain_label
from desktop.views.shared.labels import label, text
from desktop.views.shared.list_model import ListTableModel


class InstitutionRecordPanel(QGroupBox):
    """The selected institution: who it is, what it can do, and what it has done for the station."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Record"))
        layout = QVBoxLayout(self)
        self.heading = plain_label()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        form = QFormLayout()
        layout.addLayout(form)
        self.kind = plain_label()
        self.capability = plain_label()
        self.contact = plain_label()
        self.services = plain_label()
        self.on_time = plain_label()
        self.evaluation = plain_label()
        for field in (self.capability, self.contact):
            field.setWordWrap(True)
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Capability"), self.capability)
        form.addRow(self.tr("Contacts"), self.contact)
        form.addRow(self.tr("Services given"), self.services)
        form.addRow(self.tr("On-time feedback"), self.on_time)
        form.addRow(self.tr("Average evaluation"), self.evaluation)
        # what later areas tell of an institution (the complaints area: its valid complaints, §7.5.4)
        self.facts = [(fact, plain_label()) for area in areas() for fact in area.institution_facts]
        for fact, value in self.facts:
            form.addRow(text(fact.caption), value)
        layout.addWidget(QLabel(self.tr("Qualifications")))
        self.quals = QualificationsModel(local_today(), self)
        self.quals_view = self._table(self.quals)
        layout.addWidget(self.quals_view)
        layout.addWidget(QLabel(self.tr("Recent referrals")))
        self.recent: ListTableModel[RecentReferral] = ListTableModel([
            (self.tr("Request"), lambda r: r.number),
            (self.tr("Client"), lambda r: r.client),
            (self.tr("Referred"), lambda r: format_time(r.referred_at, "%Y-%m-%d")),
            (self.tr("Deadline"), lambda r: r.deadline.isoformat()),
            (self.tr("Feedback"), lambda r: format_time(r.responded_at, "%Y-%m-%d")),
            (self.tr("In time"), lambda r: {True: self.tr("Yes"), False: self.tr("Late"), None: ""}[r.on_time]),
            (self.tr("Status"), lambda r: label(REQUEST_STATUS_LABELS, r.status)),
        ], self, dimmed=lambda r: r.on_time is None)
        self.recent_view = self._table(self.recent)
        layout.addWidget(self.recent_view, 1)
        self.show_institution(None)

    @staticmethod
    def _table(model: object) -> QTableView:
        view = QTableView()
        view.setModel(model)  # type: ignore[arg-type]
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().hide()
        return view

    def show_institution(self, detail: institutions.InstitutionDetail | None,
                         record: institutions.InstitutionRecord | None = None) -> None:
        self.setEnabled(detail is not None)
        if detail is None:
            for field in (self.heading, self.kind, self.capability, self.contact, self.services, self.on_time,
                          self.evaluation, *(value for _f, value in self.facts)):
                field.clear()
            self.quals.set_qualifications([])
            self.recent.set_items([])
            return
        self.heading.setText(detail.name if detail.active else self.tr("%1 (disabled)").replace("%1", detail.name))
        self.kind.setText(label(INSTITUTION_KIND_LABELS, detail.kind))
        self.capability.setText("\n".join(f"{c.clause} {c.name}" for c in detail.categories))
        lines = [" ".join(p for p in (detail.contact_name, detail.phone, detail.email) if p)]
        lines += [" ".join(p for p in (c.name, c.title, c.phone) if p) for c in detail.contacts]
        if detail.address:
            lines.append(detail.address)
        self.contact.setText("\n".join(line for line in lines if line))
        self.quals.today = local_today()
        self.quals.set_qualifications([QualificationInput(q.name, q.certificate_no, q.valid_from, q.valid_until, q.id)
                                       for q in detail.qualifications])
        if record is None:
            return
        self.services.setText(self.tr("Referred: %1; completed: %2").replace("%1", str(record.services))
                              .replace("%2", str(record.completed)))
        self.on_time.setText(self.tr("none judged yet") if record.on_time_rate is None
                             else f"{record.on_time_rate:.0%}")
        self.evaluation.setText(self.tr("no evaluations yet") if record.average_evaluation is None
                                else self.tr("%1 of 5").replace("%1", f"{record.average_evaluation:.1f}"))
        self.recent.set_items(record.recent)

    def show_facts(self, db: Database, institution_id: int) -> None:
        """The later areas' lines (each one indexed count: a few ms)."""
        for fact, value in self.facts:
            value.setText(str(resolve(fact.read)(db, institution_id)))


class InstitutionsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: InstitutionDialog | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search name, type, capability, contact or phone"))
        self.search.setClearButtonEnabled(True)
        self.search.setMaxLength(100)
        bar.addWidget(self.search, 3)
        self.show_inactive = QCheckBox(self.tr("Show disabled"))
        bar.addWidget(self.show_inactive)
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setToolTip(self.tr("Register an institution, expert team or expert (Ctrl+N)"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.toggle_button = QPushButton(self.tr("Disable"))
        for b in (self.new_button, self.edit_button, self.toggle_button):
            bar.addWidget(b)
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        self.model = InstitutionTableModel(self)
        self.proxy = InstitutionFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((200, 70, 190, 70, 100)):
            header.resizeSection(col, width)
        header.setStretchLastSection(True)
        self.record = InstitutionRecordPanel()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.record)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([780, 520])
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self._filter)
        self.show_inactive.toggled.connect(lambda _on: self.reload())
        self.new_button.clicked.connect(self.new_institution)
        self.edit_button.clicked.connect(self.edit_selected)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        new_shortcut = QShortcut(QKeySequence.StandardKey.New, self, self.new_institution)
        new_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.data_changed.connect(self._on_data_changed)
        ctx.user_changed.connect(self._on_user_changed)
        self._apply_role()
        self.loading = True  # the first list is read in the background: opening the page waits for nothing
        db, today, inactive = ctx.db, local_today(), self.show_inactive.isChecked()
        ctx.tasks.run(lambda _handle: institutions.list_institutions(db, today, inactive), self._first_read,
                      self._first_failed, urgent=True)

    # ---- state --------------------------------------------------------------------------------------

    @property
    def is_admin(self) -> bool:
        return self.ctx.user is not None and self.ctx.user.is_admin

    def _on_user_changed(self, _user: object) -> None:
        self._apply_role()

    def _apply_role(self) -> None:
        """Only admins keep the registry; everyone else reads it."""
        for b in (self.new_button, self.edit_button, self.toggle_button):
            b.setVisible(self.is_admin)
        self._update_buttons()

    def _first_read(self, rows: list[InstitutionRow]) -> None:
        if isValid(self) and self.loading:  # else a reload has been shown meanwhile
            self._show_rows(rows)

    def _first_failed(self, exc: BaseException) -> None:
        if isValid(self):
            self.loading = False
        raise exc  # unexpected: to sys.excepthook, logged and shown

    def reload(self) -> None:
        """Reload the list, keeping the selected institution selected."""
        self._show_rows(institutions.list_institutions(self.ctx.db, local_today(), self.show_inactive.isChecked()))

    def _show_rows(self, rows: list[InstitutionRow]) -> None:
        self.loading = False
        current = self.selected()
        self.model.set_rows(rows)
        self._update_count()
        if current is not None:
            self.select_institution(current.id)
        else:
            self._selection_changed()

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("%n entries", "", self.proxy.rowCount()))

    def selected(self) -> InstitutionRow | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        row = self.proxy.mapToSource(index).row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def select_institution(self, institution_id: int) -> None:
        row = self.model.row_of(institution_id)
        if row is None:
            self.table.clearSelection()
            self._selection_changed()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
        self._selection_changed()

    def _selection_changed(self, *_args: QItemSelection) -> None:
        self._update_buttons()
        self.show_record()

    def _update_buttons(self) -> None:
        current = self.selected()
        self.edit_button.setEnabled(current is not None)
        self.toggle_button.setEnabled(current is not None)
        self.toggle_button.setText(self.tr("Enable") if current is not None and not current.active
                                   else self.tr("Disable"))

    def show_record(self) -> None:
        current = self.selected()
        if current is None:
            self.record.show_institution(None)
            return
        try:
            detail = institutions.get_institution(self.ctx.db, current.id)
            record = institutions.institution_record(self.ctx.db, current.id)
        except NotFound:  # removed meanwhile by another window: the next reload drops it
            self.record.show_institution(None)
            return
        self.record.show_institution(detail, record)
        self.record.show_facts(self.ctx.db, current.id)

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(Institution):
            self.reload()
        elif changes.touches(ServiceRequest):  # a referral or evaluation may change a record shown
            self.show_record()

    # ---- actions ------------------------------------------------------------------------------------

    def new_institution(self) -> None:
        if self.is_admin:
            self._open_dialog(None)

    def edit_selected(self) -> None:
        current = self.selected()
        if current is not None and self.is_admin:
            self._open_dialog(current.id)

    def _activated(self, _index: QModelIndex) -> None:
        """Enter or a double click: admins edit; the record beside the list is everyone's view."""
        self.edit_selected()

    def _open_dialog(self, institution_id: int | None) -> None:
        dialog = InstitutionDialog(self.ctx, institution_id, self)
        dialog.saved.connect(self.select_institution)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.dialog = dialog  # kept for tests and so it is not collected while open

    def toggle_active(self) -> None:
        current = self.selected()
        if current is not None and self.is_admin:  # the page reloads on the change it announces
            apply_change(self, self.ctx, lambda: institutions.set_active(
                self.ctx.db, self.ctx.user_id, current.id, not current.active))
