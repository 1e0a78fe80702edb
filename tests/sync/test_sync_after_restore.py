"""A station restored from a backup syncs with the city as if nothing had happened (issue 15): the records it had
sent after the backup was made are sent again by the restored outbox, and the real hub recognises each one
(already had): nothing is held twice, and what is new still goes once."""

from __future__ import annotations

from pathlib import Path

from desktop.models.backups import store
from desktop.models.backups.restore import restore
from desktop.models.core.db import Database
from desktop.models.core.station import get_station
from desktop.paths import database_path
from desktop.sync import service
from tests.support.hub_process import HubProcess, connect, escalate_some, outbox_records
from tests.support.requests import Station, drive


def test_a_restored_station_sends_nothing_twice(st: Station, hub: HubProcess, tmp_path: Path) -> None:
    data_dir = tmp_path  # the station's file is tmp_path/station.sqlite3, its attachments beside it
    usb = tmp_path.parent / f"{tmp_path.name}-usb"
    connect(st, hub, hub.url)
    escalate_some(st, 3)
    code = get_station(st.db).code  # type: ignore[union-attr]
    made = store.make_backup(st.path, data_dir, usb, code, keep=3)  # the three not sent yet
    first = service.sync_once(st.db, data_dir)
    assert first.accepted == 3
    escalate_some(st, 2)
    second = service.sync_once(st.db, data_dir)
    assert second.accepted == 2
    held = hub.held()
    assert len(held) == 5
    # the computer is lost; the backup made before both syncs is restored on another folder
    restored_dir = tmp_path.parent / f"{tmp_path.name}-restored"
    restore(made.path, restored_dir)
    restored = Database(database_path(restored_dir))
    try:
        pending = [r for r in outbox_records(Station(restored, st.ids, st.client_id, st.institution_id,
                                                     database_path(restored_dir)), "pending")]
        assert len(pending) == 3  # as it was at the backup
        again = service.sync_once(restored, restored_dir)
        assert (again.accepted, again.already_had) == (0, 3)  # the hub has them: none is held twice
        assert hub.held() == held
        rid = drive(Station(restored, st.ids, st.client_id, st.institution_id, database_path(restored_dir)),
                    "escalated")
        assert rid
        new = service.sync_once(restored, restored_dir)
        assert new.accepted == 1 and len(hub.held()) == 6
    finally:
        restored.close()
