"""The complaint lifecycle (§7.5.2–§7.5.5; the stages of GB/T 19012, disputes per GB/T 19013): every step is one
service call that checks the complaint's state, the actor's role and whether they may see it, writes the change
and its timeline event in one transaction, and otherwise refuses with a message for people.

``ACTIONS`` is the state machine; ``refusal`` adds what depends on the complaint itself (an anonymous complainant
cannot be told, a review happens once, a dispute referred out closes once its outcome is known). The views ask
``allowed_actions(complaint, actor)`` to show only what can be done.

    received → accepted (受理回执) | not accepted
    accepted → assessed → investigated → [forwarded → replied] → decided → told → satisfied | dissatisfied
    dissatisfied → reviewed once (back to investigated) | referred out (GB/T 19013) → outcome
    satisfied, dissatisfied after a review, told (no reaction), referred out with its outcome, decided (anonymous)
        → closed, valid or not (§7.5.4)
    any open state → withdrawn
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from desktop.models.accounts.tables import Staff
from desktop.models.city_sync.tables import OutboxEntry
from desktop.models.complaints.archive_record import enqueue_complaint
from desktop.models.complaints.intake import (
    ComplaintInput,
    add_event,
    due_after,
    load_visible,
    stage_days,
    update_complaint,
)
from desktop.models.complaints.tables import (
    ENDED,
    EXTERNAL_ROUTES,
    LIKELIHOODS,
    OPEN,
    SEVERITIES,
    TOLD_CHANNELS,
    URGENCIES,
    ComplainantKind,
    Complaint,
    ComplaintEventKind,
    ComplaintStatus,
    ExternalRoute,
    Stage,
)
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, Refused
from desktop.models.core.tables import ROLES, Role
from desktop.models.core.types import utcnow
from desktop.models.core.validators import check_length, check_not_future, check_required
from desktop.models.institutions.tables import Institution
from desktop.models.requests import workdays
from desktop.models.requests.intake import local_day

S = ComplaintStatus
E = ComplaintEventKind
ALL = ROLES  # a field officer only on complaints assigned to them (intake.may_see)
DESK = (Role.CLERK, Role.ADMIN)  # the window: registering, accepting, forwarding, telling the complainant
ADMIN = (Role.ADMIN,)  # judging: assessment, decision, review, referral out, closure with validity


class Step(StrEnum):
    """What can be done to a complaint (each one service call below)."""

    ACCEPT = "accept"
    NOT_ACCEPT = "not_accept"
    ASSESS = "assess"
    INVESTIGATE = "investigate"
    FORWARD = "forward"
    RECORD_REPLY = "record_reply"
    DECIDE = "decide"
    TELL = "tell"
    RECORD_REACTION = "record_reaction"
    REVIEW = "review"
    REFER_OUT = "refer_out"
    RECORD_OUTCOME = "record_outcome"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    EDIT = "edit"
    NOTE = "note"
    ATTACH = "attach"


@dataclass(frozen=True)
class Action:
    sources: tuple[ComplaintStatus, ...]
    targets: tuple[ComplaintStatus, ...]  # () : the status stays; two: the step's input chooses
    roles: tuple[Role, ...]
    event: ComplaintEventKind  # the line it writes in the timeline


ACTIONS: dict[Step, Action] = {
    Step.ACCEPT: Action((S.RECEIVED,), (S.ACCEPTED,), DESK, E.ACCEPTED),
    Step.NOT_ACCEPT: Action((S.RECEIVED,), (S.NOT_ACCEPTED,), DESK, E.NOT_ACCEPTED),
    Step.ASSESS: Action((S.ACCEPTED,), (S.ASSESSED,), ADMIN, E.ASSESSED),
    Step.INVESTIGATE: Action((S.ASSESSED,), (S.INVESTIGATED,), ALL, E.INVESTIGATED),
    Step.FORWARD: Action((S.INVESTIGATED,), (S.FORWARDED,), DESK, E.FORWARDED),
    Step.RECORD_REPLY: Action((S.FORWARDED,), (S.REPLIED,), DESK, E.REPLIED),
    Step.DECIDE: Action((S.INVESTIGATED, S.REPLIED), (S.DECIDED,), ADMIN, E.DECIDED),
    Step.TELL: Action((S.DECIDED,), (S.TOLD,), DESK, E.TOLD),
    Step.RECORD_REACTION: Action((S.TOLD,), (S.SATISFIED, S.DISSATISFIED), DESK, E.REACTION),
    Step.REVIEW: Action((S.DISSATISFIED,), (S.INVESTIGATED,), ADMIN, E.REVIEWED),
    Step.REFER_OUT: Action((S.DISSATISFIED,), (S.REFERRED_OUT,), ADMIN, E.REFERRED_OUT),
    Step.RECORD_OUTCOME: Action((S.REFERRED_OUT,), (), DESK, E.OUTCOME),
    Step.CLOSE: Action((S.SATISFIED, S.DISSATISFIED, S.TOLD, S.REFERRED_OUT, S.DECIDED), (S.CLOSED,), ADMIN,
                       E.CLOSED),
    Step.WITHDRAW: Action(OPEN, (S.WITHDRAWN,), DESK, E.WITHDRAWN),
    Step.EDIT: Action((S.RECEIVED, S.ACCEPTED), (), DESK, E.EDITED),
    Step.NOTE: Action(OPEN, (), ALL, E.NOTE),
    Step.ATTACH: Action(OPEN, (), ALL, E.ATTACHMENT),
}


def refusal(step: Step, c: Complaint) -> str | None:
    """What the complaint itself rules out beyond its state (None: nothing)."""
    anonymous = c.complainant_kind == ComplainantKind.ANONYMOUS
    if step == Step.TELL and anonymous:
        return "An anonymous complainant cannot be told; close the complaint once it is decided."
    if step == Step.REVIEW and c.reviewed:
        return "This complaint has been reviewed once already; refer it out or close it."
    if step == Step.CLOSE:
        if c.status == S.DECIDED and not anonymous:
            return "Tell the complainant the decision before closing."
        if c.status == S.DISSATISFIED and not c.reviewed:
            return "A dissatisfied complainant is offered a review or a referral out before the complaint closes."
        if c.status == S.REFERRED_OUT and not c.outcome:
            return "Record the outcome of the dispute resolution before closing."
    return None


def allowed_actions(c: Complaint, role: str) -> list[Step]:
    """The steps a staff member of ``role`` who may see ``c`` can take on it now."""
    return [step for step, a in ACTIONS.items()
            if c.status in a.sources and role in a.roles and refusal(step, c) is None]


def load_for_action(session: Session, actor_id: int | None, complaint_id: int, step: Step) -> tuple[Staff, Complaint]:
    rule = ACTIONS[step]
    actor, c = load_visible(session, actor_id, complaint_id)
    if c.status not in rule.sources:
        if c.status in ENDED:
            raise Refused("This complaint is closed and can no longer be changed.")
        raise Refused("This cannot be done in the complaint's current state.")
    if actor.role not in rule.roles:
        raise Refused("Your role does not allow this.")
    why = refusal(step, c)
    if why:
        raise Refused(why)
    return actor, c


Apply = Callable[[Session, Staff, Complaint], "ComplaintStatus | None"]


def _step(db: Database, actor_id: int, complaint_id: int, step: Step, text_: str = "",
          data: Mapping[str, object] | None = None, now: datetime | None = None,
          apply: Apply | None = None) -> Changes:
    """One step: check, apply (which may choose the target among the rule's), append the event; one transaction."""
    now = now or utcnow()
    with db.begin(actor_id) as s:
        actor, c = load_for_action(s, actor_id, complaint_id, step)
        rule = ACTIONS[step]
        chosen = apply(s, actor, c) if apply is not None else None
        target = chosen or (rule.targets[0] if rule.targets else None)
        assert target is None or target in rule.targets
        if target in ENDED:
            c.closed_at = now
            c.due_on = None
        add_event(s, c, actor.id, rule.event, to_status=target, text_=text_, data=dict(data or {}), at=now)
        to_city = target == S.REFERRED_OUT and c.external_route == ExternalRoute.CITY_PLATFORM
        if target in ENDED or to_city:  # archived, or the city's to decide: its record, in the same transaction
            enqueue_complaint(s, c)
            return Changes(Complaint, "updated", (c.id,), also=(OutboxEntry,))
        return Changes(Complaint, "updated", (c.id,))


def _check(**errors: str | None) -> None:
    found = {k: v for k, v in errors.items() if v}
    if found:
        raise Invalid(found)


def _told(c: Complaint, told_via: str | None, told_at: datetime | None, now: datetime) -> dict[str, str | None]:
    """How and when the complainant was told (not asked of an anonymous complaint)."""
    if c.complainant_kind == ComplainantKind.ANONYMOUS:
        return {}
    return {"told_via": None if told_via in TOLD_CHANNELS else "Say how the complainant was told.",
            "told_at": "Say when the complainant was told." if told_at is None else check_not_future(told_at, now)}


# ---- §7.5.2 receipt -----------------------------------------------------------------------------------------

def accept(db: Database, actor_id: int, complaint_id: int, told_via: str | None, note: str = "",
           now: datetime | None = None) -> Changes:
    """受理: the complaint is taken up; the receipt (投诉受理回执) says how the complainant will be told."""
    now = now or utcnow()
    _check(note=check_length(note, 2000, multiline=True))
    data: dict[str, object] = {"told_via": told_via}

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        if c.complainant_kind != ComplainantKind.ANONYMOUS and told_via not in TOLD_CHANNELS:
            raise Invalid({"told_via": "Say how the complainant will be told."})
        c.told_via = told_via if c.complainant_kind != ComplainantKind.ANONYMOUS else None
        c.due_on = due_after(s, Stage.ASSESS, now)
        # the day the complainant is promised an answer by (the receipt prints it): the stages to telling them
        data["answer_by"] = answer_day(s, now).isoformat()

    return _step(db, actor_id, complaint_id, Step.ACCEPT, note.strip(), data, now, apply)


ANSWER_STAGES = (Stage.ASSESS, Stage.INVESTIGATE, Stage.DECIDE, Stage.TELL)


def answer_day(s: Session, now: datetime) -> date:
    """When a complaint accepted ``now`` is answered at the latest: the working days of the stages up to telling
    the complainant (a forwarded one may take the reply's time as well)."""
    days = sum(stage_days(s, stage) for stage in ANSWER_STAGES)
    return workdays.load_calendar(s).add_working_days(local_day(now), days)


def not_accept(db: Database, actor_id: int, complaint_id: int, reason: str, told_via: str | None,
               told_at: datetime | None, now: datetime | None = None) -> Changes:
    """不予受理: with the reason, and (unless anonymous) how and when the complainant was told."""
    now = now or utcnow()
    _check(reason=check_required(reason, 2000, multiline=True))

    def apply(_s: Session, _actor: Staff, c: Complaint) -> None:
        _check(**_told(c, told_via, told_at, now))
        c.not_accepted_reason = reason.strip()
        if c.complainant_kind != ComplainantKind.ANONYMOUS:
            c.told_via, c.told_at = told_via, told_at

    data = {"told_via": told_via, "told_at": told_at.isoformat() if told_at else None}
    return _step(db, actor_id, complaint_id, Step.NOT_ACCEPT, reason.strip(), data, now, apply)


# ---- §7.5.3 assessment, investigation, hand-over, decision ------------------------------------------------------

@dataclass(frozen=True)
class Assessment:
    severity: str | None
    urgency: str | None
    likelihood: str | None
    assigned_to: int | None = None  # who investigates (a field officer sees it from now on)
    note: str = ""


def assess(db: Database, actor_id: int, complaint_id: int, inp: Assessment, now: datetime | None = None) -> Changes:
    now = now or utcnow()
    _check(severity=None if inp.severity in SEVERITIES else "Choose the severity.",
           urgency=None if inp.urgency in URGENCIES else "Choose the urgency.",
           likelihood=None if inp.likelihood in LIKELIHOODS else "Say whether the complaint may be valid.",
           note=check_length(inp.note, 2000, multiline=True))

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        if inp.assigned_to is not None:
            who = s.get(Staff, inp.assigned_to)
            if who is None or not who.active:
                raise Invalid({"assigned_to": "The chosen staff member is not (or no longer) active."})
            if who.id == c.about_staff_id:
                raise Invalid({"assigned_to": "The staff member complained about cannot investigate it."})
        c.severity, c.urgency, c.likelihood, c.assigned_to = inp.severity, inp.urgency, inp.likelihood, inp.assigned_to
        c.due_on = due_after(s, Stage.INVESTIGATE, now)

    data = {"severity": inp.severity, "urgency": inp.urgency, "likelihood": inp.likelihood,
            "assigned_to": inp.assigned_to}
    return _step(db, actor_id, complaint_id, Step.ASSESS, inp.note.strip(), data, now, apply)


def investigate(db: Database, actor_id: int, complaint_id: int, findings: str, now: datetime | None = None) -> Changes:
    """调查核实: what was checked, the evidence, who was heard."""
    now = now or utcnow()
    _check(findings=check_required(findings, 4000, multiline=True))

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        c.investigation = findings.strip()
        c.due_on = due_after(s, Stage.DECIDE, now)

    return _step(db, actor_id, complaint_id, Step.INVESTIGATE, findings.strip(), now=now, apply=apply)


def forward(db: Database, actor_id: int, complaint_id: int, institution_id: int | None, deadline: date | None,
            note: str = "", now: datetime | None = None) -> Changes:
    """转交对应机构处理, with the day its reply is due (the ``reply`` limit when none is given)."""
    now = now or utcnow()
    _check(institution=None if institution_id is not None else "Choose the institution.",
           deadline="The deadline cannot be before today." if deadline and deadline < local_day(now) else None,
           note=check_length(note, 2000, multiline=True))
    data: dict[str, object] = {"institution_id": institution_id}

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        institution = s.get(Institution, institution_id)
        if institution is None or not institution.active:
            raise Invalid({"institution": "This institution is not (or no longer) in the registry."})
        c.institution_id = institution.id
        c.reply_due = c.due_on = deadline or due_after(s, Stage.REPLY, now)
        data.update(institution=institution.name, deadline=c.reply_due.isoformat())

    return _step(db, actor_id, complaint_id, Step.FORWARD, note.strip(), data, now, apply)


def record_reply(db: Database, actor_id: int, complaint_id: int, reply: str, now: datetime | None = None) -> Changes:
    now = now or utcnow()
    _check(reply=check_required(reply, 4000, multiline=True))

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        c.reply = reply.strip()
        c.due_on = due_after(s, Stage.DECIDE, now)

    return _step(db, actor_id, complaint_id, Step.RECORD_REPLY, reply.strip(), now=now, apply=apply)


def decide(db: Database, actor_id: int, complaint_id: int, decision: str, now: datetime | None = None) -> Changes:
    """处理意见. An anonymous complaint goes on to closure (no one to tell)."""
    now = now or utcnow()
    _check(decision=check_required(decision, 4000, multiline=True))

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        c.decision = decision.strip()
        anonymous = c.complainant_kind == ComplainantKind.ANONYMOUS
        c.due_on = due_after(s, Stage.CLOSE if anonymous else Stage.TELL, now)

    return _step(db, actor_id, complaint_id, Step.DECIDE, decision.strip(), now=now, apply=apply)


# ---- §7.5.3 answering the complainant; GB/T 19013 --------------------------------------------------------------

def tell(db: Database, actor_id: int, complaint_id: int, told_via: str | None, told_at: datetime | None,
         what: str, now: datetime | None = None) -> Changes:
    """The complainant told the decision (投诉处理结果告知书): how, when and what was said."""
    now = now or utcnow()
    _check(what=check_required(what, 2000, multiline=True),
           told_via=None if told_via in TOLD_CHANNELS else "Say how the complainant was told.",
           told_at="Say when the complainant was told." if told_at is None else check_not_future(told_at, now))

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        c.told_via, c.told_at, c.told_text = told_via, told_at, what.strip()
        c.due_on = due_after(s, Stage.REACT, now)

    data = {"told_via": told_via, "told_at": told_at.isoformat() if told_at else None}
    return _step(db, actor_id, complaint_id, Step.TELL, what.strip(), data, now, apply)


def record_reaction(db: Database, actor_id: int, complaint_id: int, satisfied: bool | None, reaction: str = "",
                    now: datetime | None = None) -> Changes:
    now = now or utcnow()
    _check(satisfied=None if isinstance(satisfied, bool) else "Say whether the complainant is satisfied.",
           reaction=check_length(reaction, 2000, multiline=True))

    def apply(s: Session, _actor: Staff, c: Complaint) -> ComplaintStatus:
        c.satisfied, c.reaction = satisfied, reaction.strip()
        c.due_on = due_after(s, Stage.CLOSE if satisfied else Stage.REVIEW, now)
        return S.SATISFIED if satisfied else S.DISSATISFIED

    return _step(db, actor_id, complaint_id, Step.RECORD_REACTION, reaction.strip(), {"satisfied": satisfied}, now,
                 apply)


def review(db: Database, actor_id: int, complaint_id: int, reason: str, now: datetime | None = None) -> Changes:
    """A dissatisfied complainant's complaint investigated once more (once only)."""
    now = now or utcnow()
    _check(reason=check_required(reason, 2000, multiline=True))

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        c.reviewed = True
        c.due_on = due_after(s, Stage.DECIDE, now)

    return _step(db, actor_id, complaint_id, Step.REVIEW, reason.strip(), now=now, apply=apply)


def refer_out(db: Database, actor_id: int, complaint_id: int, route: str | None, note: str,
              now: datetime | None = None) -> Changes:
    """GB/T 19013: a dispute the station cannot settle goes to mediation, the city platform or arbitration."""
    now = now or utcnow()
    _check(route=None if route in EXTERNAL_ROUTES else "Choose where the dispute goes.",
           note=check_required(note, 2000, multiline=True))

    def apply(_s: Session, _actor: Staff, c: Complaint) -> None:
        c.external_route = route
        c.due_on = None  # the outside body's time, not the station's
        if route == "city_platform":
            c.city_status = "pending"

    return _step(db, actor_id, complaint_id, Step.REFER_OUT, note.strip(), {"route": route}, now, apply)


def record_outcome(db: Database, actor_id: int, complaint_id: int, outcome: str,
                   now: datetime | None = None) -> Changes:
    now = now or utcnow()
    _check(outcome=check_required(outcome, 2000, multiline=True))

    def apply(s: Session, _actor: Staff, c: Complaint) -> None:
        c.outcome = outcome.strip()
        c.due_on = due_after(s, Stage.CLOSE, now)

    return _step(db, actor_id, complaint_id, Step.RECORD_OUTCOME, outcome.strip(), now=now, apply=apply)


# ---- §7.5.4 closure with validity; withdrawal, corrections, notes ---------------------------------------------

@dataclass(frozen=True)
class Closure:
    valid: bool | None  # 有效投诉: it counts against the staff member or institution concerned
    reason: str
    rectified: bool | None = None  # a valid complaint: was the fault put right (整改)
    rectification: str = ""


def close(db: Database, actor_id: int, complaint_id: int, inp: Closure, now: datetime | None = None) -> Changes:
    now = now or utcnow()
    _check(valid=None if isinstance(inp.valid, bool) else "Say whether the complaint is valid.",
           reason=check_required(inp.reason, 2000, multiline=True),
           rectified="Only a valid complaint is rectified." if inp.rectified is not None and inp.valid is False
           else None,
           rectification=check_length(inp.rectification, 2000, multiline=True))

    def apply(_s: Session, _actor: Staff, c: Complaint) -> None:
        c.valid, c.close_reason = inp.valid, inp.reason.strip()
        c.rectified, c.rectification = inp.rectified, inp.rectification.strip()

    data = {"valid": inp.valid, "rectified": inp.rectified, "rectification": inp.rectification.strip()}
    return _step(db, actor_id, complaint_id, Step.CLOSE, inp.reason.strip(), data, now, apply)


def withdraw(db: Database, actor_id: int, complaint_id: int, reason: str, now: datetime | None = None) -> Changes:
    """The complainant withdrew the complaint."""
    _check(reason=check_required(reason, 2000, multiline=True))

    def apply(_s: Session, _actor: Staff, c: Complaint) -> None:
        c.withdraw_reason = reason.strip()

    return _step(db, actor_id, complaint_id, Step.WITHDRAW, reason.strip(), now=now, apply=apply)


def edit(db: Database, actor_id: int, complaint_id: int, inp: ComplaintInput, now: datetime | None = None) -> Changes:
    """Correct what was registered, before the assessment; the timeline keeps what it was."""
    with db.begin(actor_id) as s:
        actor, c = load_for_action(s, actor_id, complaint_id, Step.EDIT)
        changed = update_complaint(s, actor, c, inp)
        if not changed:
            return Changes(Complaint, "updated", ())
        add_event(s, c, actor.id, E.EDITED, data=changed, at=now)
        return Changes(Complaint, "updated", (c.id,))


def add_note(db: Database, actor_id: int, complaint_id: int, note: str, now: datetime | None = None) -> Changes:
    _check(note=check_required(note, 4000, multiline=True))
    return _step(db, actor_id, complaint_id, Step.NOTE, note.strip(), now=now)
