"""What reportlab recomputes for every document from the same TrueType font, kept once per process.

- Subsetting: reportlab's ``makeSubset`` copies the whole ``glyf`` table (megabytes for a CJK font) and the
  fixed tables, reads each glyph through a file pointer and checksums the finished font twice, for every
  subset of every document. :class:`Subsetter` keeps the fixed tables and their checksums, reads glyphs in
  place and adds up the file's checksum from the tables' own: the same bytes, several times faster.
- Widths: reportlab measures text one character at a time while it breaks CJK lines, each time encoding
  the text and adding up its characters' widths; :func:`cache_widths` remembers the width of each text.
- The first subset: a document that assigns the same characters first (``seed_first_subset``: the words every
  record prints) has the same first subset as the last one, so its font program is kept, made and deflated
  once (``FLATE`` deflates a kept program once; anything else as reportlab does, at zlib's fastest level).
"""

from __future__ import annotations

import contextlib
import functools
import struct
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont, makeToUnicodeCMap

# composite glyph flags (the TrueType specification's names)
_ARG_1_AND_2_ARE_WORDS = 0x0001
_HAVE_A_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_HAVE_AN_X_AND_Y_SCALE = 0x0040
_HAVE_A_TWO_BY_TWO = 0x0080
_FIXED_TABLES = ("name", "OS/2", "cvt ", "fpgm", "prep")
_WIDTH_CACHE_LIMIT = 50_000
_KEPT_SUBSETS = 8
_KEPT_GLYPHS = 20_000
FIRST_SUBSET_SIZE = 159  # the characters (other than ASCII) that reportlab puts in a font's first subset
# zlib's fastest level for every stream: a signed record's streams deflate in 0.48 ms instead of 0.89 ms at the
# default 6, for files 4 % larger (73.6 KB for 70.7 KB). One level for all, so a stream's bytes depend on its
# content alone (kept or not, the same file).
LEVEL = 1


def _checksum(data: bytes) -> int:
    if len(data) & 3:
        data += b"\0" * (4 - (len(data) & 3))
    return int(sum(struct.unpack(f">{len(data) >> 2}L", data))) & 0xFFFFFFFF


