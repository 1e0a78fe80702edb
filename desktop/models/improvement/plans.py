"""持续改进计划 (§8.2.1, §8.2.2): a problem, where it was seen, the goal; actions with owners and due days; reviews
(复查) that say whether it worked and what follows. Admins make, review and close plans; an action's owner (or an
admin) records it done with its evidence. A plan closes once every action is done and a review found it effective.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.accounts.tables import Staff
from desktop.models.complaints.tables import Complaint
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.core.spreadsheets import BadFile, new_workbook, written_beside, xlsx_date, xlsx_text
from desktop.models.core.tables import Role
from desktop.models.core.types import utcnow
from desktop.models.core.validators import check_length, check_required
from desktop.models.improvement.tables import (
    SOURCE_KINDS,
    ActionStatus,
    ImprovementPlan,
    PlanAction,
    PlanActionFile,
    PlanReview,
    PlanSource,
    PlanStatus,
    Rectification,
    SourceKind,
)
from desktop.models.requests.attachments import checked_copy, copy_hashed, display_name


@dataclass(frozen=True)
class SourceInput:
    kind: str  # a SourceKind
    note: str = ""  # what it is ("专家反馈按时率 67%（2026 年）")
    complaint_id: int | None = None
    rectification_id: int | None = None


@dataclass(frozen=True)
class PlanInput:
    problem: str
    goal: str = ""
    sources: tuple[SourceInput, ...] = ()


@dataclass(frozen=True)
class PlanStart:
    """What a new plan starts with when another page asks for one (the statistics' suggestions)."""

    problem: str
    sources: tuple[SourceInput, ...] = ()


@dataclass(frozen=True)
class ActionRow:
    id: int
    what: str
    owner_id: int
    owner: str
    due_on: date
    status: str
    done_at: datetime | None
    evidence: str
    files: tuple[tuple[int, str], ...] = ()  # evidence files: (id, name)


@dataclass(frozen=True)
class ReviewRow:
    day: date
    reviewer: str
    effective: bool
    finding: str
    follow_up: str


@dataclass(frozen=True)
class PlanRow:
    id: int
    problem: str
    goal: str
    status: str
    created_at: datetime
    created_by: str
    closed_at: datetime | None
    sources: list[SourceInput] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)

    def overdue_actions(self, today: date) -> int:
        return sum(a.status == ActionStatus.OPEN and a.due_on < today for a in self.actions)


def _check_plan(inp: PlanInput) -> None:
    errors = {"problem": check_required(inp.problem, 2000, multiline=True),
              "goal": check_length(inp.goal, 2000, multiline=True)}
    for n, src in enumerate(inp.sources):
        if src.kind not in SOURCE_KINDS:
            errors[f"source{n}"] = "Unknown kind of source."
        elif (src.kind == SourceKind.COMPLAINT) != (src.complaint_id is not None) or (
                (src.kind == SourceKind.BAD_REVIEW) != (src.rectification_id is not None)):
            errors[f"source{n}"] = "Name the complaint or rectification the plan comes from."
        else:
            errors[f"source{n}"] = check_length(src.note, 500)
    if any(errors.values()):
        raise Invalid({k: v for k, v in errors.items() if v})


def create_plan(db: Database, actor_id: int, inp: PlanInput, now: datetime | None = None) -> Changes:
    """An admin starts a plan with where its problem was seen."""
    _check_plan(inp)
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        for n, src in enumerate(inp.sources):
            missing = (src.complaint_id is not None and s.get(Complaint, src.complaint_id) is None) or (
                src.rectification_id is not None and s.get(Rectification, src.rectification_id) is None)
            if missing:
                raise Invalid({f"source{n}": "Name the complaint or rectification the plan comes from."})
        plan = ImprovementPlan(problem=inp.problem.strip(), goal=inp.goal.strip(), created_by=actor_id,
                               created_at=now or utcnow())
        s.add(plan)
        s.flush()
        for src in inp.sources:
            s.add(PlanSource(plan_id=plan.id, kind=src.kind, note=src.note.strip(), complaint_id=src.complaint_id,
                             rectification_id=src.rectification_id))
        return Changes(ImprovementPlan, "created", (plan.id,))


def _open_plan(s: Session, plan_id: int) -> ImprovementPlan:
    plan = s.get(ImprovementPlan, plan_id)
    if plan is None:
        raise NotFound("No such improvement plan.")
    if plan.status == PlanStatus.CLOSED:
        raise Refused("A closed plan cannot be changed.")
    return plan


