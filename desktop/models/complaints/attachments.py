"""Files attached to a complaint (evidence, a letter's scan), stored as a request's are: copied into
``<data dir>/attachments`` under their SHA-256 (``requests.attachments``), never changed, noted on the timeline."""

from __future__ import annotations

from pathlib import Path

from desktop.models.complaints.intake import add_event, load_visible
from desktop.models.complaints.lifecycle import Step, load_for_action
from desktop.models.complaints.tables import Complaint, ComplaintAttachment
from desktop.models.core.changes import Changes
from desktop.models.core.db import Database
from desktop.models.core.errors import Invalid, NotFound
from desktop.models.requests.attachments import checked_copy, copy_hashed, display_name


def add_attachment(db: Database, actor_id: int, complaint_id: int, source: Path, attachments_dir: Path) -> Changes:
    """Attach a copy of ``source`` to the complaint (refused, before copying, when the step is not allowed)."""
    if not source.is_file():
        raise Invalid({"file": "The file cannot be read."})
    name = display_name(source)
    with db.read() as s:
        load_for_action(s, actor_id, complaint_id, Step.ATTACH)
    try:
        sha, size = copy_hashed(source, attachments_dir)
    except OSError as exc:
        raise Invalid({"file": "The file cannot be read."}) from exc
    with db.begin(actor_id) as s:
        actor, c = load_for_action(s, actor_id, complaint_id, Step.ATTACH)
        row = ComplaintAttachment(complaint_id=c.id, file_name=name, sha256=sha, size=size, added_by=actor.id)
        s.add(row)
        s.flush()
        add_event(s, c, actor.id, "attachment", text_=name, data={"sha256": sha, "size": size,
                                                                 "attachment_id": row.id})
        return Changes(Complaint, "updated", (c.id,))


def attachment_file(db: Database, viewer_id: int, attachment_id: int, attachments_dir: Path) -> tuple[Path, str]:
    """The stored copy of a complaint's attachment and its name, for someone who may see the complaint."""
    with db.read() as s:
        row = s.get(ComplaintAttachment, attachment_id)
        if row is None:
            raise NotFound("No such attachment.")
        load_visible(s, viewer_id, row.complaint_id)
        sha, name = row.sha256, row.file_name
    return checked_copy(attachments_dir, sha), name
