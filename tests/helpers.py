"""Small helpers for reading rendered pages in tests."""

from __future__ import annotations

import html
import re

from django.utils.html import strip_tags


def page_text(response) -> str:
    """The response's visible text: tags removed, entities decoded, whitespace collapsed."""
    content = response.content.decode()
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S | re.I)
    return " ".join(html.unescape(strip_tags(content)).split())


def assert_in_order(text: str, *parts: str) -> None:
    """Each of ``parts`` occurs in ``text``, each after the previous one."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} not found after position {position} in: {text[:2000]!r}"
        position = found + len(part)


def between(text: str, start: str, end: str | None) -> str:
    """The part of ``text`` after the first ``start`` and before the next ``end`` (or the end)."""
    begin = text.index(start) + len(start)
    if end is None:
        return text[begin:]
    stop = text.find(end, begin)
    return text[begin:] if stop < 0 else text[begin:stop]
