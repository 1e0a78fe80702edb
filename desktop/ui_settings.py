"""The per-user UI settings file; read before the station's database opens (the first window's language)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from desktop.messages import DEFAULT_LANGUAGE, LANGUAGES


def ui_settings(data_dir: Path) -> QSettings:
    """Per-user UI state (language, geometry, column widths) in an INI file beside the data, so tests and demos
    never touch a real profile."""
    return QSettings(str(data_dir / "ui-settings.ini"), QSettings.Format.IniFormat)


def settings_language(settings: QSettings) -> str:
    value = str(settings.value("ui/language", DEFAULT_LANGUAGE))
    return value if value in LANGUAGES else DEFAULT_LANGUAGE
