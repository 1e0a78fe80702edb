"""The service catalogue (§5): seeded categories and items; admins add items and retire them.

Items are never deleted: requests (and the city) refer to them by UUID. A retired item stays in the
records that use it and is no longer offered for new ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from desktop.models.accounts.staff import require_role
from desktop.models.catalogue.tables import CatalogueCategory, CatalogueItem
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound, Refused
from desktop.models.core.types import utcnow
from desktop.models.core.validators import check_length, check_required, collect


@dataclass(frozen=True)
class ItemInfo:
    id: int
    uuid: str
    category_id: int
    clause: str | None
    title: str
    text: str
    seeded: bool
    retired: bool


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    clause: str
    name: str
    name_en: str
    items: tuple[ItemInfo, ...]


def list_catalogue(db: Database, include_retired: bool = True) -> list[CategoryInfo]:
    with db.read() as s:
        cats = s.scalars(
            select(CatalogueCategory).options(selectinload(CatalogueCategory.items))
            .order_by(CatalogueCategory.sort_order)
        )
        return [
            CategoryInfo(c.id, c.clause, c.name, c.name_en, tuple(
                ItemInfo(i.id, i.uuid, c.id, i.clause, i.title, i.text, i.seeded, i.retired_at is not None)
                for i in c.items if include_retired or i.retired_at is None
            ))
            for c in cats
        ]


def add_item(db: Database, actor_id: int, category_id: int, title: str, text: str = "") -> Changes:
    collect(title=check_required(title, 100), text=check_length(text, 1000, multiline=True))
    try:
        with db.begin(actor_id) as s:
            require_role(s, actor_id, "admin")
            if s.get(CatalogueCategory, category_id) is None:
                raise NotFound("No such category.")
            row = CatalogueItem(category_id=category_id, title=title.strip(), text=text.strip(),
                                seeded=False, created_by=actor_id)
            s.add(row)
            s.flush()
            return Changes(CatalogueItem, "created", (row.id,))
    except IntegrityError as exc:
        raise Invalid({"title": "This category already has an item with this title."}) from exc


def set_retired(db: Database, actor_id: int, item_id: int, retired: bool) -> Changes:
    with db.begin(actor_id) as s:
        require_role(s, actor_id, "admin")
        row = s.get(CatalogueItem, item_id)
        if row is None:
            raise NotFound("No such catalogue item.")
        if retired and row.retired_at is not None:
            raise Refused("This item is already retired.")
        row.retired_at = utcnow() if retired else None
        return Changes(CatalogueItem, "updated", (row.id,))
