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
import io
import json
import unicodedata
import zipfile
import zlib
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
from desktop.models.core.validators import Msg, clean_text
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


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# what may change after archiving without the record changing: the client's and the station's details as the
# registry holds them now, and who reads (a complainant's name is shown to clerks and admins only)
LIVE = {"": ("client", "client_uscc", "title"), "request": ("client_name", "client_uscc"),
        "complaints": ("complainant", "complainant_name", "complainant_phone", "client_id", "station_name",
                       "station_code", "complaint_phone", "complaint_email", "contacts_shown"),
        "rectifications": ("client",)}


def core_json(record: bytes) -> bytes:
    """A ``record_json`` without what may change after archiving (``LIVE``): what verify compares."""
    data = json.loads(record)
    if not isinstance(data, dict):
        return b""
    for key in LIVE[""]:
        data.pop(key, None)
    if isinstance(data.get("request"), dict):  # (a hostile record.json may hold anything: it then differs)
        for key in LIVE["request"]:
            data["request"].pop(key, None)
    for part in ("complaints", "rectifications"):
        for item in data.get(part) or []:
            for key in LIVE[part]:
                if isinstance(item, dict):
                    item.pop(key, None)
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode()


def record_json(f: ArchiveFile) -> bytes:
    """The file's data as canonical JSON (sorted keys, UTF-8): the same records give the same bytes."""
    data = _plain(asdict(f))
    data.pop("visit_documents", None)
    for complaint in data.get("complaints", []):
        complaint.pop("actions", None)  # what the reader may do now: not part of the record
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode()


def _safe_name(name: str) -> str:
    """A file name any system can unpack: no path characters, no control or direction-changing characters (U+202E
    would show "txt.exe" as "exe.txt"), at most 150 bytes of UTF-8."""
    cleaned = "".join(c for c in clean_text(name, multiline=False) if unicodedata.category(c) != "Cf")
    for bad in '/\\:*?"<>|':
        cleaned = cleaned.replace(bad, "_")
    cleaned = cleaned.strip(" .") or "file"
    while len(cleaned.encode()) > 150:
        cleaned = cleaned[:-1]
    return cleaned


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
    missing: list[str] = []  # attachments not on this computer (or no longer what was attached)
    with written_beside(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        writer = _Writer(zf)
        for n, (kind, record_id) in enumerate(refs):
            if progress is not None:
                progress(n, len(refs))
            try:
                f = archive_file(db, viewer_id, kind, record_id)
            except (NotFound, Refused):
                continue  # not the viewer's to read, or not archived (any more)
            folder = _safe_name(f.number)
            body = record_json(f)
            writer.add(f"{folder}/{RECORD_JSON}", body)
            records.append({"kind": f.kind, "uuid": f.uuid, "number": f.number, "folder": folder,
                            "record_sha256": _sha(body)})
            numbers.append(f.number)
            pdf_path = tmp.with_name(tmp.name + ".pdf")
            try:
                build_archive_file(db, data_dir, f, station, produced, pdf_path)
                writer.add(f"{folder}/{FILE_PDF}", pdf_path.read_bytes())
            finally:
                pdf_path.unlink(missing_ok=True)
            for i, doc in enumerate((d for d in f.documents if d.kind == DocumentKind.ATTACHMENT), start=1):
                name = f"{folder}/附件/{i:02d}_{_safe_name(doc.title.removeprefix('附件：'))}"
                try:
                    stored = checked_copy(data_dir / ATTACHMENTS, doc.sha256)
                except NotFound:  # missing or changed on this computer: named in the manifest, the rest goes on
                    missing.append(name)
                    continue
                writer.add_file(name, stored, doc.sha256, doc.size)
        manifest = {
            "format": FORMAT,
            "station": {"code": station.code, "name": station.name, "uuid": station.uuid} if station else {},
            "made_by": produced.by, "made_by_id": viewer_id, "made_at": produced.at.isoformat(),
            "records": records, "files": writer.files, "missing": missing,
        }
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1))
    if progress is not None:
        progress(len(refs), len(refs))
    access_log.note(db, viewer_id, AccessAction.EXPORT, AccessDocument.ARCHIVE_BUNDLE,
                    f"{path.name}: {'、'.join(numbers[:20])}{' …' if len(numbers) > 20 else ''}", len(records))
    return len(records)


