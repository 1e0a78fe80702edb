"""Files attached to a request: copied into ``<data dir>/attachments`` under their SHA-256, never changed.

The stored copy is named by its hash (``ab/abcdef….bin``), so the same file attached twice is stored
once and a stored file can always be checked against its record.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound
from desktop.models.core.tables import Base
from desktop.models.requests.intake import add_event
from desktop.models.requests.lifecycle import load_for_action
from desktop.models.requests.tables import RequestAttachment, ServiceRequest

MAX_BYTES = 200 * 1024 * 1024
CHUNK = 1024 * 1024


def stored_path(attachments_dir: Path, sha256: str) -> Path:
    return attachments_dir / sha256[:2] / f"{sha256}.bin"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashed(source: Path, attachments_dir: Path) -> tuple[str, int]:
    """Copy ``source`` in, hashing as it goes; the copy appears under its final name only when complete.

    A stored copy already there is kept only if it is intact: a missing or altered one is replaced by this
    good copy, so attaching the original again repairs it."""
    attachments_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=attachments_dir, suffix=".part")
    try:
        with open(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(CHUNK):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise Invalid({"file": "The file is larger than 200 MB."})
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = stored_path(attachments_dir, sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and sha256_of(target) == sha:
            os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)  # atomic, and replaces a damaged copy (also on Windows)
        return sha, size
    except BaseException:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
        raise


def display_name(source: Path) -> str:
    """The name kept for people: trimmed, at most 255 characters with the extension kept, never blank
    (the table's CHECK refuses a blank name)."""
    name = source.name.strip() or "attachment"
    if len(name) > 255:
        suffix = source.suffix.strip() if len(source.suffix.strip()) <= 16 else ""
        name = name[:255 - len(suffix)] + suffix
    return name


@dataclass
class Attached:
    """Files attached to a record one by one (off the GUI thread), and those that could not be; a request's unless
    ``entity`` says (a complaint's)."""

    request_id: int  # the record's id
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, English message)
    entity: type[Base] = ServiceRequest

    @property
    def changes(self) -> Changes:
        return Changes(self.entity, "updated", (self.request_id,))


def add_attachment(db: Database, actor_id: int, request_id: int, source: Path, attachments_dir: Path) -> Changes:
    """Attach a copy of ``source`` to the request (and note it on the timeline)."""
    if not source.is_file():
        raise Invalid({"file": "The file cannot be read."})
    name = display_name(source)
    with db.read() as s:  # refuse before copying a large file for nothing
        load_for_action(s, actor_id, request_id, "attach")
    try:
        sha, size = copy_hashed(source, attachments_dir)
    except OSError as exc:
        raise Invalid({"file": "The file cannot be read."}) from exc
    with db.begin(actor_id) as s:
        req = load_for_action(s, actor_id, request_id, "attach")
        row = RequestAttachment(request_id=req.id, file_name=name, sha256=sha, size=size, added_by=actor_id)
        s.add(row)
        s.flush()
        add_event(s, req, actor_id, "attachment", text_=name, data={"sha256": sha, "size": size,
                                                                      "attachment_id": row.id})
        return Changes(ServiceRequest, "updated", (req.id,))


def attachment_file(db: Database, attachment_id: int, attachments_dir: Path) -> tuple[Path, str]:
    """The stored copy of an attachment and its original name; refused when the copy is missing or altered."""
    with db.read() as s:
        row = s.get(RequestAttachment, attachment_id)
        if row is None:
            raise NotFound("No such attachment.")
        sha, name = row.sha256, row.file_name
    return checked_copy(attachments_dir, sha), name


def checked_copy(attachments_dir: Path, sha: str) -> Path:
    """The stored copy of the file with SHA-256 ``sha`` (a request's, a complaint's, a plan's evidence); refused
    when it is missing or no longer what was attached."""
    path = stored_path(attachments_dir, sha)
    if not path.is_file():
        raise NotFound("The attached file is missing from the data folder.")
    if sha256_of(path) != sha:
        raise NotFound("The attached file has been altered since it was attached.")
    return path
