"""Who made a printed copy and when, laid over the top margin of every page of a finished PDF (保密制度, §7.6.3:
printed files carry who produced them and when). Outside the body the documents print (and ``verify`` reads), so a
stamped copy of a signed record still verifies. PDFium places a one-line page made by reportlab as a form object."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pypdfium2 as pdfium
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.layout import PAGE_HEIGHT, PAGE_WIDTH, styles, when


def made_line(by: str, at: datetime) -> str:
    return f"由 {by} 于 {when(at)} 打印"


def _stamp_pages(texts: list[str]) -> bytes:
    """A page per text, holding only that line at its top margin."""
    st = styles()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1)
    for line in texts:
        canvas.setFont(st.font.name, 7)
        canvas.setFillGray(0.35)
        canvas.drawRightString(PAGE_WIDTH - 12 * mm, PAGE_HEIGHT - 7 * mm, line)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def stamp(pdf: pdfium.PdfDocument, texts: list[str]) -> None:
    """Lay ``texts[i]`` over the top margin of page ``i`` (in place)."""
    sheet = pdfium.PdfDocument(_stamp_pages(texts))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            _width, height = page.get_size()
            obj = sheet.page_as_xobject(index, pdf).as_pageobject()
            obj.transform(pdfium.PdfMatrix().translate(0, height - PAGE_HEIGHT))
            page.insert_obj(obj)
            page.gen_content()
            page.close()
    finally:
        sheet.close()


def stamp_file(source: Path, target: Path, line: str) -> None:
    """``source`` with ``line`` on every page, written to ``target`` (``source`` is left as it is)."""
    pdf = pdfium.PdfDocument(source.read_bytes())
    try:
        stamp(pdf, [line] * len(pdf))
        with target.open("wb") as out:
            pdf.save(out)
    finally:
        pdf.close()
