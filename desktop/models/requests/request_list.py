"""The requests list and the dashboard: filtered, sorted queries in SQL over up to a million requests.

Views ask for ids, then rows (as ``clients.py`` does): ``run_query`` gives the count and, when the
result is small, every id in order; pages then come by id (``rows_by_id``), or by offset for large
results (``request_page``). Search: terms of 3+ characters through the FTS5 trigram index
``request_fts`` (number, client name, description, contact), shorter ones through the character index
``request_chars`` (``core/chars.py``), or with instr() on ``service_request.search_text`` where that is
cheaper (a set too large to read first) or the index cannot serve the term.
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

from desktop.models.core import chars
from desktop.models.core.clock import local_start
from desktop.models.core.db import Database
from desktop.models.core.queries import ids_by_key, row_position
from desktop.models.requests.stages import STAGE_OUTCOME_SQL, local_modifier
from desktop.models.requests.tables import STATUS_RANK_SQL as TABLE_STATUS_RANK_SQL
from desktop.models.requests.tables import STATUSES

# statuses of requests still being worked on at the station (the dashboard's "open")
OPEN_STATUSES = ("received", "registered", "awaiting_instruction", "referred", "in_service", "completed",
                 "feedback_given")
# where requests end up, and so where most of a station's million are
PILING_UP = frozenset(("answered", "evaluated", "archived", "withdrawn"))
DUE_FILTERS = ("", "overdue", "due_today", "due_soon")
# what happened to a request, whatever its status now (docs/statistics.md, "Outcomes"): answered on the spot (its
# response was its completion), handed over to an institution, escalated to the city, completed, withdrawn
OUTCOME_SQL = {
    "answered": "r.completed_at = r.responded_at",
    "referred": "r.id IN (SELECT request_id FROM referral)",
    "escalated": "r.city_status <> ''",
    "completed": "r.completed_at IS NOT NULL",
    "withdrawn": "r.status = 'withdrawn'",
    "evaluated": "r.id IN (SELECT request_id FROM evaluation)",  # a return visit with its evaluation (§7.4.2)
    "dissatisfied": ("r.id IN (SELECT request_id FROM evaluation WHERE demand_matching <= 2 OR service_level <= 2 "
                     "OR attitude <= 2 OR complaint_handling <= 2)"),  # a score of 1–2 in any dimension (§8.1)
}
OUTCOME_SQL |= STAGE_OUTCOME_SQL  # each stage's time limit kept, missed, overdue now (stages.py)
OUTCOMES = tuple(OUTCOME_SQL)

# the status column sorts in lifecycle order, not by its English key
STATUS_RANK_SQL = TABLE_STATUS_RANK_SQL.replace("CASE status ", "CASE r.status ", 1)

# sort key -> ORDER BY (ascending). received_at, number and client walk an index (client: the client name
# index, then each client's requests by the (client_id, received_at) index), so a first page is cheap;
# status and due_on walk the expression indexes of migration 0003 on (STATUS_RANK_SQL, received_at) and
# ((due_on IS NULL), due_on) (without them, a million rows took 250 and 175 ms to sort).
SORT_ORDERS = {
    "received_at": ("r.received_at", "r.id"),
    "number": ("r.number",),
    "status": (STATUS_RANK_SQL, "r.received_at", "r.id"),
    "due_on": ("(r.due_on IS NULL)", "r.due_on", "r.id"),  # ascending: soonest first, no due date last
    "client": ("c.name", "c.id", "r.received_at", "r.id"),
}

# A query's first look fetches at most this many ids in display order: fewer means the list is complete
# (count and every later page come from it, with no more scans); more, and pages come by offset.
ID_WINDOW = 5000


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
    outcome: str = ""  # one of OUTCOMES: what happened to it, whatever its status now (the statistics' lists)
    industry: str = ""  # the client's (the statistics' lists)
    client_size: str = ""  # the client's: a ClientSize

    def filters_only(self) -> RequestQuery:
        """The same filter in the default order: whether two queries show the same requests."""
        return RequestQuery(self.text, self.statuses, self.category_id, self.channel, self.district,
                            self.received_from, self.received_to, self.handler_id, self.due, self.client_id,
                            self.institution_id, outcome=self.outcome, industry=self.industry,
                            client_size=self.client_size)


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
    description: str = ""


@dataclass(frozen=True)
class QueryResult:
    count: int
    ids: list[int] | None  # every matching id in display order, when count <= ID_WINDOW
    large: frozenset[str] = frozenset()  # the set filters too large to read first (for request_page)




class DueState(StrEnum):
    """How a row's due date stands out (``due_state``)."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"  # today or tomorrow


