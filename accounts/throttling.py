"""Login throttling with django-axes: how attempts are counted, logged and answered."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def login_username(request, credentials) -> str | None:
    """The user name attempts are counted for, ignoring case and surrounding spaces, so that
    «Kari.Ansatt» and «kari.ansatt » share one counter."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    return username.strip().lower() if username else None


def login_attempt_description(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes to the log about an attempt: where, never who or from where."""
    path = path_info[0] if isinstance(path_info, list | tuple) else path_info
    return f'path_info: "{path}"'


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request, original_response=None, credentials=None):
    """Our login page again, with the lockout explained in Norwegian (HTTP 429)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    message = _(
        "For mange mislykkede innlogginger. Av sikkerhetshensyn er brukernavnet sperret i "
        "%(minutes)d minutter. Prøv igjen senere, eller kontakt IT-brukerstøtte hvis du har "
        "glemt passordet."
    ) % {"minutes": lockout_minutes()}
    return render(
        request,
        "registration/login.html",
        {"form": AuthenticationForm(request), "next": next_url, "lockout_message": message},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
