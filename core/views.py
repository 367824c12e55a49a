"""Serving pages through the shared page cache, and the health check."""

import logging
import sys
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET
from wagtail.views import serve as wagtail_serve

from . import page_cache
from .visibility import audience_key

logger = logging.getLogger(__name__)


def serve(request, path):
    """Wagtail's page view, answered from the shared page cache when it can be."""
    variant = page_cache.request_variant(request, audience_key(request))
    if variant is None:
        return wagtail_serve(request, path)
    key, entry = page_cache.lookup(variant)
    if entry is not None:
        return page_cache.response_from(entry, request)
    return page_cache.store(key, request, wagtail_serve(request, path))


def server_error(request):
    """Django's 500 handler, with a 503 and its own page when the database does not answer (a
    restart): the reader is told to try again in a few seconds, and a load balancer may retry.
    Django's connection handling reconnects on the next request, so the site recovers without
    a restart of its workers."""
    unavailable = isinstance(sys.exception(), (OperationalError, InterfaceError))
    template = loader.get_template("503.html" if unavailable else "500.html")
    response = HttpResponse(template.render(), status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "5"
    return response


@login_not_required
@require_GET
def healthz(request):
    """200 «ok» when the database and the cache answer; 200 «degraded» when only the cache
    does not (the site runs on without it, intranet.cache); 503 «fail» when the database does
    not. No details beyond which part."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        logger.exception("Health check: the database does not answer")
        database = "fail"
    cache_state = "ok" if _cache_answers() else "fail"
    if database == "fail":
        status, code = "fail", 503
    else:
        status, code = ("ok" if cache_state == "ok" else "degraded"), 200
    response = JsonResponse(
        {"status": status, "database": database, "cache": cache_state}, status=code
    )
    add_never_cache_headers(response)
    return response


def _cache_answers() -> bool:
    probe = f"intranet:healthz:{uuid.uuid4().hex}"
    try:
        cache.set(probe, "ok", 10)
        answered = cache.get(probe) == "ok"
        cache.delete(probe)
    except Exception:
        logger.exception("Health check: the cache does not answer")
        return False
    return answered
