"""Serving pages through the shared page cache, and the health check."""

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from wagtail.views import serve as wagtail_serve

from . import page_cache

logger = logging.getLogger(__name__)


def serve(request, path):
    """Wagtail's page view, answered from the shared page cache when it can be."""
    variant = page_cache.request_variant(request)
    if variant is None:
        return wagtail_serve(request, path)
    key, entry = page_cache.lookup(variant)
    if entry is not None:
        return page_cache.response_from(entry, request)
    return page_cache.store(key, request, wagtail_serve(request, path))


@login_not_required
@require_GET
def healthz(request):
    """200 «ok» when the database and the cache answer, 503 «fail» otherwise; no details."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        probe = f"intranet:healthz:{uuid.uuid4().hex}"
        cache.set(probe, "ok", 10)
        if cache.get(probe) != "ok":
            raise RuntimeError("the cache did not return what was stored")
        cache.delete(probe)
        status, code = "ok", 200
    except Exception:
        logger.exception("Health check failed")
        status, code = "fail", 503
    response = JsonResponse({"status": status}, status=code)
    add_never_cache_headers(response)
    return response
