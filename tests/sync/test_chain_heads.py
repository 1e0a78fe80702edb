"""The city notices a station whose history was rewritten (issue 15): each sync reports the hash chains' heads and
the link the station holds for the entry the city acknowledged last. Against the real hub: a history that only
grew passes; a timeline rewritten and its chain recomputed with the app's own function (which ``check`` cannot
see), audit entries deleted from the end with their links, and a replaced station file are each reported to the
station and listed by the hub until the city clears them."""

from __future__ import annotations

import sqlite3

from desktop.models.city_sync import chain_heads
from desktop.models.core import chains
from desktop.sync import service
from tests.support.hub_process import HubProcess, connect, escalate_some
from tests.support.requests import Station, drive


def _tamper(st: Station, *sql: str, relink: str | None = None) -> None:
    conn = sqlite3.connect(st.path, isolation_level=None)
    try:
        chains.register(conn)
        for statement in sql:
            conn.execute(statement)
        if relink is not None:  # the chain recomputed from the first entry: whole again, as check sees it
            conn.execute("BEGIN")
            conn.execute("DELETE FROM chain_link WHERE chain = ?", (relink,))
            chains.link_new(conn.cursor(), relink)
            conn.execute("COMMIT")
            assert chains.verify_chain(conn, relink)[1] == []
    finally:
        conn.close()


def _alerts(hub: HubProcess) -> list[tuple[object, ...]]:
    return hub.sql("SELECT chain, held_id, said_id FROM history_alert ORDER BY id")


def test_a_history_that_only_grew_passes(st: Station, hub: HubProcess) -> None:
    connect(st, hub, hub.url)
    escalate_some(st, 2)
    assert service.sync_once(st.db, st.path.parent).history_changed == []
    drive(st, "archived")  # more history
    assert service.sync_once(st.db, st.path.parent).history_changed == []
    assert _alerts(hub) == []
    held = dict(hub.sql("SELECT chain, entries FROM chain_head"))
    assert held["request_event"] > 0 and held["audit_log"] > 0


def test_a_rewritten_timeline_is_reported_by_the_hub(st: Station, hub: HubProcess) -> None:
    connect(st, hub, hub.url)
    escalate_some(st, 2)
    service.sync_once(st.db, st.path.parent)
    _tamper(st, "DROP TRIGGER request_event_no_update",
            "UPDATE request_event SET text = '未受理' WHERE id = (SELECT min(id) FROM request_event)",
            "DROP TRIGGER chain_link_no_delete", relink="request_event")
    summary = service.sync_once(st.db, st.path.parent)
    assert summary.history_changed == ["request_event"]
    assert chain_heads.last_mismatches(st.db) == ["request_event"]
    assert [a[0] for a in _alerts(hub)] == ["request_event"]
    # it stays reported at every sync until the city has looked into it
    assert service.sync_once(st.db, st.path.parent).history_changed == ["request_event"]
    report = hub.cli("report", "--json")
    assert '"history_alerts": 1' in report  # one alert, reported twice
    assert hub.sql("SELECT reports FROM history_alert") == [(2,)]
    assert "request_event" in hub.cli("history", "list")
    device = hub.sql("SELECT uuid FROM device")[0][0]
    hub.cli("history", "clear", "--device", str(device))
    assert service.sync_once(st.db, st.path.parent).history_changed == []


def test_audit_entries_cut_from_the_end_are_reported(st: Station, hub: HubProcess) -> None:
    connect(st, hub, hub.url)
    escalate_some(st, 1)
    service.sync_once(st.db, st.path.parent)
    # the newest audit entries and their links removed: locally the chain is whole (a shorter one)
    _tamper(st, "DROP TRIGGER audit_log_no_delete", "DROP TRIGGER chain_link_no_delete",
            "DELETE FROM chain_link WHERE chain = 'audit_log' AND entry_id > (SELECT max(id) - 3 FROM audit_log)",
            "DELETE FROM audit_log WHERE id > (SELECT max(id) - 3 FROM audit_log)")
    conn = sqlite3.connect(st.path)
    try:
        assert chains.verify_chain(conn, "audit_log")[1] == []
    finally:
        conn.close()
    assert "audit_log" in service.sync_once(st.db, st.path.parent).history_changed
    (chain, held_id, said_id), *_ = _alerts(hub)
    assert chain == "audit_log" and said_id == held_id  # the same entry asked for, and another link given


def test_the_page_of_the_hub_lists_the_station(st: Station, hub: HubProcess) -> None:
    import httpx

    connect(st, hub, hub.url)
    escalate_some(st, 1)
    service.sync_once(st.db, st.path.parent)
    _tamper(st, "DROP TRIGGER request_event_no_update",
            "UPDATE request_event SET text = text || '（改）' WHERE id = (SELECT max(id) FROM request_event)",
            "DROP TRIGGER chain_link_no_delete", relink="request_event")
    service.sync_once(st.db, st.path.parent)
    page = httpx.get(hub.url + "/", verify=False).text
    assert "历史记录异常" in page and "request_event" in page
