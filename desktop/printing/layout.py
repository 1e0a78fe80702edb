"""What every printed document shares: A4, the station's header, CJK styles, "第 x 页 共 y 页", escaping.

User text is always data: ``esc`` escapes it for reportlab's paragraph markup (``<b>``, ``</para>``,
``<img src=…>`` print literally) and ``paragraphs`` turns a long text into one paragraph per line, so it
flows over pages without losing a line (a table cell cannot split across pages; a paragraph can).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, ClassVar
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop.models.core.clock import format_time
from desktop.models.core.validators import clean_text
from desktop.printing import numbers
from desktop.printing.font_cache import FIRST_SUBSET_SIZE, FLATE, seed_first_subset
from desktop.printing.fonts import FontChoice, cjk_font

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 25 * mm  # the running header lives above this
MARGIN_BOTTOM = 22 * mm  # the page number lives below this
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
# the body frame, for reading a document's own text back (verification): left, bottom, right, top in points
BODY_BOX = (MARGIN_X - 2, MARGIN_BOTTOM - 2, PAGE_WIDTH - MARGIN_X + 2, PAGE_HEIGHT - MARGIN_TOP + 2)
GRID = colors.HexColor("#444444")
SHADE = colors.HexColor("#EEEEEE")

_build_lock = threading.Lock()  # reportlab's font subsetting state is not thread-safe
# binary streams: reportlab's default ASCII85 text encoding makes every stream 25 % larger and costs more time
# than the compression; a reader shows the same either way (False only for tests that make older files)
BINARY_STREAMS = True


def esc(text: str | None) -> str:
    """User text as paragraph markup that shows it literally; line breaks kept."""
    return escape(clean_text(text or "", multiline=True)).replace("\n", "<br/>")


def when(at: datetime | None, zone: str | None = None) -> str:
    """A time as documents print it, in the station's time zone (or ``zone``) whatever the computer's setting."""
    return format_time(at, "%Y年%m月%d日 %H:%M", zone)


def day(d: date | None) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if d else ""


@dataclass(frozen=True)
class Styles:
    font: FontChoice
    normal: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    right: ParagraphStyle


def styles() -> Styles:
    """The documents' styles in the CJK font (the same objects for every document: kept paragraphs are keyed
    by them)."""
    return _styles(cjk_font())


@functools.cache
def _styles(font: FontChoice) -> Styles:

    def style(name: str, size: float, leading: float, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font.name, fontSize=size, leading=leading, wordWrap="CJK", **kw)

    return Styles(
        font=font,
        normal=style("normal", 10.5, 16),
        small=style("small", 8, 11, textColor=colors.HexColor("#333333")),
        label=style("label", 10.5, 15),
        heading=style("heading", 12, 18, spaceBefore=8, spaceAfter=4),
        title=style("title", 20, 28, alignment=TA_CENTER, spaceAfter=2),
        subtitle=style("subtitle", 11, 16, alignment=TA_CENTER, textColor=colors.HexColor("#333333")),
        right=style("right", 10.5, 16, alignment=TA_RIGHT),
    )


class KeptParagraph(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
    """A ``Paragraph`` whose parsed markup is kept by text and style, so the labels and headings every document
    prints are parsed once per process (each paragraph gets its own copies of the fragments), and, when every
    character it prints has the same code in every document of its kind (see ``FixedCodes``), the page
    operators it draws are kept too, by text, style and width, and written again as they are."""

    _parsed: ClassVar[dict[tuple[str, ParagraphStyle], tuple[str, ParagraphStyle, list[Any]]]] = {}
    _parsed_samples: ClassVar[dict[ParagraphStyle, tuple[ParagraphStyle, Any]]] = {}
    _broken: ClassVar[dict[tuple[Any, ...], tuple[Any, float, list[float]]]] = {}
    _drawn: ClassVar[dict[tuple[Any, ...], tuple[str, ...]]] = {}
    LIMIT: ClassVar[int] = 4000
    _kept_key: tuple[str, ParagraphStyle] | None = None
    _key_now: tuple[Any, ...] | None
    width: float
    height: float
    blPara: Any
    _wrapWidths: list[float]

    def _setup(self, text: str, style: ParagraphStyle, bulletText: Any, frags: Any,
               cleaner: Callable[[str], str]) -> None:
        if frags is not None or bulletText:  # a part of a split paragraph: nothing kept
            super()._setup(text, style, bulletText, frags, cleaner)
            return
        key = self._kept_key = (text, style)
        kept = self._parsed.get(key)
        if kept is None and text and "<" not in text and "&" not in text:
            kept = self._plain(text, style, cleaner)  # no markup: parsed as a one-word text in this style would be
        if kept is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            if len(self._parsed) >= self.LIMIT:
                self._parsed.clear()
            self._parsed[key] = (self.text, self.style, [f.clone() for f in self.frags])
            return
        cleaned, parsed_style, parsed = kept
        super()._setup(cleaned, parsed_style, bulletText, [f.clone() for f in parsed], cleaner)

    @classmethod
    def _plain(cls, text: str, style: ParagraphStyle,
               cleaner: Callable[[str], str]) -> tuple[str, ParagraphStyle, list[Any]] | None:
        """What parsing ``text`` (no tags, no entities) gives: the fragment reportlab's parser makes of such a text
        in this style, with this text (None when that is not one fragment of the text as cleaned)."""
        cleaned = cleaner(text)
        sample = cls._parsed_samples.get(style)
        if sample is None:
            probe = Paragraph("x", style)
            sample = cls._parsed_samples[style] = (probe.style, probe.frags[0] if len(probe.frags) == 1 else None)
        parsed_style, frag = sample
        if frag is None or not cleaned or cleaned != cleaned.strip():
            return None
        frag = frag.clone()
        frag.text = cleaned
        return cleaned, parsed_style, [frag]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The lines broken for a width are kept, for this paragraph (a table or a KeepTogether wraps its
        paragraphs more than once at the same width: reportlab's wrap does not depend on the height) and by text,
        style and width for the next new paragraph that says the same (the lines are only read afterwards)."""
        if getattr(self, "_kept_width", None) == availWidth and getattr(self, "blPara", None) is not None:
            return self.width, self.height
        # lines are shared read-only; reportlab changes them only to draw justified or right-to-left text
        shared = self.style.alignment != TA_JUSTIFY and self.style.wordWrap != "RTL"
        key = None if self._kept_key is None or not shared else (*self._kept_key, availWidth)
        fresh = getattr(self, "_kept_width", None) is None  # wrapped again at another width: broken again
        broken = None if key is None or not fresh else self._broken.get(key)
        if broken is None:
            size: tuple[float, float] = super().wrap(availWidth, availHeight)
            if key is not None:
                if len(self._broken) >= self.LIMIT:
                    self._broken.clear()
                self._broken[key] = (self.blPara, self.height, self._wrapWidths)
        else:
            self.blPara, self.height, self._wrapWidths = broken
            self.width = availWidth
            size = (self.width, self.height)
        self._kept_width = availWidth
        return size

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """reportlab's ``drawOn`` (save the state, move to the paragraph, draw, restore), written out at once for
        a paragraph whose drawing is kept: the same operators, without the canvas's state kept and restored."""
        self.canv = canvas
        key = self._drawn_key()
        del self.canv
        drawn = None if key is None or getattr(self, "_showBoundary", None) else self._drawn.get(key)
        if drawn is None:
            self._key_now = key  # for draw, which reportlab's drawOn calls
            try:
                super().drawOn(canvas, x, y, _sW)
            finally:
                del self._key_now
            return
        x = self._hAlignAdjust(x, _sW)
        code: list[str] = canvas._code
        code += ("q", f"{numbers.kept_fp_str(1, 0, 0, 1, x, y)} cm", *drawn, "Q")

    def draw(self) -> None:
        key = self._key_now if hasattr(self, "_key_now") else self._drawn_key()
        if key is None:
            super().draw()
            return
        code: list[str] = self.canv._code
        drawn = self._drawn.get(key)
        if drawn is None:
            start = len(code)
            super().draw()
            if len(self._drawn) >= self.LIMIT:
                self._drawn.clear()
            self._drawn[key] = tuple(code[start:])
        else:
            code.extend(drawn)

    def _drawn_key(self) -> tuple[Any, ...] | None:
        """What the operators this paragraph draws depend on, or None when they may differ between documents."""
        fixed: FixedCodes | None = getattr(self.canv, "fixed_codes", None)
        width = getattr(self, "_kept_width", None)
        if fixed is None or self._kept_key is None or width is None or getattr(self, "blPara", None) is None:
            return None
        for frag in self.frags:
            if (frag.fontName != fixed.font or getattr(frag, "cbDefn", None) or getattr(frag, "link", None)
                    or not fixed.chars.issuperset(frag.text)):
                return None
        # the font named as this document names it (and so, as drawing the paragraph would, registered in it)
        name = pdfmetrics.getFont(fixed.font).getSubsetInternalName(0, self.canv._doc)
        return (*self._kept_key, width, self.width, self.height, fixed.font, fixed.seed, name)


