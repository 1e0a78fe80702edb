"""The admin's side of the §5 catalogue: add items, retire and reinstate them; never delete."""

from __future__ import annotations

import json
import sqlite3

import pytest

from desktop.models.accounts import staff
from desktop.models.catalogue import catalogue
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, Refused


def _item(db: Database, item_id: int) -> catalogue.ItemInfo:
    return next(i for c in catalogue.list_catalogue(db) for i in c.items if i.id == item_id)


def test_admin_adds_an_item_under_a_category(db: Database, admin_id: int, raw: sqlite3.Connection) -> None:
    metrology = next(c for c in catalogue.list_catalogue(db) if c.clause == "5.1")
    change = catalogue.add_item(db, admin_id, metrology.id, "  能效标识咨询 ", "能效标识备案与计量咨询")
    item = _item(db, change.ids[0])
    assert (item.title, item.text, item.clause, item.seeded, item.retired) == (
        "能效标识咨询", "能效标识备案与计量咨询", None, False, False)
    entry = raw.execute("SELECT actor_id, action, changes FROM audit_log WHERE entity = 'catalogue_item' "
                        "AND entity_id = ?", (item.id,)).fetchone()
    assert entry[0] == admin_id and entry[1] == "create" and json.loads(entry[2])["title"] == [None, "能效标识咨询"]


def test_add_refuses_bad_input_and_other_roles(db: Database, admin_id: int) -> None:
    category = catalogue.list_catalogue(db)[0].id
    with pytest.raises(Invalid) as bad:
        catalogue.add_item(db, admin_id, category, "  ", "x" * 1001)
    assert set(bad.value.errors) == {"title", "text"}
    catalogue.add_item(db, admin_id, category, "新事项")
    with pytest.raises(Invalid) as dup:
        catalogue.add_item(db, admin_id, category, "新事项")
    assert "already has an item" in dup.value.errors["title"]
    clerk = staff.create_staff(db, admin_id, "clerk1", "窗口甲", "clerk", "clerk-pass-1").ids[0]
    with pytest.raises(Refused, match="Only a station admin"):
        catalogue.add_item(db, clerk, category, "越权事项")


def test_retire_and_reinstate_a_seeded_item(db: Database, admin_id: int, raw: sqlite3.Connection) -> None:
    seeded = next(i for c in catalogue.list_catalogue(db) for i in c.items if i.clause == "5.2.2")
    catalogue.set_retired(db, admin_id, seeded.id, True)
    assert _item(db, seeded.id).retired
    offered = [i.clause for c in catalogue.list_catalogue(db, include_retired=False) for i in c.items]
    assert "5.2.2" not in offered and "5.2.1" in offered
    with pytest.raises(Refused, match="already retired"):
        catalogue.set_retired(db, admin_id, seeded.id, True)
    catalogue.set_retired(db, admin_id, seeded.id, False)
    assert not _item(db, seeded.id).retired
    # nothing deletes an item: the row, its UUID and clause stay
    assert raw.execute("SELECT count(*) FROM catalogue_item WHERE uuid = ?", (seeded.uuid,)).fetchone()[0] == 1
    assert not hasattr(catalogue, "delete_item")
