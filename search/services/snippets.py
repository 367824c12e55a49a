"""Result snippets: the passage of a page with most of the query's words, the words marked.

Everything is escaped before <mark> is added, so the snippet is safe HTML whatever the page or
the query contain. The text comes from the search index (services.index).
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import WORD

SNIPPET_WORDS = 30
_SENTENCE_COMMA = re.compile(r"([.!?:;]),")


def tidy(text: str) -> str:
    """Index text without the commas a StreamField's empty and sentence-final values leave
    («Telefon, , , Vakttelefon», «Ring 112., Ring politiet»)."""
    parts = (part.strip() for part in (text or "").split(","))
    joined = ", ".join(part for part in parts if part)
    return " ".join(_SENTENCE_COMMA.sub(r"\1", joined).split())


def _best_window(hits: list[bool], length: int) -> int:
    """The start of the ``length`` tokens with most matches (the first such), by a sliding
    sum."""
    count = best_count = sum(hits[:length])
    best = 0
    for start in range(1, len(hits) - length + 1):
        count += hits[start + length - 1] - hits[start - 1]
        if count > best_count:
            best, best_count = start, count
    return best


def highlight(text: str, words: frozenset[str], length: int | None = SNIPPET_WORDS) -> SafeString:
    """``text`` escaped, with ``words`` (lower case, NFKC) in <mark>; cut to the ``length``
    words around the most matches when ``length`` is given."""
    text = unicodedata.normalize("NFKC", text or "")
    spans = [m.span() for m in WORD.finditer(text)]
    if not spans:
        return mark_safe("")
    hits = [text[a:b].lower() in words for a, b in spans]
    first, last = 0, len(spans)
    if length is not None and len(spans) > length:
        best = _best_window(hits, length)
        # Start a little before the first match, so that it has some context.
        first_hit = next((i for i in range(best, best + length) if hits[i]), best)
        first = max(0, min(best, first_hit - 3))
        last = min(len(spans), first + length)
    pieces = ["… " if first > 0 else ""]
    position = spans[first][0]
    for index in range(first, last):
        start, end = spans[index]
        pieces.append(escape(text[position:start]))
        token = escape(text[start:end])
        pieces.append(f"<mark>{token}</mark>" if hits[index] else token)
        position = end
    if last < len(spans):
        pieces.append(" …")
    else:
        pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces).strip())
