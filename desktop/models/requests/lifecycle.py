"""The request lifecycle (SPEC §4, standard §7.2–§7.4): every step is one service call.

Each call checks the request's state, the actor's role and the step's required fields, then writes the
change and its timeline event in one transaction; otherwise it refuses with a message for people.
``ACTIONS`` is the whole state machine: which states an action starts from, where it leads, who may
take it. The views ask ``allowed_actions(status, role)`` to show only what can be done.

An escalated request belongs to the city: the station can only add notes until the city decides
(``city_decision``, called by sync).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.city_sync.outbox import enqueue
from desktop.models.clients.tables import Client
from desktop.models.core import validators
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.core.tables import ROLES, Role
from desktop.models.core.types import utcnow
from desktop.models.core.validators import check_length, check_not_future, check_required, normalize_phone
from desktop.models.institutions.tables import Institution
from desktop.models.requests import workdays
from desktop.models.requests.intake import (
    RequestInput,
    add_event,
    items_checked,
    local_day,
    request_search_text,
    set_items,
    validate_request,
)
from desktop.models.requests.tables import (
    CITY_DECISIONS,
    EVALUATOR_TYPES,
    FEEDBACK_CHANNELS,
    RETURN_VISIT_METHODS,
    SCORES,
    TOLD_VIA,
    Evaluation,
    EventKind,
    Referral,
    RequestCategory,
    RequestItem,
    RequestStatus,
    ServiceRequest,
)

S = RequestStatus
E = EventKind
ALL = ROLES
DESK = (Role.CLERK, Role.ADMIN)  # window work: registration, hand-over, escalation, feedback, archiving
OPEN = (S.RECEIVED, S.REGISTERED, S.AWAITING_INSTRUCTION, S.REFERRED, S.IN_SERVICE)

# where the city's decisions take an escalated request (the others leave it escalated)
CITY_TARGETS: dict[str, RequestStatus] = {"answered": S.COMPLETED, "returned": S.REGISTERED}


class Step(StrEnum):
    """What can be done to a request (each one service call below)."""

    ANSWER = "answer"
    REGISTER = "register"
    AWAIT_INSTRUCTION = "await_instruction"
    INSTRUCTION_RECEIVED = "instruction_received"
    REFER = "refer"
    ESCALATE = "escalate"
    START_SERVICE = "start_service"
    FOLLOW_UP = "follow_up"
    COMPLETE = "complete"
    GIVE_FEEDBACK = "give_feedback"
    EVALUATE = "evaluate"
    ARCHIVE = "archive"
    WITHDRAW = "withdraw"
    EDIT = "edit"
    ATTACH = "attach"
    NOTE = "note"


@dataclass(frozen=True)
class Action:
    sources: tuple[RequestStatus, ...]
    target: RequestStatus | None  # None: the status stays
    roles: tuple[Role, ...]
    event: EventKind  # the line it writes in the timeline


ACTIONS: dict[Step, Action] = {
    Step.ANSWER: Action((S.RECEIVED,), S.ANSWERED, ALL, E.ANSWERED),  # §7.2.2 answered on the spot
    Step.REGISTER: Action((S.RECEIVED,), S.REGISTERED, DESK, E.REGISTERED),  # §7.2.3 registered, classified, told once
    # §7.2.3 请示报告
    Step.AWAIT_INSTRUCTION: Action((S.REGISTERED,), S.AWAITING_INSTRUCTION, DESK, E.AWAITING_INSTRUCTION),
    Step.INSTRUCTION_RECEIVED: Action((S.AWAITING_INSTRUCTION,), S.REGISTERED, DESK, E.INSTRUCTION_RECEIVED),
    # §7.2.4 (again: to another institution)
    Step.REFER: Action((S.REGISTERED, S.REFERRED), S.REFERRED, DESK, E.REFERRED),
    Step.ESCALATE: Action((S.REGISTERED, S.AWAITING_INSTRUCTION), S.ESCALATED, DESK, E.ESCALATED),  # §4.4 to the city
    # §7.3.3 the institution's feedback
    Step.START_SERVICE: Action((S.REFERRED,), S.IN_SERVICE, ALL, E.SERVICE_STARTED),
    Step.FOLLOW_UP: Action((S.REFERRED, S.IN_SERVICE), None, ALL, E.FOLLOW_UP),  # §7.3.2
    Step.COMPLETE: Action((S.IN_SERVICE,), S.COMPLETED, ALL, E.COMPLETED),
    Step.GIVE_FEEDBACK: Action((S.COMPLETED,), S.FEEDBACK_GIVEN, DESK, E.FEEDBACK_GIVEN),  # §7.4.1
    Step.EVALUATE: Action((S.FEEDBACK_GIVEN, S.ANSWERED), S.EVALUATED, ALL, E.EVALUATED),  # §7.4.2 return visit, §8.1
    Step.ARCHIVE: Action((S.EVALUATED, S.ANSWERED), S.ARCHIVED, DESK, E.ARCHIVED),  # §7.6.1
    Step.WITHDRAW: Action(OPEN, S.WITHDRAWN, DESK, E.WITHDRAWN),
    Step.EDIT: Action((S.RECEIVED, S.REGISTERED, S.AWAITING_INSTRUCTION), None, DESK, E.EDITED),
    Step.ATTACH: Action((*OPEN, S.ANSWERED, S.COMPLETED, S.FEEDBACK_GIVEN, S.EVALUATED), None, ALL, E.ATTACHMENT),
    Step.NOTE: Action((*OPEN, S.ANSWERED, S.ESCALATED, S.COMPLETED, S.FEEDBACK_GIVEN, S.EVALUATED), None, ALL, E.NOTE),
}


def allowed_actions(status: str, role: str) -> list[Step]:
    return [name for name, a in ACTIONS.items() if status in a.sources and role in a.roles]


def load_for_action(session: Session, actor_id: int | None, request_id: int, action: str) -> ServiceRequest:
    rule = ACTIONS[Step(action)]
    actor = require_role(session, actor_id)
    req = session.get(ServiceRequest, request_id)
    if req is None:
        raise NotFound("No such request.")
    if req.status not in rule.sources:
        if req.status == "escalated":
            raise Refused("This request has been escalated to the city platform; only notes can be added "
                          "until the city decides.")
        if req.status in ("archived", "withdrawn"):
            raise Refused("This request is closed and can no longer be changed.")
        raise Refused("This cannot be done in the request's current state.")
    if actor.role not in rule.roles:
        raise Refused("Your role does not allow this.")
    return req


def _required(**fields: tuple[str, int]) -> None:
    errors = {k: m for k, (v, n) in fields.items() if (m := check_required(v, n, multiline=True))}
    if errors:
        raise Invalid(errors)


def _step(db: Database, actor_id: int, request_id: int, action: str, text_: str = "",
          data: dict[str, object] | None = None, now: datetime | None = None,
          apply: object = None, outbox: tuple[str, str] | None = None) -> Changes:
    """One step: check, apply, append the event and (escalation, archiving) write the outbox record for the
    city platform, all in one transaction."""
    with db.begin(actor_id) as s:
        req = load_for_action(s, actor_id, request_id, action)
        if callable(apply):
            apply(s, req)
        rule = ACTIONS[Step(action)]
        add_event(s, req, actor_id, rule.event, to_status=rule.target, text_=text_, data=data, at=now)
        if outbox is not None:
            enqueue(s, req, *outbox)
        return Changes(ServiceRequest, "updated", (req.id,))


def _cal_due(session: Session, req: ServiceRequest, field: str, start: date) -> date:
    categories = session.scalars(select(RequestCategory.category_id)
                                 .where(RequestCategory.request_id == req.id)).all()
    limits = workdays.limits_for(session, categories)
    return workdays.load_calendar(session).add_working_days(start, getattr(limits, field))


# ---- §7.2 matching ---------------------------------------------------------------------------------------

def answer(db: Database, actor_id: int, request_id: int, answer_text: str, now: datetime | None = None) -> Changes:
    """§7.2.2: answered and solved on the spot."""
    _required(answer=(answer_text, 4000))
    now = now or utcnow()

    def apply(_s: Session, req: ServiceRequest) -> None:
        req.responded_at = req.completed_at = now
        req.result = answer_text.strip()
        req.due_on = None

    return _step(db, actor_id, request_id, "answer", answer_text.strip(), now=now, apply=apply)


def register(db: Database, actor_id: int, request_id: int, notice: str, assessment: str = "",
             now: datetime | None = None) -> Changes:
    """§7.2.3: registered and classified; ``notice`` is the one-time notice (一次性告知) given to the client."""
    _required(notice=(notice, 4000))
    message = check_length(assessment, 2000, multiline=True)
    if message:
        raise Invalid({"assessment": message})
    now = now or utcnow()

    def apply(s: Session, req: ServiceRequest) -> None:
        req.responded_at = now
        req.notice = notice.strip()
        if assessment.strip():
            req.assessment = assessment.strip()
        req.handover_due = req.due_on = _cal_due(s, req, "handover_days", local_day(now))

    return _step(db, actor_id, request_id, "register", notice.strip(), now=now, apply=apply)


def await_instruction(db: Database, actor_id: int, request_id: int, question: str,
                      now: datetime | None = None) -> Changes:
    """§7.2.3: needs instructions from above; the hand-over clock stops until they come."""
    _required(question=(question, 4000))

    def apply(_s: Session, req: ServiceRequest) -> None:
        req.due_on = None

    return _step(db, actor_id, request_id, "await_instruction", question.strip(),
                 now=now, apply=apply)


def instruction_received(db: Database, actor_id: int, request_id: int, instruction: str,
                         now: datetime | None = None) -> Changes:
    _required(instruction=(instruction, 4000))
    now = now or utcnow()

    def apply(s: Session, req: ServiceRequest) -> None:
        req.handover_due = req.due_on = _cal_due(s, req, "handover_days", local_day(now))

    return _step(db, actor_id, request_id, "instruction_received", instruction.strip(),
                 now=now, apply=apply)


@dataclass(frozen=True)
class ReferralInput:
    institution_id: int | None
    deadline: date | None  # None: the category's feedback limit from today
    told_at: datetime | None
    told_via: str
    note: str = ""


def refer(db: Database, actor_id: int, request_id: int, inp: ReferralInput, now: datetime | None = None) -> Changes:
    """§7.2.4: hand over to an institution or expert, with a deadline, and record how the client was told."""
    now = now or utcnow()
    errors = {
        "institution": None if inp.institution_id is not None else "Choose the institution or expert.",
        "deadline": "The deadline cannot be before today." if inp.deadline and inp.deadline < local_day(now)
        else None,
        "told_at": "Say when the client was told." if inp.told_at is None else check_not_future(inp.told_at, now),
        "told_via": None if inp.told_via in TOLD_VIA else "Say how the client was told.",
        "note": check_length(inp.note, 2000, multiline=True),
    }
    if any(errors.values()):
        raise Invalid({k: v for k, v in errors.items() if v})
    assert inp.told_at is not None
    with db.begin(actor_id) as s:
        req = load_for_action(s, actor_id, request_id, "refer")
        institution = s.get(Institution, inp.institution_id)
        if institution is None or not institution.active:
            raise Invalid({"institution": "This institution is not (or no longer) in the registry."})
        deadline = inp.deadline or _cal_due(s, req, "feedback_days", local_day(now))
        s.add(Referral(request_id=req.id, institution_id=institution.id, referred_at=now, referred_by=actor_id,
                       deadline=deadline, told_at=inp.told_at, told_via=inp.told_via, note=inp.note.strip()))
        req.institution_id = institution.id
        req.feedback_due = req.due_on = deadline
        add_event(s, req, actor_id, "referred", to_status="referred", text_=inp.note.strip(), at=now,
                  data={"institution_id": institution.id, "institution": institution.name,
                        "deadline": deadline.isoformat(), "told_at": inp.told_at.isoformat(),
                        "told_via": inp.told_via})
        return Changes(ServiceRequest, "updated", (req.id,))


def escalate(db: Database, actor_id: int, request_id: int, reason: str, now: datetime | None = None) -> Changes:
    """§4.4: what the station cannot solve goes to the city; from now on the city owns the request."""
    _required(reason=(reason, 4000))

    def apply(_s: Session, req: ServiceRequest) -> None:
        req.due_on = None
        req.city_status = "pending"

    return _step(db, actor_id, request_id, "escalate", reason.strip(), now=now, apply=apply,
                 outbox=("escalation", reason.strip()))


def city_decision(db: Database, request_id: int, decision: str, text_: str = "",
                  now: datetime | None = None) -> Changes:
    """The city's decision on an escalated request (see ``apply_city_decision``), in a transaction of its own."""
    if decision not in CITY_DECISIONS:
        raise Invalid({"decision": "Unknown decision of the city platform."})
    with db.begin(None) as s:
        req = s.get(ServiceRequest, request_id)
        if req is None:
            raise NotFound("No such request.")
        if req.status != "escalated":
            raise Refused("Only an escalated request can receive the city's decision.")
        apply_city_decision(s, req, decision, text_, now=now or utcnow())
        return Changes(ServiceRequest, "updated", (req.id,))


