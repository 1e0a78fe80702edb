"""A PNG embedded as it is shows exactly what reportlab's decoded and re-compressed image shows (poppler's
pixels compared); PNGs it cannot take as they are (palette, transparency, 16-bit, interlaced, damaged) go
reportlab's way."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image as PilImage
from PIL import ImageDraw
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image

from desktop.models.visits import signatures
from desktop.printing.png_image import PngImage, png_data

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils are installed by test.sh")


def picture(mode: str, **save: object) -> bytes:
    image = PilImage.new(mode, (120, 40), "white" if mode != "P" else 0)
    draw = ImageDraw.Draw(image)
    draw.line((5, 30, 60, 5, 115, 35), fill="black" if mode != "P" else 1, width=3)
    draw.ellipse((70, 10, 90, 30), fill="gray" if mode not in ("P", "1") else 1)
    out = io.BytesIO()
    image.save(out, format="PNG", **save)
    return out.getvalue()


def interlaced(png: bytes) -> bytes:
    """The same PNG with its header saying Adam7 (Pillow writes no interlaced PNG): refused before any row is read."""
    header = bytearray(png[12:29])  # "IHDR" and its 13 bytes
    header[-1] = 1
    return png[:12] + bytes(header) + struct.pack(">I", zlib.crc32(bytes(header))) + png[33:]


def signature_png() -> bytes:
    return signatures.render_png([[(100, 200, 300, 0), (400, 80, 700, 30), (700, 300, 500, 60), (1100, 150, 400, 90)]])


def pixels(flowable: Flowable, tmp_path: Path, name: str) -> bytes:
    pdf = tmp_path / f"{name}.pdf"
    canvas = Canvas(str(pdf), pagesize=(80 * mm, 40 * mm), invariant=1)
    flowable.wrapOn(canvas, 70 * mm, 30 * mm)
    flowable.drawOn(canvas, 5 * mm, 10 * mm)
    canvas.save()
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / name)], check=True)
    return (tmp_path / f"{name}.png").read_bytes()


def test_the_signature_pads_png_is_taken_as_it_is() -> None:
    data = png_data(signature_png())
    assert data is not None
    assert (data.width, data.height, data.colours, data.colour_space) == (600, 200, 1, "DeviceGray")
    assert png_data(picture("RGB")) is not None


@pytest.mark.parametrize("png", [picture("P"), picture("RGBA"), picture("LA"), picture("I;16"), picture("1"),
                                 interlaced(picture("L")), b"not a png", signature_png()[:-30]])
def test_other_pngs_are_not(png: bytes) -> None:
    assert png_data(png) is None


def test_a_damaged_chunk_is_refused() -> None:
    png = bytearray(signature_png())
    png[60] ^= 0xFF  # inside the first IDAT: its checksum no longer matches
    assert png_data(bytes(png)) is None


@needs_poppler
@pytest.mark.parametrize("png", [signature_png(), picture("RGB"), picture("L"), picture("P"), picture("RGBA")])
def test_it_shows_what_reportlabs_image_shows(png: bytes, tmp_path: Path) -> None:
    ours = pixels(PngImage(png, 60 * mm, 20 * mm), tmp_path, "ours")
    theirs = pixels(Image(io.BytesIO(png), width=60 * mm, height=20 * mm), tmp_path, "theirs")
    assert ours == theirs


@needs_poppler
def test_the_same_png_twice_is_stored_once(tmp_path: Path) -> None:
    png = signature_png()
    pdf = tmp_path / "twice.pdf"
    canvas = Canvas(str(pdf), invariant=1)
    for y in (100, 400):
        image = PngImage(png, 60 * mm, 20 * mm)
        image.wrapOn(canvas, 200 * mm, 100 * mm)
        image.drawOn(canvas, 50, y)
    canvas.save()
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listed.splitlines()[2:]]
    assert len(rows) == 2 and rows[0][10] == rows[1][10]  # two uses, one object
