"""A catalogue of hostile text: what people paste, what attackers type, what old spreadsheets hold.

Every text entry point must either refuse a string with a message for its field, or store it exactly and
show, export and print it as data (never markup, never a formula, never SQL). ``REFUSED`` are the strings
no field stores (control characters); ``ONE_LINE_REFUSED`` adds what only multi-line fields accept (tab,
newline). Everything else is ``KEPT``: stored and given back exactly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hostile:
    key: str  # a short id for the test's name
    text: str


KEPT: tuple[Hostile, ...] = (
    Hostile("bold", "<b>粗体</b>公司"),
    Hostile("script", "<script>alert('x')</script>"),
    Hostile("font", '<font color="red" size="40">红字</font>'),
    Hostile("para_end", "</para><para>新段落"),
    Hostile("img", '<img src="/etc/passwd"/>'),
    Hostile("entity", "&amp; &lt;b&gt; &#60;"),
    Hostile("sql", "'; DROP TABLE client;--"),
    Hostile("sql_or", "x' OR '1'='1"),
    Hostile("formula_eq", "=HYPERLINK(\"http://x\",\"点我\")"),
    Hostile("formula_cmd", "=cmd|' /C calc'!A0"),
    Hostile("formula_plus", "+1+1"),
    Hostile("formula_minus", "-2+3"),
    Hostile("formula_at", "@SUM(A1:A2)"),
    Hostile("apostrophe", "'=1+1"),
    Hostile("emoji", "柳州😀螺蛳粉🍜"),
    Hostile("zwj", "家庭👨‍👩‍👧‍👦团队"),
    Hostile("astral_cjk", "𠀀𪚥𫝆企业"),
    Hostile("rtl", "\u202eabc\u202c公司"),
    Hostile("bidi_isolate", "\u2067مرحبا\u2069 \u200f"),
    Hostile("fullwidth", "ＡＢＣ１２３（有限公司）"),
    Hostile("combining", "e\u0301a\u0308\u0338柳"),
    Hostile("zero_width", "柳\u200b州\ufeff"),
    Hostile("percent_braces", "%s %d {0} {name} %(x)s"),
    Hostile("backslash", "C:\\temp\\new\\x00"),
)

REFUSED: tuple[Hostile, ...] = (
    Hostile("nul", "柳州\x00公司"),
    Hostile("bell", "柳州\x07公司"),
    Hostile("escape", "\x1b[31m红色\x1b[0m"),
    Hostile("vertical_tab", "a\x0bb"),
    Hostile("form_feed", "a\x0cb"),
    Hostile("carriage_return", "a\rb"),
    Hostile("unit_separator", "a\x1fb"),
    Hostile("del", "a\x7fb"),
    Hostile("c1_nel", "a\x85b"),
    Hostile("c1_csi", "a\x9bb"),
)

# only multi-line fields (notes, descriptions) keep these
MULTI_LINE_ONLY: tuple[Hostile, ...] = (
    Hostile("tab_prefix", "\t=1+1"),
    Hostile("newline", "第一行\n第二行"),
)

LONG = "长" * 10_000  # longer than every field: refused for its length


def ids(items: tuple[Hostile, ...]) -> list[str]:
    return [h.key for h in items]
