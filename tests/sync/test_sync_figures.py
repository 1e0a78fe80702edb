"""The station's monthly figures reach the city (§4.3): aggregates only (no client, no request), queued at each
sync when a month's figures changed, delivered to the real hub on loopback once per version, and shown in the
city-wide table of ``cityhub report --period`` and on the hub's overview page."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from cityhub import cli as hub_cli
from desktop.demo import demo_clients, demo_complaints, demo_requests
from desktop.models.city_sync.tables import OutboxEntry
from desktop.models.clients.tables import Client
from desktop.models.statistics.city_figures import queue_figures
from desktop.models.statistics.intake_figures import StatsQuery, intake
from desktop.sync import service, wire
from desktop.sync.engine import SyncOptions
from tests.support.hub_process import HubProcess, connect
from tests.support.requests import ITEM, Station, new_request

pytestmark = pytest.mark.monthly_figures
NOW = datetime(2026, 11, 23, 4, tzinfo=UTC)
TODAY = date(2026, 11, 23)
FAST = SyncOptions(batch_size=50, max_attempts=4, base_delay=0.05, max_delay=0.2)


def _figures_rows(st: Station) -> list[tuple[int | None, int | None, int, str]]:
    """(request_id, complaint_id, version, body) of the figures' records, oldest first."""
    with st.db.read() as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(OutboxEntry.request_id, OutboxEntry.complaint_id, OutboxEntry.version, OutboxEntry.body)
            .where(OutboxEntry.kind == "figures").order_by(OutboxEntry.id))]


def test_months_are_queued_when_they_change_and_carry_no_client(st: Station) -> None:
    demo_clients.generate_clients(st.db, 30, st.admin)
    demo_requests.generate_requests(st.db, 400, st.admin, now=NOW)
    demo_complaints.generate_complaints(st.db, 40, st.admin, now=NOW)
    first = queue_figures(st.db, TODAY, NOW)
    rows = _figures_rows(st)
    assert first == len(rows) >= 3 and rows[0][:2] == (None, None)
    months = [json.loads(r[3])["month"] for r in rows]
    assert months[:3] == ["2026-11", "2026-10", "2026-09"] and len(set(months)) == len(months)
    november = wire.FiguresBody.model_validate(json.loads(rows[0][3]))  # what the hub will validate
    assert november.received == intake(st.db, StatsQuery(date(2026, 11, 1), date(2026, 11, 30))).received
    with st.db.read() as s:
        names = list(s.scalars(select(Client.name)))
    assert not any(name in rows[0][3] for name in names)  # aggregates only
    assert queue_figures(st.db, TODAY, NOW) == 0  # nothing changed: nothing queued
    new_request(st, now=NOW, items=(ITEM,))
    assert queue_figures(st.db, TODAY, NOW) == 1
    _r, _c, version, latest = _figures_rows(st)[-1]
    assert json.loads(latest)["month"] == "2026-11" and version == 2
    assert json.loads(latest)["received"] == november.received + 1


def test_the_figures_reach_the_hub_once_and_show_in_the_city_table(st: Station, hub: HubProcess, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    demo_clients.generate_clients(st.db, 20, st.admin)
    demo_requests.generate_requests(st.db, 200, st.admin, now=datetime.now(UTC))
    connect(st, hub, hub.url)
    summary = service.sync_once(st.db, tmp_path, options=FAST, timeout=10.0)
    figures = hub.sql("SELECT uuid, version FROM record WHERE kind = 'figures'")
    assert len(figures) >= 3 and summary.set_aside == 0
    again = service.sync_once(st.db, tmp_path, options=FAST, timeout=10.0)
    assert (again.accepted, again.set_aside) == (0, 0)  # unchanged months: nothing new
    assert hub.sql("SELECT count(*) FROM record WHERE kind = 'figures'") == [(len(figures),)]
    body = json.loads(hub.sql("SELECT body FROM record WHERE kind = 'figures' ORDER BY id LIMIT 1")[0][0])
    month = body["month"]
    capsys.readouterr()
    assert hub_cli.main(["report", "--period", month, "--db", hub.db_url]) == 0
    table = capsys.readouterr().out
    code = body["station_code"]
    assert code in table and str(body["received"]) in table and "受理" in table
    assert hub_cli.main(["report", "--period", month, "--json", "--db", hub.db_url]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["code"] == code and row["received"] == body["received"]
    assert hub_cli.main(["report", "--period", "2026-13", "--db", hub.db_url]) == 2  # not a month
    page = httpx.get(hub.url + "/", timeout=5).text
    assert "各站数据" in page and code in page
