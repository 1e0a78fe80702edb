"""Attachment files: content-addressed, uploaded in chunks that resume where the hub stopped.

A file is named by its SHA-256. Each device uploads into an upload of its own (``BlobUpload``), chunk by chunk: a
chunk is taken only at the offset that upload has reached, so a repeated or out-of-order chunk cannot corrupt
it, and no other device can append to it, change its size or discard it. The last chunk triggers the hash check:
a file that hashes to its name becomes the hub's finished ``Blob``, shared by every station and never changed
again; one that does not discards that device's upload alone. The content decides the name, so stations share
identical files, and a device can learn whether the hub holds a file with a given hash, never its content.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from sqlalchemy import ColumnElement, and_, delete, insert, literal, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cityhub.db import Blob, BlobChunk, BlobUpload, BlobUploadChunk, Device, utcnow
from cityhub.errors import HashMismatch, HubError, TooLarge
from desktop.sync import wire

MAX_BLOB_BYTES = 200 * 1024 * 1024
_SHA256 = re.compile(wire.SHA256)


def _check_name(sha256: str) -> None:
    if not _SHA256.match(sha256):
        raise HubError(f"{sha256[:80]!r} is not a SHA-256 (64 lower-case hex digits)", code="sha256")


def _finished(session: Session, sha256: str) -> Blob | None:
    return session.scalars(select(Blob).where(Blob.sha256 == sha256, Blob.complete.is_(True))).one_or_none()


def _done(blob: Blob) -> wire.BlobState:
    return wire.BlobState(sha256=blob.sha256, received=blob.size, complete=True)


def query(session: Session, device: Device, hashes: list[str]) -> wire.BlobStates:
    """How much of each file the hub holds for ``device``, in the order asked: a finished file is complete for
    everyone; otherwise ``received`` is what the device's own upload has reached."""
    for sha256 in hashes:
        _check_name(sha256)
    wanted = set(hashes)
    finished = {b.sha256: b for b in session.scalars(
        select(Blob).where(Blob.sha256.in_(wanted), Blob.complete.is_(True)))} if wanted else {}
    own = {sha256: received for sha256, received in session.execute(select(BlobUpload.sha256, BlobUpload.received)
           .where(BlobUpload.device_id == device.id, BlobUpload.sha256.in_(wanted)))} if wanted else {}
    return wire.BlobStates(blobs=[
        _done(finished[sha256]) if sha256 in finished
        else wire.BlobState(sha256=sha256, received=own.get(sha256, 0), complete=False) for sha256 in hashes])


def _locked_upload(session: Session, device: Device, sha256: str, size: int) -> BlobUpload:
    """The device's upload of ``sha256``, locked, created on its first chunk (a concurrent first chunk of the
    same device wins the insert race and this one then waits for and finds its row)."""
    statement = select(BlobUpload).where(BlobUpload.device_id == device.id, BlobUpload.sha256 == sha256) \
        .with_for_update().execution_options(populate_existing=True)
    upload = session.scalars(statement).one_or_none()
    if upload is not None:
        return upload
    savepoint = session.begin_nested()
    try:
        session.add(BlobUpload(device_id=device.id, sha256=sha256, size=size, received=0, started_at=utcnow()))
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
    return session.scalars(statement).one()


def _own_chunks(upload: BlobUpload) -> ColumnElement[bool]:
    return and_(BlobUploadChunk.device_id == upload.device_id, BlobUploadChunk.sha256 == upload.sha256)


def _discard(session: Session, upload: BlobUpload) -> None:
    session.execute(delete(BlobUploadChunk).where(_own_chunks(upload)))
    session.delete(upload)
    session.flush()


def _keep(session: Session, device: Device, sha256: str, size: int, store_chunks: Callable[[], object]) -> None:
    """Make the file ``sha256`` the hub's finished one (``store_chunks`` writes its bytes), unless another device
    finished the same file first: then that one stands (the same bytes, already held)."""
    savepoint = session.begin_nested()
    try:
        session.add(Blob(sha256=sha256, size=size, received=size, complete=True, station_id=device.station_id,
                         created_at=utcnow()))
        session.flush()
        store_chunks()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()


