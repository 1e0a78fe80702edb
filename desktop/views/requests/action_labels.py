"""Display names of lifecycle actions, timeline events and the codes they record, translated at call time."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def action_label(action: str) -> str:
    return {
        "answer": translate("labels", "Answer on the spot"),
        "register": translate("labels", "Register and give one-time notice"),
        "await_instruction": translate("labels", "Ask for instructions"),
        "instruction_received": translate("labels", "Instructions received"),
        "refer": translate("labels", "Refer to institution"),
        "escalate": translate("labels", "Escalate to the city"),
        "start_service": translate("labels", "Institution's feedback"),
        "follow_up": translate("labels", "Follow-up"),
        "complete": translate("labels", "Complete"),
        "give_feedback": translate("labels", "Feedback to client"),
        "evaluate": translate("labels", "Return visit and evaluation"),
        "archive": translate("labels", "Archive"),
        "withdraw": translate("labels", "Withdraw"),
        "edit": translate("labels", "Correct"),
        "attach": translate("labels", "Attach files"),
        "note": translate("labels", "Add note"),
    }.get(action, action)


def event_label(kind: str) -> str:
    return {
        "received": translate("labels", "Received"),
        "answered": translate("labels", "Answered on the spot"),
        "registered": translate("labels", "Registered, one-time notice given"),
        "awaiting_instruction": translate("labels", "Instructions requested"),
        "instruction_received": translate("labels", "Instructions received"),
        "referred": translate("labels", "Referred"),
        "escalated": translate("labels", "Escalated to the city"),
        "city_decision": translate("labels", "City platform's decision"),
        "service_started": translate("labels", "Institution's feedback, service started"),
        "follow_up": translate("labels", "Follow-up"),
        "completed": translate("labels", "Completed"),
        "feedback_given": translate("labels", "Feedback given to client"),
        "evaluated": translate("labels", "Return visit and evaluation"),
        "archived": translate("labels", "Archived"),
        "withdrawn": translate("labels", "Withdrawn"),
        "note": translate("labels", "Note"),
        "attachment": translate("labels", "File attached"),
        "edited": translate("labels", "Corrected"),
    }.get(kind, kind)


def told_via_label(code: str) -> str:
    return {
        "phone": translate("labels", "Phone"),
        "sms": translate("labels", "SMS"),
        "website": translate("labels", "Website"),
        "window": translate("labels", "At the window"),
        "in_person": translate("labels", "In person"),
    }.get(code, code)


def visit_method_label(code: str) -> str:
    return {"field": translate("labels", "Field return visit"),
            "phone": translate("labels", "Phone return visit")}.get(code, code)


def evaluator_type_label(code: str) -> str:
    return {"self": translate("labels", "Self-evaluation"), "client": translate("labels", "Client evaluation"),
            "third_party": translate("labels", "Third-party evaluation")}.get(code, code)


def city_decision_label(code: str) -> str:
    return {
        "pending": translate("labels", "Awaiting the city"),
        "accepted": translate("labels", "Accepted by the city"),
        "assigned": translate("labels", "Assigned by the city"),
        "answered": translate("labels", "Answered by the city"),
        "returned": translate("labels", "Returned to the station"),
    }.get(code, code)


def score_label(key: str) -> str:
    return {
        "demand_matching": translate("labels", "Demand matching"),
        "service_level": translate("labels", "Service level"),
        "attitude": translate("labels", "Service attitude"),
        "complaint_handling": translate("labels", "Complaint handling"),
    }.get(key, key)