def apply_city_decision(s: Session, req: ServiceRequest, decision: str, text_: str = "", assignee: str = "",
                        now: datetime | None = None, decision_uuid: str = "") -> None:
    """Apply the city's decision in the caller's transaction (sync applies a page of them with its cursor):
    accepted or assigned (it stays with the city), answered (completed, with the answer as its result) or
    returned (back to the station, registered). A decision that arrives when the request is no longer
    escalated (the city decided twice) is put on the timeline without changing the state."""
    if decision not in CITY_DECISIONS:
        raise Invalid({"decision": "Unknown decision of the city platform."})
    now = now or utcnow()
    # the city's text, not typed here: cleaned of what the text triggers refuse
    text_, assignee = validators.clean_text(text_, multiline=True), validators.clean_text(assignee)
    data: dict[str, object] = {"decision": decision}
    if assignee:
        data["assignee"] = assignee
    if decision_uuid:
        data["decision_uuid"] = decision_uuid
    if req.status != "escalated":
        data["applied"] = False
        add_event(s, req, None, "city_decision", text_=text_.strip(), at=now, data=data)
        return
    target = CITY_TARGETS.get(decision)
    req.city_status = decision
    if decision == "answered":
        req.result = text_.strip()
        req.completed_at = now
    if decision == "returned":
        req.handover_due = req.due_on = _cal_due(s, req, "handover_days", local_day(now))
    add_event(s, req, None, "city_decision", to_status=target, text_=text_.strip(), at=now, data=data)


