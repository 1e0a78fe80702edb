"""Add or edit an institution, expert team or expert (admin): type, capability, qualifications with their
validity, contacts. Each bad field says why, Save waits for a valid form, Esc on a changed form asks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.catalogue.catalogue import list_catalogue
from desktop.models.clients.clients import ContactInput
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.institutions import institutions
from desktop.models.institutions.institutions import InstitutionContactInput, InstitutionInput, QualificationInput
from desktop.models.institutions.labels import INSTITUTION_KIND_LABELS
from desktop.models.institutions.tables import INSTITUTION_KINDS
from desktop.views.institutions.institution_table import QualificationsModel
from desktop.views.shared.contacts_editor import ContactsEditor
from desktop.views.shared.dates import date_edit, qdate, station_today
from desktop.views.shared.form_dialog import FormDialog
from desktop.views.shared.forms import FieldError, Form, line_edit
from desktop.views.shared.labels import label

QUAL_KEYS = ("name", "certificate_no", "valid_from", "valid_until")


class OptionalDateEdit(QWidget):
    """A date that may be absent: QDateEdit has no empty value, so a "no date" box says so explicitly."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.date_edit = date_edit()
        self.date_edit.setDate(station_today())
        self.none_box = QCheckBox(self.tr("No date"))
        layout.addWidget(self.date_edit, 1)
        layout.addWidget(self.none_box)
        self.none_box.toggled.connect(self._toggled)
        self.date_edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.set_value(None)

    def _toggled(self, none: bool) -> None:
        self.date_edit.setEnabled(not none)
        self.changed.emit()

    def value(self) -> date | None:
        if self.none_box.isChecked():
            return None
        picked: date = self.date_edit.date().toPython()  # type: ignore[assignment]
        return picked

    def set_value(self, value: date | None) -> None:
        self.blockSignals(True)
        if value is not None:
            self.date_edit.setDate(qdate(value))
        self.none_box.setChecked(value is None)
        self.date_edit.setEnabled(value is not None)
        self.blockSignals(False)


