"""Running a search: filters, language, promotions, relevance order, pages of results.

The number of database queries does not depend on the number of results: a few for the
search itself (services.postgres_ranking on PostgreSQL, Wagtail's search and its count
elsewhere), one for the snippets' text, and one or two for the query's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from core.mixins import ReviewedPageMixin
from core.visibility import is_visible, visible_to
from home.models import HomePage

from .index import database_index, index_texts
from .postgres_ranking import PostgresRankedResults
from .promotions import Promotions, promoted_pages
from .query import ALL_TECHNIQUES, ParsedQuery, Techniques, parse
from .snippets import highlight
from .text import words
from .types import content_type_ids, type_label

RESULTS_PER_PAGE = 10


@dataclass(frozen=True)
class SearchFilters:
    """Result types (slugs from ``types.RESULT_TYPES``) and the unit results must belong to."""

    types: tuple[str, ...] = ()
    unit: Page | None = None

    def __bool__(self) -> bool:
        return bool(self.types or self.unit)


@dataclass
class SearchHit:
    page: Page
    type_label: str
    title: SafeString
    snippet: SafeString
    promoted: bool = False
    # The coordinator's description of a promoted result.
    description: str = ""
    # Found by some of the query's concepts only (listed after those that match every one).
    partial: bool = False
    # The same page in other places: every unit starts with the same routine.
    duplicates: list[SearchHit] = field(default_factory=list)
    language: str = ""
    # Where the page sits (its parent: the unit of a routine, the focus area of a measure);
    # filled in by the view, which knows the site.
    where: Page | None = None


@dataclass
class SearchOutcome:
    query: ParsedQuery
    hits: list[SearchHit]
    promotions: list[SearchHit]
    results_page: PaginatorPage | None
    total: int
    filters: SearchFilters = field(default_factory=SearchFilters)
    # What the statistics may keep of the query (see query._anonymise).
    statistics_query: str = ""
    # More pages matched than are offered (PostgreSQL offers the best 100).
    capped: bool = False

    @property
    def complete_hits(self) -> list[SearchHit]:
        """Results that match every concept of the query (not promoted)."""
        return [hit for hit in self.hits if not hit.promoted and not hit.partial]

    @property
    def partial_hits(self) -> list[SearchHit]:
        """Results that match some of the concepts, listed after the complete ones."""
        return [hit for hit in self.hits if hit.partial]


LOCALES_CACHE_KEY = "search:locales:v1"


def _locale(code: str, ids: dict[str, int]) -> Locale | None:
    try:
        code = get_supported_content_language_variant(code)
    except LookupError:
        return None
    return Locale(pk=ids[code], language_code=code) if code in ids else None


def locales() -> tuple[Locale, Locale]:
    """The active content language and the default (Norwegian) one it falls back to, from
    Django's cache (cleared when a locale is saved or deleted, see search.apps)."""
    ids = cache.get(LOCALES_CACHE_KEY)
    if ids is None:
        ids = dict(Locale.objects.values_list("language_code", "pk"))
        cache.set(LOCALES_CACHE_KEY, ids, None)
    default = _locale(settings.LANGUAGE_CODE, ids) or Locale.get_default()
    return _locale(get_language() or "", ids) or default, default


def clear_locales_cache(**kwargs) -> None:
    cache.delete(LOCALES_CACHE_KEY)


def live_pages(locale: Locale, fallback: Locale):
    """Live pages in ``locale``, and in ``fallback`` where they have no live translation."""
    pages = Page.objects.live()
    if locale.pk == fallback.pk:
        return pages.filter(locale=locale)
    translated = Page.objects.live().filter(locale=locale).values("translation_key")
    return pages.filter(
        Q(locale=locale) | (Q(locale=fallback) & ~Q(translation_key__in=translated))
    )


def unit_page_ids(unit: Page):
    """The unit's own page, the pages below it and every page it is the owning unit of."""
    owned = Q(path__startswith=unit.path)
    for model in apps.get_models():
        if issubclass(model, ReviewedPageMixin) and issubclass(model, Page):
            owned |= Q(pk__in=model.objects.filter(owning_unit=unit).values("pk"))
    return Page.objects.filter(owned).values("pk")


def _filtered(pages, filters: SearchFilters):
    if filters.types:
        pages = pages.filter(content_type__in=content_type_ids(filters.types))
    if filters.unit is not None:
        pages = pages.filter(pk__in=unit_page_ids(filters.unit))
    return pages


class StrictThenBroad:
    """Results of the strict search (every concept) first, then those of the broad search (any
    concept) that the strict one missed: a list Django's Paginator can page through."""

    def __init__(self, strict: list, broad):
        self.strict = strict
        self.broad = broad

    def count(self) -> int:
        return len(self.strict) + self.broad.count()

    @property
    def capped(self) -> bool:
        return getattr(self.broad, "capped", False)

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, key.stop
        head = self.strict[start:stop]
        broad_start = max(0, start - len(self.strict))
        broad_stop = None if stop is None else max(0, stop - len(self.strict))
        if broad_stop is not None and broad_stop <= broad_start:
            return head
        return head + list(self.broad[broad_start:broad_stop])


def _ranked_results(pages, parsed: ParsedQuery, per_page: int):
    """The search results in relevance order, and how many of them match every concept.

    When fewer than a page of results match every concept of a query, the pages that match
    some of them follow («hva gjør jeg hvis et barn forteller om vold»)."""
    strict = _search(pages, parsed, "and")
    if len(parsed.concepts) == 1:
        return strict, None
    found = list(strict[:per_page])
    if len(found) == per_page:
        return strict, None
    broad = _search(pages.exclude(pk__in=[page.pk for page in found]), parsed, "or")
    return StrictThenBroad(found, broad), len(found)