# ---- §7.3 service --------------------------------------------------------------------------------------

def start_service(db: Database, actor_id: int, request_id: int, feedback: str, now: datetime | None = None) -> Changes:
    """§7.3.3: the institution gave its feedback and starts the service."""
    _required(feedback=(feedback, 4000))
    now = now or utcnow()

    def apply(s: Session, req: ServiceRequest) -> None:
        referral = s.scalars(select(Referral).where(Referral.request_id == req.id)
                             .order_by(Referral.id.desc()).limit(1)).first()
        if referral is not None and referral.responded_at is None:
            # the referral row is the institution's record of timeliness: set once, never moved
            referral.responded_at = now
        req.due_on = req.completion_due

    return _step(db, actor_id, request_id, "start_service", feedback.strip(), now=now,
                 apply=apply)


def follow_up(db: Database, actor_id: int, request_id: int, note: str, now: datetime | None = None) -> Changes:
    """§7.3.2: a contact with the institution or the client, and what came of it."""
    _required(note=(note, 4000))
    return _step(db, actor_id, request_id, "follow_up", note.strip(), now=now)


def complete(db: Database, actor_id: int, request_id: int, result: str, now: datetime | None = None) -> Changes:
    _required(result=(result, 4000))
    now = now or utcnow()

    def apply(_s: Session, req: ServiceRequest) -> None:
        req.result = result.strip()
        req.completed_at = now
        req.due_on = None

    return _step(db, actor_id, request_id, "complete", result.strip(), now=now, apply=apply)


