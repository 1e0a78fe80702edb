"""Finding archived records: what the archive room's filters offer, and a search by a client's unified social
credit code (统一社会信用代码). The lists themselves are the requests' and complaints' own queries with their
archived statuses (``request_list``, ``complaint_list``), so a record is found the same way everywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlalchemy import select

from desktop.models.accounts.tables import Staff
from desktop.models.catalogue.tables import CatalogueCategory
from desktop.models.clients.tables import Client
from desktop.models.complaints.tables import ENDED
from desktop.models.core.db import Database
from desktop.models.institutions.tables import Institution
from desktop.models.requests.request_list import RequestQuery

ARCHIVED_REQUESTS = ("archived",)
ENDED_COMPLAINTS: tuple[str, ...] = tuple(ENDED)
USCC = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")
NO_CLIENT = -1  # a credit code no client has: the query finds nothing


@dataclass(frozen=True)
class Choices:
    staff: list[tuple[int, str]]  # everyone, the departed too: an archived record names them
    institutions: list[tuple[int, str]]
    categories: list[tuple[int, str]]  # "<clause> <name>"


def choices(db: Database) -> Choices:
    with db.read() as s:
        staff = [(i, n) for i, n in s.execute(select(Staff.id, Staff.name).order_by(Staff.name))]
        places = [(i, n) for i, n in s.execute(select(Institution.id, Institution.name).order_by(Institution.name))]
        categories = [(i, f"{c} {n}") for i, c, n in s.execute(
            select(CatalogueCategory.id, CatalogueCategory.clause, CatalogueCategory.name)
            .order_by(CatalogueCategory.sort_order))]
    return Choices(staff, places, categories)


def with_client_code(db: Database, q: RequestQuery) -> RequestQuery:
    """``q`` with a credit code typed in its search turned into that client's filter (the requests' search text
    holds names and numbers, not codes)."""
    terms = q.text.split()
    codes = [t for t in terms if USCC.fullmatch(t.upper())]
    if not codes:
        return q
    with db.read() as s:
        client_id = s.scalar(select(Client.id).where(Client.uscc == codes[0].upper()))
    rest = " ".join(t for t in terms if t not in codes)
    return replace(q, text=rest, client_id=client_id if client_id is not None else NO_CLIENT)
