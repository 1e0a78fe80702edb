"""Dates between Python and Qt's date editors, and the station's today (never the computer's: see clock)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from desktop.models.core.clock import local_today


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def station_today() -> QDate:
    """Today at the station, for a date editor's default."""
    return qdate(local_today())