def _search(pages, parsed: ParsedQuery, operator: str):
    """Ranked results: PostgreSQL's own two-stage ranking when the index is there, Wagtail's
    search (SQLite FTS5, Elasticsearch) otherwise."""
    if database_index() == "postgresql":
        return PostgresRankedResults(pages, parsed, operator)
    return pages.search(parsed.search_query(operator))


@dataclass
class ResultGroup:
    """A ranked result and the pages with the same title and type ranked after it."""

    page: Page
    position: int
    duplicates: list[Page] = field(default_factory=list)


class GroupedResults:
    """Ranked results in which pages with the same title and type are folded into the first one
    (every unit starts with the same routine), for Django's Paginator.

    Results are fetched from the start up to the requested page plus LOOKAHEAD more, so that
    duplicates just after a page are folded into it. The count is exact when that reached the
    last result, and otherwise counts only the duplicates seen so far.
    """

    LOOKAHEAD = 30

    def __init__(self, results, per_page: int):
        self.results = results
        self.per_page = per_page
        self.groups: list[ResultGroup] = []
        self._by_key: dict[tuple[str, int], ResultGroup] = {}
        self._fetched = 0
        self._exhausted = False

    def _fill(self, wanted: int) -> None:
        target = wanted + self.LOOKAHEAD
        if self._exhausted or self._fetched >= target:
            return
        rows = list(self.results[self._fetched : target])
        self._exhausted = len(rows) < target - self._fetched
        for position, page in enumerate(rows, self._fetched):
            key = (page.title, page.content_type_id)
            if key in self._by_key:
                self._by_key[key].duplicates.append(page)
            else:
                self._by_key[key] = group = ResultGroup(page, position)
                self.groups.append(group)
        self._fetched += len(rows)

    def count(self) -> int:
        """Without a count query when the first page and the lookahead hold every result."""
        self._fill(self.per_page)
        total = self._fetched if self._exhausted else self.results.count()
        return total - (self._fetched - len(self.groups))

    def __getitem__(self, key: slice) -> list[ResultGroup]:
        self._fill(key.stop)
        return self.groups[key]

    @property
    def capped(self) -> bool:
        return getattr(self.results, "capped", False)


def _hit(page, marked: frozenset[str], text: str | None, language: str) -> SearchHit:
    return SearchHit(
        page=page,
        type_label=type_label(page),
        title=highlight(page.title, marked, length=None),
        snippet=highlight(text, marked) if text else mark_safe(""),
        language=language,
    )


def run_search(
    raw_query: str,
    *,
    filters: SearchFilters = SearchFilters(),
    page_number: int | str = 1,
    per_page: int = RESULTS_PER_PAGE,
    techniques: Techniques = ALL_TECHNIQUES,
    promotions: bool = True,
    with_snippets: bool = True,
    languages: tuple[Locale, Locale] | None = None,
    request=None,
) -> SearchOutcome:
    """Search the live pages ``request``'s reader may see for ``raw_query`` as typed by staff,
    in the active language (``languages``: the active locale and its fallback, if the caller
    has them already). Without a request, the pages any member of staff may see."""
    parsed = parse(raw_query, techniques)
    if not parsed.text:
        return SearchOutcome(parsed, [], [], None, 0, filters=filters)
    locale, fallback = languages or locales()
    pages = visible_to(_filtered(live_pages(locale, fallback), filters), request)
    pages = pages.not_type(HomePage)

    found = Promotions()
    if promotions and not filters:
        found = promoted_pages(parsed, locale)
    promoted = [(page, text) for page, text in found.pages if is_visible(page, request)]
    if promoted:
        pages = pages.exclude(pk__in=[page.pk for page, _description in promoted])

    if parsed.concepts:
        results, complete_matches = _ranked_results(pages, parsed, per_page)
    else:  # nothing the content knows; only promotions can answer
        results, complete_matches = Page.objects.none(), None
    paginator = Paginator(GroupedResults(results, per_page), per_page)
    results_page = paginator.get_page(page_number)

    shown_promotions = promoted if results_page.number == 1 else []
    groups: list[ResultGroup] = list(results_page.object_list)
    main_pages = [page for page, _description in shown_promotions]
    main_pages += [group.page for group in groups]
    texts = index_texts(main_pages) if with_snippets else {}
    marked = parsed.highlight_words
    codes = {locale.pk: locale.language_code, fallback.pk: fallback.language_code}

    def hit_for(page, text=None) -> SearchHit:
        # A promoted page in a third language is labelled as the fallback's.
        return _hit(page, marked, text, codes.get(page.locale_id, fallback.language_code))

    promotion_hits = []
    for page, description in shown_promotions:
        hit = hit_for(page, texts.get(page.pk))
        hit.promoted = True
        hit.description = description
        promotion_hits.append(hit)
    hits = list(promotion_hits)
    for group in groups:
        hit = hit_for(group.page, texts.get(group.page.pk))
        hit.partial = complete_matches is not None and group.position >= complete_matches
        hit.duplicates = [hit_for(page) for page in group.duplicates]
        hits.append(hit)
    return SearchOutcome(
        query=parsed,
        hits=hits,
        promotions=promotion_hits,
        results_page=results_page,
        total=paginator.count + len(promoted),
        filters=filters,
        statistics_query=" ".join(words(parsed.text)) if found.whole_query else parsed.anonymised,
        capped=paginator.object_list.capped,
    )
