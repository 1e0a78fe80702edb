"""The stations' hash chains as the city last saw them (tamper evidence, docs/sync-protocol.md).

At each sync a device reports each chain's head and the link it holds now for the entry the city acknowledged
last time. When that link is the one the city holds (and the chain has not shrunk), the new head is acknowledged;
otherwise the history the city saw was rewritten, cut or replaced: the hub keeps what it held, records an alert
(the overview page and ``cityhub report`` show it) and tells the device, which keeps reporting until the city
has looked into it (``cityhub history clear``)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cityhub.auth import device_station
from cityhub.db import ChainHeadRow, Device, HistoryAlert, utcnow
from cityhub.errors import HubError, ProtocolMismatch, WrongStation
from desktop.sync import wire


def report(session: Session, device: Device, chains: wire.ChainReport) -> wire.ChainAnswer:
    if chains.protocol != wire.PROTOCOL:
        raise ProtocolMismatch(f"this hub speaks protocol {wire.PROTOCOL}, not {chains.protocol}")
    station = device_station(session, device)
    if chains.station_code != station.code:
        raise WrongStation(f"this device belongs to station {station.code}, not {chains.station_code}")
    if chains.device_uuid != device.uuid:
        raise WrongStation("a device reports its own chains only")
    held = {r.chain: r for r in session.scalars(select(ChainHeadRow).where(ChainHeadRow.device_id == device.id))}
    if len(held.keys() | {h.chain for h in chains.chains}) > wire.MAX_CHAINS:
        raise HubError(f"a device keeps at most {wire.MAX_CHAINS} chains", code="too_many_chains")
    alerts = {a.chain: a for a in session.scalars(select(HistoryAlert).where(HistoryAlert.device_id == device.id))}
    mismatches = []
    now = utcnow()
    for head in {h.chain: h for h in chains.chains}.values():  # a chain named twice: its last report counts
        row = held.get(head.chain)
        if row is None:
            row = ChainHeadRow(device_id=device.id, chain=head.chain, last_id=head.last_id, hash=head.hash,
                               entries=head.entries, updated_at=now)
            session.add(row)
            held[head.chain] = row
            continue
        continuous = (row.last_id == 0 or (head.known_id == row.last_id and head.known_hash == row.hash)) \
            and head.last_id >= row.last_id and head.entries >= row.entries
        if not continuous:
            alert = alerts.get(head.chain)
            if alert is None:  # reported again: the same alert, counted
                session.add(HistoryAlert(station_id=station.id, device_id=device.id, chain=head.chain,
                                         held_id=row.last_id, held_hash=row.hash, said_id=head.known_id,
                                         said_hash=head.known_hash, found_at=now, last_at=now))
            else:
                alert.reports, alert.last_at = alert.reports + 1, now
            mismatches.append(head.chain)
            continue
        row.last_id, row.hash, row.entries, row.updated_at = head.last_id, head.hash, head.entries, now
    device.last_seen_at = now
    session.flush()
    return wire.ChainAnswer(held=[wire.ChainHeld(chain=r.chain, last_id=r.last_id, hash=r.hash)
                                  for r in sorted(held.values(), key=lambda r: r.chain)],
                            mismatches=sorted(set(mismatches)))


def clear(session: Session, device_uuid: str) -> int:
    """The city has looked into a device's alerts: its chains start again from its next report; how many alerts
    were cleared."""
    device = session.scalar(select(Device).where(Device.uuid == device_uuid))
    if device is None:
        return 0
    session.execute(delete(ChainHeadRow).where(ChainHeadRow.device_id == device.id))
    cleared = session.execute(delete(HistoryAlert).where(HistoryAlert.device_id == device.id))
    return int(cleared.rowcount or 0)  # type: ignore[attr-defined]
