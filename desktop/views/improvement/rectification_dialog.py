"""One step of a rectification (``improvement.rectifications``): record what was done (and that the client was
asked again), verify it (admins), or give it to another owner (admins). OK calls the service; its refusals show
beside the fields."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.context import AppContext
from desktop.models.accounts.staff import list_staff
from desktop.models.core.changes import Changes
from desktop.models.improvement import rectifications as rect
from desktop.models.improvement.rectifications import RectificationRow, RectifiedInput
from desktop.views.requests.action_dialog import datetime_edit, to_utc
from desktop.views.shared.dates import date_edit, pydate
from desktop.views.shared.step_form import StepForm

STEPS = ("record", "verify", "assign")


class RectificationDialog(StepForm):
    TEXT_MAX = 2000

    def __init__(self, ctx: AppContext, item: RectificationRow, step: str, parent: QWidget | None = None) -> None:
        self.item, self.step = item, step
        captions = {"record": self.tr("Record the rectification"), "verify": self.tr("Verify"),
                    "assign": self.tr("Owner and due day")}
        subject = item.request_number or item.complaint_number
        super().__init__(ctx, f"{captions[step]} - {subject}", f"{subject}  {item.client}\n{item.what[:160]}",
                         captions[step], parent)

    def _build(self) -> Callable[[], Changes]:
        db, actor, rid = self.ctx.db, self.ctx.user_id, self.item.id
        if self.step == "record":
            found = self._text("found", self.tr("What the verification found (核实情况)"))
            found.setPlainText(self.item.found)
            done = self._text("done", self.tr("What was done (整改措施)"))
            done.setPlainText(self.item.done)
            told = self.form.add("told_at", self.tr("Client told and asked again at"), datetime_edit())
            satisfied = self._combo("satisfied", self.tr("Is the client satisfied now?"),
                                    [("—", None), (self.tr("Satisfied"), True), (self.tr("Still dissatisfied"), False)])
            response = self._text("response", self.tr("What the client said"), height=60)
            return lambda: rect.record(db, actor, rid, RectifiedInput(
                found.toPlainText(), done.toPlainText(), to_utc(told), satisfied.currentData(),
                response.toPlainText()))
        if self.step == "verify":
            effective = self._combo("effective", self.tr("Verification"),
                                    [(self.tr("Effective: close it"), True),
                                     (self.tr("Not effective: back to its owner"), False)])
            note = self._text("note", self.tr("Note (required when not effective)"), height=70)
            return lambda: rect.verify(db, actor, rid, bool(effective.currentData()), note.toPlainText())
        owner = self._combo("owner", self.tr("Owner"), [(p.name, p.id) for p in list_staff(db) if p.active])
        owner.setCurrentIndex(max(0, owner.findText(self.item.owner)))
        due = self.form.add("due_on", self.tr("Due"), date_edit(self.item.due_on))
        return lambda: rect.assign(db, actor, rid, int(owner.currentData()), pydate(due.date()))
