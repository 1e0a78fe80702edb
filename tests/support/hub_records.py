"""Valid sync records for tests: ``RequestBody`` dicts and the records that carry them.

Plain dicts as they travel on the wire (not pydantic objects), so a test can break any field. Used by the hub's
tests and reusable by the station's sync tests.
"""

from __future__ import annotations

import hashlib
import uuid as uuidlib
from typing import Any

from desktop.sync import wire

STATION = "LZ-CZ"
OTHER_STATION = "LZ-LN"
AT = "2026-11-21T08:30:00Z"


def new_uuid() -> str:
    return str(uuidlib.uuid4())


def event(kind: str = "created", at: str = AT, text: str = "", **extra: Any) -> dict[str, Any]:
    return {"uuid": new_uuid(), "at": at, "kind": kind, "from_status": None, "to_status": "registered",
            "text": text, "actor": "韦工", "data": {}, **extra}


def request_body(station_code: str = STATION, *, number: str | None = None, client_name: str = "柳州螺蛳粉食品有限公司",
                 reason: str = "需要市级计量机构支持", attachments: list[dict[str, Any]] | None = None,
                 events: int = 1, **overrides: Any) -> dict[str, Any]:
    """A ``RequestBody`` that validates: a request of ``station_code`` with a client and ``events`` events."""
    body: dict[str, Any] = {
        "station_code": station_code,
        "number": number or f"{station_code}-2026-{uuidlib.uuid4().hex[:6]}",
        "channel": "visit",
        "status": "escalated",
        "description": "企业需要对生产线上的电子秤进行检定",
        "contact_name": "覃经理",
        "contact_phone": "0772-1234567",
        "received_at": AT,
        "items": ["5.1.1"],
        "reason": reason,
        "client": {"uuid": new_uuid(), "name": client_name, "uscc": "91450200MA5K000001", "kind": "enterprise",
                   "district": "城中区", "address": "柳州市城中区文昌路1号", "industry": "食品",
                   "contacts": [{"name": "覃经理", "phone": "13800000000", "title": "经理"}]},
        "timeline": [event(at=f"2026-11-21T08:{30 + i:02d}:00Z") for i in range(events)],
        "attachments": attachments or [],
    }
    body.update(overrides)
    wire.RequestBody.model_validate(body)  # a helper that makes invalid bodies by accident is no help
    return body


def attachment(data: bytes, name: str = "照片.jpg") -> dict[str, Any]:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "name": name}


def record(body: dict[str, Any], *, kind: str = "escalation", version: int = 1, uuid: str | None = None,
           content_hash: str | None = None) -> dict[str, Any]:
    """A record carrying ``body``, with its true content hash unless one is given."""
    return {"kind": kind, "uuid": uuid or new_uuid(), "version": version,
            "content_hash": content_hash or wire.content_hash(body), "body": body}


def escalation(station_code: str = STATION, *, version: int = 1, uuid: str | None = None,
               **body: Any) -> dict[str, Any]:
    """An escalation record of a new (or the given) request."""
    return record(request_body(station_code, **body), kind="escalation", version=version, uuid=uuid)


def archive(station_code: str = STATION, *, version: int = 1, uuid: str | None = None,
            **body: Any) -> dict[str, Any]:
    return record(request_body(station_code, status="archived", closed_at="2026-11-25T09:00:00Z", **body),
                  kind="archive", version=version, uuid=uuid)


def complaint_body(station_code: str = STATION, **overrides: Any) -> dict[str, Any]:
    """A ``ComplaintBody`` that validates: a closed, valid complaint about the station, with its timeline."""
    body: dict[str, Any] = {
        "station_code": station_code, "number": f"{station_code}-TS-20261121-{uuidlib.uuid4().int % 10000:04d}",
        "channel": "phone", "status": "closed", "complainant_kind": "person", "complainant": "韦秀英",
        "complainant_phone": "13907721234", "about_station": True, "what_happened": "窗口人员态度冷淡",
        "decision": "批评教育，限期整改", "valid": True, "close_reason": "属实", "rectified": True,
        "received_at": AT, "closed_at": "2026-11-25T09:00:00Z",
        "timeline": [event("received", to_status="received"), event("closed", at="2026-11-25T09:00:00Z",
                                                                    to_status="closed")],
    }
    body.update(overrides)
    wire.ComplaintBody.model_validate(body)
    return body


def complaint(station_code: str = STATION, *, version: int = 1, uuid: str | None = None,
              **body: Any) -> dict[str, Any]:
    """A complaint's archive record."""
    return record(complaint_body(station_code, **body), kind="complaint", version=version, uuid=uuid)


def push_body(records: list[dict[str, Any]], device_uuid: str, station_code: str = STATION) -> dict[str, Any]:
    return {"protocol": wire.PROTOCOL, "station_code": station_code, "device_uuid": device_uuid,
            "records": records}
