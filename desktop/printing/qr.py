"""A small QR code encoder (ISO/IEC 18004, byte mode, error correction level M, versions 1-10) and its
flowable, drawn as one filled path.

reportlab's own encoder takes about 40 ms for the record's 112-character code (most of it choosing the mask)
and draws each dark run as its own rectangle; this one builds the symbol once, scores the eight masks on rows
and columns held as strings, and writes the dark runs as one path in module units (about 1 ms in all).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable

# version -> (error correction codewords per block, [(blocks, data codewords per block), ...]), level M
_BLOCKS_M: dict[int, tuple[int, list[tuple[int, int]]]] = {
    1: (10, [(1, 16)]), 2: (16, [(1, 28)]), 3: (26, [(1, 44)]), 4: (18, [(2, 32)]), 5: (24, [(2, 43)]),
    6: (16, [(4, 27)]), 7: (18, [(4, 31)]), 8: (22, [(2, 38), (2, 39)]), 9: (22, [(3, 36), (2, 37)]),
    10: (26, [(4, 43), (1, 44)]),
}
_ALIGNMENT = {1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42],
              9: [6, 26, 46], 10: [6, 28, 50]}
_LEVEL_M_BITS = 0b00

# GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1
_EXP = [0] * 512
_LOG = [0] * 256
_v = 1
for _i in range(255):
    _EXP[_i] = _v
    _LOG[_v] = _i
    _v <<= 1
    if _v & 0x100:
        _v ^= 0x11D
for _i in range(255, 512):
    _EXP[_i] = _EXP[_i - 255]


@functools.cache
def _generator_logs(degree: int) -> tuple[int, ...]:
    """The logarithms of the generator polynomial's coefficients after the leading 1."""
    return tuple(_LOG[g] for g in _generator(degree)[1:])


def _generator(degree: int) -> list[int]:
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, coef in enumerate(poly):
            nxt[j] ^= coef
            if coef:
                nxt[j + 1] ^= _EXP[_LOG[coef] + i]
        poly = nxt
    return poly


@functools.cache
def _products(degree: int) -> tuple[int, ...]:
    """For each factor 0-255, the generator's coefficients times it, as one integer of ``degree`` bytes."""
    gen_logs = _generator_logs(degree)
    return (0, *(int.from_bytes(bytes(_EXP[_LOG[f] + g] for g in gen_logs), "big") for f in range(1, 256)))


def _ecc(data: Sequence[int], degree: int) -> list[int]:
    """The Reed-Solomon remainder, the remainder held as one integer of ``degree`` bytes (its first byte first)."""
    products, top, mask = _products(degree), 8 * (degree - 1), (1 << (8 * degree)) - 1
    rem = 0
    for byte in data:
        factor = byte ^ (rem >> top)
        rem = ((rem << 8) & mask) ^ products[factor]
    return list(rem.to_bytes(degree, "big"))


def _bch(value: int, poly: int, poly_bits: int, data_bits: int) -> int:
    rem = value << (poly_bits - 1)
    for shift in range(data_bits - 1, -1, -1):
        if rem & (1 << (shift + poly_bits - 1)):
            rem ^= poly << shift
    return (value << (poly_bits - 1)) | rem


def _codewords(data: bytes, version: int) -> list[int]:
    ec, groups = _BLOCKS_M[version]
    capacity = sum(n * k for n, k in groups)
    bits = f"0100{len(data):0{8 if version < 10 else 16}b}" + "".join(f"{b:08b}" for b in data)
    bits += "0" * min(4, capacity * 8 - len(bits))
    bits += "0" * (-len(bits) % 8)
    words = [int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)]
    pad = (0xEC, 0x11)
    words += [pad[i % 2] for i in range(capacity - len(words))]
    blocks, at = [], 0
    for count, size in groups:
        for _ in range(count):
            blocks.append(words[at:at + size])
            at += size
    eccs = [_ecc(b, ec) for b in blocks]
    out = [b[i] for i in range(max(map(len, blocks))) for b in blocks if i < len(b)]
    return out + [e[i] for i in range(ec) for e in eccs]


def _version_for(data: bytes) -> int:
    for version, (_ec, groups) in _BLOCKS_M.items():
        header_bits = 4 + (8 if version < 10 else 16)
        if header_bits + 8 * len(data) <= 8 * sum(n * k for n, k in groups):
            return version
    raise ValueError(f"{len(data)} bytes do not fit a version 1-10 QR code at level M")


