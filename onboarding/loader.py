"""The reading list for all staff, from the ``reading_list`` section of the plan's data file
(called by guidance.plan_loader; idempotent and keeping editors' changes like the rest)."""

from __future__ import annotations

from wagtail.models import Page

from .models import ReadingListPage


def load_reading_list(loader, home: Page) -> ReadingListPage | None:
    """Create (or with ``--overwrite`` update) the list below ``home``; its items name pages
    by their path below the front page."""
    # Here, not at the top: guidance.plan_loader imports this module.
    from guidance.plan_loader import PlanDataError, paragraphs

    if loader.root.data.get("reading_list") is None:
        return None
    node = loader.root.node("reading_list")
    items = []
    for item in node.nodes("items"):
        path = item.req("page").strip("/")
        page = Page.objects.filter(url_path=f"{home.url_path}{path}/").first()
        if page is None:
            raise PlanDataError(f"{item.where}.page: no page at {path!r}")
        items.append(
            {
                "page_id": page.pk,
                "required": item.get("required", bool, default=True),
                "why": " ".join(item.get("why", default="").split()),
                "minutes": item.req("minutes", int),
            }
        )
    return loader.upsert_page(
        home,
        ReadingListPage,
        node.req("slug"),
        {"title": node.req("title"), "intro": paragraphs(node.get("intro", default=""))},
        children=("items", items),
    )
