"""The hash chains' heads at each sync (tamper evidence, docs/sync-protocol.md): what the station reports to the
city, and what the city answered it holds, kept in ``sync_state`` for the next report."""

from __future__ import annotations

import json

from desktop.models.city_sync.tables import SyncState
from desktop.models.core import chains
from desktop.models.core.db import Database
from desktop.sync import wire

KNOWN_KEY = "chain_known"  # JSON {chain: [entry id, hash]}: what the city last acknowledged
MISMATCH_KEY = "chain_mismatch"  # JSON [chain, ...]: what the city last said no longer leads to what it held


def _known(raw: str) -> dict[str, tuple[int, str]]:
    try:
        data = json.loads(raw or "{}")
        return {str(k): (int(v[0]), str(v[1])) for k, v in data.items()}
    except (ValueError, TypeError, IndexError, AttributeError):
        return {}  # a damaged value: reported as nothing known, which the city notices


def report(db: Database, station_code: str, device_uuid: str) -> wire.ChainReport:
    """Each chain's head, with the link this station holds now for the entry the city acknowledged last."""
    with db.read() as s:
        row = s.get(SyncState, KNOWN_KEY)
        known = _known(row.value if row else "")
        conn = s.connection()
        heads = []
        for head in chains.heads(conn):
            known_id, _hash = known.get(head.chain, (0, ""))
            heads.append(wire.ChainHead(chain=head.chain, entries=head.entries, last_id=head.last_id,
                                        hash=head.hash, known_id=known_id,
                                        known_hash=chains.hash_at(conn, head.chain, known_id) or ""
                                        if known_id else ""))
    return wire.ChainReport(station_code=station_code, device_uuid=device_uuid, chains=heads)


def record_answer(db: Database, answer: wire.ChainAnswer) -> list[str]:
    """Keep what the city holds for the next report; the chains it found changed."""
    with db.begin() as s:
        for key, value in ((KNOWN_KEY, json.dumps({h.chain: [h.last_id, h.hash] for h in answer.held})),
                           (MISMATCH_KEY, json.dumps(answer.mismatches))):
            row = s.get(SyncState, key)
            if row is None:
                s.add(SyncState(key=key, value=value))
            else:
                row.value = value
    return list(answer.mismatches)


def last_mismatches(db: Database) -> list[str]:
    """The chains the city said last time no longer lead to what it held ([] when none, or never told)."""
    with db.read() as s:
        row = s.get(SyncState, MISMATCH_KEY)
        value = row.value if row is not None else "[]"
    try:
        found = json.loads(value)
    except ValueError:
        return []
    return [str(c) for c in found] if isinstance(found, list) else []
