"""One step of a complaint (``complaints.lifecycle``), as a small form of the fields it requires, each with its
message; OK calls the service and the dialog stays open, messages beside the fields, when it refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from desktop.context import AppContext
from desktop.messages import QT_TRANSLATE_NOOP
from desktop.models.complaints import complaint_detail, lifecycle
from desktop.models.complaints.complaint_detail import ComplaintDetail
from desktop.models.complaints.labels import (
    COMPLAINT_STEP_LABELS,
    EXTERNAL_ROUTE_LABELS,
    LIKELIHOOD_LABELS,
    SEVERITY_LABELS,
    TOLD_CHANNEL_LABELS,
    URGENCY_LABELS,
)
from desktop.models.complaints.lifecycle import Assessment, Closure, Step
from desktop.models.complaints.tables import EXTERNAL_ROUTES, LIKELIHOODS, SEVERITIES, TOLD_CHANNELS, URGENCIES
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.institutions import institutions
from desktop.views.requests.action_dialog import datetime_edit, to_utc
from desktop.views.shared.dates import date_edit, qdate
from desktop.views.shared.labels import label
from desktop.views.shared.step_form import StepForm

# step -> (the field the service names in its errors, its label, the longest text) of steps with one text field
TEXT_FIELD: dict[Step, tuple[str, str, int]] = {
    Step.INVESTIGATE: ("findings", QT_TRANSLATE_NOOP("StepDialog", "What was checked, the evidence, who was heard"),
                       4000),
    Step.RECORD_REPLY: ("reply", QT_TRANSLATE_NOOP("StepDialog", "The institution's reply"), 4000),
    Step.DECIDE: ("decision", QT_TRANSLATE_NOOP("StepDialog", "The decision (处理意见)"), 4000),
    Step.REVIEW: ("reason", QT_TRANSLATE_NOOP("StepDialog", "Why it is reviewed, and what is new"), 2000),
    Step.RECORD_OUTCOME: ("outcome", QT_TRANSLATE_NOOP("StepDialog", "The outcome of the dispute resolution"),
                          2000),
    Step.WITHDRAW: ("reason", QT_TRANSLATE_NOOP("StepDialog", "Why the complainant withdrew"), 2000),
    Step.NOTE: ("note", QT_TRANSLATE_NOOP("StepDialog", "Note"), 4000),
}


def _choices(table: object, codes: tuple[str, ...], blank: str | None = None) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = [(blank, None)] if blank is not None else []
    return items + [(label(table, c), c) for c in codes]  # type: ignore[arg-type]


class StepDialog(StepForm):
    TEXT_MAX = 2000

    def __init__(self, ctx: AppContext, detail: ComplaintDetail, step: Step, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        self.detail = detail
        self.step = step
        super().__init__(ctx, f"{label(COMPLAINT_STEP_LABELS, step)} - {detail.number}",
                         f"{detail.number}  {detail.what_happened[:80]}", label(COMPLAINT_STEP_LABELS, step), parent)

    def _told_via(self, caption: str) -> QComboBox:
        return self._combo("told_via", caption, _choices(TOLD_CHANNEL_LABELS, TOLD_CHANNELS))

    def _build(self) -> Callable[[], Changes]:
        db, actor, cid, step = self.ctx.db, self.ctx.user_id, self.detail.id, self.step
        anonymous = self.detail.complainant_kind == "anonymous"
        if step in TEXT_FIELD:
            key, caption, most = TEXT_FIELD[step]
            edit = self._text(key, QCoreApplication.translate("StepDialog", caption), most)
            call = {Step.NOTE: lifecycle.add_note}.get(step, getattr(lifecycle, step.value))
            return lambda: call(db, actor, cid, edit.toPlainText())
        if step == Step.ACCEPT:
            via = None if anonymous else self._told_via(self.tr("The complainant will be told by"))
            note = self._text("note", self.tr("Note"), height=60)
            return lambda: lifecycle.accept(db, actor, cid, via.currentData() if via else None, note.toPlainText())
        if step == Step.NOT_ACCEPT:
            reason = self._text("reason", self.tr("Why it is not accepted"))
            via = None if anonymous else self._told_via(self.tr("The complainant was told by"))
            at = None if anonymous else self.form.add("told_at", self.tr("Told at"), datetime_edit())
            return lambda: lifecycle.not_accept(db, actor, cid, reason.toPlainText(),
                                                via.currentData() if via else None, to_utc(at) if at else None)
        if step == Step.ASSESS:
            return self._build_assess()
        if step == Step.FORWARD:
            return self._build_forward()
        if step == Step.TELL:
            via = self._told_via(self.tr("Told by"))
            at = self.form.add("told_at", self.tr("Told at"), datetime_edit())
            what = self._text("what", self.tr("What the complainant was told"))
            what.setPlainText(self.detail.decision)
            return lambda: lifecycle.tell(db, actor, cid, via.currentData(), to_utc(at), what.toPlainText())
        if step == Step.RECORD_REACTION:
            satisfied = self._combo("satisfied", self.tr("The complainant is"),
                                    [(self.tr("(choose)"), None), (self.tr("Satisfied"), True),
                                     (self.tr("Not satisfied"), False)])
            reaction = self._text("reaction", self.tr("What the complainant said"), height=60)
            return lambda: lifecycle.record_reaction(db, actor, cid, satisfied.currentData(), reaction.toPlainText())
        if step == Step.REFER_OUT:
            route = self._combo("route", self.tr("Referred to"),
                                _choices(EXTERNAL_ROUTE_LABELS, EXTERNAL_ROUTES, self.tr("(choose)")))
            note = self._text("note", self.tr("What was referred, and to whom"))
            return lambda: lifecycle.refer_out(db, actor, cid, route.currentData(), note.toPlainText())
        if step == Step.CLOSE:
            return self._build_close()
        raise ValueError(f"no form for step {step!r}")

    def _build_assess(self) -> Callable[[], Changes]:
        db, actor, cid = self.ctx.db, self.ctx.user_id, self.detail.id
        choose = self.tr("(choose)")
        severity = self._combo("severity", self.tr("Severity"), _choices(SEVERITY_LABELS, SEVERITIES, choose))
        urgency = self._combo("urgency", self.tr("Urgency"), _choices(URGENCY_LABELS, URGENCIES, choose))
        likelihood = self._combo("likelihood", self.tr("May it be valid?"),
                                 _choices(LIKELIHOOD_LABELS, LIKELIHOODS, choose))
        people: list[tuple[str, object]] = [(self.tr("(nobody yet)"), None)]
        people += [(name, i) for i, name in complaint_detail.staff_choices(db, cid)]
        assigned = self._combo("assigned_to", self.tr("Investigated by"), people)
        note = self._text("note", self.tr("Note"), height=60)
        return lambda: lifecycle.assess(db, actor, cid, Assessment(
            severity.currentData(), urgency.currentData(), likelihood.currentData(), assigned.currentData(),
            note.toPlainText()))

    def _build_forward(self) -> Callable[[], Changes]:
        db, actor, cid = self.ctx.db, self.ctx.user_id, self.detail.id
        today = local_today()
        listed = institutions.list_institutions(db, today, False)
        institution = self._combo("institution", self.tr("Institution or expert"),
                                  [(self.tr("(choose)"), None), *((i.name, i.id) for i in listed)])
        deadline = self.form.add("deadline", self.tr("Reply due"), date_edit())
        deadline.setMinimumDate(qdate(today))
        deadline.setSpecialValueText(self.tr("by the time limit"))
        deadline.setDate(deadline.minimumDate())
        self.fields["deadline"] = deadline
        note = self._text("note", self.tr("What the institution is asked"), height=60)

        def call() -> Changes:
            chosen = deadline.date().toPython()
            assert isinstance(chosen, date)
            due = None if deadline.date() == deadline.minimumDate() else chosen
            return lifecycle.forward(db, actor, cid, institution.currentData(), due, note.toPlainText())

        return call

    def _build_close(self) -> Callable[[], Changes]:
        db, actor, cid = self.ctx.db, self.ctx.user_id, self.detail.id
        valid = self._combo("valid", self.tr("Valid complaint (有效投诉)?"),
                            [(self.tr("(choose)"), None), (self.tr("Valid: it counts against whom it is about"), True),
                             (self.tr("Not valid"), False)])
        reason = self._text("reason", self.tr("Why"))
        rectified = self._combo("rectified", self.tr("Rectified"), [
            (self.tr("(not applicable)"), None), (self.tr("Yes"), True), (self.tr("Not yet"), False)])
        rectification = self._text("rectification", self.tr("What was put right"), height=60)
        return lambda: lifecycle.close(db, actor, cid, Closure(
            valid.currentData(), reason.toPlainText(), rectified.currentData(), rectification.toPlainText()))
