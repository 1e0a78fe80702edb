"""The requests list and the dashboard: filtered, sorted queries in SQL over up to a million requests.

Views ask for ids, then rows (as ``clients.py`` does): ``run_query`` gives the count and, when the
result is small, every id in order; pages then come by id (``rows_by_id``), or by offset for large
results (``request_page``). Search: terms of 3+ characters through the FTS5 trigram index
``request_fts`` (number, client name, description, contact), shorter ones with instr() on
``service_request.search_text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.models.db import Database

# statuses of requests still being worked on at the station (the dashboard's "open")
OPEN_STATUSES = ("received", "registered", "awaiting_instruction", "referred", "in_service", "completed",
                 "feedback_given")
DUE_FILTERS = ("", "overdue", "due_today", "due_soon")  # due_soon: due today or tomorrow, not yet overdue


@dataclass(frozen=True)
class RequestQuery:
    text: str = ""
    statuses: tuple[str, ...] = ()  # empty: any
    category_id: int | None = None
    channel: str = ""
    district: str = ""
    received_from: date | None = None  # local days, inclusive
    received_to: date | None = None
    handler_id: int | None = None
    due: str = ""  # one of DUE_FILTERS
    client_id: int | None = None
    institution_id: int | None = None
    sort: str = "received_at"  # received_at | number | status | due_on | client
    descending: bool = True


@dataclass(frozen=True)
class RequestRow:
    """One line of the requests table."""

    id: int
    number: str
    client_name: str
    channel: str
    status: str
    categories: str  # category names, joined with "、"
    district: str
    received_at: datetime
    handler: str
    due_on: date | None
    institution: str


@dataclass(frozen=True)
class QueryResult:
    count: int
    ids: list[int] | None  # every matching id in display order, when count <= ID_WINDOW


def due_state(due_on: date | None, today: date) -> str:
    """"overdue", "due_soon" (today or tomorrow) or "" — how a row's due date should stand out."""
    if due_on is None:
        return ""
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=1):
        return "due_soon"
    return ""


def run_query(db: Database, q: RequestQuery, today: date) -> QueryResult:
    raise NotImplementedError


def request_page(db: Database, q: RequestQuery, offset: int, limit: int, today: date) -> list[RequestRow]:
    raise NotImplementedError


def rows_by_id(db: Database, ids: list[int]) -> list[RequestRow]:
    raise NotImplementedError
