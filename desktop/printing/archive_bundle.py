"""Archived records exported as one zip (档案导出包) and checked again (``quality-station verify BUNDLE.zip``).

For each record a folder ``<number>/`` holds ``案卷.pdf`` (the file as printed: cover, contents, documents),
``record.json`` (the file's data: the request or complaint, timeline, referrals, visits, evaluations, complaints,
rectifications, the list of documents) and ``附件/`` (the attachments, by their names). ``manifest.json`` names the
station, who made the bundle and when, each record (kind, UUID, number, the SHA-256 of its ``record.json``) and
the SHA-256 and size of every other file in the zip.

Verifying reads the zip without unpacking it: every file listed must be there with its hash, nothing may be
there that is not listed, and, on the station that made it, each record's ``record.json`` must be what the
station's records say now (so an edited record, or a bundle of another station, is named). A zip that is not
a bundle, or is hostile (absolute or ``..`` paths, huge members), is refused with a message, never unpacked.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.models.archives.record_file import ArchiveFile, DocumentKind, archive_file
from desktop.models.core.db import Database
from desktop.models.core.errors import NotFound, Refused
from desktop.models.core.spreadsheets import written_beside
from desktop.models.core.station import get_station
from desktop.models.core.validators import clean_text
from desktop.models.requests.attachments import checked_copy
from desktop.paths import ATTACHMENTS
from desktop.printing.archive_file import Produced, build_archive_file

FORMAT = "quality-station-archive-bundle/1"
MANIFEST = "manifest.json"
FILE_PDF = "案卷.pdf"
RECORD_JSON = "record.json"
MAX_MANIFEST = 20_000_000  # bytes: a manifest larger than this is not one of ours
CHUNK = 1 << 20


class Cancelled(Exception):
    """The export was cancelled: ``written_beside`` leaves no file."""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def record_json(f: ArchiveFile) -> bytes:
    """The file's data as canonical JSON (sorted keys, UTF-8): the same records give the same bytes."""
    data = _plain(asdict(f))
    data.pop("visit_documents", None)
    for complaint in data.get("complaints", []):
        complaint.pop("actions", None)  # what the reader may do now: not part of the record
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode()


def _safe_name(name: str) -> str:
    cleaned = clean_text(name, multiline=False)
    for bad in '/\\:*?"<>|':
        cleaned = cleaned.replace(bad, "_")
    cleaned = cleaned.strip(" .") or "file"
    return cleaned[:120]


@dataclass
class _Writer:
    zf: zipfile.ZipFile
    files: dict[str, dict[str, object]] = field(default_factory=dict)

    def add(self, name: str, data: bytes) -> None:
        self.zf.writestr(name, data)
        self.files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def add_file(self, name: str, path: Path, sha256: str, size: int) -> None:
        self.zf.write(path, name)
        self.files[name] = {"sha256": sha256, "size": size}


