"""One lifecycle step of a request, as a small form: the fields that step requires, each with its message.

``ActionDialog(ctx, detail, action)`` builds the fields of ``action`` (see ``desktop.models.lifecycle``),
calls the service on OK and stays open, with the messages beside the fields, when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QWidget,
)

from desktop.context import AppContext
from desktop.messages import QT_TRANSLATE_NOOP
from desktop.models.core.changes import Changes
from desktop.models.core.clock import from_local, local_now, local_today
from desktop.models.institutions import institutions
from desktop.models.requests import lifecycle
from desktop.models.requests.labels import (
    EVALUATOR_LABELS,
    FEEDBACK_CHANNEL_LABELS,
    RETURN_VISIT_LABELS,
    SCORE_LABELS,
    STEP_LABELS,
    TOLD_VIA_LABELS,
)
from desktop.models.requests.lifecycle import EvaluationInput, FeedbackInput, ReferralInput
from desktop.models.requests.request_detail import RequestDetail
from desktop.models.requests.tables import (
    EVALUATOR_TYPES,
    FEEDBACK_CHANNELS,
    RETURN_VISIT_METHODS,
    SCORES,
    TOLD_VIA,
    Score,
)
from desktop.views.shared.dates import date_edit, qdate
from desktop.views.shared.forms import line_edit, plain_label
from desktop.views.shared.labels import label
from desktop.views.shared.step_form import StepForm

# action -> (field key the service names in its errors, label) of its one text field
TEXT_FIELD: dict[str, tuple[str, str]] = {
    "answer": ("answer", QT_TRANSLATE_NOOP("ActionDialog", "The answer given")),
    "await_instruction": ("question", QT_TRANSLATE_NOOP("ActionDialog", "What is asked, and of whom")),
    "instruction_received": ("instruction", QT_TRANSLATE_NOOP("ActionDialog", "The instructions")),
    "escalate": ("reason", QT_TRANSLATE_NOOP("ActionDialog", "Why the station cannot solve it")),
    "start_service": ("feedback", QT_TRANSLATE_NOOP("ActionDialog", "The institution's feedback")),
    "follow_up": ("note", QT_TRANSLATE_NOOP("ActionDialog", "Contact made and its outcome")),
    "complete": ("result", QT_TRANSLATE_NOOP("ActionDialog", "Result of the service")),
    "withdraw": ("reason", QT_TRANSLATE_NOOP("ActionDialog", "Why the client withdrew")),
    "note": ("note", QT_TRANSLATE_NOOP("ActionDialog", "Note")),
}


def station_now() -> QDateTime:
    """The station's wall-clock time now (to the minute), as the editors hold it: a date and time without zone."""
    now = local_now()
    return QDateTime(qdate(now), QTime(now.hour, now.minute))


def datetime_edit() -> QDateTimeEdit:
    """A time at the station up to now (steps record what happened), now by default."""
    edit = QDateTimeEdit(station_now())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setMaximumDateTime(station_now().addSecs(60))
    return edit


def to_utc(edit: QDateTimeEdit) -> datetime:
    """The edit's time (the station's wall clock) as the UTC time the services take."""
    wall = edit.dateTime().toPython()
    assert isinstance(wall, datetime)
    return from_local(wall.replace(tzinfo=None))


SCORE_CHOICES: list[tuple[str, object]] = [("—", None), *((str(n), n) for n in range(5, 0, -1))]


