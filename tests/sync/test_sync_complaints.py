"""Complaints reach the city (§7.5.5): a complaint that ends (closed, not accepted, withdrawn) writes its archive
record into the outbox in the same transaction, and the sync delivers it to the real hub on loopback exactly once,
also when the connection is cut after the hub took the batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cityhub import cli as hub_cli
from desktop.models.city_sync import outbox
from desktop.sync import service, wire
from desktop.sync.engine import SyncOptions
from tests.support.complaints import drive
from tests.support.fault_proxy import FaultProxy
from tests.support.hub_process import HubProcess, connect, outbox_records
from tests.support.requests import Station

FAST = SyncOptions(batch_size=2, max_attempts=6, base_delay=0.05, max_delay=0.2)


def test_an_ended_complaint_is_queued_with_the_change(st: Station) -> None:
    before = outbox.counts(st.db).archive
    open_one = drive(st, "decided")
    assert outbox.counts(st.db).archive == before  # still open: nothing for the city yet
    closed = drive(st, "closed")
    drive(st, "withdrawn")
    drive(st, "not_accepted")
    assert outbox.counts(st.db).archive == before + 3
    with st.db.read() as s:
        from sqlalchemy import select

        from desktop.models.city_sync.tables import OutboxEntry

        row = s.scalars(select(OutboxEntry).where(OutboxEntry.complaint_id == closed)).one()
        assert row.kind == "complaint" and row.request_id is None
        body = wire.ComplaintBody.model_validate(json.loads(row.body))
        assert body.status == "closed" and body.valid is True and body.timeline[-1].kind == "closed"
        assert [e.kind for e in body.timeline][:2] == ["received", "accepted"]
        assert row.content_hash == wire.content_hash(json.loads(row.body))
        assert s.scalars(select(OutboxEntry).where(OutboxEntry.complaint_id == open_one)).first() is None


def test_complaints_reach_the_hub_once_under_a_cut_connection(st: Station, hub: HubProcess, proxy: FaultProxy,
                                                               tmp_path: Path) -> None:
    for status in ("closed", "closed", "withdrawn"):
        drive(st, status)
    connect(st, hub, proxy.url)
    # the hub takes the first batch, its answer is lost; the retry is answered "already had"
    proxy.rule = lambda _m, p, n: "drop_after" if p == "/v1/push" and n == 1 else "pass"  # type: ignore[assignment]
    summary = service.sync_once(st.db, tmp_path, options=FAST, timeout=5.0)
    assert (summary.accepted, summary.already_had, summary.remaining, summary.set_aside) == (1, 2, 0, 0)
    held = hub.held()
    assert len(held) == len(set(held)) == 3 and held == outbox_records(st, "sent")
    assert {kind for kind, _u, _v in held} == {"complaint"}
    assert hub.sql("SELECT count(*) FROM record WHERE kind = 'complaint'") == [(3,)]
    again = service.sync_once(st.db, tmp_path, options=FAST, timeout=5.0)
    assert (again.accepted, again.already_had) == (0, 0)


def test_a_complaint_referred_to_the_city_comes_back_with_its_decision(st: Station, hub: HubProcess, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.models.complaints import complaint_detail, lifecycle
    from desktop.models.complaints.lifecycle import Closure
    from tests.support.requests import NOW

    cid = drive(st, "dissatisfied")
    lifecycle.refer_out(st.db, st.admin, cid, "city_platform", "投诉人要求市级平台复查", now=NOW)
    number = complaint_detail.get_complaint(st.db, st.admin, cid).number
    connect(st, hub, hub.url)
    assert service.sync_once(st.db, tmp_path, options=FAST).accepted == 1
    assert hub.sql("SELECT request_number, status, client_name, reason FROM escalation") == [
        (number, "open", "韦秀英", "投诉人要求市级平台复查")]
    assert hub_cli.main(["decide", number, "--answer", "经市级平台复查，维持原处理意见",
                         "--db", hub.db_url]) == 0
    capsys.readouterr()
    summary = service.sync_once(st.db, tmp_path, options=FAST)
    assert (summary.pulled, summary.applied) == (1, 1)
    d = complaint_detail.get_complaint(st.db, st.admin, cid)
    assert d.status == "referred_out" and d.outcome == "经市级平台复查，维持原处理意见"
    last = d.events[-1]
    assert (last.kind, last.actor, last.data["decision"]) == ("outcome", "", "answered")
    lifecycle.close(st.db, st.admin, cid, Closure(False, "市级平台维持原处理意见"), now=NOW)  # now it can close
    assert service.sync_once(st.db, tmp_path, options=FAST).accepted == 1  # its archive record
    assert sorted(kind for kind, _u, _v in hub.held()) == ["complaint", "complaint"]