def export_bundle(db: Database, data_dir: Path, viewer_id: int, refs: Sequence[tuple[str, int]], path: Path,
                  produced: Produced, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the records ``refs`` ((kind, id) each) that the viewer may read into the zip ``path``; how many were
    written. The export is logged (access log)."""
    from desktop.models.archives import access_log
    from desktop.models.archives.tables import AccessAction, AccessDocument

    if path.suffix.lower() != ".zip":
        raise Refused("Choose a .zip file.")
    station = get_station(db)
    records: list[dict[str, object]] = []
    numbers: list[str] = []
    with written_beside(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        writer = _Writer(zf)
        for n, (kind, record_id) in enumerate(refs):
            if progress is not None:
                progress(n, len(refs))
            try:
                f = archive_file(db, viewer_id, kind, record_id)
            except NotFound:
                continue  # not the viewer's to read
            folder = _safe_name(f.number)
            body = record_json(f)
            writer.add(f"{folder}/{RECORD_JSON}", body)
            records.append({"kind": f.kind, "uuid": f.uuid, "number": f.number, "folder": folder,
                            "record_sha256": hashlib.sha256(body).hexdigest()})
            numbers.append(f.number)
            pdf_path = tmp.with_name(tmp.name + ".pdf")
            try:
                build_archive_file(db, data_dir, f, station, produced, pdf_path)
                writer.add(f"{folder}/{FILE_PDF}", pdf_path.read_bytes())
            finally:
                pdf_path.unlink(missing_ok=True)
            for i, doc in enumerate((d for d in f.documents if d.kind == DocumentKind.ATTACHMENT), start=1):
                stored = checked_copy(data_dir / ATTACHMENTS, doc.sha256)
                name = f"{folder}/附件/{i:02d}_{_safe_name(doc.title.removeprefix('附件：'))}"
                writer.add_file(name, stored, doc.sha256, doc.size)
        manifest = {
            "format": FORMAT,
            "station": {"code": station.code, "name": station.name, "uuid": station.uuid} if station else {},
            "made_by": produced.by, "made_at": produced.at.isoformat(),
            "records": records, "files": writer.files,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1))
    if progress is not None:
        progress(len(refs), len(refs))
    access_log.note(db, viewer_id, AccessAction.EXPORT, AccessDocument.ARCHIVE_BUNDLE,
                    f"{path.name}: {'、'.join(numbers[:20])}{' …' if len(numbers) > 20 else ''}", len(records))
    return len(records)


# ---- verifying -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BundleVerdict:
    outcome: str  # "match" | "altered" | "unknown" (not a bundle, or not this station's)
    records: int
    problems: tuple[str, ...]  # English, one per finding; the CLI translates the fixed parts


def _sha_of_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with zf.open(info) as member:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_manifest(zf: zipfile.ZipFile) -> dict[str, Any] | None:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError:
        return None
    if info.file_size > MAX_MANIFEST:
        return None
    try:
        manifest = json.loads(zf.read(info))
    except (ValueError, UnicodeDecodeError):
        return None
    ok = (isinstance(manifest, dict) and manifest.get("format") == FORMAT and isinstance(manifest.get("files"), dict)
          and isinstance(manifest.get("records"), list))
    return manifest if ok else None


def verify_bundle(db: Database | None, path: Path, viewer_id: int | None = None) -> BundleVerdict:
    """Check the zip ``path`` against its manifest and, given the station's database and a reader, its records
    against the station's."""
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        return BundleVerdict("unknown", 0, ("The file is not a zip archive.",))
    problems: list[str] = []
    with zf:
        manifest = _read_manifest(zf)
        if manifest is None:
            return BundleVerdict("unknown", 0, ("The zip has no archive manifest.",))
        members = {i.filename: i for i in zf.infolist() if not i.is_dir()}
        listed: dict[str, Any] = manifest["files"]
        for name, facts in listed.items():
            info = members.get(name)
            if info is None:
                problems.append(f"missing: {name}")
            elif not isinstance(facts, dict) or info.file_size != facts.get("size"):
                problems.append(f"changed: {name}")
            else:
                try:
                    if _sha_of_member(zf, info) != facts.get("sha256"):
                        problems.append(f"changed: {name}")
                except (zipfile.BadZipFile, OSError, ValueError):  # a damaged member (its CRC fails)
                    problems.append(f"changed: {name}")
        problems += [f"not in the manifest: {name}" for name in members if name != MANIFEST and name not in listed]
        records = [r for r in manifest["records"] if isinstance(r, dict)]
        for r in records:
            body_name = f"{r.get('folder')}/{RECORD_JSON}"
            facts = listed.get(body_name)
            if not isinstance(facts, dict) or facts.get("sha256") != r.get("record_sha256"):
                problems.append(f"changed: {body_name}")
        if db is not None and viewer_id is not None and not problems:
            problems += _against_station(db, viewer_id, manifest, records)
    if any(p.startswith("not this station's") for p in problems):
        return BundleVerdict("unknown", len(records), tuple(problems))
    return BundleVerdict("altered" if problems else "match", len(records), tuple(problems))


def _against_station(db: Database, viewer_id: int, manifest: dict[str, Any], records: list[dict[str, Any]]
                     ) -> list[str]:
    from desktop.models.archives.record_file import find_record

    station = get_station(db)
    code = manifest.get("station", {}).get("uuid") if isinstance(manifest.get("station"), dict) else None
    if station is None or code != station.uuid:
        return ["not this station's bundle: its records cannot be compared here"]
    problems = []
    for r in records:
        found = find_record(db, viewer_id, str(r.get("kind")), str(r.get("uuid")))
        if found is None:
            problems.append(f"unknown record: {r.get('number')}")
        elif hashlib.sha256(record_json(found)).hexdigest() != r.get("record_sha256"):
            problems.append(f"differs from the station's records: {r.get('number')}")
    return problems
