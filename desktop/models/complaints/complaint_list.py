"""The complaints list (§7.5.5): filtered, sorted, searched in SQL, for the lazy table (``LazyTableModel``), and only
ever the complaints the viewer may see (``intake.visible_to``: never one about themselves; a field officer only
the ones assigned to them).

``run_query`` gives the count and, for a result of a few thousand, every id in order; pages then come by id or by
offset. Search: terms of 3+ characters through the trigram index ``complaint_fts`` (number, complainant, what
happened, what is wanted), shorter ones with instr() on the same text. A field officer's search looks only at the
number and the complaint's content: the complainant's name and phone are not theirs to see, nor to probe for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from sqlalchemy import text
from sqlalchemy.orm import Session

from desktop.models.accounts.staff import require_role
from desktop.models.complaints.tables import ENDED, STATUS_RANK_SQL
from desktop.models.core.clock import local_start
from desktop.models.core.db import Database
from desktop.models.core.queries import row_position
from desktop.models.core.tables import Role
from desktop.models.requests.request_list import DueState
from desktop.models.requests.request_list import due_state as request_due_state

ID_WINDOW = 5000  # a result this small is read as ids at once (count and pages come from them)
SEARCHED = "k.id IN (SELECT rowid FROM complaint_fts WHERE complaint_fts MATCH :match)"  # 3+ character terms


class SubjectKind(StrEnum):  # what a complaint is about (a filter, and a dimension of the classification)
    REQUEST = "request"
    STAFF = "staff"
    INSTITUTION = "institution"
    STATION = "station"


SUBJECT_KINDS: tuple[SubjectKind, ...] = tuple(SubjectKind)

class Outcome(StrEnum):  # how a complaint ended (a dimension of the classification)
    VALID = "valid"
    INVALID = "invalid"
    NOT_ACCEPTED = "not_accepted"
    WITHDRAWN = "withdrawn"
    OPEN = "open"

VALIDITY = ("", "valid", "invalid", "undecided")
DUE_FILTERS = ("", "overdue", "due_soon")
_SUBJECT_SQL = {"request": "k.about_request_id IS NOT NULL", "staff": "k.about_staff_id IS NOT NULL",
                "institution": "k.about_institution_id IS NOT NULL", "station": "k.about_station"}
_VALIDITY_SQL = {"valid": "k.valid = 1", "invalid": "k.valid = 0", "undecided": "k.valid IS NULL"}
ENDED_SQL = "(" + ", ".join(f"'{s}'" for s in ENDED) + ")"
SORT_ORDERS = {
    "received_at": ("k.received_at", "k.id"),
    "number": ("k.number",),
    "status": (STATUS_RANK_SQL.replace("CASE status ", "CASE k.status ", 1), "k.received_at", "k.id"),
    "due_on": ("(k.due_on IS NULL)", "k.due_on", "k.id"),
}


@dataclass(frozen=True)
class ComplaintQuery:
    viewer_id: int  # whose list: what they may see decides the rows
    text: str = ""
    statuses: tuple[str, ...] = ()  # empty: any
    channel: str = ""
    subject: str = ""  # one of SUBJECT_KINDS
    category_id: int | None = None
    validity: str = ""  # one of VALIDITY
    received_from: date | None = None  # local days, inclusive
    received_to: date | None = None
    due: str = ""  # overdue | due_soon (today or tomorrow)
    about_staff_id: int | None = None
    about_institution_id: int | None = None
    sort: str = "received_at"
    descending: bool = True


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    number: str
    received_at: datetime
    channel: str
    complainant: str  # "" for a field officer (not theirs to see), and for an anonymous complaint
    complainant_kind: str
    about_request: str  # what it is about: a request's number, a staff member's or institution's name, the station
    about_staff: str
    about_institution: str
    about_station: bool
    category: str
    status: str
    due_on: date | None
    valid: bool | None
    assignee: str
    what_happened: str


@dataclass(frozen=True)
class QueryResult:
    count: int
    ids: list[int] | None
    head: tuple[int, ...] = ()  # a large result's first ids in order, read with the count: its first pages


def visibility(s: Session, viewer_id: int) -> tuple[str, dict[str, object], bool]:
    """What the viewer may see as SQL on ``complaint k`` (``intake.visible_to``'s rule) with its parameters, and
    whether they see the complainants (clerks and admins)."""
    viewer = require_role(s, viewer_id)
    where = "(k.about_staff_id IS NULL OR k.about_staff_id <> :viewer)"
    if viewer.role == Role.FIELD_OFFICER:
        where += " AND k.assigned_to = :viewer"
    return where, {"viewer": viewer.id}, viewer.role != Role.FIELD_OFFICER


# A complaint number typed from its start (the station code, -TS-, then the day and the sequence or their
# start): every number shares the code's trigrams, so the trigram index would read half the table; the number
# index finds the range (49,162 of 100,000: 137 → a few ms).
NUMBER_PREFIX = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*-TS-\d{0,8}(-\d{0,4})?", re.IGNORECASE)


def _number_prefixes(q: ComplaintQuery) -> list[str]:
    return [w.upper() for w in q.text.split() if NUMBER_PREFIX.fullmatch(w)]


def _terms(q: ComplaintQuery) -> tuple[list[str], list[str]]:
    words = [w for w in q.text.split() if not NUMBER_PREFIX.fullmatch(w)]
    return [w for w in words if len(w) >= 3], [w for w in words if len(w) < 3]


def where_clause(s: Session, q: ComplaintQuery, today: date) -> tuple[str, dict[str, object]]:
    visible, params, contacts = visibility(s, q.viewer_id)
    parts = [visible]
    if q.statuses:
        names = [f":status{n}" for n in range(len(q.statuses))]
        parts.append(f"k.status IN ({', '.join(names)})")
        params |= {f"status{n}": v for n, v in enumerate(q.statuses)}
    if q.channel:
        parts.append("k.channel = :channel")
        params["channel"] = q.channel
    if q.subject in _SUBJECT_SQL:
        parts.append(_SUBJECT_SQL[q.subject])
    if q.category_id is not None:
        parts.append("k.category_id = :category")
        params["category"] = q.category_id
    if q.validity in _VALIDITY_SQL:
        parts.append(_VALIDITY_SQL[q.validity])
    if q.received_from is not None:
        parts.append("k.received_at >= :received_from")
        params["received_from"] = local_start(q.received_from).isoformat(timespec="microseconds")
    if q.received_to is not None:
        parts.append("k.received_at < :received_to")
        params["received_to"] = local_start(q.received_to + timedelta(days=1)).isoformat(timespec="microseconds")
    if q.due == "overdue":
        parts.append(f"k.due_on < :today AND k.status NOT IN {ENDED_SQL}")
        params["today"] = today.isoformat()
    elif q.due == "due_soon":
        parts.append(f"k.due_on BETWEEN :today AND :tomorrow AND k.status NOT IN {ENDED_SQL}")
        params |= {"today": today.isoformat(), "tomorrow": (today + timedelta(days=1)).isoformat()}
    if q.about_staff_id is not None:
        parts.append("k.about_staff_id = :about_staff")
        params["about_staff"] = q.about_staff_id
    if q.about_institution_id is not None:
        parts.append("k.about_institution_id = :about_institution")
        params["about_institution"] = q.about_institution_id
    for n, prefix in enumerate(_number_prefixes(q)):  # ASCII: the next code point closes the range
        parts.append(f"k.number >= :number{n} AND k.number < :number_end{n}")
        params |= {f"number{n}": prefix, f"number_end{n}": prefix[:-1] + chr(ord(prefix[-1]) + 1)}
    long_terms, short_terms = _terms(q)
    if contacts:
        if long_terms:
            # each term a quoted FTS5 string (user text is data: quotes doubled), implicit AND
            params["match"] = " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
            parts.append(SEARCHED)
        searched, terms = "k.search_text", short_terms
    else:
        searched, terms = "(k.number || ' ' || k.what_happened || ' ' || k.wants)", long_terms + short_terms
    for n, term in enumerate(terms):
        parts.append(f"instr({searched}, :term{n}) > 0")
        params[f"term{n}"] = term
    return " WHERE " + " AND ".join(parts), params


def _order(q: ComplaintQuery) -> str:
    direction = " DESC" if q.descending else ""
    return ", ".join(c + direction for c in SORT_ORDERS.get(q.sort, SORT_ORDERS["received_at"]))


def _count(s: Session, q: ComplaintQuery, where: str, params: dict[str, object]) -> int:
    """How many complaints ``where`` finds. For clerks and admins, what the filters find less those about the
    viewer: the filters alone are counted in their indexes, and the complaints about one person are few, whereas
    testing the rule on every row reads every row (14,291 letters of 100,000: 17 ms → 1 ms)."""
    visible, _params, contacts = visibility(s, q.viewer_id)
    if not contacts:  # a field officer: the few complaints assigned to them, counted as they are
        return int(s.execute(text(f"SELECT count(*) FROM complaint k{where}"), params).scalar_one())
    filters = where.replace(visible, "1", 1)
    if filters == f" WHERE 1 AND {SEARCHED}":  # the search alone: its index counts it without reading rows
        every = s.execute(text("SELECT count(*) FROM complaint_fts WHERE complaint_fts MATCH :match"),
                          params).scalar_one()
    else:
        every = s.execute(text(f"SELECT count(*) FROM complaint k{filters}"), params).scalar_one()
    # their own index leads (without statistics SQLite would walk a filter's index and read every row)
    about_them = s.execute(text(f"SELECT count(*) FROM complaint k INDEXED BY ix_complaint_about_staff{filters} "
                                "AND k.about_staff_id = :viewer"), params).scalar_one()
    return int(every) - int(about_them)


def run_query(db: Database, q: ComplaintQuery, today: date) -> QueryResult:
    with db.read() as s:
        where, params = where_clause(s, q, today)
        if _number_prefixes(q):  # the number index counts a range at once; many hits come by pages
            count = _count(s, q, where, params)
            if count > ID_WINDOW:
                return QueryResult(count, None)
        ids = [int(i) for i in s.execute(text(f"SELECT k.id FROM complaint k{where} ORDER BY {_order(q)} "
                                              f"LIMIT {ID_WINDOW + 1}"), params).scalars()]
        if len(ids) <= ID_WINDOW:
            return QueryResult(len(ids), ids)
        return QueryResult(_count(s, q, where, params), None, tuple(ids[:ID_WINDOW]))


def complaint_page(db: Database, q: ComplaintQuery, offset: int, limit: int, today: date,
                   head: tuple[int, ...] = ()) -> list[ComplaintRow]:
    """Rows ``offset`` … of a large result: from its ``head`` ids when they reach that far, else by offset."""
    with db.read() as s:
        if offset + limit <= len(head):
            return _rows(s, list(head[offset:offset + limit]), q.viewer_id)
        where, params = where_clause(s, q, today)
        ids = [int(i) for i in s.execute(text(f"SELECT k.id FROM complaint k{where} ORDER BY {_order(q)} "
                                              "LIMIT :limit OFFSET :offset"),
                                         {**params, "limit": limit, "offset": offset}).scalars()]
        return _rows(s, ids, q.viewer_id)


def complaint_ids(db: Database, q: ComplaintQuery, today: date) -> list[int]:
    """Every id of ``q``'s list, in its order (an export)."""
    with db.read() as s:
        where, params = where_clause(s, q, today)
        return [int(i) for i in s.execute(text(f"SELECT k.id FROM complaint k{where} ORDER BY {_order(q)}"),
                                          params).scalars()]


def position_of(db: Database, q: ComplaintQuery, complaint_id: int, today: date) -> int | None:
    """The row of a complaint in the list (None: not in it), e.g. to select one just registered."""
    with db.read() as s:
        where, params = where_clause(s, q, today)
        columns = SORT_ORDERS.get(q.sort, SORT_ORDERS["received_at"])
        if q.sort in ("status", "due_on"):  # keys that are not plain columns: counted from the ids
            ids = s.execute(text(f"SELECT k.id FROM complaint k{where} ORDER BY {_order(q)}"), params).scalars()
            return next((n for n, i in enumerate(ids) if i == complaint_id), None)
        return row_position(s, "complaint k", where, params, columns, q.descending, "k.id", complaint_id)


def rows_by_id(db: Database, viewer_id: int, ids: Sequence[int]) -> list[ComplaintRow]:
    """The rows of ``ids``, in that order (those the viewer may not see are left out)."""
    with db.read() as s:
        return _rows(s, list(ids), viewer_id)


_ROW_SQL = """
SELECT k.id, k.number, k.received_at, k.channel, k.complainant_kind, k.complainant_name, cl.name AS client_name,
       r.number AS request_number, st.name AS staff_name, i.name AS institution_name, k.about_station,
       cat.name AS category, k.status, k.due_on, k.valid, a.name AS assignee, substr(k.what_happened, 1, 80)
FROM complaint k
LEFT JOIN client cl ON cl.id = k.client_id
LEFT JOIN service_request r ON r.id = k.about_request_id
LEFT JOIN staff st ON st.id = k.about_staff_id
LEFT JOIN institution i ON i.id = k.about_institution_id
LEFT JOIN catalogue_category cat ON cat.id = k.category_id
LEFT JOIN staff a ON a.id = k.assigned_to
"""


def _rows(s: Session, ids: list[int], viewer_id: int) -> list[ComplaintRow]:
    """The rows of ``ids`` the viewer may see, in that order; the complainant only for those who may know it."""
    if not ids:
        return []
    visible, params, contacts = visibility(s, viewer_id)
    where = " WHERE k.id IN (SELECT value FROM json_each(:ids)) AND " + visible
    params["ids"] = "[" + ",".join(str(int(i)) for i in ids) + "]"
    found = {}
    for row in s.execute(text(_ROW_SQL + where), params):
        complainant = f"{row.client_name or ''} {row.complainant_name}".strip() if contacts else ""
        found[row.id] = ComplaintRow(
            id=row.id, number=row.number, received_at=datetime.fromisoformat(row.received_at), channel=row.channel,
            complainant=complainant, complainant_kind=row.complainant_kind, about_request=row.request_number or "",
            about_staff=row.staff_name or "", about_institution=row.institution_name or "",
            about_station=bool(row.about_station),
            category=row.category or "", status=row.status, due_on=date.fromisoformat(row.due_on) if row.due_on
            else None, valid=None if row.valid is None else bool(row.valid), assignee=row.assignee or "",
            what_happened=row[16])
    return [found[i] for i in ids if i in found]


def due_state(due_on: date | None, status: str, today: date) -> DueState | Literal[""]:
    """How a row stands out: as a request's (overdue, or due today or tomorrow), until the complaint ends."""
    return "" if status in ENDED else request_due_state(due_on, today)
