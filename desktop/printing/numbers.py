"""reportlab's number formatting (``fp_str``), remembered per number while our documents are built.

reportlab writes every coordinate, width and colour through ``fp_str`` (pure Python unless its optional C
accelerator is installed): a signed record calls it about 400 times, mostly for the same numbers as the last
record (the same layout, the same widths). ``kept_fp_str`` gives the same text from a dictionary; ``swapped()``
puts it in reportlab's modules while a document is built (under the build lock), and puts theirs back after.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from typing import Any

from reportlab.lib import rl_accel

_LIMIT = 20_000
_MODULES = ("reportlab.pdfgen.canvas", "reportlab.pdfgen.textobject", "reportlab.pdfgen.pathobject",
            "reportlab.pdfbase.pdfdoc", "reportlab.platypus.tables", "reportlab.platypus.flowables")
_real = rl_accel.fp_str
_kept: dict[Any, str] = {}


def _one(value: Any) -> str:
    key = (value.__class__, value)  # 1, 1.0 and True print alike, but keep them apart all the same
    text = _kept.get(key)
    if text is None:
        if len(_kept) >= _LIMIT:
            _kept.clear()
        text = _kept[key] = _real(value)
    return text


def kept_fp_str(*values: Any) -> str:
    """``fp_str``: the numbers (separate arguments or one sequence) as PDF writes them, separated by spaces."""
    if len(values) == 1 and isinstance(values[0], (tuple, list)):
        values = tuple(values[0])
    if len(values) == 1:
        return _one(values[0])
    return " ".join([_one(v) for v in values])


@contextlib.contextmanager
def swapped() -> Iterator[None]:
    """reportlab's modules use ``kept_fp_str`` inside the block (the caller holds the build lock)."""
    modules = [importlib.import_module(name) for name in _MODULES]
    before = [m.__dict__.get("fp_str") for m in modules]
    for m in modules:
        if "fp_str" in m.__dict__:
            m.__dict__["fp_str"] = kept_fp_str
    try:
        yield
    finally:
        for m, real in zip(modules, before, strict=True):
            if real is not None:
                m.__dict__["fp_str"] = real
