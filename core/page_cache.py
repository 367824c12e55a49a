"""Rendered pages, cached once for every logged-in member of staff.

Most of a page is the same for everybody. A Wagtail page rendered for a logged-in user is
stored in the configured cache (Redis when REDIS_URL is set, local memory otherwise) with holes
where the per-user parts go: ``{% per_user "includes/…html" %}`` leaves a marker instead of the
user's name, the logout form with its CSRF token, and messages. Every response, from the cache
or not, fills the holes for its own user. See docs/performance.md.

The key is the *content generation*, the host, the path (the page, or a routable page's
sub-page), the language, today's date (review warnings depend on it) and the query parameters
listed in ``INTRANET_PAGE_CACHE_QUERY_PARAMETERS``; any other query parameter bypasses the
cache. The generation is a random token that changes whenever published content changes
anywhere: a page is published (a new live revision), unpublished, moved or deleted, or a
snippet, site or view restriction is saved or deleted. Pages list their children, the
navigation lists the sections, a routine names its unit: one change can show on many pages,
so every cached page goes stale at once. Stored entries also record the page, its live
revision and locale. Wagtail previews, responses with view restrictions and anonymous visitors
are never cached.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from wagtail import signals
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.snippets.models import get_snippet_models

logger = logging.getLogger(__name__)
T = TypeVar("T")

GENERATION_KEY = "intranet:content-generation"
FILL_ATTRIBUTE = "_intranet_page_cache_fill"
_MARKER = re.compile(r"<!--intranet:per-user:([\w./-]+):(\d*)-->")


# The content generation


# Within a request (``one_generation_per_request``, core.middleware), the generation as the
# request first saw it: the page cache, the view restrictions, the reading progress and the
# navigation each ask for it, and each asking would be a round trip to Redis. What a request
# works out from it once (``once_per_request``) is kept beside it.
_request_scope: ContextVar[dict | None] = ContextVar("intranet_generation", default=None)
_GENERATION = "generation"


@contextmanager
def one_generation_per_request() -> Iterator[None]:
    token = _request_scope.set({})
    try:
        yield
    finally:
        _request_scope.reset(token)


def _remember(generation: str) -> str:
    scope = _request_scope.get()
    if scope is not None:
        if scope.get(_GENERATION) != generation:
            scope.clear()  # what was worked out from another generation
        scope[_GENERATION] = generation
    return generation


def content_generation() -> str:
    scope = _request_scope.get()
    if scope and _GENERATION in scope:
        return scope[_GENERATION]
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A fresh random value, never a counter starting again: entries made under an old
        # generation must not come back to life when the key was evicted.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return _remember(generation)


def new_content_generation() -> None:
    cache.set(GENERATION_KEY, _remember(uuid.uuid4().hex), None)


def once_per_request(key: str, compute: Callable[[], T]) -> T:
    """``compute()``, worked out once per request and content generation (the reader's
    reading progress, shown in two per-user parts of the front page); outside a request every
    call computes."""
    scope = _request_scope.get()
    if scope is None:
        return compute()
    content_generation()  # the scope holds what belongs to one generation
    if key not in scope:
        scope[key] = compute()
    return scope[key]


def forget_for_request(key: str) -> None:
    """Drop what ``once_per_request`` kept under ``key`` (the request changed it)."""
    scope = _request_scope.get()
    if scope is not None:
        scope.pop(key, None)


def content_changed(**kwargs) -> None:
    """Signal receiver: start a new generation now and again when the transaction commits, so
    that a page rendered from the old data in between is never stored under the new one."""
    new_content_generation()
    transaction.on_commit(new_content_generation, robust=True)


def connect_signals() -> None:
    """Connect ``content_changed`` to every change of published content (CoreConfig.ready)."""
    uid = "core.page_cache"
    for signal in (
        signals.page_published,
        signals.page_unpublished,
        signals.post_page_move,
        signals.published,
        signals.unpublished,
    ):
        signal.connect(content_changed, dispatch_uid=uid)
    for signal in (post_save, post_delete):
        signal.connect(_model_changed, dispatch_uid=uid)
    # Wagtail's privacy form saves a restriction, then its groups.
    m2m_changed.connect(
        _restriction_groups_changed, sender=PageViewRestriction.groups.through, dispatch_uid=uid
    )


def shows_on_pages(model) -> bool:
    """Whether a change to a ``model`` row can change a rendered page: pages themselves (a
    deletion; saves of drafts do not count), every registered snippet and site setting, sites,
    locales and view restrictions. Asked of the model, so a snippet added later needs nothing
    here."""
    return (
        issubclass(model, (Site, Locale, PageViewRestriction, BaseSiteSetting, BaseGenericSetting))
        or model in get_snippet_models()
    )


def _restriction_groups_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        content_changed()


def _model_changed(sender, signal, **kwargs) -> None:
    if shows_on_pages(sender) or (signal is post_delete and issubclass(sender, Page)):
        content_changed()


# Keys


def request_variant(request, audience: str = "") -> str | None:
    """What identifies the page this request asks for, apart from the content generation; None
    when it must not be cached. ``audience`` names the restricted pages the reader may not see
    (``core.visibility.audience_key``): listings leave them out, so each audience has its copy."""
    if (
        settings.INTRANET_PAGE_CACHE_SECONDS <= 0
        or request.method not in ("GET", "HEAD")
        or not request.user.is_authenticated
    ):
        return None
    allowed = settings.INTRANET_PAGE_CACHE_QUERY_PARAMETERS
    if any(name not in allowed for name in request.GET):
        return None
    parts = [
        request.get_host(),
        request.path,
        get_language() or "",
        timezone.localdate().isoformat(),
        urlencode(sorted(request.GET.lists()), doseq=True),
        audience,
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def entry_key(generation: str, variant: str) -> str:
    return f"intranet:page:{generation}:{variant}"


def page_cache_key(request, audience: str = "") -> str | None:
    variant = request_variant(request, audience)
    return None if variant is None else entry_key(content_generation(), variant)


def lookup(variant: str) -> tuple[str, dict | None]:
    """The key for ``variant`` under the request's generation, and the entry stored there."""
    key = entry_key(content_generation(), variant)
    return key, cache.get(key)


