"""Editing the text of a reportlab PDF the way a forger would: inflate a page's content stream, change the
characters shown, deflate it again. (reportlab encodes ASCII text as itself, so digits can be found.) Streams are
binary (``/FlateDecode``) or, as the app wrote them before, ASCII85 text of the compressed bytes."""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(rb"<<(?P<dict>[^>]*?/Filter \[ (?P<a85>/ASCII85Decode )?/FlateDecode \][^>]*?)>>\s*stream\r?\n",
                     re.S)


def replace_shown_text(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with the first ``old`` shown on a page replaced by ``new``, and the cross-reference table made
    right again (as a PDF editor saves it)."""
    for m in _STREAM.finditer(data):
        length = int(re.search(rb"/Length (\d+)", m.group("dict")).group(1))  # type: ignore[union-attr]
        start = m.end()
        a85 = m.group("a85") is not None
        stored = data[start:start + length]
        raw = zlib.decompress(base64.a85decode(stored.strip(), adobe=True) if a85 else stored)
        if b" Tj" not in raw or old not in raw:
            continue
        body = zlib.compress(raw.replace(old, new, 1))
        if a85:
            body = base64.a85encode(body, adobe=True).removeprefix(b"<~")
        head = data[m.start():start].replace(b"/Length %d" % length, b"/Length %d" % len(body))
        return _fix_xref(data[:m.start()] + head + body + data[start + length:])
    raise AssertionError(f"{old!r} is not shown in any page of the PDF")


def _fix_xref(data: bytes) -> bytes:
    offsets = {int(m.group(1)): m.start() for m in re.finditer(rb"(?m)^(\d+) 0 obj", data)}
    xref_at = data.rindex(b"\nxref") + 1
    trailer_at = data.index(b"trailer", xref_at)
    size = max(offsets) + 1
    lines = [b"xref", b"0 %d" % size, b"0000000000 65535 f\r"]
    lines += [b"%010d 00000 n\r" % offsets[n] for n in range(1, size)]
    tail = data[trailer_at:]
    tail = re.sub(rb"startxref\s+\d+", b"startxref\n%d" % xref_at, tail)
    return data[:xref_at] + b"\n".join(lines) + b"\n" + tail
