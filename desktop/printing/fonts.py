"""The Chinese font printed documents are set in: a TrueType font found on this computer, embedded.

reportlab embeds (a subset of) a TrueType font, so a PDF shows the same on any computer. It cannot embed
CFF/OpenType-PostScript fonts (Noto CJK .otf). Windows has Microsoft YaHei and SimSun, Linux WenQuanYi and
others; ``QUALITY_STATION_PDF_FONT`` (``path`` or ``path#index`` for a .ttc collection) chooses one
explicitly. When no TrueType CJK font is found, the built-in STSong-Light CID font is used as a last
resort: it is *not* embedded (the reader's computer must supply it), and ``FontChoice.warning`` says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop.printing.font_cache import speed_up

FONT_NAME = "QSCJK"
FALLBACK_NAME = "STSong-Light"
ENV_VAR = "QUALITY_STATION_PDF_FONT"
SAMPLE = "现场服务记录签字确认柳州质量"  # a font must have all of these to be chosen

NOT_EMBEDDED_WARNING = (
    "No Chinese TrueType font was found on this computer, so documents use the built-in STSong-Light font, "
    "which is not embedded: other computers may show boxes. Install Microsoft YaHei or SimSun (Windows) or "
    "WenQuanYi Micro Hei (Linux: fonts-wqy-microhei).")


def _windows_fonts() -> list[tuple[Path, int]]:
    root = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [(root / "msyh.ttc", 0), (root / "msyh.ttf", 0), (root / "simsun.ttc", 0), (root / "simhei.ttf", 0),
            (root / "simkai.ttf", 0), (root / "simfang.ttf", 0)]


LINUX_FONTS = [
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
    (Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
    (Path("/usr/share/fonts/truetype/arphic/ukai.ttc"), 0),
    (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
]
MAC_FONTS = [
    (Path("/System/Library/Fonts/STHeiti Medium.ttc"), 0),
    (Path("/System/Library/Fonts/STHeiti Light.ttc"), 0),
    (Path("/Library/Fonts/Arial Unicode.ttf"), 0),
    (Path("/System/Library/Fonts/Supplemental/Songti.ttc"), 0),
]


@dataclass(frozen=True)
class FontChoice:
    name: str  # the reportlab font name to use in styles
    family: str  # what it is, for people: "WenQuanYi Micro Hei"
    path: str  # the file, "" for the built-in fallback
    embedded: bool
    warning: str  # "" unless the fallback is used

    @property
    def label(self) -> str:
        return f"{self.family} ({'embedded' if self.embedded else 'NOT embedded'})"


def _from_env() -> list[tuple[Path, int]]:
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return []
    path, _, index = value.partition("#")
    return [(Path(path), int(index) if index.isdigit() else 0)]


def _fontconfig_candidates() -> list[tuple[Path, int]]:
    """Chinese fonts fontconfig knows of (Linux), TrueType first."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        out = subprocess.run([fc_list, ":lang=zh", "file", "index"], capture_output=True, text=True, timeout=10,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        file_part, _, rest = line.partition(":")
        index = rest.strip().removeprefix("index=").strip()
        path = Path(file_part.strip())
        if path.suffix.lower() in (".ttf", ".ttc"):
            found.append((path, int(index) if index.isdigit() else 0))
    return sorted(found, key=lambda c: (c[0].suffix.lower() != ".ttc", str(c[0])))


def candidates() -> list[tuple[Path, int]]:
    """Font files to try, in order of preference, for this platform."""
    if os.name == "nt":
        listed = _windows_fonts()
    elif sys.platform == "darwin":
        listed = MAC_FONTS
    else:
        listed = LINUX_FONTS + _fontconfig_candidates()
    seen: set[tuple[str, int]] = set()
    result = []
    for path, index in _from_env() + listed:
        key = (str(path), index)
        if key not in seen:
            seen.add(key)
            result.append((path, index))
    return result


def _load(path: Path, index: int) -> TTFont | None:
    if not path.is_file():
        return None
    try:
        font = TTFont(FONT_NAME, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError, KeyError, IndexError):
        return None  # CFF outlines, no embedding permission, damaged file
    glyphs = getattr(font.face, "charToGlyph", {})
    if not all(ord(ch) in glyphs for ch in SAMPLE):
        return None
    return font


_lock = threading.Lock()
_chosen: FontChoice | None = None


def cjk_font() -> FontChoice:
    """The font documents use, registered with reportlab on first call (once per process)."""
    global _chosen
    with _lock:
        if _chosen is not None:
            return _chosen
        for path, index in candidates():
            font = _load(path, index)
            if font is not None:
                speed_up(font)  # subsetting and widths kept for every document after the first
                pdfmetrics.registerFont(font)
                family = font.face.familyName
                family = family.decode("utf-8", "replace") if isinstance(family, bytes) else str(family)
                _chosen = FontChoice(FONT_NAME, family or path.stem, str(path), True, "")
                break
        else:
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_NAME))
            _chosen = FontChoice(FALLBACK_NAME, FALLBACK_NAME, "", False, NOT_EMBEDDED_WARNING)
        return _chosen


def reset_for_tests() -> None:
    """Forget the choice (tests that change ``QUALITY_STATION_PDF_FONT``)."""
    global _chosen
    with _lock:
        _chosen = None
