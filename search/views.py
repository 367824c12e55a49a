"""Staff search over the intranet's pages: /search/?q=… as HTML, or as JSON with &format=json
(the search box's suggestions use it). Both need a logged-in user, like every intranet page."""

from __future__ import annotations

from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from core.navigation import with_parents
from core.page_cache import content_generation
from core.visibility import is_visible
from guidance.models import UnitPage
from home.models import HomePage

from .forms import SearchForm
from .services.analytics import record_search
from .services.answers import find_answer
from .services.engine import SearchFilters, SearchOutcome, live_pages, locales, run_search


def _units(locale, fallback):
    """The units for the filter, cached under the content generation (home/page_cache.py)."""
    key = f"search:units:{content_generation()}:{locale.pk}:{fallback.pk}"
    units = cache.get(key)
    if units is None:
        units = list(live_pages(locale, fallback).type(UnitPage).order_by("title"))
        cache.set(key, units, 24 * 60 * 60)
    return units


def _concern_page(request):
    """The front page's «Jeg er bekymret» guide, in the active language when translated."""
    site = Site.find_for_request(request)
    home = (
        HomePage.objects.filter(pk=site.root_page_id).select_related("concern_page").first()
        if site
        else None
    )
    concern = home.concern_page if home else None
    return concern.localized if concern is not None and concern.live else None


def _add_where(request, outcome: SearchOutcome) -> None:
    """Set each hit's ``where`` (its parent page), fetched in one query."""
    hits = [h for hit in outcome.hits for h in (hit, *hit.duplicates)]
    parents = {page.pk: parent for page, parent, _ in with_parents(request, [h.page for h in hits])}
    for hit in hits:
        hit.where = parents.get(hit.page.pk)


def as_json(request, outcome: SearchOutcome, answer) -> dict:
    return {
        "query": outcome.query.text,
        "answer": answer.as_json(request) if answer is not None else None,
        "total": outcome.total,
        "results": [
            {
                "title": hit.page.title,
                "url": hit.page.get_url(request),
                "type": hit.type_label,
                "locale": hit.language,
                "snippet": str(hit.snippet),
            }
            for hit in outcome.hits
        ],
    }


@require_GET
def search(request):
    languages = locales()
    as_json_format = request.GET.get("format") == "json"
    # The suggestions need no unit list unless they are filtered by unit.
    needs_units = not as_json_format or "enhet" in request.GET
    units = [u for u in _units(*languages) if is_visible(u, request)] if needs_units else []
    form = SearchForm(request.GET, units=units)
    form.is_valid()
    outcome = run_search(
        request.GET.get("q", ""),
        filters=SearchFilters(types=form.selected_types, unit=form.selected_unit),
        page_number=request.GET.get("page", 1),
        languages=languages,
        request=request,
    )
    # The answer card belongs to the first screen only.
    first_page = request.GET.get("page", "1") in ("", "1")
    answer = find_answer(outcome.query.text, languages, request) if first_page else None
    if as_json_format:
        return JsonResponse(
            as_json(request, outcome, answer), json_dumps_params={"ensure_ascii": False}
        )

    # A new search, not paging through one: that is what the statistics count.
    if outcome.query.text and first_page:
        record_search(outcome.statistics_query, found_anything=outcome.total > 0)
    _add_where(request, outcome)
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "form": form,
            "outcome": outcome,
            "answer": answer,
            "search_query": outcome.query.text,
            "concern_page": _concern_page(request) if not outcome.total else None,
        },
    )
