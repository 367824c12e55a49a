"""Where the search index lives, and the plain text it holds for each page."""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from .snippets import tidy

# modelsearch's database backends by module, and IndexEntry's plain-text body column.
_DATABASE_BACKENDS = {
    "modelsearch.backends.database.postgres.postgres": ("postgresql", "body_text"),
    "modelsearch.backends.database.sqlite.sqlite": ("sqlite", "body"),
}


def database_index() -> str | None:
    """ "postgresql" or "sqlite" when the search index is in the database, None otherwise
    (Elasticsearch)."""
    found = _DATABASE_BACKENDS.get(type(get_search_backend()).__module__)
    return found[0] if found else None


def index_texts(pages: Iterable) -> dict[int, str]:
    """Page pk → the plain text the search index holds for it (one query), or the page's
    search description when the index is elsewhere."""
    pages = list(pages)
    if not pages:
        return {}
    found = _DATABASE_BACKENDS.get(type(get_search_backend()).__module__)
    if found is None:
        return {page.pk: page.search_description or "" for page in pages}
    rows = IndexEntry.objects.filter(
        content_type_id__in={page.content_type_id for page in pages},
        object_id__in=[str(page.pk) for page in pages],
    ).values_list("content_type_id", "object_id", found[1])
    by_key = {(ct, object_id): tidy(body) for ct, object_id, body in rows}
    return {page.pk: by_key.get((page.content_type_id, str(page.pk)), "") for page in pages}
