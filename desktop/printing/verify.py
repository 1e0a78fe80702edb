"""Does this PDF match the archived record? (``quality-station verify`` and the app's 核验.)

The record's identity and content hash are read from the PDF (its keywords, else its printed identity
lines), looked up in the station's database, and the PDF's text is compared with the text of the archived
record. The answer is one of:

- ``match``: the identity and hash are the archived record's and the text is the same (later amendments,
  which correct the record without changing it, are named);
- ``altered``: the record is known but the PDF's hash or text differs from the archive (or the archive's own
  record no longer matches its hash);
- ``unknown``: not one of this station's signed records (or not a readable PDF).

Text is compared inside the page body only (the running header and "第 x 页 共 y 页" depend on where pages
break, which depends on the font of the computer that printed it) and with all white space removed.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from desktop.models.core.db import Database
from desktop.models.core.validators import Msg
from desktop.models.visits.records import (
    DocumentInfo,
    SealedRecord,
    VisitSummary,
    archived_document,
    record_content,
    sealed_record,
)
from desktop.printing.archive import intact_copy
from desktop.printing.complaint_letters import CODE_PREFIX as LETTER_PREFIX
from desktop.printing.layout import BODY_BOX, when
from desktop.printing.visit_record import KEYWORD_PREFIX, build_visit_record, parse_qr_payload

MATCH, ALTERED, UNKNOWN = "match", "altered", "unknown"
# The largest file a 现场服务记录 PDF can be, with a wide margin. Its text is bounded by the visit's limits (three
# texts of 4,000 characters, 30 follow-ups of 500, names and places: under 40,000 characters, well under 2 MB of
# page content); its two signatures are the pad's 600 x 200 grey images (120 kB each uncompressed); its font is a
# subset of one CJK TrueType font, never larger than the whole font file (under 25 MB for every font the station
# embeds: Microsoft YaHei, SimSun, WenQuanYi, AR PL UMing). A larger file is refused before it is read.
MAX_RECORD_PDF_BYTES = 32 * 1024 * 1024
_KEYWORDS_RE = re.compile(rf"{KEYWORD_PREFIX} uuid=([0-9a-f-]{{36}}) sha256=([0-9a-f]{{64}})?")
_PRINTED_UUID_RE = re.compile(r"记录标识：([0-9a-f-]{36})")
_PRINTED_HASH_RE = re.compile(r"内容哈希（SHA-256）：([0-9a-f]{64})")
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Verdict:
    outcome: str  # match | altered | unknown
    uuid: str | None = None
    request_number: str = ""
    content_hash: str | None = None
    reasons: tuple[str, ...] = ()  # English messages (Msg), translated where they are shown
    amendments: tuple[VisitSummary, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.outcome == MATCH


@dataclass(frozen=True)
class PdfFacts:
    uuid: str | None
    content_hash: str | None
    body: str  # the page bodies' text, white space removed


def _normal(text: str) -> str:
    return _SPACE_RE.sub("", text)


def read_pdf(data: bytes) -> PdfFacts:
    """The identity, hash and body text of a PDF (raises ``pdfium.PdfiumError`` when it is not one)."""
    pdf = pdfium.PdfDocument(data)
    try:
        keywords = pdf.get_metadata_dict().get("Keywords", "")
        bodies, whole = [], []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            bodies.append(textpage.get_text_bounded(*BODY_BOX))
            whole.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    found = _KEYWORDS_RE.search(keywords)
    if found:
        return PdfFacts(found.group(1), found.group(2), _normal("".join(bodies)))
    text = _normal("".join(whole))
    uuid_match, hash_match = _PRINTED_UUID_RE.search(text), _PRINTED_HASH_RE.search(text)
    return PdfFacts(uuid_match.group(1) if uuid_match else None, hash_match.group(1) if hash_match else None,
                    _normal("".join(bodies)))


def _expected_body(db: Database, data_dir: Path, record: SealedRecord, doc: DocumentInfo | None) -> str:
    """The body text of the archived record: from its intact archive copy, else built anew from the sealed
    form (the same text whatever font this computer has)."""
    path = intact_copy(data_dir, doc)
    if path is not None:
        return read_pdf(path.read_bytes()).body
    out = io.BytesIO()
    build_visit_record(record_content(db, record.id), out)
    return read_pdf(out.getvalue()).body


def _first_difference(a: str, b: str) -> str:
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return a[max(0, i - 10):i + 20]


def _amendment_notes(record: SealedRecord) -> tuple[str, ...]:
    return tuple(Msg("A later amendment exists: {uuid}, signed {at}.", uuid=a.uuid, at=when(a.locked_at))
                 for a in record.later_amendments)


def _check_known(db: Database, uuid: str | None, claimed_hash: str | None) -> Verdict | SealedRecord:
    if uuid is None:
        return Verdict(UNKNOWN, reasons=(Msg("The PDF does not carry the identity of a Quality Station record."),))
    record = sealed_record(db, uuid)
    if record is None:
        return Verdict(UNKNOWN, uuid, reasons=(Msg("No record with this identity is in this station's archive."),))
    if record.status == "draft" or record.content_hash is None:
        return Verdict(UNKNOWN, uuid, record.request_number,
                       reasons=(Msg("This record has not been signed yet: there is nothing to compare with."),))
    if record.recomputed_hash != record.content_hash:
        return _verdict(ALTERED, record, Msg("The archived record no longer matches its own hash: the "
                                             "station's database was changed outside the app."))
    if claimed_hash != record.content_hash:
        return _verdict(ALTERED, record, Msg("The content hash in the PDF differs from the archived record's."))
    return record


def _verdict(outcome: str, record: SealedRecord, *reasons: str) -> Verdict:
    return Verdict(outcome, record.uuid, record.request_number, record.content_hash, reasons,
                   record.later_amendments)


def verify_pdf(db: Database, data_dir: Path, pdf_path: Path) -> Verdict:
    """Compare a PDF of a 现场服务记录 with this station's archive."""
    try:
        size = pdf_path.stat().st_size
        if size <= MAX_RECORD_PDF_BYTES:
            with pdf_path.open("rb") as f:  # at most one byte more than a record can be, should it grow meanwhile
                data = f.read(MAX_RECORD_PDF_BYTES + 1)
            size = len(data)
        if size > MAX_RECORD_PDF_BYTES:
            return Verdict(UNKNOWN, reasons=(Msg(
                "The file is {size} MB, larger than any Quality Station record can be ({limit} MB): it is not one.",
                size=f"{size / 2**20:,.0f}", limit=MAX_RECORD_PDF_BYTES // 2**20),))
        facts = read_pdf(data)
    except (OSError, pdfium.PdfiumError):
        return Verdict(UNKNOWN, reasons=(Msg("The file is not a readable PDF."),))
    checked = _check_known(db, facts.uuid, facts.content_hash)
    if isinstance(checked, Verdict):
        return checked
    record = checked
    doc = archived_document(db, record.id)
    identical = doc is not None and hashlib.sha256(data).hexdigest() == doc.sha256
    if not identical:
        expected = _expected_body(db, data_dir, record, doc)
        if facts.body != expected:
            return _verdict(ALTERED, record, Msg("The PDF's text differs from the archived record, first near: "
                                                 "{text}", text=_first_difference(facts.body, expected)))
    return _verdict(MATCH, record, Msg("The PDF matches the archived record."), *_amendment_notes(record))


def verify_code(db: Database, code: str, viewer_id: int | None = None) -> Verdict:
    """A paper copy: the QR code's text (scanned, or typed from the identity lines) checked against the
    archive. The paper's text itself can only be compared by eye with the archived PDF. A complaint letter's code
    (投诉受理回执, 投诉处理结果告知书) is checked against the complaint as ``viewer_id`` may read it."""
    if code.strip().startswith(LETTER_PREFIX + "|") and viewer_id is not None:
        return _verify_letter(db, code, viewer_id)
    parsed = parse_qr_payload(code)
    if parsed is None:
        return Verdict(UNKNOWN, reasons=(Msg("This is not the code of a Quality Station record."),))
    checked = _check_known(db, *parsed)
    if isinstance(checked, Verdict):
        return checked
    return _verdict(MATCH, checked, Msg("The code matches the archived record: compare the paper with the "
                                        "archived PDF."), *_amendment_notes(checked))


def _verify_letter(db: Database, code: str, viewer_id: int) -> Verdict:
    from desktop.models.complaints.complaint_detail import find_by_uuid
    from desktop.printing.complaint_letters import check_code

    def find(uuid: str) -> object:  # letters name the complainant: checked by who may see them (desk staff)
        detail = find_by_uuid(db, viewer_id, uuid)
        return detail if detail is not None and detail.contacts_shown else None

    checked = check_code(code, find)
    if checked.outcome == "ok":
        return Verdict(MATCH, request_number=checked.number, reasons=(
            Msg("The code matches the complaint's records: the letter says what the station holds."),))
    if checked.outcome == "changed":
        return Verdict(ALTERED, request_number=checked.number, reasons=(
            Msg("The complaint's records give this letter another content: the paper is not what was issued."),))
    return Verdict(UNKNOWN, reasons=(Msg("No complaint of this station has this code."),))
