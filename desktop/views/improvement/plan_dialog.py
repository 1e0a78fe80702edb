"""One step of an improvement plan (``improvement.plans``): a new plan (with where its problem was seen, given by
the page that starts it: a rectification, a figure of the statistics), an action, an action done with its
evidence, a review. OK calls the service; its refusals show beside the fields."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import QDateEdit, QWidget

from desktop.context import AppContext
from desktop.models.accounts.staff import list_staff
from desktop.models.core.changes import Changes
from desktop.models.core.clock import local_today
from desktop.models.improvement import plans
from desktop.models.improvement.labels import SOURCE_KIND_LABELS
from desktop.models.improvement.plans import PlanInput, SourceInput
from desktop.models.improvement.tables import SOURCE_KINDS, SourceKind
from desktop.views.shared.dates import date_edit, pydate
from desktop.views.shared.labels import label
from desktop.views.shared.step_form import StepForm

STEPS = ("new", "action", "complete", "review")


class PlanDialog(StepForm):
    TEXT_MAX = 2000

    def __init__(self, ctx: AppContext, step: str, target: int | None = None, header: str = "",
                 sources: tuple[SourceInput, ...] = (), problem: str = "", parent: QWidget | None = None) -> None:
        """``target``: the plan (action, review) or the action (complete); ``sources`` and ``problem``: what a new
        plan starts with."""
        self.step, self.target, self.sources, self.problem = step, target, sources, problem
        captions = {"new": self.tr("New improvement plan"), "action": self.tr("Add an action"),
                    "complete": self.tr("Action done"), "review": self.tr("Review (复查)")}
        super().__init__(ctx, captions[step], header or captions[step], captions[step], parent)

    def _day(self, key: str, caption: str, days_ahead: int) -> QDateEdit:
        edit = self.form.add(key, caption, date_edit(local_today() + timedelta(days=days_ahead)))
        self.fields[key] = edit
        return edit

    def _build(self) -> Callable[[], Changes]:
        db, actor, target = self.ctx.db, self.ctx.user_id, self.target
        if self.step == "new":
            problem = self._text("problem", self.tr("The problem"))
            problem.setPlainText(self.problem)
            goal = self._text("goal", self.tr("The goal"), height=60)
            preset = " · ".join(f"{label(SOURCE_KIND_LABELS, s.kind)}: {s.note}".rstrip(": ") for s in self.sources)
            kinds = [k for k in SOURCE_KINDS if k not in (SourceKind.COMPLAINT, SourceKind.BAD_REVIEW)]
            kind = self._combo("source0", self.tr("Also seen in") if preset else self.tr("Where it was seen"),
                               [("—", None), *((label(SOURCE_KIND_LABELS, k), str(k)) for k in kinds)])
            note = self._text("note", self.tr("What was seen there") + (f"\n({preset})" if preset else ""), 500,
                              height=50)

            def create() -> Changes:
                extra = (SourceInput(kind.currentData(), note.toPlainText()),) if kind.currentData() else ()
                return plans.create_plan(db, actor, PlanInput(problem.toPlainText(), goal.toPlainText(),
                                                              (*self.sources, *extra)))
            return create
        assert target is not None
        if self.step == "action":
            what = self._text("what", self.tr("What is to be done"), 1000)
            owner = self._combo("owner", self.tr("Owner"), [(p.name, p.id) for p in list_staff(db) if p.active])
            due = self._day("due_on", self.tr("Due"), 14)
            return lambda: plans.add_action(db, actor, target, what.toPlainText(), owner.currentData(),
                                            pydate(due.date()), local_today())
        if self.step == "complete":
            evidence = self._text("evidence", self.tr("What shows it was done (evidence)"))
            return lambda: plans.complete_action(db, actor, target, evidence.toPlainText())
        day = self._day("day", self.tr("Reviewed on"), 0)
        effective = self._combo("effective", self.tr("Was it effective?"),
                                [("—", None), (self.tr("Effective"), True), (self.tr("Not effective"), False)])
        finding = self._text("finding", self.tr("What the review found"))
        follow_up = self._text("follow_up", self.tr("What follows"), height=60)
        return lambda: plans.add_review(db, actor, target, pydate(day.date()), effective.currentData(),
                                        finding.toPlainText(), follow_up.toPlainText(), local_today())