def add_action(db: Database, actor_id: int, plan_id: int, what: str, owner_id: int | None,
               due_on: date | None, today: date) -> Changes:
    errors = {"what": check_required(what, 1000, multiline=True),
              "owner": None if owner_id is not None else "Choose who does it.",
              "due_on": "Give the day it is due." if due_on is None else
              "The due day cannot be in the past." if due_on < today else None}
    if any(errors.values()):
        raise Invalid({k: v for k, v in errors.items() if v})
    assert due_on is not None and owner_id is not None
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        plan = _open_plan(s, plan_id)
        owner = s.get(Staff, owner_id)
        if owner is None or not owner.active:
            raise Invalid({"owner": "Choose an active staff member."})
        action = PlanAction(plan_id=plan.id, what=what.strip(), owner_id=owner.id, due_on=due_on)
        s.add(action)
        s.flush()
        plan.updated_at = utcnow()
        return Changes(PlanAction, "created", (action.id,), also=(ImprovementPlan,))


def complete_action(db: Database, actor_id: int, action_id: int, evidence: str, now: datetime | None = None) -> Changes:
    """The action's owner (or an admin) records it done, with what shows it."""
    message = check_required(evidence, 2000, multiline=True)
    if message:
        raise Invalid({"evidence": message})
    with db.begin(actor_id) as s:
        _actor, action = _own_action(s, actor_id, action_id, "Only its owner or an admin may record an action done.")
        if action.status == ActionStatus.DONE:
            raise Refused("This action is already done.")
        action.status, action.done_at, action.evidence = ActionStatus.DONE, now or utcnow(), evidence.strip()
        return Changes(PlanAction, "updated", (action.id,), also=(ImprovementPlan,))


def _own_action(s: Session, actor_id: int, action_id: int, refusal: str) -> tuple[Staff, PlanAction]:
    """The action of an open plan, and its actor: its owner or an admin (else ``refusal``)."""
    actor = require_role(s, actor_id)
    action = s.get(PlanAction, action_id)
    if action is None:
        raise NotFound("No such action.")
    _open_plan(s, action.plan_id)
    if actor.role != Role.ADMIN and action.owner_id != actor.id:
        raise Refused(refusal)
    return actor, action


EVIDENCE_REFUSAL = "Only its owner or an admin may add evidence."


def add_evidence(db: Database, actor_id: int, action_id: int, source: Path, attachments_dir: Path) -> Changes:
    """Attach a copy of ``source`` to the action as evidence (stored by its SHA-256, as a request's files are);
    refused, before copying, when the action's plan is closed or the actor may not."""
    if not source.is_file():
        raise Invalid({"file": "The file cannot be read."})
    with db.read() as s:
        _own_action(s, actor_id, action_id, EVIDENCE_REFUSAL)
    try:
        sha, size = copy_hashed(source, attachments_dir)
    except OSError as exc:
        raise Invalid({"file": "The file cannot be read."}) from exc
    with db.begin(actor_id) as s:
        actor, action = _own_action(s, actor_id, action_id, EVIDENCE_REFUSAL)
        s.add(PlanActionFile(action_id=action.id, file_name=display_name(source), sha256=sha, size=size,
                             added_by=actor.id))
        return Changes(PlanAction, "updated", (action.id,), also=(ImprovementPlan,))


def evidence_file(db: Database, file_id: int, attachments_dir: Path) -> tuple[Path, str]:
    """The stored copy of an evidence file and its name (checked against its SHA-256 first)."""
    with db.read() as s:
        row = s.get(PlanActionFile, file_id)
        if row is None:
            raise NotFound("No such attachment.")
        sha, name = row.sha256, row.file_name
    return checked_copy(attachments_dir, sha), name


def add_review(db: Database, actor_id: int, plan_id: int, day: date | None, effective: bool | None, finding: str,
               follow_up: str = "", today: date | None = None) -> Changes:
    """复查: an admin says whether the plan worked and what follows."""
    errors = {"day": "Give the day of the review." if day is None else
              "The day cannot be in the future." if today and day > today else None,
              "effective": None if effective is not None else "Say whether it was effective.",
              "finding": check_required(finding, 2000, multiline=True),
              "follow_up": check_length(follow_up, 2000, multiline=True)}
    if any(errors.values()):
        raise Invalid({k: v for k, v in errors.items() if v})
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        plan = _open_plan(s, plan_id)
        s.add(PlanReview(plan_id=plan.id, day=day, reviewer_id=actor_id, effective=bool(effective),
                         finding=finding.strip(), follow_up=follow_up.strip()))
        plan.updated_at = utcnow()
        return Changes(ImprovementPlan, "updated", (plan.id,))


def close_plan(db: Database, actor_id: int, plan_id: int, now: datetime | None = None) -> Changes:
    with db.begin(actor_id) as s:
        require_role(s, actor_id, Role.ADMIN)
        plan = _open_plan(s, plan_id)
        open_actions = s.scalar(select(func.count()).where(PlanAction.plan_id == plan.id,
                                                           PlanAction.status == ActionStatus.OPEN))
        if open_actions:
            raise Refused("Every action must be done before the plan closes.")
        effective = s.scalar(select(func.count()).where(PlanReview.plan_id == plan.id, PlanReview.effective))
        if not effective:
            raise Refused("A review must find the plan effective before it closes.")
        plan.status, plan.closed_at = PlanStatus.CLOSED, now or utcnow()
        return Changes(ImprovementPlan, "updated", (plan.id,))