@dataclass(frozen=True)
class FixedCodes:
    """The characters that have the same code in every document built with ``seed`` (assigned first, in its
    order, see ``font_cache.seed_first_subset``) and printable ASCII (reportlab gives it its own codes) in
    ``font``'s first subset."""

    font: str
    seed: str
    chars: frozenset[str]

    @staticmethod
    def of(font: Any, seed: str) -> FixedCodes | None:
        face = getattr(font, "face", None)
        if not hasattr(font, "splitString") or face is None:
            return None
        seeded = [c for c in seed if ord(c) in face.charToGlyph]
        if len(seeded) > FIRST_SUBSET_SIZE:  # all of them in the first subset, or nothing is kept
            return None
        return FixedCodes(font.fontName, seed, frozenset(seeded) | frozenset(map(chr, range(32, 127))))


def paragraphs(text: str, style: ParagraphStyle, empty: str = "") -> list[Flowable]:
    """One paragraph per line of ``text`` (escaped), so a long text splits across pages anywhere."""
    lines = (text or "").split("\n")
    if not (text or "").strip():
        return [KeptParagraph(esc(empty), style)] if empty else []
    return [KeptParagraph(esc(line), style) if line.strip() else Spacer(1, style.leading / 2) for line in lines]


def font_command() -> tuple[Any, ...]:
    """Every table's cells in the CJK font: reportlab sets a cell's font even for flowable cells, and the
    default would put a non-embedded Helvetica into the file."""
    return ("FONTNAME", (0, 0), (-1, -1), cjk_font().name)


