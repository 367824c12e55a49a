"""Promoted results (``wagtail.contrib.search_promotions``), chosen by the coordinator for key
terms such as «meldeplikt».

A promotion matches a query with the same words in any inflection («krisesentre» matches the
promotion for «krisesenter»), and a one-word query matches the promotions of its synonyms
(«opplysningsplikt» gets those for «meldeplikt»). The promoted page is shown in the active
language when it has a live translation there, otherwise as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page

from .query import ParsedQuery
from .synonyms import key
from .text import words


@dataclass
class Promotions:
    pages: list[tuple[Page, str]] = field(default_factory=list)
    # Whether a promotion is for the query as a whole, so that its words are the
    # coordinator's (and may be kept in the statistics) rather than, say, a name.
    whole_query: bool = False


def _key_of_words(text: str) -> str:
    return key(" ".join(words(text)))


def _keys(parsed: ParsedQuery) -> set[str]:
    keys = {_key_of_words(parsed.text)}
    if len(parsed.concepts) == 1:
        concept = parsed.concepts[0]
        keys.update(
            key(term) for term in (concept.text, concept.correction or "", *concept.synonyms)
        )
    return keys - {""}


CACHE_KEY = "search:promotions:v1"


def _promotions_by_key() -> dict[str, list[tuple[int, int, str]]]:
    """Promotion key → (position, page id, description), in the coordinator's order, from
    Django's cache (cleared when a promotion or its query changes, see search.apps)."""
    by_key = cache.get(CACHE_KEY)
    if by_key is None:
        by_key = {}
        rows = (
            SearchPromotion.objects.filter(page__isnull=False)
            .order_by("sort_order", "pk")
            .values_list("query__query_string", "page_id", "description")
        )
        for position, (query_string, page_id, description) in enumerate(rows):
            by_key.setdefault(_key_of_words(query_string), []).append(
                (position, page_id, description)
            )
        cache.set(CACHE_KEY, by_key, None)
    return by_key


def clear_promotions_cache(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def promoted_pages(parsed: ParsedQuery, locale) -> Promotions:
    """The live pages promoted for the query with the coordinator's description, in the
    coordinator's order; a database query only when there are any."""
    found = Promotions()
    if not parsed.text:
        return found
    whole = _key_of_words(parsed.text)
    by_key = _promotions_by_key()
    chosen: dict[int, tuple[int, str]] = {}
    for promotion_key in _keys(parsed):
        for position, page_id, description in by_key.get(promotion_key, ()):
            chosen.setdefault(page_id, (position, description))
            found.whole_query |= promotion_key == whole
    if not chosen:
        return found
    pages = Page.objects.live().in_bulk(list(chosen))
    if any(page.locale_id != locale.pk for page in pages.values()):
        translations = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                locale=locale, translation_key__in=[p.translation_key for p in pages.values()]
            )
        }
        pages = {pk: translations.get(p.translation_key, p) for pk, p in pages.items()}
    ordered = sorted((position, pk, text) for pk, (position, text) in chosen.items())
    found.pages = [(pages[pk], text) for _position, pk, text in ordered if pk in pages]
    return found