def list_plans(db: Database, status: str = "") -> list[PlanRow]:
    """Every plan (a station has tens), open first, newest first, with its sources, actions and reviews."""
    with db.read() as s:
        names = dict(s.execute(select(Staff.id, Staff.name)).all())
        query = select(ImprovementPlan).order_by(ImprovementPlan.status == PlanStatus.CLOSED,
                                                 ImprovementPlan.created_at.desc())
        if status:
            query = query.where(ImprovementPlan.status == status)
        plans = s.scalars(query).all()
        ids = [p.id for p in plans]
        sources = s.scalars(select(PlanSource).where(PlanSource.plan_id.in_(ids)).order_by(PlanSource.id)).all()
        actions = s.scalars(select(PlanAction).where(PlanAction.plan_id.in_(ids)).order_by(PlanAction.id)).all()
        reviews = s.scalars(select(PlanReview).where(PlanReview.plan_id.in_(ids)).order_by(PlanReview.id)).all()
        files: dict[int, list[tuple[int, str]]] = {}
        for f in s.scalars(select(PlanActionFile).join(PlanAction).where(PlanAction.plan_id.in_(ids))
                           .order_by(PlanActionFile.id)):
            files.setdefault(f.action_id, []).append((f.id, f.file_name))
        rows = {p.id: PlanRow(p.id, p.problem, p.goal, p.status, p.created_at, names.get(p.created_by, ""),
                              p.closed_at) for p in plans}
        for src in sources:
            rows[src.plan_id].sources.append(SourceInput(src.kind, src.note, src.complaint_id, src.rectification_id))
        for a in actions:
            rows[a.plan_id].actions.append(ActionRow(a.id, a.what, a.owner_id, names.get(a.owner_id, ""), a.due_on,
                                                     a.status, a.done_at, a.evidence, tuple(files.get(a.id, ()))))
        for r in reviews:
            rows[r.plan_id].reviews.append(ReviewRow(r.day, names.get(r.reviewer_id, ""), r.effective, r.finding,
                                                     r.follow_up))
    return list(rows.values())


def get_plan(db: Database, plan_id: int) -> PlanRow:
    found = [p for p in list_plans(db) if p.id == plan_id]
    if not found:
        raise NotFound("No such improvement plan.")
    return found[0]


def dashboard_numbers(db: Database, user_id: int, today: date) -> dict[str, int]:
    del user_id  # every staff member sees the plans
    with db.read() as s:
        plans = s.scalar(select(func.count()).where(ImprovementPlan.status == PlanStatus.OPEN)) or 0
        overdue = s.scalar(select(func.count()).select_from(PlanAction).join(ImprovementPlan).where(
            ImprovementPlan.status == PlanStatus.OPEN, PlanAction.status == ActionStatus.OPEN,
            PlanAction.due_on < today)) or 0
    return {"plans_open": int(plans), "plan_actions_overdue": int(overdue)}


EXPORT_HEADERS = ("问题", "目标", "状态", "制定人", "制定时间", "措施", "责任人", "完成期限", "措施状态", "完成证据")


def export_plans(db: Database, path: Path) -> int:
    """Every plan with its actions to the .xlsx ``path`` (one row per action); the plans written."""
    if path.suffix.lower() != ".xlsx":
        raise BadFile("Choose an .xlsx file.")

    plans = list_plans(db)
    book = new_workbook()
    sheet = book.create_sheet("持续改进计划")
    sheet.append(list(EXPORT_HEADERS))
    for p in plans:
        head = [xlsx_text(sheet, p.problem, True), xlsx_text(sheet, p.goal, True),
                "已关闭" if p.status == PlanStatus.CLOSED else "进行中", xlsx_text(sheet, p.created_by),
                xlsx_date(sheet, p.created_at)]
        if not p.actions:
            sheet.append(head)
        for a in p.actions:
            done = "已完成" if a.status == ActionStatus.DONE else "未完成"
            sheet.append([*head, xlsx_text(sheet, a.what, True), xlsx_text(sheet, a.owner), xlsx_date(sheet, a.due_on),
                          done, xlsx_text(sheet, a.evidence, True)])
    with written_beside(path) as tmp:
        book.save(tmp)
    return len(plans)


def export_job(_handle: object, db_path: Path, path: Path) -> int:
    """``export_plans`` as a job for a worker process (desktop.processes): openpyxl holds the interpreter lock."""
    from desktop.models.core.db import opened_in_worker

    with opened_in_worker(db_path) as db:
        return export_plans(db, path)
