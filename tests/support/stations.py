"""Plain helpers shared by the model tests (fixtures are in conftest.py)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.demo import demo_clients
from desktop.models.clients.clients import ClientInput, ContactInput
from desktop.models.core import station
from desktop.models.core.db import Database
from desktop.models.core.station import StationInput
from desktop.models.core.tables import AuditEntry
from desktop.models.core.validators import uscc_check_char

STATION = StationInput("LZ-YF01", "鱼峰区质量服务站", "district", "鱼峰区")
ADMIN_LOGIN = "admin"
ADMIN_NAME = "管理员"
ADMIN_PASSWORD = "kapok-river-1987"


def uscc_from_body(body17: str) -> str:
    """A valid USCC: the 17-character body plus its GB 32100-2015 check character."""
    assert len(body17) == 17
    return body17 + uscc_check_char(body17)


def make_uscc(n: int, district: str = "鱼峰区") -> str:
    """The ``n``-th valid USCC of ``district`` (distinct ``n`` give distinct codes)."""
    return demo_clients.make_uscc(district, n)


def open_station(path: Path) -> tuple[Database, int]:
    """A new station file at ``path``, migrated and set up; returns the database and the admin's id."""
    db = Database(path)
    return db, station.setup(db, STATION, ADMIN_LOGIN, ADMIN_NAME, ADMIN_PASSWORD)


def audit_entries(db: Database, entity: str | None = None, action: str | None = None) -> list[dict[str, Any]]:
    """Audit rows (oldest first) as dicts, ``changes`` decoded from JSON."""
    with db.read() as s:
        query = select(AuditEntry).order_by(AuditEntry.id)
        if entity is not None:
            query = query.where(AuditEntry.entity == entity)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        return [
            {"id": e.id, "at": e.at, "actor_id": e.actor_id, "action": e.action, "entity": e.entity,
             "entity_id": e.entity_id, "entity_uuid": e.entity_uuid, "changes": json.loads(e.changes)}
            for e in s.scalars(query)
        ]


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection to the station file, as any other tool would open it."""
    return sqlite3.connect(path)


# a client with every field, used by the registry and search tests
LUOSIFEN = ClientInput(
    "柳州市龙城螺蛳粉有限公司", make_uscc(1), district="鱼峰区", address="柳州市鱼峰区文昌路88号",
    industry="螺蛳粉产业", size="small",
    contacts=(ContactInput("覃春梅", "139 1234 5678", "总经理"), ContactInput("韦建国", "0772－2881234")),
)


def variant(inp: ClientInput, **changes: object) -> ClientInput:
    return ClientInput(**{**inp.__dict__, **changes})
