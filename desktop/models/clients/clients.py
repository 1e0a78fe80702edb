"""The client registry (服务对象, §4.3 建档): validation, create and edit, search, and pages of rows.

Views ask for ids (``client_ids``: filtered and sorted in SQL), then for rows of the ids they show
(``client_rows``). Search: terms of 3+ characters go through the FTS5 trigram index, shorter ones through the
character index (``core/chars.py``), or instr() on ``client.search_text`` for a broad page or a term it
cannot serve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from desktop.models.accounts.staff import require_role
from desktop.models.accounts.tables import Staff
from desktop.models.clients.tables import CLIENT_KINDS, CLIENT_SIZES, SIZE_RANK_SQL, Client, ClientContact
from desktop.models.core import chars
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound
from desktop.models.core.queries import ids_by_key, row_position
from desktop.models.core.standard import DISTRICTS
from desktop.models.core.validators import (
    check_length,
    check_phone,
    check_required,
    check_uscc,
    normalize_phone,
    normalize_uscc,
)

MAX_CONTACTS = 20


@dataclass(frozen=True)
class ContactInput:
    name: str
    phone: str
    title: str = ""
    id: int | None = None  # an existing contact being edited


@dataclass(frozen=True)
class ClientInput:
    name: str
    uscc: str = ""
    kind: str = "enterprise"
    district: str = ""
    address: str = ""
    industry: str = ""
    size: str = ""
    contacts: tuple[ContactInput, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ContactInfo:
    id: int
    name: str
    phone: str
    title: str


@dataclass(frozen=True)
class ClientDetail:
    id: int
    uuid: str
    kind: str
    name: str
    uscc: str
    district: str
    address: str
    industry: str
    size: str
    contacts: tuple[ContactInfo, ...]
    created_at: datetime
    created_by: str
    updated_at: datetime


@dataclass(frozen=True)
class ClientRow:
    """One line of the client table."""

    id: int
    name: str
    uscc: str
    district: str
    industry: str
    size: str
    contact: str
    phone: str
    created_at: datetime


class DuplicateClient(Invalid):
    """Another client already has this USCC; ``existing_id`` lets the UI open it."""

    def __init__(self, existing_id: int, existing_name: str) -> None:
        super().__init__({"uscc": "Another client already has this unified social credit code."})
        self.existing_id = existing_id
        self.existing_name = existing_name


def validate_client(inp: ClientInput) -> dict[str, str]:
    """Every problem with ``inp``, keyed by field (``contacts.2.phone`` for the third contact's phone)."""
    errors: dict[str, str | None] = {
        "name": check_required(inp.name, 200),
        "kind": None if inp.kind in CLIENT_KINDS else "Choose enterprise or person.",
        "uscc": check_uscc(inp.uscc) if inp.uscc.strip() else (
            "An enterprise needs its unified social credit code." if inp.kind == "enterprise" else None),
        "district": None if not inp.district or inp.district in DISTRICTS else "Choose a district of Liuzhou.",
        "address": check_length(inp.address, 200),
        "industry": check_length(inp.industry, 50),
        "size": None if not inp.size or inp.size in CLIENT_SIZES else "Choose a size.",
        "contacts": None if len(inp.contacts) <= MAX_CONTACTS else "Too many contacts.",
    }
    for n, contact in enumerate(inp.contacts):
        errors[f"contacts.{n}.name"] = check_required(contact.name, 50)
        errors[f"contacts.{n}.phone"] = check_phone(contact.phone)
        errors[f"contacts.{n}.title"] = check_length(contact.title, 50)
    return {k: v for k, v in errors.items() if v}


class _Contact(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def phone(self) -> str: ...


def search_text(name: str, uscc: str | None, contacts: Sequence[_Contact]) -> str:
    """What search looks in: name, USCC, contact names and phones."""
    parts = [name, uscc or ""]
    parts += [f"{c.name} {c.phone}" for c in contacts]
    return " ".join(p for p in parts if p)


def _check_unique(s: Session, uscc: str | None, exclude_id: int | None) -> None:
    if not uscc:
        return
    row = s.execute(select(Client.id, Client.name).where(Client.uscc == uscc)).first()
    if row is not None and row.id != exclude_id:
        raise DuplicateClient(row.id, row.name)


def _apply(row: Client, inp: ClientInput) -> None:
    row.kind = inp.kind
    row.name = inp.name.strip()
    row.uscc = normalize_uscc(inp.uscc) or None
    row.district = inp.district
    row.address = inp.address.strip()
    row.industry = inp.industry.strip()
    row.size = inp.size or None
    existing = {c.id: c for c in row.contacts}
    kept: list[ClientContact] = []
    for pos, c in enumerate(inp.contacts):
        contact = existing.pop(c.id) if c.id is not None and c.id in existing else ClientContact()
        contact.position = pos
        contact.name = c.name.strip()
        contact.phone = normalize_phone(c.phone)
        contact.title = c.title.strip()
        kept.append(contact)
    row.contacts = kept  # delete-orphan removes the ones left in ``existing``
    row.search_text = search_text(row.name, row.uscc, kept)


def create_client(db: Database, actor_id: int, inp: ClientInput) -> Changes:
    errors = validate_client(inp)
    if errors:
        raise Invalid(errors)
    try:
        with db.begin(actor_id) as s:
            require_role(s, actor_id)
            _check_unique(s, normalize_uscc(inp.uscc) or None, None)
            row = Client(created_by=actor_id, updated_by=actor_id)
            _apply(row, inp)
            s.add(row)
            s.flush()
            return Changes(Client, "created", (row.id,))
    except IntegrityError as exc:  # another window saved the same USCC a moment ago
        with db.read() as s:
            _check_unique(s, normalize_uscc(inp.uscc) or None, None)
        raise Invalid({"name": "The client could not be saved; try again."}) from exc


def update_client(db: Database, actor_id: int, client_id: int, inp: ClientInput) -> Changes:
    errors = validate_client(inp)
    if errors:
        raise Invalid(errors)
    with db.begin(actor_id) as s:
        require_role(s, actor_id)
        row = s.get(Client, client_id, options=[selectinload(Client.contacts)])
        if row is None:
            raise NotFound("No such client.")
        _check_unique(s, normalize_uscc(inp.uscc) or None, client_id)
        _apply(row, inp)
        row.updated_by = actor_id
        return Changes(Client, "updated", (row.id,))


def get_client(db: Database, client_id: int) -> ClientDetail:
    with db.read() as s:
        row = s.get(Client, client_id, options=[selectinload(Client.contacts)])
        if row is None:
            raise NotFound("No such client.")
        creator = s.get(Staff, row.created_by) if row.created_by else None
        return ClientDetail(
            row.id, row.uuid, row.kind, row.name, row.uscc or "", row.district, row.address, row.industry,
            row.size or "", tuple(ContactInfo(c.id, c.name, c.phone, c.title) for c in row.contacts),
            row.created_at, creator.name if creator else "", row.updated_at,
        )


def find_by_uscc(db: Database, uscc: str) -> int | None:
    with db.read() as s:
        return s.scalar(select(Client.id).where(Client.uscc == normalize_uscc(uscc)))


# ---- queries for the table -------------------------------------------------------------------------

# sort key -> ORDER BY (ascending); each matches an index, so a page is a short index walk
SORT_ORDERS = {
    "name": ("c.name", "c.id"),
    "uscc": ("c.uscc", "c.id"),
    "district": ("c.district", "c.name", "c.id"),
    "industry": ("c.industry", "c.name", "c.id"),
    "size": (SIZE_RANK_SQL.replace("size", "c.size"), "c.name", "c.id"),
    "created_at": ("c.created_at", "c.id"),
}


@dataclass(frozen=True)
class ClientQuery:
    text: str = ""
    district: str = ""
    size: str = ""
    industry: str = ""
    sort: str = "name"
    descending: bool = False


# Above this many matches, a page is found faster by walking the name-ordered covering index with instr()
# than by first materialising every FTS hit (a term in 20% of 200,000 clients: 40 ms -> a few ms).
BROAD_MATCHES = 3000
CHARS = "c.id IN (SELECT rowid FROM client_chars WHERE client_chars MATCH :chars)"


def _where(q: ClientQuery, broad: bool = False, broad_chars: bool | None = None) -> tuple[str, dict[str, str]]:
    """The WHERE clause of ``q``. Search terms of 3+ characters go through the trigram index and 1–2 character
    ones through the character index (``core/chars.py``), unless ``broad`` (``broad_chars``: for the 1–2
    character terms; the same as ``broad`` unless given): then each row is tested with instr()."""
    clauses: list[str] = []
    params: dict[str, str] = {}
    terms = q.text.split()
    broad_chars = broad if broad_chars is None else broad_chars
    long_terms = [t for t in terms if len(t) >= 3] if not broad else []
    short_indexed = [t for t in terms if len(t) < 3 and chars.indexed(t)] if not broad_chars else []
    if long_terms:
        # each term a quoted FTS5 string (user text is data: quotes doubled), implicit AND
        params["fts"] = " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        clauses.append("c.id IN (SELECT rowid FROM client_fts WHERE client_fts MATCH :fts)")
    if short_indexed:
        params["chars"] = chars.match(short_indexed)
        clauses.append(CHARS)
    for n, term in enumerate(t for t in terms if t not in long_terms and t not in short_indexed):
        # instr() over the covering (name, search_text) index
        clause, params[f"short{n}"] = chars.scan_clause("c.search_text", term, f"short{n}")
        clauses.append(clause)
    for column in ("district", "size", "industry"):
        value = getattr(q, column)
        if value:
            params[column] = value
            clauses.append(f"c.{column} = :{column}")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


# what the search indexes alone can count, by the parameters of the WHERE clause
INDEX_COUNTS = {
    frozenset({"fts"}): "SELECT count(*) FROM client_fts WHERE client_fts MATCH :fts",
    frozenset({"chars"}): "SELECT count(*) FROM client_chars WHERE client_chars MATCH :chars",
    frozenset({"fts", "chars"}): ("SELECT count(*) FROM client_chars WHERE client_chars MATCH :chars "
                                  "AND rowid IN (SELECT rowid FROM client_fts WHERE client_fts MATCH :fts)"),
}


def count_matching(db: Database, q: ClientQuery) -> int:
    where, params = _where(q)
    # search terms only: the indexes alone can count them
    sql = INDEX_COUNTS.get(frozenset(params)) or f"SELECT count(*) FROM client c{where}"
    with db.read() as s:
        return int(s.execute(text(sql), params).scalar_one())


# A query's first look fetches at most this many ids in display order: fewer means the list is complete
# (count and every later page come from it, with no more scans); more, and pages come by offset.
ID_WINDOW = 5000


@dataclass(frozen=True)
class QueryResult:
    count: int
    ids: list[int] | None  # every matching id in display order, when count <= ID_WINDOW


def _order(q: ClientQuery) -> str:
    if q.sort not in SORT_ORDERS:
        raise ValueError(f"cannot sort by {q.sort!r}")
    direction = " DESC" if q.descending else ""
    return ", ".join(col + direction for col in SORT_ORDERS[q.sort])


def run_query(db: Database, q: ClientQuery) -> QueryResult:
    """How many clients match ``q`` and, when few enough, which, in order: one index walk in most cases."""
    order = _order(q)
    where, params = _where(q)
    if set(params) <= {"fts", "chars"}:  # no filter, or search terms only: counting is cheap, so count first
        count = count_matching(db, q)
        # a broad search in name order: pages walk the name index (client_page), cheaper than reading every
        # hit's row to sort them (3,957 hits of 200,000: 20 ms -> 1 ms for the first page)
        if count > ID_WINDOW or (params and q.sort == "name" and count > BROAD_MATCHES):
            return QueryResult(count, None)
    sql = text(f"SELECT c.id FROM client c{where} ORDER BY {order} LIMIT {ID_WINDOW + 1}")
    with db.read() as s:
        ids = list(s.execute(sql, params).scalars())
    if len(ids) <= ID_WINDOW:
        return QueryResult(len(ids), ids)
    return QueryResult(count_matching(db, q), None)


def position_of(db: Database, q: ClientQuery, client_id: int) -> int | None:
    """The row of ``client_id`` in the result of ``q`` (None when it does not match, or when the order
    uses a column that may be empty, where row-value comparison cannot place it)."""
    if q.sort not in ("name", "district", "industry", "created_at"):
        return None
    where, params = _where(q)
    with db.read() as s:
        return row_position(s, "client c", where, params, SORT_ORDERS[q.sort], q.descending, "c.id", client_id)


def rows_by_id(db: Database, ids: Sequence[int]) -> list[ClientRow]:
    """Table rows for ``ids`` (a page of them), in the order given."""
    if not ids:
        return []
    marks = ",".join(str(int(i)) for i in ids)  # ints from our own queries, never user text
    sql = text(
        "SELECT c.id, c.name, coalesce(c.uscc, ''), c.district, c.industry, coalesce(c.size, ''), "
        "coalesce(cc.name, ''), coalesce(cc.phone, ''), c.created_at FROM client c "
        f"LEFT JOIN client_contact cc ON cc.client_id = c.id AND cc.position = 0 WHERE c.id IN ({marks})"
    )
    with db.read() as s:
        found = {r[0]: ClientRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], datetime.fromisoformat(r[8]))
                 for r in s.execute(sql)}
    return [found[i] for i in ids if i in found]


