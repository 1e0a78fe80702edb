"""Hand-written signatures as data: strokes on a fixed logical canvas, validated, rendered to PNG.

A signature is a list of strokes; a stroke is a list of points ``(x, y, pressure, t)``, all integers:
``x`` in 0..WIDTH and ``y`` in 0..HEIGHT on the logical canvas (whatever the size of the pad on screen),
``pressure`` in 0..1000 (a mouse gives ``DEFAULT_PRESSURE``), ``t`` the milliseconds since the signature's
first point. Integers keep the canonical form (and so the record's hash) the same on every machine.

No Qt here: the PNG is drawn with Pillow, so demo data and the command line can make signatures too.
"""

from __future__ import annotations

import io
import itertools
import json
from collections.abc import Sequence

from PIL import Image, ImageDraw

from desktop.models.core.errors import Invalid

WIDTH = 1200
HEIGHT = 400
MAX_PRESSURE = 1000
DEFAULT_PRESSURE = 500
MAX_STROKES = 300
MAX_POINTS = 30_000
MAX_MILLISECONDS = 3_600_000  # an hour: longer is not a signature

Point = tuple[int, int, int, int]
Stroke = list[Point]


def _as_point(raw: object) -> Point:
    if not isinstance(raw, (list, tuple)) or len(raw) != 4:
        raise ValueError("a point is (x, y, pressure, t)")
    x, y, pressure, t = raw
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (x, y, pressure, t)):
        raise ValueError("point values are integers")
    if not (0 <= x <= WIDTH and 0 <= y <= HEIGHT and 0 <= pressure <= MAX_PRESSURE and 0 <= t <= MAX_MILLISECONDS):
        raise ValueError("point out of range")
    return (x, y, pressure, t)


def normalize(raw: object) -> list[Stroke]:
    """The strokes as lists of integer 4-tuples, or ``Invalid`` (field ``signature``) naming what is wrong."""
    try:
        if not isinstance(raw, (list, tuple)):
            raise ValueError("strokes are a list")
        strokes = [[_as_point(p) for p in stroke] for stroke in raw]
    except (TypeError, ValueError) as exc:
        raise Invalid({"signature": "The signature data is damaged."}) from exc
    strokes = [s for s in strokes if s]
    if len(strokes) > MAX_STROKES or sum(len(s) for s in strokes) > MAX_POINTS:
        raise Invalid({"signature": "The signature is too long: clear it and sign again."})
    return strokes


def check_signed(strokes: Sequence[Stroke]) -> None:
    """Refuse an empty pad: a signature needs at least one stroke that moves."""
    if not any(len({(x, y) for x, y, _p, _t in s}) >= 2 for s in strokes):
        raise Invalid({"signature": "The signature is empty: sign on the pad."})


def to_json(strokes: Sequence[Stroke]) -> str:
    return json.dumps([[list(p) for p in s] for s in strokes], separators=(",", ":"))


def from_json(text: str) -> list[Stroke]:
    return normalize(json.loads(text))


def _width(pressure: int, scale: float) -> float:
    return (3.0 + 7.0 * pressure / MAX_PRESSURE) * scale


def render_png(strokes: Sequence[Stroke], width: int = 600) -> bytes:
    """The signature drawn in dark ink on white, ``width`` pixels wide (3:1), anti-aliased by drawing at
    4x and reducing. Deterministic: the same strokes give the same bytes."""
    over = 4
    height = width * HEIGHT // WIDTH
    scale = width * over / WIDTH
    image = Image.new("L", (width * over, height * over), 255)
    draw = ImageDraw.Draw(image)
    ink = 20
    for stroke in strokes:
        points = [(x * scale, y * scale) for x, y, _p, _t in stroke]
        if len(points) == 1 or len(set(points)) == 1:
            r = _width(stroke[0][2], scale) / 2
            x, y = points[0]
            draw.ellipse((x - r, y - r, x + r, y + r), fill=ink)
            continue
        for (a, b), point in zip(itertools.pairwise(points), stroke[1:], strict=False):
            w = _width(point[2], scale)
            draw.line((a, b), fill=ink, width=max(1, round(w)))
            r = w / 2  # round joints
            draw.ellipse((b[0] - r, b[1] - r, b[0] + r, b[1] + r), fill=ink)
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