def due_state(due_on: date | None, today: date) -> DueState | Literal[""]:
    """Whether ``due_on`` is past or near ("": it does not stand out, or there is none)."""
    if due_on is None:
        return ""
    if due_on < today:
        return DueState.OVERDUE
    if due_on <= today + timedelta(days=1):
        return DueState.DUE_SOON
    return ""


def local_day_start(day: date) -> str:
    """The UTC text of the first instant of the station's ``day``, as ``received_at`` is stored."""
    return local_start(day).isoformat(timespec="microseconds")


# ---- the WHERE clause ------------------------------------------------------------------------------

# Three filters are sets of ids: the search hits of 3+ character terms (FTS), of 1–2 character terms (the
# character index) and a category's requests. A set this small is read first and its rows sorted (a few ms);
# a larger one is tested row by row while an index walks the requests in display order (reading 100,000 rows
# to sort them would take 250 ms).
NARROW = 20_000


# A request number typed from its start (station code with a letter, then the day): every number shares
# the code's trigrams, so the FTS index would read a million entries; the number index finds the range.
NUMBER_PREFIX = re.compile(
    r"(?=[^-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9-]*"  # the code; its first part has a letter (a phone's has none)
    r"-20\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(-\d{0,4})?")  # the day, and the sequence or its start


def _number_prefixes(q: RequestQuery) -> list[str]:
    return [t.upper() for t in q.text.split() if NUMBER_PREFIX.fullmatch(t)]


def _long_terms(q: RequestQuery) -> list[str]:
    return [t for t in q.text.split() if len(t) >= 3 and not NUMBER_PREFIX.fullmatch(t)]


def _short_terms(q: RequestQuery) -> list[str]:
    return [t for t in q.text.split() if len(t) < 3]


def _indexed_terms(q: RequestQuery) -> list[str]:
    """The 1–2 character terms the character index serves (the others are tested row by row)."""
    return [t for t in _short_terms(q) if chars.indexed(t)]


def _fts_match(q: RequestQuery) -> str:
    # each term a quoted FTS5 string (user text is data: quotes doubled), implicit AND
    return " ".join('"' + t.replace('"', '""') + '"' for t in _long_terms(q))


