"""Stored codes and registered names on screen, in the language the app runs in.

The names themselves are in the areas' label tables (``desktop.models.<area>.labels``, Qt-free: printed
documents and exports take the Chinese from the same place). Which language the screen shows is whatever
translation is installed: the zh_CN one translates the marker below to "zh_CN"; with none (English, the source
language) it stays "en".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.models.core.labels import Label, LabelTable


def ui_language() -> str:
    """The installed translation's language: "zh_CN", or "en" when none is installed."""
    return QCoreApplication.translate("labels", "en")


def label(table: LabelTable, code: str, language: str | None = None) -> str:  # type: ignore[type-arg]
    """The name of ``code`` on screen (a code the table does not know is shown as it is). A list passes the
    ``language`` it took when its rows came (asking Qt for every cell painted costs)."""
    return table.text(code, language or ui_language())


def text(name: Label) -> str:
    """A registered name (a page title, a dashboard caption) on screen."""
    return name.text(ui_language())
