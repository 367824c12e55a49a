"""The link checker: every external link the intranet shows (help services' websites, links in
pages' text, the provisions' Lovdata URLs) is fetched with a timeout; redirects are followed
and reported as moved, errors and timeouts as broken. ``manage.py check_links`` runs it, the
admin's «Lenkesjekk» shows the result."""

from __future__ import annotations

import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from guidance.models import LegalProvision

from .models import LinkCheck

USER_AGENT = "Bydel-Sondre-Nordstrand-VNR-intranett-lenkesjekk/1.0"
MAX_REDIRECTS = 5
_URL = re.compile(r"https?://[^\s\"'<>\\\\]+")


@dataclass(frozen=True)
class Outcome:
    outcome: str
    status: int | None = None
    final_url: str = ""
    error: str = ""


def collect_links() -> dict[str, list[dict]]:
    """URL → the places that show it: every live page's text and fields, and the provisions."""
    places: dict[str, list[dict]] = defaultdict(list)
    for page in Page.objects.live().specific().iterator():
        text = json.dumps(page.serializable_data(), ensure_ascii=False, default=str)
        for url in sorted(set(_URL.findall(text))):
            places[url.rstrip(".,;)")].append(
                {
                    "title": page.title,
                    "admin_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                }
            )
    for provision in LegalProvision.objects.exclude(lovdata_url=""):
        places[provision.lovdata_url].append({"title": str(provision), "admin_url": ""})
    return dict(places)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _fetch(url: str, method: str, timeout: float) -> tuple[int, str]:
    """One request without following redirects: the status and the Location, if any."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "")


def check(url: str, timeout: float = 10.0) -> Outcome:
    """Fetch ``url`` (HEAD, or GET where HEAD is refused), following up to five redirects."""
    current, moved = url, False
    try:
        for _ in range(MAX_REDIRECTS + 1):
            status, location = _fetch(current, "HEAD", timeout)
            if status in (403, 405, 501):
                status, location = _fetch(current, "GET", timeout)
            if status in (301, 302, 303, 307, 308) and location:
                current, moved = urllib.parse.urljoin(current, location), True
                continue
            if status >= 400:
                return Outcome(LinkCheck.BROKEN, status, current if moved else "", f"HTTP {status}")
            return Outcome(
                LinkCheck.MOVED if moved else LinkCheck.OK, status, current if moved else ""
            )
        return Outcome(LinkCheck.BROKEN, None, current, "for mange omdirigeringer")
    except TimeoutError:
        return Outcome(LinkCheck.BROKEN, None, "", "tidsavbrudd")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return Outcome(LinkCheck.BROKEN, None, "", "tidsavbrudd")
        return Outcome(LinkCheck.BROKEN, None, "", str(reason)[:250])


def check_links(timeout: float = 10.0, workers: int = 8) -> list[LinkCheck]:
    """Check every link and store the result, replacing the last run's."""
    places = collect_links()
    urls = sorted(places)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(lambda url: check(url, timeout), urls))
    now = timezone.now()
    rows = [
        LinkCheck(
            url=url,
            outcome=outcome.outcome,
            status=outcome.status,
            final_url=outcome.final_url,
            error=outcome.error,
            checked_at=now,
            places=places[url],
        )
        for url, outcome in zip(urls, outcomes, strict=True)
    ]
    with transaction.atomic():
        LinkCheck.objects.all().delete()
        LinkCheck.objects.bulk_create(rows)
    return rows