def _where(q: RequestQuery, today: date, probe: frozenset[str] = frozenset()) -> tuple[str, dict[str, object]]:
    """The WHERE clause of ``q``; the sets named in ``probe`` ("fts", "chars", "category") are written so that
    no index is looked up by them (``+r.id``; the 1–2 character terms as instr()): SQLite then walks another
    index and tests each row."""
    clauses: list[str] = []
    params: dict[str, object] = {}
    # With a due filter its index leads (open requests only: the smallest set there is); "+" keeps the
    # other filters' indexes from leading (overdue in one district: 230 ms by the district index, 5 ms so).
    col = "+r." if q.due else "r."
    if q.due:
        probe = probe | {"fts", "chars", "category"}
    if _long_terms(q):
        params["fts"] = _fts_match(q)
        id_ = "+r.id" if "fts" in probe else "r.id"
        clauses.append(f"{id_} IN (SELECT rowid FROM request_fts WHERE request_fts MATCH :fts)")
    for n, prefix in enumerate(_number_prefixes(q)):
        params[f"number{n}"] = prefix
        params[f"number_end{n}"] = prefix + "\uffff"
        clauses.append(f"{col}number >= :number{n} AND {col}number < :number_end{n}")
    indexed = _indexed_terms(q) if "chars" not in probe else []
    if indexed:
        params["chars"] = chars.match(indexed)
        clauses.append("r.id IN (SELECT rowid FROM request_chars WHERE request_chars MATCH :chars)")
    for n, term in enumerate(t for t in _short_terms(q) if t not in indexed):
        # a row's own test: exactly what the character index finds (core/chars.py)
        clause, params[f"short{n}"] = chars.scan_clause("r.search_text", term, f"short{n}")
        clauses.append(clause)
    if q.category_id is not None:
        params["category"] = q.category_id
        id_ = "+r.id" if "category" in probe else "r.id"
        clauses.append(f"{id_} IN (SELECT request_id FROM request_category WHERE category_id = :category)")
    if q.statuses:
        marks = ", ".join(f":status{n}" for n in range(len(q.statuses)))
        params.update({f"status{n}": s for n, s in enumerate(q.statuses)})
        clauses.append(f"{col}status IN ({marks})")
    for column, value in (("channel", q.channel), ("district", q.district), ("handler_id", q.handler_id),
                          ("client_id", q.client_id), ("institution_id", q.institution_id)):
        if value not in ("", None):
            params[column] = value
            clauses.append(f"{col}{column} = :{column}")
    for column, value in (("industry", q.industry), ("size", q.client_size)):
        if value:
            params[f"client_{column}"] = value
            clauses.append(f"{col}client_id IN (SELECT id FROM client WHERE {column} = :client_{column})")
    if q.received_from is not None:
        params["received_from"] = local_day_start(q.received_from)
        clauses.append(f"{col}received_at >= :received_from")
    if q.received_to is not None:
        params["received_before"] = local_day_start(q.received_to + timedelta(days=1))
        clauses.append(f"{col}received_at < :received_before")
    if q.outcome:
        if q.outcome not in OUTCOME_SQL:
            raise ValueError(f"unknown outcome {q.outcome!r}")
        clauses.append(OUTCOME_SQL[q.outcome])
        if q.outcome in STAGE_OUTCOME_SQL:
            params |= {"today": today.isoformat(), "tz": local_modifier()}
    if q.due:
        if q.due not in DUE_FILTERS:
            raise ValueError(f"unknown due filter {q.due!r}")
        params["today"] = today.isoformat()
        if q.due == "overdue":
            clauses.append("r.due_on < :today")
        elif q.due == "due_today":
            clauses.append("r.due_on = :today")
        else:
            params["tomorrow"] = (today + timedelta(days=1)).isoformat()
            clauses.append("r.due_on BETWEEN :today AND :tomorrow")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _has_row_filter(q: RequestQuery) -> bool:
    """Whether ``q`` filters on anything but the id sets (a column, or a 1–2 character term that the character
    index cannot serve)."""
    return bool(any(not chars.indexed(t) for t in _short_terms(q)) or _number_prefixes(q) or q.statuses or q.channel
                or q.district or q.due or q.handler_id is not None or q.client_id is not None
                or q.institution_id is not None or q.received_from is not None or q.received_to is not None
                or q.outcome or q.industry or q.client_size)


def _filters(q: RequestQuery) -> int:
    """How many row filters ``q`` combines (a period is one)."""
    return sum(map(bool, (q.statuses, q.channel, q.district, q.due, q.handler_id is not None, q.client_id is not None,
                          q.institution_id is not None, q.received_from is not None or q.received_to is not None,
                          _number_prefixes(q), q.outcome, q.industry, q.client_size)))


def _sets(q: RequestQuery) -> frozenset[str]:
    return frozenset(k for k, present in (("fts", bool(_long_terms(q))), ("chars", bool(_indexed_terms(q))),
                                          ("category", q.category_id is not None)) if present)


def _set_sizes(s: Session, q: RequestQuery) -> dict[str, int]:
    """How many ids each set filter of ``q`` holds (each one index lookup: a few ms)."""
    sizes: dict[str, int] = {}
    if _long_terms(q):
        sizes["fts"] = int(s.execute(text("SELECT count(*) FROM request_fts WHERE request_fts MATCH :fts"),
                                     {"fts": _fts_match(q)}).scalar_one())
    if _indexed_terms(q):
        sizes["chars"] = int(s.execute(text("SELECT count(*) FROM request_chars WHERE request_chars MATCH :chars"),
                                       {"chars": chars.match(_indexed_terms(q))}).scalar_one())
    if q.category_id is not None:
        sizes["category"] = int(s.execute(text("SELECT count(*) FROM request_category WHERE category_id = :c"),
                                          {"c": q.category_id}).scalar_one())
    return sizes


def _large(sizes: dict[str, int]) -> frozenset[str]:
    return frozenset(k for k, n in sizes.items() if n > NARROW)


def _selection_probes(q: RequestQuery, sizes: dict[str, int]) -> frozenset[str]:
    """Probes for finding every match (count, the id list): large sets are tested while another filter's
    index leads; with nothing else to lead, the smallest set does."""
    large = _large(sizes)
    if large and not _has_row_filter(q) and len(large) == len(sizes):
        return large - {min(large, key=lambda k: sizes[k])}
    return large


