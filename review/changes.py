"""«Endringer siden planen»: every difference between the action plan of 2017 and what the
intranet says now, from the provenance data (docs/content-model.md), for the coordinator to
take into the next revision of the plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.blocks import StreamValue, StructValue
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from core.blocks import SOURCE_KINDS
from core.visibility import visible_to
from directory.models import HelpServicePage
from guidance.models import ConcernPathDuty, LegalProvision


@dataclass
class Change:
    part: str  # what on the page: «Siden», a step's title, a notice's heading …
    kind: str
    reference: str

    @property
    def kind_label(self) -> str:
        return str(dict(SOURCE_KINDS).get(self.kind, self.kind))


@dataclass
class PageChanges:
    page: Page
    changes: list[Change] = field(default_factory=list)


def _sourced_blocks(value):
    """Every struct value with a ``source`` in a stream, at any depth."""
    if isinstance(value, StreamValue):
        for child in value:
            yield from _sourced_blocks(child.value)
    elif isinstance(value, StructValue):
        if "source" in value and isinstance(value["source"], StructValue):
            yield value
        for child in value.values():
            yield from _sourced_blocks(child)


def _part(block) -> str:
    text = block.get("title") or block.get("heading") or block.get("text") or ""
    return Truncator(str(text)).words(12, html=False)


def changed_pages(request) -> list[PageChanges]:
    """The Norwegian pages the reader may see with every text that is not from the plan."""
    pages = visible_to(
        Page.objects.live().filter(locale=Locale.get_default()).order_by("path"), request
    ).specific()
    duties: dict[int, list[ConcernPathDuty]] = {}
    for row in ConcernPathDuty.objects.select_related("duty").order_by("sort_order"):
        duties.setdefault(row.page_id, []).append(row)
    result = []
    for page in pages:
        item = PageChanges(page)
        kind = getattr(page, "source_kind", "plan")
        if kind != "plan":
            item.changes.append(Change(str(_("Siden")), kind, page.source_reference))
        for stream in [f for f in page._meta.get_fields() if isinstance(f, StreamField)]:
            for block in _sourced_blocks(getattr(page, stream.name)):
                source = block["source"]
                if source["kind"] != "plan":
                    item.changes.append(Change(_part(block), source["kind"], source["reference"]))
        for row in duties.get(page.pk, []):
            if row.source_kind != "plan":
                item.changes.append(Change(row.duty.title, row.source_kind, row.source_reference))
        if item.changes:
            result.append(item)
    return result


def superseded_provisions():
    return (
        LegalProvision.objects.filter(locale=Locale.get_default(), superseded_by__isnull=False)
        .select_related("superseded_by")
        .order_by("law_short_title", "section")
    )


def services_added_or_to_check(request):
    services = visible_to(
        HelpServicePage.objects.live().filter(locale=Locale.get_default()), request
    ).order_by("title")
    added = [s for s in services if s.source_kind != "plan"]
    to_check = [s for s in services if s.review_reason]
    return added, to_check
