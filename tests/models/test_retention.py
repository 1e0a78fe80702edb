"""保存期限 and 销毁 (issue 15): the retention rule is at least two years (service and database); an archived request
cannot change or be deleted (service and database); a record goes only through a disposal list, only after its
period, and then with everything of it, its files named for removal, the hash chains still whole, the list and
the audit trail kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.models.archives import retention
from desktop.models.archives.tables import DisposalItem, DisposalList, RecordKind
from desktop.models.backups.check import check_station
from desktop.models.clients import clients
from desktop.models.clients.clients import ClientInput
from desktop.models.core.errors import Invalid, Refused
from desktop.models.requests import lifecycle
from desktop.models.requests.attachments import add_attachment
from desktop.models.visits import editing
from desktop.paths import ATTACHMENTS
from tests.support import complaints as complaint_support
from tests.support.requests import NOW, Station, drive, make_station, perform
from tests.support.stations import audit_entries
from tests.support.visits import visit_input

LONG_AGO = NOW - timedelta(days=3 * 365 + 30)


@pytest.fixture
def st(tmp_path: Path) -> Iterator[Station]:
    station = make_station(tmp_path / "station.sqlite3")
    yield station
    station.db.close()


def _old_request(st: Station, folder: Path) -> int:
    """A request served three years ago: a signed visit, an attachment, an evaluation; archived then."""
    rid = drive(st, "in_service", now=LONG_AGO)
    visit = editing.create_visit(st.db, st.ids["field_officer"], rid,
                                 visit_input(st, visited_at=LONG_AGO - timedelta(hours=2), follow_ups=()),
                                 now=LONG_AGO).ids[0]
    editing.sign_visit(st.db, st.ids["field_officer"], visit, *_signatures(), now=LONG_AGO)
    source = folder / "旧材料.txt"
    source.write_text(f"三年前的材料 {rid}", encoding="utf-8")
    add_attachment(st.db, st.admin, rid, source, folder / ATTACHMENTS)
    for action in ("complete", "give_feedback", "evaluate", "archive"):
        perform(st, action, st.admin, rid, now=LONG_AGO)
    return rid


def _signatures():  # type: ignore[no-untyped-def]
    from desktop.models.visits.editing import SignatureInput
    from tests.support.visits import strokes

    return SignatureInput("覃春梅", strokes(1)), SignatureInput("王小明", strokes(2))


def test_the_retention_rule_is_never_below_two_years(st: Station) -> None:
    assert retention.rules(st.db) == {"request": 2, "complaint": 2}
    with pytest.raises(Invalid) as refused:
        retention.set_years(st.db, st.admin, "request", 1)
    assert "at least 2 years" in refused.value.errors["years"]
    with pytest.raises(Refused):
        retention.set_years(st.db, st.ids["clerk"], "request", 5)
    retention.set_years(st.db, st.admin, "request", 5)
    assert retention.rules(st.db)["request"] == 5
    conn = sqlite3.connect(st.path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE retention_rule SET years = 1 WHERE kind = 'complaint'")
    finally:
        conn.close()


def test_an_archived_request_cannot_change_or_go(st: Station) -> None:
    rid = drive(st, "archived")
    with pytest.raises(Refused):
        perform(st, "edit", st.admin, rid)
    with pytest.raises(Refused):
        lifecycle.add_note(st.db, st.admin, rid, "补记")
    conn = sqlite3.connect(st.path)
    try:
        for sql in ("UPDATE service_request SET description = '改' WHERE id = ?",
                    "UPDATE service_request SET status = 'evaluated' WHERE id = ?"):
            with pytest.raises(sqlite3.IntegrityError, match="archived request cannot be changed"):
                conn.execute(sql, (rid,))
        with pytest.raises(sqlite3.IntegrityError, match="kept until a disposal list"):
            conn.execute("DELETE FROM service_request WHERE id = ?", (rid,))
    finally:
        conn.close()
    # what follows its client still follows (the search text, the district)
    detail = clients.get_client(st.db, st.client_id)
    clients.update_client(st.db, st.admin, st.client_id, ClientInput(
        "柳州市龙城螺蛳粉集团有限公司", detail.uscc, district="柳北区", address=detail.address))
    conn = sqlite3.connect(st.path)
    try:
        assert conn.execute("SELECT district FROM service_request WHERE id = ?", (rid,)).fetchone()[0] == "柳北区"
    finally:
        conn.close()


def test_a_record_within_its_period_cannot_be_listed(st: Station) -> None:
    rid = drive(st, "archived")  # archived today
    assert retention.due(st.db, st.admin, "request") == []
    with pytest.raises(Refused):
        retention.prepare(st.db, st.admin, "request", [rid])
    conn = sqlite3.connect(st.path)
    try:
        conn.execute("INSERT INTO disposal_list (uuid, number, kind, status, prepared_at, prepared_by, records) "
                     "VALUES ('u', 'N', 'request', 'prepared', '2026-01-01T00:00:00', 1, 1)")
        with pytest.raises(sqlite3.IntegrityError, match="still within its retention period"):
            conn.execute("INSERT INTO disposal_item (list_id, kind, record_id, number, title, archived_at, "
                         "kept_until) VALUES (1, 'request', ?, 'x', 'x', '2026-01-01T00:00:00', '2028-01-01')",
                         (rid,))
    finally:
        conn.close()


def test_disposal_through_a_confirmed_list(st: Station, tmp_path: Path) -> None:
    old = _old_request(st, tmp_path)
    recent = drive(st, "archived")
    cited = _old_request(st, tmp_path)  # a complaint is about it: it waits for the complaint
    complaint_support.drive(st, "closed", about_station=False, about_request_id=cited)
    due = retention.due(st.db, st.admin, "request")
    assert [d.id for d in due] == [old]
    assert due[0].kept_until.year == LONG_AGO.year + 2
    with pytest.raises(Refused):
        retention.due(st.db, st.ids["clerk"], "request")
    made = retention.prepare(st.db, st.admin, "request", [old])
    list_id = made.ids[0]
    assert retention.due(st.db, st.admin, "request") == []  # on a list now
    # prepared is not disposing: the database still refuses
    conn = sqlite3.connect(st.path)
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("DELETE FROM request_event WHERE request_id = ?", (old,))
    finally:
        conn.close()
    done = retention.confirm(st.db, st.admin, list_id)
    assert done.records == 1
    assert [f for f in done.files if f.startswith("attachments/")], done.files
    with st.db.read() as s:
        from desktop.models.requests.tables import RequestEvent, ServiceRequest
        from desktop.models.visits.tables import Visit

        assert s.get(ServiceRequest, old) is None and s.get(ServiceRequest, recent) is not None
        assert s.scalars(select(RequestEvent).where(RequestEvent.request_id == old)).first() is None
        assert s.scalars(select(Visit).where(Visit.request_id == old)).first() is None
        listed = s.get(DisposalList, list_id)
        assert listed is not None and listed.status == "disposed" and listed.confirmed_by == st.admin
        assert [i.number for i in s.scalars(select(DisposalItem))] == [due[0].number]
    assert retention.remove_files(tmp_path, done.files) >= 1
    # the chains verify through the gap; the station checks clean
    assert check_station(tmp_path) == []
    events = [e["changes"] for e in audit_entries(st.db, "disposal_list")]
    assert len(events) == 2 and "prepared" in events[0] and "disposed" in events[1]
    with pytest.raises(Refused):
        retention.confirm(st.db, st.admin, list_id)  # once


def test_an_ended_complaint_is_disposed_of_with_its_timeline(st: Station, tmp_path: Path) -> None:
    cid = complaint_support.drive(st, "closed", now=LONG_AGO)
    assert [d.id for d in retention.due(st.db, st.admin, "complaint")] == [cid]
    list_id = retention.prepare(st.db, st.admin, RecordKind.COMPLAINT, [cid]).ids[0]
    retention.cancel(st.db, st.admin, list_id)
    assert [d.id for d in retention.due(st.db, st.admin, "complaint")] == [cid]  # cancelled: due again
    list_id = retention.prepare(st.db, st.admin, RecordKind.COMPLAINT, [cid]).ids[0]
    retention.confirm(st.db, st.admin, list_id)
    assert retention.due(st.db, st.admin, "complaint") == []
    assert check_station(tmp_path) == []