# ---- verifying -------------------------------------------------------------------------------------------------

MAX_MEMBERS = 100_000
MAX_RATIO = 200  # a member that inflates more than this (and past 10 MB) is a zip bomb, not an archive file
MAX_SHOWN = 200  # problems listed; the rest counted
NOT_OURS = "not this station's bundle"
UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, RuntimeError, NotImplementedError,
              EOFError, zlib.error, UnicodeError, RecursionError)  # what a damaged or hostile zip raises


@dataclass(frozen=True)
class BundleVerdict:
    outcome: str  # "match" | "altered" | "unknown" (not a bundle, unsafe, or not this station's)
    records: int
    problems: tuple[str, ...]  # one Msg per finding (English; translated where shown)


def _sha_of_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    digest = hashlib.sha256()
    with zf.open(info) as member:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _read_manifest(zf: zipfile.ZipFile) -> dict[str, Any] | None:
    try:
        info = zf.getinfo(MANIFEST)
        if info.file_size > MAX_MANIFEST:
            return None
        manifest = json.loads(zf.read(info))
    except (KeyError, *UNREADABLE):
        return None
    ok = (isinstance(manifest, dict) and manifest.get("format") == FORMAT and isinstance(manifest.get("files"), dict)
          and isinstance(manifest.get("records"), list))
    return manifest if ok else None


def _unsafe(infos: list[zipfile.ZipInfo]) -> str:  # a Msg, or ""
    """Why the zip is not one to read (""): too many members, unsafe or repeated names, a bomb."""
    if len(infos) > MAX_MEMBERS:
        return Msg("the zip has more than {count} members", count=MAX_MEMBERS)
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ":" in parts[0] or ".." in parts or "\\" in name:
            return Msg("unsafe name in the zip: {name}", name=repr(name))
        if name in seen:
            return Msg("a name occurs twice in the zip: {name}", name=repr(name))
        seen.add(name)
        if info.is_dir() and info.file_size:
            return Msg("a folder entry holds data: {name}", name=repr(name))
        if info.file_size > 10_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return Msg("a member inflates {ratio} times: {name}", ratio=info.file_size // max(info.compress_size, 1),
                       name=repr(name))
    return ""


def verify_bundle(db: Database | None, path: Path, viewer_id: int | None = None,
                  data_dir: Path | None = None) -> BundleVerdict:
    """Check the zip ``path`` against its manifest and, given the station's database (and its folder, to make the
    files' PDFs again), its records, files and PDFs against the station's."""
    try:
        with zipfile.ZipFile(path) as zf:
            return _verify(zf, db, viewer_id, data_dir)
    except UNREADABLE as exc:
        return BundleVerdict("unknown", 0, (Msg("The file is not a readable zip archive ({error}).",
                                                 error=type(exc).__name__),))


