"""The answer card: a query that points to a decision-aid path (whom the searcher is worried
about, what kind of violence, which duty) gets that path's duties and numbers above the results.

Editors keep each path's trigger words (``ConcernPathPage.trigger_words``). A query matches a
trigger phrase when every word of the phrase is in the query, inflected (a Norwegian ending
after the word: «barnet», «sønnen», «tvangsgifte») or with a small typo («tvangsekteskep»).
Each matched phrase counts its length, divided by the number of paths that list it (a word
every path lists says little about which one is meant); the path with the highest sum wins, on
a tie the first in the guide.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache

from core.links import tel_href
from core.page_cache import content_generation
from core.visibility import audience_key, is_visible
from guidance.models import ConcernPathPage

from .engine import live_pages

MAX_PHONES = 4
MAX_WORDS = 12  # a question is short; a pasted text is not matched word by word
# Endings a Norwegian noun, verb or adjective may take after a trigger word.
ENDINGS = (
    "ene", "ane", "ens", "ets", "ing", "ingen", "inga", "ende", "erne", "en", "et", "er", "ar",
    "te", "de", "ne", "es", "e", "a", "s", "t", "r",
)  # fmt: skip
MIN_STEM = 3
TYPO_LENGTH = 5  # words at least this long may have one typo; twice as long, two


@dataclass(frozen=True)
class Phone:
    name: str
    number: str
    tel: str


@dataclass
class Answer:
    path: ConcernPathPage
    duties: list  # ConcernPathDuty rows, ``shown`` the duty page
    phones: list[Phone]

    def as_json(self, request) -> dict:
        return {
            "title": self.path.title,
            "url": self.path.get_url(request),
            "duties": [
                {"title": row.shown.title, "url": row.shown.get_url(request)} for row in self.duties
            ],
            "phones": [{"name": p.name, "number": p.number, "tel": p.tel} for p in self.phones],
        }


def words_of(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).casefold()
    return re.findall(r"\w+", text)


def _distance(a: str, b: str, limit: int) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count once), stopping past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _close(word: str, trigger: str) -> bool:
    if word == trigger:
        return True
    if len(trigger) < TYPO_LENGTH:
        return False
    limit = 2 if len(trigger) >= 2 * TYPO_LENGTH else 1
    return abs(len(word) - len(trigger)) <= limit and _distance(word, trigger, limit) <= limit


def stems(word: str) -> tuple[str, ...]:
    """``word`` and what is left of it without each Norwegian ending it may have."""
    return (word,) + tuple(
        word[: -len(ending)]
        for ending in ENDINGS
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM
    )


def word_matches(word: str, trigger: str) -> bool:
    """``word`` is ``trigger``, inflected, or with a small typo."""
    return any(_close(stem, trigger) for stem in stems(word))


class _QueryWords:
    """The query's words, remembering which trigger words they match: many phrases share a
    word («vold», «barn»), and matching it again is the answer's main cost."""

    def __init__(self, words: list[str]):
        self.stems = [stem for word in words for stem in stems(word)]
        self.known: dict[str, bool] = {}

    def match(self, trigger: str) -> bool:
        found = self.known.get(trigger)
        if found is None:
            found = self.known[trigger] = any(_close(stem, trigger) for stem in self.stems)
        return found

    def match_phrase(self, phrase: tuple[str, ...]) -> bool:
        return all(self.match(part) for part in phrase)


@dataclass(frozen=True)
class _Path:
    pk: int
    phrases: tuple[tuple[str, ...], ...]


def _paths(locale, fallback) -> list[_Path]:
    """The live paths and their trigger phrases, in the guide's order, cached until content
    changes."""
    key = f"search:answer-paths:{content_generation()}:{locale.pk}:{fallback.pk}"
    paths = cache.get(key)
    if paths is None:
        pages = live_pages(locale, fallback).type(ConcernPathPage).order_by("path")
        paths = [
            _Path(
                page.pk,
                tuple(
                    tuple(words_of(phrase)) for phrase in page.trigger_phrases() if words_of(phrase)
                ),
            )
            for page in ConcernPathPage.objects.filter(pk__in=pages.values("pk")).order_by("path")
        ]
        cache.set(key, paths, 24 * 60 * 60)
    return paths


def _score(query: _QueryWords, path: _Path, listed_by: Counter) -> float:
    return sum(
        sum(len(part) for part in phrase) / listed_by[phrase]
        for phrase in path.phrases
        if query.match_phrase(phrase)
    )


def find_answer(text: str, languages, request=None) -> Answer | None:
    """The answer card for the query ``text``, or None when it points to no path the reader
    may see."""
    query_words = words_of(text)[:MAX_WORDS]
    if not query_words:
        return None
    query = _QueryWords(query_words)
    paths = _paths(*languages)
    listed_by = Counter(phrase for path in paths for phrase in set(path.phrases))
    scored = [(_score(query, path, listed_by), -i, path) for i, path in enumerate(paths)]
    for score, _, path in sorted(scored, key=lambda item: item[:2], reverse=True):
        if score <= 0:
            return None
        answer = _path_answer(path.pk, request)
        if answer is not None:
            return answer
    return None


def _path_answer(pk: int, request) -> Answer | None:
    """The path's answer as ``request``'s reader may see it (None when they may not see the
    path), cached until content changes: every reader who may see the same pages gets the same
    card, and the type-ahead asks for it at every other letter."""
    key = f"search:answer:{content_generation()}:{pk}:{audience_key(request)}"
    cached = cache.get(key)
    if cached is not None:
        return cached[0]
    page = ConcernPathPage.objects.filter(pk=pk).first()
    answer = _answer(page, request) if page is not None and is_visible(page, request) else None
    cache.set(key, (answer,), 24 * 60 * 60)
    return answer


def _answer(page: ConcernPathPage, request) -> Answer:
    services = page.path_services(request)
    phones = []
    for row in sorted(services, key=lambda row: not row.acute):
        phone = row.shown.main_phone
        if phone is not None and len(phones) < MAX_PHONES:
            number = " ".join(phone["number"].split())
            phones.append(Phone(row.shown.title, number, tel_href(number)))
    return Answer(page, page.path_duties(request), phones)