def _from(q: RequestQuery, probe: frozenset[str]) -> str:
    """For the client order with nothing narrowing the list, the client name index leads and each client's
    requests follow by the (client_id, received_at) index: no sort of a million rows. Otherwise SQLite
    finds the matches first and sorts them."""
    if q.sort != "client":
        return "service_request r"
    if not _has_row_filter(q) and _sets(q) <= probe:
        return "client c CROSS JOIN service_request r ON r.client_id = c.id"
    return "service_request r JOIN client c ON c.id = r.client_id"


def _select_ids(q: RequestQuery, today: date, probe: frozenset[str]) -> tuple[str, dict[str, object]]:
    where, params = _where(q, today, probe)
    return f"SELECT r.id FROM {_from(q, probe)}{where} ORDER BY {_order(q)}", params


def _order(q: RequestQuery) -> str:
    if q.sort not in SORT_ORDERS:
        raise ValueError(f"cannot sort by {q.sort!r}")
    # descending is the exact reverse of ascending (requests without a due date come first), so one index
    # serves both directions
    direction = " DESC" if q.descending else ""
    # A due filter selects open requests only (closed ones have no due date): a few thousand of a
    # million. "+" keeps the display order's index from leading, so the due index finds them and they are
    # sorted (without it SQLite walked a million rows in received order: 650 ms for "overdue").
    lead = "+" if q.due else ""
    return ", ".join(lead + col + direction for col in SORT_ORDERS[q.sort])


def _count(s: Session, q: RequestQuery, today: date, sizes: dict[str, int]) -> int:
    if q.filters_only() == RequestQuery(statuses=q.statuses) and set(q.statuses) & PILING_UP:
        # most requests end in these statuses: counting the others and taking them from the total (a count
        # of the whole table reads no rows) is three times faster than walking the big statuses' entries
        others = [st for st in STATUSES if st not in q.statuses]
        marks = ", ".join(f"'{st}'" for st in others) or "NULL"  # our own constants, never user text
        total = s.execute(text("SELECT count(*) FROM service_request")).scalar_one()
        rest = s.execute(text(f"SELECT count(*) FROM service_request WHERE status IN ({marks})")).scalar_one()
        return int(total) - int(rest)
    if not _has_row_filter(q) and len(sizes) == 1:  # one set only: its own index counts it
        return next(iter(sizes.values()))
    if not _has_row_filter(q) and set(sizes) == {"fts", "category"}:  # counted in their own indexes
        sql = ("SELECT count(*) FROM request_category WHERE category_id = :category "
               "AND request_id IN (SELECT rowid FROM request_fts WHERE request_fts MATCH :fts)")
        return int(s.execute(text(sql), {"category": q.category_id, "fts": _fts_match(q)}).scalar_one())
    where, params = _where(q, today, _selection_probes(q, sizes))
    return int(s.execute(text(f"SELECT count(*) FROM service_request r{where}"), params).scalar_one())


def count_matching(db: Database, q: RequestQuery, today: date) -> int:
    with db.read() as s:
        return _count(s, q, today, _set_sizes(s, q))


def run_query(db: Database, q: RequestQuery, today: date) -> QueryResult:
    """How many requests match ``q`` and, when few enough, which, in order.

    Counting first is an index range (or a set's size) for one filter. Filters combined are counted by reading
    rows (one index leads, the rows tell the rest), and so are 1–2 character terms that the character index
    cannot serve: then the ids come first, and when few match, the same reading gives the count (the combined
    filters of the benchmark: 134 and 112 ms counted first, half that without the second reading).
    """
    with db.read() as s:
        sizes = _set_sizes(s, q)
        scanned = any(not chars.indexed(t) for t in _short_terms(q))  # 1–2 characters the index cannot serve
        if not scanned and _filters(q) + len(sizes) < 2:
            count = _count(s, q, today, sizes)
            if count > ID_WINDOW or count == 0:
                return QueryResult(count, None if count else [], _large(sizes))
        sql, params = _select_ids(q, today, _selection_probes(q, sizes))
        ids = list(s.execute(text(f"{sql} LIMIT {ID_WINDOW + 1}"), params).scalars())
        if len(ids) <= ID_WINDOW:
            return QueryResult(len(ids), ids, _large(sizes))
        return QueryResult(_count(s, q, today, sizes), None, _large(sizes))


