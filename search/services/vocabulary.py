"""The vocabulary: every word of published content, for matching what staff type to what the
pages say.

A query word is matched against the vocabulary in one query, giving its inflected forms
(«krisesentre» → krisesenter, krisesenteret), the compounds it ends (plikt → meldeplikt,
avvergelsesplikten), the longer words it starts (krise → krisesenter) and, when the word itself
does not occur, its spelling neighbours («avergelsesplikt» → avvergelsesplikt). The search then
asks the backend for those real words, so the same expansion works on PostgreSQL, SQLite and
Elasticsearch alike.

Words are added when a page is published (``add_page_words``); ``rebuild`` starts over from
the live pages, e.g. after bulk changes or unpublishing.
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Length
from modelsearch.index import Indexed, RelatedFields, SearchField
from wagtail.models import Page

from core.visibility import is_visible, visible_to

from ..models import VocabularyWord
from .text import MAX_WORD_LENGTH, MIN_STEM_LENGTH, is_compound_of, is_form_of, stems, words

# Longer words a word starts, shortest first, and compounds it ends: at most this many each.
MAX_PREFIXED = 12
MAX_COMPOUNDS = 20
# How close a spelling neighbour must be (difflib's ratio), and how many candidates to weigh.
CORRECTION_CUTOFF = 0.88
CORRECTION_CANDIDATES = 12
BATCH_SIZE = 500


@dataclass
class WordMatches:
    """What one query word matches in the vocabulary."""

    word: str
    exact: bool = False
    forms: list[str] = field(default_factory=list)
    compounds: list[str] = field(default_factory=list)
    prefixed: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)

    @property
    def known(self) -> bool:
        """Whether the word, or a form of it, occurs in published content."""
        return self.exact or bool(self.forms)


# Extracting words from pages


def _search_values(obj, search_fields) -> Iterable[str]:
    for search_field in search_fields:
        if isinstance(search_field, SearchField):
            value = search_field.get_value(obj)
            if value:
                yield value if isinstance(value, str) else str(value)
        elif isinstance(search_field, RelatedFields):
            related = search_field.get_value(obj)
            if related is None:
                continue
            items = related.all() if hasattr(related, "all") else [related]
            for item in items:
                yield from _search_values(item, search_field.fields)


def text_of(obj: Indexed) -> str:
    """The searchable text of a page (or any indexed object), as the search backends see it."""
    return " ".join(_search_values(obj, obj.get_search_fields()))


def add_words(found: Iterable[str]) -> None:
    new = {w for w in found if 1 < len(w) <= MAX_WORD_LENGTH}
    if new:
        VocabularyWord.objects.bulk_create(
            [VocabularyWord(word=w) for w in sorted(new)], ignore_conflicts=True
        )


def add_page_words(page: Page) -> None:
    """Add a published page's words, unless it is restricted to some staff (its words would
    come back as spelling suggestions to everybody)."""
    if is_visible(page, None):
        add_words(words(text_of(page)))


@transaction.atomic
def rebuild() -> int:
    """Replace the vocabulary with the words of every live page any member of staff may see;
    returns the number of words."""
    found: set[str] = set()
    live_types = ContentType.objects.filter(pk__in=Page.objects.live().values("content_type"))
    for content_type in live_types:
        model = content_type.model_class()
        if model is None:
            continue
        queryset = visible_to(model.objects.live().filter(content_type=content_type), None)
        for search_field in model.get_search_fields():
            if isinstance(search_field, RelatedFields):
                queryset = search_field.select_on_queryset(queryset)
        for page in queryset.iterator(chunk_size=BATCH_SIZE):
            found.update(words(text_of(page)))
    VocabularyWord.objects.all().delete()
    add_words(found)
    return VocabularyWord.objects.count()


# Matching query words


def _candidate_filter(word: str) -> Q:
    condition = Q(word=word)
    for stem_ in stems(word):
        if len(stem_) >= MIN_STEM_LENGTH:
            condition |= Q(word__contains=stem_)
    return condition


def match(query_words: Iterable[str], correct: Iterable[str] = ()) -> dict[str, WordMatches]:
    """Look the query's words up in the vocabulary: one query, plus one for each word in
    ``correct`` that does not occur (its spelling neighbours)."""
    unique = list(dict.fromkeys(query_words))
    correct = set(correct)
    results = {w: WordMatches(w) for w in unique}
    if not unique:
        return results
    condition = reduce(operator.or_, (_candidate_filter(w) for w in unique))
    candidates = list(
        VocabularyWord.objects.filter(condition)
        .order_by(Length("word"), "word")
        .values_list("word", flat=True)
    )
    for query_word, matches in results.items():
        word_stems = stems(query_word)
        long_enough = len(query_word) >= MIN_STEM_LENGTH
        for word in candidates:
            if word == query_word:
                matches.exact = True
            elif any(is_form_of(word, s) for s in word_stems):
                matches.forms.append(word)
            elif long_enough and any(is_compound_of(word, s) for s in word_stems):
                _append_capped(matches.compounds, word, MAX_COMPOUNDS)
            elif long_enough and word.startswith(query_word):
                _append_capped(matches.prefixed, word, MAX_PREFIXED)
        if query_word in correct and not matches.known and long_enough:
            matches.corrections = spelling_neighbours(query_word)
    return results


def _append_capped(found: list[str], word: str, cap: int) -> None:
    if len(found) < cap:
        found.append(word)


def spelling_neighbours(word: str) -> list[str]:
    """Vocabulary words that look like a misspelling of ``word`` away, closest first."""
    if connection.vendor == "postgresql" and trigram_available():
        candidates = list(
            VocabularyWord.objects.filter(word__trigram_similar=word)
            .order_by(_trigram_distance(word))
            .values_list("word", flat=True)[:CORRECTION_CANDIDATES]
        )
    else:
        candidates = list(
            VocabularyWord.objects.annotate(length=Length("word"))
            .filter(length__gte=len(word) - 2, length__lte=len(word) + 2)
            .values_list("word", flat=True)
        )
    return difflib.get_close_matches(word, candidates, n=3, cutoff=CORRECTION_CUTOFF)


def _trigram_distance(word: str):
    from django.contrib.postgres.search import TrigramDistance

    return TrigramDistance("word", word)


_TRIGRAM: dict[str, bool] = {}


def trigram_available() -> bool:
    """Whether PostgreSQL's pg_trgm extension is installed (checked once per database)."""
    key = connection.settings_dict["NAME"]
    if key not in _TRIGRAM:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _TRIGRAM[key] = cursor.fetchone() is not None
    return _TRIGRAM[key]


def is_empty() -> bool:
    return not VocabularyWord.objects.exists()
