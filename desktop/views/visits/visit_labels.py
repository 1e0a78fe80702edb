"""Words for on-site service records (现场服务记录): statuses, field names, short ids, times."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from desktop.messages import tr_message
from desktop.models.visits.labels import VISIT_STATUS_LABELS
from desktop.views.shared.labels import label

translate = QCoreApplication.translate
_ROW_KEY = re.compile(r"(attendee|follow_up)\.(\d+)\.(\w+)")


def short_id(uuid: str) -> str:
    """The first 8 characters of a record's UUID: enough to tell records apart on screen and on paper."""
    return uuid[:8]


def visit_status_label(status: str, amendment: bool = False) -> str:
    """The record's state in words; an amendment says it is a correction."""
    name = label(VISIT_STATUS_LABELS, status)
    return translate("VisitLabels", "Correction: %1").replace("%1", name) if amendment else name


def field_label(key: str) -> str:
    """The name of a field of the record, as the service names it in its errors (``attendee.2.phone``)."""
    m = _ROW_KEY.fullmatch(key)
    if m:
        row = str(int(m.group(2)) + 1)
        column = field_label(m.group(3))
        if m.group(1) == "attendee":
            return translate("VisitLabels", "Attendee %1, %2").replace("%1", row).replace("%2", column)
        return translate("VisitLabels", "Follow-up %1, %2").replace("%1", row).replace("%2", column)
    return {
        "visited_at": translate("VisitLabels", "Date and time"),
        "place": translate("VisitLabels", "Place"),
        "officers": translate("VisitLabels", "Officers"),
        "attendees": translate("VisitLabels", "Client attendees"),
        "work_done": translate("VisitLabels", "What was done"),
        "questions": translate("VisitLabels", "Questions answered"),
        "collected": translate("VisitLabels", "Information and documents collected"),
        "follow_ups": translate("VisitLabels", "Follow-ups"),
        "amendment_reason": translate("VisitLabels", "Reason for the correction"),
        "name": translate("VisitLabels", "name"),
        "title": translate("VisitLabels", "position"),
        "phone": translate("VisitLabels", "phone"),
        "action": translate("VisitLabels", "action"),
        "owner": translate("VisitLabels", "owner"),
        "due_on": translate("VisitLabels", "due date"),
        "client_name": translate("VisitLabels", "Client's name"),
        "officer_name": translate("VisitLabels", "Officer's name"),
        "client_signature": translate("VisitLabels", "Client's signature"),
        "officer_signature": translate("VisitLabels", "Officer's signature"),
        "declined_reason": translate("VisitLabels", "Why the client declines to sign"),
        "scan": translate("VisitLabels", "Scan of the signed form"),
    }.get(key, key)


def error_lines(errors: dict[str, str]) -> str:
    """Errors of a record outside its form (signing a draft saved earlier): one line per field."""
    return "\n".join(f"{field_label(k)}: {tr_message(v)}" for k, v in errors.items())
