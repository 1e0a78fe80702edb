"""One 现场服务记录 (§7.3.4): written on site as a draft, signed by the client and the officer, then locked.

A new record or a draft is a form: time, place, officers, the client's attendees, what was done, questions
answered, what was collected, follow-ups. What is typed is kept as a draft in the settings file while typing
(a crash or a flat battery loses nothing); "Save draft" writes it to the database. A signed record opens read
only, with its signatures and seal, to print or to correct by an amendment (a new draft pointing to it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.context import AppContext
from desktop.models.accounts import staff
from desktop.models.clients import clients
from desktop.models.core.changes import Changes
from desktop.models.core.clock import format_time
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.types import utcnow
from desktop.models.core.validators import parse_day
from desktop.models.requests import request_detail
from desktop.models.visits import editing, records
from desktop.models.visits.editing import AttendeeInput, FollowUpInput, OfficerRef, VisitInput
from desktop.models.visits.records import VisitDetail
from desktop.models.visits.tables import ACTION_MAX, NAME_MAX, PHONE_MAX, PLACE_MAX, REASON_MAX, TEXT_MAX, TITLE_MAX
from desktop.views.requests.action_dialog import datetime_edit, station_now, to_utc
from desktop.views.shared.form_dialog import FormDialog
from desktop.views.shared.forms import Form, apply_change, line_edit, plain_label, text_edit
from desktop.views.visits.sign_dialog import SignDialog, archive_and_preview, mark_on_paper, print_form
from desktop.views.visits.visit_labels import error_lines, short_id, visit_status_label
from desktop.views.visits.visit_widgets import Column, OfficersEditor, RecordSeal, RowsTable, raw_of

TIME_FORMAT = "yyyy-MM-dd'T'HH:mm"  # the visit time in a draft: local, to the minute
BANNER_STYLE = "background: #fff4e5; padding: 6px; border: 1px solid #e0a040;"
LOCKED_STYLE = "background: #e8f0fe; padding: 6px; border: 1px solid #7a9cd6;"


class VisitDialog(FormDialog):
    SAVE_ONLY_WHEN_VALID = False  # a draft may be saved half-written; signing checks it whole
    save_button: QPushButton  # "Save draft", made by _build_buttons

    def __init__(self, ctx: AppContext, request_id: int, visit_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.request_id = request_id
        self.visit_id = visit_id
        self.detail: VisitDetail | None = records.get_visit(ctx.db, visit_id) if visit_id else None
        self.amendment = self.detail is not None and self.detail.amends_id is not None
        if self.detail is not None:
            number, client_name, address = (self.detail.request_number, self.detail.client_name,
                                            self.detail.client_address)
        else:
            req = request_detail.get_request(ctx.db, request_id)
            number, client_name = req.number, req.client_name
            address = clients.get_client(ctx.db, req.client_id).address
        self.request_number = number
        layout = QVBoxLayout(self)
        self.title = plain_label(f"{number}   {client_name}")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.banner = plain_label()
        self.banner.setWordWrap(True)
        layout.addWidget(self.banner)

        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 4, 0)
        left_layout, right_layout = QFormLayout(), QFormLayout()
        for form_layout in (left_layout, right_layout):
            form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        columns.addLayout(left_layout, 1)
        columns.addSpacing(12)
        columns.addLayout(right_layout, 1)
        self.left, self.right = Form(left_layout), Form(right_layout)
        self._build_fields(left_layout)
        self.record: RecordSeal | None = None  # a signed record's signatures and seal, under the fields
        self._outer = outer = QVBoxLayout()
        outer.addWidget(body)
        outer.addStretch(1)
        holder = QWidget()
        holder.setLayout(outer)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._build_buttons())

        if self.detail is not None:
            self.fill(raw_of(self.detail.input))
        else:
            me = ctx.user
            self.officers.set_officers([OfficerRef(me.name, me.id)] if me else [])
            self.place.setText(address)
        self._connect_edits()
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_draft)
        QShortcut(QKeySequence.StandardKey.Print, self, self._print)
        self.resize(1060, 720)
        self._apply_mode()
        self.begin(self._draft_key())
        (self.work_done if self.detail is not None else self.place).setFocus()

    # ---- building ------------------------------------------------------------------------------------

    def _build_fields(self, left_layout: QFormLayout) -> None:
        self.visited_at = self.left.add("visited_at", self.tr("Date and time of the visit"), datetime_edit())
        self.visited_at.setDateTime(station_now())
        self.place = self.left.add("place", self.tr("Place"), line_edit(PLACE_MAX, self.tr("Where the visit was")))
        colleagues = [s for s in staff.list_staff(self.ctx.db) if s.active]
        self.officers = self.left.add("officers", self.tr("Officers"), OfficersEditor(colleagues))
        self.attendees = RowsTable(
            [Column("name", self.tr("Name"), NAME_MAX), Column("title", self.tr("Position"), TITLE_MAX),
             Column("phone", self.tr("Phone"), PHONE_MAX, "139xxxxxxxx")],
            "attendee", "attendees", self.tr("Add attendee"), self.tr("Remove attendee"))
        self.attendees.table.setAccessibleName(self.tr("Client attendees"))
        left_layout.addRow(self.tr("Client attendees"), self.attendees)
        self.follow_ups = RowsTable(
            [Column("action", self.tr("Action"), ACTION_MAX), Column("owner", self.tr("Owner"), NAME_MAX),
             Column("due_on", self.tr("Due (optional)"), 10, "YYYY-MM-DD", stretch=False)],
            "follow_up", "follow_ups", self.tr("Add follow-up"), self.tr("Remove follow-up"))
        self.follow_ups.table.setAccessibleName(self.tr("Follow-ups"))
        left_layout.addRow(self.tr("Follow-ups"), self.follow_ups)
        self.work_done = self.right.add("work_done", self.tr("What was done"), text_edit(
            TEXT_MAX, self.tr("The service given on site, in full"), 120))
        self.questions = self.right.add("questions", self.tr("Questions answered"), text_edit(
            TEXT_MAX, self.tr("The client's questions and the answers given"), 90))
        self.collected = self.right.add("collected", self.tr("Information and documents collected"), text_edit(
            TEXT_MAX, self.tr("One item per line"), 70))
        self.reason = self.right.add("amendment_reason", self.tr("Reason for the correction"), text_edit(
            REASON_MAX, self.tr("What was wrong in the signed record"), 60))
        self.right.layout.setRowVisible(self.right.layout.rowCount() - 1, self.amendment)

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.print_form_button = QPushButton(self.tr("Print &form for pen signature…"))
        self.paper_button = QPushButton(self.tr("Mark signed on &paper…"))
        self.print_button = QPushButton(self.tr("&Print…"))
        self.correct_button = QPushButton(self.tr("&Correct (amendment)…"))
        self.save_button = QPushButton(self.tr("Save &draft"))
        self.save_button.setToolTip(self.tr("Save the record as a draft (Ctrl+S)"))
        self.sign_button = QPushButton(self.tr("&Sign…"))
        self.close_button = QPushButton(self.tr("Close"))
        for button in (self.print_form_button, self.paper_button, self.print_button, self.correct_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.save_button, self.sign_button, self.close_button):
            row.addWidget(button)
        for button in (self.print_form_button, self.paper_button, self.print_button, self.correct_button,
                       self.save_button, self.sign_button, self.close_button):
            button.setAutoDefault(False)
        self.print_form_button.clicked.connect(self.print_form)
        self.paper_button.clicked.connect(self.mark_on_paper)
        self.print_button.clicked.connect(self.print_record)
        self.correct_button.clicked.connect(self.correct)
        self.save_button.clicked.connect(self.save_draft)
        self.sign_button.clicked.connect(self.sign)
        self.close_button.clicked.connect(self.reject)
        return row

    def _connect_edits(self) -> None:
        self.visited_at.dateTimeChanged.connect(lambda _d: self.touch("visited_at"))
        self.place.textChanged.connect(lambda _t: self.touch("place"))
        for key, edit in (("work_done", self.work_done), ("questions", self.questions),
                          ("collected", self.collected), ("amendment_reason", self.reason)):
            edit.textChanged.connect(lambda k=key: self.touch(k))
        self.officers.edited.connect(lambda: self.touch("officers"))
        self.attendees.edited.connect(lambda: self.touch("attendees"))
        self.follow_ups.edited.connect(lambda: self.touch("follow_ups"))

    def _draft_key(self) -> str:
        return f"visit-{self.visit_id}" if self.visit_id else f"visit-new-{self.request_id}"

    # ---- showing the record's state ------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.detail is not None and self.detail.status != "draft"

    def _apply_mode(self) -> None:
        ro = self.read_only
        d = self.detail
        status = visit_status_label(d.status, self.amendment) if d else self.tr("New record")
        ident = self.tr("Record %1").replace("%1", short_id(d.uuid)) if d else ""
        title = self.tr("On-site service record")
        self.setWindowTitle(f"{title} - {self.request_number}  {status}")
        for edit in (self.place, self.work_done, self.questions, self.collected, self.reason):
            edit.setReadOnly(ro)
        if ro:  # each text as tall as it is (up to a point): the signatures below stay in sight
            for text in (self.work_done, self.questions, self.collected, self.reason):
                shown = min(12, max(2, text.document().blockCount() + 1))
                height = text.fontMetrics().lineSpacing() * shown + 2 * text.frameWidth() + 8
                text.setMinimumHeight(height)
                text.setMaximumHeight(height)
        self.visited_at.setReadOnly(ro)
        self.officers.set_read_only(ro)
        self.attendees.set_read_only(ro)
        self.follow_ups.set_read_only(ro)
        for button in (self.print_form_button, self.paper_button, self.save_button, self.sign_button):
            button.setVisible(not ro)
        self.print_button.setVisible(ro)
        self.correct_button.setVisible(ro and not self.amendment_pending())
        lines = [f"{status}   {ident}".strip()]
        if self.amendment and d is not None and d.amends_id is not None:
            original = records.get_visit(self.ctx.db, d.amends_id)
            lines.append(self.tr("Corrects record %1 of %2, signed %3. The original stays as it was.")
                         .replace("%1", short_id(original.uuid)).replace("%2", format_time(original.input.visited_at))
                         .replace("%3", format_time(original.locked_at)))
        if ro and d is not None:
            lines.append(self.tr("Locked %1 by %2: the record can no longer be changed; a correction is recorded "
                                 "as an amendment.").replace("%1", format_time(d.locked_at)).replace("%2", d.locked_by))
            if d.amendments:
                lines.append(self.tr("This record has been corrected: see the amendments below."))
            if self.record is None:
                self.record = RecordSeal(d)
                self.record.open_visit.connect(self.open_other)
                self._outer.insertWidget(1, self.record)
        self.banner.setText("\n".join(lines))
        self.banner.setStyleSheet(LOCKED_STYLE if ro else BANNER_STYLE if self.amendment else "")

    def amendment_pending(self) -> bool:
        d = self.detail
        return d is not None and any(a.status == "draft" for a in d.amendments)

    # ---- values, drafts ------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """The form as typed (what a draft keeps; blank table rows too)."""
        return {
            "visited_at": self.visited_at.dateTime().toString(TIME_FORMAT), "place": self.place.text(),
            "officers": [[o.name, o.staff_id] for o in self.officers.officers()],
            "attendees": self.attendees.all_rows(), "work_done": self.work_done.toPlainText(),
            "questions": self.questions.toPlainText(), "collected": self.collected.toPlainText(),
            "follow_ups": self.follow_ups.all_rows(), "amendment_reason": self.reason.toPlainText(),
        }

    def fill(self, state: dict[str, Any]) -> None:
        raw = state
        self._filling = True
        try:
            moment = QDateTime.fromString(str(raw.get("visited_at", "")), TIME_FORMAT)
            if moment.isValid():
                self.visited_at.setDateTime(moment)
            self.place.setText(str(raw.get("place", "")))
            self.officers.set_officers([OfficerRef(str(name), int(sid) if sid is not None else None)
                                        for name, sid in raw.get("officers", [])])
            self.attendees.set_rows(raw.get("attendees", []))
            self.follow_ups.set_rows(raw.get("follow_ups", []))
            self.work_done.setPlainText(str(raw.get("work_done", "")))
            self.questions.setPlainText(str(raw.get("questions", "")))
            self.collected.setPlainText(str(raw.get("collected", "")))
            self.reason.setPlainText(str(raw.get("amendment_reason", "")))
        finally:
            self._filling = False

    def field_keys(self) -> list[str]:
        return ["visited_at", "place", "officers", "attendees", "follow_ups", "work_done", "questions", "collected",
                "amendment_reason"]

    def value(self) -> tuple[VisitInput, dict[str, str]]:
        """The record as the service takes it, and the problems only the form sees (a due date not a date)."""
        problems: dict[str, str] = {}
        follow_ups = []
        for i, (action, owner, due) in enumerate(self.follow_ups.rows()):
            day = parse_day(due) if due.strip() else None
            if due.strip() and day is None:
                problems[f"follow_up.{i}.due_on"] = self.tr("Write the date as YYYY-MM-DD.")
            follow_ups.append(FollowUpInput(action, owner, day))
        inp = VisitInput(
            visited_at=to_utc(self.visited_at), place=self.place.text(), officers=self.officers.officers(),
            attendees=tuple(AttendeeInput(*row) for row in self.attendees.rows()),
            work_done=self.work_done.toPlainText(), questions=self.questions.toPlainText(),
            collected=self.collected.toPlainText(), follow_ups=tuple(follow_ups),
            amendment_reason=self.reason.toPlainText())
        return inp, problems

    # ---- validation ----------------------------------------------------------------------------------

    def check(self) -> dict[str, str]:
        inp, problems = self.value()
        return {**editing.validate_visit(inp, utcnow(), amendment=self.amendment), **problems}

    def show_errors(self, errors: Mapping[str, str]) -> None:
        shown = {k: v for k, v in errors.items() if k in self.touched}
        self.left.show_errors(shown)
        self.right.show_errors(shown)
        self.attendees.show_errors(errors, "attendees" in self.touched)
        self.follow_ups.show_errors(errors, "follow_ups" in self.touched)

    def focus_first(self, errors: Mapping[str, str]) -> None:
        for form in (self.left, self.right):
            field = form.first_invalid(errors)
            if field is not None:
                field.setFocus()
                return
        for rows in (self.attendees, self.follow_ups):
            cell = rows.first_bad_cell()
            if cell is not None:
                rows.table.setCurrentCell(*cell)
                rows.table.setFocus()
                return

    # ---- saving --------------------------------------------------------------------------------------

    def save_draft(self) -> bool:
        """Write the draft to the database (the record stays open). Returns whether it was saved."""
        return self.save()

    def commit_editors(self) -> None:
        self.attendees.commit_open_editor()
        self.follow_ups.commit_open_editor()

    def submit(self) -> Changes:
        inp, _problems = self.value()
        if self.visit_id is None:
            return editing.create_visit(self.ctx.db, self.ctx.user_id, self.request_id, inp)
        return editing.save_visit(self.ctx.db, self.ctx.user_id, self.visit_id, inp)

    def after_save(self, changes: Changes) -> None:
        if self.visit_id is None:
            self.visit_id = changes.ids[0]
            self.set_draft_key(self._draft_key())
        self.detail = records.get_visit(self.ctx.db, self.visit_id)
        self._saved_state = self.state()
        self._apply_mode()
        self.saved.emit(self.visit_id)

    def _saved_draft_id(self) -> int | None:
        """The draft's id with what is typed saved first (signing and printing use the database's copy)."""
        if self.visit_id is None or self.is_dirty():
            return self.visit_id if self.save_draft() else None
        return self.visit_id

    def sign(self) -> SignDialog | None:
        visit_id = self._saved_draft_id()
        if visit_id is None:
            return None
        dialog = SignDialog(self.ctx, visit_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed.connect(lambda _id: self.reload())
        dialog.open()
        return dialog

    def print_form(self) -> None:
        visit_id = self._saved_draft_id()
        if visit_id is not None:
            print_form(self, self.ctx, visit_id)

    def mark_on_paper(self) -> None:
        visit_id = self._saved_draft_id()
        if visit_id is not None:
            mark_on_paper(self, self.ctx, visit_id, self.reload)

    def print_record(self) -> None:
        if self.visit_id is not None and self.read_only:
            archive_and_preview(self, self.ctx, self.visit_id)

    def _print(self) -> None:
        (self.print_record if self.read_only else self.print_form)()

    def reload(self) -> None:
        """Show the record as the database has it (after signing: locked)."""
        if self.visit_id is None:
            return
        self._draft_timer.stop()
        self.detail = records.get_visit(self.ctx.db, self.visit_id)
        if self.read_only and self.drafts is not None:
            self.drafts.clear()
        self.fill(raw_of(self.detail.input))
        self._saved_state = self.state()
        self._apply_mode()
        self.show_errors({})

    def correct(self) -> VisitDialog | None:
        """Record a correction of this signed record: a new draft amendment, opened to edit and sign."""
        if self.visit_id is None or not self.read_only:
            return None
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("Correct the record"),
            self.tr("What is wrong in the signed record? The original stays as it was; the correction is a "
                    "new record, signed again."))
        if not ok:
            return None
        visit_id, db, actor = self.visit_id, self.ctx.db, self.ctx.user_id

        def unreasonable(exc: Invalid | Refused) -> bool:  # the reason is the one field: say it in the box
            if isinstance(exc, Invalid):
                QMessageBox.warning(self, self.windowTitle(), error_lines(exc.errors))
                return True
            return False

        changes = apply_change(self, self.ctx, lambda: editing.create_amendment(db, actor, visit_id, reason),
                               on_refused=unreasonable)
        if changes is None:
            return None
        dialog = self.open_other(changes.ids[0])
        self.done(QDialog.DialogCode.Accepted)
        return dialog

    def open_other(self, visit_id: int) -> VisitDialog:
        """Another record of the request (an amendment), in its own window."""
        dialog = VisitDialog(self.ctx, self.request_id, visit_id, self.parentWidget())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.offer_draft()
        return dialog

    def discard_question(self) -> str:
        return self.tr("This on-site service record has unsaved input. Discard it?")
