"""Template context every intranet page needs."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import emergency_numbers


def intranet(request):
    return {
        "emergency_numbers": SimpleLazyObject(emergency_numbers),
        "session_idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        # The warning counts from the last refresh the server surely saw (SessionActivity-
        # Middleware saves at most every INTRANET_SESSION_REFRESH_SECONDS): early, never late.
        "session_timeout": {
            "idle_seconds": settings.SESSION_COOKIE_AGE - settings.INTRANET_SESSION_REFRESH_SECONDS,
            "warning_seconds": settings.INTRANET_SESSION_WARNING_SECONDS,
            "warning_minutes": max(1, settings.INTRANET_SESSION_WARNING_SECONDS // 60),
            "refresh_seconds": settings.INTRANET_SESSION_REFRESH_SECONDS,
        },
    }