def _set_ushort(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + struct.pack(">H", value) + data[offset + 2:]


def _component_offsets(data: bytes | memoryview, at: int) -> list[tuple[int, int]]:
    """(offset of the glyph index, glyph index) of each component of the composite glyph at ``at``."""
    out, pos, flags = [], at + 10, _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        flags, glyph = struct.unpack_from(">HH", data, pos)
        out.append((pos + 2 - at, glyph))
        pos += 4 + (4 if flags & _ARG_1_AND_2_ARE_WORDS else 2)
        if flags & _HAVE_A_SCALE:
            pos += 2
        elif flags & _HAVE_AN_X_AND_Y_SCALE:
            pos += 4
        elif flags & _HAVE_A_TWO_BY_TWO:
            pos += 8
    return out


class FontProgram(bytes):
    """A subset's font program, deflated at most once however many documents embed it."""

    deflated: bytes | None = None


class _Flate:
    """reportlab's ``FlateDecode`` stream filter, which deflates a kept font program only once."""

    pdfname = "FlateDecode"

    def encode(self, text: str | bytes) -> bytes:
        if isinstance(text, FontProgram):
            if text.deflated is None:
                text.deflated = zlib.compress(text, LEVEL)
            return text.deflated
        return zlib.compress(text.encode("utf8") if isinstance(text, str) else text, LEVEL)

    def decode(self, encoded: bytes) -> bytes:
        return zlib.decompress(encoded)


FLATE = _Flate()


def seed_first_subset(font: Any, doc: Any, seed: str) -> None:
    """Assign ``seed``'s characters (those the font has) to ``font``'s codes in ``doc`` before anything is drawn.
    With ``FIRST_SUBSET_SIZE`` of them, the first subset is the same in every document."""
    if hasattr(font, "splitString") and seed:
        font.splitString(_in_font(font.face, seed), doc)


@functools.lru_cache(maxsize=16)
def _in_font(face: Any, seed: str) -> str:
    return "".join(c for c in seed if ord(c) in face.charToGlyph)


class Subsetter:
    """``make_subset(subset)`` for one reportlab ``TTFontFace``: the bytes its ``makeSubset`` returns (the last
    few subsets kept, as :class:`FontProgram`)."""

    def __init__(self, face: Any) -> None:
        self.face = face
        self.kept: OrderedDict[tuple[int, ...], FontProgram] = OrderedDict()
        self.data = memoryview(face._ttf_data)
        self.glyf_start = face.get_table_pos("glyf")[0]
        self.glyphs: dict[int, tuple[bytes, list[tuple[int, int]], list[tuple[int, int]]]] = {}
        self.fixed: dict[str, bytes] = {}
        for tag in _FIXED_TABLES:
            with contextlib.suppress(KeyError):  # cvt, fpgm and prep are optional
                self.fixed[tag] = bytes(face.get_table(tag))
        self.fixed["post"] = b"\x00\x03\x00\x00" + bytes(face.get_table("post")[4:16]) + b"\x00" * 16
        self.hhea = bytes(face.get_table("hhea"))
        self.maxp = bytes(face.get_table("maxp"))
        self.head = bytes(face.get_table("head"))
        self.fixed_sums = {tag: _checksum(data) for tag, data in self.fixed.items()}

    def make_subset(self, subset: Sequence[int]) -> bytes:
        key = tuple(subset)
        program = self.kept.get(key)
        if program is None:
            program = self.kept[key] = FontProgram(self._make(subset))
            if len(self.kept) > _KEPT_SUBSETS:
                self.kept.popitem(last=False)
        else:
            self.kept.move_to_end(key)
        return program

    def _glyph(self, old: int) -> tuple[bytes, list[tuple[int, int]], list[tuple[int, int]]]:
        """A glyph's bytes padded to four, the components it is made of (a composite glyph) and those whose numbers
        change in a subset (the same unless the glyph is two bytes or shorter), read once."""
        kept = self.glyphs.get(old)
        if kept is None:
            data, start, glyph_pos = self.data, self.glyf_start, self.face.glyphPos
            at, length = glyph_pos[old], glyph_pos[old + 1] - glyph_pos[old]
            glyph = bytes(data[start + at:start + at + length])
            parts = (_component_offsets(data, start + at)
                     if length and struct.unpack_from(">h", data, start + at)[0] < 0 else [])
            renumbered = _component_offsets(glyph, 0) if length > 2 and struct.unpack_from(">h", glyph)[0] < 0 else []
            if len(self.glyphs) >= _KEPT_GLYPHS:
                self.glyphs.clear()
            kept = self.glyphs[old] = (glyph + b"\0" * (-length & 3), parts, renumbered)
        return kept

    def _make(self, subset: Sequence[int]) -> bytes:
        face, char_to_glyph = self.face, self.face.charToGlyph
        glyph_map = [0]  # new glyph index -> old
        glyph_set = {0: 0}  # old -> new
        code_to_glyph = {}
        for code in subset:
            old = char_to_glyph.get(code, 0)
            if old not in glyph_set:
                glyph_set[old] = len(glyph_map)
                glyph_map.append(old)
            code_to_glyph[code] = glyph_set[old]
        n = 0
        while n < len(glyph_map):  # and the glyphs that composite glyphs are made of
            old = glyph_map[n]
            n += 1
            for _offset, part in self._glyph(old)[1]:
                if part not in glyph_set:
                    glyph_set[part] = len(glyph_map)
                    glyph_map.append(part)

        tables = dict(self.fixed)
        count = len(glyph_map)
        hmtx: list[int] = []
        for old in glyph_map:
            aw, lsb = face.hmetrics[old]
            hmtx += (int(aw), int(lsb))
        n = len(hmtx) - 2
        while n and hmtx[n] == hmtx[n - 2]:
            n -= 2
        n += 2
        metrics = n >> 1
        hmtx = hmtx[:n] + hmtx[n + 1::2]
        tables["hmtx"] = struct.pack(f">{len(hmtx)}H", *hmtx)
        tables["hhea"] = _set_ushort(self.hhea, 34, metrics)
        tables["maxp"] = _set_ushort(self.maxp, 4, count)
        cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset), *map(code_to_glyph.get, subset)]
        tables["cmap"] = struct.pack(f">{len(cmap)}H", *cmap)

        offsets, glyf, pos = [], [], 0
        for old in glyph_map:
            offsets.append(pos)
            glyph, _parts, renumbered = self._glyph(old)
            if renumbered:  # a composite glyph: its components' new numbers
                fixed = bytearray(glyph)
                for offset, part in renumbered:
                    struct.pack_into(">H", fixed, offset, glyph_set[part])
                glyph = bytes(fixed)
            glyf.append(glyph)  # padded to four bytes, so every glyph starts on a four-byte boundary
            pos += len(glyph)
        offsets.append(pos)
        tables["glyf"] = b"".join(glyf)
        if (pos + 1) >> 1 > 0xFFFF:
            long_offsets = 1
            tables["loca"] = struct.pack(f">{len(offsets)}L", *offsets)
        else:
            long_offsets = 0
            tables["loca"] = struct.pack(f">{len(offsets)}H", *(o >> 1 for o in offsets))
        head = _set_ushort(self.head, 50, long_offsets)
        tables["head"] = head[:8] + b"\0\0\0\0" + head[12:]  # the file's checksum goes here, below
        return self._font_file(tables)

    def _font_file(self, tables: dict[str, bytes]) -> bytes:
        """reportlab's ``TTFontMaker.makeStream``, its whole-file checksum added up from the tables' own (each
        starts on a four-byte boundary, padded with zeros, so the sums are the same)."""
        count = len(tables)
        search, selector = 1, 0
        while search * 2 <= count:
            search *= 2
            selector += 1
        search *= 16
        header = [struct.pack(">lHHHH", 0x00010000, count, search, selector, count * 16 - search)]
        offset = 12 + count * 16
        total, head_at = 0, 0
        items = sorted(tables.items())
        for tag, data in items:
            if tag == "head":
                head_at = offset
            checksum = self.fixed_sums[tag] if tag in self.fixed_sums else _checksum(data)
            total += checksum
            header.append(tag.encode("latin1") + struct.pack(">LLL", checksum, offset, len(data)))
            offset += (len(data) + 3) & ~3
        directory = b"".join(header)
        total = (total + _checksum(directory)) & 0xFFFFFFFF
        out = BytesIO()
        out.write(directory)
        for _tag, data in items:
            out.write(data + b"\0" * (-len(data) & 3))
        out.seek(head_at + 8)
        out.write(struct.pack(">L", (0xB1B0AFBA - total) & 0xFFFFFFFF))
        return out.getvalue()


