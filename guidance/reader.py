"""The reader's own unit on a decision-aid path: its routines and whom to call there.

Rendered as a per-user part of the page (``{% per_user %}``), never stored in the shared page
cache and never exported to the website. The unit is the one chosen with ``?enhet=<slug>``,
else the unit of the reader's staff profile; a reader with neither gets the list to choose
from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from wagtail.models import Page

from accounts.people import own_unit_id, people_by_unit
from core.page_cache import content_generation
from core.visibility import audience_key, visible_to

from .models import RoutinePage, UnitPage


@dataclass
class ReaderUnit:
    unit: UnitPage | None = None
    chosen: bool = False  # picked on the page, not the reader's own
    routines: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    units: list = field(default_factory=list)


CACHE_SECONDS = 24 * 60 * 60


def reader_unit(request, page_id) -> ReaderUnit:
    """What the reader sees of their unit, from the cache until content changes: a page from
    the page cache then needs no database query for it either."""
    chosen = request.GET.get("enhet", "")[:100]
    own_id = own_unit_id(request.user)
    key = ":".join(
        str(part)
        for part in (
            "intranet:reader-unit",
            content_generation(),
            page_id,
            own_id,
            audience_key(request),
            chosen,
        )
    )
    found = cache.get(key)
    if found is None:
        found = _reader_unit(request, page_id, chosen, own_id)
        if not chosen or found.chosen:  # junk in ?enhet= never fills the cache
            cache.set(key, found, CACHE_SECONDS)
    return found


def _reader_unit(request, page_id, chosen: str, own_id: int | None) -> ReaderUnit:
    locale_id = Page.objects.filter(pk=page_id).values_list("locale_id", flat=True).first()
    units = visible_to(UnitPage.objects.live().filter(locale_id=locale_id), request)
    if chosen:
        unit = units.filter(slug=chosen).first()
    elif own_id is not None:
        unit = units.filter(
            translation_key__in=UnitPage.objects.filter(pk=own_id).values("translation_key")
        ).first()
    else:
        unit = None
    result = ReaderUnit(unit=unit, chosen=bool(chosen) and unit is not None)
    if unit is None or result.chosen or own_id is None:
        result.units = list(units.order_by("title").only("pk", "title", "slug", "abbreviation"))
    if unit is not None:
        result.routines = list(
            visible_to(RoutinePage.objects.live().child_of(unit), request).order_by("path")
        )
        result.contacts = unit.contact_people(
            unit.contacts.order_by("sort_order"), people_by_unit([unit]).get(unit.translation_key)
        )
    return result
