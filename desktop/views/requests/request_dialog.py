"""Take a request (§7.1): pick or register the client, the channel, the catalogue items, what is needed.

The client is found by typing (name, credit code, contact, phone: the client registry's search) or
registered on the spot with the client dialog. Input is kept as a draft while typed, so a crash or a
closed laptop lid loses nothing; Esc on a changed form asks first. The same dialog corrects a request
before hand-over (the client then stays fixed).
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.messages import tr_message
from desktop.models.catalogue import catalogue
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput, ClientQuery, ClientRow
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, Refused
from desktop.models.requests import attachments, intake, lifecycle, request_detail
from desktop.models.requests.intake import RequestInput
from desktop.models.requests.labels import CHANNEL_LABELS
from desktop.models.requests.tables import CHANNELS
from desktop.tasks import TaskHandle
from desktop.views.shared.form_dialog import FormDialog
from desktop.views.shared.forms import Form, line_edit, plain_label, text_edit
from desktop.views.shared.labels import label

SEARCH_DELAY_MS = 200
MATCHES_SHOWN = 20


class RequestDialog(FormDialog):
    def __init__(self, ctx: AppContext, request_id: int | None = None, client_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.request_id = request_id
        self.client_id: int | None = None
        self.files: list[Path] = []
        self._searches = 0  # the newest client search asked for; older answers are dropped
        self._take_first = False
        self._shown_term, self._shown_search = "", 0  # the search whose matches are shown
        self.setWindowTitle(self.tr("Edit request") if request_id else self.tr("New request"))
        layout = QVBoxLayout(self)
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        f = self.form = Form(form_layout)

        client_box = QWidget()
        client_layout = QVBoxLayout(client_box)
        client_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        self.client_search = QLineEdit()
        self.client_search.setPlaceholderText(self.tr("Type a name, credit code, contact or phone"))
        self.client_search.setClearButtonEnabled(True)
        self.new_client_button = QPushButton(self.tr("New client…"))
        search_row.addWidget(self.client_search, 1)
        search_row.addWidget(self.new_client_button)
        client_layout.addLayout(search_row)
        self.client_matches = QListWidget()
        self.client_matches.setMaximumHeight(120)
        self.client_matches.hide()
        client_layout.addWidget(self.client_matches)
        self.client_label = plain_label(self.tr("No client chosen yet."))
        client_layout.addWidget(self.client_label)
        f.add("client", self.tr("Client"), client_box)

        self.channel = f.add("channel", self.tr("Channel"), QComboBox())
        for channel in CHANNELS:
            self.channel.addItem(label(CHANNEL_LABELS, channel), channel)
        self.channel.setCurrentIndex(self.channel.findData("window"))
        self.items = f.add("items", self.tr("Service items"), QTreeWidget())
        self.items.setHeaderHidden(True)
        self.items.setMinimumHeight(170)
        self._fill_catalogue()
        self.description = f.add("description", self.tr("What is needed"), text_edit(
            4000, self.tr("The client's request in their words"), 90))
        self.contact_name = f.add("contact_name", self.tr("Contact person"), line_edit(50))
        self.contact_phone = f.add("contact_phone", self.tr("Contact phone"), line_edit(20, "139xxxxxxxx"))
        self.assessment = f.add("assessment", self.tr("Assessment"), text_edit(
            2000, self.tr("Your assessment of the need (optional)"), 50))

        if request_id is None:
            files_row = QWidget()
            files_layout = QHBoxLayout(files_row)
            files_layout.setContentsMargins(0, 0, 0, 0)
            self.files_label = plain_label(self.tr("None"))
            self.files_label.setWordWrap(True)
            self.add_files_button = QPushButton(self.tr("Add files…"))
            self.add_files_button.clicked.connect(self._add_files)
            files_layout.addWidget(self.files_label, 1)
            files_layout.addWidget(self.add_files_button)
            f.add("file", self.tr("Attachments"), files_row)

        self.buttons = self.button_box()
        layout.addWidget(self.buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_clients)
        self.client_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.client_search.returnPressed.connect(self._take_first_match)
        self.client_matches.itemActivated.connect(self._match_chosen)
        self.client_matches.itemClicked.connect(self._match_chosen)
        self.new_client_button.clicked.connect(self._new_client)
        to_matches = QShortcut(QKeySequence(Qt.Key.Key_Down), self.client_search, self._focus_matches)
        to_matches.setContext(Qt.ShortcutContext.WidgetShortcut)

        if request_id is not None:
            self._load(request_id)
        elif client_id is not None:
            self._choose_client(client_id)
        for key, edit in (("description", self.description), ("assessment", self.assessment)):
            edit.textChanged.connect(lambda k=key: self.touch(k))
        for key, line in (("contact_name", self.contact_name), ("contact_phone", self.contact_phone)):
            line.textChanged.connect(lambda _t, k=key: self.touch(k))
        self.channel.currentIndexChanged.connect(lambda: self.touch("channel"))
        self.items.itemChanged.connect(lambda _i, _c: self.touch("items"))
        self.resize(680, 760)
        (self.description if request_id or client_id else self.client_search).setFocus()
        self.begin(f"request-{request_id or 'new'}")

    # ---- catalogue -------------------------------------------------------------------------------------

    def _fill_catalogue(self, keep: tuple[int, ...] = ()) -> None:
        """Categories with their current items to tick (a retired item stays only where already chosen)."""
        self.items.clear()
        for cat in catalogue.list_catalogue(self.ctx.db):
            parent = QTreeWidgetItem([f"{cat.clause} {cat.name}"])
            parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for item in cat.items:
                if item.retired and item.id not in keep:
                    continue
                child = QTreeWidgetItem([f"{item.clause or ''} {item.title}".strip()])
                child.setData(0, Qt.ItemDataRole.UserRole, item.id)
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable |
                               Qt.ItemFlag.ItemIsSelectable)
                child.setCheckState(0, Qt.CheckState.Checked if item.id in keep else Qt.CheckState.Unchecked)
                parent.addChild(child)
            self.items.addTopLevelItem(parent)
            parent.setExpanded(any(i.id in keep for i in cat.items))

    def _item_nodes(self) -> list[QTreeWidgetItem]:
        top = (self.items.topLevelItem(n) for n in range(self.items.topLevelItemCount()))
        children = (p.child(k) for p in top if p is not None for k in range(p.childCount()))
        return [c for c in children if c is not None]

    def checked_items(self) -> tuple[int, ...]:
        return tuple(int(c.data(0, Qt.ItemDataRole.UserRole)) for c in self._item_nodes()
                     if c.checkState(0) == Qt.CheckState.Checked)

    def set_items(self, ids: tuple[int, ...]) -> None:
        for node in self._item_nodes():
            node.setCheckState(0, Qt.CheckState.Checked if node.data(0, Qt.ItemDataRole.UserRole) in ids
                               else Qt.CheckState.Unchecked)
            parent = node.parent()
            if node.data(0, Qt.ItemDataRole.UserRole) in ids and parent is not None:
                parent.setExpanded(True)

    # ---- the client ------------------------------------------------------------------------------------

    def _search_clients(self, then_take_first: bool = False) -> None:
        """Look the typed client up off the GUI thread (a million-row registry takes a moment)."""
        term = self.client_search.text().strip()
        self._take_first = then_take_first
        self._searches += 1
        if not term:
            self.client_matches.clear()
            self.client_matches.hide()
            return
        db, asked = self.ctx.db, self._searches
        self.ctx.tasks.run(lambda _h: (asked, term, find_clients(db, term)), self._clients_found)

    def _clients_found(self, answer: tuple[int, str, list[ClientRow]]) -> None:
        asked, term, rows = answer
        if asked != self._searches or not isValid(self):
            return  # typed on since: a newer search is on its way
        self._shown_term, self._shown_search = term, asked
        self.client_matches.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.name}  {row.uscc}  {row.contact} {row.phone}".strip())
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.client_matches.addItem(item)
        if not rows:
            self.client_matches.addItem(QListWidgetItem(self.tr("No client found: register a new one.")))
        self.client_matches.show()
        self.client_matches.setCurrentRow(0)
        if self._take_first:
            self._take_first = False
            first = self.client_matches.item(0)
            if first is not None and first.data(Qt.ItemDataRole.UserRole) is not None:
                self._match_chosen(first)

    def _focus_matches(self) -> None:
        """Down from the search box into the matches; Enter there chooses one."""
        if self.client_matches.count():
            self.client_matches.setFocus()
            self.client_matches.setCurrentRow(0)

    def _take_first_match(self) -> None:
        """Enter in the search box: the first match (once the search for what is typed is in)."""
        self._search_timer.stop()
        if self._shown_term == self.client_search.text().strip() and self._shown_search == self._searches:
            first = self.client_matches.item(0)
            if first is not None and first.data(Qt.ItemDataRole.UserRole) is not None:
                self._match_chosen(first)
            return
        self._search_clients(then_take_first=True)

    def _match_chosen(self, item: QListWidgetItem) -> None:
        client_id = item.data(Qt.ItemDataRole.UserRole)
        if client_id is None:
            self._new_client()
            return
        self._choose_client(int(client_id))
        self.channel.setFocus()

    def _choose_client(self, client_id: int) -> None:
        detail = clients.get_client(self.ctx.db, client_id)
        self.client_id = client_id
        self.client_label.setText(f"{detail.name}  {detail.uscc}  {detail.district}".strip())
        self.client_matches.hide()
        if detail.contacts and not self.contact_name.text() and not self.contact_phone.text():
            self.contact_name.setText(detail.contacts[0].name)
            self.contact_phone.setText(detail.contacts[0].phone)
        self.touch("client")

    def _new_client(self) -> None:
        from desktop.views.clients.client_dialog import ClientDialog

        term = self.client_search.text().strip()
        start = ClientInput(name=term) if term and not term.isascii() else ClientInput(name="", uscc=term)
        dialog = ClientDialog(self.ctx, parent=self, start_with=start)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._choose_client)
        dialog.open()

    # ---- values, drafts ----------------------------------------------------------------------------------

    def _load(self, request_id: int) -> None:
        r = request_detail.get_request(self.ctx.db, request_id)
        self.client_id = r.client_id
        self.client_label.setText(f"{r.client_name}  {r.client_uscc}".strip())
        self.client_search.hide()
        self.new_client_button.hide()
        self.channel.setCurrentIndex(self.channel.findData(r.channel))
        self.channel.setEnabled(False)
        self._fill_catalogue(tuple(i.id for i in r.items))
        self.description.setPlainText(r.description)
        self.contact_name.setText(r.contact_name)
        self.contact_phone.setText(r.contact_phone)
        self.assessment.setPlainText(r.assessment)

    def value(self) -> RequestInput:
        return RequestInput(
            client_id=self.client_id, channel=self.channel.currentData(), item_ids=self.checked_items(),
            description=self.description.toPlainText(), contact_name=self.contact_name.text(),
            contact_phone=self.contact_phone.text(), assessment=self.assessment.toPlainText(),
        )

    state = value

    def is_dirty(self) -> bool:
        return super().is_dirty() or bool(self.files)

    def draft_data(self, state: Any) -> dict[str, Any]:
        data = super().draft_data(state)
        data.pop("received_at", None)
        return data

    def from_draft(self, data: dict[str, Any]) -> RequestInput:
        return RequestInput(**{**data, "item_ids": tuple(data.get("item_ids", ())), "received_at": None})

    def fill(self, state: RequestInput) -> None:
        draft = state
        if draft.client_id is not None and self.request_id is None:
            with contextlib.suppress(Refused):  # the client is gone: the rest of the draft is still worth having
                self._choose_client(draft.client_id)
        self.channel.setCurrentIndex(max(0, self.channel.findData(draft.channel)))
        self.set_items(draft.item_ids)
        self.description.setPlainText(draft.description)
        self.contact_name.setText(draft.contact_name)
        self.contact_phone.setText(draft.contact_phone)
        self.assessment.setPlainText(draft.assessment)

    # ---- validation, files, saving ----------------------------------------------------------------------

    def check(self) -> dict[str, str]:
        errors = intake.validate_request(self.value())
        if self.request_id is not None:
            errors.pop("client", None)
        for key, edit in (("description", self.description), ("assessment", self.assessment)):
            if len(edit.toPlainText()) > int(edit.property("max_len")) and key not in errors:
                errors[key] = "The text is too long."
        return errors

    def _add_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        self.files += [Path(n) for n in names if Path(n) not in self.files]
        self.files_label.setText("\n".join(p.name for p in self.files) or self.tr("None"))

    def submit(self) -> Changes:
        if self.request_id is None:
            return intake.create_request(self.ctx.db, self.ctx.user_id, self.value())
        return lifecycle.update_request(self.ctx.db, self.ctx.user_id, self.request_id, self.value())

    def after_save(self, changes: Changes) -> None:
        request_id = self.request_id or changes.ids[0]
        if self.files:
            attach_in_background(self.ctx, request_id, list(self.files), self.parentWidget())
            self.files = []
        self.saved.emit(request_id)
        self.accept()

    def discard_question(self) -> str:
        return self.tr("This request has unsaved input. Discard it?")


def find_clients(db: Database, term: str) -> list[ClientRow]:
    """The first clients matching ``term`` (the background half of the search: plain data in and out)."""
    result = clients.run_query(db, ClientQuery(text=term))
    ids = (result.ids or [])[:MATCHES_SHOWN]
    if ids:
        return clients.rows_by_id(db, ids)
    return clients.client_page(db, ClientQuery(text=term), 0, MATCHES_SHOWN, result.count)


def attachments_dir(ctx: AppContext) -> Path:
    return ctx.data_dir / "attachments"


def open_attached(parent: QWidget, ctx: AppContext, fetch: Callable[[Path], tuple[Path, str]]) -> None:
    """Open an attached file (a request's, a complaint's, a plan's evidence) with the system viewer: a copy under
    its own name; ``fetch(attachments folder)`` gives the stored copy, checked, and its name, or refuses."""
    try:
        path, name = fetch(attachments_dir(ctx))
    except Refused as exc:
        QMessageBox.warning(parent, parent.window().windowTitle(), tr_message(exc.message))
        return
    target = ctx.data_dir / "opened" / path.stem[:16] / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        shutil.copyfile(path, target)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def attach_in_background(ctx: AppContext, request_id: int, files: list[Path], parent: QWidget | None,
                         attach: Any = None, entity: Any = None) -> None:
    """Copy and hash the files off the GUI thread (they may be large); say which could not be attached. A request's
    files, or with ``attach`` (``add_attachment(db, actor, id, path, folder)``) and its ``entity``, another's."""
    db, folder, actor = ctx.db, attachments_dir(ctx), ctx.user_id
    add = attach or attachments.add_attachment

    def work(handle: TaskHandle) -> attachments.Attached:
        done = attachments.Attached(request_id, entity=entity) if entity else attachments.Attached(request_id)
        for n, path in enumerate(files):
            try:
                add(db, actor, request_id, path, folder)
            except (Invalid, Refused) as exc:
                message = next(iter(exc.errors.values())) if isinstance(exc, Invalid) else exc.message
                done.failed.append((path.name, message))
            handle.progress(n + 1, len(files))
        return done

    def done(attached: attachments.Attached) -> None:
        if attached.failed and parent is not None:
            QMessageBox.warning(parent, parent.window().windowTitle(), "\n".join(
                f"{name}: {tr_message(message)}" for name, message in attached.failed))

    ctx.run_change(work, done, progress_label=QCoreApplication.translate("RequestDialog", "Attaching files…"),
                  parent=parent)