class InstitutionDialog(FormDialog):
    def __init__(self, ctx: AppContext, institution_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.institution_id = institution_id
        self._owner_of: tuple[str, int | None] = ("", None)
        self.setWindowTitle(self.tr("Edit institution or expert") if institution_id
                            else self.tr("New institution or expert"))
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        layout.addLayout(columns, 1)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        form_layout = QFormLayout()
        left.addLayout(form_layout)
        f = self.form = Form(form_layout)
        self.kind = f.add("kind", self.tr("Type"), QComboBox())
        for kind in INSTITUTION_KINDS:
            self.kind.addItem(label(INSTITUTION_KIND_LABELS, kind), kind)
        self.name = f.add("name", self.tr("Name"), line_edit(200))
        self.contact_name = f.add("contact_name", self.tr("Contact person"), line_edit(50))
        self.phone = f.add("phone", self.tr("Phone"), line_edit(20, "0772-1234567"))
        self.email = f.add("email", self.tr("E-mail"), line_edit(100))
        self.address = f.add("address", self.tr("Address"), line_edit(200))
        self.note = f.add("note", self.tr("Note"), QPlainTextEdit())
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(60)
        self.categories = f.add("categories", self.tr("Capability"), QListWidget())
        self.categories.setMinimumHeight(160)
        for c in list_catalogue(ctx.db, include_retired=False):
            item = QListWidgetItem(f"{c.clause} {c.name}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.categories.addItem(item)

        left.addStretch(1)  # the fields keep their height; the dialog's extra height goes below them
        right.addWidget(self._qualifications_box())
        right.addWidget(self._contacts_box())

        self.buttons = self.button_box()
        layout.addWidget(self.buttons)

        if institution_id is not None:
            self._load(institution_id)
        for key, edit in (("name", self.name), ("contact_name", self.contact_name), ("phone", self.phone),
                          ("email", self.email), ("address", self.address)):
            edit.textChanged.connect(lambda _t, k=key: self.touch(k))
        self.note.textChanged.connect(lambda: self.touch("note"))
        self.kind.currentIndexChanged.connect(lambda: self.touch("kind"))
        self.categories.itemChanged.connect(lambda _i: self.touch("categories"))
        self.contacts.edited.connect(lambda: self.touch("contacts"))
        self.resize(1000, 640)
        self.name.setFocus()
        self.begin(None)  # no draft: an institution is entered at the desk, from its papers

    # ---- building -----------------------------------------------------------------------------------

    def _qualifications_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Qualifications"))
        layout = QVBoxLayout(box)
        self.quals = QualificationsModel(local_today(), self)
        self.quals_view = QTableView()
        self.quals_view.setModel(self.quals)
        self.quals_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.quals_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.quals_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.quals_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.quals_view.setMinimumHeight(100)
        layout.addWidget(self.quals_view)
        buttons = QHBoxLayout()
        self.add_qual = QPushButton(self.tr("Add qualification"))
        self.remove_qual = QPushButton(self.tr("Remove qualification"))
        self.add_qual.clicked.connect(self._add_qualification)
        self.remove_qual.clicked.connect(self._remove_qualification)
        buttons.addWidget(self.add_qual)
        buttons.addWidget(self.remove_qual)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        # the selected qualification's fields
        self.qual_editor = QWidget()
        editor = QFormLayout(self.qual_editor)
        editor.setContentsMargins(0, 0, 0, 0)
        self.qual_name = line_edit(200)
        self.qual_number = line_edit(100)
        self.qual_from = OptionalDateEdit()
        self.qual_until = OptionalDateEdit()
        editor.addRow(self.tr("Qualification"), self.qual_name)
        editor.addRow(self.tr("Certificate no."), self.qual_number)
        editor.addRow(self.tr("Valid from"), self.qual_from)
        editor.addRow(self.tr("Valid until"), self.qual_until)
        layout.addWidget(self.qual_editor)
        self.qual_errors = FieldError()
        layout.addWidget(self.qual_errors)
        self.qual_name.textChanged.connect(self._qualification_edited)
        self.qual_number.textChanged.connect(self._qualification_edited)
        self.qual_from.changed.connect(self._qualification_edited)
        self.qual_until.changed.connect(self._qualification_edited)
        selection = self.quals_view.selectionModel()
        selection.currentRowChanged.connect(lambda _c, _p: self._show_qualification())
        self._show_qualification()
        return box

    def _contacts_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Contacts"))
        layout = QVBoxLayout(box)
        self.contacts_editor = ContactsEditor(90)
        layout.addWidget(self.contacts_editor)
        self.contacts = self.contacts_editor.model
        self.contacts_view = self.contacts_editor.view
        self.add_contact = self.contacts_editor.add_button
        self.remove_contact = self.contacts_editor.remove_button
        self.contact_errors = self.contacts_editor.errors
        return box

    # ---- values -------------------------------------------------------------------------------------

    def _load(self, institution_id: int) -> None:
        d = institutions.get_institution(self.ctx.db, institution_id)
        self._filling = True
        self.kind.setCurrentIndex(max(0, self.kind.findData(d.kind)))
        self.name.setText(d.name)
        self.contact_name.setText(d.contact_name)
        self.phone.setText(d.phone)
        self.email.setText(d.email)
        self.address.setText(d.address)
        self.note.setPlainText(d.note)
        wanted = set(d.category_ids)
        for n in range(self.categories.count()):
            item = self.categories.item(n)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.quals.set_qualifications([QualificationInput(q.name, q.certificate_no, q.valid_from, q.valid_until, q.id)
                                       for q in d.qualifications])
        self.contacts.set_contacts([ContactInput(c.name, c.phone, c.title, c.id) for c in d.contacts])
        self._filling = False
        self._show_qualification()
        self.touched = {"name", "phone", "email", "categories", "qualifications", "contacts"}

    def category_ids(self) -> tuple[int, ...]:
        return tuple(int(self.categories.item(n).data(Qt.ItemDataRole.UserRole)) for n in range(self.categories.count())
                     if self.categories.item(n).checkState() == Qt.CheckState.Checked)

    def value(self) -> InstitutionInput:
        return InstitutionInput(
            kind=self.kind.currentData(), name=self.name.text(), contact_name=self.contact_name.text(),
            phone=self.phone.text(), email=self.email.text(), address=self.address.text(),
            note=self.note.toPlainText(), category_ids=self.category_ids(),
            qualifications=self.quals.qualifications(),
            contacts=tuple(InstitutionContactInput(c.name, c.phone, c.title, c.id) for c in self.contacts.contacts()),
        )

    state = value

    # ---- qualifications: the table shows them, the fields below edit the selected one ----------------

    def _current_qualification(self) -> int:
        index = self.quals_view.currentIndex()
        return index.row() if index.isValid() else -1

    def _show_qualification(self) -> None:
        q = self.quals.qualification(self._current_qualification())
        was_loading = self._filling
        self._filling = True  # filling the fields is not an edit
        self.qual_name.setText(q.name if q else "")
        self.qual_number.setText(q.certificate_no if q else "")
        self.qual_from.set_value(q.valid_from if q else None)
        self.qual_until.set_value(q.valid_until if q else None)
        self._filling = was_loading
        self.qual_editor.setEnabled(q is not None)
        self.remove_qual.setEnabled(q is not None)

    def _qualification_edited(self) -> None:
        row = self._current_qualification()
        if self._filling or row < 0:
            return
        self.quals.set_row(row, QualificationInput(self.qual_name.text(), self.qual_number.text(),
                                                   self.qual_from.value(), self.qual_until.value()))
        self.touch("qualifications")

    def _add_qualification(self) -> None:
        row = self.quals.add()
        self.quals_view.setCurrentIndex(self.quals.index(row, 0))
        self.touch("qualifications")
        self.qual_name.setFocus()

    def _remove_qualification(self) -> None:
        row = self._current_qualification()
        if row >= 0:
            self.quals.remove(row)
            self._show_qualification()
            self.touch("qualifications")

    # ---- validation ---------------------------------------------------------------------------------

    def _name_owner(self, name: str) -> int | None:
        """The institution already called ``name``, looked up once per name typed."""
        if self._owner_of[0] != name:
            self._owner_of = (name, institutions.find_by_name(self.ctx.db, name))
        return self._owner_of[1]

    def check(self) -> dict[str, str]:
        value = self.value()
        errors = institutions.validate_institution(value)
        if "name" not in errors:
            owner = self._name_owner(value.name.strip())
            if owner is not None and owner != self.institution_id:
                errors["name"] = institutions.DUPLICATE_NAME
        return errors

    def _qualification_field(self, key: str) -> str:
        _prefix, n, name = key.split(".")
        label = {"name": self.tr("Qualification"), "certificate_no": self.tr("Certificate no."),
                 "valid_from": self.tr("Valid from"), "valid_until": self.tr("Valid until")}.get(name, name)
        return self.tr("Qualification %1: %2").replace("%1", str(int(n) + 1)).replace("%2", label)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        shown = {k: v for k, v in errors.items() if k in self.touched}
        self.form.show_errors(shown)  # type: ignore[union-attr]
        quals_touched = "qualifications" in self.touched
        qual_errors = {k: v for k, v in errors.items() if k.startswith("qualifications")}
        self.quals.set_errors(qual_errors if quals_touched else {})
        lines = [(self._qualification_field(k) if "." in k else self.tr("Qualifications")) + ": " + tr_message(v)
                 for k, v in qual_errors.items()] if quals_touched else []
        self.qual_errors.setText("\n".join(lines))
        self.qual_errors.setVisible(bool(lines))
        self.contacts_editor.show_errors(errors, "contacts" in self.touched)

    # ---- actions ------------------------------------------------------------------------------------

    def field_keys(self) -> Iterable[str]:
        return (*super().field_keys(), "qualifications", "contacts")

    def commit_editors(self) -> None:
        self.contacts_editor.commit_open_editor()

    def submit(self) -> Changes:
        if self.institution_id is None:
            return institutions.create_institution(self.ctx.db, self.ctx.user_id, self.value())
        return institutions.update_institution(self.ctx.db, self.ctx.user_id, self.institution_id, self.value())

    def after_save(self, changes: Changes) -> None:
        self.institution_id = changes.ids[0]
        super().after_save(changes)