def _verify(zf: zipfile.ZipFile, db: Database | None, viewer_id: int | None, data_dir: Path | None
            ) -> BundleVerdict:
    infos = zf.infolist()
    refused = _unsafe(infos)
    if refused:
        return BundleVerdict("unknown", 0, (Msg("Refused: {why}.", why=refused),))
    manifest = _read_manifest(zf)
    if manifest is None:
        return BundleVerdict("unknown", 0, (Msg("The zip has no archive manifest."),))
    problems: list[str] = []
    members = {i.filename: i for i in infos if not i.is_dir()}
    listed: dict[str, Any] = manifest["files"]
    hashes: dict[str, str] = {}
    for name, facts in listed.items():
        info = members.get(name)
        if info is None:
            problems.append(Msg("missing: {name}", name=name))
            continue
        try:
            hashes[name] = _sha_of_member(zf, info)
        except UNREADABLE:  # a damaged member (its CRC fails), an unknown compression, an encrypted one
            problems.append(Msg("cannot be read: {name}", name=name))
            continue
        if not isinstance(facts, dict) or info.file_size != facts.get("size") or hashes[name] != facts.get("sha256"):
            problems.append(Msg("changed: {name}", name=name))
    problems += [Msg("not in the manifest: {name}", name=name) for name in members
                 if name != MANIFEST and name not in listed]
    records = [r for r in manifest["records"] if isinstance(r, dict)]
    for r in records:
        body_name = f"{r.get('folder')}/{RECORD_JSON}"
        if hashes.get(body_name) != r.get("record_sha256"):
            problems.append(Msg("changed: {name}", name=body_name))
    if db is not None and viewer_id is not None and not problems:
        problems += _against_station(zf, db, viewer_id, data_dir, manifest, records, hashes)
    if len(problems) > MAX_SHOWN:
        problems = [*problems[:MAX_SHOWN], Msg("… and {count} more", count=len(problems) - MAX_SHOWN)]
    if any(isinstance(p, Msg) and p.template.startswith(NOT_OURS) for p in problems):
        return BundleVerdict("unknown", len(records), tuple(problems))
    return BundleVerdict("altered" if problems else "match", len(records), tuple(problems))


def _pdf_text(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _against_station(zf: zipfile.ZipFile, db: Database, viewer_id: int, data_dir: Path | None,
                     manifest: dict[str, Any], records: list[dict[str, Any]], hashes: dict[str, str]) -> list[str]:
    from desktop.models.archives.record_file import find_record

    station = get_station(db)
    said = manifest.get("station")
    if station is None or not isinstance(said, dict) or said.get("uuid") != station.uuid:
        return [Msg("not this station's bundle: its records cannot be compared here")]
    maker = manifest.get("made_by_id")
    reader = maker if isinstance(maker, int) and _active(db, maker) else viewer_id
    problems: list[str] = []
    for r in records:
        found = find_record(db, reader, str(r.get("kind")), str(r.get("uuid")))
        if found is None:
            problems.append(Msg("unknown record: {number}", number=str(r.get("number"))))
            continue
        folder = str(r.get("folder"))
        try:
            theirs = core_json(zf.read(f"{folder}/{RECORD_JSON}"))
        except (*UNREADABLE, AttributeError, TypeError):
            theirs = b""
        if core_json(record_json(found)) != theirs:
            problems.append(Msg("differs from the station's records: {number}", number=str(r.get("number"))))
            continue
        files = [d for d in found.documents if d.kind == DocumentKind.ATTACHMENT]
        for i, doc in enumerate(files, start=1):
            name = next((n for n in hashes if n.startswith(f"{folder}/附件/{i:02d}_")), None)
            if name is not None and hashes[name] != doc.sha256:
                problems.append(Msg("not the station's attachment: {name}", name=name))
        pdf_name = f"{folder}/{FILE_PDF}"
        if data_dir is not None and pdf_name in hashes and _sha(record_json(found)) == r.get("record_sha256"):
            # the same record, as the station holds it now, printed again by the same person at the same time:
            # the same text on every page
            out = io.BytesIO()
            made = Produced(str(manifest.get("made_by", "")), datetime.fromisoformat(str(manifest.get("made_at"))))
            build_archive_file(db, data_dir, found, station, made, out)
            try:
                same = _pdf_text(out.getvalue()) == _pdf_text(zf.read(pdf_name))
            except Exception:
                same = False
            if not same:
                problems.append(Msg("not the station's file: {name}", name=pdf_name))
    return problems


def _active(db: Database, staff_id: int) -> bool:
    from desktop.models.accounts.tables import Staff

    with db.read() as s:
        row = s.get(Staff, staff_id)
        return row is not None and row.active
