"""Attachment files: content-addressed, uploaded in chunks that resume where the hub stopped.

A blob is named by its SHA-256 and held as chunks keyed by offset. A chunk is taken only at the offset the hub
has reached, so a repeated or out-of-order chunk cannot corrupt the file; the last chunk triggers the hash
check, and a file that does not hash to its name is discarded whole. Any enrolled device may upload: the
content decides the name, so stations share identical files.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cityhub.db import Blob, BlobChunk
from cityhub.errors import HashMismatch, HubError, TooLarge
from desktop.sync import wire

MAX_BLOB_BYTES = 200 * 1024 * 1024
_SHA256 = re.compile(wire.SHA256)


def _check_name(sha256: str) -> None:
    if not _SHA256.match(sha256):
        raise HubError(f"{sha256[:80]!r} is not a SHA-256 (64 lower-case hex digits)", code="sha256")


def _state(sha256: str, blob: Blob | None) -> wire.BlobState:
    if blob is None:
        return wire.BlobState(sha256=sha256, received=0, complete=False)
    return wire.BlobState(sha256=sha256, received=blob.received, complete=blob.complete)


def query(session: Session, hashes: list[str]) -> wire.BlobStates:
    """How much of each file the hub holds, in the order asked."""
    for sha256 in hashes:
        _check_name(sha256)
    held = {b.sha256: b for b in session.scalars(select(Blob).where(Blob.sha256.in_(set(hashes))))} if hashes else {}
    return wire.BlobStates(blobs=[_state(sha256, held.get(sha256)) for sha256 in hashes])


def _locked_blob(session: Session, sha256: str, size: int, station_id: int) -> Blob:
    """The blob's row, locked for this upload, created on its first chunk (a concurrent first chunk wins the
    insert race and this one then waits for and finds its row)."""
    statement = select(Blob).where(Blob.sha256 == sha256).with_for_update().execution_options(
        populate_existing=True)
    blob = session.scalars(statement).one_or_none()
    if blob is not None:
        return blob
    savepoint = session.begin_nested()
    try:
        session.add(Blob(sha256=sha256, size=size, received=0, complete=False, station_id=station_id))
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
    return session.scalars(statement).one()


def _verify(session: Session, blob: Blob) -> None:
    """Hash the chunks in order; complete the blob, or discard it and raise ``HashMismatch``."""
    digest = hashlib.sha256()
    chunks = session.scalars(select(BlobChunk.data).where(BlobChunk.sha256 == blob.sha256)
                             .order_by(BlobChunk.offset).execution_options(yield_per=16))
    for data in chunks:
        digest.update(data)
    if digest.hexdigest() == blob.sha256:
        blob.complete = True
        return
    session.execute(delete(BlobChunk).where(BlobChunk.sha256 == blob.sha256))
    session.delete(blob)
    session.flush()
    raise HashMismatch(f"the {blob.size} bytes received hash to {digest.hexdigest()}, not {blob.sha256}; the upload "
                       "was discarded")


def put_chunk(session: Session, station_id: int, sha256: str, offset: int, size: int, data: bytes) -> wire.BlobState:
    """Append ``data`` at ``offset`` to the file ``sha256`` of ``size`` bytes; a complete file is left as it is.

    Refusals: ``offset`` other than what the hub holds (409 ``offset``, with ``received``), a chunk or file too
    large (413), a size that contradicts the upload in progress (409 ``size``), a hash mismatch (422)."""
    _check_name(sha256)
    if size < 0 or offset < 0:
        raise HubError("offset and size cannot be negative", code="size")
    if size > MAX_BLOB_BYTES:
        raise TooLarge(f"a file may have at most {MAX_BLOB_BYTES} bytes, not {size}")
    if len(data) > wire.CHUNK_BYTES:
        raise TooLarge(f"a chunk may have at most {wire.CHUNK_BYTES} bytes, not {len(data)}")
    blob = _locked_blob(session, sha256, size, station_id)
    if blob.complete:
        return _state(sha256, blob)
    if blob.size != size:
        if blob.received:
            raise HubError(f"the upload in progress has size {blob.size}, not {size}", code="size", status=409)
        blob.size = size
    if offset != blob.received:
        raise HubError(f"the hub holds {blob.received} bytes of this file: send from offset {blob.received}",
                       code="offset", status=409, extra={"received": blob.received})
    if offset + len(data) > size:
        raise HubError(f"the chunk ends at {offset + len(data)}, past the file's size {size}", code="size")
    if data:
        session.add(BlobChunk(sha256=sha256, offset=offset, data=data))
        blob.received += len(data)
    if blob.received == size:
        session.flush()
        _verify(session, blob)
    return _state(sha256, blob)
