"""Translating the English messages of the services (and the CLI) into the UI language.

Services raise English messages (``desktop.models.validators.Msg`` when they carry numbers); the GUI
and the CLI translate them through the same ``.qm`` file, context ``messages``. Field names used in
``Invalid.errors`` have labels in context ``fields``. Only QtCore is used: the CLI needs no display.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTranslator

TRANSLATIONS = Path(__file__).with_name("resources") / "translations"
DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "中文（简体）", "en": "English"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


# The labels of the fields that ``Invalid`` names, for messages outside a form (import reports, CLI).
FIELD_LABELS = {
    "name": QT_TRANSLATE_NOOP("fields", "Name"),
    "uscc": QT_TRANSLATE_NOOP("fields", "Unified social credit code"),
    "kind": QT_TRANSLATE_NOOP("fields", "Type"),
    "day": QT_TRANSLATE_NOOP("fields", "Date"),
    "district": QT_TRANSLATE_NOOP("fields", "District"),
    "address": QT_TRANSLATE_NOOP("fields", "Address"),
    "industry": QT_TRANSLATE_NOOP("fields", "Industry"),
    "size": QT_TRANSLATE_NOOP("fields", "Size"),
    "contacts": QT_TRANSLATE_NOOP("fields", "Contacts"),
    "contact": QT_TRANSLATE_NOOP("fields", "Contact"),
    "phone": QT_TRANSLATE_NOOP("fields", "Phone"),
    "title": QT_TRANSLATE_NOOP("fields", "Title"),
    "code": QT_TRANSLATE_NOOP("fields", "Station code"),
    "level": QT_TRANSLATE_NOOP("fields", "Level"),
    "complaint_phone": QT_TRANSLATE_NOOP("fields", "Complaint phone"),
    "complaint_email": QT_TRANSLATE_NOOP("fields", "Complaint e-mail"),
    "login": QT_TRANSLATE_NOOP("fields", "User name"),
    "admin_login": QT_TRANSLATE_NOOP("fields", "Admin user name"),
    "admin_name": QT_TRANSLATE_NOOP("fields", "Admin full name"),
    "admin_password": QT_TRANSLATE_NOOP("fields", "Admin password"),
    "password": QT_TRANSLATE_NOOP("fields", "Password"),
    "old_password": QT_TRANSLATE_NOOP("fields", "Current password"),
    "role": QT_TRANSLATE_NOOP("fields", "Role"),
    "text": QT_TRANSLATE_NOOP("fields", "Text"),
    "hub_url": QT_TRANSLATE_NOOP("fields", "City platform address"),
    "ca_bundle": QT_TRANSLATE_NOOP("fields", "CA certificate file"),
    "batch_size": QT_TRANSLATE_NOOP("fields", "Records per batch"),
    "time_zone": QT_TRANSLATE_NOOP("fields", "Time zone"),
}
CONTACT_FIELD = QT_TRANSLATE_NOOP("fields", "Contact {n}: {field}")
_CONTACT_KEY = re.compile(r"contacts\.(\d+)\.(\w+)")


def qm_path(language: str) -> Path:
    return TRANSLATIONS / f"quality_station_{language}.qm"


def load_translator(language: str, parent: QObject | None = None) -> QTranslator | None:
    """The translator for ``language`` (None for English, the source language)."""
    if language == "en":
        return None
    translator = QTranslator(parent)
    if not translator.load(str(qm_path(language))):
        raise FileNotFoundError(f"translation {qm_path(language)} is missing")
    return translator


def _template(message: str) -> tuple[str, dict[str, Any]]:
    return getattr(message, "template", message), getattr(message, "params", {})


def tr_message(message: str, **params: Any) -> str:
    """A service message in the installed UI language (GUI side); parameters that are messages themselves are
    translated too."""
    template, own = _template(message)
    values = {k: tr_message(v) if hasattr(v, "template") else v for k, v in {**own, **params}.items()}
    return QCoreApplication.translate("messages", template).format(**values)


def _field_label(key: str, translate: Callable[[str, str], str]) -> str:
    m = _CONTACT_KEY.fullmatch(key)
    if m:
        inner = translate("fields", FIELD_LABELS.get(m.group(2), m.group(2)))
        return translate("fields", CONTACT_FIELD).format(n=int(m.group(1)) + 1, field=inner)
    return translate("fields", FIELD_LABELS.get(key, key))


def tr_field(key: str) -> str:
    """The label of a field named in ``Invalid.errors`` (GUI side)."""
    return _field_label(key, QCoreApplication.translate)


class Translator:
    """The same translations without an application object, for the command line."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language or DEFAULT_LANGUAGE
        self._qt = load_translator(self.language)

    def _t(self, context: str, text: str) -> str:
        if self._qt is None:
            return text
        return self._qt.translate(context, text) or text

    def __call__(self, message: str, **params: Any) -> str:
        template, own = _template(message)
        values = {k: self(v) if hasattr(v, "template") else v for k, v in {**own, **params}.items()}
        return self._t("messages", template).format(**values)

    def field(self, key: str) -> str:
        return _field_label(key, self._t)


