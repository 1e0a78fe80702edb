"""Search terms of one or two characters, and the character index that serves them.

Search looks in a row's ``search_text``. Terms of 3+ characters go through the FTS5 trigram indexes
(``client_fts``, ``request_fts``), which cannot match fewer than three characters. A shorter term is looked
for as a plain substring (``needle`` says which text and how it is compared: ``scan_clause``), and is
served by the character indexes of migration 0012, ``client_chars`` and ``request_chars``, whenever the
index gives exactly the rows that scan would (``indexed``):

- their document is the lower-cased search text (SQLite's ``lower()``: ASCII letters only) with every
  character one token at its own position: its code point in hex, ``w`` for a space (tokenizer ``ascii``,
  ``detail=full``);
- a one-character term is that token; a two-character term is a phrase of two tokens at adjacent
  positions, which is exactly the pair of characters.

Triggers keep the indexes in step with the tables, working the document out in SQL (migration 0012); bulk
writers use ``document``, which gives the same tokens (``tests/models/test_short_search.py``).
"""

from __future__ import annotations

from collections.abc import Sequence

INDEXED_LENGTH = 2  # the longest needle the character index serves; longer ones go through trigram


def folds_case(term: str) -> bool:
    """Whether ``term`` is compared without ASCII case (it has an ASCII letter): then it is looked for in
    ``lower(search_text)``, lower-cased itself, like the trigram index does; otherwise as typed."""
    return any(ch.isascii() and ch.isalpha() for ch in term)


def needle(term: str) -> str:
    """What a 1–2 character search term looks for."""
    return term.lower() if folds_case(term) else term


def indexed(term: str) -> bool:
    """Whether the character index finds exactly the rows a scan for ``term`` finds: its needle is one or two
    characters, each either ASCII or without case (the index holds ``lower(search_text)``, which changes
    ASCII letters only; a term without ASCII letters is compared as typed, so no character of it may be one
    that lowering could give)."""
    found = needle(term)
    return 0 < len(found) <= INDEXED_LENGTH and all(
        ch.isascii() or (ch.lower() == ch and ch.upper() == ch) for ch in found)


def scan_clause(column: str, term: str, param: str) -> tuple[str, str]:
    """The row-by-row test for a short term (``column``: the row's search_text), and its parameter's value:
    with ASCII letters, lower() on both sides (SQLite lowers ASCII only); without, plain instr() (lower()
    costs a third more per row)."""
    if folds_case(term):
        return f"instr(lower({column}), :{param}) > 0", needle(term)
    return f"instr({column}, :{param}) > 0", term


def _token(code: int) -> str:
    return "w" if code == 0x20 else f"{code:x}"


def match(terms: Sequence[str]) -> str:
    """The FTS5 query that finds rows holding every one of ``terms`` (each ``indexed``): one token or a phrase
    of two adjacent tokens each, implicitly ANDed. Only hex digits and spaces: no user text reaches the
    query syntax."""
    return " ".join('"' + " ".join(_token(ord(ch)) for ch in needle(t)) + '"' for t in terms)


class _Tokens(dict[int, str]):
    """Character -> its token and a space: ``str.translate`` makes a document in one pass."""

    def __missing__(self, code: int) -> str:
        token = _token(code + 32 if 0x41 <= code <= 0x5A else code) + " "  # A-Z as lower() makes them
        self[code] = token
        return token


_TOKENS = _Tokens()


def document(search_text: str) -> str:
    """The character index's document for ``search_text`` (what migration 0012's SQL makes of it)."""
    return search_text.translate(_TOKENS).rstrip(" ")