class ActionDialog(StepForm):
    def __init__(self, ctx: AppContext, detail: RequestDetail, action: str, parent: QWidget | None = None) -> None:
        self.ctx = ctx
        self.detail = detail
        self.action = action
        super().__init__(ctx, f"{label(STEP_LABELS, action)} - {detail.number}",
                         f"{detail.number}  {detail.client_name}", label(STEP_LABELS, action), parent)

    def _build(self) -> Callable[[], Changes]:
        db, actor, rid, a = self.ctx.db, self.ctx.user_id, self.detail.id, self.action
        if a in TEXT_FIELD:
            key, caption = TEXT_FIELD[a]
            edit = self._text(key, QCoreApplication.translate("ActionDialog", caption))
            call = getattr(lifecycle, {"note": "add_note"}.get(a, a))
            return lambda: call(db, actor, rid, edit.toPlainText())
        if a == "register":
            notice = self._text("notice", self.tr("One-time notice: what the client must bring or do"), height=120)
            notice.setPlaceholderText(self.tr("One item per line, e.g. a copy of the business licence"))
            assessment = self._text("assessment", self.tr("Assessment"), 2000, 60)
            assessment.setPlainText(self.detail.assessment)
            return lambda: lifecycle.register(db, actor, rid, notice.toPlainText(), assessment.toPlainText())
        if a == "refer":
            return self._build_refer()
        if a == "give_feedback":
            channel = self._combo("channel", self.tr("Channel"),
                                  [(label(FEEDBACK_CHANNEL_LABELS, c), c) for c in FEEDBACK_CHANNELS])
            at = self.form.add("at", self.tr("When"), datetime_edit())
            content = self._text("content", self.tr("What the client was told"))
            return lambda: lifecycle.give_feedback(db, actor, rid, FeedbackInput(
                channel.currentData(), to_utc(at), content.toPlainText()))
        if a == "evaluate":
            return self._build_evaluate()
        if a == "archive":
            layout = self.form.layout
            layout.addRow(plain_label(self.tr("The request is closed and kept in the archive; it can no longer be "
                                              "changed.")))
            return lambda: lifecycle.archive(db, actor, rid)
        raise ValueError(f"no form for action {a!r}")

    def _build_refer(self) -> Callable[[], Changes]:
        db, actor, rid = self.ctx.db, self.ctx.user_id, self.detail.id
        today = local_today()
        categories = sorted({i.category_id for i in self.detail.items})
        institution = self._combo("institution", self.tr("Institution or expert"), [(self.tr("(choose)"), None)])
        for choice in institutions.suggest_for_request(db, categories, today):
            mark = (self.tr(" (qualification expired)") if choice.expired else
                    self.tr(" (qualification expiring)") if choice.expiring else "")
            cover = self.tr(" - serves %1 of %2 categories").replace("%1", str(choice.covers)).replace(
                "%2", str(len(categories))) if len(categories) > 1 else ""
            institution.addItem(choice.name + cover + mark, choice.id)
            if choice.expired:
                institution.setItemData(institution.count() - 1, Qt.GlobalColor.darkRed, Qt.ItemDataRole.ForegroundRole)
        if institution.count() == 1:
            hint = self.form.errors["institution"]
            hint.setText(self.tr("No institution in the registry serves these categories; an admin adds them under "
                                 "Institutions and experts."))
            hint.show()
        deadline = self.form.add("deadline", self.tr("Feedback deadline"), date_edit())
        deadline.setMinimumDate(qdate(today))
        suggested = lifecycle.default_deadline(db, rid, today)
        deadline.setDate(qdate(suggested))
        self.fields["deadline"] = deadline
        told_at = self.form.add("told_at", self.tr("Client told at"), datetime_edit())
        told_via = self._combo("told_via", self.tr("Client told by"),
                               [(label(TOLD_VIA_LABELS, c), c) for c in TOLD_VIA])
        note = self._text("note", self.tr("Note"), 2000, 60)

        def call() -> Changes:
            d = deadline.date().toPython()
            assert isinstance(d, date)
            return lifecycle.refer(db, actor, rid, ReferralInput(
                institution.currentData(), d, to_utc(told_at), told_via.currentData(), note.toPlainText()))

        return call

    def _build_evaluate(self) -> Callable[[], Changes]:
        db, actor, rid = self.ctx.db, self.ctx.user_id, self.detail.id
        method = self._combo("visit_method", self.tr("Return visit"),
                             [(label(RETURN_VISIT_LABELS, c), c) for c in RETURN_VISIT_METHODS])
        at = self.form.add("at", self.tr("When"), datetime_edit())
        kind = self._combo("evaluator_type", self.tr("Evaluation by"),
                           [(label(EVALUATOR_LABELS, c), c) for c in EVALUATOR_TYPES])
        kind.setCurrentIndex(kind.findData("client"))
        evaluator = self.form.add("evaluator", self.tr("Evaluator"), line_edit(100, self.tr("Name (optional)")))
        scores = {key: self._combo(key, label(SCORE_LABELS, key) + " (1-5)", SCORE_CHOICES) for key in SCORES}
        comment = self._text("comment", self.tr("Comment"), 2000, 60)
        return lambda: lifecycle.evaluate(db, actor, rid, EvaluationInput(
            visit_method=method.currentData(), at=to_utc(at), evaluator_type=kind.currentData(),
            demand_matching=scores[Score.DEMAND_MATCHING].currentData(),
            service_level=scores[Score.SERVICE_LEVEL].currentData(), attitude=scores[Score.ATTITUDE].currentData(),
            complaint_handling=scores[Score.COMPLAINT_HANDLING].currentData(), evaluator=evaluator.text(),
            comment=comment.toPlainText()))