# ---- §7.4 feedback and evaluation --------------------------------------------------------------------

@dataclass(frozen=True)
class FeedbackInput:
    channel: str  # website | phone | sms
    at: datetime | None
    content: str


def give_feedback(db: Database, actor_id: int, request_id: int, inp: FeedbackInput,
                  now: datetime | None = None) -> Changes:
    """§7.4.1: the client was told the outcome (website, phone or SMS)."""
    now = now or utcnow()
    errors = {
        "channel": None if inp.channel in FEEDBACK_CHANNELS else "Choose website, phone or SMS.",
        "at": "Say when the client was told." if inp.at is None else check_not_future(inp.at, now),
        "content": check_required(inp.content, 4000, multiline=True),
    }
    if any(errors.values()):
        raise Invalid({k: v for k, v in errors.items() if v})
    assert inp.at is not None
    return _step(db, actor_id, request_id, "give_feedback", inp.content.strip(), now=now,
                 data={"channel": inp.channel, "at": inp.at.isoformat()})


@dataclass(frozen=True)
class EvaluationInput:
    visit_method: str  # field | phone (§7.4.2)
    at: datetime | None  # when the return visit took place
    evaluator_type: str  # self | client | third_party (§8.1.2)
    demand_matching: int | None
    service_level: int | None
    attitude: int | None
    complaint_handling: int | None
    evaluator: str = ""
    comment: str = ""