# Per-user parts


def per_user_marker(template_name: str, page_id) -> str:
    return format_html("<!--intranet:per-user:{}:{}-->", template_name, page_id or "")


def per_user_context(request, page_id=None) -> dict:
    """Everything a per-user part may use; never the page's context, so that a part looks
    the same from the cache or not. Add here what a new per-user part needs."""
    return {
        "request": request,
        "user": request.user,
        "messages": get_messages(request),
        "csrf_token": get_token(request),
        "page_id": page_id,
    }


def render_per_user(template_name: str, context: dict) -> str:
    return get_template(template_name).render(context)


def fill_per_user(html: str, request) -> str:
    contexts = {}

    def fill(match):
        page_id = int(match.group(2)) if match.group(2) else None
        if page_id not in contexts:
            contexts[page_id] = per_user_context(request, page_id)
        return render_per_user(match.group(1), contexts[page_id])

    return _MARKER.sub(fill, html)


def is_filling(request) -> bool:
    return getattr(request, FILL_ATTRIBUTE, False)


# Serving


def response_from(entry: dict, request) -> HttpResponse:
    return HttpResponse(fill_per_user(entry["html"], request), content_type=entry["content_type"])


def store(key: str, request, response):
    """Render ``response`` for the cache (holes left open), store it if it may be shared, then
    fill the holes for this user. Anything but a plain 200 page is returned untouched."""
    if not isinstance(response, TemplateResponse) or response.status_code != 200:
        return response
    page = (response.context_data or {}).get("page")
    if (
        page is None
        or not page.live
        or getattr(request, "is_preview", False)
        or response.has_header("Cache-Control")  # Wagtail's view restrictions set it
    ):
        return response
    setattr(request, FILL_ATTRIBUTE, True)
    try:
        response.render()
    finally:
        setattr(request, FILL_ATTRIBUTE, False)
    html = response.content.decode(response.charset)
    if 'name="csrfmiddlewaretoken"' in html:
        logger.warning("Page %s renders a CSRF token outside {%% per_user %%}: not cached", page.pk)
    else:
        entry = {
            "html": html,
            "content_type": response["Content-Type"],
            "page": page.pk,
            "revision": page.live_revision_id,
            "locale": get_language(),
        }
        cache.set(key, entry, settings.INTRANET_PAGE_CACHE_SECONDS)
    response.content = fill_per_user(html, request)
    return response
