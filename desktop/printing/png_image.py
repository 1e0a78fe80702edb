"""A PNG placed in a PDF as it is: its compressed image data becomes the image's stream, with the PNG
predictor named, so nothing is decoded or compressed again.

reportlab's ``Image`` decodes a PNG with Pillow and deflates the pixels again (and writes them as ASCII85):
about 10 ms for one 600 x 200 signature. PDF's FlateDecode filter understands PNG's own row filters
(``/Predictor 15``), so an 8-bit grey or RGB PNG without transparency or interlacing is embedded byte for
byte; any other PNG goes through reportlab's ``Image`` as before. Both show the same pixels.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFImageXObject, PDFName, PDFStream
from reportlab.platypus import Flowable, Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOURS = {0: (1, "DeviceGray"), 2: (3, "DeviceRGB")}  # PNG colour type -> components, PDF colour space


@dataclass(frozen=True)
class PngData:
    width: int
    height: int
    colours: int  # components per pixel
    colour_space: str
    idat: bytes  # the zlib stream of the rows, each with its filter byte


def png_data(png: bytes) -> PngData | None:
    """The parts a PDF image needs, if ``png`` is an 8-bit grey or RGB PNG without transparency or interlacing
    (and its chunks are whole and their checksums right); None otherwise."""
    if not png.startswith(PNG_SIGNATURE):
        return None
    at, header, parts = len(PNG_SIGNATURE), None, []
    while at + 12 <= len(png):
        length, kind = struct.unpack(">I4s", png[at:at + 8])
        body = png[at + 8:at + 8 + length]
        if len(body) != length or at + 12 + length > len(png):
            return None
        (crc,) = struct.unpack(">I", png[at + 8 + length:at + 12 + length])
        if zlib.crc32(kind + body) != crc:
            return None
        at += 12 + length
        if kind == b"IHDR" and length == 13:
            header = struct.unpack(">IIBBBBB", body)
        elif kind in (b"tRNS", b"PLTE"):
            return None  # transparency or a palette: reportlab's way
        elif kind == b"IDAT":
            parts.append(body)
        elif kind == b"IEND":
            break
    if header is None or not parts:
        return None
    width, height, depth, colour_type, compression, row_filter, interlace = header
    if depth != 8 or colour_type not in _COLOURS or compression or row_filter or interlace or not width or not height:
        return None
    colours, space = _COLOURS[colour_type]
    return PngData(width, height, colours, space, b"".join(parts))


class _PngXObject(PDFImageXObject):  # type: ignore[misc]  # reportlab has no type hints
    """An image XObject whose stream is a PNG's own image data."""

    def __init__(self, name: str, data: PngData) -> None:  # not reportlab's: that one reads a file
        self.name = name
        self.width, self.height = data.width, data.height
        self.bitsPerComponent = 8
        self.colorSpace = data.colour_space
        self._filters = ("FlateDecode",)
        self.streamContent = data.idat
        self.mask = None
        self._colours = data.colours

    def format(self, document: Any) -> bytes:
        stream = PDFStream(content=self.streamContent)
        d = stream.dictionary
        d["Type"] = PDFName("XObject")
        d["Subtype"] = PDFName("Image")
        d["Width"] = self.width
        d["Height"] = self.height
        d["BitsPerComponent"] = self.bitsPerComponent
        d["ColorSpace"] = PDFName(self.colorSpace)
        d["Filter"] = PDFName("FlateDecode")  # one filter, so its parameters are one dictionary (not an array)
        d["DecodeParms"] = PDFDictionary({"Predictor": 15, "Colors": self._colours, "BitsPerComponent": 8,
                                          "Columns": self.width})
        d["Length"] = len(self.streamContent)
        return stream.format(document)  # type: ignore[no-any-return]


class PngImage(Flowable):  # type: ignore[misc]
    """A PNG drawn ``width`` x ``height`` points, centred like reportlab's ``Image``."""

    def __init__(self, png: bytes, width: float, height: float) -> None:
        super().__init__()
        self.png, self.drawWidth, self.drawHeight = png, width, height
        self.width, self.height = width, height
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        data = png_data(self.png)
        if data is None:
            Image(io.BytesIO(self.png), width=self.drawWidth, height=self.drawHeight).drawOn(self.canv, 0, 0)
            return
        canvas: Any = self.canv
        name = "png-" + hashlib.sha256(self.png).hexdigest()
        registered = canvas._doc.getXObjectName(name)
        if canvas._doc.idToObject.get(registered) is None:  # the same PNG twice is stored once
            image = _PngXObject(name, data)
            canvas._setXObjects(image)
            canvas._doc.Reference(image, registered)
            canvas._doc.addForm(name, image)
        canvas._currentPageHasImages = 1
        canvas.saveState()
        canvas.scale(self.drawWidth, self.drawHeight)
        canvas._code.append(f"/{registered} Do")
        canvas.restoreState()
        canvas._formsinuse.append(name)
