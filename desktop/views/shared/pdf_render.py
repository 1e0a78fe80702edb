"""PDF pages to pixels with pdfium (pypdfium2), for the preview and for printing: run off the GUI thread, one
document at a time (pdfium is not thread-safe, not even across documents); the GUI thread only wraps the finished
pixels in a QImage."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PySide6.QtGui import QImage

from desktop.tasks import TaskHandle

PDFIUM = threading.Lock()  # pdfium is not thread-safe, not even across documents; objects never outlive it
# On an opaque white fill pdfium's BGRA bytes (RGBA when reversed) all have alpha 255, so the premultiplied
# formats hold exactly those bytes; ARGB32 is a native-endian 32-bit word, hence the byte order.
_REVERSE = sys.byteorder != "little"
_QFORMAT = QImage.Format.Format_RGBA8888_Premultiplied if _REVERSE else QImage.Format.Format_ARGB32_Premultiplied


@dataclass(frozen=True)
class Bitmap:
    index: int
    scale: float
    width: int
    height: int
    stride: int
    data: bytes

    def image(self) -> QImage:
        return QImage(self.data, self.width, self.height, self.stride, _QFORMAT).copy()


def load(path: Path, handle: TaskHandle) -> tuple[bytes, list[tuple[float, float]]]:
    """The file's bytes and each page's size in points (width, height)."""
    data = path.read_bytes()
    with PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            sizes = [doc[index].get_size() for index in range(len(doc))]
        finally:
            doc.close()  # and its pages
    if not sizes:
        raise pdfium.PdfiumError("the document has no pages")
    return data, sizes


def render(data: bytes, jobs: Sequence[tuple[int, float, int]], handle: TaskHandle) -> list[Bitmap]:
    """Render ``(page index, pixels per point, rotation)`` jobs; stops early when cancelled."""
    done: list[Bitmap] = []
    with PDFIUM:
        doc = pdfium.PdfDocument(data)
        try:
            for index, scale, rotation in jobs:
                if handle.cancelled:
                    break
                bitmap = doc[index].render(scale=scale, rotation=rotation, fill_color=(255, 255, 255, 255),
                                           force_bitmap_format=pdfium_c.FPDFBitmap_BGRA, rev_byteorder=_REVERSE)
                done.append(Bitmap(index, scale, bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer)))
                bitmap.close()
        finally:
            doc.close()
    return done


def safe_file_name(name: str) -> str:
    """``name`` without characters Windows refuses in a file name, ending in ``.pdf``."""
    cleaned = "".join(" " if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .") or "document"
    return cleaned if cleaned.lower().endswith(".pdf") else cleaned + ".pdf"