def client_page(db: Database, q: ClientQuery, offset: int, limit: int, matches: int | None = None) -> list[ClientRow]:
    """Rows ``offset`` … ``offset + limit - 1`` of the clients matching ``q``, in display order.

    Two steps: the ids of the page by OFFSET on an index alone (skipping rows costs index entries, not
    table reads: 11 ms at row 199,800 of 200,000), then the rows for those ids. ``matches`` (from
    ``count_matching``) lets broad searches walk the name index instead of joining every FTS hit.
    """
    order = _order(q)
    # broad 1–2 character terms are tested row by row in any order (the order's index walked, today's plan):
    # cheaper than materialising every hit of the character index
    broad = matches is not None and matches > BROAD_MATCHES
    where, params = _where(q, broad=broad and q.sort == "name", broad_chars=broad)
    sql = text(f"SELECT c.id FROM client c{where} ORDER BY {order} LIMIT :limit OFFSET :offset")
    with db.read() as s:
        ids = list(s.execute(sql, {**params, "limit": limit, "offset": offset}).scalars())
    return rows_by_id(db, ids)


def client_page_by_key(db: Database, q: ClientQuery, anchor: int, limit: int, backward: bool,
                       matches: int | None = None) -> list[ClientRow] | None:
    """``limit`` rows after the client ``anchor`` in the result of ``q`` (``backward``: before it), in display
    order, from its sort key (keyset paging: a short index walk at any depth). None for the orders on a column
    that may be empty (as ``position_of``) or when ``anchor`` is gone."""
    if q.sort not in ("name", "district", "industry", "created_at"):
        return None
    broad = matches is not None and matches > BROAD_MATCHES  # as client_page
    where, params = _where(q, broad=broad and q.sort == "name", broad_chars=broad)
    columns = SORT_ORDERS[q.sort]
    with db.read() as s:
        ids = ids_by_key(s, "SELECT c.id FROM client c", "client c", where, params, columns, columns, q.descending,
                         "c.id", anchor, limit, backward)
    return None if ids is None else rows_by_id(db, ids)


def client_ids(db: Database, q: ClientQuery) -> list[int]:
    """Every matching id in display order (for export of a filtered list)."""
    order = _order(q)
    where, params = _where(q)
    with db.read() as s:
        return list(s.execute(text(f"SELECT c.id FROM client c{where} ORDER BY {order}"), params).scalars())


def industries(db: Database) -> list[str]:
    with db.read() as s:
        return [i for i in s.scalars(select(Client.industry).distinct().order_by(Client.industry)) if i]


def count_clients(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(text("SELECT count(*) FROM client")).scalar_one())
