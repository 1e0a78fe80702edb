"""Add or edit a client (服务对象): every bad field gets its own message, Save waits for a valid form,
Esc on a changed form asks before discarding, and a USCC already registered offers to open that client.
"""

from __future__ import annotations

from dataclasses import asdict

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput, ContactInput, DuplicateClient
from desktop.models.clients.labels import CLIENT_KIND_LABELS, CLIENT_SIZE_LABELS
from desktop.models.clients.tables import CLIENT_KINDS, CLIENT_SIZES
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.standard import DISTRICTS, INDUSTRIES
from desktop.views.shared.contacts_editor import ContactsEditor
from desktop.views.shared.drafts import DraftStore, ask_to_restore
from desktop.views.shared.forms import Form, confirm_discard, line_edit
from desktop.views.shared.labels import label

DRAFT_DELAY_MS = 500


class ClientDialog(QDialog):
    saved = Signal(int)  # client id
    open_client = Signal(int)  # the user wants to open the client that already has this USCC

    def __init__(self, ctx: AppContext, client_id: int | None = None, parent: QWidget | None = None,
                 start_with: ClientInput | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.client_id = client_id
        self.duplicate_id: int | None = None
        self._owner_of: tuple[str, int | None] = ("", None)
        self.touched: set[str] = set()
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

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        if client_id is not None:
            self._load(client_id)
        elif start_with is not None:  # what the clerk searched for before choosing "new"
            self._fill(start_with)
        self._saved_state = self.value()
        self.drafts = DraftStore(ctx.settings, ctx.user_id, f"client-{client_id or 'new'}")
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self._keep_draft)
        for key, edit in (("name", self.name), ("uscc", self.uscc), ("address", self.address)):
            edit.textChanged.connect(lambda _t, k=key: self._touch(k))
        self.kind.currentIndexChanged.connect(lambda: self._touch("kind"))
        self.district.currentIndexChanged.connect(lambda: self._touch("district"))
        self.size_box.currentIndexChanged.connect(lambda: self._touch("size"))
        self.industry.currentTextChanged.connect(lambda: self._touch("industry"))
        self.contacts.edited.connect(lambda: self._touch("contacts"))
        self.resize(620, 640)
        self.name.setFocus()
        self._validate()

    # ---- values -------------------------------------------------------------------------------------

    def _load(self, client_id: int) -> None:
        c = clients.get_client(self.ctx.db, client_id)
        self._fill(ClientInput(c.name, c.uscc, c.kind, c.district, c.address, c.industry, c.size,
                               tuple(ContactInput(x.name, x.phone, x.title, x.id) for x in c.contacts)))
        self.touched = {"name", "uscc", "address", "contacts"}

    def _fill(self, c: ClientInput) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(c.kind)))
        self.name.setText(c.name)
        self.uscc.setText(c.uscc)
        self.district.setCurrentIndex(max(0, self.district.findData(c.district)))
        self.address.setText(c.address)
        self.industry.setCurrentText(c.industry)
        self.size_box.setCurrentIndex(max(0, self.size_box.findData(c.size)))
        self.contacts.set_contacts(list(c.contacts))

    # ---- drafts: what was typed survives a crash ------------------------------------------------------

    def offer_draft(self) -> bool:
        """If an unsaved draft of this form exists, ask whether to restore it. Returns whether it was."""
        found = self.drafts.load()
        if found is None:
            return False
        data, saved_at = found
        try:
            draft = ClientInput(**{**data, "contacts": tuple(ContactInput(**c) for c in data.get("contacts", []))})
        except TypeError:
            self.drafts.clear()
            return False
        if draft == self._saved_state:
            self.drafts.clear()
            return False
        if not ask_to_restore(self, saved_at):
            self.drafts.clear()
            return False
        self._fill(draft)
        self.touched.update(self.form.errors)
        self.touched.add("contacts")
        self._validate()
        return True

    def _keep_draft(self) -> None:
        if self.is_dirty():
            self.drafts.save(asdict(self.value()))
        else:
            self.drafts.clear()

    def value(self) -> ClientInput:
        return ClientInput(
            name=self.name.text(), uscc=self.uscc.text().replace(" ", ""), kind=self.kind.currentData(),
            district=self.district.currentData(), address=self.address.text(),
            industry=self.industry.currentText(), size=self.size_box.currentData(), contacts=self.contacts.contacts(),
        )

    def is_dirty(self) -> bool:
        return self.value() != self._saved_state

    # ---- validation ---------------------------------------------------------------------------------

    def _touch(self, key: str) -> None:
        self.touched.add(key)
        self._validate()
        self._draft_timer.start()

    def _uscc_owner(self, uscc: str) -> int | None:
        """The client holding ``uscc``, looked up once per code typed (validation runs on every keystroke)."""
        if self._owner_of[0] != uscc:
            self._owner_of = (uscc, clients.find_by_uscc(self.ctx.db, uscc))
        return self._owner_of[1]

    def _validate(self) -> dict[str, str]:
        value = self.value()
        errors = clients.validate_client(value)
        self.duplicate_id = None
        if "uscc" not in errors and value.uscc:
            existing = self._uscc_owner(value.uscc)
            if existing is not None and existing != self.client_id:
                self.duplicate_id = existing
                errors["uscc"] = "Another client already has this unified social credit code."
        self._show(errors)
        self.save_button.setEnabled(not errors)
        return errors

    def _show(self, errors: dict[str, str]) -> None:
        shown = {k: v for k, v in errors.items() if k in self.touched or (k == "uscc" and self.duplicate_id)}
        self.form.show_errors(shown)
        self.open_existing.setVisible(self.duplicate_id is not None)
        self.contacts_editor.show_errors(errors, "contacts" in self.touched)

    # ---- actions ------------------------------------------------------------------------------------

    def _open_duplicate(self) -> None:
        if self.duplicate_id is None:
            return
        if self.is_dirty() and not self._confirm_discard():
            return
        target = self.duplicate_id
        self._saved_state = self.value()
        self.reject()
        self.open_client.emit(target)

    def save(self) -> None:
        self.contacts_editor.commit_open_editor()
        self.touched.update(self.form.errors)
        self.touched.add("contacts")
        if self._validate():
            return
        try:
            if self.client_id is None:
                changes = clients.create_client(self.ctx.db, self.ctx.user_id, self.value())
            else:
                changes = clients.update_client(self.ctx.db, self.ctx.user_id, self.client_id, self.value())
        except DuplicateClient as exc:
            self.duplicate_id = exc.existing_id
            self._show(exc.errors)
            self.save_button.setEnabled(False)
            return
        except Invalid as exc:
            self._show(exc.errors)
            return
        except Refused as exc:
            QMessageBox.warning(self, self.windowTitle(), tr_message(exc.message))
            return
        self.client_id = changes.ids[0]
        self._saved_state = self.value()
        self._draft_timer.stop()
        self.drafts.clear()
        self.ctx.announce(changes)
        self.saved.emit(self.client_id)
        self.accept()

    def _confirm_discard(self) -> bool:
        return confirm_discard(self, self.tr("This client has unsaved changes. Discard them?"))

    def reject(self) -> None:
        """Esc, Cancel or the close box: ask first when something was changed."""
        if self.is_dirty() and not self._confirm_discard():
            return
        self._saved_state = self.value()
        self._draft_timer.stop()
        self.drafts.clear()
        super().reject()
