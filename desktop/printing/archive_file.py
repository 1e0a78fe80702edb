"""An archived record's file printed as one PDF (案卷): the cover (案卷封面), the contents list (卷内目录: each
document's number, title, date and first page), then the documents themselves, each as the station prints it
(the handling record, the one-time notice, the referral slips, the signed visit records from the archive, the
complaint's letters). Attachments are listed (their hashes too) and travel in an exported bundle.

Every page carries who made this copy and when ("由 … 于 … 打印"), stamped over the documents' own margins.
The documents are built one by one and joined with PDFium; the contents list is laid out again until its page
numbers are those of the joined file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from desktop.models.archives.record_file import ArchiveFile, Document, DocumentKind
from desktop.models.core.db import Database
from desktop.models.core.station import StationInfo
from desktop.printing.archive_records import build_complaint_record, build_request_record
from desktop.printing.layout import (
    BODY_WIDTH,
    Metadata,
    Page,
    Styles,
    build,
    day,
    esc,
    grid_table,
    styles,
    when,
)
from desktop.printing.notices import facts_table
from desktop.printing.stamp import made_line, stamp

COVER_TITLE = "案卷封面"
CONTENTS_TITLE = "卷内目录"
RETENTION = "不少于 2 年"  # §7.6.3; the retention rules name the period once they are set


@dataclass(frozen=True)
class Produced:
    """Who made a printed or exported copy and when: printed on every page."""

    by: str
    at: datetime

    def line(self) -> str:
        return made_line(self.by, self.at)


def _pdf_bytes(make: object) -> bytes:
    out = io.BytesIO()
    make(out)  # type: ignore[operator]
    return out.getvalue()


def _document_pdf(db: Database, data_dir: Path, f: ArchiveFile, doc: Document, station: StationInfo | None
                  ) -> bytes | None:
    """One document of the file as the station prints it (None for an attachment: listed only)."""
    name = station.name if station else ""
    complaints = {c.id: c for c in f.complaints}
    if doc.kind == DocumentKind.REQUEST_RECORD and f.request is not None:
        d = f.request
        return _pdf_bytes(lambda out: build_request_record(f, d, name, out))
    if doc.kind == DocumentKind.NOTICE and f.request is not None:
        from desktop.models.requests import workdays
        from desktop.printing.notices import build_one_time_notice, notice_from_request

        data = notice_from_request(f.request, station, workdays.category_limits(db))
        return _pdf_bytes(lambda out: build_one_time_notice(data, out))
    if doc.kind == DocumentKind.REFERRAL and f.request is not None and doc.ref is not None:
        from desktop.models.institutions import institutions
        from desktop.printing.notices import build_referral_slip, referral_from_request

        referral = next(r for r in f.request.referrals if r.id == doc.ref)
        slip = referral_from_request(f.request, station, doc.ref,
                                     institutions.get_institution(db, referral.institution_id))
        return _pdf_bytes(lambda out: build_referral_slip(slip, out))
    if doc.kind == DocumentKind.VISIT and doc.ref is not None:
        from desktop.printing.archive import archive_signed_record

        path, _info = archive_signed_record(db, data_dir, doc.ref)  # the archived copy, made again if damaged
        return path.read_bytes()
    if doc.kind == DocumentKind.COMPLAINT_RECORD and doc.ref in complaints:
        c = complaints[doc.ref]
        return _pdf_bytes(lambda out: build_complaint_record(f, c, out, with_files=f.request is None))
    if doc.kind in (DocumentKind.RECEIPT, DocumentKind.RESULT) and doc.ref in complaints:
        from desktop.printing.complaint_letters import build_for_complaint

        c = complaints[doc.ref]
        return _pdf_bytes(lambda out: build_for_complaint(c, station, str(doc.kind), out))
    return None


def _cover(f: ArchiveFile, station: str, st: Styles) -> list[Flowable]:
    period = f"{day(f.started)} 至 {day(f.ended)}" if f.started else "—"
    big = Paragraph(esc(COVER_TITLE), st.title)
    return [Spacer(1, 30 * mm), Paragraph(esc(station), st.subtitle), big, Spacer(1, 14 * mm),
            facts_table([
                ("档号", esc(f.number)),
                ("案卷题名", esc(f.title)),
                ("服务对象", esc(f.client) or "—"),
                ("统一社会信用代码", esc(f.client_uscc) or "—"),
                ("起止日期", period),
                ("归档时间", when(f.archived_at) or "—"),
                ("保管期限", RETENTION),
                ("卷内文件", f"{len(f.documents)} 件"),
            ], st)]


def _contents(f: ArchiveFile, starts: Sequence[int | None], st: Styles) -> list[Flowable]:
    header = [Paragraph(h, st.small) for h in ("序号", "文件题名", "日期", "页号", "备注")]
    rows = [header]
    for n, (doc, start) in enumerate(zip(f.documents, starts, strict=True), start=1):
        note = "电子文件" if doc.kind == DocumentKind.ATTACHMENT else ""
        rows.append([Paragraph(text, st.small) for text in (str(n), esc(doc.title), day(doc.day),
                                                             str(start) if start else "—", note)])
    widths = [0.08 * BODY_WIDTH, 0.5 * BODY_WIDTH, 0.18 * BODY_WIDTH, 0.1 * BODY_WIDTH, 0.14 * BODY_WIDTH]
    table = grid_table(rows, widths, header=True)
    table.repeatRows = 1
    return [PageBreak(), Paragraph(esc(CONTENTS_TITLE), st.title), Paragraph(f"档号 {esc(f.number)}", st.subtitle),
            Spacer(1, 4 * mm), table]


def _front(f: ArchiveFile, station: str, starts: Sequence[int | None], produced: Produced) -> bytes:
    st = styles()
    out = io.BytesIO()
    build(out, _cover(f, station, st) + _contents(f, starts, st),
          Page(station, f"{COVER_TITLE}·{CONTENTS_TITLE}", produced.line()),
          Metadata(f.title, subject=f.number, keywords=f"QS-AF|{f.uuid}"), st)
    return out.getvalue()


def _page_count(data: bytes) -> int:
    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def build_archive_file(db: Database, data_dir: Path, f: ArchiveFile, station: StationInfo | None,
                       produced: Produced, target: Path | io.BytesIO) -> int:
    """Write the file's PDF to ``target``; the number of pages."""
    name = station.name if station else ""
    parts = [_document_pdf(db, data_dir, f, doc, station) for doc in f.documents]
    counts = [_page_count(p) if p is not None else 0 for p in parts]
    front_pages = 0
    front = b""
    for _attempt in range(10):  # the contents list's length moves the documents' first pages
        starts: list[int | None] = []
        page = front_pages + 1
        for count in counts:
            starts.append(page if count else None)
            page += count
        front = _front(f, name, starts, produced)
        pages = _page_count(front)
        if pages == front_pages:
            break
        front_pages = pages
    else:  # never seen: a contents list that gains a page as it gains a page
        raise RuntimeError("the contents list's page numbers did not settle")
    joined = pdfium.PdfDocument(front)
    try:
        for part in parts:
            if part is not None:
                piece = pdfium.PdfDocument(part)
                joined.import_pages(piece)
                piece.close()
        total = len(joined)
        stamp(joined, [f"档号 {f.number} · 案卷第 {n} 页 共 {total} 页 · {produced.line()}"
                       for n in range(1, total + 1)])
        if isinstance(target, Path):
            with target.open("wb") as out:
                joined.save(out)
        else:
            joined.save(target)
        return total
    finally:
        joined.close()
