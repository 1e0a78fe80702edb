"""The stations' monthly figures at the hub (§4.3): hostile bodies are rejected one by one (never a 5xx), a month
after the current one is refused, a station that sent a month under two uuids (set up again) counts once, with
what it sent last, and the city-wide table and the overview page show it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from cityhub import monthly
from cityhub.db import Database
from tests.support.hub_api import enrol, outcomes, push
from tests.support.hub_records import STATION, record

MONTH = monthly.current_month(datetime.now(UTC))


def figures(received: int = 5, month: str = MONTH, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "station_code": STATION, "month": month, "received": received, "answered": 1, "referred": 2,
        "escalated": 0, "completed": 3, "withdrawn": 0, "by_category": {"5.1": received}, "by_channel": {"window": 5},
        "evaluations": 2, "dissatisfied": 0, "averages": {"attitude": 4.5}, "on_time": {"response": 1.0},
        "complaints": 1, "valid_complaints": 0, "rectifications": 0, "rectifications_closed": 0,
        "computed_at": "2026-12-01T00:00:00Z"}
    return {**body, **changes}


@pytest.mark.parametrize("changes", [
    {"received": -1}, {"received": 2**31}, {"received": "5"}, {"received": 1.5}, {"month": "2026-13"},
    {"month": "2199-01"}, {"averages": {"attitude": 9.0}}, {"on_time": {"response": "NaN"}},
    {"by_category": {str(n): 1 for n in range(61)}}, {"by_category": {"": 1}}, {"extra": 1},
    {"station_code": "LZ-LN"}])
def test_a_bad_body_is_rejected_alone(client: TestClient, db: Database, changes: dict[str, Any]) -> None:
    dev = enrol(client, db)
    good, bad = record(figures(received=7), kind="figures"), record(figures(**changes), kind="figures")
    answer = push(client, dev, [good, bad])
    assert outcomes(answer) == ["accepted", "rejected"], answer.json()


def test_one_row_per_station_with_what_it_sent_last(client: TestClient, db: Database) -> None:
    dev = enrol(client, db)
    assert outcomes(push(client, dev, [record(figures(received=5), kind="figures")])) == ["accepted"]
    again = enrol(client, db)  # the station set up again: its months under another uuid
    assert outcomes(push(client, again, [record(figures(received=9), kind="figures")])) == ["accepted"]
    with db.transaction() as session:
        rows = monthly.monthly_figures(session, MONTH)
    assert [(r.code, r.figures.received) for r in rows] == [(STATION, 9)]
    text = monthly.monthly_text(MONTH, rows)
    assert STATION in text and "9" in text and "合计" in text
    page = client.get("/").text
    assert f"{MONTH} 各站数据" in page and STATION in page