def request_page(db: Database, q: RequestQuery, offset: int, limit: int, today: date,
                 large: frozenset[str] | None = None) -> list[RequestRow]:
    """Rows ``offset`` … ``offset + limit - 1`` of the requests matching ``q``, in display order: the ids by
    OFFSET on an index, then the rows for those ids. ``large`` (from ``run_query``) saves sizing the sets
    again: large ones are tested while the display order's index is walked."""
    with db.read() as s:
        if large is None:
            large = _large(_set_sizes(s, q))
        sql, params = _select_ids(q, today, large)
        ids = list(s.execute(text(f"{sql} LIMIT :limit OFFSET :offset"),
                             {**params, "limit": limit, "offset": offset}).scalars())
    return rows_by_id(db, ids)


def request_page_by_key(db: Database, q: RequestQuery, anchor: int, limit: int, backward: bool, today: date,
                        large: frozenset[str] | None = None) -> list[RequestRow] | None:
    """``limit`` rows after the request ``anchor`` in the result of ``q`` (``backward``: before it), in display
    order, from its sort key (keyset paging: a short index walk at any depth). None when the order cannot be
    walked that way (the due date: requests without one cannot be compared; the status: its rank is an expression
    that the key comparison walks slower than an offset, 85-200 ms at a million) or ``anchor`` is gone."""
    if q.sort in ("due_on", "status"):
        return None
    with db.read() as s:
        if large is None:
            large = _large(_set_sizes(s, q))
        where, params = _where(q, today, large)
        lead = "+" if q.due else ""  # as in _order
        columns = SORT_ORDERS[q.sort]
        key_source = "service_request r JOIN client c ON c.id = r.client_id" if q.sort == "client" else (
            "service_request r")
        ids = ids_by_key(s, f"SELECT r.id FROM {_from(q, large)}", key_source, where, params, columns,
                         [lead + c for c in columns], q.descending, "r.id", anchor, limit, backward)
    return None if ids is None else rows_by_id(db, ids)


def request_ids(db: Database, q: RequestQuery, today: date) -> list[int]:
    """Every matching id in display order (for export of a filtered list)."""
    with db.read() as s:
        sql, params = _select_ids(q, today, _selection_probes(q, _set_sizes(s, q)))
        return list(s.execute(text(sql), params).scalars())


def position_of(db: Database, q: RequestQuery, request_id: int, today: date) -> int | None:
    """The row of ``request_id`` in the result of ``q`` (None when it does not match)."""
    # row values cannot compare NULL: no due date counts as "" (it sorts in its own group, first or last)
    columns = [("coalesce(r.due_on, '')" if c == "r.due_on" else c) for c in SORT_ORDERS[q.sort]]
    with db.read() as s:
        probe = _selection_probes(q, _set_sizes(s, q))
        where, params = _where(q, today, probe)
        source = "service_request r JOIN client c ON c.id = r.client_id" if q.sort == "client" else "service_request r"
        return row_position(s, source, where, params, columns, q.descending, "r.id", request_id)


def rows_by_id(db: Database, ids: Sequence[int]) -> list[RequestRow]:
    """Table rows for ``ids`` (a page of them), in the order given."""
    if not ids:
        return []
    marks = ",".join(str(int(i)) for i in ids)  # ints from our own queries, never user text
    sql = text(
        "SELECT r.id, r.number, c.name, r.channel, r.status, r.district, r.received_at, coalesce(st.name, ''), "
        "r.due_on, coalesce(i.name, ''), r.description FROM service_request r "
        "JOIN client c ON c.id = r.client_id LEFT JOIN staff st ON st.id = r.handler_id "
        f"LEFT JOIN institution i ON i.id = r.institution_id WHERE r.id IN ({marks})"
    )
    category_sql = text(
        "SELECT rc.request_id, cc.name FROM request_category rc JOIN catalogue_category cc ON cc.id = rc.category_id "
        f"WHERE rc.request_id IN ({marks}) ORDER BY rc.request_id, cc.sort_order"
    )
    with db.read() as s:
        categories: dict[int, list[str]] = {}
        for request_id, name in s.execute(category_sql):
            categories.setdefault(request_id, []).append(name)
        found = {
            r[0]: RequestRow(r[0], r[1], r[2], r[3], r[4], "、".join(categories.get(r[0], [])), r[5],
                             datetime.fromisoformat(r[6]), r[7], date.fromisoformat(r[8]) if r[8] else None, r[9],
                             r[10])
            for r in s.execute(sql)
        }
    return [found[i] for i in ids if i in found]