def validate_evaluation(inp: EvaluationInput, now: datetime) -> dict[str, str]:
    errors: dict[str, str | None] = {
        "visit_method": None if inp.visit_method in RETURN_VISIT_METHODS else "Choose a field or phone return visit.",
        "at": "Say when the return visit took place." if inp.at is None else check_not_future(inp.at, now),
        "evaluator_type": None if inp.evaluator_type in EVALUATOR_TYPES else "Choose who evaluates.",
        "evaluator": check_length(inp.evaluator, 100),
        "comment": check_length(inp.comment, 2000, multiline=True),
    }
    for key in SCORES:
        value = getattr(inp, key)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[key] = "Give a score from 1 to 5."
    return {k: v for k, v in errors.items() if v}


def evaluate(db: Database, actor_id: int, request_id: int, inp: EvaluationInput,
             now: datetime | None = None) -> Changes:
    """§7.4.2 return visit with the §8.1.1 satisfaction evaluation."""
    now = now or utcnow()
    errors = validate_evaluation(inp, now)
    if errors:
        raise Invalid(errors)
    assert inp.at is not None

    def apply(s: Session, req: ServiceRequest) -> None:
        s.add(Evaluation(request_id=req.id, at=inp.at, recorded_by=actor_id, visit_method=inp.visit_method,
                         evaluator_type=inp.evaluator_type, evaluator=inp.evaluator.strip(),
                         comment=inp.comment.strip(), **{k: getattr(inp, k) for k in SCORES}))

    data: dict[str, object] = {"visit_method": inp.visit_method, "at": inp.at.isoformat(),
                               "evaluator_type": inp.evaluator_type, "evaluator": inp.evaluator.strip(),
                               **{k: getattr(inp, k) for k in SCORES}}
    return _step(db, actor_id, request_id, "evaluate", inp.comment.strip(), data=data, now=now,
                 apply=apply)


def archive(db: Database, actor_id: int, request_id: int, now: datetime | None = None) -> Changes:
    """§7.6.1: the record is closed and kept (no further change)."""
    now = now or utcnow()

    def apply(_s: Session, req: ServiceRequest) -> None:
        req.closed_at = now
        req.due_on = None

    return _step(db, actor_id, request_id, "archive", now=now, apply=apply, outbox=("archive", ""))


def withdraw(db: Database, actor_id: int, request_id: int, reason: str, now: datetime | None = None) -> Changes:
    _required(reason=(reason, 4000))
    now = now or utcnow()

    def apply(_s: Session, req: ServiceRequest) -> None:
        req.closed_at = now
        req.due_on = None

    return _step(db, actor_id, request_id, "withdraw", reason.strip(), now=now, apply=apply)


def add_note(db: Database, actor_id: int, request_id: int, note: str, now: datetime | None = None) -> Changes:
    _required(note=(note, 4000))
    return _step(db, actor_id, request_id, "note", note.strip(), now=now)


def update_request(db: Database, actor_id: int, request_id: int, inp: RequestInput) -> Changes:
    """Correct a request before it is handed over: description, contact, assessment, items (not the client).
    The event keeps what it was; due dates already computed stay."""
    errors = {k: v for k, v in validate_request(inp).items() if k not in ("client", "received_at")}
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        req = load_for_action(s, actor_id, request_id, "edit")
        client = s.get(Client, req.client_id)
        assert client is not None
        before_items = sorted(s.scalars(select(RequestItem.item_id).where(RequestItem.request_id == req.id)))
        items = items_checked(s, inp.item_ids, allow_retired=before_items)
        phone = normalize_phone(inp.contact_phone) or None
        after = {"description": inp.description.strip(), "contact_name": inp.contact_name.strip(),
                 "contact_phone": phone, "assessment": inp.assessment.strip()}
        changed: dict[str, object] = {k: [getattr(req, k), v] for k, v in after.items() if getattr(req, k) != v}
        new_items = sorted(i.id for i in items)
        if new_items != before_items:
            changed["items"] = [before_items, new_items]
            set_items(s, req, items)
        if not changed:
            return Changes(ServiceRequest, "updated", ())
        for k, v in after.items():
            setattr(req, k, v)
        req.search_text = request_search_text(req.number, client.name, req.description, req.contact_name, phone)
        add_event(s, req, actor_id, "edited", data=changed)
        return Changes(ServiceRequest, "updated", (req.id,))


def default_deadline(db: Database, request_id: int, today: date) -> date:
    """The referral deadline the time limits give when handing over today (the dialog's suggestion)."""
    with db.read() as s:
        req = s.get(ServiceRequest, request_id)
        if req is None:
            raise NotFound("No such request.")
        return _cal_due(s, req, "feedback_days", today)
