"""Dates between Python and Qt's date editors, the editor itself, and the station's today (never the
computer's: see clock)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit

from desktop.models.core.clock import local_today


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def station_today() -> QDate:
    """Today at the station, for a date editor's default."""
    return qdate(local_today())


def date_edit(day: date | QDate | None = None) -> QDateEdit:
    """A date editor as every form and filter has it: ISO display, a calendar to pick from; ``day`` to start."""
    edit = QDateEdit(qdate(day) if isinstance(day, date) else day) if day is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit
