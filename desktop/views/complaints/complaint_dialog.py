"""Registering a complaint (§7.5.2), in the form-dialog base: how it came in, who complains (a registered client,
a named person, or nobody known), what it is about (a request by its number, a staff member, an institution or
expert, the station), the service category, what happened and what the complainant wants.

The staff, institutions and categories to choose from, and the client search, are read off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget
from shiboken6 import isValid

from desktop.context import AppContext
from desktop.models.complaints import complaint_detail, intake, lifecycle
from desktop.models.complaints.complaint_detail import ComplaintDetail, FormChoices
from desktop.models.complaints.intake import ComplaintInput
from desktop.models.complaints.labels import COMPLAINANT_KIND_LABELS, COMPLAINT_CHANNEL_LABELS
from desktop.models.complaints.tables import CHANNELS, COMPLAINANT_KINDS
from desktop.models.core.changes import Changes
from desktop.models.core.validators import check_length, check_phone, check_required
from desktop.views.requests.request_dialog import find_clients
from desktop.views.shared.form_dialog import FormDialog
from desktop.views.shared.forms import Form, line_edit, text_edit
from desktop.views.shared.labels import label

NOBODY = -1
SEARCH_DELAY_MS = 250


@dataclass(frozen=True)
class ComplaintForm:
    """What is typed (compared and kept as the draft)."""

    channel: str
    kind: str
    client_id: int | None
    client_name: str
    name: str
    phone: str
    request_number: str
    staff_id: int | None
    institution_id: int | None
    station: bool
    category_id: int | None
    what_happened: str
    wants: str


class ComplaintDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, detail: ComplaintDetail | None = None) -> None:
        """A new complaint, or the correction of ``detail`` (what was registered; not its channel or complainant)."""
        super().__init__(ctx, parent)
        self.detail = detail
        self.setWindowTitle(self.tr("Correct complaint %1").replace("%1", detail.number) if detail
                            else self.tr("Register complaint"))
        self.choices_in = False
        self._searches = 0
        layout = QVBoxLayout(self)
        form_layout = QFormLayout()
        layout.addLayout(form_layout)
        f = self.fields = self.form = Form(form_layout)
        self.channel = f.add("channel", self.tr("Came in by"), QComboBox())
        for channel in CHANNELS:
            self.channel.addItem(label(COMPLAINT_CHANNEL_LABELS, channel), channel)
        self.kind = f.add("complainant_kind", self.tr("Complainant"), QComboBox())
        for kind in COMPLAINANT_KINDS:
            self.kind.addItem(label(COMPLAINANT_KIND_LABELS, kind), kind)
        self.kind.setCurrentIndex(self.kind.findData("person"))
        self.client_search = f.add("client", self.tr("Client"), QLineEdit())
        self.client_search.setPlaceholderText(self.tr("Type a name or credit code, then choose below"))
        self.client_search.setClearButtonEnabled(True)
        self.client_box = f.add("client_choice", self.tr("Matches"), QComboBox())
        self.name = f.add("complainant_name", self.tr("Complainant's name"), line_edit(50))
        self.phone = f.add("complainant_phone", self.tr("Phone"), line_edit(20, "139xxxxxxxx"))
        self.request_number = f.add("about_request", self.tr("About request no."),
                                    line_edit(40, self.tr("e.g. LZ-YF01-20261123-0001 (optional)")))
        self.staff = f.add("about_staff", self.tr("About staff member"), QComboBox())
        self.institution = f.add("about_institution", self.tr("About institution or expert"), QComboBox())
        self.station = f.add("subject", self.tr("About the station"), QCheckBox(self.tr("The station's service in "
                                                                                         "general")))
        self.category = f.add("category", self.tr("Service category"), QComboBox())
        for box in (self.staff, self.institution, self.category):
            box.addItem(self.tr("(none)"), NOBODY)
        self.what_happened = f.add("what_happened", self.tr("What happened"),
                                   text_edit(4000, self.tr("The complaint in the complainant's words"), 110))
        self.wants = f.add("wants", self.tr("What the complainant wants"), text_edit(2000, "", 50))
        layout.addWidget(self.button_box())

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_clients)
        self.client_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for key, combo in (("channel", self.channel), ("client", self.client_box), ("about_staff", self.staff),
                           ("about_institution", self.institution), ("category", self.category)):
            combo.currentIndexChanged.connect(lambda _i, k=key: self.touch(k))
        for key, line in (("complainant_name", self.name), ("complainant_phone", self.phone),
                          ("about_request", self.request_number)):
            line.textChanged.connect(lambda _t, k=key: self.touch(k))
        self.station.toggled.connect(lambda _c: self.touch("subject"))
        for key, edit in (("what_happened", self.what_happened), ("wants", self.wants)):
            edit.textChanged.connect(lambda k=key: self.touch(k))
        self._kind_changed()
        self._load_choices()
        self.resize(640, 620)  # within a 1366×768 screen less its taskbar
        self.channel.setFocus()
        if detail is not None:
            self._filling = True
            try:
                self.fill(self._state_of(detail))
            finally:
                self._filling = False
            for widget in (self.channel, self.kind, self.client_search, self.client_box):
                widget.setEnabled(False)  # who complained, and how, stay as registered
        self.begin(f"complaint-{detail.id}" if detail else "complaint-new")

    # ---- the choices and the client search, off the GUI thread --------------------------------------------

    def _load_choices(self) -> None:
        db = self.ctx.db
        self.ctx.tasks.run(lambda _h: complaint_detail.form_choices(db), self._choices_read)

    def _choices_read(self, choices: FormChoices) -> None:
        if not isValid(self):
            return
        self._filling = True
        try:
            for box, items in ((self.staff, choices.staff), (self.institution, choices.institutions),
                               (self.category, choices.categories)):
                for key, text in items:
                    box.addItem(text, key)
            if self.detail is not None:  # the subjects as registered, now that they can be chosen
                self.fill(self._state_of(self.detail))
        finally:
            self._filling = False
        self.choices_in = True
        self._saved_state = self.state()

    def _search_clients(self) -> None:
        term = self.client_search.text().strip()
        self._searches += 1
        asked, db = self._searches, self.ctx.db
        if term:
            self.ctx.tasks.run(lambda _h: (asked, find_clients(db, term)), self._clients_found)

    def _clients_found(self, answer: tuple[int, list[Any]]) -> None:
        asked, rows = answer
        if not isValid(self) or asked != self._searches:
            return
        self.client_box.clear()
        for row in rows:
            self.client_box.addItem(f"{row.name}  {row.uscc}", row.id)
        self.touch("client")

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        for widget, shown in ((self.client_search, kind == "client"), (self.client_box, kind == "client"),
                              (self.name, kind != "anonymous"), (self.phone, kind != "anonymous")):
            box = widget.parentWidget()  # the field with its message (Form.add)
            assert box is not None
            label_widget = self.fields.layout.labelForField(box)
            box.setVisible(shown)
            if label_widget is not None:
                label_widget.setVisible(shown)
        self.touch("complainant_kind")

    # ---- the form ---------------------------------------------------------------------------------------

    def state(self) -> ComplaintForm:
        def chosen(box: QComboBox) -> int | None:
            value = box.currentData()
            return None if value in (None, NOBODY) else int(value)

        return ComplaintForm(
            self.channel.currentData(), self.kind.currentData(), chosen(self.client_box),
            self.client_box.currentText(), self.name.text(), self.phone.text(), self.request_number.text(),
            chosen(self.staff), chosen(self.institution), self.station.isChecked(), chosen(self.category),
            self.what_happened.toPlainText(), self.wants.toPlainText())

    def _state_of(self, d: ComplaintDetail) -> ComplaintForm:
        if d.complainant_kind == "client" and d.client_id is not None and self.client_box.findData(d.client_id) < 0:
            self.client_box.clear()
            self.client_box.addItem(d.complainant, d.client_id)
        return ComplaintForm(d.channel, d.complainant_kind, d.client_id, d.complainant, d.complainant_name,
                             d.complainant_phone,
                             d.about_request, d.about_staff_id, d.about_institution_id, d.about_station,
                             d.category_id, d.what_happened, d.wants)

    def from_draft(self, data: dict[str, Any]) -> ComplaintForm:
        return ComplaintForm(**data)

    def fill(self, state: ComplaintForm) -> None:
        self.channel.setCurrentIndex(max(0, self.channel.findData(state.channel)))
        self.kind.setCurrentIndex(max(0, self.kind.findData(state.kind)))
        if state.client_id is not None:
            if self.client_box.findData(state.client_id) < 0:
                self.client_box.addItem(state.client_name, state.client_id)
            self.client_box.setCurrentIndex(self.client_box.findData(state.client_id))
        self.name.setText(state.name)
        self.phone.setText(state.phone)
        self.request_number.setText(state.request_number)
        for box, value in ((self.staff, state.staff_id), (self.institution, state.institution_id),
                           (self.category, state.category_id)):
            box.setCurrentIndex(max(0, box.findData(NOBODY if value is None else value)))
        self.station.setChecked(state.station)
        self.what_happened.setPlainText(state.what_happened)
        self.wants.setPlainText(state.wants)

    def check(self) -> dict[str, str]:
        s = self.state()
        errors: dict[str, str | None] = {
            "client": "Choose the client who complains." if s.kind == "client" and s.client_id is None else None,
            "complainant_name": check_required(s.name, 50) if s.kind == "person" else check_length(s.name, 50),
            "complainant_phone": check_phone(s.phone) if s.phone.strip() and s.kind != "anonymous" else None,
            "subject": None if (s.request_number.strip() or s.staff_id or s.institution_id or s.station)
            else "Say what the complaint is about.",
            "what_happened": check_required(s.what_happened, 4000, multiline=True),
            "wants": check_length(s.wants, 2000, multiline=True),
        }
        return {k: v for k, v in errors.items() if v}

    def submit(self) -> Changes:
        s = self.state()
        request_id = complaint_detail.request_by_number(self.ctx.db, s.request_number)
        anonymous = s.kind == "anonymous"
        inp = ComplaintInput(
            channel=s.channel, complainant_kind=s.kind, what_happened=s.what_happened,
            client_id=s.client_id if s.kind == "client" else None, complainant_name="" if anonymous else s.name,
            complainant_phone="" if anonymous else s.phone, about_request_id=request_id,
            about_staff_id=s.staff_id, about_institution_id=s.institution_id, about_station=s.station,
            category_id=s.category_id, wants=s.wants)
        if self.detail is not None:
            return lifecycle.edit(self.ctx.db, self.ctx.user_id, self.detail.id, inp)
        return intake.create_complaint(self.ctx.db, self.ctx.user_id, inp)
