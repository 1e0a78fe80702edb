"""Display names of stored codes (roles, levels, sizes, kinds), translated at call time."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

translate = QCoreApplication.translate


def role_label(role: str) -> str:
    return {
        "clerk": translate("labels", "Window clerk"),
        "field_officer": translate("labels", "Field officer"),
        "admin": translate("labels", "Station admin"),
    }.get(role, role)


def level_label(level: str) -> str:
    return {
        "county": translate("labels", "County"),
        "district": translate("labels", "District"),
        "new_district": translate("labels", "New district"),
        "park": translate("labels", "Park"),
    }.get(level, level)


def size_label(size: str) -> str:
    return {
        "micro": translate("labels", "Micro"),
        "small": translate("labels", "Small"),
        "medium": translate("labels", "Medium"),
        "large": translate("labels", "Large"),
    }.get(size, size)


def kind_label(kind: str) -> str:
    return {"enterprise": translate("labels", "Enterprise"), "person": translate("labels", "Person")}.get(kind, kind)