def grid_table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, header: bool = False,
               label_columns: Iterable[int] = (), min_height: float | None = None) -> Table:
    """A ruled table. Cells are flowables (give Paragraphs, never plain strings: those fall back to
    Helvetica); label columns are shaded; ``min_height`` makes rows tall enough to write in by pen."""
    table = Table(list(map(list, rows)), colWidths=list(widths),
                  rowHeights=[min_height] * len(rows) if min_height else None)
    commands: list[tuple[Any, ...]] = [
        font_command(),
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    commands += [("BACKGROUND", (c, 0), (c, -1), SHADE) for c in label_columns]
    table.setStyle(TableStyle(commands))
    return table


def station_line(station: dict[str, str]) -> str:
    """The station as its header says it: "柳州市鱼峰区质量服务站"."""
    return station.get("name", "")


@functools.lru_cache(maxsize=16)
def _fixed_codes(font: str, seed: str) -> FixedCodes | None:
    return FixedCodes.of(pdfmetrics.getFont(font), seed)


def _numbered_canvas(draw_page: Callable[[Canvas, int, int], None], font: str, seed: str) -> type[Canvas]:
    """A canvas that holds its pages until the end, so each can say "第 x 页 共 y 页" (and gives ``seed``'s
    characters the font's first codes, see ``font_cache.seed_first_subset``)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            seed_first_subset(pdfmetrics.getFont(font), self._doc, seed)
            self.fixed_codes = _fixed_codes(font, seed)

        def showPage(self) -> None:  # reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                draw_page(self, number, total)
                super().showPage()
            super().save()

    return NumberedCanvas


@dataclass(frozen=True)
class Page:
    """The running parts of every page: header (station, document), footer (identity, page numbers)."""

    station: str
    document: str
    footer_left: str = ""

    def draw(self, canvas: Canvas, number: int, total: int, st: Styles) -> None:
        canvas.saveState()
        canvas.setFont(st.font.name, 8.5)
        canvas.setFillColor(colors.HexColor("#333333"))
        top = PAGE_HEIGHT - 14 * mm
        canvas.drawString(MARGIN_X, top, self.station)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, self.document)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 2.5 * mm, PAGE_WIDTH - MARGIN_X, top - 2.5 * mm)
        bottom = 12 * mm
        canvas.line(MARGIN_X, bottom + 4.5 * mm, PAGE_WIDTH - MARGIN_X, bottom + 4.5 * mm)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, bottom, f"第 {number} 页 共 {total} 页")
        if self.footer_left:
            canvas.setFont(st.font.name, 7)
            canvas.drawString(MARGIN_X, bottom, self.footer_left)
        canvas.restoreState()


@dataclass(frozen=True)
class Metadata:
    title: str
    subject: str = ""
    keywords: str = ""


def build(target: Path | BinaryIO, story: list[Flowable], page: Page, meta: Metadata, st: Styles,
          seed: str = "") -> None:
    """Lay ``story`` out on A4 pages with the running header and footer, and write the PDF.
    Deterministic (no creation date or random id in the file): the same content gives the same bytes.
    ``seed``: the characters every document of its kind prints, assigned the font's first codes."""
    out: Any = str(target) if isinstance(target, Path) else target
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=meta.title, subject=meta.subject, keywords=meta.keywords,
        author=page.station, creator="Quality Station", invariant=1,
        initialFontName=st.font.name)  # else every page names Helvetica, a font that is not embedded
    canvas_class = _numbered_canvas(lambda c, n, t: page.draw(c, n, t, st), st.font.name, seed)
    with _build_lock:
        ascii85, rl_config.useA85 = rl_config.useA85, (0 if BINARY_STREAMS else 1)
        flate, pdfdoc.PDFZCompress = pdfdoc.PDFZCompress, FLATE  # reportlab's, but kept font programs once
        try:
            with numbers.swapped():  # the same numbers as the last document, formatted once
                doc.build(story, canvasmaker=canvas_class)
        finally:
            rl_config.useA85 = ascii85
            pdfdoc.PDFZCompress = flate
