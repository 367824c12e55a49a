"""The coordinator's synonym groups, as a lookup from a word or phrase to its group.

Kept in Django's cache and cleared whenever a group is saved or deleted (see search.apps).
A query word finds its group by its own form or by its stem, so «krisesentrene» finds the group
of «krisesentre».
"""

from __future__ import annotations

from django.core.cache import cache

from ..models import SynonymGroup
from .text import stem

CACHE_KEY = "search:synonym-index:v1"
# The longest synonym phrase looked for in a query, in words.
MAX_PHRASE_WORDS = 6


def key(term: str) -> str:
    """The lookup key of a term: its words, each stemmed («krisesentrene» → «krisesentr»)."""
    return " ".join(stem(w) for w in term.split())


def synonym_index() -> dict[str, tuple[str, ...]]:
    """Every term's key → all terms of its group(s), in the groups' order."""
    index = cache.get(CACHE_KEY)
    if index is None:
        groups: dict[str, dict[str, None]] = {}
        for group in SynonymGroup.objects.order_by("key"):
            terms = group.term_list()
            for term in terms:
                for lookup in {term, key(term)}:
                    groups.setdefault(lookup, {}).update(dict.fromkeys(terms))
        index = {lookup: tuple(terms) for lookup, terms in groups.items()}
        cache.set(CACHE_KEY, index, None)
    return index


def clear_cache(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def synonyms_of(term: str, index: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The terms of ``term``'s group(s), ``term`` itself included; empty if it has none."""
    index = synonym_index() if index is None else index
    return index.get(term) or index.get(key(term)) or ()


def find_phrases(query_words: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Multi-word synonyms in the query: (start, end, group terms), longest first, not
    overlapping. «vold i nære relasjoner» in «hva er vold i nære relasjoner» is one."""
    index = synonym_index()
    found: list[tuple[int, int, tuple[str, ...]]] = []
    taken: set[int] = set()
    for length in range(min(MAX_PHRASE_WORDS, len(query_words)), 1, -1):
        for start in range(len(query_words) - length + 1):
            span = set(range(start, start + length))
            if span & taken:
                continue
            group = synonyms_of(" ".join(query_words[start : start + length]), index)
            if group:
                found.append((start, start + length, group))
                taken |= span
    return sorted(found)
