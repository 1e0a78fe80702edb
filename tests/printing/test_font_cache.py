"""The kept subsetting, widths and font objects give exactly reportlab's bytes and widths, and a whole record's PDF
is the same file with or without them."""

from __future__ import annotations

import io
import random
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.models.visits import records
from desktop.paths import database_path
from desktop.printing import fonts
from desktop.printing.font_cache import Subsetter, cache_widths
from desktop.printing.visit_record import build_visit_record
from tests.support.requests import Station, clone, make_station
from tests.support.visits import signed_visit


def same_file(name: str) -> TTFont:
    """The documents' font file loaded again as reportlab does, without the kept subsetting and widths."""
    if not fonts.cjk_font().embedded:
        pytest.skip("no TrueType CJK font on this computer")
    face = pdfmetrics.getFont(fonts.FONT_NAME).face
    return TTFont(name, face.filename, subfontIndex=int(face.subfontNameX[1:] or 0))


@pytest.fixture(scope="module")
def stock() -> TTFont:
    return same_file("QSCJK-stock")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Station:
    return make_station(tmp_path_factory.mktemp("fonts") / "template.sqlite3")


def subsets(font: TTFont) -> Iterator[list[int]]:
    rng = random.Random(12)
    codes = sorted(font.face.charToGlyph)
    yield [32, *map(ord, "现场服务记录签字确认，。：0123456789abcdef")]
    yield list(range(0, 256))
    for _ in range(6):
        yield rng.sample(codes, rng.randint(1, 256))
    yield [0x10FFFF - 3, 0xE000, 65]  # characters the font lacks map to glyph 0


def test_the_subsets_are_reportlabs(stock: TTFont) -> None:
    fast = Subsetter(stock.face)
    for subset in subsets(stock):
        assert fast.make_subset(subset) == stock.face.makeSubset(subset)


def test_the_widths_are_reportlabs(stock: TTFont) -> None:
    cached = same_file("QSCJK-cached")
    cache_widths(cached)
    for text in ("", "现场服务记录", "Quality Station 2026", "覃春梅（质量部经理）", "\u00a0\t", "柳州" * 50):
        for size in (7, 8.5, 10.5, 20):
            assert cached.stringWidth(text, size) == stock.stringWidth(text, size)  # and again, from the cache
            assert cached.stringWidth(text, size) == stock.stringWidth(text, size)
            assert cached.stringWidth(text.encode("utf-8"), size) == stock.stringWidth(text, size)


def test_a_record_is_the_same_file(stock: TTFont, template: Station, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    st = clone(template, database_path(tmp_path))
    content = records.record_content(st.db, signed_visit(st, work_done="检查企业计量器具台账。" * 40))
    st.db.close()
    ours = io.BytesIO()
    build_visit_record(content, ours)
    registered = pdfmetrics.getFont(fonts.FONT_NAME)
    monkeypatch.setattr(registered.face, "makeSubset", stock.face.makeSubset)
    monkeypatch.setattr(registered, "stringWidth", stock.stringWidth)
    monkeypatch.setattr(registered, "addObjects", types.MethodType(TTFont.addObjects, registered))
    theirs = io.BytesIO()
    build_visit_record(content, theirs)
    assert ours.getvalue() == theirs.getvalue()


def test_the_first_subset_is_made_once_and_shown_the_same(template: Station, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Every record assigns the same characters first, so its first font subset is the last record's, kept;
    a record prints pixel for pixel what it printed without that."""
    import shutil
    import subprocess

    from desktop.printing import visit_record

    st = clone(template, database_path(tmp_path))
    first = records.record_content(st.db, signed_visit(st, work_done="覃春梅检查压力表。"))
    second = records.record_content(st.db, signed_visit(st, work_done="韦国强讲解计量法。"))
    st.db.close()
    subsetter = pdfmetrics.getFont(fonts.FONT_NAME).face.makeSubset.__self__
    made: list[tuple[int, ...]] = []
    real = subsetter._make
    monkeypatch.setattr(subsetter, "_make", lambda subset: made.append(tuple(subset)) or real(subset))
    subsetter.kept.clear()
    build_visit_record(first, io.BytesIO())
    first_subset = made[0]
    assert len(made) >= 2 and len(first_subset) == 256
    assert "".join(map(chr, first_subset[1:32])) == visit_record.FIRST_SUBSET_SEED[:31]
    made.clear()
    build_visit_record(second, io.BytesIO())
    assert made and first_subset not in made  # only the record's own characters made a subset

    if shutil.which("pdftoppm") is None:
        return
    pages = []
    for seed in (visit_record.FIRST_SUBSET_SEED, ""):
        monkeypatch.setattr(visit_record, "FIRST_SUBSET_SEED", seed)
        pdf = tmp_path / f"seed-{len(seed)}.pdf"
        build_visit_record(second, pdf)
        subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(tmp_path / f"seed-{len(seed)}")], check=True)
        pages.append(sorted((p.name.split("-")[-1], p.read_bytes()) for p in tmp_path.glob(f"seed-{len(seed)}-*.png")))
    assert pages[0] == pages[1] and pages[0]


def test_a_kept_paragraph_is_parsed_once_and_copied() -> None:
    from desktop.printing.layout import KeptParagraph, esc, styles

    st = styles()
    assert styles() is st  # the same style objects for every document: kept paragraphs are keyed by them
    text = esc("服务对象 <b>A&B</b>\n第二行")
    first, second = KeptParagraph(text, st.normal), KeptParagraph(text, st.normal)
    assert [f.text for f in first.frags] == [f.text for f in second.frags]
    assert all(a is not b for a, b in zip(first.frags, second.frags, strict=True))
    assert "<b>A&B</b>" in "".join(f.text for f in first.frags)  # escaped markup printed literally
    first.frags[0].text = "changed"
    assert KeptParagraph(text, st.normal).frags[0].text != "changed"
    assert KeptParagraph(text, st.small).style is st.small


def test_a_kept_paragraph_breaks_its_lines_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus import Paragraph

    from desktop.printing.layout import KeptParagraph, styles

    paragraph = KeptParagraph("检查企业计量器具台账，核对压力表、电子秤的检定证书和检定标识。" * 3, styles().normal)
    broken: list[float] = []
    real = Paragraph.breakLinesCJK
    monkeypatch.setattr(Paragraph, "breakLinesCJK", lambda self, widths: broken.append(widths[0]) or real(self, widths))
    first = paragraph.wrap(200, 500)
    assert paragraph.wrap(200, 80) == first and broken == [200]  # the height plays no part
    narrower = paragraph.wrap(120, 500)
    assert narrower[1] > first[1] and broken == [200, 120]
    assert paragraph.wrap(200, 500) == first and broken == [200, 120, 200]