class _KeptWidths(pdfdoc.PDFArray):  # type: ignore[misc]  # reportlab has no type hints
    """A subset's widths, written out once (numbers only: the same text in every document)."""

    def __init__(self, widths: Sequence[float]) -> None:
        super().__init__(widths)
        self.written: bytes | None = None

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:
        if self.written is None:
            if rl_config.pdfMultiLine or not all(type(w) in (float, int) for w in self.sequence):
                self.written = super().format(document, IND)
            else:  # reportlab's array of numbers (ten to a line), each number's text kept
                items = [_number(w) for w in self.sequence]
                for i in reversed(range(10, len(items), 10)):
                    items.insert(i, b"\n ")
                self.written = b"[ " + b" ".join(items) + b" ]"
        return self.written


_numbers: dict[tuple[type, float], bytes] = {}


def _number(value: float) -> bytes:
    """A width as reportlab writes it (``fp_str``), kept by value (a font has a few dozen different widths)."""
    key = (type(value), value)
    text = _numbers.get(key)
    if text is None:
        if len(_numbers) > _WIDTH_CACHE_LIMIT:
            _numbers.clear()
        text = _numbers[key] = fp_str(value).encode("ascii")
    return text


class _FontObjects:
    """reportlab's ``TTFont.addObjects`` (a font, its widths and ToUnicode map for every subset the document
    used), with the widths and the map of a subset seen in an earlier document kept."""

    def __init__(self, font: Any) -> None:
        self.font = font
        self.kept: OrderedDict[tuple[str, tuple[int, ...]], tuple[_KeptWidths, FontProgram]] = OrderedDict()

    def _parts(self, base_name: str, subset: Sequence[int]) -> tuple[_KeptWidths, FontProgram]:
        key = (base_name, tuple(subset))
        parts = self.kept.get(key)
        if parts is None:
            widths = _KeptWidths(list(map(self.font.face.getCharWidth, subset)))
            parts = self.kept[key] = (widths, FontProgram(makeToUnicodeCMap(base_name, subset).encode("utf8")))
            if len(self.kept) > _KEPT_SUBSETS:
                self.kept.popitem(last=False)
        return parts

    def add_objects(self, doc: Any) -> None:
        font = self.font
        state = font.state.get(doc)
        if state is None:
            state = font.state[doc] = TTFont.State(font._asciiReadable)
        state.frozen = 1
        for n, subset in enumerate(state.subsets):
            internal_name = font.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", font.face.name, font.face.subfontNameX)).decode("pdfdoc")
            pdf_font = pdfdoc.PDFTrueTypeFont()
            pdf_font.__Comment__ = f"Font {font.fontName} subset {n}"
            pdf_font.Name = internal_name
            pdf_font.BaseFont = base_name
            pdf_font.FirstChar = 0
            pdf_font.LastChar = len(subset) - 1
            widths, cmap = self._parts(base_name, subset)
            pdf_font.Widths = widths
            stream = pdfdoc.PDFStream()
            stream.content = cmap
            if doc.compression:
                stream.filters = [pdfdoc.PDFZCompress]
            pdf_font.ToUnicode = doc.Reference(stream, "toUnicodeCMap:" + base_name)
            pdf_font.FontDescriptor = font.face.addSubsetObjects(doc, base_name, subset)
            doc.Reference(pdf_font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = pdf_font
        del font.state[doc]


def speed_up(font: Any) -> None:
    """Give a registered reportlab ``TTFont`` the kept subsetting, fonts' objects and the width cache."""
    font.face.makeSubset = Subsetter(font.face).make_subset
    font.addObjects = _FontObjects(font).add_objects
    cache_widths(font)


def cache_widths(font: Any) -> None:
    widths: dict[tuple[str, float], float] = {}
    char_widths, default = font.face.charWidths, font.face.defaultWidth

    def string_width(text: str | bytes, size: float, encoding: str | None = "utf8") -> float:
        if not isinstance(text, str):
            text = text.decode(encoding or "utf8")
        key = (text, size)
        width = widths.get(key)
        if width is None:
            if len(widths) > _WIDTH_CACHE_LIMIT:
                widths.clear()
            # the same sum, in the same order, as reportlab's
            width = widths[key] = 0.001 * size * sum(char_widths.get(ord(u), default) for u in text)
        return width

    font.stringWidth = string_width
