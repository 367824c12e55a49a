"""Small helpers for reading rendered pages in tests, and what a request reads from the cache."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import caches
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


@contextmanager
def cache_reads() -> Iterator[list[str]]:
    """The keys read from the default cache while the block runs, in order, one entry per key
    (``get_many`` reads several in one round trip: they are joined with « + »), without the
    cache's key prefix and version."""
    cache = caches["default"]
    read: list[str] = []
    in_get_many = False  # local memory's get_many calls get for each key: one read, not three

    def get(key, *args, **kwargs):
        if not in_get_many:
            read.append(key)
        return plain_get(key, *args, **kwargs)

    def get_many(keys, *args, **kwargs):
        nonlocal in_get_many
        keys = list(keys)
        read.append(" + ".join(keys))
        in_get_many = True
        try:
            return plain_get_many(keys, *args, **kwargs)
        finally:
            in_get_many = False

    plain_get, plain_get_many = cache.get, cache.get_many
    cache.get, cache.get_many = get, get_many
    try:
        yield read
    finally:
        del cache.get, cache.get_many