def _whole_file(session: Session, device: Device, sha256: str, size: int, data: bytes) -> wire.BlobState:
    """A file sent whole in one chunk, with no upload of this device in progress: checked and kept at once,
    without the upload rows a file of several chunks goes through."""
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise HashMismatch(f"the {size} bytes received hash to {digest}, not {sha256}; this upload was discarded")
    chunk = insert(BlobChunk).values(sha256=sha256, offset=0, data=data)
    _keep(session, device, sha256, size, lambda: session.execute(chunk) if data else None)
    return wire.BlobState(sha256=sha256, received=size, complete=True)


def _finish(session: Session, device: Device, upload: BlobUpload) -> wire.BlobState:
    """Hash the upload's chunks in order. A match makes them the hub's finished file (unless another device
    finished the same file first: then that one stands); a mismatch discards this upload and raises
    ``HashMismatch``."""
    digest = hashlib.sha256()
    chunks = session.scalars(select(BlobUploadChunk.data).where(_own_chunks(upload))
                             .order_by(BlobUploadChunk.offset).execution_options(yield_per=16))
    for data in chunks:
        digest.update(data)
    if digest.hexdigest() != upload.sha256:
        size, sha256 = upload.size, upload.sha256
        _discard(session, upload)
        raise HashMismatch(f"the {size} bytes received hash to {digest.hexdigest()}, not {sha256}; this "
                           "upload was discarded")
    move = insert(BlobChunk).from_select(["sha256", "offset", "data"], select(
        literal(upload.sha256), BlobUploadChunk.offset, BlobUploadChunk.data).where(_own_chunks(upload)))
    _keep(session, device, upload.sha256, upload.size, lambda: session.execute(move))
    state = wire.BlobState(sha256=upload.sha256, received=upload.size, complete=True)
    _discard(session, upload)
    return state


def put_chunk(session: Session, device: Device, sha256: str, offset: int, size: int,
              data: bytes) -> wire.BlobState:
    """Append ``data`` at ``offset`` to ``device``'s upload of the file ``sha256`` of ``size`` bytes; a finished
    file is left as it is (and the device's upload of it, if any, dropped).

    Refusals: ``offset`` other than what the device's upload holds (409 ``offset``, with ``received``), a chunk
    or file too large (413), a size that contradicts the device's upload in progress (409 ``size``), a hash
    mismatch (422, the device's upload discarded)."""
    _check_name(sha256)
    if size < 0 or offset < 0:
        raise HubError("offset and size cannot be negative", code="size")
    if size > MAX_BLOB_BYTES:
        raise TooLarge(f"a file may have at most {MAX_BLOB_BYTES} bytes, not {size}")
    if len(data) > wire.CHUNK_BYTES:
        raise TooLarge(f"a chunk may have at most {wire.CHUNK_BYTES} bytes, not {len(data)}")
    blob = _finished(session, sha256)
    if blob is not None:
        session.execute(delete(BlobUploadChunk).where(BlobUploadChunk.device_id == device.id,
                                                      BlobUploadChunk.sha256 == sha256))
        session.execute(delete(BlobUpload).where(BlobUpload.device_id == device.id, BlobUpload.sha256 == sha256))
        return _done(blob)
    if offset == 0 and len(data) == size and session.scalar(
            select(BlobUpload.received).where(BlobUpload.device_id == device.id, BlobUpload.sha256 == sha256)) is None:
        return _whole_file(session, device, sha256, size, data)
    upload = _locked_upload(session, device, sha256, size)
    if upload.size != size:
        if upload.received:
            raise HubError(f"this device's upload in progress has size {upload.size}, not {size}", code="size",
                           status=409)
        upload.size = size
    if offset != upload.received:
        raise HubError(f"the hub holds {upload.received} bytes of this device's upload of this file: send from "
                       f"offset {upload.received}", code="offset", status=409, extra={"received": upload.received})
    if offset + len(data) > size:
        raise HubError(f"the chunk ends at {offset + len(data)}, past the file's size {size}", code="size")
    if data:
        session.add(BlobUploadChunk(device_id=device.id, sha256=sha256, offset=offset, data=data))
        upload.received += len(data)
    if upload.received == size:
        session.flush()
        return _finish(session, device, upload)
    return wire.BlobState(sha256=sha256, received=upload.received, complete=False)
