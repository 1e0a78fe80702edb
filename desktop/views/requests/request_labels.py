"""Display names of a request's stored codes (status, channel, due state), in the standard's wording."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def status_label(key: str) -> str:
    return {
        "received": translate("labels", "Received"),
        "answered": translate("labels", "Answered on the spot"),
        "registered": translate("labels", "Registered"),
        "awaiting_instruction": translate("labels", "Awaiting instruction"),
        "referred": translate("labels", "Referred"),
        "escalated": translate("labels", "Escalated to the city"),
        "in_service": translate("labels", "In service"),
        "completed": translate("labels", "Completed"),
        "feedback_given": translate("labels", "Feedback given"),
        "evaluated": translate("labels", "Return visit evaluated"),
        "archived": translate("labels", "Archived"),
        "withdrawn": translate("labels", "Withdrawn"),
    }.get(key, key)


def channel_label(key: str) -> str:
    return {
        "website": translate("labels", "Platform website"),
        "window": translate("labels", "Service window"),
        "survey": translate("labels", "Written survey"),
        "visit": translate("labels", "Company visit"),
        "phone": translate("labels", "Phone enquiry"),
        "onsite": translate("labels", "On-site consultation"),
    }.get(key, key)


def due_label(state: str) -> str:
    """The words that go with a due date that stands out (``request_list.due_state``)."""
    return {
        "overdue": translate("labels", "Overdue"),
        "due_soon": translate("labels", "Due soon"),
    }.get(state, "")