class _Symbol:
    """The function patterns of one version, and where the data modules go."""

    def __init__(self, version: int) -> None:
        n = self.size = 17 + 4 * version
        self.grid: list[list[int]] = [[0] * n for _ in range(n)]
        self.fixed = [[False] * n for _ in range(n)]
        for r, c in ((0, 0), (0, n - 7), (n - 7, 0)):
            self._finder(r, c)
        for i in range(8, n - 8):
            self._set(6, i, i % 2 == 0)
            self._set(i, 6, i % 2 == 0)
        centres = _ALIGNMENT[version]
        corners = {(centres[0], centres[0]), (centres[0], centres[-1]), (centres[-1], centres[0])} if centres else set()
        for r in centres:
            for c in centres:
                if (r, c) not in corners:  # the three beside the finders are left out
                    for dr in range(-2, 3):
                        for dc in range(-2, 3):
                            self._set(r + dr, c + dc, max(abs(dr), abs(dc)) != 1)
        for i in range(9):  # format information areas (written per mask), and the dark module
            for r, c in ((8, i), (i, 8)):
                if not self.fixed[r][c]:
                    self._set(r, c, False)
        for i in range(8):
            self._set(8, n - 1 - i, False)
            self._set(n - 1 - i, 8, False)
        self._set(n - 8, 8, True)
        if version >= 7:
            info = _bch(version, 0x1F25, 13, 6)
            for i in range(18):
                bit = bool((info >> i) & 1)
                self._set(i // 3, n - 11 + i % 3, bit)
                self._set(n - 11 + i % 3, i // 3, bit)
        self.positions = self._data_positions()

    def _set(self, r: int, c: int, dark: bool) -> None:
        self.grid[r][c] = int(dark)
        self.fixed[r][c] = True

    def _finder(self, top: int, left: int) -> None:
        n = self.size
        for dr in range(-1, 8):
            for dc in range(-1, 8):
                r, c = top + dr, left + dc
                if 0 <= r < n and 0 <= c < n:
                    inside = 0 <= dr <= 6 and 0 <= dc <= 6
                    ring = dr in (0, 6) or dc in (0, 6)
                    core = 2 <= dr <= 4 and 2 <= dc <= 4
                    self._set(r, c, inside and (ring or core))

    def _data_positions(self) -> list[tuple[int, int]]:
        n, out = self.size, []
        col, upward = n - 1, True
        while col > 0:
            if col == 6:
                col -= 1
            rows = range(n - 1, -1, -1) if upward else range(n)
            for r in rows:
                for c in (col, col - 1):
                    if not self.fixed[r][c]:
                        out.append((r, c))
            upward = not upward
            col -= 2
        return out


_MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda r, c: (r + c) % 2 == 0, lambda r, c: r % 2 == 0, lambda r, c: c % 3 == 0,
    lambda r, c: (r + c) % 3 == 0, lambda r, c: (r // 2 + c // 3) % 2 == 0,
    lambda r, c: (r * c) % 2 + (r * c) % 3 == 0, lambda r, c: ((r * c) % 2 + (r * c) % 3) % 2 == 0,
    lambda r, c: ((r + c) % 2 + (r * c) % 3) % 2 == 0,
)
_DARK_RUN = re.compile(r"1+")
_FINDER_LIKE = tuple(tuple(ch == "1" for ch in p) for p in ("10111010000", "00001011101"))


def _format_cells(n: int) -> list[list[tuple[int, int]]]:
    """For each of the 15 format bits (bit 0 first), the two modules that carry it."""
    cells: list[list[tuple[int, int]]] = []
    for i in range(15):
        if i < 6:
            first = (i, 8)
        elif i < 8:
            first = (i + 1, 8)
        elif i == 8:
            first = (8, 7)
        else:
            first = (8, 14 - i)
        cells.append([first, (8, n - 1 - i) if i < 8 else (n - 15 + i, 8)])
    return cells


class _Plan:
    """One version's symbol as big integers over its n*n modules (row by row, the top left module the most
    significant bit): the function patterns, the eight masks over the data modules, the format bits of each
    mask; and where the data bits go."""

    def __init__(self, version: int) -> None:
        symbol = _Symbol(version)
        n = self.size = symbol.size
        self.cells = n * n
        self.bit = [1 << (self.cells - 1 - r * n - c) for r in range(n) for c in range(n)]
        self.function = sum(self.bit[r * n + c] for r in range(n) for c in range(n) if symbol.grid[r][c])
        self.data_cells = [r * n + c for r, c in symbol.positions]
        # for each module, row by row: which bit of the data stream it shows (one past the end: a "0")
        source = [len(self.data_cells)] * self.cells
        for i, cell in enumerate(self.data_cells):
            source[cell] = i
        self.place = operator.itemgetter(*source)
        self.masks = [sum(self.bit[r * n + c] for r, c in symbol.positions if fn(r, c)) for fn in _MASKS]
        cells = _format_cells(n)
        self.formats = []
        for m in range(8):
            fmt = _bch((_LEVEL_M_BITS << 3) | m, 0x537, 11, 5) ^ 0x5412
            self.formats.append(sum(self.bit[r * n + c] for i in range(15) if (fmt >> i) & 1 for r, c in cells[i]))
        self.all = (1 << self.cells) - 1
        # the modules that are the top left of a 2x2 block, the first of five in a row, the top of five in a column
        self.block_corners = sum(self.bit[r * n + c] for r in range(n - 1) for c in range(n - 1))
        self.row_starts = sum(self.bit[r * n + c] for r in range(n) for c in range(n - 4))
        self.column_starts = sum(self.bit[r * n + c] for r in range(n - 4) for c in range(n))
        # the first of eleven in a row, the top of eleven in a column (where a finder-like pattern can start)
        self.row_starts11 = sum(self.bit[r * n + c] for r in range(n) for c in range(n - 10))
        self.column_starts11 = sum(self.bit[r * n + c] for r in range(n - 10) for c in range(n))

    def penalty(self, g: int) -> int:
        n, light = self.size, g ^ self.all
        score = 0
        # 1:1:3:1:1 with four light modules before or after, in a row or a column (neither pattern overlaps
        # itself, so counting every place one starts counts what a search for them one after another finds)
        for step, starts in ((1, self.row_starts11), (n, self.column_starts11)):
            for pattern in _FINDER_LIKE:
                found = starts
                for k, dark in enumerate(pattern):
                    found &= (g if dark else light) << (k * step)
                score += 40 * found.bit_count()
        for v in (g, g ^ self.all):  # dark modules, then light ones
            score += 3 * (v & (v << 1) & (v << n) & (v << (n + 1)) & self.block_corners).bit_count()
            # a run of five or more scores its length - 2: one per window of five in it, plus two per run
            for step, starts in ((1, self.row_starts), (n, self.column_starts)):
                windows = v & (v << step) & (v << 2 * step) & (v << 3 * step) & (v << 4 * step) & starts
                score += windows.bit_count() + 2 * (windows & ~(windows >> step)).bit_count()
        score += 10 * (abs(g.bit_count() * 20 - self.cells * 10) // self.cells)
        return score


_plans: dict[int, _Plan] = {}


def qr_matrix(text: str, mask: int | None = None) -> list[str]:
    """The modules of ``text`` (UTF-8, byte mode, level M) as rows of "0"/"1", without the quiet zone; the mask
    with the lowest penalty unless ``mask`` is given."""
    data = text.encode("utf-8")
    version = _version_for(data)
    plan = _plans.get(version) or _plans.setdefault(version, _Plan(version))
    words = _codewords(data, version)
    stream = "".join(f"{w:08b}" for w in words)
    # the data modules before masking, row by row (the function modules and remainder bits 0)
    placed = int("".join(plan.place(stream + "0" * (len(plan.data_cells) - len(stream)) + "0")), 2)
    candidates = range(8) if mask is None else (mask,)
    symbols = [(plan.function | plan.formats[m] | (placed ^ plan.masks[m])) for m in candidates]
    best = symbols[0] if mask is not None else min(symbols, key=plan.penalty)
    n, text = plan.size, format(best, f"0{plan.cells}b")
    return [text[i:i + n] for i in range(0, plan.cells, n)]


def dark_runs(rows: Sequence[str]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of every horizontal run of dark modules."""
    return [(r, m.start(), m.end() - m.start()) for r, row in enumerate(rows) for m in _DARK_RUN.finditer(row)]


class QrFlowable(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """The code ``size`` points square, with a quiet zone of ``border`` modules, drawn in black as one path."""

    def __init__(self, text: str, size: float, border: int = 2) -> None:
        super().__init__()
        self.text, self.size, self.border = text, size, border
        self.width = self.height = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        matrix = qr_matrix(self.text)
        n = len(matrix)
        module = self.size / (n + 2 * self.border)
        canvas: Any = self.canv
        canvas.saveState()
        canvas.setFillColorRGB(0, 0, 0)
        # module units, row 0 at the top: x right, y up from the bottom of the symbol
        canvas.transform(module, 0, 0, module, self.border * module, self.border * module)
        ops = " ".join([f"{c} {n - 1 - r} {w} 1 re" for r, c, w in dark_runs(matrix)])
        canvas.addLiteral(ops + " f")
        canvas.restoreState()
