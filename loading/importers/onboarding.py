"""The reading list for all staff (the ``onboarding`` app); its items name pages by their
path below the front page, so it is loaded after them."""

from __future__ import annotations

from wagtail.models import Page

from home.models import HomePage
from onboarding.models import ReadingListPage

from .. import schema
from ..context import LoadContext
from ..schema import PlanDataError
from ..streams import paragraphs


def load_reading_list(
    ctx: LoadContext, home: HomePage, data: schema.ReadingList | None
) -> ReadingListPage | None:
    if data is None:
        return None
    items = []
    for item in data.items:
        path = item.page.strip("/")
        page = Page.objects.filter(url_path=f"{home.url_path}{path}/").first()
        if page is None:
            raise PlanDataError(f"{item.at('page')}: no page at {path!r}")
        items.append(
            {
                "page_id": page.pk,
                "required": item.required,
                "why": " ".join(item.why.split()),
                "minutes": item.minutes,
            }
        )
    return ctx.upsert_page(
        home,
        ReadingListPage,
        data.slug,
        {
            "title": data.title,
            "intro": paragraphs(data.intro),
            **ctx.provenance(ctx.source(data)),
        },
        children={"items": items},
    )
