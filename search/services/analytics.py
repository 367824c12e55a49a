"""Search statistics without personal data.

A search is counted per day as its anonymised words (see ``query._anonymise``: words the site
does not know, such as names and numbers, become «…») with a count and whether it found
anything. Nothing about who searched, from where or when in the day is stored. Entries older
than the retention period are deleted by ``python manage.py purge_search_statistics``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone

from ..models import QueryDay

DEFAULT_RETENTION_DAYS = 180


def retention_days() -> int:
    return int(getattr(settings, "SEARCH_STATISTICS_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def record_search(query: str, found_anything: bool, day: datetime.date | None = None) -> None:
    """Count one search of ``query`` (already anonymised) today.

    On PostgreSQL the count is committed without waiting for the disk: a search then does not
    wait 4–8 ms for a flush (up to 70 ms on a busy machine; docs/search.md), and a crash can
    lose at most the last fraction of a second's counts, never make them inconsistent."""
    if not query:
        return
    day = day or timezone.localdate()
    values = {"count": F("count") + 1, "zero_results": not found_anything}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        if QueryDay.objects.filter(date=day, query=query).update(**values):
            return
        try:
            with transaction.atomic():
                QueryDay.objects.create(
                    date=day, query=query, count=1, zero_results=not found_anything
                )
        except IntegrityError:  # another request created the row meanwhile
            QueryDay.objects.filter(date=day, query=query).update(**values)


def purge(days: int | None = None, today: datetime.date | None = None) -> int:
    """Delete the entries older than ``days`` days; returns how many were deleted."""
    days = retention_days() if days is None else days
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=days)
    deleted, _ = QueryDay.objects.filter(date__lt=cutoff).delete()
    return deleted


def query_totals(queryset=None):
    """One row per query: total searches, searches on days without results, days, last day."""
    queryset = QueryDay.objects.all() if queryset is None else queryset
    return queryset.values("query").annotate(
        searches=Sum("count"),
        zero_result_searches=Sum("count", filter=Q(zero_results=True), default=0),
        days=Count("date"),
        last_searched=Max("date"),
    )
