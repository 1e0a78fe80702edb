"""Add or edit a client (服务对象): every bad field gets its own message, Save waits for a valid form,
Esc on a changed form asks before discarding, and a USCC already registered offers to open that client.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput, ContactInput, DuplicateClient
from desktop.models.clients.labels import CLIENT_KIND_LABELS, CLIENT_SIZE_LABELS
from desktop.models.clients.tables import CLIENT_KINDS, CLIENT_SIZES
from desktop.models.core.changes import Changes
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.standard import DISTRICTS, INDUSTRIES
from desktop.views.shared.contacts_editor import ContactsEditor
from desktop.views.shared.form_dialog import FormDialog
from desktop.views.shared.forms import Form, confirm_discard, line_edit
from desktop.views.shared.labels import label


class ClientDialog(FormDialog):
    open_client = Signal(int)  # the user wants to open the client that already has this USCC

    def __init__(self, ctx: AppContext, client_id: int | None = None, parent: QWidget | None = None,
                 start_with: ClientInput | None = None) -> None:
        super().__init__(ctx, parent)
        self.client_id = client_id
        self.duplicate_id: int | None = None
        self._owner_of: tuple[str, int | None] = ("", None)
        self.setWindowTitle(self.tr("Edit client") if client_id else self.tr("New client"))
        layout = QVBoxLayout(self)
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        f = self.form = Form(form_layout)
        self.kind = f.add("kind", self.tr("Type"), QComboBox())
        for kind in CLIENT_KINDS:
            self.kind.addItem(label(CLIENT_KIND_LABELS, kind), kind)
        self.name = f.add("name", self.tr("Name"), line_edit(200, self.tr("Full registered name")))
        uscc_row = QWidget()
        uscc_layout = QHBoxLayout(uscc_row)
        uscc_layout.setContentsMargins(0, 0, 0, 0)
        self.uscc = line_edit(18, "91450200XXXXXXXXXX")
        self.uscc.setMaxLength(18 + 6)  # room for pasted spaces; validation says what is wrong
        self.open_existing = QPushButton(self.tr("Open that client"))
        self.open_existing.hide()
        self.open_existing.clicked.connect(self._open_duplicate)
        uscc_layout.addWidget(self.uscc, 1)
        uscc_layout.addWidget(self.open_existing)
        f.add("uscc", self.tr("Unified social credit code"), uscc_row)
        f.fields["uscc"] = self.uscc
        self.district = f.add("district", self.tr("District"), QComboBox())
        self.district.addItem(self.tr("(not set)"), "")
        for d in DISTRICTS:
            self.district.addItem(d, d)
        self.address = f.add("address", self.tr("Address"), line_edit(200))
        self.industry = f.add("industry", self.tr("Industry"), QComboBox())
        self.industry.setEditable(True)
        self.industry.addItem("")
        self.industry.addItems(list(INDUSTRIES))
        industry_edit = self.industry.lineEdit()
        if industry_edit is not None:
            industry_edit.setMaxLength(51)
        self.size_box = f.add("size", self.tr("Size"), QComboBox())
        self.size_box.addItem(self.tr("(not set)"), "")
        for size in CLIENT_SIZES:
            self.size_box.addItem(label(CLIENT_SIZE_LABELS, size), size)

        layout.addWidget(QLabel(self.tr("Contacts")))
        self.contacts_editor = ContactsEditor(110)
        layout.addWidget(self.contacts_editor)
        self.contacts = self.contacts_editor.model
        self.contacts_view = self.contacts_editor.view
        self.add_contact = self.contacts_editor.add_button
        self.remove_contact = self.contacts_editor.remove_button
        self.contact_errors = self.contacts_editor.errors
        self.buttons = self.button_box()
        layout.addWidget(self.buttons)

        if client_id is not None:
            self._load(client_id)
        elif start_with is not None:  # what the clerk searched for before choosing "new"
            self.fill(start_with)
        for key, edit in (("name", self.name), ("uscc", self.uscc), ("address", self.address)):
            edit.textChanged.connect(lambda _t, k=key: self.touch(k))
        self.kind.currentIndexChanged.connect(lambda: self.touch("kind"))
        self.district.currentIndexChanged.connect(lambda: self.touch("district"))
        self.size_box.currentIndexChanged.connect(lambda: self.touch("size"))
        self.industry.currentTextChanged.connect(lambda: self.touch("industry"))
        self.contacts.edited.connect(lambda: self.touch("contacts"))
        self.resize(620, 640)
        self.name.setFocus()
        self.begin(f"client-{client_id or 'new'}")

    # ---- values -------------------------------------------------------------------------------------

    def _load(self, client_id: int) -> None:
        c = clients.get_client(self.ctx.db, client_id)
        self.fill(ClientInput(c.name, c.uscc, c.kind, c.district, c.address, c.industry, c.size,
                              tuple(ContactInput(x.name, x.phone, x.title, x.id) for x in c.contacts)))
        self.touched = {"name", "uscc", "address", "contacts"}

    def fill(self, state: ClientInput) -> None:
        c = state
        self.kind.setCurrentIndex(max(0, self.kind.findData(c.kind)))
        self.name.setText(c.name)
        self.uscc.setText(c.uscc)
        self.district.setCurrentIndex(max(0, self.district.findData(c.district)))
        self.address.setText(c.address)
        self.industry.setCurrentText(c.industry)
        self.size_box.setCurrentIndex(max(0, self.size_box.findData(c.size)))
        self.contacts.set_contacts(list(c.contacts))

    def from_draft(self, data: dict[str, Any]) -> ClientInput:
        return ClientInput(**{**data, "contacts": tuple(ContactInput(**c) for c in data.get("contacts", []))})

    def value(self) -> ClientInput:
        return ClientInput(
            name=self.name.text(), uscc=self.uscc.text().replace(" ", ""), kind=self.kind.currentData(),
            district=self.district.currentData(), address=self.address.text(),
            industry=self.industry.currentText(), size=self.size_box.currentData(), contacts=self.contacts.contacts(),
        )

    state = value

    def field_keys(self) -> Iterable[str]:
        return (*super().field_keys(), "contacts")

    # ---- validation ---------------------------------------------------------------------------------

    def _uscc_owner(self, uscc: str) -> int | None:
        """The client holding ``uscc``, looked up once per code typed (validation runs on every keystroke)."""
        if self._owner_of[0] != uscc:
            self._owner_of = (uscc, clients.find_by_uscc(self.ctx.db, uscc))
        return self._owner_of[1]

    def check(self) -> dict[str, str]:
        value = self.value()
        errors = clients.validate_client(value)
        self.duplicate_id = None
        if "uscc" not in errors and value.uscc:
            existing = self._uscc_owner(value.uscc)
            if existing is not None and existing != self.client_id:
                self.duplicate_id = existing
                errors["uscc"] = "Another client already has this unified social credit code."
        return errors

    def show_errors(self, errors: Mapping[str, str]) -> None:
        shown = {k: v for k, v in errors.items() if k in self.touched or (k == "uscc" and self.duplicate_id)}
        self.form.show_errors(shown)  # type: ignore[union-attr]
        self.open_existing.setVisible(self.duplicate_id is not None)
        self.contacts_editor.show_errors(errors, "contacts" in self.touched)

    # ---- actions ------------------------------------------------------------------------------------

    def _open_duplicate(self) -> None:
        if self.duplicate_id is None:
            return
        if self.is_dirty() and not confirm_discard(self, self.discard_question()):
            return
        target = self.duplicate_id
        self._saved_state = self.value()
        self.reject()
        self.open_client.emit(target)

    def commit_editors(self) -> None:
        self.contacts_editor.commit_open_editor()

    def submit(self) -> Changes:
        if self.client_id is None:
            return clients.create_client(self.ctx.db, self.ctx.user_id, self.value())
        return clients.update_client(self.ctx.db, self.ctx.user_id, self.client_id, self.value())

    def refused(self, exc: Invalid | Refused) -> bool:
        if isinstance(exc, DuplicateClient):  # registered meanwhile, from another window
            self.duplicate_id = exc.existing_id
            self.show_errors(exc.errors)
            self.save_button.setEnabled(False)  # type: ignore[union-attr]
            return True
        return False

    def after_save(self, changes: Changes) -> None:
        self.client_id = changes.ids[0]
        super().after_save(changes)

    def discard_question(self) -> str:
        return self.tr("This client has unsaved changes. Discard them?")
