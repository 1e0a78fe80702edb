"""The QR encoder: module for module what reportlab's encoder makes (same version, same mask) for every
version a record's code can need; the penalty rules as ISO/IEC 18004 counts them; and the drawn code scanned."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desktop.printing import qr
from desktop.printing.visit_record import qr_payload

_RUN = re.compile(r"0{5,}|1{5,}")


def reportlab_rows(text: str, mask: int) -> list[str]:
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, mask)
    return ["".join("1" if m else "0" for m in row) for row in code.modules]


@pytest.mark.parametrize("length", [5, 20, 26, 40, 48, 60, 80, 100, 112, 130, 150, 170, 200, 210])
def test_the_modules_are_reportlabs(length: int) -> None:
    rng = random.Random(length)
    text = "".join(rng.choice("QSVISIT:0123456789abcdef-") for _ in range(length))  # byte mode, as ours
    for mask in range(8):
        assert qr.qr_matrix(text, mask) == reportlab_rows(text, mask)


def test_chinese_text_is_utf8_bytes() -> None:
    assert qr.qr_matrix("柳州市质量服务站", 2) == reportlab_rows("柳州市质量服务站", 2)


def test_too_long_a_text_is_refused() -> None:
    with pytest.raises(ValueError):
        qr.qr_matrix("x" * 300)


def reference_penalty(rows: list[str]) -> int:
    n = len(rows)
    lines = rows + ["".join(c) for c in zip(*rows, strict=True)]
    score = sum(len(m) - 2 for line in lines for m in _RUN.findall(line))
    score += 40 * sum(line.count("10111010000") + line.count("00001011101") for line in lines)
    score += 3 * sum(len({rows[r][c], rows[r][c + 1], rows[r + 1][c], rows[r + 1][c + 1]}) == 1
                     for r in range(n - 1) for c in range(n - 1))
    dark = sum(row.count("1") for row in rows)
    return score + 10 * (abs(dark * 20 - n * n * 10) // (n * n))


@pytest.mark.parametrize("version", [1, 4, 7, 10])
def test_the_penalty_counts_as_the_standard_says(version: int) -> None:
    plan = qr._Plan(version)
    rng = random.Random(version)
    for _ in range(10):  # dense, sparse and even patterns
        bits = rng.getrandbits(plan.cells)
        for symbol in (bits, bits & rng.getrandbits(plan.cells), bits | rng.getrandbits(plan.cells)):
            text = format(symbol, f"0{plan.cells}b")
            rows = [text[i:i + plan.size] for i in range(0, plan.cells, plan.size)]
            assert plan.penalty(symbol) == reference_penalty(rows)


def test_the_chosen_mask_has_the_lowest_penalty() -> None:
    text = qr_payload("0f8fad5b-d9cb-469f-a165-70867728950e", "ab" * 32)
    plan = qr._Plan(7)
    chosen = int("".join(qr.qr_matrix(text)), 2)
    assert plan.penalty(chosen) == min(plan.penalty(int("".join(qr.qr_matrix(text, m)), 2)) for m in range(8))


def test_dark_runs() -> None:
    assert qr.dark_runs(["0110111", "1000000"]) == [(0, 1, 2), (0, 4, 3), (1, 0, 1)]


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
                    reason="zbar-tools and poppler-utils are installed by test.sh")
def test_the_drawn_code_scans(tmp_path: Path) -> None:
    text = qr_payload("0f8fad5b-d9cb-469f-a165-70867728950e", "0123456789abcdef" * 4)
    pdf = tmp_path / "code.pdf"
    canvas = Canvas(str(pdf), pagesize=(40 * mm, 40 * mm))
    flowable = qr.QrFlowable(text, 24 * mm)
    flowable.drawOn(canvas, 8 * mm, 8 * mm)
    canvas.save()
    subprocess.run(["pdftoppm", "-r", "200", "-png", str(pdf), str(tmp_path / "code")], check=True)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", *map(str, tmp_path.glob("code*.png"))],
                             capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == text
